// Keys pasted into crypto calls in TypeScript; the fix keeps the types.
import { createHmac } from "crypto";

export function signBody(body: string): string {
  return createHmac("sha256", "6b1f0c9a2e8d4f7b3a5c1e9d7f2b4a6c").update(body).digest("hex"); // want TL303
}
