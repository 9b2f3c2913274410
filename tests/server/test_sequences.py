#!/usr/bin/env python3
"""Sequences beyond what the SQL logic tests reach: durability and concurrency.

    FIRN_BIN=build/firn python3 tests/server/test_sequences.py

- A value nextval handed out is never handed out again after a crash (kill -9): not for
  autocommit SELECT nextval() calls, not for serial ids of committed rows, not after a
  CHECKPOINT truncated the log, not after setval or ALTER SEQUENCE RESTART. Up to 32
  values may be skipped (the durable position runs ahead, as in PostgreSQL).
- Definitions survive a crash and a clean restart: options, OWNED BY, identity columns
  (GENERATED ALWAYS still refuses values), serial defaults; a CREATE SEQUENCE rolled back
  stays gone and a DROP SEQUENCE rolled back stays undone.
- Sessions calling nextval at once get distinct values that together are one run.
- TRUNCATE ... RESTART IDENTITY of checkpointed and new rows survives a crash and a
  checkpoint (no row comes back; ids start again).
Prints `N passed, M failed` last.
"""

import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402

LOG_AHEAD = 32


class SequenceTest(unittest.TestCase):
    def test_values_are_never_handed_out_again_after_a_crash(self):
        server = Server()
        try:
            server.query("CREATE SEQUENCE s")
            seen = [server.query("SELECT nextval('s')")[0][0] for _ in range(5)]
            seen += [r[0] for r in server.query("SELECT nextval('s') FROM generate_series(1, 70)")]
            self.assertEqual(seen, list(range(1, 76)))
            server.kill()
            server.restart()
            after = server.query("SELECT nextval('s')")[0][0]
            self.assertGreater(after, max(seen))
            self.assertLessEqual(after, max(seen) + LOG_AHEAD + 1)

            # Serial ids of committed rows, across a checkpoint that truncates the log.
            server.query("CREATE TABLE t (id serial PRIMARY KEY, v text)")
            for i in range(10):
                server.query("INSERT INTO t (v) VALUES (%s)", (str(i),))
            server.query("CHECKPOINT")
            for i in range(10, 15):
                server.query("INSERT INTO t (v) VALUES (%s)", (str(i),))
            server.kill()
            server.restart()
            for i in range(15, 60):
                server.query("INSERT INTO t (v) VALUES (%s)", (str(i),))
            ids = [r[0] for r in server.query("SELECT id FROM t ORDER BY v::int")]
            self.assertEqual(len(ids), 60)
            self.assertEqual(len(set(ids)), 60, "an id was handed out twice")
            self.assertEqual(ids, sorted(ids))
            self.assertEqual(ids[:15], list(range(1, 16)))

            # setval and RESTART are durable at once.
            server.query("SELECT setval('s', 1000)")
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT nextval('s')")[0][0], 1001)
            server.query("ALTER SEQUENCE s RESTART WITH 5000")
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT nextval('s')")[0][0], 5000)
        finally:
            server.stop()

    def test_definitions_survive_crashes_and_restarts(self):
        server = Server()
        try:
            server.query("CREATE SEQUENCE d AS integer INCREMENT BY -3 MINVALUE -100 MAXVALUE 50 "
                         "START 20 CYCLE")
            server.query("CREATE TABLE ids (id bigint GENERATED ALWAYS AS IDENTITY "
                         "(START WITH 100 INCREMENT BY 10), s serial, v text)")
            server.query("INSERT INTO ids (v) VALUES ('a')")
            server.query("CREATE SEQUENCE owned OWNED BY ids.v")
            conn = server.connect()
            conn.autocommit = False
            with conn.cursor() as cur:
                cur.execute("CREATE SEQUENCE undone")
                cur.execute("DROP SEQUENCE d")
            conn.rollback()
            conn.close()
            for stop in ("kill", "clean", "checkpoint"):
                if stop == "checkpoint":
                    server.query("CHECKPOINT")
                    server.kill()
                elif stop == "kill":
                    server.kill()
                else:
                    server.stop(cleanup=False)
                server.restart()
                rows = server.query(
                    "SELECT sequencename, data_type::text, start_value, min_value, max_value, "
                    "increment_by, cycle FROM pg_sequences ORDER BY 1")
                self.assertEqual(rows, [
                    ("d", "integer", 20, -100, 50, -3, True),
                    ("ids_id_seq", "bigint", 100, 1, 9223372036854775807, 10, False),
                    ("ids_s_seq", "integer", 1, 1, 2147483647, 1, False),
                    ("owned", "bigint", 1, 1, 9223372036854775807, 1, False),
                ], stop)
                with self.assertRaises(psycopg2.Error) as ctx:
                    server.query("INSERT INTO ids VALUES (1, 1, 'x')")
                self.assertEqual(ctx.exception.pgcode, "428C9")
                server.query("INSERT INTO ids (v) VALUES (%s)", (stop,))
                self.assertEqual(server.query("SELECT pg_get_serial_sequence('ids', 's')"),
                                 [("public.ids_s_seq",)])
            rows = server.query("SELECT id, s, v FROM ids ORDER BY id")
            self.assertEqual([r[2] for r in rows], ["a", "kill", "clean", "checkpoint"])
            self.assertEqual(len({r[0] for r in rows}), 4)
            self.assertEqual(len({r[1] for r in rows}), 4)
            self.assertEqual(rows[0][:2], (100, 1))
            server.query("DROP TABLE ids")  # takes its sequences, and the one OWNED BY it
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT sequencename FROM pg_sequences"), [("d",)])
        finally:
            server.stop()

    def test_truncate_restart_identity_survives_checkpoints_and_crashes(self):
        server = Server()
        try:
            server.query("CREATE TABLE tr (id serial, v int)")
            server.query("INSERT INTO tr (v) SELECT g FROM generate_series(1, 3000) g")
            server.query("CHECKPOINT")  # the rows now live in a Parquet file
            server.query("INSERT INTO tr (v) VALUES (-1)")
            server.query("TRUNCATE tr RESTART IDENTITY")
            server.query("INSERT INTO tr (v) VALUES (1)")
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT id, v FROM tr"), [(1, 1)])
            server.query("CHECKPOINT")
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT id, v FROM tr"), [(1, 1)])
            # After a crash the sequence resumes past its durable position (up to 32 skipped).
            [(after,)] = server.query("INSERT INTO tr (v) VALUES (2) RETURNING id")
            self.assertGreater(after, 1)
            self.assertLessEqual(after, 2 + LOG_AHEAD)
        finally:
            server.stop()

    def test_concurrent_sessions_get_distinct_values(self):
        server = Server()
        try:
            server.query("CREATE TABLE c (id bigserial, worker int)")
            errors = []

            def work(worker):
                try:
                    conn = server.connect()
                    with conn.cursor() as cur:
                        for _ in range(250):
                            cur.execute("INSERT INTO c (worker) VALUES (%s)", (worker,))
                            cur.execute("SELECT nextval('c_id_seq')")
                    conn.close()
                except Exception as e:  # noqa: BLE001 - reported below
                    errors.append(e)

            threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            ids = [r[0] for r in server.query("SELECT id FROM c")]
            self.assertEqual(len(ids), 1000)
            self.assertEqual(len(set(ids)), 1000)
            last = server.query("SELECT nextval('c_id_seq')")[0][0]
            self.assertEqual(last, 2001)  # 1000 ids and 1000 SELECTs used 1..2000
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(SequenceTest, needs_dsn=False))
