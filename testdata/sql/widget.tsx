// A React admin widget calls an API; SQL-looking text in the UI is not a
// query.
import React from "react";

export function QueryPreview({ table, id }: { table: string; id: string }) {
  const preview = `SELECT * FROM ${table} WHERE id = ${id}`;
  return <pre title={`query for ${table}`}>{preview}</pre>;
}

export async function loadRows(db: { query: (sql: string, params?: unknown[]) => Promise<unknown> }, id: string) {
  return db.query(`SELECT * FROM widgets WHERE id = ${id}`); // want TL501
}
