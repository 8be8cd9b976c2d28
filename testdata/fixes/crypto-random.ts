// Tokens from Math.random in TypeScript; the fix imports crypto.
import { createHash } from "crypto";

export function newSessionId(): string {
  const sessionId = Math.random().toString(36).slice(2); // want TL304
  return sessionId;
}

export function verificationCode(): number {
  return Math.floor(Math.random() * 1000000); // want TL304
}

export function digest(s: string): string {
  return createHash("sha256").update(s).digest("hex");
}
