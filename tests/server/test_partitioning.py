#!/usr/bin/env python3
"""Tables with `partition_by`: data files split by partition tuple, reloaded exactly.

    FIRN_BIN=build/firn /usr/bin/python3 tests/server/test_partitioning.py

A partitioned table's checkpoint writes one data file per partition tuple under
data/<field>=<value>/..., and its row ids (which WAL records written after the checkpoint
use to name deleted rows) must be the same after a restart. The rows are inserted
interleaved across partitions, deleted before and after checkpoints, and the server is
killed with work still only in the WAL. Bad partition_by values are refused at CREATE with
22023 / 42703 and create nothing. Prints `N passed, M failed` last.
"""

import glob
import json
import os
import random
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402

DDL = ("CREATE TABLE ev (id int8, user_id int8, at timestamptz, name text) "
       "WITH (partition_by = 'day(at), bucket(4, user_id)')")


def insert_rows(cur, rng, ids):
    values = []
    for i in ids:
        user = "NULL" if i % 13 == 0 else str(rng.randrange(1, 50))
        at = ("NULL" if i % 17 == 0 else
              f"'2026-01-{rng.randrange(1, 4):02d} {rng.randrange(24):02d}:00:00+00'")
        values.append(f"({i}, {user}, {at}, 'n{i}')")
    cur.execute("INSERT INTO ev VALUES " + ", ".join(values))


class PartitioningTest(unittest.TestCase):

    def rows(self, server):
        return server.query("SELECT * FROM ev ORDER BY id")

    def test_rows_and_row_ids_survive_restarts_and_a_crash(self):
        server = Server()
        try:
            cur = server.connect().cursor()
            cur.execute(DDL)
            rng = random.Random(7)
            insert_rows(cur, rng, range(1, 301))
            cur.execute("DELETE FROM ev WHERE id % 11 = 0")      # before any checkpoint
            cur.execute("CHECKPOINT")
            insert_rows(cur, rng, range(301, 501))
            cur.execute("DELETE FROM ev WHERE id % 7 = 0")       # flushed and new rows
            cur.execute("UPDATE ev SET name = name || '!' WHERE id % 10 = 1")
            cur.execute("CHECKPOINT")
            # Only in the WAL: deletes naming rows of partitioned files by row id.
            cur.execute("DELETE FROM ev WHERE id % 5 = 0")
            cur.execute("UPDATE ev SET user_id = -user_id WHERE id % 9 = 4")
            insert_rows(cur, rng, range(501, 541))
            before = self.rows(server)
            self.assertGreater(len(before), 300)
            server.kill()
            server.restart()
            self.assertEqual(self.rows(server), before)
            # Deletes of reloaded rows go to the right file and position.
            server.query("DELETE FROM ev WHERE id % 3 = 0")
            server.query("CHECKPOINT")
            before = self.rows(server)
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(self.rows(server), before)
            server.query("DELETE FROM ev WHERE id BETWEEN 100 AND 400")
            before = self.rows(server)
            server.kill()
            server.restart()
            self.assertEqual(self.rows(server), before)

            location = os.path.join(server.data_dir, "public", "ev")
            hint = open(os.path.join(location, "metadata", "version-hint.text")).read().strip()
            meta = json.load(open(os.path.join(location, "metadata", f"v{hint}.metadata.json")))
            spec = next(s for s in meta["partition-specs"]
                        if s["spec-id"] == meta["default-spec-id"])
            self.assertEqual(spec["fields"], [
                {"source-id": 3, "field-id": 1000, "name": "at_day", "transform": "day"},
                {"source-id": 2, "field-id": 1001, "name": "user_id_bucket",
                 "transform": "bucket[4]"}])
            self.assertEqual(meta["last-partition-id"], 1001)
            dirs = {os.path.relpath(os.path.dirname(p), os.path.join(location, "data"))
                    for p in glob.glob(os.path.join(location, "data", "**", "*.parquet"),
                                       recursive=True)}
            self.assertIn("at_day=2026-01-02/user_id_bucket=0", dirs)
            self.assertIn("at_day=null/user_id_bucket=null", dirs)
            self.assertTrue(all(d.startswith("at_day=") for d in dirs), dirs)
        finally:
            server.stop()

    def test_unpartitioned_and_time_travel_still_read(self):
        server = Server()
        try:
            server.query("CREATE TABLE plain (id int4, v text)")
            server.query(DDL)
            server.query("INSERT INTO plain SELECT g, 'v' || g FROM generate_series(1, 50) g")
            insert_rows(server.connect().cursor(), random.Random(1), range(1, 60))
            server.query("CHECKPOINT")
            snap = server.query("SELECT max(snapshot_id) FROM firn_snapshots('ev')")[0][0]
            first = self.rows(server)
            server.query("DELETE FROM ev WHERE id < 30")
            server.query("DELETE FROM plain WHERE id < 30")
            server.query("CHECKPOINT")
            conn = server.connect()
            conn.autocommit = False
            cur = conn.cursor()
            cur.execute(f"SET TRANSACTION SNAPSHOT '{snap}'")
            cur.execute("SELECT * FROM ev ORDER BY id")
            self.assertEqual(cur.fetchall(), first)
            conn.rollback()
            conn.close()
            self.assertEqual(server.query("SELECT count(*) FROM plain"), [(21,)])
        finally:
            server.stop()

    def test_bad_partition_by_is_refused_at_create(self):
        server = Server()
        try:
            cur = server.connect().cursor()
            cases = [("nope", "42703"), ("day(nope)", "42703"), ("year(name)", "22023"),
                     ("bucket(4, score)", "22023"), ("bucket(4, flag)", "22023"),
                     ("hour(d)", "22023"), ("sqrt(id)", "22023"), ("bucket(0, id)", "22023"),
                     ("day(at), day(at)", "22023"), ("day(at", "22023")]
            for value, code in cases:
                with self.assertRaises(psycopg2.Error, msg=value) as ctx:
                    cur.execute("CREATE TABLE bad (id int8, name text, score float8, "
                                "flag bool, d date, at timestamptz) "
                                f"WITH (partition_by = '{value}')")
                self.assertEqual(ctx.exception.pgcode, code, value)
                if code == "22023":
                    self.assertIn("partition_by", ctx.exception.pgerror)
                    self.assertIn("bucket(N, col)", ctx.exception.diag.message_hint or "")
            with self.assertRaises(psycopg2.Error) as ctx:
                cur.execute("SELECT * FROM bad")
            self.assertEqual(ctx.exception.pgcode, "42P01")
            cur.execute("CREATE TABLE good (id int8, name text, d date) WITH "
                        "(partition_by = 'truncate[2](name), months(d), bucket[3](id), id')")
            cur.execute("INSERT INTO good VALUES (1, 'abc', '1969-12-31'), (2, NULL, NULL)")
            cur.execute("CHECKPOINT")
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(server.query("SELECT id, name, d::text FROM good ORDER BY id"),
                             [(1, "abc", "1969-12-31"), (2, None, None)])
            data = os.path.join(server.data_dir, "public", "good", "data")
            self.assertTrue(os.path.isdir(os.path.join(
                data, "name_trunc=ab", "d_month=1969-12")), os.listdir(data))
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(PartitioningTest, needs_dsn=False))
