#!/usr/bin/env python3
"""uuid values beyond what the SQL logic tests reach: durability, files, COPY, entities.

    FIRN_BIN=build/firn /usr/bin/python3 tests/server/test_uuid.py

- uuid and uuid[] values (NULLs, the extremes, the high bit set) survive a crash (kill -9)
  from the write-ahead log, a CHECKPOINT into Parquet followed by a crash, and a clean
  restart; filters on the checkpointed column (file statistics) find the same rows.
- Independent readers read Firn's files: the Iceberg schema says "uuid"; hyparquet sees
  FIXED_LEN_BYTE_ARRAY(16) with logical type UUID and 16-byte min/max statistics in
  unsigned byte order; parquet-wasm (arrow-rs) reads the 16 bytes of every row; Debian
  python3-avro reads the manifests' lower/upper bounds as the 16 big-endian bytes.
- COPY TO and COPY FROM in text and CSV carry uuids in PostgreSQL's text form (any input
  form accepted, a bad one refused with 22P02 naming the line).
- A feature view keyed on a uuid entity column answers lookups by uuid.
Prints `N passed, M failed` last.
"""

import glob
import io
import json
import os
import sys
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402
from test_iceberg_readers import avro, ensure_npm_readers, run_node  # noqa: E402

EDGE = ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
        "7fffffff-ffff-ffff-ffff-ffffffffffff", "80000000-0000-0000-0000-000000000000",
        "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"]


def as_hex(v):
    """A reader's uuid (bytes as {"$hex": ...}, or a text form) -> 32 hex digits."""
    if v is None:
        return None
    if isinstance(v, dict):
        return v["$hex"]
    return uuid.UUID(v).hex


def rows_for(lo, hi):
    """(k, id, ids) rows k in [lo, hi): every 7th id NULL, the edge values first."""
    out = []
    for k in range(lo, hi):
        if k % 7 == 3:
            u = None
        elif k < len(EDGE):
            u = EDGE[k]
        else:
            u = str(uuid.UUID(int=(k * 0x9E3779B97F4A7C15_F39CC0605CEDC834) % 2**128))
        arr = None if k % 5 == 4 else [u, None, EDGE[k % len(EDGE)]][: k % 4]
        out.append((k, u, arr))
    return out


