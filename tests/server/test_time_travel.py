#!/usr/bin/env python3
"""Snapshots and time travel over Firn's Iceberg history, with psycopg2.

    FIRN_BIN=build/firn python3 tests/server/test_time_travel.py

CHECKPOINT commits one Iceberg snapshot per changed table; firn_snapshots('t') lists them;
SET TRANSACTION SNAPSHOT '<id or tag>' reads every table at the checkpoint that wrote that
snapshot; SET firn.as_of reads at an instant; CALL firn_create_tag pins a snapshot by name,
across restarts. Prints `N passed, M failed` last.
"""

import json
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402


class TimeTravelTest(unittest.TestCase):

    def setUp(self):
        self.server = Server()
        self.conn = self.server.connect()
        self.cur = self.conn.cursor()

    def tearDown(self):
        self.conn.close()
        self.server.stop()

    def q(self, sql, args=None):
        self.cur.execute(sql, args)
        return self.cur.fetchall() if self.cur.description else None

    def sqlstate(self, sql):
        try:
            self.cur.execute(sql)
        except psycopg2.Error as e:
            return e.pgcode
        return "ok"

    def test_snapshots_time_travel_and_tags(self):
        self.q("CREATE TABLE t (a int, s text)")
        self.q("CREATE TABLE u (b int)")
        self.assertEqual(self.q("SELECT * FROM firn_snapshots('t')"), [])
        self.q("INSERT INTO t VALUES (1, 'one'), (2, 'two')")
        self.q("INSERT INTO u VALUES (10)")
        self.q("CHECKPOINT")
        time.sleep(0.01)
        between = self.q("SELECT now()")[0][0]
        time.sleep(0.01)
        self.q("DELETE FROM t WHERE a = 1")
        self.q("INSERT INTO t VALUES (3, 'three')")
        self.q("CHECKPOINT")
        self.q("INSERT INTO u VALUES (20)")  # u changes, t does not
        self.q("CHECKPOINT")
        self.q("INSERT INTO t VALUES (4, 'not checkpointed')")

        snaps = self.q("SELECT snapshot_id, parent_id, operation, summary, tags "
                       "FROM firn_snapshots('t') ORDER BY committed_at, snapshot_id")
        self.assertEqual(len(snaps), 2)
        first, second = snaps
        self.assertIsNone(first[1])
        self.assertEqual(second[1], first[0])
        self.assertEqual(first[2], "append")
        self.assertEqual(second[2], "overwrite")  # new rows and a position delete
        self.assertEqual(json.loads(first[3])["added-records"], "2")
        self.assertEqual(json.loads(second[3])["total-position-deletes"], "1")
        self.assertEqual(first[4], [])
        u_snaps = self.q("SELECT snapshot_id FROM firn_snapshots('public.u') ORDER BY committed_at")
        self.assertEqual(len(u_snaps), 2)

        # Every table at the checkpoint that wrote t's first snapshot.
        self.q("BEGIN")
        self.q("SET TRANSACTION SNAPSHOT %s", (str(first[0]),))
        self.assertEqual(self.q("SELECT * FROM t ORDER BY a"), [(1, "one"), (2, "two")])
        self.assertEqual(self.q("SELECT * FROM u"), [(10,)])
        self.assertEqual(self.sqlstate("INSERT INTO t VALUES (9, 'x')"), "25006")
        self.q("ROLLBACK")
        # u's second snapshot: t as of that checkpoint (its second snapshot), u with 20.
        self.q("BEGIN")
        self.q("SET TRANSACTION SNAPSHOT %s", (str(u_snaps[1][0]),))
        self.assertEqual(self.q("SELECT a FROM t ORDER BY a"), [(2,), (3,)])
        self.assertEqual(self.q("SELECT b FROM u ORDER BY b"), [(10,), (20,)])
        self.q("COMMIT")
        self.assertEqual(self.q("SELECT a FROM t ORDER BY a"), [(2,), (3,), (4,)])

        # An instant.
        self.q("SET firn.as_of = %s", (between.isoformat(),))
        self.assertEqual(self.q("SELECT a FROM t ORDER BY a"), [(1,), (2,)])
        self.q("SET firn.as_of = '2000-01-01 00:00+00'")
        self.assertEqual(self.q("SELECT count(*) FROM t"), [(0,)])
        self.q("RESET firn.as_of")
        self.assertEqual(self.q("SELECT count(*) FROM t"), [(3,)])
        self.assertEqual(self.sqlstate("SET firn.as_of = 'not a time'"), "22007")

        # A tag pins the first snapshot; it survives a restart.
        self.q("CALL firn_create_tag('t', 'train-v1', %s)", (first[0],))
        self.assertEqual(self.q("SELECT tags FROM firn_snapshots('t') WHERE snapshot_id = %s",
                                (first[0],)), [(["train-v1"],)])
        self.conn.close()
        self.server.kill()
        self.server.restart()
        self.conn = self.server.connect()
        self.cur = self.conn.cursor()
        self.q("BEGIN")
        self.q("SET TRANSACTION SNAPSHOT 'train-v1'")
        self.assertEqual(self.q("SELECT * FROM t ORDER BY a"), [(1, "one"), (2, "two")])
        self.q("COMMIT")
        self.assertEqual(self.q("SELECT a FROM t ORDER BY a"), [(2,), (3,), (4,)])

    def test_errors(self):
        self.q("CREATE TABLE t (a int)")
        self.assertEqual(self.sqlstate("SET TRANSACTION SNAPSHOT '1'"), "25P01")
        self.q("BEGIN")
        self.assertEqual(self.sqlstate("SET TRANSACTION SNAPSHOT 'nope'"), "22023")
        self.q("ROLLBACK")
        self.assertEqual(self.sqlstate("CALL firn_create_tag('t', 'x')"), "22023")  # no snapshot
        self.assertEqual(self.sqlstate("CALL firn_create_tag('missing', 'x')"), "42P01")
        self.assertEqual(self.sqlstate("CALL no_such_procedure()"), "42883")
        self.assertEqual(self.sqlstate("SELECT * FROM firn_snapshots('missing')"), "42P01")
        self.q("INSERT INTO t VALUES (1)")
        self.q("CHECKPOINT")
        self.assertEqual(self.sqlstate("CALL firn_create_tag('t', 'main')"), "22023")
        self.assertEqual(self.sqlstate("CALL firn_create_tag('t', 'x', 12345)"), "22023")
        self.q("CREATE ROLE plain LOGIN")
        other = self.server.connect(user="plain")
        with other.cursor() as cur:
            with self.assertRaises(psycopg2.Error) as denied:
                cur.execute("CHECKPOINT")
            self.assertEqual(denied.exception.pgcode, "42501")
        other.close()


if __name__ == "__main__":
    sys.exit(clientlib.run(TimeTravelTest, needs_dsn=False))
