#!/usr/bin/env python3
"""Durability of `firn serve`: restarts, crashes (kill -9) under load, a torn WAL tail,
a full disk.

    FIRN_BIN=build/firn python3 tests/server/test_durability.py

Every acknowledged write must be present exactly once after a restart, and nothing that
was not acknowledged may be half-visible (a COPY batch or a two-table transaction is all
or nothing). Prints `N passed, M failed` last.
"""

import io
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402

CRASH_CYCLES = int(os.environ.get("FIRN_CRASH_CYCLES", "8"))


class Worker(threading.Thread):
    """Writes until the server dies; remembers what was acknowledged and what was in flight."""

    def __init__(self, server, client, kind):
        super().__init__(daemon=True)
        self.server, self.client, self.kind = server, client, kind
        self.acked = []      # units (seq or batch start) the server acknowledged
        self.in_flight = None

    def run(self):
        try:
            conn = self.server.connect()
            cur = conn.cursor()
            seq = 0
            while True:
                self.in_flight = seq
                if self.kind == "insert":
                    cur.execute("INSERT INTO ev VALUES (%s, %s, %s)", (self.client, seq, "i" * (seq % 50)))
                    step = 1
                elif self.kind == "copy":
                    rows = "".join(f"{self.client}\t{seq + i}\tcopy row {i}\n" for i in range(200))
                    cur.copy_expert("COPY ev FROM STDIN", io.StringIO(rows))
                    step = 200
                elif self.kind == "checkpoint":  # flushes to Iceberg race with the writers
                    time.sleep(0.05 + (seq % 5) * 0.05)
                    cur.execute("CHECKPOINT")
                    step = 1
                else:  # one transaction over two tables
                    cur.execute("BEGIN")
                    cur.execute("INSERT INTO ev VALUES (%s, %s, 'txn')", (self.client, seq))
                    cur.execute("INSERT INTO ev2 VALUES (%s, %s)", (self.client, seq))
                    cur.execute("COMMIT")
                    step = 1
                self.acked.append(seq)
                self.in_flight = None
                seq += step
        except psycopg2.Error:
            return


