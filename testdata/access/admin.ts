// A Next.js-style admin API in TypeScript with Prisma.
import { PrismaClient } from "@prisma/client";
import type { NextApiRequest, NextApiResponse } from "next";

const prisma = new PrismaClient();

interface SessionUser {
  id: string;
  role: "admin" | "member";
  orgId: string;
}

export async function listProjects(user: SessionUser) {
  if (user.role === "admin") { // want TL401
    return prisma.project.findMany();
  }
  return prisma.project.findMany({ where: { members: { some: { userId: user.id } } } });
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const isAdmin = req.query.isAdmin === "true";
  if (isAdmin) { // want TL401
    const allCustomers = await prisma.customer.findMany();
    return res.status(200).json(allCustomers);
  }
  res.status(403).end();
}

// Look-alikes that must stay silent.

export async function listProjectsScoped(user: SessionUser) {
  if (user.role === "admin") {
    return prisma.project.findMany({ where: { orgId: user.orgId } });
  }
  return [];
}

export function canSeeBilling(user: SessionUser): boolean {
  if (user.role === "admin") {
    return true;
  }
  return false;
}
