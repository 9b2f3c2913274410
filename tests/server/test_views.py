#!/usr/bin/env python3
"""Plain views (CREATE VIEW) survive crashes, checkpoints and restarts.

    FIRN_BIN=build/firn python3 tests/server/test_views.py

- Views, views over views, a CREATE OR REPLACE and a rename come back after a crash (kill -9,
  replayed from the WAL) and after a checkpoint and a clean restart, and bind again to the
  relations they named at CREATE (found by OID: renamed tables are still found); rolled-back
  CREATE / DROP / REPLACE stay undone.
- DROP TABLE ... CASCADE takes the views that read the table, durably.
- A view over a feature view finds it again after a crash.
Prints `N passed, M failed` last.
"""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib  # noqa: E402


class ViewTest(unittest.TestCase):
    def views(self, server):
        return server.query("SELECT viewname, definition FROM pg_views "
                            "WHERE schemaname = 'public' ORDER BY 1")

    def rows(self, server):
        return server.query("SELECT user_id, total::text, doubled::text FROM big_spenders "
                            "ORDER BY user_id")

    def test_views_survive_crashes_checkpoints_and_restarts(self):
        server = Server()
        try:
            server.query("CREATE TABLE orders (id int, user_id int, amount numeric)")
            server.query("INSERT INTO orders VALUES (1, 10, 5), (2, 10, 7), (3, 20, 100), "
                         "(4, 30, 1)")
            server.query("CREATE VIEW totals (user_id, total) AS "
                         "SELECT user_id, sum(amount) FROM orders GROUP BY user_id")
            server.query("CREATE VIEW big AS SELECT * FROM totals WHERE total > 10")
            server.query("CREATE OR REPLACE VIEW big AS "
                         "SELECT *, total * 2 AS doubled FROM totals WHERE total > 10")
            server.query("ALTER VIEW big RENAME TO big_spenders")
            server.query("CREATE VIEW gone AS SELECT 1 AS one")
            server.query("DROP VIEW gone")
            conn = server.connect()
            conn.autocommit = False
            with conn.cursor() as cur:
                cur.execute("DROP VIEW big_spenders")
                cur.execute("CREATE VIEW never AS SELECT 2 AS two")
                cur.execute("CREATE OR REPLACE VIEW totals (user_id, total) AS "
                            "SELECT user_id, sum(amount) + 1000, 1 AS x FROM orders "
                            "GROUP BY user_id")
            conn.rollback()
            conn.close()
            expected_views = [
                ("big_spenders",
                 " SELECT *, total * 2 AS doubled FROM totals WHERE total > 10;"),
                ("totals", " SELECT user_id, sum(amount) FROM orders GROUP BY user_id;"),
            ]
            expected_rows = [(10, "12", "24"), (20, "100", "200")]
            self.assertEqual(self.views(server), expected_views)
            self.assertEqual(self.rows(server), expected_rows)
            server.kill()
            server.restart()
            self.assertEqual(self.views(server), expected_views, "after a crash")
            self.assertEqual(self.rows(server), expected_rows, "after a crash")
            server.query("CHECKPOINT")
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(self.views(server), expected_views, "after a checkpoint")
            self.assertEqual(self.rows(server), expected_rows, "after a checkpoint")

            # The view finds its table by OID under its new name, also after a crash, and
            # its `*` still means the columns it had at CREATE.
            server.query("ALTER TABLE orders RENAME TO purchases")
            server.query("ALTER TABLE purchases ADD COLUMN note text")
            server.query("INSERT INTO purchases VALUES (5, 30, 50, 'late')")
            expected_rows = [(10, "12", "24"), (20, "100", "200"), (30, "51", "102")]
            server.kill()
            server.restart()
            self.assertEqual(self.rows(server), expected_rows, "after a rename and a crash")

            server.query("DROP TABLE purchases CASCADE")
            server.kill()
            server.restart()
            self.assertEqual(self.views(server), [])
            server.query("CREATE VIEW totals AS SELECT 1 AS one")  # the names are free
        finally:
            server.stop()

    def test_view_over_a_feature_view_survives_a_crash(self):
        server = Server()
        try:
            server.query("CREATE TABLE ev (user_id bigint, amount float8, at timestamptz) "
                         "WITH (event_time = 'at')")
            server.query("INSERT INTO ev VALUES (1, 5, now()), (2, 7, now()), (1, 1, now())")
            server.query("CREATE MATERIALIZED VIEW fv WITH (entity = 'user_id') AS "
                         "SELECT user_id, count(*) AS n FROM ev GROUP BY user_id")
            server.query("CREATE VIEW busy AS SELECT user_id FROM fv WHERE n > 1")
            self.assertEqual(server.query("SELECT * FROM busy"), [(1,)])
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT * FROM busy"), [(1,)], "after a crash")
            with self.assertRaises(Exception) as refused:
                server.query("DROP MATERIALIZED VIEW fv")
            self.assertIn("view busy depends on materialized view fv", str(refused.exception))
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(ViewTest, needs_dsn=False))
