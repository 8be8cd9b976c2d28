"""A sqlite3 notes store with values formatted into the SQL; the fix uses ?
placeholders and a parameters tuple."""

import sqlite3

conn = sqlite3.connect("notes.db")


def note(note_id):
    cur = conn.cursor()
    cur.execute(f"SELECT title, body FROM notes WHERE id = {note_id}")  # want TL501
    return cur.fetchone()


def notes_by(author):
    return conn.execute("SELECT title FROM notes WHERE author = '%s' ORDER BY created" % author).fetchall()  # want TL501


def rename(note_id, title):
    conn.execute("UPDATE notes SET title = '{}' WHERE id = {}".format(title, note_id))  # want TL501
    conn.commit()


def discount(code):
    # 100% off codes are stored as text: the literal percent sign stays.
    return conn.execute(f"SELECT * FROM codes WHERE code = '{code}' AND label <> '100%'").fetchone()  # want TL501
