import jwt from "jsonwebtoken";

export function checkApiKey(header: string | undefined, expectedApiKey: string): boolean {
  return header !== undefined && header === expectedApiKey; // want TL202
}

export function sign(userId: string): string {
  return jwt.sign({ sub: userId }, process.env.JWT_SECRET!, { algorithm: "HS256" }); // want TL205
}

export function signBare(userId: string): string {
  return jwt.sign({ sub: userId }, process.env.JWT_SECRET!); // want TL205
}
