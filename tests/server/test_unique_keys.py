#!/usr/bin/env python3
"""PRIMARY KEY and UNIQUE beyond what the SQL logic tests reach: sessions, crashes, COPY.

    FIRN_BIN=build/firn python3 tests/server/test_unique_keys.py

- Of two transactions inserting one key, the second to commit fails with 23505 and leaves
  nothing; of two transactions updating one row, the second fails with 40001.
- Sessions inserting overlapping keys at once commit each key exactly once.
- After a crash (kill -9) and after a clean restart, with rows in Parquet files (checkpoint)
  and in the log, every committed key is still enforced, and a deleted key can be reused.
- INSERT ... ON CONFLICT DO NOTHING makes a replayed batch a no-op, also across a
  checkpoint and a crash; DO UPDATE updates rows read from Parquet files and from memory.
- COPY of rows with a key already there, or twice in the input, fails as a whole.
Prints `N passed, M failed` last.
"""

import io
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402


def sqlstate(fn):
    try:
        fn()
    except psycopg2.Error as e:
        return e.pgcode
    return None


class UniqueKeysTest(unittest.TestCase):
    def test_second_committer_of_a_key_fails(self):
        server = Server()
        try:
            server.query("CREATE TABLE acct (id int PRIMARY KEY, owner text UNIQUE, bal int)")
            server.query("INSERT INTO acct VALUES (1, 'ann', 10)")
            a = server.connect()
            b = server.connect()
            a.autocommit = b.autocommit = False
            ca, cb = a.cursor(), b.cursor()
            ca.execute("INSERT INTO acct VALUES (2, 'bob', 0)")
            cb.execute("INSERT INTO acct VALUES (2, 'cy', 0)")  # not visible to b yet
            a.commit()
            self.assertEqual(sqlstate(b.commit), "23505")
            self.assertEqual(server.query("SELECT id, owner FROM acct ORDER BY id"),
                             [(1, "ann"), (2, "bob")])

            # Two updates of one row: the second commit would duplicate it.
            ca.execute("UPDATE acct SET bal = bal + 1 WHERE id = 1")
            cb.execute("UPDATE acct SET bal = bal + 5 WHERE id = 1")
            a.commit()
            self.assertEqual(sqlstate(b.commit), "40001")
            self.assertEqual(server.query("SELECT bal FROM acct WHERE id = 1"), [(11,)])

            # A key freed by a commit can be taken by another session's later insert.
            ca.execute("DELETE FROM acct WHERE id = 2")
            a.commit()
            cb.execute("INSERT INTO acct VALUES (2, 'dee', 1)")
            b.commit()
            self.assertEqual(server.query("SELECT owner FROM acct WHERE id = 2"), [("dee",)])
            a.close()
            b.close()
        finally:
            server.stop()

    def test_concurrent_inserts_commit_each_key_once(self):
        server = Server()
        try:
            server.query("CREATE TABLE ev (id bigint PRIMARY KEY, w int)")
            committed = [[] for _ in range(4)]
            errors = []

            def work(w):
                conn = server.connect()
                conn.autocommit = True
                cur = conn.cursor()
                for i in range(150):
                    key = (i * 7 + w * 3) % 200  # workers overlap on most keys
                    try:
                        cur.execute("INSERT INTO ev VALUES (%s, %s)", (key, w))
                        committed[w].append(key)
                    except psycopg2.Error as e:
                        if e.pgcode != "23505":
                            errors.append(e)
                conn.close()

            threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            all_keys = [k for keys in committed for k in keys]
            self.assertEqual(len(all_keys), len(set(all_keys)), "a key committed twice")
            rows = server.query("SELECT id, w FROM ev ORDER BY id")
            self.assertEqual(sorted(all_keys), [r[0] for r in rows])
            self.assertEqual(server.query("SELECT count(*) = count(DISTINCT id) FROM ev"),
                             [(True,)])
        finally:
            server.stop()

    def test_keys_are_enforced_after_crash_and_restart(self):
        server = Server()
        try:
            server.query("CREATE TABLE u (id int PRIMARY KEY, email text, "
                         "CONSTRAINT u_email UNIQUE (email))")
            server.query("INSERT INTO u SELECT g, 'm' || g FROM generate_series(1, 3000) g")
            server.query("CHECKPOINT")  # these rows now live in Parquet files
            server.query("INSERT INTO u VALUES (5001, 'late'), (5002, 'later')")
            server.query("DELETE FROM u WHERE id IN (7, 5002)")
            server.kill()
            server.restart()
            for sql, state in [("INSERT INTO u VALUES (1, 'x')", "23505"),
                               ("INSERT INTO u VALUES (9999, 'm2999')", "23505"),
                               ("INSERT INTO u VALUES (5001, 'y')", "23505"),
                               ("INSERT INTO u VALUES (9998, 'late')", "23505")]:
                self.assertEqual(sqlstate(lambda: server.query(sql)), state, sql)
            server.query("INSERT INTO u VALUES (7, 'm7'), (5002, 'later')")  # freed keys
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(sqlstate(lambda: server.query("INSERT INTO u VALUES (7, 'z')")),
                             "23505")
            self.assertEqual(
                server.query("SELECT conname FROM pg_constraint WHERE conrelid = 'u'::regclass "
                             "ORDER BY 1"), [("u_email",), ("u_pkey",)])
            self.assertEqual(server.query("SELECT count(*), count(DISTINCT id) FROM u"),
                             [(3002, 3002)])
        finally:
            server.stop()

    def test_on_conflict_do_nothing_makes_a_replayed_batch_a_no_op(self):
        server = Server()
        try:
            server.query("CREATE TABLE events (event_id bigint PRIMARY KEY, user_id int, v float8)")
            batch = "INSERT INTO events SELECT g, g %% 10, g * 0.5 FROM generate_series(%s, %s) g " \
                    "ON CONFLICT (event_id) DO NOTHING"
            server.query(batch, (1, 5000))
            server.query("CHECKPOINT")
            server.query(batch, (4001, 6000))  # a retry overlapping the first batch
            server.kill()
            server.restart()
            server.query(batch, (1, 6000))  # replayed whole after the crash
            self.assertEqual(server.query("SELECT count(*), count(DISTINCT event_id), "
                                          "min(event_id), max(event_id) FROM events"),
                             [(6000, 6000, 1, 6000)])
        finally:
            server.stop()

    def test_on_conflict_do_update_reads_rows_from_files_and_log(self):
        server = Server()
        try:
            server.query("CREATE TABLE totals (user_id int PRIMARY KEY, n int, total float8)")
            upsert = ("INSERT INTO totals SELECT g %% %s, 1, g FROM generate_series(%s, %s) g "
                      "ON CONFLICT (user_id) DO UPDATE SET n = totals.n + excluded.n, "
                      "total = totals.total + excluded.total")
            server.query(upsert, (100000, 1, 3000))  # 3000 new users
            server.query("CHECKPOINT")  # their rows now live in a Parquet file
            server.query(upsert, (1000, 1, 1000))  # users 1..999 one more each, user 0 new
            server.query(upsert, (500, 1, 500))  # users 1..499 and 0: one more again
            server.kill()
            server.restart()
            rows = dict((r[0], (r[1], r[2])) for r in server.query("SELECT * FROM totals"))
            self.assertEqual(len(rows), 3001)  # user 0 is new in the second batch (g = 1000)
            self.assertEqual(rows[1], (3, 1 + 1 + 1))
            self.assertEqual(rows[0], (2, 1000 + 500))
            self.assertEqual(rows[700], (2, 700 + 700))
            self.assertEqual(rows[2999], (1, 2999))
            self.assertEqual(server.query("SELECT sum(n) FROM totals"), [(3000 + 1000 + 500,)])
        finally:
            server.stop()

    def test_copy_with_a_duplicate_fails_as_a_whole(self):
        server = Server()
        try:
            server.query("CREATE TABLE c (id int PRIMARY KEY, v text)")
            server.query("INSERT INTO c VALUES (1, 'one')")
            conn = server.connect()
            conn.autocommit = True
            cur = conn.cursor()
            for data in ["2\ttwo\n3\tthree\n1\tagain\n", "4\tfour\n5\tfive\n4\tfour again\n"]:
                with self.assertRaises(psycopg2.Error) as caught:
                    cur.copy_expert("COPY c FROM STDIN", io.StringIO(data))
                self.assertEqual(caught.exception.pgcode, "23505")
            cur.copy_expert("COPY c FROM STDIN", io.StringIO("2\ttwo\n3\tthree\n"))
            conn.close()
            self.assertEqual(server.query("SELECT id FROM c ORDER BY id"), [(1,), (2,), (3,)])
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(UniqueKeysTest, needs_dsn=False))
