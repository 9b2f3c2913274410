#!/usr/bin/env python3
"""CHECK constraints beyond what the SQL logic tests reach: restarts, COPY, error fields.

    FIRN_BIN=build/firn python3 tests/server/test_check_constraints.py

- Checks made by CREATE TABLE and ALTER TABLE ADD (and one dropped) are still enforced, and
  still listed, after a crash (kill -9) and after a clean restart.
- COPY of rows one of which fails a check fails as a whole.
- The 23514 error carries PostgreSQL's DETAIL (the failing row) and names its schema, table
  and constraint in the ErrorResponse fields psycopg's Diagnostics reads.
Prints `N passed, M failed` last.
"""

import io
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402


def error_of(fn):
    try:
        fn()
    except psycopg2.Error as e:
        return e
    return None


class CheckConstraintsTest(unittest.TestCase):
    def test_checks_survive_crash_and_restart(self):
        server = Server()
        try:
            server.query("CREATE TABLE acct (id int PRIMARY KEY, bal int CHECK (bal >= 0), "
                         "kind text, CONSTRAINT kind_known CHECK (kind IN ('a', 'b')))")
            server.query("INSERT INTO acct SELECT g, g, 'a' FROM generate_series(1, 2000) g")
            server.query("CHECKPOINT")
            server.query("ALTER TABLE acct ADD CONSTRAINT bal_small CHECK (bal < 5000)")
            server.query("ALTER TABLE acct DROP CONSTRAINT kind_known")
            server.kill()
            server.restart()
            bad = {"INSERT INTO acct VALUES (9001, -1, 'a')": "acct_bal_check",
                   "INSERT INTO acct VALUES (9002, 6000, 'a')": "bal_small",
                   "UPDATE acct SET bal = bal - 2 WHERE id = 1": "acct_bal_check"}
            for sql, name in bad.items():
                error = error_of(lambda: server.query(sql))
                self.assertIsNotNone(error, sql)
                self.assertEqual((error.pgcode, error.diag.constraint_name), ("23514", name), sql)
            server.query("INSERT INTO acct VALUES (9003, 3, 'z')")  # kind_known is gone
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(error_of(lambda: server.query(
                "INSERT INTO acct VALUES (9004, 7000, 'a')")).pgcode, "23514")
            self.assertEqual(server.query(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = 'acct'::regclass AND contype = 'c' ORDER BY 1"),
                [("acct_bal_check", "CHECK ((bal >= 0))"), ("bal_small", "CHECK ((bal < 5000))")])
            self.assertEqual(server.query("SELECT count(*), min(bal) FROM acct"), [(2001, 1)])
        finally:
            server.stop()

    def test_copy_with_a_failing_row_fails_as_a_whole(self):
        server = Server()
        try:
            server.query("CREATE TABLE c (id int, v int CHECK (v <> 13), "
                         "at timestamp DEFAULT '2026-01-01')")
            conn = server.connect()
            conn.autocommit = True
            cur = conn.cursor()
            rows = "".join(f"{i}\t{i}\n" for i in range(1, 5000))
            with self.assertRaises(psycopg2.Error) as caught:
                cur.copy_expert("COPY c (id, v) FROM STDIN", io.StringIO(rows))
            self.assertEqual(caught.exception.pgcode, "23514")
            self.assertEqual(caught.exception.diag.message_detail,
                             "Failing row contains (13, 13, 2026-01-01 00:00:00).")
            cur.copy_expert("COPY c (id, v) FROM STDIN", io.StringIO("1\t1\n2\t\\N\n"))
            conn.close()
            self.assertEqual(server.query("SELECT id, v FROM c ORDER BY id"), [(1, 1), (2, None)])
        finally:
            server.stop()

    def test_error_fields_name_the_constraint(self):
        server = Server()
        try:
            server.query("CREATE SCHEMA shop")
            server.query("CREATE TABLE shop.items (sku text NOT NULL, price numeric "
                         "CONSTRAINT price_positive CHECK (price > 0), note text)")
            error = error_of(lambda: server.query(
                "INSERT INTO shop.items VALUES ('x', -2.50, NULL)"))
            self.assertEqual(error.pgerror.splitlines()[0],
                             'ERROR:  new row for relation "items" violates check constraint '
                             '"price_positive"')
            self.assertEqual((error.diag.message_detail, error.diag.schema_name,
                              error.diag.table_name, error.diag.constraint_name),
                             ("Failing row contains (x, -2.50, null).", "shop", "items",
                              "price_positive"))
            error = error_of(lambda: server.query("INSERT INTO shop.items VALUES (NULL, 1, '')"))
            self.assertEqual((error.pgcode, error.diag.schema_name, error.diag.table_name,
                              error.diag.column_name), ("23502", "shop", "items", "sku"))
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(CheckConstraintsTest, needs_dsn=False))
