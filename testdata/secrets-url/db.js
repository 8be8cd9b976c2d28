// Database and service connections, the way an assistant writes them
// when the prompt says "connect to our production database".
const { Pool } = require("pg");
const mongoose = require("mongoose");
const Redis = require("ioredis");
const amqp = require("amqplib");
const nodemailer = require("nodemailer");

const pool = new Pool({
  connectionString: "postgres://app_user:Xk9#mQ2vLp7w@db.prod-cluster.internal:5432/app", // want TL104
});

mongoose.connect("mongodb+srv://admin:R8tYq3mNp2Lk@cluster0.a1b2c.mongodb.net/shop?retryWrites=true&w=majority"); // want TL104

const redis = new Redis("rediss://default:AVNS_k2Jx9Qw7RtY4@redis-14532.c1.us-east-1-2.ec2.cloud.redislabs.com:14532"); // want TL104

const conn = amqp.connect("amqps://worker:Hq7vN2pX9sLk@rabbit.mq.eu-west-1.amazonaws.com:5671"); // want TL104

const transporter = nodemailer.createTransport("smtps://mailer%40acme.io:fT6wQ9zR3yUe@smtp.mailgun.org:465"); // want TL104

const mysqlUrl = "mysql://root:Str0ngPassw0rd!@10.0.4.12:3306/inventory"; // want TL104

const legacyFtp = "ftp://deploy:u7Yh3Kd9Qa2w@files.acme-corp.net/uploads"; // want TL104

// A strong password on a local database is still a password in the repo.
const localProd = "mysql://root:K8svPq2LmW4z@localhost:3306/app"; // want TL104

// An env fallback that hides the production URL.
const databaseUrl = process.env.DATABASE_URL || "postgresql://svc:Jp4nW8qZt2Vx@pg.acme-prod.com/main"; // want TL104

// HTTP basic auth in the URL.
fetch("https://api_user:9fKq2LmX7vTz@api.partner-service.io/v1/orders"); // want TL104

// A provider token as the password: TL101 names the provider, TL104 stays quiet.
const remote = "https://x-access-token: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@github.com/acme/app.git"; // want TL101

// A password-named variable holding a URL: one TL104, no TL102.
const dbPassword = "postgres://app:Xk9mQ2vLp7wR@db.prod-cluster.internal/app"; // want TL104

// --- must stay silent ---

// Local development without a password, or with the image's defaults.
const local = "postgres://localhost:5432/dev";
const localUser = "postgres://postgres@localhost/dev";
const compose = "postgres://postgres:postgres@db:5432/app";
const rabbitDev = "amqp://guest:guest@localhost:5672";
const redisLocal = "redis://127.0.0.1:6379/0";

// Templates and placeholders.
const templated = `postgres://${process.env.DB_USER}:${process.env.DB_PASS}@${process.env.DB_HOST}/app`;
const mustache = "mongodb://{{user}}:{{password}}@{{host}}:27017/db";
const angle = "mysql://user:<password>@db.acme-prod.com/app";
const dollar = "postgres://app:$DB_PASSWORD@db.acme-prod.com/app";
const placeholder1 = "postgres://user:password@db.acme-prod.com/app";
const placeholder2 = "postgres://admin:changeme@db.acme-prod.com/app";
const placeholder3 = "redis://:secret@cache.acme-prod.com:6379";
const masked = "mongodb://admin:****@cluster0.a1b2c.mongodb.net/shop";
const masked2 = "amqp://worker:xxx@rabbit.acme-prod.com";

// Documentation hosts.
const docs = "postgres://alice:Xk9mQ2vLp7wR@db.example.com/app";
const docs2 = "https://bob:9fKq2LmX7vTz@api.example.org/v1";
const testTld = "mysql://root:Str0ngPassw0rd@mysql.test/app";
const invalidTld = "redis://default:k2Jx9Qw7RtY4@cache.invalid:6379";

// URLs without a password, or where @ is not userinfo.
const plain = "https://api.partner-service.io/v1/orders";
const withUser = "https://git@github.com/acme/repo.git";
const atInPath = "https://medium.com/@someone/post";
const email = "mailto:support@acme.io";
const npmScope = "https://registry.npmjs.org/@acme/sdk";