class DurabilityTest(unittest.TestCase):

    def test_everything_survives_a_clean_restart_and_a_crash(self):
        server = Server()
        try:
            conn = server.connect()
            cur = conn.cursor()
            cur.execute("CREATE SCHEMA s2")
            cur.execute("CREATE TABLE s2.typed (b bool, i2 int2, i4 int4, i8 int8, f4 float4, "
                        "f8 float8, n numeric(12,3), nu numeric, t text, v varchar(5), "
                        "c char(3), d date, ts timestamp, tz timestamptz, iv interval, "
                        "arr int4[], tarr text[])")
            cur.execute("INSERT INTO s2.typed VALUES (true, 1, -2, 9223372036854775807, 1.5, "
                        "-0.25, 123456789.123, 'NaN', 'héllo', 'abc', 'x', '2024-02-29', "
                        "'2024-01-01 12:34:56.789', 'infinity', '1 year 2 days 00:00:01', "
                        "'{1,NULL,3}', '{\"a b\",NULL}')")
            cur.execute("INSERT INTO s2.typed (i4) VALUES (NULL)")
            cur.execute("CREATE TABLE gone (x int)")
            cur.execute("INSERT INTO gone VALUES (1)")
            cur.execute("DROP TABLE gone")
            cur.execute("CREATE TABLE gone (y text)")  # same name, new table
            cur.execute("INSERT INTO gone VALUES ('new')")
            cur.execute("CREATE TABLE nums (n int)")
            cur.execute("INSERT INTO nums SELECT g FROM generate_series(1, 5000) g")
            cur.execute("DELETE FROM nums WHERE n % 3 = 0")
            cur.execute("UPDATE nums SET n = -n WHERE n < 10")
            cur.execute("BEGIN")
            cur.execute("INSERT INTO nums VALUES (999999)")
            cur.execute("ROLLBACK")
            cur.execute("CREATE ROLE carol LOGIN PASSWORD 'pw'")
            cur.execute("SET synchronous_commit = off")
            cur.execute("INSERT INTO nums VALUES (123456789)")  # flushed at shutdown
            queries = ["SELECT * FROM s2.typed ORDER BY i4 NULLS LAST",
                       "SELECT * FROM gone",
                       "SELECT count(*), sum(n), min(n) FROM nums",
                       "SELECT rolname FROM pg_roles ORDER BY 1"]
            before = [repr(server.query(q)) for q in queries]  # repr: NaN != NaN
            conn.close()
            self.assertEqual(server.stop(cleanup=False), 0)
            server.restart()
            self.assertEqual([repr(server.query(q)) for q in queries], before)
            server.connect(user="carol", password="pw").close()
            server.kill()
            server.restart()
            self.assertEqual([repr(server.query(q)) for q in queries], before)
            self.assertRegex(server.read_log(), r"recovery: loaded 3 Iceberg tables")
        finally:
            server.stop()

    def test_a_big_copy_in_every_log_encoding_survives_a_crash(self):
        # 150k rows: many chunks, encoded in parallel parts; each column takes another of
        # the log's encodings (deltas, a dictionary with NULLs, decimals, plain doubles,
        # plain text, timestamps), and rows deleted again before COMMIT leave holes.
        rows = []
        for i in range(150000):
            status = "" if i % 11 == 0 else ("declined" if i % 20 == 1 else "approved")
            rows.append(f"{i},{(i * 7919) % 100003},{status},{(i * 37) % 100000 / 100:.2f},"
                        f"{1 / (i + 3)!r},name {i % 5000},"
                        f"2025-10-03 00:00:00.{i % 1000000:06d}\n")
        server = Server()
        try:
            conn = server.connect()
            cur = conn.cursor()
            cur.execute("CREATE TABLE big (id bigint, u bigint, status text, amount float8, "
                        "ratio float8, name text, at timestamp)")
            cur.execute("BEGIN")
            cur.copy_expert("COPY big FROM STDIN (FORMAT csv)", io.StringIO("".join(rows)))
            cur.execute("DELETE FROM big WHERE id % 4099 = 0")
            cur.execute("COMMIT")
            check = ("SELECT count(*), sum(id), sum(u), count(status), "
                     "count(*) FILTER (WHERE status = 'declined'), sum(amount), sum(ratio), "
                     "count(DISTINCT name), min(at), max(at) FROM big")
            before = server.query(check)
            kept = [i for i in range(150000) if i % 4099]
            self.assertEqual(before[0][:5], (len(kept), sum(kept),
                                             sum((i * 7919) % 100003 for i in kept),
                                             sum(1 for i in kept if i % 11),
                                             sum(1 for i in kept if i % 20 == 1 and i % 11)))
            sample = "SELECT * FROM big WHERE id IN (1, 2, 4100, 149999) ORDER BY id"
            rows_before = repr(server.query(sample))
            conn.close()
            server.kill()
            server.restart()
            self.assertEqual(server.query(check), before)
            self.assertEqual(repr(server.query(sample)), rows_before)
        finally:
            server.stop()

    def test_rows_of_a_table_without_columns_survive_a_crash(self):
        # PostgreSQL allows CREATE TABLE z (); replay once took its empty column list for a
        # dropped table and skipped its rows.
        server = Server()
        try:
            server.query("CREATE TABLE z ()")
            server.query("INSERT INTO z SELECT FROM generate_series(1, 100)")
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT count(*) FROM z"), [(100,)])
        finally:
            server.stop()

    def test_kill_9_under_concurrent_insert_and_copy_load(self):
        rng = random.Random(os.environ.get("FIRN_CRASH_SEED", str(time.time())))
        server = Server()
        workers = []
        try:
            server.query("CREATE TABLE ev (client int, seq int, payload text)")
            server.query("CREATE TABLE ev2 (client int, seq int)")
            for cycle in range(CRASH_CYCLES):
                batch = [Worker(server, cycle * 10 + i, kind) for i, kind in
                         enumerate(["insert", "insert", "insert", "copy", "copy", "txn",
                                    "checkpoint"])]
                for w in batch:
                    w.start()
                time.sleep(rng.uniform(0.2, 1.5))
                server.kill()
                for w in batch:
                    w.join(30)
                    self.assertFalse(w.is_alive())
                workers += batch
                server.restart()
                self.check(server, workers, cycle)
            log = server.read_log()
            self.assertIn("checkpoint at LSN", log)
            self.assertRegex(log, r"recovery: loaded 2 Iceberg tables")
        finally:
            server.stop()

    def check(self, server, workers, cycle):
        rows = server.query("SELECT client, seq, count(*) FROM ev GROUP BY 1, 2")
        dup = [r for r in rows if r[2] != 1]
        self.assertEqual(dup, [], f"cycle {cycle}: rows present more than once")
        present = {}
        for client, seq, _ in rows:
            present.setdefault(client, set()).add(seq)
        pairs = {}
        for client, seq in server.query("SELECT client, seq FROM ev2"):
            pairs.setdefault(client, set()).add(seq)
        total_acked = 0
        for w in workers:
            if w.kind == "checkpoint":
                continue
            got = present.get(w.client, set())
            size = 200 if w.kind == "copy" else 1
            expected = {s + i for s in w.acked for i in range(size)}
            total_acked += len(expected)
            missing = expected - got
            self.assertEqual(missing, set(), f"cycle {cycle}: acknowledged rows of client "
                             f"{w.client} ({w.kind}) are lost")
            extra = got - expected
            if extra:
                # Only the unit in flight at the crash may have committed, and then whole.
                self.assertIsNotNone(w.in_flight, f"client {w.client}: unexpected rows")
                self.assertEqual(extra, {w.in_flight + i for i in range(size)},
                                 f"cycle {cycle}: client {w.client} ({w.kind}) has a partial "
                                 "or foreign unit")
            if w.kind == "txn":
                self.assertEqual(pairs.get(w.client, set()), got,
                                 f"cycle {cycle}: a two-table transaction was split")
        self.assertGreater(total_acked, 0)

    def test_torn_and_corrupt_wal_tail_is_cut_with_a_log_line(self):
        server = Server()
        try:
            server.query("CREATE TABLE t (x int)")
            for i in range(10):
                server.query("INSERT INTO t VALUES (%s)", (i,))
            server.kill()
            wal = os.path.join(server.data_dir, "wal")
            last = sorted(os.listdir(wal))[-1]
            with open(os.path.join(wal, last), "ab") as f:
                f.write(b"\x13\x37" * 40)  # a torn, never-acknowledged record
            server.restart()
            self.assertEqual(server.query("SELECT count(*), sum(x) FROM t"), [(10, 45)])
            self.assertRegex(server.read_log(), r"wal: cut 80 bytes at .*\.wal offset \d+")
            server.query("INSERT INTO t VALUES (100)")  # the log goes on after the cut
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT count(*), sum(x) FROM t"), [(11, 145)])
        finally:
            server.stop()

    def test_corrupt_files_make_only_their_table_unavailable(self):
        server = Server()
        try:
            for name in ("good", "bad_data", "bad_meta"):
                server.query(f"CREATE TABLE {name} (x int, s text)")
                server.query(f"INSERT INTO {name} SELECT g, 'row ' || g "
                             "FROM generate_series(1, 1000) g")
            server.query("CHECKPOINT")
            server.query("INSERT INTO good VALUES (-1, 'only in the WAL')")
            server.query("INSERT INTO bad_data VALUES (-1, 'only in the WAL')")
            server.kill()
            root = server.data_dir
            data_dir = os.path.join(root, "public", "bad_data", "data")
            data_file = os.path.join(data_dir, sorted(os.listdir(data_dir))[0])
            with open(data_file, "r+b") as f:
                f.truncate(os.path.getsize(data_file) // 2)
            meta_dir = os.path.join(root, "public", "bad_meta", "metadata")
            with open(os.path.join(meta_dir, "version-hint.text")) as f:
                version = f.read().strip()
            meta_file = os.path.join(meta_dir, f"v{version}.metadata.json")
            with open(meta_file, "w") as f:
                f.write("{ not json")
            server.restart()
            log = server.read_log()
            self.assertIn(data_file, log)
            self.assertIn(meta_file, log)
            self.assertEqual(server.query("SELECT count(*), min(x) FROM good"), [(1001, -1)])
            for table, path in (("bad_data", data_file), ("bad_meta", meta_file)):
                for sql in (f"SELECT count(*) FROM {table}", f"INSERT INTO {table} VALUES (1, 'x')"):
                    with self.assertRaises(psycopg2.Error) as err:
                        server.query(sql)
                    self.assertEqual(err.exception.pgcode, "XX001", sql)
                    self.assertIn(path, str(err.exception))
            server.query("INSERT INTO good VALUES (-2, 'after')")
            server.query("CHECKPOINT")  # keeps the WAL for the unavailable tables
            self.assertIn("the WAL is kept", server.read_log())
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT count(*), min(x) FROM good"), [(1002, -2)])
        finally:
            server.stop()

    def test_checkpointed_rows_are_read_from_their_data_files(self):
        """After a checkpoint a table's rows live only in its Parquet files: reads decode them
        (so a file that goes missing or bad is an error naming it), and nothing is lost."""
        server = Server()
        try:
            server.query("CREATE TABLE cold (x int, s text, f float8)")
            server.query("CREATE TABLE other (x int)")
            server.query("INSERT INTO cold SELECT g, 'row ' || g, g / 4.0 "
                         "FROM generate_series(1, 20000) g")
            server.query("INSERT INTO other VALUES (1), (2)")
            server.query("DELETE FROM cold WHERE x % 1000 = 0")
            server.query("CHECKPOINT")
            server.query("INSERT INTO cold VALUES (-1, 'hot', 0.5)")  # not checkpointed
            data_dir = os.path.join(server.data_dir, "public", "cold", "data")
            [name] = [n for n in os.listdir(data_dir) if not n.endswith("-deletes.parquet")]
            path = os.path.join(data_dir, name)
            # Nothing has read the rows since they were written: with the file gone, a read
            # fails naming it, and the other tables keep serving.
            os.rename(path, path + ".away")
            with self.assertRaises(psycopg2.Error) as err:
                server.query("SELECT sum(f) FROM cold")
            self.assertEqual(err.exception.pgcode, "58P01")
            self.assertIn(path, str(err.exception))
            self.assertEqual(server.query("SELECT count(*) FROM other"), [(2,)])
            os.rename(path + ".away", path)
            server.query("UPDATE cold SET s = 'updated' WHERE x = 7")  # deletes a cold row
            kept = [g for g in range(1, 20001) if g % 1000]
            want = [(len(kept) + 1, -1, 19999, 1, sum(kept) - 1)]
            check = ("SELECT count(*), min(x), max(x), count(*) FILTER (WHERE s = 'updated'), "
                     "sum(x) FROM cold")
            self.assertEqual(server.query(check), want)
            self.assertEqual(server.query("SELECT sum(f) FROM cold"),
                             [(sum(g / 4.0 for g in kept) + 0.5,)])
            server.kill()
            server.restart()
            self.assertEqual(server.query(check), want)
            # Bad bytes inside a page (the footer intact): XX001 naming the file, at read time.
            size = os.path.getsize(path)
            with open(path, "r+b") as f:
                f.seek(size // 3)
                f.write(bytes(range(256)) * 16)
            server.kill()
            server.restart()
            self.assertEqual(server.query("SELECT count(*) FROM other"), [(2,)])
            with self.assertRaises(psycopg2.Error) as err:
                server.query("SELECT min(s), sum(f), sum(x) FROM cold")
            self.assertEqual(err.exception.pgcode, "XX001")
            self.assertIn(path, str(err.exception))
            server.query("INSERT INTO other VALUES (3)")
            self.assertEqual(server.query("SELECT count(*) FROM other"), [(3,)])
        finally:
            server.stop()

    def test_second_server_on_the_same_folder_refuses_to_start(self):
        server = Server()
        try:
            server.query("CREATE TABLE t (x int)")
            with self.assertRaises(RuntimeError) as refused:
                Server(data_dir=server.data_dir)
            self.assertIn("in use by another Firn server", str(refused.exception))
            server.query("INSERT INTO t VALUES (1)")
            self.assertEqual(server.query("SELECT count(*) FROM t"), [(1,)])
        finally:
            server.stop()

    def test_background_checkpoint_by_age(self):
        server = Server("--checkpoint-seconds", "1")
        try:
            server.query("CREATE TABLE aged (x int)")
            server.query("INSERT INTO aged VALUES (1), (2)")
            hint = os.path.join(server.data_dir, "public", "aged", "metadata", "version-hint.text")
            done = re.compile(r"checkpoint at LSN \d+: 1 of 1 tables")
            # The log line comes after the whole checkpoint (the hint file is written midway).
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not done.search(server.read_log()):
                time.sleep(0.1)
            self.assertRegex(server.read_log(), done, "no checkpoint within 20 s")
            self.assertTrue(os.path.exists(hint))
            snaps = server.query("SELECT summary FROM firn_snapshots('aged')")
            self.assertEqual(len(snaps), 1)
            self.assertIn('"total-records":"2"', snaps[0][0])
        finally:
            server.stop()

    def test_synchronous_commit_values(self):
        server = Server()
        try:
            conn = server.connect()
            cur = conn.cursor()
            cur.execute("SHOW synchronous_commit")
            self.assertEqual(cur.fetchone(), ("on",))
            cur.execute("SET synchronous_commit TO false")
            cur.execute("SHOW synchronous_commit")
            self.assertEqual(cur.fetchone(), ("off",))
            with self.assertRaises(psycopg2.Error) as bad:
                cur.execute("SET synchronous_commit = sometimes")
            self.assertEqual(bad.exception.pgcode, "22023")
        finally:
            server.stop()

    def test_full_disk_fails_writes_with_53100_and_loses_nothing(self):
        mount = tempfile.mkdtemp()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount],
                          capture_output=True).returncode != 0:
            os.rmdir(mount)
            self.skipTest("needs permission to mount a small tmpfs")
        try:
            server = Server(data_dir=os.path.join(mount, "data"))
            try:
                server.query("CREATE TABLE t (x int, pad text)")
                acked = 0
                codes = set()
                conn = server.connect()
                cur = conn.cursor()
                for i in range(400):
                    try:
                        # Distinct pads: the log would store one repeated value once.
                        cur.execute("INSERT INTO t SELECT g, repeat('x', 100) || g::text "
                                    "FROM generate_series(1, 1000) g")
                        acked += 1000
                    except psycopg2.Error as e:
                        codes.add(e.pgcode)
                        if len(codes) and i > acked // 1000 + 3:
                            break
                self.assertEqual(codes, {"53100"})
                self.assertGreater(acked, 0)
                self.assertEqual(server.query("SELECT count(*) FROM t"), [(acked,)])
                server.kill()
                server.restart()
                self.assertEqual(server.query("SELECT count(*) FROM t"), [(acked,)])
            finally:
                server.stop(cleanup=False)
        finally:
            subprocess.run(["umount", mount], check=False)
            os.rmdir(mount)


if __name__ == "__main__":
    sys.exit(clientlib.run(DurabilityTest, needs_dsn=False))
