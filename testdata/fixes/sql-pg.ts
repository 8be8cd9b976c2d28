// A node-postgres repository with values spliced into the SQL; the fix
// rewrites each into $1, $2 placeholders with a values array.
import { Pool } from "pg";

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export interface Order {
  id: string;
  status: string;
  total: number;
}

export async function ordersFor(customerId: string, status: string): Promise<Order[]> {
  const { rows } = await pool.query<Order>(`SELECT id, status, total FROM orders WHERE customer_id = '${customerId}' AND status = '${status}'`); // want TL501
  return rows;
}

export async function cancel(orderId: string): Promise<void> {
  await pool.query("UPDATE orders SET status = 'cancelled' WHERE id = '" + orderId + "'"); // want TL501
}

export async function recent(limit: number): Promise<Order[]> {
  const result = await pool.query<Order>(`SELECT id, status, total FROM orders ORDER BY created_at DESC LIMIT ${limit}`); // want TL501
  return result.rows;
}
