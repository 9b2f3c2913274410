#!/usr/bin/env python3
"""Indexes (catalog entries) survive crashes, checkpoints and restarts.

    FIRN_BIN=build/firn python3 tests/server/test_indexes.py

- CREATE INDEX and DROP INDEX come back after a crash (kill -9, replayed from the WAL) and
  after a checkpoint and a clean restart; a rolled-back DROP INDEX stays undone.
- An index follows its table's renames (table and column) and goes with DROP TABLE.
- An index another session made on a column whose ADD COLUMN is rolled back goes with it.
Prints `N passed, M failed` last.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib  # noqa: E402


class IndexTest(unittest.TestCase):
    def indexes(self, server):
        return server.query("SELECT indexname, indexdef FROM pg_indexes ORDER BY 1")

    def test_indexes_survive_crashes_checkpoints_and_restarts(self):
        server = Server()
        try:
            server.query("CREATE TABLE ev (id bigint, user_id bigint, at timestamp)")
            server.query("CREATE INDEX ON ev (user_id, at DESC)")
            server.query("CREATE INDEX ev_id ON ev USING hash (id)")
            server.query("CREATE INDEX gone ON ev (at)")
            server.query("DROP INDEX gone")
            conn = server.connect()
            conn.autocommit = False
            with conn.cursor() as cur:
                cur.execute("DROP INDEX ev_id")
            conn.rollback()
            conn.close()
            expected = [
                ("ev_id", "CREATE INDEX ev_id ON public.ev USING hash (id)"),
                ("ev_user_id_at_idx",
                 "CREATE INDEX ev_user_id_at_idx ON public.ev USING btree (user_id, at DESC)"),
            ]
            self.assertEqual(self.indexes(server), expected)
            server.kill()
            server.restart()
            self.assertEqual(self.indexes(server), expected, "after a crash")
            server.query("CHECKPOINT")
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(self.indexes(server), expected, "after a checkpoint and a restart")

            server.query("ALTER TABLE ev RENAME COLUMN user_id TO uid")
            server.query("ALTER TABLE ev RENAME TO events")
            server.kill()
            server.restart()
            self.assertEqual(self.indexes(server)[1][1],
                             "CREATE INDEX ev_user_id_at_idx ON public.events USING btree "
                             "(uid, at DESC)")
            server.query("DROP TABLE events")
            server.kill()
            server.restart()
            self.assertEqual(self.indexes(server), [])
        finally:
            server.stop()

    def test_index_on_a_column_whose_add_is_rolled_back(self):
        # DDL is visible before COMMIT: another session may index a column that is then
        # rolled back. The index goes with it; nothing reads a column that is not there.
        server = Server()
        try:
            server.query("CREATE TABLE t (id int)")
            adder = server.connect()
            adder.autocommit = False
            with adder.cursor() as cur:
                cur.execute("ALTER TABLE t ADD COLUMN c int")
            server.query("CREATE INDEX t_c ON t (c, id)")
            server.query("CREATE INDEX t_id ON t (id)")
            adder.rollback()
            adder.close()
            self.assertEqual(server.query("SELECT indexname FROM pg_indexes ORDER BY 1"),
                             [("t_id",)])
            self.assertEqual(server.query(
                "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"),
                [(1,)])
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT indexname FROM pg_indexes ORDER BY 1"),
                             [("t_id",)])
            server.query("CREATE INDEX t_c ON t (id)")  # the name is free: the index is gone
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(IndexTest, needs_dsn=False))
