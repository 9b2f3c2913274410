#!/usr/bin/env python3
"""Real-client tests with SQLAlchemy (psycopg2 dialect) and pandas: run against FIRN_DSN.

    FIRN_DSN='host=127.0.0.1 port=5432 user=firn dbname=firn' python3 tests/clients/test_sqlalchemy.py

Covers engine connect (the dialect's start-up queries), inspector introspection
(get_table_names, get_columns, has_table, get_schema_names, get_view_names,
get_view_definition), Core text() queries with bound
parameters, pandas.read_sql of a query, DataFrame.to_sql, Table(autoload_with=) reflection
and pandas.read_sql_table, ORM models with SERIAL, identity and uuid primary keys (a
server default gen_random_uuid(), values as uuid.UUID) and a Computed (generated) column,
key constraints with
upserts and psycopg2's error diagnostics, table and column comments, and an Alembic
autogenerate diff and migration.
Every test uses
its own table names. The last line printed is `N passed, M failed`; the exit status is
non-zero on any failure.
"""

import os
import re
import sys
import unittest
import uuid

os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")

import clientlib
try:
    import pandas as pd
    import sqlalchemy as sa
    import sqlalchemy.dialects.postgresql as sa_pg
    import sqlalchemy.orm
except ImportError:  # Debian's python3 has the packages
    clientlib.use_system_python()
    raise

DSN = clientlib.PARAMS
URL = (f"postgresql+psycopg2://{DSN.get('user', 'firn')}@{DSN.get('host', '127.0.0.1')}:"
       f"{DSN.get('port', '5432')}/{DSN.get('dbname', DSN.get('user', 'firn'))}")


