#!/usr/bin/env python3
"""Real-client tests with psycopg 3: run against the server named by env FIRN_DSN.

    FIRN_DSN='host=127.0.0.1 port=5432 user=firn dbname=firn' python3 tests/clients/test_psycopg3.py

psycopg 3 sends every query with the extended protocol (Parse/Bind/Execute), so this
covers server-side parameters, binary parameters and binary results for the first-class
types, named prepared statements, COPY through `cursor.copy`, SQLSTATE -> exception class
mapping and transactions. Every test uses its own table names. The last line printed is
`N passed, M failed` (test cases); the exit status is non-zero on any failure.
"""

import datetime as dt
import sys
import unittest
import uuid
from decimal import Decimal


import clientlib
try:
    import psycopg
    import psycopg.errors
except ImportError:  # Debian's python3 has the packages
    clientlib.use_system_python()
    raise

DSN = clientlib.DSN
UTC = dt.timezone.utc

# (column type, Python value) pairs for the binary round trips.
TYPED_VALUES = [
    ("int", 42),
    ("int", -2147483648),
    ("bigint", 9223372036854775807),
    ("double precision", -1.5e-300),
    ("numeric", Decimal("12345678901234567890.000123")),
    ("numeric", Decimal("-0.5")),
    ("text", "grüße ❄ '\"\\"),
    ("text", ""),
    ("boolean", True),
    ("boolean", False),
    ("date", dt.date(2024, 2, 29)),
    ("timestamptz", dt.datetime(2024, 3, 1, 12, 34, 56, 789000, tzinfo=UTC)),
    ("interval", dt.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=7)),
    ("interval", dt.timedelta(days=-1)),
    ("uuid", uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
    ("uuid", uuid.UUID("ffffffff-0000-ffff-0000-ffffffffffff")),
]


def connect(autocommit=True, **kwargs):
    """A new connection to FIRN_DSN; session TimeZone is UTC so timestamptz compare simply."""
    conn = psycopg.connect(DSN, autocommit=autocommit, connect_timeout=10, **kwargs)
    conn.execute("SET TimeZone = 'UTC'")
    if not autocommit:
        conn.commit()
    return conn


