// Express login and API client code with the debug output an assistant
// leaves behind.
const express = require("express");
const winston = require("winston");
const pino = require("pino")();
const debug = require("debug")("app:auth");

const logger = winston.createLogger({ level: "info" });
const stripeKey = process.env.STRIPE_SECRET_KEY;
const githubToken = process.env.GITHUB_TOKEN;
const region = process.env.AWS_REGION;

const app = express();

app.post("/login", async (req, res) => { // want TL207
  const { email, password } = req.body;
  console.log("Login attempt:", email, password); // want TL105
  console.log(`Login for ${email} with password ${req.body.password}`); // want TL105
  logger.info("login " + email + " pw=" + password); // want TL105
  debug("auth header %s", req.headers.authorization); // want TL105
  const auth = req.headers["authorization"];
  pino.info({ auth }, "incoming request"); // want TL105
  console.log("cookie:", req.get("Cookie")); // want TL105
  const user = await findUser(email);
  if (!user) {
    throw new Error(`Invalid credentials for ${email}: ${password}`); // want TL105
  }
  const token = signToken(user);
  console.log("Issued token", token); // want TL105
  logger.debug({ userId: user.id, accessToken: token }); // want TL105
  res.json({ token });
});

function callStripe() {
  console.log("Using Stripe key", stripeKey); // want TL105
  console.error(`GitHub token: ${githubToken}`); // want TL105
  const key = process.env.OPENAI_API_KEY;
  this.logger.warn("OpenAI key=%s", key); // want TL105
  console.log("apiKey:", process.env.OPENAI_API_KEY); // want TL105
  console.log(JSON.stringify({ password: user.password })); // want TL105
}

function misc(refreshToken) {
  const gh = "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"; // want TL101
  console.log("gh", gh); // want TL105
  console.log("refresh", refreshToken ?? "none"); // want TL105
  console.log(JSON.stringify({ token: tokenId, password: passwordHash }));
}

// --- must stay silent ---

function safe(req, token, password, apiKey, user) {
  console.log("Password reset email sent to", req.body.email);
  console.log("token present:", !!token);
  console.log("token length", token.length);
  console.log(`Using key ending in ${apiKey.slice(-4)}`);
  console.log("masked", mask(token), redact(password));
  logger.info("hasPassword", Boolean(password));
  logger.info({ tokenType: "Bearer", tokenExpiry: user.tokenExpiry });
  const passwordLength = password.length;
  console.log("passwordLength", passwordLength);
  const isTokenValid = verify(token);
  console.log("isTokenValid", isTokenValid);
  console.log("region", region);
  console.log(user.password ? "has password" : "no password");
  console.log(typeof token);
  console.log("token expires at", user.tokenExpiresAt);
  console.log("csrf", req.csrfToken);
  console.log("hashedPassword", user.hashedPassword);
  console.warn("Missing API key: set OPENAI_API_KEY");
  throw new Error("Invalid token");
}

const PASSWORD_MIN_LENGTH = 12;
console.log("min", PASSWORD_MIN_LENGTH);
const tokenLabel = "token";
console.log(tokenLabel);
