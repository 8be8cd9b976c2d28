const mysql = require("mysql2/promise");
const jwt = require("jsonwebtoken");

const dbPassword = "hunter2"; // want TL102
const DB_PASS = "s3cr3tP@ss"; // want TL102
let adminPassword;
adminPassword = "admin123"; // want TL102

const pool = mysql.createPool({
  host: "localhost",
  user: "root",
  password: "Tr0ub4dor&3", // want TL102
  database: "shop",
});

class PaymentService {
  constructor() {
    this.apiKey = "c2a9f4e1b7d84a0fa3e6"; // want TL102
    this.baseUrl = "https://api.payments.example.com/v1";
  }
}

const config = {};
config.secret = "keyboard-cat-42"; // want TL102
config["client_secret"] = "f81d4fae7dec11d0a765"; // want TL102

function connect(user, password = "letmein99") { // want TL102
  return { user, password };
}

function sign(user) {
  // AI default: a fallback secret when the env var is missing.
  const secret = process.env.JWT_SECRET || "dev-jwt-secret-7731"; // want TL102
  return jwt.sign({ sub: user.id }, secret, { expiresIn: "1h" });
}

const sessionSecret = process.env.SESSION_SECRET ?? "";
const redisPassword = process.env.REDIS_PASSWORD || "";
const session = require("express-session");
const sessionMiddleware = session({ secret: "keyboard cat", resave: false }); // want TL102
const loginForm = { password: "Enter your password", token: "not set yet" };
const joseSecret = new TextEncoder().encode("my-jose-secret-2024"); // want TL102
const hmacKey = Buffer.from("c2VjcmV0LWtleS0xMjM0NTY=", "base64"); // want TL102
const passportOpts = { secretOrKey: "s3cr3t-jwt-k3y", jwtFromRequest: extractor }; // want TL102
const smtp = { auth: { user: "mailer", pass: "qL9#vX2!mT" } }; // want TL102

module.exports = { pool, PaymentService, connect, sign, dbPassword, DB_PASS, config, sessionSecret, redisPassword, smtp };
