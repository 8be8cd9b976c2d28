// Auth helpers an assistant wrote for a Next.js API route.
import bcrypt from "bcryptjs";
import jwt from "jsonwebtoken";
import { createHmac, timingSafeEqual } from "crypto";

const ROUNDS = 8;

interface User {
  id: string;
  email: string;
  passwordHash: string;
  apiKey: string;
}

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, ROUNDS); // want TL201
}

export function hashPasswordSync(password: string): string {
  return bcrypt.hashSync(password, 12);
}

export async function verifyPassword(user: User, password: string): Promise<boolean> {
  const hashed = await bcrypt.hash(password, 10); // want TL201
  return hashed === user.passwordHash; // want TL203
}

export async function verifyPasswordRight(user: User, password: string): Promise<boolean> {
  return bcrypt.compare(password, user.passwordHash);
}

export function verifySignature(body: string, signature: string, secret: string): boolean {
  const digest = createHmac("sha256", secret).update(body).digest("hex");
  return digest === signature; // want TL202
}

export function verifySignatureRight(body: string, signature: string, secret: string): boolean {
  const digest = Buffer.from(createHmac("sha256", secret).update(body).digest("hex"));
  const given = Buffer.from(signature);
  return digest.length === given.length && timingSafeEqual(digest, given);
}

export function checkApiKey(user: User, apiKey: string | undefined): boolean {
  if (apiKey === undefined || apiKey.length === 0) {
    return false;
  }
  return user.apiKey === apiKey; // want TL202
}

export function signSession(user: User): string {
  return jwt.sign({ sub: user.id, email: user.email }, process.env.JWT_SECRET!); // want TL205
}

export function signSessionRight(user: User): string {
  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET!, { expiresIn: "15m" });
}

export function readSession(token: string) {
  const payload = jwt.decode(token) as { sub: string } | null; // want TL206
  return payload?.sub;
}

export function counts(usage: { promptTokens: number; maxTokens: number }, tokenType: string): boolean {
  return usage.promptTokens === usage.maxTokens || tokenType === "Bearer";
}
