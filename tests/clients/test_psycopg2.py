#!/usr/bin/env python3
"""Real-client tests with psycopg2 (libpq): run against the server named by env FIRN_DSN.

    FIRN_DSN='host=127.0.0.1 port=5432 user=firn dbname=firn' python3 tests/clients/test_psycopg2.py

Covers: connecting, simple queries, client-side parameters, executemany, COPY FROM STDIN /
TO STDOUT (text and CSV with HEADER), SQLSTATE -> exception class mapping, and psycopg2's
implicit transactions (autocommit off). Every test uses its own table names. The last line
printed is `N passed, M failed` (test cases); the exit status is non-zero on any failure.
"""

import io
import sys
import unittest
import uuid


import clientlib
try:
    import psycopg2
    import psycopg2.errors
    import psycopg2.extras
except ImportError:  # Debian's python3 has the packages
    clientlib.use_system_python()
    raise

DSN = clientlib.DSN


def connect(autocommit=True):
    """A new connection to FIRN_DSN."""
    conn = psycopg2.connect(DSN, connect_timeout=10)
    conn.autocommit = autocommit
    return conn


class Psycopg2Test(unittest.TestCase):
    """One connection (autocommit on) per test; `table` is a fresh table name for it."""

    def setUp(self):
        self.conn = connect()
        self.cur = self.conn.cursor()
        self.table = f"p2_{self._testMethodName}"
        self.cur.execute(f"DROP TABLE IF EXISTS {self.table}")

    def tearDown(self):
        if not self.conn.closed:
            self.conn.rollback()
            self.conn.autocommit = True
            self.cur.execute(f"DROP TABLE IF EXISTS {self.table}")
            self.conn.close()

    def create(self, columns="id int, name text"):
        """Creates this test's table."""
        self.cur.execute(f"CREATE TABLE {self.table} ({columns})")

    def rows(self, sql="SELECT * FROM {t} ORDER BY 1"):
        """All rows of `sql`, where {t} is this test's table."""
        self.cur.execute(sql.format(t=self.table))
        return self.cur.fetchall()

    def test_connect_and_server_status(self):
        self.assertEqual(self.conn.status, psycopg2.extensions.STATUS_READY)
        self.assertGreaterEqual(self.conn.server_version, 90000)
        self.assertEqual(self.conn.encoding, "UTF8")

    def test_simple_query(self):
        self.cur.execute("SELECT 1, 'two', NULL, true, 2.5::float8")
        self.assertEqual(self.cur.fetchall(), [(1, "two", None, True, 2.5)])
        self.assertEqual([d.name for d in self.cur.description],
                         ["?column?"] * 4 + ["float8"])

    def test_many_rows_and_fetch_styles(self):
        self.cur.execute("SELECT g FROM generate_series(1, 1000) AS g ORDER BY g")
        self.assertEqual(self.cur.fetchone(), (1,))
        self.assertEqual(len(self.cur.fetchmany(99)), 99)
        self.assertEqual(self.cur.fetchall()[-1], (1000,))
        self.assertEqual(self.cur.rowcount, 1000)

    def test_parameters(self):
        self.cur.execute("select %s::int + 1", (41,))
        self.assertEqual(self.cur.fetchone(), (42,))
        self.cur.execute("SELECT %(a)s || %(b)s, %(n)s IS NULL",
                         {"a": "it's ", "b": "ok", "n": None})
        self.assertEqual(self.cur.fetchone(), ("it's ok", True))

    def test_executemany_insert(self):
        self.create()
        data = [(i, f"name {i}") for i in range(50)]
        self.cur.executemany(f"INSERT INTO {self.table} VALUES (%s, %s)", data)
        self.assertEqual(self.rows(), data)

    def test_rowcount_and_returning(self):
        self.create()
        self.cur.execute(f"INSERT INTO {self.table} VALUES (1, 'a'), (2, 'b'), (3, 'c')")
        self.assertEqual(self.cur.rowcount, 3)
        self.cur.execute(f"DELETE FROM {self.table} WHERE id > 1 RETURNING id")
        self.assertEqual(sorted(self.cur.fetchall()), [(2,), (3,)])

    def test_copy_from_stdin_text(self):
        self.create()
        data = io.StringIO("1\tapple\n2\t\\N\n3\ttab\\there\n")
        self.cur.copy_expert(f"COPY {self.table} FROM STDIN", data)
        self.assertEqual(self.rows(), [(1, "apple"), (2, None), (3, "tab\there")])

    def test_copy_from_stdin_csv_header(self):
        self.create()
        data = io.StringIO('id,name\n1,"a, b"\n2,\n3,"say ""hi"""\n')
        self.cur.copy_expert(
            f"COPY {self.table} (id, name) FROM STDIN WITH (FORMAT csv, HEADER)", data)
        self.assertEqual(self.rows(), [(1, "a, b"), (2, None), (3, 'say "hi"')])

    def test_copy_from_stdin_csv_quoting_edge_cases(self):
        # Quoted empty string vs unquoted empty (NULL), delimiters, doubled quotes and a
        # newline inside quotes, text around a quoted part, a record without a line end;
        # then CRLF line ends, a custom NULL marker and ESCAPE.
        self.create()
        data = io.StringIO('1,""\n2,\n3,"x,y"\n4,"multi\nline"\n5,a"b,c"d\n'
                           '6,"""quoted"""\n7,"\\N"\n8,plain')
        self.cur.copy_expert(f"COPY {self.table} FROM STDIN WITH (FORMAT csv)", data)
        data = io.StringIO('9,NUL\r\n10,"NUL"\r\n11,"a\\"b"\r\n')
        self.cur.copy_expert(f"COPY {self.table} FROM STDIN WITH (FORMAT csv, NULL 'NUL', "
                             "ESCAPE '\\')", data)
        self.assertEqual(self.rows(), [
            (1, ""), (2, None), (3, "x,y"), (4, "multi\nline"), (5, "ab,cd"), (6, '"quoted"'),
            (7, "\\N"), (8, "plain"), (9, None), (10, "NUL"), (11, 'a"b')])

    def test_copy_csv_line_ends_must_match_the_first(self):
        # The first record's line end (LF, CRLF or CR) is the only one allowed after it; a
        # CRLF split between two CopyData messages is still one line end.
        self.create()
        for data, word in (("1,a\r\n2,b\n", "newline"), ("1,a\n2,b\r\n", "carriage return"),
                           ("1,a\r2,b\r\n", "newline")):
            with self.assertRaises(psycopg2.Error) as err:
                self.cur.copy_expert(f"COPY {self.table} FROM STDIN WITH (FORMAT csv)",
                                     io.StringIO(data))
            self.assertEqual(err.exception.pgcode, "22P04", data)
            self.assertIn(f"unquoted {word} found in data", str(err.exception), data)
        self.assertEqual(self.rows(), [])
        data = io.StringIO("1,a\r\n" * 3000 + "2,b\r\n")
        self.cur.copy_expert(f"COPY {self.table} FROM STDIN WITH (FORMAT csv)", data, size=7)
        self.assertEqual(self.rows("SELECT count(*), count(DISTINCT name) FROM {t}"), [(3001, 2)])

    def test_copy_to_stdout(self):
        self.create()
        self.cur.execute(f"INSERT INTO {self.table} VALUES (1, 'x'), (2, NULL)")
        out = io.StringIO()
        self.cur.copy_expert(f"COPY (SELECT * FROM {self.table} ORDER BY id) TO STDOUT", out)
        self.assertEqual(out.getvalue(), "1\tx\n2\t\\N\n")
        out = io.StringIO()
        self.cur.copy_expert(f"COPY {self.table} TO STDOUT WITH (FORMAT csv, HEADER)", out)
        self.assertEqual(sorted(out.getvalue().splitlines()), sorted(["id,name", "1,x", "2,"]))

    def test_errors_map_to_exception_classes(self):
        cases = [
            ("SELECT * FROM no_such_table_p2", psycopg2.errors.UndefinedTable, "42P01"),
            ("SELECT 1/0", psycopg2.errors.DivisionByZero, "22012"),
            ("SELEC 1", psycopg2.errors.SyntaxError, "42601"),
            ("SELECT no_such_column", psycopg2.errors.UndefinedColumn, "42703"),
            ("SELECT 'x'::int", psycopg2.errors.InvalidTextRepresentation, "22P02"),
        ]
        for sql, exc, code in cases:
            with self.subTest(sql=sql):
                with self.assertRaises(exc) as ctx:
                    self.cur.execute(sql)
                self.assertEqual(ctx.exception.pgcode, code)
                self.assertTrue(ctx.exception.diag.message_primary)
        self.cur.execute("SELECT 1")  # the connection is still usable
        self.assertEqual(self.cur.fetchone(), (1,))

    def test_implicit_transaction_rollback_and_commit(self):
        self.create()
        conn = connect(autocommit=False)
        try:
            cur = conn.cursor()
            cur.execute(f"INSERT INTO {self.table} VALUES (1, 'rolled back')")
            self.assertEqual(conn.info.transaction_status,
                             psycopg2.extensions.TRANSACTION_STATUS_INTRANS)
            conn.rollback()
            cur.execute(f"SELECT count(*) FROM {self.table}")
            self.assertEqual(cur.fetchone(), (0,))
            cur.execute(f"INSERT INTO {self.table} VALUES (2, 'committed')")
            self.assertEqual(self.rows(), [])  # not visible to another session yet
            conn.commit()
            self.assertEqual(self.rows(), [(2, "committed")])
        finally:
            conn.close()

    def test_error_aborts_transaction(self):
        self.create()
        conn = connect(autocommit=False)
        try:
            cur = conn.cursor()
            cur.execute(f"INSERT INTO {self.table} VALUES (1, 'x')")
            with self.assertRaises(psycopg2.errors.DivisionByZero):
                cur.execute("SELECT 1/0")
            with self.assertRaises(psycopg2.errors.InFailedSqlTransaction):
                cur.execute("SELECT 1")
            conn.rollback()
            cur.execute(f"SELECT count(*) FROM {self.table}")
            self.assertEqual(cur.fetchone(), (0,))
        finally:
            conn.close()

    def test_with_block_commits(self):
        self.create()
        with connect(autocommit=False) as conn:
            with conn.cursor() as cur:
                cur.execute(f"INSERT INTO {self.table} VALUES (7, 'with')")
        conn.close()
        self.assertEqual(self.rows(), [(7, "with")])

    def test_unicode_round_trip(self):
        self.cur.execute("SELECT %s, length(%s)", ("grüße, 雪, ❄", "grüße"))
        self.assertEqual(self.cur.fetchone(), ("grüße, 雪, ❄", 5))

    def test_uuid_values(self):
        # psycopg2 returns uuid as text unless register_uuid() maps OID 2950 to uuid.UUID.
        psycopg2.extras.register_uuid(conn_or_curs=self.cur)
        u = uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
        self.create("id uuid, ids uuid[]")
        self.cur.execute(f"INSERT INTO {self.table} VALUES (%s, %s), (NULL, NULL)", (u, [u, None]))
        self.cur.execute(f"SELECT id, ids FROM {self.table} ORDER BY id")
        self.assertEqual(self.cur.fetchall(), [(u, [u, None]), (None, None)])
        self.assertEqual(self.cur.description[0].type_code, 2950)
        self.cur.execute("SELECT gen_random_uuid()")
        self.assertEqual(self.cur.fetchone()[0].version, 4)


    def test_json_values(self):
        # psycopg2 loads json and jsonb results into Python objects; Json() adapts a dict.
        doc = {"b": [1, 2.5, None], "a": {"x": "y"}}
        self.create("j jsonb, r json")
        self.cur.execute(f"INSERT INTO {self.table} VALUES (%s, %s)",
                         (psycopg2.extras.Json(doc), psycopg2.extras.Json(doc)))
        self.cur.execute(f"SELECT j, r, j #>> '{{a,x}}', jsonb_typeof(j -> 'b') FROM {self.table}")
        self.assertEqual(self.cur.fetchone(), (doc, doc, "y", "array"))
        self.cur.execute(f"SELECT j::text FROM {self.table}")
        self.assertEqual(self.cur.fetchone(), ('{"a": {"x": "y"}, "b": [1, 2.5, null]}',))


if __name__ == "__main__":
    sys.exit(clientlib.run(Psycopg2Test))
