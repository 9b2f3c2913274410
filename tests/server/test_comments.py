#!/usr/bin/env python3
"""COMMENT ON survives what the SQL logic tests cannot do to it: a crash and a restart.

    FIRN_BIN=build/firn python3 tests/server/test_comments.py

Comments on a table, a column, a view and a schema, set before and after a checkpoint, are
there after kill -9 and after a clean restart; a comment removed, or on a dropped table, is
gone. Prints `N passed, M failed` last.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib  # noqa: E402

COMMENTS = ("SELECT coalesce(obj_description('docs'::regclass, 'pg_class'), '-'), "
            "coalesce(col_description('docs'::regclass, 1), '-'), "
            "coalesce(col_description('docs'::regclass, 2), '-'), "
            "coalesce(obj_description('docs_v'::regclass, 'pg_class'), '-'), "
            "(SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace "
            "WHERE nspname = 'public')")


class CommentsTest(unittest.TestCase):
    def test_comments_survive_crash_and_restart(self):
        server = Server()
        try:
            server.query("CREATE TABLE docs (id int, body text)")
            server.query("CREATE TABLE gone (id int)")
            server.query("CREATE VIEW docs_v AS SELECT id FROM docs")
            server.query("COMMENT ON TABLE docs IS 'the documents'")
            server.query("COMMENT ON COLUMN docs.body IS 'markdown'")
            server.query("COMMENT ON TABLE gone IS 'to be dropped'")
            server.query("CHECKPOINT")
            server.query("COMMENT ON COLUMN docs.id IS 'key'")
            server.query("COMMENT ON COLUMN docs.body IS NULL")
            server.query("COMMENT ON VIEW docs_v IS 'ids only'")
            server.query("COMMENT ON SCHEMA public IS 'standard public schema'")
            server.query("DROP TABLE gone")
            expected = [("the documents", "key", "-", "ids only", "standard public schema")]
            self.assertEqual(server.query(COMMENTS), expected)
            server.kill()
            server.restart()
            self.assertEqual(server.query(COMMENTS), expected)
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(server.query(COMMENTS), expected)
            self.assertEqual(server.query(
                "SELECT count(*) FROM pg_description WHERE description = 'to be dropped'"), [(0,)])
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(CommentsTest, needs_dsn=False))
