import jwt from "jsonwebtoken";

// An assistant's "works out of the box" default hides the real secret.
const jwtSecret = process.env.JWT_SECRET || "dev-jwt-secret-7731-zq"; // want TL102

export function sign(user) {
  return jwt.sign({ sub: user.id }, process.env.SESSION_SECRET ?? "s3ss10n-fallback-key-88", { expiresIn: "15m" }); // want TL102
}
