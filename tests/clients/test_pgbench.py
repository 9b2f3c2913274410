#!/usr/bin/env python3
"""pgbench, the real one, with custom scripts against env FIRN_DSN in every query mode.

    FIRN_DSN='host=127.0.0.1 port=5433 user=firn dbname=firn' python3 tests/clients/test_pgbench.py

pgbench -M prepared parses each statement once and then only Binds and Executes it, the
path online feature lookups take. The test checks that every transaction ran and none
failed; it does not time anything. Prints `N passed, M failed` last.
"""

import os
import re
import subprocess
import sys
import tempfile
import unittest


import clientlib
try:
    import psycopg2
except ImportError:  # Debian's python3 has the packages
    clientlib.use_system_python()
    raise

DSN = clientlib.DSN
PARAMS = clientlib.PARAMS

LOOKUP = """\\set id random(1, 1000)
SELECT id, score, label FROM pgbench_kv WHERE id = :id;
"""
WRITE = """\\set id random(1001, 100000)
BEGIN;
INSERT INTO pgbench_kv VALUES (:id, :id * 0.5, 'w');
SELECT count(*) FROM pgbench_kv WHERE id = :id;
END;
"""


class PgbenchTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        conn = psycopg2.connect(DSN)
        conn.autocommit = True
        cur = conn.cursor()
        cur.execute("DROP TABLE IF EXISTS pgbench_kv")
        cur.execute("CREATE TABLE pgbench_kv (id bigint, score double precision, label text)")
        cur.execute("INSERT INTO pgbench_kv SELECT g, g * 0.5, 'v' || g FROM generate_series(1, 1000) g")
        conn.close()

    def run_pgbench(self, script, mode, clients, transactions):
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
            f.write(script)
            path = f.name
        try:
            cmd = ["pgbench", "-n", "-M", mode, "-f", path, "-c", str(clients), "-j", "2",
                   "-t", str(transactions), "-h", PARAMS["host"], "-p", PARAMS["port"],
                   "-U", PARAMS["user"], PARAMS["dbname"]]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        finally:
            os.unlink(path)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        want = clients * transactions
        self.assertRegex(proc.stdout,
                         rf"number of transactions actually processed: {want}/{want}")
        failed = re.search(r"number of failed transactions: (\d+)", proc.stdout)
        if failed:
            self.assertEqual(failed.group(1), "0", proc.stdout)
        return proc.stdout

    def test_prepared_lookups(self):
        self.run_pgbench(LOOKUP, "prepared", clients=4, transactions=500)

    def test_extended_lookups(self):
        self.run_pgbench(LOOKUP, "extended", clients=2, transactions=200)

    def test_simple_lookups(self):
        self.run_pgbench(LOOKUP, "simple", clients=2, transactions=200)

    def test_prepared_write_transactions(self):
        self.run_pgbench(WRITE, "prepared", clients=4, transactions=100)
        conn = psycopg2.connect(DSN)
        cur = conn.cursor()
        cur.execute("SELECT count(*) FROM pgbench_kv WHERE id > 1000")
        self.assertEqual(cur.fetchone()[0], 400)
        conn.close()



if __name__ == "__main__":
    sys.exit(clientlib.run(PgbenchTest))