class SqlAlchemyTest(unittest.TestCase):
    """One engine per test; `self.table` is created with three typed columns and two rows."""

    @classmethod
    def setUpClass(cls):
        cls.engine = sa.create_engine(URL)

    @classmethod
    def tearDownClass(cls):
        cls.engine.dispose()

    def setUp(self):
        self.table = f"sa_{self._testMethodName[5:]}"
        with self.engine.begin() as conn:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {self.table}"))
            conn.execute(sa.text(
                f"CREATE TABLE {self.table} (id int NOT NULL, name varchar(20), "
                "amount numeric(10,2), at timestamptz, score double precision)"))
            conn.execute(sa.text(
                f"INSERT INTO {self.table} VALUES (1, 'ann', 10.50, '2024-01-02 03:04:05+00', 0.5), "
                "(2, 'bob', NULL, NULL, NULL)"))

    def tearDown(self):
        with self.engine.begin() as conn:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {self.table}"))
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {self.table}_df"))

    def test_begin_nested_rolls_back_to_a_savepoint(self):
        with self.engine.begin() as conn:
            conn.execute(sa.text(f"INSERT INTO {self.table} (id, name) VALUES (3, 'cy')"))
            nested = conn.begin_nested()
            conn.execute(sa.text(f"DELETE FROM {self.table} WHERE id = 1"))
            nested.rollback()
            with conn.begin_nested():
                conn.execute(sa.text(f"UPDATE {self.table} SET name = 'bo' WHERE id = 2"))
        with self.engine.connect() as conn:
            rows = conn.execute(sa.text(f"SELECT id, name FROM {self.table} ORDER BY id")).all()
        self.assertEqual([tuple(r) for r in rows], [(1, "ann"), (2, "bo"), (3, "cy")])

    def test_jsonb_model(self):
        # An ORM model with JSONB and JSON columns: dicts in, dicts out, the dialect's
        # index and containment operators in queries, and the types reflected.
        metadata = sa.MetaData()
        events = sa.Table(f"{self.table}_events", metadata,
                          sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                          sa.Column("doc", sa_pg.JSONB),
                          sa.Column("raw", sa.JSON))
        metadata.create_all(self.engine)
        try:
            docs = [{"user": {"name": "ann"}, "tags": ["a"], "n": 1},
                    {"user": {"name": "bob"}, "tags": [], "n": 2.5}]
            with self.engine.begin() as conn:
                conn.execute(events.insert(), [{"id": i, "doc": d, "raw": d}
                                               for i, d in enumerate(docs)])
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(events.c.doc, events.c.raw)
                                    .order_by(events.c.id)).all()
                self.assertEqual([tuple(r) for r in rows], [(d, d) for d in docs])
                names = conn.execute(sa.select(events.c.doc["user"]["name"].astext)
                                     .where(events.c.doc.contains({"tags": ["a"]}))).scalars().all()
                self.assertEqual(names, ["ann"])
                self.assertEqual(conn.execute(
                    sa.select(sa.func.count()).where(events.c.doc.has_key("tags"))).scalar(), 2)
            columns = {c["name"]: c["type"] for c in sa.inspect(self.engine).get_columns(events.name)}
            self.assertIsInstance(columns["doc"], sa_pg.JSONB)
            self.assertIsInstance(columns["raw"], sa.JSON)
        finally:
            metadata.drop_all(self.engine)

    def test_table_names(self):
        names = sa.inspect(self.engine).get_table_names()
        self.assertIn(self.table, names)
        self.assertFalse(any(n.startswith("pg_") for n in names), names)

    def test_schema_names(self):
        schemas = sa.inspect(self.engine).get_schema_names()
        self.assertIn("public", schemas)
        self.assertIn("information_schema", schemas)

    def test_has_table(self):
        insp = sa.inspect(self.engine)
        self.assertTrue(insp.has_table(self.table))
        self.assertFalse(insp.has_table(self.table + "_missing"))

    def test_get_columns(self):
        cols = sa.inspect(self.engine).get_columns(self.table)
        self.assertEqual([c["name"] for c in cols], ["id", "name", "amount", "at", "score"])
        self.assertEqual([c["nullable"] for c in cols], [False, True, True, True, True])
        self.assertIsInstance(cols[0]["type"], sa.Integer)
        self.assertIsInstance(cols[1]["type"], sa.String)
        self.assertEqual(cols[1]["type"].length, 20)
        self.assertIsInstance(cols[2]["type"], sa.Numeric)
        self.assertEqual((cols[2]["type"].precision, cols[2]["type"].scale), (10, 2))
        self.assertIsInstance(cols[3]["type"], sa.DateTime)
        self.assertTrue(cols[3]["type"].timezone)
        self.assertIsInstance(cols[4]["type"], sa.Float)
        self.assertTrue(all(c["default"] is None for c in cols))

    def test_views(self):
        view = f"{self.table}_v"
        with self.engine.begin() as conn:
            conn.execute(sa.text(
                f"CREATE VIEW {view} AS SELECT id, name FROM {self.table} WHERE id > 1"))
        try:
            insp = sa.inspect(self.engine)
            self.assertIn(view, insp.get_view_names())
            self.assertNotIn(view, insp.get_table_names())
            self.assertNotIn(self.table, insp.get_view_names())
            # Firn shows the query as written, PostgreSQL its deparsed form.
            self.assertRegex(insp.get_view_definition(view),
                             rf"^ SELECT [^;]*\bFROM {self.table}\s+WHERE [^;]*id > 1\)?;$")
            cols = insp.get_columns(view)
            self.assertEqual([c["name"] for c in cols], ["id", "name"])
            self.assertIsInstance(cols[1]["type"], sa.String)
            reflected = sa.Table(view, sa.MetaData(), autoload_with=self.engine)
            with self.engine.connect() as conn:
                rows = conn.execute(sa.select(reflected.c.name)).all()
            self.assertEqual([tuple(r) for r in rows], [("bob",)])
        finally:
            with self.engine.begin() as conn:
                conn.execute(sa.text(f"DROP VIEW IF EXISTS {view}"))

    def test_table_reflection_and_read_sql_table(self):
        table = sa.Table(self.table, sa.MetaData(), autoload_with=self.engine)
        self.assertEqual([c.name for c in table.columns], ["id", "name", "amount", "at", "score"])
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(table.c.id, table.c.name).order_by(table.c.id)).all()
        self.assertEqual([tuple(r) for r in rows], [(1, "ann"), (2, "bob")])
        frame = pd.read_sql_table(self.table, self.engine)
        self.assertEqual(sorted(frame["id"].tolist()), [1, 2])

    def test_text_query_with_parameters(self):
        with self.engine.connect() as conn:
            row = conn.execute(sa.text(f"SELECT name, amount FROM {self.table} WHERE id = :id"),
                               {"id": 1}).one()
        self.assertEqual(row.name, "ann")
        self.assertEqual(str(row.amount), "10.50")

    def test_timestamptz_round_trip(self):
        df = pd.read_sql(sa.text(f"SELECT at FROM {self.table} ORDER BY id"), self.engine)
        self.assertEqual(str(df["at"].iloc[0]), "2024-01-02 03:04:05+00:00")

    def test_pandas_read_sql_query(self):
        df = pd.read_sql(sa.text(f"SELECT id, name, score FROM {self.table} WHERE id >= :low "
                                 "ORDER BY id"), self.engine, params={"low": 1})
        self.assertEqual(list(df.columns), ["id", "name", "score"])
        self.assertEqual(df["id"].tolist(), [1, 2])
        self.assertEqual(df["name"].tolist(), ["ann", "bob"])
        self.assertEqual(df["score"].iloc[0], 0.5)
        self.assertTrue(pd.isna(df["score"].iloc[1]))

    def test_pandas_to_sql(self):
        frame = pd.DataFrame({"k": [1, 2, 3], "v": ["a", "b", None], "f": [1.5, None, 2.5]})
        frame.to_sql(f"{self.table}_df", self.engine, index=False)
        back = pd.read_sql(f"SELECT * FROM {self.table}_df ORDER BY k", self.engine)
        self.assertEqual(back["k"].tolist(), [1, 2, 3])
        self.assertEqual(back["v"].tolist()[:2], ["a", "b"])
        self.assertIsNone(back["v"].tolist()[2])

    def test_orm_autoincrement_and_identity_keys(self):
        # What an ORM model's integer primary key becomes: SERIAL (autoincrement) or an
        # identity column, ids handed back by INSERT ... RETURNING, and reflected again; a
        # column with index=True gets CREATE INDEX.
        metadata = sa.MetaData()
        serial = sa.Table(f"{self.table}_serial", metadata,
                          sa.Column("id", sa.Integer, primary_key=True),
                          sa.Column("name", sa.String(20), index=True))
        identity = sa.Table(f"{self.table}_identity", metadata,
                            sa.Column("id", sa.BigInteger, sa.Identity(start=100, increment=10),
                                      primary_key=True),
                            sa.Column("name", sa.String(20)))
        metadata.drop_all(self.engine)
        metadata.create_all(self.engine)
        try:
            base = sa.orm.declarative_base()

            class Serial(base):
                __table__ = serial

            class Ident(base):
                __table__ = identity

            with sa.orm.Session(self.engine) as session:
                rows = [Serial(name="a"), Serial(name="b"), Ident(name="x"), Ident(name="y")]
                session.add_all(rows)
                session.commit()
                self.assertEqual([r.id for r in rows], [1, 2, 100, 110])
            with self.engine.connect() as conn:
                got = conn.execute(sa.select(identity).order_by(identity.c.id)).all()
            self.assertEqual([tuple(r) for r in got], [(100, "x"), (110, "y")])
            inspector = sa.inspect(self.engine)
            columns = {c["name"]: c for c in inspector.get_columns(serial.name)}
            self.assertTrue(columns["id"]["autoincrement"])
            self.assertIn("nextval", columns["id"]["default"])
            # (inspector.get_indexes parses pg_index.indkey as PostgreSQL's int2vector text,
            # "1 2"; Firn's system catalogs show int2vector as int2[] — docs/sql.md.)
            with self.engine.connect() as conn:
                indexes = conn.execute(sa.text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :t "
                    "AND indexname LIKE 'ix%'"),  # PostgreSQL also lists the key's index
                    {"t": serial.name}).all()
            self.assertEqual([tuple(r) for r in indexes], [(
                f"ix_{serial.name}_name",
                f"CREATE INDEX ix_{serial.name}_name ON public.{serial.name} USING btree (name)")])
            columns = {c["name"]: c for c in inspector.get_columns(identity.name)}
            options = columns["id"]["identity"]
            # The dialect builds these with json_build_object: psycopg2 loads the json.
            self.assertEqual(options["start"], 100)
            self.assertEqual(options["increment"], 10)
            self.assertFalse(options["always"])
        finally:
            metadata.drop_all(self.engine)

    def test_key_constraints_and_upserts(self):
        # What ORMs and ingestion code rely on: keys reflected, a duplicate raised as
        # IntegrityError, and the PostgreSQL dialect's insert().on_conflict_do_update /
        # on_conflict_do_nothing.
        from sqlalchemy.dialects.postgresql import insert
        metadata = sa.MetaData()
        users = sa.Table(f"{self.table}_users", metadata,
                         sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                         sa.Column("email", sa.String(40), nullable=False),
                         sa.Column("visits", sa.Integer, nullable=False),
                         sa.UniqueConstraint("email", name=f"{self.table}_email_uq"))
        metadata.drop_all(self.engine)
        metadata.create_all(self.engine)
        try:
            inspector = sa.inspect(self.engine)
            self.assertEqual(inspector.get_pk_constraint(users.name),
                             {"constrained_columns": ["id"], "name": f"{users.name}_pkey"})
            self.assertEqual(inspector.get_unique_constraints(users.name),
                             [{"name": f"{self.table}_email_uq", "column_names": ["email"]}])
            with self.engine.begin() as conn:
                conn.execute(users.insert(), [{"id": 1, "email": "a@x", "visits": 1},
                                              {"id": 2, "email": "b@x", "visits": 1}])
            with self.assertRaises(sa.exc.IntegrityError) as caught:
                with self.engine.begin() as conn:
                    conn.execute(users.insert(), {"id": 3, "email": "a@x", "visits": 1})
            self.assertEqual(caught.exception.orig.pgcode, "23505")
            diag = caught.exception.orig.diag
            self.assertEqual((diag.schema_name, diag.table_name, diag.constraint_name),
                             ("public", users.name, f"{self.table}_email_uq"))
            with self.assertRaises(sa.exc.IntegrityError) as caught:
                with self.engine.begin() as conn:
                    conn.execute(users.insert(), {"id": 3, "email": None, "visits": 1})
            diag = caught.exception.orig.diag
            self.assertEqual((caught.exception.orig.pgcode, diag.table_name, diag.column_name),
                             ("23502", users.name, "email"))
            upsert = insert(users).values([{"id": 1, "email": "a@x", "visits": 5},
                                           {"id": 4, "email": "d@x", "visits": 2}])
            upsert = upsert.on_conflict_do_update(
                index_elements=["id"],
                set_={"visits": users.c.visits + upsert.excluded.visits})
            skip = insert(users).values(id=9, email="b@x", visits=7).on_conflict_do_nothing()
            with self.engine.begin() as conn:
                self.assertEqual(conn.execute(upsert).rowcount, 2)
                self.assertEqual(conn.execute(skip).rowcount, 0)
            with self.engine.connect() as conn:
                got = conn.execute(sa.select(users).order_by(users.c.id)).all()
            self.assertEqual([tuple(r) for r in got],
                             [(1, "a@x", 6), (2, "b@x", 1), (4, "d@x", 2)])
        finally:
            metadata.drop_all(self.engine)

    def test_alembic_autogenerate_and_migrate(self):
        # Alembic's autogenerate reflects the columns, keys and indexes (pg_index.indkey as
        # an int2vector) and diffs them against the models: the diff names exactly what the
        # models add, and is empty once a migration made those changes.
        from alembic.autogenerate import compare_metadata
        from alembic.migration import MigrationContext
        from alembic.operations import Operations
        name = f"{self.table}_events"
        with self.engine.begin() as conn:
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))
            conn.execute(sa.text(
                f"CREATE TABLE {name} (id bigint PRIMARY KEY, amount double precision, "
                "user_id bigint NOT NULL, at timestamp)"))
            conn.execute(sa.text(f"CREATE INDEX {name}_user_at ON {name} (user_id, at)"))
        metadata = sa.MetaData()
        sa.Table(name, metadata,
                 sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=False),
                 sa.Column("amount", sa.Float),
                 sa.Column("user_id", sa.BigInteger, nullable=False),
                 sa.Column("at", sa.DateTime),
                 sa.Column("status", sa.String(10)),
                 sa.Index(f"{name}_user_at", "user_id", "at"),
                 sa.Index(f"{name}_status", "status", unique=True))
        only_this_table = {"include_name": lambda n, kind, parents: kind != "table" or n == name}
        try:
            self.assertEqual(sa.inspect(self.engine).get_indexes(name),
                             [{"name": f"{name}_user_at", "unique": False,
                               "column_names": ["user_id", "at"], "include_columns": [],
                               "dialect_options": {"postgresql_include": []}}])
            with self.engine.connect() as conn:
                diff = compare_metadata(MigrationContext.configure(conn, opts=only_this_table),
                                        metadata)
            self.assertEqual([(d[0], d[3].name) if d[0] == "add_column" else (d[0], d[1].name)
                              for d in diff],
                             [("add_column", "status"), ("add_index", f"{name}_status")])
            with self.engine.begin() as conn:
                op = Operations(MigrationContext.configure(conn))
                op.add_column(name, sa.Column("status", sa.String(10)))
                op.create_index(f"{name}_status", name, ["status"], unique=True)
            with self.engine.connect() as conn:
                self.assertEqual(compare_metadata(
                    MigrationContext.configure(conn, opts=only_this_table), metadata), [])
        finally:
            with self.engine.begin() as conn:
                conn.execute(sa.text(f"DROP TABLE IF EXISTS {name}"))

    def test_table_and_column_comments(self):
        # Table(comment=) and Column(comment=) make create_all send COMMENT ON; the inspector
        # reads them back (obj_description, col_description).
        metadata = sa.MetaData()
        events = sa.Table(f"{self.table}_docs", metadata,
                          sa.Column("id", sa.BigInteger, primary_key=True, comment="event id"),
                          sa.Column("amount", sa.Float, comment="in euros"),
                          sa.Column("status", sa.Text),
                          comment="card transactions")
        metadata.drop_all(self.engine)
        metadata.create_all(self.engine)
        try:
            inspector = sa.inspect(self.engine)
            self.assertEqual(inspector.get_table_comment(events.name),
                             {"text": "card transactions"})
            self.assertEqual({c["name"]: c["comment"] for c in inspector.get_columns(events.name)},
                             {"id": "event id", "amount": "in euros", "status": None})
        finally:
            metadata.drop_all(self.engine)

    def test_orm_uuid_primary_key(self):
        metadata = sa.MetaData()
        users = sa.Table(f"{self.table}_uuid", metadata,
                         sa.Column("id", sa_pg.UUID(as_uuid=True), primary_key=True,
                                   server_default=sa.text("gen_random_uuid()")),
                         sa.Column("name", sa.String(20)))
        metadata.drop_all(self.engine)
        metadata.create_all(self.engine)
        try:
            base = sa.orm.declarative_base()

            class User(base):
                __table__ = users

            given = uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
            with sa.orm.Session(self.engine) as session:
                rows = [User(name="generated"), User(id=given, name="given")]
                session.add_all(rows)
                session.commit()
                self.assertIsInstance(rows[0].id, uuid.UUID)
                self.assertEqual(rows[0].id.version, 4)
                self.assertEqual(session.get(User, given).name, "given")
            columns = {c["name"]: c for c in sa.inspect(self.engine).get_columns(users.name)}
            self.assertIsInstance(columns["id"]["type"], sa_pg.UUID)
            self.assertIn("gen_random_uuid()", columns["id"]["default"])
        finally:
            metadata.drop_all(self.engine)

    def test_orm_computed_column(self):
        metadata = sa.MetaData()
        lines = sa.Table(f"{self.table}_computed", metadata,
                         sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
                         sa.Column("qty", sa.Integer, nullable=False),
                         sa.Column("price", sa.Numeric(10, 2)),
                         sa.Column("total", sa.Numeric(12, 2), sa.Computed("qty * price")))
        metadata.drop_all(self.engine)
        metadata.create_all(self.engine)  # emits GENERATED ALWAYS AS (qty * price) STORED
        try:
            base = sa.orm.declarative_base()

            class Line(base):
                __table__ = lines

            with sa.orm.Session(self.engine) as session:
                line = Line(id=1, qty=3, price=2.5)
                session.add(line)
                session.commit()
                self.assertEqual(str(line.total), "7.50")  # fetched back after the INSERT
                line.qty = 4
                session.commit()
                self.assertEqual(str(line.total), "10.00")
            column = {c["name"]: c for c in sa.inspect(self.engine).get_columns(lines.name)}
            computed = column["total"]["computed"]
            self.assertTrue(computed["persisted"])
            # Firn keeps the text as written, "(qty * price)"; PostgreSQL deparses it,
            # "((qty)::numeric * price)".
            self.assertEqual(re.sub(r"[()]|::numeric", "", computed["sqltext"]), "qty * price")
            self.assertNotIn("computed", column["qty"])
            with self.engine.connect() as conn:
                with self.assertRaises(sa.exc.DBAPIError) as caught:
                    conn.execute(sa.text(f"INSERT INTO {lines.name} VALUES (2, 1, 1, 1)"))
                self.assertEqual(caught.exception.orig.pgcode, "428C9")
        finally:
            metadata.drop_all(self.engine)


if __name__ == "__main__":
    sys.exit(clientlib.run(SqlAlchemyTest))
