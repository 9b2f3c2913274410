#!/usr/bin/env python3
"""COPY FROM STDIN's reading of field text, differentially against PostgreSQL.

    PG_DSN='host=127.0.0.1 port=55432 user=postgres dbname=postgres' \
        FIRN_BIN=build/firn python3 tests/server/test_copy_input.py

Each case COPYs one CSV field into a one-column table of a given type, in Firn and in
PostgreSQL: both must store the same value (compared as text) or both refuse it with the
same SQLSTATE, and a bad field must leave nothing of its COPY behind. The cases are the
edges of the fast paths COPY takes for integers, floats and text (signs, spaces, limits,
exponents, special values, hex, quoted empty strings) and of the general parser behind
them. Prints `N passed, M failed` last.
"""

import io
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import OracleSchema, Server, clientlib, psycopg2  # noqa: E402

PG_DSN = os.environ.get("PG_DSN", "")

INTEGERS = ["0", "-0", "+5", "7", " 7", "8 ", " -9 ", "007", "-", "+", "", '""', "1e3", "1.0",
            "0x10", "1_000", "12a", "a12", "--1", "+-1", " ", "\t3"]
CASES = {
    "bigint": INTEGERS + ["9223372036854775807", "-9223372036854775808", "9223372036854775808",
                          "-9223372036854775809", "99999999999999999999999"],
    "int": INTEGERS + ["2147483647", "-2147483648", "2147483648", "-2147483649"],
    "smallint": INTEGERS + ["32767", "-32768", "32768", "-32769"],
    "double precision": [
        "0", "-0", "1.5", "-2.25", "+3", ".5", "5.", "1e3", "1E-3", "1e", "e5", "1e+", " 2.5 ",
        "1.7976931348623157e308", "1e308", "1e309", "-1e309", "1e-400", "4.9e-324", "2.2e-308",
        "0.1", "123456789012345678901234567890", "NaN", "nan", "Infinity", "-Infinity", "inf",
        "-inf", "+inf", "infinity", "iNf", "0x1p3", "0x10", "1,5", "1..5", "", '""', "abc",
        "3.141592653589793238462643383279", "1e-5", "-.5e-3"],
    "real": ["1.5", "3.4028235e38", "3.5e38", "1e-46", "NaN", "-0", " 1 ", "1e"],
    "text": ["plain", "", '""', '"with, comma"', '"quote "" inside"', " spaced ", "ünïcode",
             "a" * 40],
    "varchar(3)": ["abc", "abcd", "ab ", "abc  ", '""'],
    "numeric": ["1.50", "-0.0", "1e3", "NaN", " 2 ", "abc", "1e"],
    "timestamptz": ["2025-10-03 00:00:07.474948", "2025-10-03 00:00:07.474948+02",
                    "2025-10-03T01:02:03Z", "2025-02-29 00:00:00", "2024-02-29 24:00:00",
                    "2025-10-03 00:00:60", "2025-10-03 00:00:07.1234567", "2025-13-01 00:00:00",
                    "2025-10-03", "20251003 010203", "epoch", "infinity", " 2025-10-03 01:00 "],
    "timestamp": ["2025-10-03 00:00:07.474948", "2025-10-03 00:00:07+05", "2025-10-03 25:00:00",
                  "0001-01-01 00:00:00", "10000-01-01 00:00:00"],
    "boolean": ["t", "true", "yes", "on", "1", "f", "off", "0", " t ", "maybe", ""],
    "jsonb": ['"{""b"": 1, ""a"": [1.50, null], ""b"": 2}"', '"[1,2"', "null", "1e2", "", '""',
              "{}", '"""x"""', " [ ] ", "01", '"""\\u0000"""'],
    "json": ['"{""b"" :  1, ""b"": 2}"', "tru", "[]", '"""\\u0000"""'],
}