class UuidTest(unittest.TestCase):
    def insert(self, server, rows):
        conn = server.connect()
        with conn.cursor() as cur:
            for k, u, arr in rows:
                cur.execute("INSERT INTO t VALUES (%s, %s::uuid, %s::uuid[])", (k, u, arr))
        conn.close()

    def check(self, server, expected, when):
        got = server.query("SELECT k, id::text, ids::text[] FROM t ORDER BY k")
        self.assertEqual([tuple(r) for r in got], [tuple(r) for r in expected], when)
        # Filters (zone maps / file statistics) find the same rows as a scan.
        for bound in EDGE:
            want = sorted(k for k, u, _ in expected if u is not None and u >= bound)
            got = [r[0] for r in server.query(
                "SELECT k FROM t WHERE id >= %s ORDER BY k", (bound,))]
            self.assertEqual(got, want, (when, bound))

    def test_crash_checkpoint_restart_and_readers(self):
        server = Server()
        try:
            server.query("CREATE TABLE t (k int, id uuid, ids uuid[])")
            first = rows_for(0, 40)
            self.insert(server, first)
            server.kill()
            server.restart()
            self.check(server, first, "after a crash, from the log")
            server.query("CHECKPOINT")
            second = rows_for(40, 60)
            self.insert(server, second)
            server.query("UPDATE t SET id = '11111111-2222-3333-4444-555555555555' WHERE k = 41")
            server.kill()
            server.restart()
            expected = first + [(k, "11111111-2222-3333-4444-555555555555" if k == 41 else u, a)
                                for k, u, a in second]
            self.check(server, expected, "after a checkpoint and a crash")
            self.assertEqual(server.stop(cleanup=False), 0)
            server.restart()
            self.check(server, expected, "after a clean restart")
            self.assertEqual(server.stop(cleanup=False), 0)
            self.check_files(server.data_dir, expected)
        finally:
            server.stop()

    def check_files(self, data_dir, expected):
        metas = sorted(glob.glob(os.path.join(data_dir, "**", "t", "metadata", "v*.metadata.json"),
                                 recursive=True), key=lambda p: int(p.split("/v")[-1].split(".")[0]))
        self.assertTrue(metas, "no metadata for t")
        with open(metas[-1]) as f:
            meta = json.load(f)
        schema = next(s for s in meta["schemas"] if s["schema-id"] == meta["current-schema-id"])
        types = {fd["name"]: fd["type"] for fd in schema["fields"]}
        self.assertEqual(types["id"], "uuid")
        self.assertEqual(types["ids"]["type"], "list")
        self.assertEqual(types["ids"]["element"], "uuid")
        id_field = next(fd["id"] for fd in schema["fields"] if fd["name"] == "id")

        files = [p for p in glob.glob(os.path.join(os.path.dirname(os.path.dirname(metas[-1])),
                                                   "data", "**", "*.parquet"), recursive=True)]
        self.assertTrue(files)
        ensure_npm_readers()
        out = run_node("parquet", *files)
        seen = {}
        for path, r in out.items():
            cols = r["columns"]
            if "k" not in cols:
                continue  # a position-delete file
            leaf = next(e for e in r["meta"]["schema"] if e["name"] == "id")
            self.assertEqual(leaf["type"], "FIXED_LEN_BYTE_ARRAY", path)
            self.assertEqual(leaf["type_length"], 16, path)
            self.assertEqual(leaf["logical_type"]["type"], "UUID", path)
            values = [as_hex(v) for v in cols["id"]]
            present = [bytes.fromhex(v) for v in values if v is not None]
            for rg in r["meta"]["row_groups"]:
                stats = next(c["statistics"] for c in rg["columns"] if c["path"] == ["id"])
                if present:  # hyparquet shows UUID statistics in the text form
                    self.assertEqual(bytes.fromhex(as_hex(stats["min_value"])), min(present), path)
                    self.assertEqual(bytes.fromhex(as_hex(stats["max_value"])), max(present), path)
            lists = cols["ids"]
            for k, v, arr in zip(cols["k"], values, lists):
                seen.setdefault(k, []).append(
                    (None if v is None else str(uuid.UUID(hex=v)),
                     None if arr is None else
                     [None if x is None else str(uuid.UUID(hex=as_hex(x))) for x in arr]))
        # Every expected row is in some data file (older versions of k = 41 too).
        for k, u, arr in expected:
            self.assertIn((u, arr), seen.get(k, []), k)

        # Manifest bounds: 16 big-endian bytes, the column's min and max.
        ml = avro(meta["snapshots"][-1]["manifest-list"])
        bounds = []
        for m in ml["records"]:
            for e in avro(m["manifest_path"])["records"]:
                df = e["data_file"]
                if df["content"] != 0:
                    continue
                lower = {b["key"]: b["value"] for b in df["lower_bounds"] or []}
                upper = {b["key"]: b["value"] for b in df["upper_bounds"] or []}
                if id_field in lower:
                    bounds.append((lower[id_field], upper[id_field]))
        self.assertTrue(bounds)
        everything = [uuid.UUID(u).hex for _, u, _ in expected if u is not None]
        self.assertEqual(min(b[0] for b in bounds), min(everything))
        self.assertEqual(max(b[1] for b in bounds), max(everything))

    def test_copy_text_and_csv(self):
        server = Server()
        try:
            conn = server.connect()
            cur = conn.cursor()
            cur.execute("CREATE TABLE c (id uuid, note text)")
            data = ("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11\tupper\n"
                    "{a0eebc999c0b4ef8bb6d6bb9bd380a12}\tbraces\n"
                    "\\N\tnull\n")
            cur.copy_expert("COPY c FROM STDIN", io.StringIO(data))
            csv = ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13,csv\n'
                   ',empty\n')
            cur.copy_expert("COPY c FROM STDIN (FORMAT csv)", io.StringIO(csv))
            out = io.StringIO()
            cur.copy_expert("COPY (SELECT * FROM c ORDER BY id, note) TO STDOUT", out)
            self.assertEqual(out.getvalue(),
                             "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\tupper\n"
                             "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12\tbraces\n"
                             "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13\tcsv\n"
                             "\\N\tempty\n"
                             "\\N\tnull\n")
            out = io.StringIO()
            cur.copy_expert("COPY (SELECT id, note FROM c WHERE note <> 'null' ORDER BY id, note) "
                            "TO STDOUT (FORMAT csv, HEADER)", out)
            self.assertEqual(out.getvalue(),
                             "id,note\n"
                             "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11,upper\n"
                             "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a12,braces\n"
                             "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a13,csv\n"
                             ",empty\n")
            with self.assertRaises(psycopg2.Error) as e:
                cur.copy_expert("COPY c FROM STDIN", io.StringIO("a0eebc99\tbad\n"))
            self.assertEqual(e.exception.pgcode, "22P02")
            self.assertIn('invalid input syntax for type uuid: "a0eebc99"', str(e.exception))
            self.assertEqual(server.query("SELECT count(*) FROM c")[0][0], 5)
            conn.close()
        finally:
            server.stop()

    def test_feature_view_with_uuid_entity(self):
        server = Server()
        try:
            users = [str(uuid.UUID(int=i * 0x1234567890ABCDEF1234567890ABCDEF % 2**128))
                     for i in range(1, 5)]
            server.query("CREATE TABLE ev (user_id uuid, amount float8, event_time timestamptz) "
                         "WITH (event_time = 'event_time')")
            conn = server.connect()
            cur = conn.cursor()
            for i in range(40):
                cur.execute("INSERT INTO ev VALUES (%s, %s, '2026-01-01 00:00+00'::timestamptz "
                            "+ %s * interval '1 hour')", (users[i % 4], float(i), i))
            cur.execute("CREATE MATERIALIZED VIEW f WITH (entity = 'user_id') AS "
                        "SELECT user_id, count(*) AS n, sum(amount) AS total FROM ev "
                        "GROUP BY user_id")
            cur.execute("SET firn.now = '2026-01-02 00:00+00'")
            cur.execute("SELECT user_id::text, n, total FROM f ORDER BY user_id")
            want = sorted((u, sum(1 for i in range(25) if i % 4 == j),
                           float(sum(i for i in range(25) if i % 4 == j)))
                          for j, u in enumerate(users))
            self.assertEqual(cur.fetchall(), want)
            cur.execute("SELECT n, total FROM f WHERE user_id = %s", (users[2].upper(),))
            self.assertEqual(cur.fetchall(), [(6, float(2 + 6 + 10 + 14 + 18 + 22))])
            cur.execute("SELECT n FROM f WHERE user_id = '00000000-0000-0000-0000-000000000000'")
            self.assertEqual(cur.fetchall(), [])
            conn.close()
        finally:
            server.stop()


if __name__ == "__main__":
    sys.exit(clientlib.run(UuidTest, needs_dsn=False))
