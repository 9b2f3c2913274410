#!/usr/bin/env python3
"""ALTER TABLE's column changes beyond what the SQL logic tests reach: durability, concurrent
writers, history, feature views, the Iceberg schema.

    FIRN_BIN=build/firn python3 tests/server/test_alter_table.py

- Added columns and the rows written after them survive a crash (kill -9) that replays the
  ALTER from the WAL, a CHECKPOINT that writes them to Iceberg files under a new schema,
  and a restart that reads old files (without the column: NULL) beside new ones. A
  CHECKPOINT after an ADD COLUMN with no new rows commits the new schema on its own.
- A transaction that wrote rows before another session added a column commits them (its
  rows read NULL in the new column), for a few INSERTed rows and for a COPY big enough to
  be prepared while its log record is written; both survive a crash.
- An ADD COLUMN rolled back after another session wrote the column and a checkpoint stored
  it leaves no values behind for a column added there again (a new Iceberg field).
- Reading history (SET TRANSACTION SNAPSHOT) from before the ADD shows the new column
  NULL and the old values.
- A feature view over a table keeps its values when the table gains a column, and after a
  restart; renaming a column of its table is refused (the view names columns in its text).
- RENAME COLUMN and DROP NOT NULL survive a crash and a checkpoint: the Iceberg field keeps
  its id under the new name (old data files read under it) and becomes optional.
- RENAME TO survives a crash; the checkpoint renames the Iceberg table (the SQL catalog's
  rows, checked through sqlite3), also when two tables swap names or a new table takes a
  renamed one's name; a table a feature view reads cannot be renamed.
Prints `N passed, M failed` last.
"""

import glob
import io
import json
import os
import sqlite3
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402


def current_metadata(data_dir, table):
    """The table's newest metadata JSON (the highest v<N>)."""
    files = glob.glob(os.path.join(data_dir, "public", table, "metadata", "v*.metadata.json"))
    newest = max(files, key=lambda f: int(os.path.basename(f)[1:].split(".")[0]))
    with open(newest) as f:
        return json.load(f)