def run_copy(conn, table, typ, field):
    """('ok', stored value as text) or ('error', SQLSTATE), and the rows left after it."""
    cur = conn.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {table}")
    cur.execute(f"CREATE TABLE {table} (v {typ})")
    try:
        cur.copy_expert(f"COPY {table} FROM STDIN (FORMAT csv)", io.StringIO(field + "\n"))
        cur.execute(f"SELECT v::text FROM {table}")
        return ("ok", cur.fetchall())
    except psycopg2.Error as e:
        cur.execute(f"SELECT count(*) FROM {table}")
        return ("error", e.pgcode, cur.fetchone()[0])


class CopyInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        cls.firn = cls.server.connect()
        cls.oracle = OracleSchema(PG_DSN, "copy_input")
        cls.pg = cls.oracle.conn
        cls.pg.cursor().execute("SET TimeZone = 'UTC'")
        cls.firn.cursor().execute("SET TimeZone = 'UTC'")

    @classmethod
    def tearDownClass(cls):
        cls.oracle.close()
        cls.firn.close()
        cls.server.stop()

    def test_fields_read_as_postgresql_reads_them(self):
        checked, differences = 0, []
        for typ, fields in CASES.items():
            for field in fields:
                want = run_copy(self.pg, "ci", typ, field)
                got = run_copy(self.firn, "ci", typ, field)
                if got != want:
                    differences.append(f"{field!r} into {typ}: Firn {got}, PostgreSQL {want}")
                checked += 1
        self.assertEqual(differences, [])
        self.assertGreater(checked, 150)

    def test_a_bad_field_in_a_long_copy_names_its_line_and_keeps_nothing(self):
        lines = "".join(f"{i},{i * 0.5},row{i}\n" for i in range(1, 5001))
        bad = lines + "5001,not a number,row5001\n" + lines
        for conn in (self.firn, self.pg):
            cur = conn.cursor()
            cur.execute("DROP TABLE IF EXISTS cl")
            cur.execute("CREATE TABLE cl (id bigint, x float8, s text)")
            with self.assertRaises(psycopg2.Error) as caught:
                cur.copy_expert("COPY cl FROM STDIN (FORMAT csv)", io.StringIO(bad))
            self.assertEqual(caught.exception.pgcode, "22P02")
            self.assertIn("line 5001", caught.exception.diag.context or "")
            cur.execute("SELECT count(*) FROM cl")
            self.assertEqual(cur.fetchone()[0], 0)
            cur.copy_expert("COPY cl FROM STDIN (FORMAT csv)", io.StringIO(lines))
            cur.execute("SELECT count(*), sum(id), sum(x), max(s) FROM cl")
            self.assertEqual(cur.fetchone(), (5000, 12502500, 6251250.0, "row999"))

    def test_a_bad_json_field_names_the_json_and_the_line(self):
        # The JSON parser's context line stands above COPY's, as PostgreSQL stacks them.
        for conn in (self.firn, self.pg):
            cur = conn.cursor()
            cur.execute("DROP TABLE IF EXISTS cj")
            cur.execute("CREATE TABLE cj (id int, j jsonb)")
            with self.assertRaises(psycopg2.Error) as caught:
                cur.copy_expert("COPY cj FROM STDIN", io.StringIO('1\t{"a": 1}\n2\t{bad}\n'))
            self.assertEqual(caught.exception.pgcode, "22P02")
            self.assertEqual(caught.exception.diag.message_detail, 'Token "bad" is invalid.')
            self.assertEqual(caught.exception.diag.context.splitlines(),
                             ["JSON data, line 1: {bad...", 'COPY cj, line 2, column j: "{bad}"'])
            cur.execute("SELECT count(*) FROM cj")
            self.assertEqual(cur.fetchone()[0], 0)

    # Input of several megabytes is cut into blocks parsed on several threads; these
    # records cross the cuts and psycopg's 8 KiB pieces in every way the formats allow.
    @staticmethod
    def many_rows(n, bad_rows=()):
        csv_rows, text_rows = [], []
        for i in range(1, n + 1):
            note = ["plain", "with, comma", 'quote " inside', "line\nbreak", "", "ünï"][i % 6]
            x = "oops" if i in bad_rows else f"{(i * 7919) % 100003 / 8:.3f}"
            ts = f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:{i % 59:02d}.{i % 999983:06d}"
            quoted = '"' + note.replace('"', '""') + '"' if i % 3 else note.replace("\n", " ")
            csv_rows.append(f"{i},{quoted},{x},{ts}")
            text_note = note.replace("\\", "\\\\").replace("\n", "\\n") if i % 5 else "\\N"
            text_rows.append(f"{i}\t{text_note}\t{x}\t{ts}")
        return ("id,note,x,ts\r\n" + "\r\n".join(csv_rows) + "\r\n",
                "\n".join(text_rows) + "\n")

    def load(self, conn, sql, data):
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS cb")
        cur.execute("CREATE TABLE cb (id bigint, note text, x float8, ts timestamptz)")
        cur.copy_expert(sql, io.StringIO(data))
        cur.execute("SELECT id, note, x::text, ts::text FROM cb ORDER BY id")
        return cur.fetchall()

    def test_a_copy_of_many_blocks_loads_what_postgresql_loads(self):
        csv_data, text_data = self.many_rows(120000)
        self.assertGreater(len(csv_data), 6 << 20)  # six blocks or more
        for sql, data in (("COPY cb FROM STDIN (FORMAT csv, HEADER true)", csv_data),
                          ("COPY cb FROM STDIN", text_data)):
            want = self.load(self.pg, sql, data)
            got = self.load(self.firn, sql, data)
            self.assertEqual(len(got), 120000)
            self.assertEqual(got, want, sql)

    def test_the_first_bad_record_of_many_blocks_is_the_one_reported(self):
        # The later bad row sits in a block that may be parsed first.
        csv_data, text_data = self.many_rows(120000, bad_rows=(61234, 101234))
        for sql, data, line in (("COPY cb FROM STDIN (FORMAT csv, HEADER true)", csv_data, 61235),
                                ("COPY cb FROM STDIN", text_data, 61234)):
            for conn in (self.firn, self.pg):
                with self.assertRaises(psycopg2.Error) as caught:
                    self.load(conn, sql, data)
                self.assertEqual(caught.exception.pgcode, "22P02")
                self.assertIn(f"line {line}, column x", caught.exception.diag.context or "")
                cur = conn.cursor()
                cur.execute("SELECT count(*) FROM cb")
                self.assertEqual(cur.fetchone()[0], 0)

    def test_within_a_chunk_the_first_bad_record_wins_over_an_earlier_column(self):
        # Fields are parsed a column at a time: record 7's bad x (column 3) must still beat
        # record 9's bad id (column 1), and both beat record 11's missing field.
        rows = [f"{i},n,{i / 2},2025-01-01 00:00:00" for i in range(1, 13)]
        rows[6] = "7,n,oops,2025-01-01 00:00:00"
        rows[8] = "nine,n,4.5,2025-01-01 00:00:00"
        rows[10] = "11,n"
        cases = (("\n".join(rows) + "\n", "22P02", "line 7, column x"),
                 ("\n".join(rows[:6] + rows[7:]) + "\n", "22P02", "line 8, column id"),
                 ("\n".join(rows[:6] + rows[7:8] + rows[9:]) + "\n", "22P04", "line 9"))
        for data, code, context in cases:
            for conn in (self.firn, self.pg):
                with self.assertRaises(psycopg2.Error) as caught:
                    self.load(conn, "COPY cb FROM STDIN (FORMAT csv)", data)
                self.assertEqual(caught.exception.pgcode, code)
                self.assertIn(context, caught.exception.diag.context or "")


if __name__ == "__main__":
    if not PG_DSN:
        print("!!! PG_DSN is not set: every test fails (it needs the PostgreSQL oracle)")
    sys.exit(clientlib.run(CopyInputTest, needs_dsn=False))
