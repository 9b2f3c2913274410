#!/usr/bin/env python3
"""Real-client tests with the psql binary: run against the server named by env FIRN_DSN.

    FIRN_DSN='host=127.0.0.1 port=5432 user=firn dbname=firn' python3 tests/clients/test_psql.py

Covers the backslash commands that read pg_catalog (\\dt, \\d, \\d+, \\dn, \\du, \\l, \\dm,
\\ds, \\di, \\dv, \\d of a sequence, an index or a view),
\\x, \\copy in both directions, and tab completion (the queries psql sends for
`SELECT * FROM pre<TAB>` and for column names, and a real readline session on a pty).
Every test uses its own table names. The last line printed is `N passed, M failed`; the exit
status is non-zero on any failure.
"""

import os
import pty
import select
import subprocess
import sys
import tempfile
import time
import unittest

import clientlib

DSN = clientlib.PARAMS
HOST = DSN.get("host", "127.0.0.1")
PORT = DSN.get("port", "5432")
USER = DSN.get("user", "firn")
DBNAME = DSN.get("dbname", USER)
PSQL = ["psql", "-X", "-h", HOST, "-p", PORT, "-U", USER, "-d", DBNAME]


def psql(*commands, check=True):
    """Runs psql with one -c per command; returns (exit code, stdout + stderr)."""
    args = list(PSQL) + ["-v", "ON_ERROR_STOP=1"]
    for c in commands:
        args += ["-c", c]
    done = subprocess.run(args, capture_output=True, text=True, timeout=60, check=False)
    out = done.stdout + done.stderr
    if check and done.returncode != 0:
        raise AssertionError(f"psql {commands!r} failed ({done.returncode}):\n{out}")
    return done.returncode, out


