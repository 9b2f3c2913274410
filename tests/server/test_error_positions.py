#!/usr/bin/env python3
"""Errors in a statement's text carry PostgreSQL's position, compared with PostgreSQL.

    PG_DSN='host=127.0.0.1 port=55432 user=postgres dbname=postgres' \
        FIRN_BIN=build/firn python3 tests/server/test_error_positions.py

The SQL logic tests compare SQLSTATEs and messages; this compares what psql draws under
"LINE 1:" as well: the ErrorResponse's position field (psycopg2's
diag.statement_position), with the HINT and DETAIL, for the same statements run against
Firn and PostgreSQL.
- A quoted literal read as a type (`'abc'::int`, `a = 'zz'`, INSERT ... VALUES, `date
  'bad'`, arrays, jsonb) fails where it is written, when the statement is read, whether or
  not any row would evaluate it (the table here is empty).
- LATERAL: references that a FROM item may not make point at the reference, with
  PostgreSQL's HINT or DETAIL.
Prints `N passed, M failed` last.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import OracleSchema, Server, clientlib, psycopg2  # noqa: E402

PG_DSN = os.environ.get("PG_DSN", "")

SETUP = [
    "CREATE TABLE tpos (a int, d date, j jsonb, n numeric(6, 2), xs int[])",
    "CREATE TABLE other (k int)",
]

STATEMENTS = [
    "SELECT 'abc'::int",
    "SELECT 1 + 'x'",
    "SELECT * FROM tpos WHERE a = 'zz'",
    "DELETE FROM tpos WHERE a = 'zz'",
    "UPDATE tpos SET a = 1 WHERE d < 'yesterday-ish'",
    "INSERT INTO tpos (a) VALUES ('q')",
    "INSERT INTO tpos (a, d) VALUES (1, 'notadate')",
    "INSERT INTO tpos (j) VALUES ('{\"a\": ')",
    "INSERT INTO tpos (xs) VALUES ('{1,x}')",
    "SELECT cast('1e' AS numeric)",
    "SELECT date 'bad'",
    "SELECT '{1,x}'::int[]",
    "SELECT 'maybe'::boolean",
    "SELECT '1 fortnight'::interval",
    "SELECT CASE WHEN false THEN 'x'::int END",
    "SELECT * FROM tpos t, (SELECT t.a) s",
    "SELECT * FROM tpos t, (SELECT d) s",
    "SELECT * FROM tpos t JOIN (SELECT k FROM other WHERE k = t.a) s ON true",
    "SELECT * FROM tpos t RIGHT JOIN LATERAL (SELECT k FROM other WHERE k = t.a) s ON true",
    "SELECT * FROM tpos t FULL JOIN generate_series(1, t.a) g ON true",
    "SELECT * FROM LATERAL (SELECT t.a) s, tpos t",
]


def error_of(conn, sql):
    cur = conn.cursor()
    try:
        cur.execute(sql)
    except psycopg2.Error as e:
        d = e.diag
        return (e.pgcode, d.message_primary, d.statement_position, d.message_hint,
                d.message_detail)
    return None


class ErrorPositionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.firn = cls.server.connect()
        cls.oracle = OracleSchema(PG_DSN, "error_positions")
        cls.pg = cls.oracle.conn
        for conn in (cls.firn, cls.pg):
            for sql in SETUP:
                conn.cursor().execute(sql)

    @classmethod
    def tearDownClass(cls):
        cls.oracle.close()
        cls.firn.close()
        cls.server.stop()

    def test_errors_match_postgresql_with_their_positions(self):
        for sql in STATEMENTS:
            with self.subTest(sql=sql):
                expected = error_of(self.pg, sql)
                self.assertIsNotNone(expected, "PostgreSQL accepted it")
                self.assertIsNotNone(expected[2], "PostgreSQL gave no position")
                self.assertEqual(error_of(self.firn, sql), expected)

    def test_server_keeps_serving(self):
        cur = self.firn.cursor()
        cur.execute("INSERT INTO tpos (a, d) VALUES (1, '2026-01-01')")
        cur.execute("SELECT count(*) FROM tpos WHERE a = '1'")
        self.assertEqual(cur.fetchone(), (1,))
        cur.execute("DELETE FROM tpos")


if __name__ == "__main__":
    if not PG_DSN:
        print("!!! PG_DSN is not set: every test fails (it needs the PostgreSQL oracle)")
    sys.exit(clientlib.run(ErrorPositionsTest, needs_dsn=False))
