// A TypeScript reporting service on node-postgres, Prisma and knex, as an
// assistant scaffolds it.
import { Pool } from "pg";
import { PrismaClient, Prisma } from "@prisma/client";
import knex from "knex";

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const prisma = new PrismaClient();
const db = knex({ client: "pg", connection: process.env.DATABASE_URL });

const REPORT_TABLE = "monthly_reports";

export async function reportFor(orgId: string, month: string) {
  const { rows } = await pool.query(`SELECT * FROM ${REPORT_TABLE} WHERE org_id = '${orgId}' AND month = '${month}'`); // want TL501
  return rows;
}

export async function invoices(customerId: string) {
  return prisma.$queryRawUnsafe(`SELECT * FROM invoices WHERE customer_id = '${customerId}'`); // want TL501
}

export async function archive(ids: string[]) {
  await prisma.$executeRawUnsafe("UPDATE invoices SET archived = true WHERE id IN (" + ids.join(",") + ")"); // want TL501
}

export async function search(term: string) {
  return db("products").whereRaw(`name ILIKE '%${term}%'`); // want TL501
}

export async function totals(region: string) {
  const sql = `SELECT region, SUM(amount) AS total FROM sales WHERE region = '${region}' GROUP BY region`;
  const result = await pool.query(sql); // want TL501
  return result.rows;
}

// Look-alikes that must stay silent.

export async function reportForSafe(orgId: string, month: string) {
  const { rows } = await pool.query(`SELECT * FROM ${REPORT_TABLE} WHERE org_id = $1 AND month = $2`, [orgId, month]);
  return rows;
}

export async function invoicesSafe(customerId: string) {
  return prisma.$queryRaw`SELECT * FROM invoices WHERE customer_id = ${customerId}`;
}

export async function invoicesSql(customerId: string) {
  return prisma.$queryRaw(Prisma.sql`SELECT * FROM invoices WHERE customer_id = ${customerId}`);
}

export async function searchSafe(term: string) {
  return db("products").whereRaw("name ILIKE ?", [`%${term}%`]).orderBy("name");
}

export async function byStatus(status: string) {
  return db("orders").where("status", status).select("id", "total");
}

export async function countAll(): Promise<number> {
  const { rows } = await pool.query("SELECT COUNT(*) AS n FROM " + REPORT_TABLE);
  return Number(rows[0].n);
}

export function describe(region: string): string {
  return `SELECT region FROM sales WHERE region = '${region}'`;
}

export async function cached(key: string) {
  const cache = new Map<string, string>();
  return cache.get(`report:${key}`);
}