class Psycopg3Test(unittest.TestCase):
    """One connection (autocommit on) per test; `table` is a fresh table name for it."""

    def setUp(self):
        self.conn = connect()
        self.cur = self.conn.cursor()
        self.table = f"p3_{self._testMethodName}"
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
        return self.cur.execute(sql.format(t=self.table)).fetchall()

    def test_connect_and_server_status(self):
        self.assertEqual(self.conn.info.status, psycopg.pq.ConnStatus.OK)
        self.assertGreaterEqual(self.conn.info.server_version, 90000)
        self.assertEqual(self.conn.info.encoding, "utf-8")
        self.assertEqual(self.conn.info.parameter_status("TimeZone"), "UTC")

    def test_simple_query(self):
        self.cur.execute("SELECT 1, 'two', NULL, true, 2.5::float8")
        self.assertEqual(self.cur.fetchall(), [(1, "two", None, True, 2.5)])
        self.assertEqual(self.cur.description[4].type_code, 701)

    def test_parameters(self):
        self.assertEqual(self.cur.execute("select %s::int + 1", (41,)).fetchone(), (42,))
        row = self.cur.execute("SELECT %(a)s || %(b)s, %(n)s::int IS NULL",
                               {"a": "it's ", "b": "ok", "n": None}).fetchone()
        self.assertEqual(row, ("it's ok", True))

    def test_parameters_in_a_where_that_skips_segments(self):
        """A prepared WHERE with parameters over a table of several 2048-row segments: each
        execution decides skipping with its own values (Firn's zone maps) and must count
        exactly what PostgreSQL counts, NULL and NaN included."""
        self.create("id bigint, at timestamptz, x float8")
        for k in range(4):
            self.cur.execute(
                f"INSERT INTO {self.table} SELECT {k} * 2048 + g, timestamptz "
                f"'2026-01-01 00:00+00' + {k} * interval '1 day' + g * interval '1 second', "
                f"CASE WHEN g = 7 AND {k} = 2 THEN 'NaN'::float8 ELSE {k} * 10000 + g END "
                "FROM generate_series(1, 2048) g")
        query = f"SELECT count(*) FROM {self.table} WHERE at >= %s AND x >= %s"
        cases = [
            ((dt.datetime(2026, 1, 3, tzinfo=UTC), 0.0), 4096),
            ((dt.datetime(2026, 1, 4, 0, 10, tzinfo=UTC), 0.0), 1449),
            ((dt.datetime(2026, 1, 1, tzinfo=UTC), 30000.0), 2049),  # NaN >= 30000
            ((dt.datetime(2026, 1, 1, tzinfo=UTC), float("nan")), 1),
            ((dt.datetime(2026, 1, 1, tzinfo=UTC), None), 0),
            ((None, 0.0), 0),
            ((dt.datetime(2027, 1, 1, tzinfo=UTC), 0.0), 0),
        ]
        for params, expected in cases * 2:  # twice: the prepared statement is reused
            with self.subTest(params=params):
                row = self.cur.execute(query, params, prepare=True).fetchone()
                self.assertEqual(row, (expected,))

    def test_executemany_insert(self):
        self.create()
        data = [(i, f"name {i}") for i in range(50)]
        self.cur.executemany(f"INSERT INTO {self.table} VALUES (%s, %s)", data)
        self.assertEqual(self.rows(), data)

    def test_binary_parameters(self):
        for sqltype, value in TYPED_VALUES:
            with self.subTest(type=sqltype, value=value):
                row = self.cur.execute(f"SELECT %b::{sqltype}", (value,)).fetchone()
                self.assertEqual(row, (value,))

    def test_binary_results(self):
        for sqltype, value in TYPED_VALUES:
            with self.subTest(type=sqltype, value=value):
                row = self.cur.execute(f"SELECT %s::{sqltype}, NULL::{sqltype}", (value,),
                                       binary=True).fetchone()
                self.assertEqual(row, (value, None))
                self.assertEqual(self.cur.pgresult.fformat(0), 1)

    def test_binary_round_trip_through_a_table(self):
        columns = ", ".join(f"c{i} {t}" for i, (t, _) in enumerate(TYPED_VALUES))
        self.create(columns)
        values = tuple(v for _, v in TYPED_VALUES)
        marks = ", ".join(["%b"] * len(values))
        self.cur.execute(f"INSERT INTO {self.table} VALUES ({marks})", values)
        self.cur.execute(f"INSERT INTO {self.table} VALUES ({marks})", (None,) * len(values))
        rows = self.cur.execute(f"SELECT * FROM {self.table} ORDER BY c0 NULLS LAST",
                                binary=True).fetchall()
        self.assertEqual(rows, [values, (None,) * len(values)])
        text_rows = self.cur.execute(f"SELECT * FROM {self.table} ORDER BY c0 NULLS LAST",
                                     binary=False).fetchall()
        self.assertEqual(text_rows, rows)

    def test_json_values(self):
        # psycopg sends Json/Jsonb wrappers as text or (jsonb) binary with its version byte,
        # and loads both types into Python objects in either result format.
        from psycopg.types.json import Json, Jsonb
        doc = {"user": {"id": 7, "name": "grüße"}, "tags": ["a", None], "amount": 12.5, "ok": True}
        self.create("j jsonb, r json")
        self.cur.execute(f"INSERT INTO {self.table} VALUES (%b, %b), (%s, %s)",
                         (Jsonb(doc), Json(doc), Jsonb([1, 2]), Json("x")))
        for binary in (False, True):
            with self.subTest(binary=binary):
                rows = self.cur.execute(f"SELECT j, r, j ->> 'amount', r -> 'user' ->> 'name' "
                                        f"FROM {self.table} ORDER BY j", binary=binary).fetchall()
                self.assertEqual(rows, [([1, 2], "x", None, None),
                                        (doc, doc, "12.5", "grüße")])
                self.assertEqual([d.type_code for d in self.cur.description[:2]], [3802, 114])
        row = self.cur.execute(f"SELECT count(*) FROM {self.table} WHERE j @> %b",
                               (Jsonb({"user": {"id": 7}}),), prepare=True).fetchone()
        self.assertEqual(row, (1,))
        with self.assertRaises(psycopg.errors.InvalidTextRepresentation) as caught:
            self.cur.execute("SELECT %s::jsonb", ("{bad",))
        self.assertEqual(caught.exception.diag.sqlstate, "22P02")

    def test_prepared_statements(self):
        self.create()
        for i in range(5):
            self.cur.execute(f"INSERT INTO {self.table} VALUES (%s, %s)", (i, f"n{i}"),
                             prepare=True)
        for i in range(5):
            row = self.cur.execute(f"SELECT name, id * %s FROM {self.table} WHERE id = %s",
                                   (10, i), prepare=True).fetchone()
            self.assertEqual(row, (f"n{i}", i * 10))
        row = self.cur.execute(f"SELECT count(*) FROM {self.table} WHERE id >= %b", (2,),
                               prepare=True, binary=True).fetchone()
        self.assertEqual(row, (3,))

    def test_prepare_threshold_zero_prepares_everything(self):
        with connect(prepare_threshold=0) as conn:
            for i in range(3):
                self.assertEqual(conn.execute("SELECT %s::bigint * 2", (i,)).fetchone(), (i * 2,))

    def test_copy_from_stdin_rows(self):
        self.create()
        with self.cur.copy(f"COPY {self.table} (id, name) FROM STDIN") as copy:
            for row in [(1, "apple"), (2, None), (3, "tab\there")]:
                copy.write_row(row)
        self.assertEqual(self.rows(), [(1, "apple"), (2, None), (3, "tab\there")])

    def test_copy_from_stdin_csv_header(self):
        self.create()
        with self.cur.copy(f"COPY {self.table} FROM STDIN WITH (FORMAT csv, HEADER)") as copy:
            copy.write('id,name\n1,"a, b"\n')
            copy.write('2,\n3,"say ""hi"""\n')
        self.assertEqual(self.rows(), [(1, "a, b"), (2, None), (3, 'say "hi"')])

    def test_copy_to_stdout(self):
        self.create()
        self.cur.execute(f"INSERT INTO {self.table} VALUES (1, 'x'), (2, NULL)")
        with self.cur.copy(f"COPY (SELECT * FROM {self.table} ORDER BY id) TO STDOUT") as copy:
            copy.set_types(["int4", "text"])
            self.assertEqual(list(copy.rows()), [(1, "x"), (2, None)])
        with self.cur.copy(f"COPY {self.table} TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
            data = b"".join(bytes(chunk) for chunk in copy)
        self.assertEqual(sorted(data.decode().splitlines()), sorted(["id,name", "1,x", "2,"]))

    def test_errors_map_to_exception_classes(self):
        cases = [
            ("SELECT * FROM no_such_table_p3", psycopg.errors.UndefinedTable, "42P01"),
            ("SELECT 1/0", psycopg.errors.DivisionByZero, "22012"),
            ("SELEC 1", psycopg.errors.SyntaxError, "42601"),
            ("SELECT no_such_column", psycopg.errors.UndefinedColumn, "42703"),
            ("SELECT %s::int", psycopg.errors.InvalidTextRepresentation, "22P02"),
        ]
        for sql, exc, code in cases:
            with self.subTest(sql=sql):
                with self.assertRaises(exc) as ctx:
                    self.cur.execute(sql, ("x",) if "%s" in sql else None)
                self.assertEqual(ctx.exception.sqlstate, code)
                self.assertTrue(ctx.exception.diag.message_primary)
        self.assertEqual(self.cur.execute("SELECT 1").fetchone(), (1,))

    def test_transaction_rollback_and_commit(self):
        self.create()
        with connect(autocommit=False) as conn:
            conn.execute(f"INSERT INTO {self.table} VALUES (1, 'rolled back')")
            self.assertEqual(conn.info.transaction_status, psycopg.pq.TransactionStatus.INTRANS)
            conn.rollback()
            self.assertEqual(conn.execute(f"SELECT count(*) FROM {self.table}").fetchone(), (0,))
            conn.execute(f"INSERT INTO {self.table} VALUES (2, 'committed')")
            self.assertEqual(self.rows(), [])  # not visible to another session yet
            conn.commit()
        self.assertEqual(self.rows(), [(2, "committed")])

    def test_transaction_block_and_failed_transaction(self):
        self.create()
        with self.conn.transaction():
            self.cur.execute(f"INSERT INTO {self.table} VALUES (1, 'kept')")
        with self.assertRaises(psycopg.errors.DivisionByZero):
            with self.conn.transaction():
                self.cur.execute(f"INSERT INTO {self.table} VALUES (2, 'lost')")
                self.cur.execute("SELECT 1/0")
        self.assertEqual(self.rows(), [(1, "kept")])
        with connect(autocommit=False) as conn:
            with self.assertRaises(psycopg.errors.DivisionByZero):
                conn.execute("SELECT 1/0")
            with self.assertRaises(psycopg.errors.InFailedSqlTransaction):
                conn.execute("SELECT 1")
            conn.rollback()
            self.assertEqual(conn.execute("SELECT 2").fetchone(), (2,))

    def test_nested_transactions_use_savepoints(self):
        # psycopg sends SAVEPOINT / RELEASE / ROLLBACK TO for a transaction() inside another.
        self.create()
        with self.conn.transaction():
            self.cur.execute(f"INSERT INTO {self.table} VALUES (1, 'outer')")
            with self.assertRaises(psycopg.errors.DivisionByZero):
                with self.conn.transaction():
                    self.cur.execute(f"INSERT INTO {self.table} VALUES (2, 'inner, undone')")
                    self.cur.execute(f"UPDATE {self.table} SET name = 'changed' WHERE id = 1")
                    self.cur.execute("SELECT 1/0")
            with self.conn.transaction():
                self.cur.execute(f"INSERT INTO {self.table} VALUES (3, 'inner, kept')")
                with self.conn.transaction(force_rollback=True):
                    self.cur.execute(f"DELETE FROM {self.table} WHERE id = 3")
            self.assertEqual(self.rows(), [(1, "outer"), (3, "inner, kept")])
        self.assertEqual(self.rows(), [(1, "outer"), (3, "inner, kept")])



if __name__ == "__main__":
    sys.exit(clientlib.run(Psycopg3Test))
