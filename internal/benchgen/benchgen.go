// Package benchgen generates realistic source files of a requested size in
// each language trustlint analyses, for benchmarks and the latency harness:
// web handlers, database access, crypto and configuration code of the kind
// AI assistants write, with a few security findings sprinkled in so the
// diagnostics are never trivially empty.
package benchgen

import (
	"fmt"
	"strings"
)

// Lang names a generated language: "javascript", "typescript", "go" or
// "python" (the LSP language identifiers).
type Lang string

// The languages Generate knows.
const (
	JavaScript Lang = "javascript"
	TypeScript Lang = "typescript"
	Go         Lang = "go"
	Python     Lang = "python"
)

// Langs lists the generated languages in a stable order.
// liveKeyPrefix starts the live-looking Stripe keys the generated files
// plant every tenth block; it is built in two pieces so that no key-shaped
// literal stands in the source outside testdata.
const liveKeyPrefix = "sk_" + "live_51HxQk2eZvKYlo2C8n3pT7rWq9vX"

func Langs() []Lang { return []Lang{JavaScript, TypeScript, Go, Python} }

// Ext returns the file extension of l, with its dot.
func (l Lang) Ext() string {
	switch l {
	case TypeScript:
		return ".ts"
	case Go:
		return ".go"
	case Python:
		return ".py"
	}
	return ".js"
}

// Generate returns a file of at least lines lines in language l. The output
// is deterministic. Every tenth block holds a real finding (a
// hard-coded API key, SQL built by concatenation, MD5 for passwords).
func Generate(l Lang, lines int) []byte {
	var b strings.Builder
	head, block := templates(l)
	b.WriteString(head)
	n := strings.Count(head, "\n")
	for i := 0; n < lines; i++ {
		s := block(i)
		b.WriteString(s)
		n += strings.Count(s, "\n")
	}
	return []byte(b.String())
}

// Statement is a line of code in l, without indentation, that the
// latency benchmarks type character by character into a function body.
func Statement(l Lang) string {
	switch l {
	case Go:
		return "total := len(out) * 2"
	case Python:
		return "total = len(items) * 2"
	}
	return "const total = items.length * 2;"
}

// Paste returns a block of about n lines of l, as an assistant's accepted
// suggestion, to be inserted between two top-level declarations. seed
// varies the names.
func Paste(l Lang, n, seed int) string {
	_, block := templates(l)
	var b strings.Builder
	for i := 0; strings.Count(b.String(), "\n") < n; i++ {
		b.WriteString(block(100000 + seed*100 + i))
	}
	return b.String()
}

func templates(l Lang) (string, func(int) string) {
	switch l {
	case TypeScript:
		return tsHead, tsBlock
	case Go:
		return goHead, goBlock
	case Python:
		return pyHead, pyBlock
	}
	return jsHead, jsBlock
}

const jsHead = `import express from "express";
import jwt from "jsonwebtoken";
import crypto from "crypto";
import { Pool } from "pg";
import bcrypt from "bcrypt";

const app = express();
app.use(express.json());
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const JWT_SECRET = process.env.JWT_SECRET;

`

func jsBlock(i int) string {
	extra := ""
	switch {
	case i%10 == 3:
		extra = fmt.Sprintf("  const apiKey%d = \"%s%04d\";\n", i, liveKeyPrefix, i%10000)
	case i%10 == 6:
		extra = fmt.Sprintf("  const rows%d = await pool.query(\"SELECT * FROM users WHERE name = '\" + req.query.name + \"'\");\n", i)
	case i%10 == 33:
		extra = "  const digest = crypto.createHash(\"md5\").update(req.body.password).digest(\"hex\");\n"
	}
	return fmt.Sprintf(`/**
 * Lists the orders of customer %[1]d, newest first.
 */
async function listOrders%[1]d(req, res) {
  const { page = 1, limit = 20 } = req.query;
  const offset = (Number(page) - 1) * Number(limit);
%[2]s  try {
    const { rows } = await pool.query(
      "SELECT id, total, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3",
      [req.params.id, limit, offset],
    );
    const items = rows.map((r) => ({ id: r.id, total: Number(r.total).toFixed(2), label: `+"`order #${r.id}`"+` }));
    if (items.length === 0) {
      return res.status(404).json({ error: "no orders for customer %[1]d" });
    }
    res.json({ items, page: Number(page), count: items.length });
  } catch (err) {
    console.error("listOrders%[1]d failed", err);
    res.status(500).json({ error: "internal error" });
  }
}

function signSession%[1]d(user) {
  const token = jwt.sign({ sub: user.id, role: user.role }, JWT_SECRET, { expiresIn: "1h" });
  return { token, expires: Date.now() + 3600 * 1000, nonce: crypto.randomBytes(16).toString("hex") };
}

app.get("/customers/:id/orders/%[1]d", listOrders%[1]d);

`, i, extra)
}

const tsHead = `import express, { Request, Response } from "express";
import jwt from "jsonwebtoken";
import crypto from "crypto";
import { Pool } from "pg";

const app = express();
app.use(express.json());
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

interface Order {
  id: number;
  total: string;
  createdAt: Date;
}

`