class AlterTableTest(unittest.TestCase):
    def test_added_columns_survive_crashes_checkpoints_and_restarts(self):
        server = Server()
        try:
            server.query("CREATE TABLE ev (id bigint, kind text)")
            server.query("INSERT INTO ev SELECT g, 'k' || g FROM generate_series(1, 3000) g")
            server.query("CHECKPOINT")  # rows 1..3000 in a file of schema (id, kind)
            server.query("ALTER TABLE ev ADD COLUMN amount float8")
            server.query("INSERT INTO ev VALUES (3001, 'late', 1.5)")
            server.kill()  # the ALTER is in the WAL only
            server.restart()
            server.query("ALTER TABLE ev ADD COLUMN tags int[], ADD COLUMN flag bool")
            server.query("INSERT INTO ev VALUES (3002, 'later', 2.5, '{1,2}', true)")
            server.query("UPDATE ev SET amount = 0.25 WHERE id = 7")
            server.query("CHECKPOINT")
            md = current_metadata(server.data_dir, "ev")
            fields = {f["name"]: f["id"] for s in md["schemas"] for f in s["fields"]}
            current = next(s for s in md["schemas"] if s["schema-id"] == md["current-schema-id"])
            self.assertEqual([f["name"] for f in current["fields"]],
                             ["id", "kind", "amount", "tags", "flag"])
            self.assertEqual((fields["id"], fields["kind"]), (1, 2))
            self.assertGreater(fields["flag"], fields["amount"])
            server.query("INSERT INTO ev VALUES (3003, 'last', NULL, NULL, false)")
            server.kill()
            server.restart()
            expect = [(7, "k7", 0.25, None, None), (2999, "k2999", None, None, None),
                      (3001, "late", 1.5, None, None), (3002, "later", 2.5, [1, 2], True),
                      (3003, "last", None, None, False)]
            query = ("SELECT id, kind, amount, tags, flag FROM ev WHERE id IN "
                     "(7, 2999, 3001, 3002, 3003) ORDER BY id")
            self.assertEqual(server.query(query), expect)
            self.assertEqual(server.query("SELECT count(*), count(amount), count(flag) FROM ev"),
                             [(3003, 3, 2)])
            # Statistics of old files say the new column is NULL there: the scan still finds
            # the rows that have it.
            self.assertEqual(server.query("SELECT id FROM ev WHERE flag ORDER BY id"), [(3002,)])
            self.assertEqual(server.query("SELECT count(*) FROM ev WHERE amount IS NULL"),
                             [(3000,)])

            # A checkpoint with nothing but a new column commits the schema on its own.
            server.query("CHECKPOINT")
            before = current_metadata(server.data_dir, "ev")
            server.query("ALTER TABLE ev ADD COLUMN note text")
            server.query("CHECKPOINT")
            after = current_metadata(server.data_dir, "ev")
            self.assertEqual(after.get("current-snapshot-id"), before.get("current-snapshot-id"))
            self.assertNotEqual(after["current-schema-id"], before["current-schema-id"])
            current = next(s for s in after["schemas"]
                           if s["schema-id"] == after["current-schema-id"])
            self.assertEqual(current["fields"][-1]["name"], "note")
            self.assertFalse(current["fields"][-1]["required"])
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(server.query(query.replace("flag FROM", "flag, note FROM")),
                             [row + (None,) for row in expect])
        finally:
            server.stop()

    def test_writes_of_the_old_width_commit_after_an_add(self):
        server = Server()
        try:
            server.query("CREATE TABLE w (id bigint, v text)")
            writer = server.connect()
            cur = writer.cursor()
            cur.execute("BEGIN")
            cur.execute("INSERT INTO w VALUES (1, 'a'), (2, 'b')")
            big = "".join(f"{i},x{i}\n" for i in range(100, 40100))  # prepared in parts
            cur.copy_expert("COPY w FROM STDIN (FORMAT csv)", io.StringIO(big))
            server.query("ALTER TABLE w ADD COLUMN extra int")  # another session
            server.query("INSERT INTO w VALUES (3, 'c', 33)")
            cur.execute("COMMIT")
            check = ("SELECT count(*), count(extra), min(id), max(id), "
                     "sum(CASE WHEN extra IS NULL THEN 0 ELSE extra END) FROM w")
            self.assertEqual(server.query(check), [(40003, 1, 1, 40099, 33)])
            cur.execute("INSERT INTO w (id, v) VALUES (4, 'd')")
            # A transaction that wrote before the ADD and goes on after it: its later
            # statements see (and write) the new column, its own earlier rows NULL in it.
            cur.execute("BEGIN")
            cur.execute("INSERT INTO w VALUES (5, 'e')")
            server.query("ALTER TABLE w ADD COLUMN more text")
            cur.execute("INSERT INTO w VALUES (6, 'f', 66, 'six')")
            cur.copy_expert("COPY w FROM STDIN (FORMAT csv)", io.StringIO("7,g,77,seven\n"))
            cur.execute("SELECT * FROM w WHERE id BETWEEN 5 AND 7 ORDER BY id")
            self.assertEqual(cur.fetchall(), [(5, "e", None, None), (6, "f", 66, "six"),
                                              (7, "g", 77, "seven")])
            cur.execute("UPDATE w SET more = 'five' WHERE id = 5")
            cur.execute("COMMIT")
            writer.close()
            server.kill()
            server.restart()
            self.assertEqual(server.query(check), [(40007, 3, 1, 40099, 176)])
            self.assertEqual(server.query("SELECT * FROM w WHERE id < 10 ORDER BY id"),
                             [(1, "a", None, None), (2, "b", None, None), (3, "c", 33, None),
                              (4, "d", None, None), (5, "e", None, "five"),
                              (6, "f", 66, "six"), (7, "g", 77, "seven")])
        finally:
            server.stop()

    def test_concurrent_inserts_while_columns_are_added(self):
        server = Server()
        try:
            server.query("CREATE TABLE c (id bigint)")
            stop = threading.Event()
            errors, inserted = [], []

            def insert():
                conn = server.connect()
                cur = conn.cursor()
                i = 0
                try:
                    while not stop.is_set():
                        i += 1
                        cur.execute("INSERT INTO c (id) VALUES (%s)", (i,))
                        inserted.append(i)
                except psycopg2.Error as e:  # pragma: no cover - reported below
                    errors.append(e)
                finally:
                    conn.close()

            threads = [threading.Thread(target=insert) for _ in range(2)]
            for t in threads:
                t.start()
            for k in range(8):
                server.query(f"ALTER TABLE c ADD COLUMN c{k} int")
                if k % 3 == 0:
                    server.query("CHECKPOINT")
            stop.set()
            for t in threads:
                t.join()
            self.assertEqual(errors, [])
            columns = ", ".join(f"count(c{k})" for k in range(8))
            self.assertEqual(server.query(f"SELECT count(*), {columns} FROM c"),
                             [(len(inserted),) + (0,) * 8])
            server.kill()
            server.restart()
            self.assertEqual(server.query(f"SELECT count(*), {columns} FROM c"),
                             [(len(inserted),) + (0,) * 8])
        finally:
            server.stop()

    def test_an_undone_add_leaves_no_values_for_a_column_added_again(self):
        # DDL is visible before COMMIT: another session writes the added column, and a
        # checkpoint puts its values into an Iceberg field. The ADD is rolled back, and a
        # column of the same name and type is added again: it is a new field (a new column
        # OID), NULL in those rows, in memory, after a crash and after a restart.
        server = Server()
        try:
            server.query("CREATE TABLE u (id int)")
            server.query("INSERT INTO u VALUES (1)")
            alter = server.connect()
            cur = alter.cursor()
            cur.execute("BEGIN")
            cur.execute("ALTER TABLE u ADD COLUMN c int")
            server.query("INSERT INTO u VALUES (2, 20)")
            server.query("CHECKPOINT")  # 20 is in a data file, under the added field
            server.query("INSERT INTO u VALUES (3, 30)")
            cur.execute("ROLLBACK")
            alter.close()
            self.assertEqual(server.query("SELECT * FROM u ORDER BY id"), [(1,), (2,), (3,)])
            server.query("ALTER TABLE u ADD COLUMN c int")
            check = "SELECT count(*), count(c) FROM u"
            self.assertEqual(server.query(check), [(3, 0)])
            server.kill()
            server.restart()
            self.assertEqual(server.query(check), [(3, 0)])
            server.query("INSERT INTO u VALUES (4, 40)")
            server.query("CHECKPOINT")
            md = current_metadata(server.data_dir, "u")
            current = next(s for s in md["schemas"] if s["schema-id"] == md["current-schema-id"])
            ids = [f["id"] for s in md["schemas"] for f in s["fields"] if f["name"] == "c"]
            self.assertEqual(len(set(ids)), 2)  # the undone field and the new one
            self.assertEqual(current["fields"][-1]["id"], max(ids))
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(server.query("SELECT id, c FROM u ORDER BY id"),
                             [(1, None), (2, None), (3, None), (4, 40)])
        finally:
            server.stop()

    def test_history_from_before_the_add_reads_the_column_null(self):
        server = Server()
        try:
            server.query("CREATE TABLE h (id int, v text)")
            server.query("INSERT INTO h VALUES (1, 'one')")
            server.query("CHECKPOINT")
            first = server.query("SELECT snapshot_id FROM firn_snapshots('h')")[0][0]
            server.query("ALTER TABLE h ADD COLUMN n int")
            server.query("INSERT INTO h VALUES (2, 'two', 2)")
            server.query("UPDATE h SET v = 'uno', n = 1 WHERE id = 1")
            server.query("CHECKPOINT")
            conn = server.connect()
            cur = conn.cursor()
            cur.execute("BEGIN")
            cur.execute("SET TRANSACTION SNAPSHOT %s", (str(first),))
            cur.execute("SELECT * FROM h ORDER BY id")
            self.assertEqual(cur.fetchall(), [(1, "one", None)])
            cur.execute("COMMIT")
            cur.execute("SELECT * FROM h ORDER BY id")
            self.assertEqual(cur.fetchall(), [(1, "uno", 1), (2, "two", 2)])
            conn.close()
        finally:
            server.stop()

    def test_feature_view_keeps_working_when_its_table_gains_a_column(self):
        server = Server()
        try:
            server.query("CREATE TABLE tx (user_id bigint, amount float8, at timestamptz)"
                         " WITH (event_time = 'at')")
            server.query("CREATE MATERIALIZED VIEW spend WITH (entity = 'user_id') AS "
                         "SELECT user_id, sum(amount) AS total, count(*) AS n FROM tx "
                         "GROUP BY user_id")
            server.query("INSERT INTO tx VALUES (1, 10, '2026-01-01'), (1, 5, '2026-01-02')")
            server.query("ALTER TABLE tx ADD COLUMN merchant text")
            server.query("INSERT INTO tx VALUES (1, 1, '2026-01-03', 'm1'), "
                         "(2, 7, '2026-01-03', NULL)")
            view = "SELECT user_id, total, n FROM spend ORDER BY user_id"
            self.assertEqual(server.query(view), [(1, 16.0, 3), (2, 7.0, 1)])
            server.kill()
            server.restart()
            self.assertEqual(server.query(view), [(1, 16.0, 3), (2, 7.0, 1)])
            server.query("INSERT INTO tx VALUES (2, 3, '2026-01-04', 'm2')")
            self.assertEqual(server.query(view), [(1, 16.0, 3), (2, 10.0, 2)])
            with self.assertRaises(psycopg2.Error) as caught:
                server.query("ALTER TABLE tx RENAME COLUMN merchant TO shop")
            self.assertEqual(caught.exception.pgcode, "2BP01")
        finally:
            server.stop()

    def test_renames_and_nullability_reach_the_iceberg_schema(self):
        server = Server()
        try:
            server.query("CREATE TABLE r (id bigint NOT NULL, city text NOT NULL)")
            server.query("INSERT INTO r VALUES (1, 'oslo'), (2, 'rome')")
            server.query("CHECKPOINT")
            before = current_metadata(server.data_dir, "r")
            old_fields = before["schemas"][-1]["fields"]
            self.assertEqual([(f["name"], f["required"]) for f in old_fields],
                             [("id", True), ("city", True)])
            server.query("ALTER TABLE r RENAME COLUMN city TO town")
            server.query("ALTER TABLE r ALTER town DROP NOT NULL")
            server.query("INSERT INTO r VALUES (3, NULL)")
            server.kill()  # the renames are in the WAL only
            server.restart()
            rows = [(1, "oslo"), (2, "rome"), (3, None)]
            self.assertEqual(server.query("SELECT id, town FROM r ORDER BY id"), rows)
            server.query("CHECKPOINT")
            after = current_metadata(server.data_dir, "r")
            current = next(s for s in after["schemas"]
                           if s["schema-id"] == after["current-schema-id"])
            self.assertEqual([(f["id"], f["name"], f["required"]) for f in current["fields"]],
                             [(old_fields[0]["id"], "id", True),
                              (old_fields[1]["id"], "town", False)])
            self.assertEqual(after["last-column-id"], before["last-column-id"])
            with self.assertRaises(psycopg2.Error) as caught:
                server.query("ALTER TABLE r ALTER town SET NOT NULL")  # row 3 is NULL
            self.assertEqual(caught.exception.pgcode, "23502")
            server.query("UPDATE r SET town = 'bern' WHERE id = 3")
            server.query("ALTER TABLE r ALTER town SET NOT NULL")
            server.stop(cleanup=False)
            server.restart()  # the first data file (field "city") read as "town"
            self.assertEqual(server.query("SELECT id, town FROM r ORDER BY id"),
                             [(1, "oslo"), (2, "rome"), (3, "bern")])
            with self.assertRaises(psycopg2.Error) as caught:
                server.query("INSERT INTO r VALUES (4, NULL)")
            self.assertEqual(caught.exception.pgcode, "23502")
        finally:
            server.stop()


    def test_renamed_tables_keep_their_rows_and_iceberg_tables(self):
        server = Server()
        try:
            server.query("CREATE TABLE a (x int)")
            server.query("CREATE TABLE b (x int)")
            server.query("INSERT INTO a VALUES (1)")
            server.query("INSERT INTO b VALUES (2), (2)")
            server.query("CHECKPOINT")
            oid = dict(server.query("SELECT relname, oid::int FROM pg_class "
                                    "WHERE relname IN ('a', 'b')"))
            # Swap the names: the Iceberg catalog goes through temporary names.
            server.query("ALTER TABLE a RENAME TO tmp")
            server.query("ALTER TABLE b RENAME TO a")
            server.query("ALTER TABLE tmp RENAME TO b")
            server.kill()  # the renames are in the WAL only
            server.restart()
            self.assertEqual(server.query("SELECT sum(x), count(*) FROM a"), [(4, 2)])
            self.assertEqual(server.query("SELECT sum(x), count(*) FROM b"), [(1, 1)])
            server.query("CHECKPOINT")
            self.assertEqual(self.iceberg_tables(server), {"a": oid["b"], "b": oid["a"]})
            # A renamed table's old name taken by a new table before the next checkpoint.
            server.query("ALTER TABLE a RENAME TO a2")
            server.query("CREATE TABLE a (y text)")
            server.query("INSERT INTO a VALUES ('new')")
            server.query("INSERT INTO a2 VALUES (3)")
            server.query("CHECKPOINT")
            tables = self.iceberg_tables(server)
            self.assertEqual(tables["a2"], oid["b"])
            self.assertEqual(tables["b"], oid["a"])
            self.assertNotIn(tables["a"], oid.values())
            server.stop(cleanup=False)
            server.restart()
            self.assertEqual(server.query("SELECT sum(x), count(*) FROM a2"), [(7, 3)])
            self.assertEqual(server.query("SELECT y FROM a"), [("new",)])
            self.assertEqual(server.query("SELECT x FROM b"), [(1,)])
            server.query("CREATE TABLE ev (user_id bigint, n int, at timestamptz)"
                         " WITH (event_time = 'at')")
            server.query("CREATE MATERIALIZED VIEW v WITH (entity = 'user_id') AS "
                         "SELECT user_id, sum(n) AS total FROM ev GROUP BY user_id")
            with self.assertRaises(psycopg2.Error) as caught:
                server.query("ALTER TABLE ev RENAME TO events")
            self.assertEqual(caught.exception.pgcode, "2BP01")
        finally:
            server.stop()

    @staticmethod
    def iceberg_tables(server):
        """Table name -> firn.oid of the tables in the Iceberg SQL catalog (catalog.db)."""
        db = sqlite3.connect(os.path.join(server.data_dir, "catalog.db"))
        try:
            rows = db.execute("SELECT table_name, metadata_location FROM iceberg_tables").fetchall()
        finally:
            db.close()
        out = {}
        for name, location in rows:
            with open(location.replace("file://", "")) as f:
                out[name] = int(json.load(f)["properties"]["firn.oid"])
        return out


if __name__ == "__main__":
    sys.exit(clientlib.run(AlterTableTest, needs_dsn=False))
