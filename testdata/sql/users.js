// An Express + mysql2 users API the way an assistant writes it when asked
// for "search and filters": values spliced into the SQL text.
const express = require('express');
const mysql = require('mysql2/promise');

const router = express.Router();
const pool = mysql.createPool({ host: process.env.DB_HOST, user: 'app', database: 'shop' });

const USER_COLUMNS = 'id, name, email, created_at';
const SORTABLE = { name: 'name', created: 'created_at' };

router.get('/users/:id', async (req, res) => {
  const [rows] = await pool.query(`SELECT * FROM users WHERE id = ${req.params.id}`); // want TL501
  res.json(rows[0]);
});

router.get('/search', async (req, res) => {
  const name = req.query.name;
  const [rows] = await pool.query("SELECT " + USER_COLUMNS + " FROM users WHERE name = '" + name + "'"); // want TL501
  res.json(rows);
});

router.get('/orders', async (req, res) => {
  let sql = 'SELECT * FROM orders WHERE 1 = 1';
  if (req.query.status) {
    sql += ` AND status = '${req.query.status}'`;
  }
  const [rows] = await pool.execute(sql); // want TL501
  res.json(rows);
});

router.delete('/posts/:id', async (req, res) => {
  const query = 'DELETE FROM posts WHERE id = ' + req.params.id + ' AND author_id = ' + req.user.id;
  await pool.query(query); // want TL501
  res.sendStatus(204);
});

router.get('/products', async (req, res) => {
  const term = req.query.q;
  const [rows] = await pool.query(
    `SELECT id, title FROM products WHERE title LIKE '%${term}%' ORDER BY title`, // want TL501
  );
  res.json(rows);
});

// Look-alikes that must stay silent.

router.get('/v2/users/:id', async (req, res) => {
  const [rows] = await pool.query('SELECT * FROM users WHERE id = ?', [req.params.id]);
  res.json(rows[0]);
});

router.get('/v2/columns', async (req, res) => {
  const [rows] = await pool.query('SELECT ' + USER_COLUMNS + ' FROM users');
  const [more] = await pool.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY id LIMIT 10`);
  res.json(rows.concat(more));
});

router.get('/v2/sorted', async (req, res) => {
  const column = SORTABLE[req.query.sort] || 'id';
  const direction = req.query.dir === 'desc' ? 'DESC' : 'ASC';
  const [rows] = await pool.query(`SELECT * FROM users ORDER BY ${column} ${direction}`);
  res.json(rows);
});

router.get('/v2/by-ids', async (req, res) => {
  const ids = String(req.query.ids).split(',');
  const placeholders = ids.map(() => '?').join(', ');
  const [rows] = await pool.query(`SELECT * FROM users WHERE id IN (${placeholders})`, ids);
  res.json(rows);
});

router.get('/v2/filter', async (req, res) => {
  const conditions = [];
  const params = [];
  if (req.query.status) {
    conditions.push('status = ?');
    params.push(req.query.status);
  }
  if (req.query.since) {
    conditions.push('created_at >= ?');
    params.push(req.query.since);
  }
  let sql = 'SELECT * FROM orders';
  if (conditions.length) {
    sql += ' WHERE ' + conditions.join(' AND ');
  }
  const [rows] = await pool.query(sql, params);
  res.json(rows);
});

router.get('/v2/table', async (req, res) => {
  const allowed = ['users', 'orders'];
  const table = req.query.table;
  if (!allowed.includes(table)) {
    return res.status(400).end();
  }
  const [rows] = await pool.query(`SELECT COUNT(*) AS n FROM ${table}`);
  res.json(rows[0]);
});

function logQuery(userId) {
  console.log(`SELECT * FROM users WHERE id = ${userId}`);
  const message = 'Deleted user ' + userId + ' from the admin page';
  return message;
}

router.get('/v2/page', async (req, res) => {
  const url = `${process.env.API_URL}/users?select=name&from=${req.query.from}`;
  const response = await fetch(url);
  res.json(await response.json());
});

module.exports = { router, logQuery };
