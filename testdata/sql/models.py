"""A Flask + sqlite3 data layer an assistant wrote, with values formatted
into the SQL text, next to the parameterized way."""

import sqlite3

from flask import Flask, g, jsonify, request

app = Flask(__name__)

USER_COLUMNS = "id, name, email"
SORT_COLUMNS = {"name": "name", "created": "created_at"}


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("app.db")
    return g.db


@app.route("/users/<user_id>")
def user(user_id):
    cur = get_db().cursor()
    cur.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = {user_id}")  # want TL501
    return jsonify(cur.fetchone())


@app.route("/search")
def search():
    name = request.args.get("name", "")
    cur = get_db().cursor()
    cur.execute("SELECT * FROM users WHERE name = '%s'" % name)  # want TL501
    return jsonify(cur.fetchall())


@app.route("/orders")
def orders():
    status = request.args.get("status")
    query = "SELECT * FROM orders WHERE status = '{}' ORDER BY created_at".format(status)
    rows = get_db().execute(query).fetchall()  # want TL501
    return jsonify(rows)


@app.route("/posts/<post_id>", methods=["DELETE"])
def delete_post(post_id):
    db = get_db()
    sql = "DELETE FROM posts WHERE id = " + post_id
    sql += " AND author_id = " + str(g.user_id)
    db.execute(sql)  # want TL501
    db.commit()
    return "", 204


def bulk_insert(conn, rows):
    for name, email in rows:
        conn.execute(
            f"INSERT INTO users (name, email) VALUES ('{name}', '{email}')"  # want TL501
        )


# Look-alikes that must stay silent.


@app.route("/v2/users/<int:user_id>")
def user_safe(user_id):
    cur = get_db().cursor()
    cur.execute(f"SELECT {USER_COLUMNS} FROM users WHERE id = ?", (user_id,))
    return jsonify(cur.fetchone())


@app.route("/v2/by-ids")
def by_ids():
    ids = request.args.getlist("id")
    placeholders = ", ".join("?" for _ in ids)
    rows = get_db().execute(f"SELECT * FROM users WHERE id IN ({placeholders})", ids).fetchall()
    return jsonify(rows)


@app.route("/v2/sorted")
def sorted_users():
    column = SORT_COLUMNS.get(request.args.get("sort"), "id")
    direction = "DESC" if request.args.get("dir") == "desc" else "ASC"
    rows = get_db().execute(f"SELECT * FROM users ORDER BY {column} {direction}").fetchall()
    return jsonify(rows)


@app.route("/v2/filter")
def filter_orders():
    clauses = []
    params = []
    if request.args.get("status"):
        clauses.append("status = ?")
        params.append(request.args["status"])
    sql = "SELECT * FROM orders"
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    return jsonify(get_db().execute(sql, params).fetchall())


@app.route("/v2/table/<table>")
def count_rows(table):
    if table not in ("users", "orders"):
        return "", 400
    row = get_db().execute(f"SELECT COUNT(*) FROM {table}").fetchone()
    return jsonify(row)


def describe(user_id):
    message = f"SELECT * FROM users WHERE id = {user_id}"
    print(message)
    return "Deleted user %s from the admin page" % user_id
