const { Pool } = require("pg");
const Redis = require("ioredis");

const pool = new Pool({
  connectionString: "postgres://app_user:Xk9mQ2vLp7wR@db.prod-cluster.internal:5432/app", // want TL104
});

const redisUrl = "rediss://default:AVNSk2Jx9Qw7RtY4@redis-14532.c1.cloud.redislabs.com:14532"; // want TL104
const redis = new Redis(redisUrl);

const databaseUrl = process.env.DATABASE_URL || "postgresql://svc:Jp4nW8qZt2Vx@pg.acme-prod.com/main"; // want TL104

async function orders() {
  const res = await fetch("https://api_user:9fKq2LmX7vTz@api.partner-service.io/v1/orders"); // want TL104
  return res.json();
}

module.exports = { pool, redis, databaseUrl, orders };
