// Queries an assistant built from strings on mysql2, each rewritten by
// the fix into a parameterized query with ? placeholders.
const mysql = require('mysql2');

const connection = mysql.createConnection({ host: process.env.DB_HOST, user: 'app', database: 'shop' });

function findUser(id, callback) {
  connection.query(`SELECT * FROM users WHERE id = ${id}`, callback); // want TL501
}

function findByEmail(email, callback) {
  connection.query("SELECT id, name FROM users WHERE email = '" + email + "' LIMIT 1", (err, rows) => { // want TL501
    callback(err, rows && rows[0]);
  });
}

function rename(id, name) {
  const sql = `UPDATE users SET name = '${name}' WHERE id = ${id}`;
  return connection.promise().query(sql); // want TL501
}

function addUser(name, email) {
  return connection.promise().execute(`INSERT INTO users (name, email) VALUES ('${name}', '${email}')`); // want TL501
}

// Not fixable mechanically: a LIKE pattern and an identifier.
function search(term, column) {
  return connection.promise().query(`SELECT * FROM products WHERE title LIKE '%${term}%' ORDER BY ${column}`); // want TL501
}

module.exports = { findUser, findByEmail, rename, addUser, search };
