import { PrismaClient } from "@prisma/client";
import { createClient } from "redis";
import { DataSource } from "typeorm";

export const prisma = new PrismaClient({
  datasources: { db: { url: "postgresql://prisma:Zq8vB3nM6tLw@aws-0-us-east-1.pooler.supabase.com:6543/postgres" } }, // want TL104
});

const client = createClient({ url: "redis://default:Mn4bV8cX2zQp@redis.acme-prod.com:6379" }); // want TL104

export const dataSource = new DataSource({
  type: "mariadb",
  url: "mariadb://shop:Lk3jH8gF5dSa@mariadb.acme-prod.com:3306/shop", // want TL104
});

const webhookUrl: string = "https://hooks:W7eR4tY1uI9o@hooks.partner.io/incoming"; // want TL104

// --- silent ---
const fromEnv: string = process.env.DATABASE_URL!;
const typed: string = `mysql://${user}:${password}@${host}:3306/app`;
const example: string = "postgresql://janedoe:mypassword@localhost:5432/mydb?schema=public";
const docsTs: string = "mongodb://user:pass@host:27017/db";
const local: string = "mysql://root:root@127.0.0.1:3306/test";