func tsBlock(i int) string {
	extra := ""
	switch {
	case i%10 == 3:
		extra = fmt.Sprintf("  const apiKey%d: string = \"%s%04d\";\n", i, liveKeyPrefix, i%10000)
	case i%10 == 6:
		extra = fmt.Sprintf("  const bad%d = await pool.query(`SELECT * FROM users WHERE email = '${req.body.email}'`);\n", i)
	case i%10 == 33:
		extra = "  const digest = crypto.createHash(\"md5\").update(req.body.password).digest(\"hex\");\n"
	}
	return fmt.Sprintf(`type Page%[1]d = { items: Order[]; page: number; count: number };

export async function listOrders%[1]d(req: Request, res: Response): Promise<void> {
  const page = Number(req.query.page ?? 1);
  const limit = Math.min(Number(req.query.limit ?? 20), 100);
%[2]s  try {
    const { rows } = await pool.query<Order>(
      "SELECT id, total, created_at AS \"createdAt\" FROM orders WHERE customer_id = $1 LIMIT $2 OFFSET $3",
      [req.params.id, limit, (page - 1) * limit],
    );
    const body: Page%[1]d = { items: rows, page, count: rows.length };
    if (body.count === 0) {
      res.status(404).json({ error: "no orders for customer %[1]d" });
      return;
    }
    res.json(body);
  } catch (err: unknown) {
    console.error(`+"`listOrders%[1]d failed: ${String(err)}`"+`);
    res.status(500).json({ error: "internal error" });
  }
}

export function signSession%[1]d(user: { id: string; role: string }): string {
  const secret = process.env.JWT_SECRET as string;
  return jwt.sign({ sub: user.id, role: user.role }, secret, { expiresIn: "1h" });
}

app.get("/customers/:id/orders/%[1]d", listOrders%[1]d);

`, i, extra)
}

const goHead = `package orders

import (
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"os"
	"strconv"
	"time"
)

var db *sql.DB

var _ = md5.Sum
var _ = hex.EncodeToString
var _ = fmt.Sprintf
var _ = os.Getenv

`

func goBlock(i int) string {
	extra := ""
	switch {
	case i%10 == 3:
		extra = fmt.Sprintf("\tapiKey%d := \"%s%04d\"\n\t_ = apiKey%d\n", i, liveKeyPrefix, i%10000, i)
	case i%10 == 6:
		extra = fmt.Sprintf("\tbad%d, _ := db.Query(\"SELECT * FROM users WHERE name = '\" + r.URL.Query().Get(\"name\") + \"'\")\n\t_ = bad%d\n", i, i)
	case i%10 == 33:
		extra = "\tsum := md5.Sum([]byte(r.FormValue(\"password\")))\n\t_ = hex.EncodeToString(sum[:])\n"
	}
	return fmt.Sprintf(`// Order%[1]d is one row of the orders table.
type Order%[1]d struct {
	ID        int64     `+"`json:\"id\"`"+`
	Total     string    `+"`json:\"total\"`"+`
	CreatedAt time.Time `+"`json:\"createdAt\"`"+`
}

// ListOrders%[1]d writes the customer's orders as JSON, newest first.
func ListOrders%[1]d(w http.ResponseWriter, r *http.Request) {
	limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || limit <= 0 || limit > 100 {
		limit = 20
	}
%[2]s	rows, err := db.QueryContext(r.Context(),
		"SELECT id, total, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2",
		r.PathValue("id"), limit)
	if err != nil {
		log.Printf("ListOrders%[1]d: %%v", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
	var out []Order%[1]d
	for rows.Next() {
		var o Order%[1]d
		if err := rows.Scan(&o.ID, &o.Total, &o.CreatedAt); err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		out = append(out, o)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"items": out, "count": len(out)})
}

`, i, extra)
}

const pyHead = `import hashlib
import os
import sqlite3
from datetime import datetime, timedelta

import jwt
from flask import Flask, jsonify, request

app = Flask(__name__)
db = sqlite3.connect(os.environ["DATABASE_PATH"], check_same_thread=False)
JWT_SECRET = os.environ["JWT_SECRET"]

`

func pyBlock(i int) string {
	extra := ""
	switch {
	case i%10 == 3:
		extra = fmt.Sprintf("    api_key_%d = \"%s%04d\"\n", i, liveKeyPrefix, i%10000)
	case i%10 == 6:
		extra = fmt.Sprintf("    bad_%d = db.execute(\"SELECT * FROM users WHERE name = '\" + request.args[\"name\"] + \"'\")\n", i)
	case i%10 == 33:
		extra = "    digest = hashlib.md5(request.form[\"password\"].encode()).hexdigest()\n"
	}
	return fmt.Sprintf(`@app.route("/customers/<int:customer_id>/orders/%[1]d")
def list_orders_%[1]d(customer_id):
    """Lists the customer's orders, newest first."""
    page = int(request.args.get("page", 1))
    limit = min(int(request.args.get("limit", 20)), 100)
%[2]s    cur = db.execute(
        "SELECT id, total, created_at FROM orders WHERE customer_id = ? ORDER BY created_at DESC LIMIT ? OFFSET ?",
        (customer_id, limit, (page - 1) * limit),
    )
    items = [{"id": r[0], "total": f"{r[1]:.2f}", "label": f"order #{r[0]}"} for r in cur.fetchall()]
    if not items:
        return jsonify({"error": "no orders for customer %[1]d"}), 404
    return jsonify({"items": items, "page": page, "count": len(items)})


def sign_session_%[1]d(user):
    payload = {"sub": user["id"], "role": user["role"], "exp": datetime.utcnow() + timedelta(hours=1)}
    return jwt.encode(payload, JWT_SECRET, algorithm="HS256")


`, i, extra)
}
