"""A psycopg2 repository with values formatted into the SQL; the fix uses
%s placeholders and doubles the literal percent signs that remain."""

import psycopg2

conn = psycopg2.connect(dbname="shop")


def customer(email):
    with conn.cursor() as cur:
        cur.execute(f"SELECT id, name FROM customers WHERE email = '{email}'")  # want TL501
        return cur.fetchone()


def big_discounts(min_percent):
    with conn.cursor() as cur:
        cur.execute("SELECT code FROM coupons WHERE label LIKE '%%off' AND percent >= %d" % min_percent)  # want TL501
        return cur.fetchall()


def log_event(kind, payload):
    with conn.cursor() as cur:
        sql = "INSERT INTO events (kind, payload) VALUES ('{}', '{}')".format(kind, payload)
        cur.execute(sql)  # want TL501
    conn.commit()
