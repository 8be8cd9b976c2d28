// app/api/products/route.ts — not an auth route.
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const body = await request.json();
  return NextResponse.json(await prisma.product.create({ data: { name: body.name, password: undefined } }));
}
