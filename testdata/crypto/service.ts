// A TypeScript auth service an assistant scaffolded.
import { createCipheriv, createHash, createHmac, randomBytes } from "crypto";
import jwt from "jsonwebtoken";
import https from "https";

const IV = Buffer.from("1234567890123456");

export function encryptField(value: string, key: Buffer): string {
  const cipher = createCipheriv("aes-256-cbc", key, IV); // want TL302
  return cipher.update(value, "utf8", "hex") + cipher.final("hex");
}

export function encryptBlowfish(value: string, key: Buffer): Buffer {
  const cipher = createCipheriv("bf-cbc", key, randomBytes(8)); // want TL301
  return Buffer.concat([cipher.update(value), cipher.final()]);
}

export function issueToken(userId: string): string {
  return jwt.sign({ sub: userId }, "super-secret-jwt-key", { expiresIn: "15m" }); // want TL303
}

export function signBody(body: string): string {
  const hmacKey = Buffer.from("6b1f0c9a2e8d4f7b3a5c1e9d7f2b4a6c", "hex"); // want TL102
  return createHmac("sha256", hmacKey).update(body).digest("hex");
}

export function signBodyInline(body: string): string {
  return createHmac("sha256", "6b1f0c9a2e8d4f7b3a5c1e9d7f2b4a6c").update(body).digest("hex"); // want TL303
}

export function newSessionId(): string {
  const sessionId = Math.random().toString(36).slice(2); // want TL304
  return sessionId;
}

export function verificationCode(): number {
  return Math.floor(Math.random() * 1000000); // want TL304
}

export const insecureAgent = new https.Agent({ rejectUnauthorized: false }); // want TL305

export function legacySignature(payload: string, secret: string): string {
  return createHash("sha1").update(secret + payload).digest("hex"); // want TL306
}

// Look-alikes.
export function etag(body: string): string {
  return createHash("md5").update(body).digest("hex");
}

export function jitteredDelay(base: number): number {
  return base + Math.random() * base;
}

export function randomId(): string {
  return Math.random().toString(36).slice(2, 10);
}

export function secureToken(): string {
  return randomBytes(32).toString("base64url");
}