class PsqlTest(unittest.TestCase):
    """Each test gets a fresh table `self.table` (a int not null, b text, c numeric(10,2))."""

    def setUp(self):
        self.table = f"psql_{self._testMethodName[5:]}"
        psql(f"DROP TABLE IF EXISTS {self.table}",
             f"CREATE TABLE {self.table} (a int NOT NULL, b text, c numeric(10,2))",
             f"INSERT INTO {self.table} VALUES (1, 'one', 1.50), (2, NULL, NULL)")

    def tearDown(self):
        psql(f"DROP TABLE IF EXISTS {self.table}", check=False)

    def test_list_tables(self):
        _, out = psql("\\dt")
        row = [line for line in out.splitlines() if f" {self.table} " in line]
        self.assertEqual(len(row), 1, out)
        self.assertRegex(row[0], rf"public\s+\|\s+{self.table}\s+\|\s+table\s+\|\s+{USER}")

    def test_describe_table(self):
        _, out = psql(f"\\d {self.table}")
        self.assertIn(f'Table "public.{self.table}"', out)
        self.assertRegex(out, r"a\s+\|\s+integer\s+\|\s+\|\s+not null\s+\|")
        self.assertRegex(out, r"b\s+\|\s+text\s+\|")
        self.assertRegex(out, r"c\s+\|\s+numeric\(10,2\)\s+\|")

    def test_describe_table_verbose(self):
        _, out = psql(f"\\d+ {self.table}")
        self.assertIn("Storage", out)
        self.assertRegex(out, r"a\s+\|\s+integer\s+\|\s+\|\s+not null\s+\|\s+\|\s+plain")
        self.assertRegex(out, r"b\s+\|\s+text\s+\|.*extended")
        self.assertIn("Access method: heap", out)

    def test_describe_missing_relation(self):
        code, out = psql("\\d no_such_table_here", check=False)
        self.assertIn('Did not find any relation named "no_such_table_here"', out)
        self.assertNotEqual(code, 0)

    def test_describe_sequences_serial_and_identity_columns(self):
        t = f"{self.table}_keys"
        try:
            psql(f"CREATE TABLE {t} (id bigint GENERATED ALWAYS AS IDENTITY, n serial)",
                 f"CREATE SEQUENCE {t}_extra AS integer START 5 INCREMENT 2 CYCLE")
            _, out = psql(f"\\d {t}")
            self.assertRegex(out, r"id\s+\|\s+bigint\s+\|\s+\|\s+not null\s+\|\s+"
                                  r"generated always as identity")
            self.assertRegex(out, rf"n\s+\|\s+integer\s+\|\s+\|\s+not null\s+\|\s+"
                                  rf"nextval\('{t}_n_seq'::regclass\)")
            _, out = psql(f"\\d {t}_n_seq")
            self.assertIn(f'Sequence "public.{t}_n_seq"', out)
            self.assertRegex(out, r"integer\s+\|\s+1\s+\|\s+1\s+\|\s+2147483647\s+\|\s+1\s+\|"
                                  r"\s+no\s+\|\s+1")
            self.assertIn(f"Owned by: public.{t}.n", out)
            _, out = psql(f"\\d {t}_id_seq")
            self.assertIn(f"Sequence for identity column: public.{t}.id", out)
            _, out = psql(f"\\d {t}_extra")
            self.assertRegex(out, r"integer\s+\|\s+5\s+\|\s+1\s+\|\s+2147483647\s+\|\s+2\s+\|"
                                  r"\s+yes\s+\|\s+1")
            _, out = psql("\\ds")
            for name in (f"{t}_n_seq", f"{t}_id_seq", f"{t}_extra"):
                self.assertRegex(out, rf"public\s+\|\s+{name}\s+\|\s+sequence\s+\|")
        finally:
            psql(f"DROP TABLE IF EXISTS {t}", f"DROP SEQUENCE IF EXISTS {t}_extra", check=False)

    def test_describe_indexes(self):
        psql(f"CREATE INDEX {self.table}_b ON {self.table} (b, c DESC)")
        _, out = psql(f"\\d {self.table}")
        self.assertIn("Indexes:", out)
        self.assertIn(f'"{self.table}_b" btree (b, c DESC)', out)
        _, out = psql(f"\\d {self.table}_b")
        self.assertIn(f'Index "public.{self.table}_b"', out)
        self.assertRegex(out, r"c\s+\|\s+numeric\(10,2\)\s+\|\s+yes\s+\|\s+c")
        self.assertIn(f'btree, for table "public.{self.table}"', out)
        _, out = psql("\\di")
        self.assertRegex(out, rf"public\s+\|\s+{self.table}_b\s+\|\s+index\s+\|\s+\w+\s+\|\s+"
                              rf"{self.table}")

    def test_describe_check_constraints(self):
        psql(f"ALTER TABLE {self.table} ADD CHECK (a > 0), "
             f"ADD CONSTRAINT {self.table}_b_short CHECK (length(b) < 10)")
        _, out = psql(f"\\d {self.table}")
        self.assertIn("Check constraints:", out)
        self.assertIn(f'"{self.table}_a_check" CHECK (a > 0)', out)
        self.assertIn(f'"{self.table}_b_short" CHECK (length(b) < 10)', out)
        code, out = psql(f"INSERT INTO {self.table} VALUES (0, 'zero', 0)", check=False)
        self.assertNotEqual(code, 0)
        self.assertIn(f'violates check constraint "{self.table}_a_check"', out)
        self.assertIn("DETAIL:  Failing row contains (0, zero, 0.00).", out)

    def test_describe_views(self):
        # What PostgreSQL 15 prints, but for the definition: Firn shows the query as written,
        # PostgreSQL deparses it (one column a line, qualified names).
        v = f"{self.table}_v"
        try:
            psql(f"CREATE VIEW {v} (n, label) AS SELECT a, b FROM {self.table} WHERE a > 0")
            _, out = psql(f"\\d {v}")
            self.assertIn(f'View "public.{v}"', out)
            self.assertRegex(out, r"n\s+\|\s+integer\s+\|\s+\|\s+\|")
            self.assertRegex(out, r"label\s+\|\s+text\s+\|")
            self.assertNotIn("View definition", out)
            _, out = psql(f"\\d+ {v}")
            self.assertRegex(out, r"n\s+\|\s+integer\s+\|\s+\|\s+\|\s+\|\s+plain")
            # Firn: " SELECT a, b FROM t WHERE a > 0;" PostgreSQL: " SELECT t.a AS n,\n
            # t.b\n   FROM t\n  WHERE t.a > 0;"
            self.assertRegex(out, rf"View definition:\n SELECT [^;]*\bFROM {self.table}\s+"
                                  r"WHERE [^;]*a > 0;")
            _, out = psql("\\dv")
            self.assertRegex(out, rf"public\s+\|\s+{v}\s+\|\s+view\s+\|\s+{USER}")
            _, out = psql(f"SELECT n, label FROM {v} ORDER BY n")
            self.assertRegex(out, r"1 \| one")
        finally:
            psql(f"DROP VIEW IF EXISTS {v}", check=False)

    def test_describe_system_catalog(self):
        _, out = psql("\\d pg_catalog.pg_namespace")
        self.assertIn('Table "pg_catalog.pg_namespace"', out)
        self.assertRegex(out, r"nspname\s+\|\s+name")

    def test_list_schemas(self):
        psql("DROP SCHEMA IF EXISTS psql_schema_test", "CREATE SCHEMA psql_schema_test")
        try:
            _, out = psql("\\dn")
            self.assertIn("List of schemas", out)
            self.assertRegex(out, r"\n\s*public\s+\|")
            self.assertRegex(out, r"\n\s*psql_schema_test\s+\|\s+" + USER)
            self.assertNotIn("pg_catalog", out)
        finally:
            psql("DROP SCHEMA IF EXISTS psql_schema_test")

    def test_list_roles(self):
        _, out = psql("\\du")
        self.assertRegex(out, rf"\n\s*{USER}\s+\|\s+Superuser")

    def test_list_databases(self):
        _, out = psql("\\l")
        self.assertIn("List of databases", out)
        self.assertRegex(out, rf"\n\s*{DBNAME}\s+\|\s+\S+\s+\|\s+UTF8")

    def test_list_materialized_views(self):
        _, out = psql("\\dm")
        self.assertIn("Did not find any relations.", out)

    def test_expanded_output(self):
        _, out = psql("\\x on", f"SELECT a, b FROM {self.table} ORDER BY a")
        self.assertIn("-[ RECORD 1 ]", out)
        self.assertRegex(out, r"a \| 1\nb \| one")
        self.assertIn("-[ RECORD 2 ]", out)

    def test_copy_out_and_in(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "rows.csv")
            _, out = psql(f"\\copy (SELECT * FROM {self.table} ORDER BY a) TO '{path}' CSV HEADER")
            self.assertIn("COPY 2", out)
            with open(path, encoding="utf-8") as f:
                self.assertEqual(f.read(), "a,b,c\n1,one,1.50\n2,,\n")
            psql(f"DELETE FROM {self.table}")
            _, out = psql(f"\\copy {self.table} FROM '{path}' CSV HEADER")
            self.assertIn("COPY 2", out)
        _, out = psql(f"SELECT a, coalesce(b, '<null>'), c FROM {self.table} ORDER BY a")
        self.assertRegex(out, r"1 \| one\s+\|\s+1.50")
        self.assertRegex(out, r"2 \| <null>\s+\|\s*\n")

    def test_tab_completion_queries(self):
        # What psql 15 sends for `SELECT * FROM psql_tab<TAB>` and for column names.
        prefix = self.table[:8]
        _, out = psql(
            "SELECT c.relname, NULL::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.relkind "
            f"IN ('r', 'S', 'v', 'm', 'f', 'p') AND (c.relname) LIKE '{prefix}%' AND "
            "pg_catalog.pg_table_is_visible(c.oid) AND c.relnamespace <> (SELECT oid FROM "
            "pg_catalog.pg_namespace WHERE nspname = 'pg_catalog')\nUNION ALL\nSELECT "
            "NULL::pg_catalog.text, n.nspname FROM pg_catalog.pg_namespace n WHERE n.nspname "
            f"LIKE '{prefix}%' AND n.nspname NOT LIKE E'pg\\\\_%'\nLIMIT 1000")
        self.assertIn(self.table, out)
        _, out = psql(
            "SELECT a.attname, NULL::pg_catalog.text FROM pg_catalog.pg_attribute a, "
            "pg_catalog.pg_class c WHERE c.oid = a.attrelid and a.attnum > 0 and not "
            "a.attisdropped AND (a.attname) LIKE '%' AND c.relname = "
            f"'{self.table}' AND pg_catalog.pg_table_is_visible(c.oid)\nLIMIT 1000")
        self.assertIn("(3 rows)", out)

    def test_tab_completion_interactive(self):
        # A real readline session: `SELECT b FROM psql_tab_compl<TAB>` completes the name.
        pid, fd = pty.fork()
        if pid == 0:
            os.execvp("psql", PSQL)
        try:
            def read_for(seconds):
                data, end = b"", time.monotonic() + seconds
                while time.monotonic() < end:
                    ready, _, _ = select.select([fd], [], [], 0.1)
                    if ready:
                        try:
                            data += os.read(fd, 4096)
                        except OSError:
                            break
                return data.decode("utf-8", "replace")

            read_for(1.5)
            os.write(fd, f"SELECT b FROM {self.table[:-3]}\t".encode())
            echoed = read_for(2.0)
            self.assertIn(self.table, echoed)
            os.write(fd, b" WHERE a = 1;\n")
            self.assertIn("one", read_for(2.0))
            os.write(fd, b"\\q\n")
            read_for(0.5)
        finally:
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
            os.close(fd)

    def test_regex_operators_and_collate(self):
        _, out = psql(f"SELECT relname FROM pg_catalog.pg_class WHERE relname "
                      f"OPERATOR(pg_catalog.~) '^({self.table})$' COLLATE pg_catalog.default")
        self.assertIn("(1 row)", out)
        _, out = psql("SELECT 'abc' ~ '^a.c$', 'abc' !~ 'b', 'ABC' ~* 'abc', 'x' !~* 'X'")
        self.assertRegex(out, r"t\s+\|\s+f\s+\|\s+t\s+\|\s+f")


if __name__ == "__main__":
    sys.exit(clientlib.run(PsqlTest))
