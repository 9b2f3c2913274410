#!/usr/bin/env python3
"""Feature views (materialized views with an entity), differentially against PostgreSQL.

    PG_DSN='host=127.0.0.1 port=55432 user=postgres dbname=postgres' [FIRN_FV_SEED=N] \
        FIRN_BIN=build/firn python3 tests/server/test_feature_views.py

The contract: a view's row for entity K as of instant T is what PostgreSQL returns for the
view's SELECT with now() replaced by T, over the source rows whose event_time <= T,
restricted to group K; no group, no row. Firn answers it online (SET firn.now = T), at a
point in time (WHERE as_of = T) and per label (JOIN ... ON f.as_of = l.t). PostgreSQL gets
the same tables (without the event_time option) in a schema of its own and computes every
expected answer from the view's definition. Random data and views; the seed (FIRN_FV_SEED,
else the clock) is in every failure message. Prints `N passed, M failed` last.
"""

import collections
import datetime as dt
import io
import os
import random
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402

PG_DSN = os.environ.get("PG_DSN", "")
SEED = int(os.environ.get("FIRN_FV_SEED", str(int(time.time() * 1000) % 1_000_000_007)))

EV_COLUMNS = ("id bigint, k int, k2 text, amount float8, qty int, status text, merchant int, "
              "event_time timestamptz")
BASE = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
SPAN_DAYS = 120
HEAVY, LIGHT, OLD_KEY, NULL_TIME_KEY = (1, 2, 3), tuple(range(10, 46)), 99, 77
UNKNOWN = (12345, 4, -1)

# Every aggregate of the spec; {f} is where a FILTER clause goes, {now} is now().
AGGS = [
    "count(*){f}", "count(amount){f}", "count(qty){f}", "count(DISTINCT merchant){f}",
    "count(DISTINCT status){f}", "sum(amount){f}", "sum(qty){f}", "avg(amount){f}",
    "avg(qty){f}", "min(amount){f}", "max(amount){f}", "min(qty){f}", "max(event_time){f}",
    "stddev(amount){f}", "stddev(qty){f}",
    "(array_agg(amount ORDER BY event_time, id){f})[1]",              # first by event time
    "(array_agg(amount ORDER BY event_time DESC, id DESC){f})[1]",    # last by event time
    "round((count(*) FILTER (WHERE status = 'declined'))::numeric / greatest(count(*){f}, 1), 4)",
    "coalesce(sum(qty){f}, 0)",
    "max(amount){f} - min(amount){f}",
]
ORDINARY = ["status = 'declined'", "status = 'approved'", "status <> 'refunded'", "amount > 10",
            "amount < 100", "qty IS NULL", "qty IS NOT NULL", "merchant = 3", "merchant <= 4",
            "amount BETWEEN 0 AND 1000"]


def ts_text(t):
    return t.strftime("%Y-%m-%d %H:%M:%S.%f+00")


def same(a, b):
    """PostgreSQL's value a against Firn's b: exact, except floats (relative 1e-12)."""
    if isinstance(a, float) and isinstance(b, float):
        return a == b or abs(a - b) <= max(1e-12 * max(abs(a), abs(b)), 1e-9)
    return type(a) is type(b) and a == b


def window(rng, windows, long=False):
    """A temporal predicate on {now} (or {local}: localtimestamp, the same instant as wall-clock
    time in the session zone); records its boundary offsets in windows."""
    kind = rng.choice(["gt", "ge", "hours", "between"] if not long else ["gt", "ge", "between"])
    if kind != "between" and rng.random() < 0.2:
        return window_on(rng, windows, long, kind).replace("{now}", "{local}")
    return window_on(rng, windows, long, kind)


def window_on(rng, windows, long, kind):
    if kind == "between":
        a, b = ((rng.choice([1, 2]), rng.choice([45, 90])) if long
                else sorted(rng.sample([1, 2, 7, 14, 30], 2)))
        windows += [dt.timedelta(days=a), dt.timedelta(days=b)]
        return (f"event_time BETWEEN {{now}} - interval '{b} days' "
                f"AND {{now}} - interval '{a} days'")
    op = ">" if kind == "gt" else ">=" if kind == "ge" else rng.choice([">", ">="])
    if kind == "hours":
        n = rng.choice([6, 36, 72])
        windows.append(dt.timedelta(hours=n))
        return f"event_time {op} {{now}} - interval '{n} hours'"
    n = rng.choice([45, 60, 90] if long else [1, 3, 7, 14, 30])
    windows.append(dt.timedelta(days=n))
    return f"event_time {op} {{now}} - interval '{n} days'"


def predicate(rng, windows, long=False):
    r = rng.random()
    if r < 0.4:
        return window(rng, windows, long)
    if r < 0.7:
        return rng.choice(ORDINARY)
    preds = [window(rng, windows, long)]
    for p in rng.sample(ORDINARY, len(ORDINARY))[:rng.randint(1, 2)]:
        if p.split()[0] not in " ".join(preds[1:]):  # never contradictory: distinct columns
            preds.append(p)
    return " AND ".join(preds)


class View:
    def __init__(self, name, entity, cols, where=None, windows=()):
        self.name, self.entity, self.cols, self.where = name, entity, cols, where
        self.keys = [c.strip() for c in entity.split(",")]
        self.windows = list(windows) or [dt.timedelta(days=7)]

    def body(self, now, extra=()):
        conds = list(extra) + ([f"({self.where})"] if self.where else [])
        sel = ", ".join(self.keys + [f"{expr} AS {name}" for name, expr in self.cols])
        where = f" WHERE {' AND '.join(conds)}" if conds else ""
        local = "localtimestamp" if now == "now()" else f"({now})::timestamp"  # {local}
        return (f"SELECT {sel} FROM ev{where} GROUP BY {', '.join(self.keys)}"
                .replace("{now}", now).replace("{local}", local))

    def create_sql(self):
        return (f"CREATE MATERIALIZED VIEW {self.name} WITH (entity = '{self.entity}') AS "
                + self.body("now()"))

    def order(self, alias=""):
        return ", ".join(alias + c for c in self.keys)

    def reference(self, t):
        """PostgreSQL's every-entity answer as of t."""
        lit = f"'{t}'::timestamptz"
        return self.body(lit, [f"event_time <= {lit}"]) + f" ORDER BY {self.order()}"

    def training(self, join):
        """Firn's training set: each label joined on the whole entity key and as_of = l.t."""
        on = " AND ".join(f"f.{c} = l.{c}" for c in self.keys)
        return (f"SELECT l.k, l.t, l.y, f.* FROM labels l {join} {self.name} f "
                f"ON {on} AND f.as_of = l.t ORDER BY l.y, {self.order('f.')}")

    def training_reference(self):
        now = "l.t::timestamptz"  # now() is an instant: a timestamp label is read in the zone
        inner = self.body(now, [f"ev.event_time <= {now}"] + [f"ev.{c} = l.{c}" for c in self.keys])
        return (f"SELECT l.k, l.t, l.y, f.* FROM labels l LEFT JOIN LATERAL ({inner}) f ON true "
                f"ORDER BY l.y, {self.order('f.')}")


def random_views(rng, n=6):
    """n views that together use every aggregate with and without FILTER, and one more."""
    combos = [(agg, filtered) for agg in AGGS for filtered in (False, True)]
    rng.shuffle(combos)
    views = []
    for i in range(n):
        windows, cols = [], []
        if i == 0:  # the spec's example columns; no WHERE so the old entity keeps its group
            windows += [dt.timedelta(days=7), dt.timedelta(days=30)]
            cols += [("c7", "count(*) FILTER (WHERE event_time > {now} - interval '7 days')"),
                     ("s30", "sum(amount) FILTER (WHERE event_time >= {now} - interval '30 days')")]
        for agg, filtered in combos[i::n] + rng.sample(combos, 2):
            f = f" FILTER (WHERE {predicate(rng, windows)})" if filtered else ""
            cols.append((f"f{len(cols)}", agg.replace("{f}", f)))
        where = predicate(rng, windows, long=True) if i > 0 and rng.random() < 0.7 else None
        entity = "k, k2" if i == 2 or (i > 2 and rng.random() < 0.3) else "k"
        views.append(View(f"fv{i}", entity, cols, where, windows))
    # And one whose every aggregate has a window, so that its index evicts old rows
    # whatever the seed (a random mix of FILTERs need not give any view a horizon).
    views.append(View(f"fv{n}", "k", [
        ("w7", "count(*) FILTER (WHERE event_time > {now} - interval '7 days')"),
        ("m3", "max(amount) FILTER (WHERE event_time >= {now} - interval '3 days')")],
        None, [dt.timedelta(days=7), dt.timedelta(days=3)]))
    return views


def gen_events(rng, heavy=HEAVY, per_heavy=500, light=LIGHT):
    """(id, k, k2, amount, qty, status, merchant, event_time) rows, shuffled."""
    def rand_ts():
        return BASE + dt.timedelta(seconds=rng.randrange(SPAN_DAYS * 86400),
                                   microseconds=rng.choice([0, rng.randrange(10 ** 6)]))

    def row(k, t):
        amount = None if rng.random() < 0.05 else rng.randint(-50000, 500000) / 100
        return [0, k, rng.choice(["a", "b", "c", None]), amount,
                None if rng.random() < 0.1 else rng.randint(1, 9),
                rng.choice(["approved", "approved", "declined", "refunded", None]),
                None if rng.random() < 0.05 else rng.randint(1, 8), t]

    rows = [row(k, rand_ts()) for k in heavy
            for _ in range(rng.randint(per_heavy - 50, per_heavy + 50))]
    rows += [row(k, rand_ts()) for k in light for _ in range(rng.randint(1, 12))]
    rows += [row(OLD_KEY, BASE + dt.timedelta(seconds=rng.randrange(2 * 86400))) for _ in range(6)]
    rows += [row(NULL_TIME_KEY, None) for _ in range(3)]         # never has a group
    rows += [row(None, rand_ts()) for _ in range(15)]            # the NULL entity
    rows += [row(rng.choice(heavy + light), None) for _ in range(12)]  # never qualify
    timed = [r for r in rows if r[7] is not None]
    for _ in range(len(rows) // 10):  # ties on event_time, mostly within one entity
        r = rng.choice(timed)
        rows.append(row(r[1] if rng.random() < 0.8 else rng.choice(heavy), r[7]))
    for r, i in zip(rows, rng.sample(range(1, len(rows) + 1), len(rows))):
        r[0] = i
    ties = collections.Counter((r[1], r[7]) for r in rows)
    for r in rng.sample([r for r in rows if ties[(r[1], r[7])] == 1], 8):
        r[0] = None  # a NULL id only where it cannot make the first/last tie break ambiguous
    rng.shuffle(rows)
    return [tuple(r) for r in rows]


def copy_text(rows):
    def field(v):
        if v is None:
            return "\\N"
        if isinstance(v, float):
            return repr(v)
        if isinstance(v, dt.datetime):
            return ts_text(v)
        return str(v)
    return "".join("\t".join(field(v) for v in r) + "\n" for r in rows)


class SeededFailure(AssertionError):
    """Every failure names the seed that reproduces it."""

    def __init__(self, msg=""):
        super().__init__(f"[FIRN_FV_SEED={SEED}] {msg}")


class FeatureViewTest(unittest.TestCase):
    failureException = SeededFailure

    def setUp(self):
        self.assertTrue(PG_DSN, "PG_DSN (libpq DSN of the PostgreSQL oracle) is not set")
        self.rng = random.Random(f"{SEED}:{self._testMethodName}")
        self.pg = psycopg2.connect(PG_DSN)
        self.pg.autocommit = True
        self.addCleanup(self.pg.close)
        self.pcur = self.pg.cursor()
        self.schema = "fvtest_" + uuid.uuid4().hex[:12]
        self.pcur.execute(f"CREATE SCHEMA {self.schema}")
        self.addCleanup(self.pcur.execute, f"DROP SCHEMA {self.schema} CASCADE")
        self.pcur.execute(f"SET search_path = {self.schema}; SET TimeZone = 'UTC'")
        self.server = Server()
        self.addCleanup(self.server.stop)
        self.reconnect()

    def reconnect(self):
        self.cur = self.session()

    def session(self):
        """A new Firn session (autocommit), closed at the end of the test."""
        conn = self.server.connect()
        self.addCleanup(conn.close)
        cur = conn.cursor()
        cur.execute("SET TimeZone = 'UTC'")
        return cur

    # --- plumbing
    def fq(self, sql, args=None):
        self.cur.execute(sql, args)
        if self.cur.description is None:
            return None
        return [(d.name, d.type_code) for d in self.cur.description], self.cur.fetchall()

    def pq(self, sql, args=None):
        self.pcur.execute(sql, args)
        if self.pcur.description is None:
            return None
        return [(d.name, d.type_code) for d in self.pcur.description], self.pcur.fetchall()

    def both(self, sql, args=None):
        self.fq(sql, args)
        self.pq(sql, args)

    def sqlstate(self, cur, sql, args=None):
        try:
            cur.execute(sql, args)
        except psycopg2.Error as e:
            return e.pgcode
        return "ok"

    def ctx(self, v, extra=""):
        return f"view {v.create_sql()!r}{extra}"

    def assert_same(self, exp, got, msg):
        (edesc, erows), (gdesc, grows) = exp, got
        self.assertEqual(gdesc, edesc, f"{msg}: columns (name, type oid) differ")
        for i in range(max(len(erows), len(grows))):
            e = erows[i] if i < len(erows) else None
            g = grows[i] if i < len(grows) else None
            if e is None or g is None or len(e) != len(g) or not all(map(same, e, g)):
                self.fail(f"{msg}: row {i} of {len(erows)} (PostgreSQL) / {len(grows)} "
                          f"(Firn) differs:\n  postgres {e}\n  firn     {g}")

    def make_tables(self, time_type="timestamptz"):
        columns = EV_COLUMNS.replace("timestamptz", time_type)
        self.fq(f"CREATE TABLE ev ({columns}) WITH (event_time = 'event_time')")
        self.pq(f"CREATE TABLE ev ({columns})")
        self.both(f"CREATE TABLE labels (k int, t {time_type}, y int, k2 text)")

    def set_zone(self, zone):
        self.both(f"SET TimeZone = '{zone}'")

    def insert(self, rows, use_copy):
        if use_copy:
            for cur in (self.cur, self.pcur):
                cur.copy_expert("COPY ev FROM STDIN", io.StringIO(copy_text(rows)))
        else:
            for i in range(0, len(rows), 400):
                values = ",".join(self.pcur.mogrify("(%s,%s,%s,%s,%s,%s,%s,%s)", r).decode()
                                  for r in rows[i:i + 400])
                self.both("INSERT INTO ev VALUES " + values)

    def create(self, v):
        self.fq(v.create_sql())
        # the same definition is a valid PostgreSQL materialized view
        self.pq(f"CREATE MATERIALIZED VIEW {v.name} AS {v.body('now()')} WITH NO DATA")

    def instants(self, v, events, n):
        times = [r[7] for r in events if r[7] is not None]
        rng = self.rng
        out = [BASE - dt.timedelta(days=1), BASE + dt.timedelta(days=SPAN_DAYS + 5),
               BASE + dt.timedelta(days=400)]
        out += [BASE + dt.timedelta(microseconds=rng.randrange(SPAN_DAYS * 86400 * 10 ** 6))
                for _ in range(4)]
        out += rng.sample(times, 3)  # exactly on an event
        out += [rng.choice(times) + rng.choice(v.windows) for _ in range(5)]  # on a boundary
        rng.shuffle(out)
        return [ts_text(t) for t in out[:n]]

    # --- the three ways to read a view, against PostgreSQL
    def check_at(self, v, t, lookups=True):
        """Online at t (SET firn.now) and point in time (as_of = t) against PostgreSQL."""
        msg = self.ctx(v, f", T={t}")
        ref = self.pq(v.reference(t))
        self.fq("SET firn.now = %s", (t,))
        online = self.fq(f"SELECT * FROM {v.name} ORDER BY {v.order()}")
        self.assert_same(ref, online, msg + ", online SELECT *")
        existing = sorted({r[0] for r in ref[1] if r[0] is not None})
        keys = self.rng.sample(existing, min(1, len(existing)))
        if lookups:
            keys += [self.rng.choice(HEAVY), self.rng.choice(UNKNOWN), OLD_KEY, NULL_TIME_KEY]
            keys += self.rng.sample(existing, min(2, len(existing)))
        by_key = {}
        for key in keys:
            by_key[key] = self.fq(f"SELECT * FROM {v.name} WHERE k = %s ORDER BY {v.order()}",
                                  (key,))
            self.assert_same((ref[0], [r for r in ref[1] if r[0] == key]), by_key[key],
                             f"{msg}, lookup k = {key}")
        if lookups:
            pool = existing + list(UNKNOWN) + [None]
            some = self.rng.sample(pool, min(5, len(pool)))
            want = (ref[0], [r for r in ref[1] if r[0] is not None and r[0] in some])
            got = self.fq(f"SELECT * FROM {v.name} WHERE k = ANY(%s) ORDER BY {v.order()}", (some,))
            self.assert_same(want, got, f"{msg}, k = ANY({some})")
            some = [k for k in some if k is not None][:3]
            want = (ref[0], [r for r in ref[1] if r[0] is not None and r[0] in some])
            got = self.fq(f"SELECT * FROM {v.name} WHERE k IN ({', '.join(map(str, some))}) "
                          f"ORDER BY {v.order()}")
            self.assert_same(want, got, f"{msg}, k IN {some}")
            self.assertEqual(self.fq(f"SELECT * FROM {v.name} WHERE k = NULL")[1], [], msg)
            # The lookup answers `k = const` itself (no filter above it): two keys that
            # contradict find nothing, a repeated key its row, and other conjuncts still apply.
            if len(existing) >= 2:
                a, b = existing[0], existing[1]
                got = self.fq(f"SELECT * FROM {v.name} WHERE k = %s AND k = %s", (a, b))
                self.assertEqual(got[1], [], f"{msg}, k = {a} AND k = {b}")
                got = self.fq(f"SELECT * FROM {v.name} WHERE k = %s AND %s = k ORDER BY "
                              f"{v.order()}", (a, a))
                self.assert_same((ref[0], [r for r in ref[1] if r[0] == a]), got,
                                 f"{msg}, k = {a} AND {a} = k")
                got = self.fq(f"SELECT * FROM {v.name} WHERE k = %s AND k::bigint <> %s::bigint",
                              (a, a))
                self.assertEqual(got[1], [], f"{msg}, k = {a} AND k <> {a}")
        if self.rng.random() < 0.5:
            self.fq("RESET firn.now")
        else:  # as_of wins over firn.now
            other = BASE + dt.timedelta(days=self.rng.randrange(200))
            self.fq("SET firn.now = %s", (ts_text(other),))
        pit = self.fq(f"SELECT * FROM {v.name} WHERE as_of = %s ORDER BY {v.order()}", (t,))
        self.assertEqual(repr(pit), repr(online), f"{msg}: as_of differs from firn.now, "
                         "bit for bit")
        for key in keys[:1]:
            got = self.fq(f"SELECT * FROM {v.name} WHERE as_of = %s AND k = %s ORDER BY "
                          f"{v.order()}", (t, key))
            self.assertEqual(repr(got), repr(by_key[key]), f"{msg}, k = {key}: as_of differs "
                             "from firn.now, bit for bit")
        self.fq("RESET firn.now")
        return ref

    def check_training(self, v, instants):
        msg = self.ctx(v, ", training set")
        keys = [*HEAVY, *self.rng.sample(LIGHT, 8), OLD_KEY, NULL_TIME_KEY, None, *UNKNOWN]
        labels = [(self.rng.choice(keys), self.rng.choice(instants), y) for y in range(40)]
        mid = ts_text(BASE + dt.timedelta(days=SPAN_DAYS // 2))
        labels = [r + (self.rng.choice(["a", "b", "c", None, "zz"]),) for r in labels]
        labels += [(k, mid, 40 + i, k2) for i, (k, k2) in enumerate(
            (k, k2) for k in HEAVY for k2 in ("a", "b", "c"))]  # these mostly match
        labels += [(HEAVY[0], None, 50, "a"), (None, None, 51, None), (None, mid, 52, "a")]
        self.both("DELETE FROM labels")
        self.both("INSERT INTO labels VALUES " + ",".join(
            self.pcur.mogrify("(%s,%s,%s,%s)", r).decode() for r in labels))
        ref = self.pq(v.training_reference())
        got = self.fq(v.training("LEFT JOIN"))
        self.assert_same(ref, got, msg + " (LEFT JOIN)")
        got = self.fq(v.training("JOIN"))
        self.assert_same((ref[0], [r for r in ref[1] if r[3] is not None]), got, msg + " (JOIN)")
        return len(got[1])

    # --- the tests
    def test_differential_random_views(self):
        rng = self.rng
        self.make_tables()
        events = gen_events(rng)
        views = random_views(rng)
        cuts = sorted(rng.sample(range(200, len(events) - 200), 3))
        batches = [events[a:b] for a, b in zip([0] + cuts, cuts + [len(events)])]
        self.create(views[0])  # maintained online from the first event on
        self.assertEqual(self.fq(f"SELECT * FROM {views[0].name}")[1], [])
        created = [views[0]]
        inserted = []
        for i, batch in enumerate(batches):
            self.insert(batch, use_copy=i % 2 == 1)  # multi-row INSERT, then COPY, ...
            inserted += batch
            if i == 1:  # from here on, older rows are read back from their Parquet files
                self.fq("CHECKPOINT")
            for v in views[len(created):i + 2 if i < 3 else len(views)]:
                self.create(v)  # backfilled from what is there
                created.append(v)
            for v in created:
                for t in self.instants(v, inserted, 15)[:3]:
                    self.check_at(v, t)
        self.assertEqual(created, views)
        self.assertEqual(self.fq("SELECT count(*) FROM ev")[1], [(len(events),)])
        # Both evaluation paths are under test: aggregates kept as sliding windows and
        # aggregates the executor recomputes (stddev, array_agg ... ORDER BY, expressions).
        kinds = self.fq("SELECT sum(sliding_aggregates), sum(recomputed_aggregates) "
                        "FROM firn_feature_views()")[1][0]
        self.assertGreater(kinds[0], 10, kinds)
        self.assertGreater(kinds[1], 5, kinds)
        # Rows too old for the latest instants have left some views' indexes, so the
        # instants below that reach them re-read history (docs/features.md, "Eviction").
        evicted = self.fq("SELECT sum(evicted_rows) FROM firn_feature_views()")[1][0][0]
        self.assertGreater(evicted, 0)

        # The harness itself: the old entity has a group with nothing in its windows, the
        # entity with only NULL event times has none, PostgreSQL drops NULL <= T.
        after = ts_text(BASE + dt.timedelta(days=SPAN_DAYS + 5))
        ref = self.pq(views[0].reference(after))[1]
        self.assertIn((OLD_KEY, 0, None), [r[:3] for r in ref])
        self.assertIn(None, [r[0] for r in ref])
        self.assertNotIn(NULL_TIME_KEY, [r[0] for r in ref])
        self.assertEqual(self.pq(f"SELECT count(*) FROM ev WHERE event_time <= '{after}'")[1],
                         [(sum(1 for r in events if r[7] is not None),)])

        self.fq("CHECKPOINT")  # every row in a data file: backfills and history read Parquet
        cold = self.fq("SELECT memory_rows, file_rows FROM firn_tables() WHERE name = 'ev'")[1]
        self.assertEqual(cold, [(0, len(events))])
        for v in views:
            instants = self.instants(v, events, 15)
            for t in instants:
                self.check_at(v, t)
            self.assertGreater(self.check_training(v, instants), 0, "no label matched")

    def test_read_your_writes_late_and_future_events(self):
        self.make_tables()
        v = View("fv", "k", [
            ("c7", "count(*) FILTER (WHERE event_time > {now} - interval '7 days')"),
            ("s30", "sum(amount) FILTER (WHERE event_time >= {now} - interval '30 days')"),
            ("h36", "count(*) FILTER (WHERE event_time > {now} - interval '36 hours')"),
            ("last", "(array_agg(amount ORDER BY event_time DESC, id DESC))[1]")])
        self.create(v)
        t0 = BASE + dt.timedelta(days=60)
        self.insert([(i, 1 + i % 2, None, float(i), 1, "approved", 1,
                      t0 - dt.timedelta(hours=17 * i)) for i in range(1, 40)], use_copy=False)
        ocur = self.session()

        def at(t):
            self.fq("SET firn.now = %s", (ts_text(t),))
            ocur.execute("SET firn.now = %s", (ts_text(t),))
            self.check_at(v, ts_text(t), lookups=False)
            self.fq("SET firn.now = %s", (ts_text(t),))

        def row(k):
            rows = self.fq("SELECT * FROM fv WHERE k = %s", (k,))[1]
            ocur.execute("SELECT * FROM fv WHERE k = %s", (k,))
            self.assertEqual(repr(ocur.fetchall()), repr(rows), "another session differs")
            return rows

        at(t0)
        before = row(1)
        self.insert([(100, 1, None, 5.0, 1, "approved", 1, t0 - dt.timedelta(hours=1))], False)
        moved = row(1)  # read your own write, no waiting
        self.assertEqual((moved[0][1], moved[0][3], moved[0][4]),
                         (before[0][1] + 1, before[0][3] + 1, 5.0))
        at(t0)
        self.insert([(101, 1, None, 9.0, 1, "approved", 1, t0 - dt.timedelta(days=100))], True)
        self.assertEqual(repr(row(1)), repr(moved), "a late event changed windowed values")
        self.insert([(102, 500, None, 9.0, 1, "approved", 1, t0 - dt.timedelta(days=100))], False)
        self.assertEqual(row(500), [(500, 0, None, 0, 9.0)], "a late event makes the group only")
        at(t0)
        self.insert([(103, 1, None, 7.0, 1, "approved", 1, t0 + dt.timedelta(days=1))], False)
        self.assertEqual(repr(row(1)), repr(moved), "an event after firn.now is visible")
        at(t0)
        at(t0 + dt.timedelta(days=1))  # exactly on it
        self.assertEqual(row(1)[0][4], 7.0)
        for days in (2, 6, 8, 31, 400):  # windows slide with no new events
            at(t0 + dt.timedelta(days=days))
        self.assertEqual(row(1)[0][1:4], (0, None, 0))
        self.assertEqual(row(NULL_TIME_KEY), [])

    def test_timestamp_event_time(self):
        """A timestamp (without time zone) event time holds wall-clock times: PostgreSQL reads
        them in the session zone when it compares them with now(), and so does Firn, in any
        zone without daylight-saving shifts; in a zone with them it refuses (0A000)."""
        views = self.zones_differential("timestamp", ("UTC", "+05:30", "-08"))
        self.fq("SET TimeZone = 'Europe/Paris'")
        for sql in (f"SELECT * FROM {views[0].name}",
                    f"SELECT * FROM {views[0].name} WHERE k = 1",
                    f"SELECT * FROM labels l JOIN {views[2].name} f ON f.k = l.k "
                    "AND f.as_of = l.t"):
            self.assertEqual(self.sqlstate(self.cur, sql), "0A000", sql)
            self.assertEqual(self.fq("SELECT 1")[1], [(1,)])

    def test_session_time_zones(self):
        """timestamptz event times in zones with daylight-saving shifts (the data spans
        March's): windows of days and localtimestamp bounds follow the session zone."""
        self.zones_differential("timestamptz", ("Europe/Paris", "America/New_York", "+05:30"))

    def zones_differential(self, time_type, zones):
        rng = self.rng
        self.make_tables(time_type)
        events = gen_events(rng, heavy=(1, 2), per_heavy=200, light=LIGHT[:12])
        views = random_views(rng, 3)[:2]
        views.append(View("fv_local", "k", [
            ("c7", "count(*) FILTER (WHERE event_time > {local} - interval '7 days')"),
            ("s36", "sum(amount) FILTER (WHERE event_time >= {local} - interval '36 hours')"),
            # Static conditions that depend on the session zone for a timestamptz column.
            ("night", "count(*) FILTER (WHERE extract(hour FROM event_time) < 6)"),
            ("days", "count(DISTINCT event_time::date)"),
            ("n", "count(*)")], where="event_time > {now} - interval '45 days'",
            windows=[dt.timedelta(days=7), dt.timedelta(hours=36), dt.timedelta(days=45)]))
        self.create(views[0])
        self.insert(events[:500], use_copy=False)
        self.fq("CHECKPOINT")
        self.insert(events[500:], use_copy=True)
        for v in views[1:]:
            self.create(v)
        for zone in zones:
            self.set_zone(zone)
            for v in views:
                instants = self.instants(v, events, 4)
                for t in instants:
                    self.check_at(v, t, lookups=zone == zones[0])
                self.assertGreater(self.check_training(v, instants), 0, "no label matched")
        return views

    def test_views_survive_restart_and_crash(self):
        rng = self.rng
        self.make_tables()
        events = gen_events(rng, heavy=(1,), per_heavy=200, light=LIGHT[:12])
        v1, v2 = random_views(rng, 3)[1:3]
        self.create(v1)  # before any data
        self.insert(events[:300], use_copy=False)
        self.fq("CHECKPOINT")
        self.create(v2)
        self.insert(events[300:], use_copy=True)  # only in the WAL
        self.create(View("fv_tmp", "k", [("n", "count(*)")]))
        self.fq("DROP MATERIALIZED VIEW fv_tmp")
        instants = [(v, t) for v in (v1, v2) for t in self.instants(v, events, 6)]

        def snapshot():
            out = []
            for v, t in instants:
                self.fq("SET firn.now = %s", (t,))
                out.append(repr(self.fq(f"SELECT * FROM {v.name} ORDER BY {v.order()}")))
                self.fq("RESET firn.now")
                out.append(repr(self.fq(f"SELECT * FROM {v.name} WHERE as_of = %s ORDER BY "
                                        f"{v.order()}", (t,))))
            return out

        for v, t in instants:
            self.check_at(v, t, lookups=False)
        before = snapshot()
        self.cur.connection.close()
        self.assertEqual(self.server.stop(cleanup=False), 0)
        self.server.restart()
        self.reconnect()
        self.assertEqual(snapshot(), before, "clean restart")
        self.assertEqual(self.sqlstate(self.cur, "SELECT * FROM fv_tmp"), "42P01")
        self.assertEqual(self.sqlstate(self.cur, v1.create_sql()), "42P07")
        more = gen_events(rng, heavy=(1,), per_heavy=60, light=LIGHT[:5])
        self.insert([(r[0] and r[0] + 10000,) + r[1:] for r in more], use_copy=False)
        for v, t in instants:
            self.check_at(v, t, lookups=False)
        after = snapshot()
        self.cur.connection.close()
        self.server.kill()
        self.server.restart()
        self.reconnect()
        self.assertEqual(snapshot(), after, "kill -9 and restart")
        self.check_training(v2, [t for v, t in instants if v is v2])

    def test_delete_and_update_on_the_source(self):
        rng = self.rng
        self.make_tables()
        events = gen_events(rng, heavy=(1, 2), per_heavy=150, light=LIGHT[:15])
        views = random_views(rng, 3)
        self.create(views[0])
        self.insert(events, use_copy=True)
        for v in views[1:]:
            self.create(v)
        for sql in ["DELETE FROM ev WHERE k = 2",
                    "DELETE FROM ev WHERE status = 'declined' AND amount > 1000",
                    "UPDATE ev SET amount = amount + 1 WHERE k = 1 AND qty = 3",
                    "UPDATE ev SET event_time = event_time + interval '10 days' WHERE merchant = 2",
                    "UPDATE ev SET k = 3 WHERE k = 10",
                    "UPDATE ev SET k = NULL WHERE k = 11",
                    "UPDATE ev SET status = 'declined', qty = NULL WHERE status IS NULL",
                    "UPDATE ev SET event_time = '2024-02-01 00:00:00+00' WHERE event_time IS NULL",
                    "DELETE FROM ev WHERE k = 1 AND event_time > '2024-03-01'"]:
            self.both(sql)
            for v in views:
                for t in self.instants(v, events, 3):
                    self.check_at(v, t, lookups=False)
        self.both("DELETE FROM ev")
        for v in views:
            self.check_at(v, ts_text(BASE + dt.timedelta(days=50)))

    def test_errors(self):
        self.make_tables()
        cur, pcur = self.cur, self.pcur
        self.fq("CREATE TABLE plain (k int, amount float8, event_time timestamptz)")
        self.fq("CREATE TABLE other (k int, w int)")
        bad = {
            "join": "SELECT ev.k, count(*) FROM ev JOIN other o ON o.k = ev.k GROUP BY ev.k",
            "no GROUP BY": "SELECT k, amount FROM ev",
            "aggregates without GROUP BY": "SELECT count(*) AS n FROM ev",
            "GROUP BY another column": "SELECT k, merchant, count(*) FROM ev GROUP BY k, merchant",
            "ORDER BY": "SELECT k, count(*) FROM ev GROUP BY k ORDER BY k",
            "LIMIT": "SELECT k, count(*) FROM ev GROUP BY k LIMIT 5",
            "random()": "SELECT k, sum(amount) FILTER (WHERE random() < 0.5) FROM ev GROUP BY k",
            "random() in WHERE": "SELECT k, count(*) FROM ev WHERE random() < 0.5 GROUP BY k",
            "clock_timestamp()": "SELECT k, count(*) FILTER (WHERE event_time > "
                                 "clock_timestamp() - interval '1 day') FROM ev GROUP BY k",
            "window function": "SELECT k, count(*), rank() OVER (ORDER BY count(*)) FROM ev "
                               "GROUP BY k",
            "subquery in WHERE": "SELECT k, count(*) FROM ev WHERE k IN (SELECT k FROM other) "
                                 "GROUP BY k",
            "scalar subquery": "SELECT k, count(*) + (SELECT 1) AS n FROM ev GROUP BY k",
            "subquery in FROM": "SELECT k, count(*) FROM (SELECT * FROM ev) s GROUP BY k",
            "DISTINCT": "SELECT DISTINCT k, count(*) FROM ev GROUP BY k",
            "HAVING": "SELECT k, count(*) FROM ev GROUP BY k HAVING count(*) > 1",
            "no event_time option": "SELECT k, count(*) FROM plain GROUP BY k",
        }
        for what, body in bad.items():
            sql = f"CREATE MATERIALIZED VIEW bad WITH (entity = 'k') AS {body}"
            self.assertEqual(self.sqlstate(cur, sql), "0A000", f"{what}: {sql}")
            self.assertEqual(self.fq("SELECT 1")[1], [(1,)])
        for entity in ("merchant", "k, merchant"):
            sql = (f"CREATE MATERIALIZED VIEW bad WITH (entity = '{entity}') AS "
                   "SELECT k, count(*) FROM ev GROUP BY k")
            self.assertEqual(self.sqlstate(cur, sql), "0A000", sql)
        self.assertEqual(self.sqlstate(cur, "SELECT * FROM bad"), "42P01")  # nothing left behind
        ok = "SELECT k, count(*) AS n FROM ev GROUP BY k"
        self.fq(f"CREATE MATERIALIZED VIEW bad WITH (entity = 'k') AS {ok}")
        self.fq("DROP MATERIALIZED VIEW bad")

        # Codes shared with PostgreSQL's own materialized views: both must agree.
        self.fq(f"CREATE MATERIALIZED VIEW fv WITH (entity = 'k') AS {ok}")
        self.pq(f"CREATE MATERIALIZED VIEW fv AS {ok}")
        missing = ok.replace("FROM ev", "FROM missing")
        for sql, code in [(f"CREATE MATERIALIZED VIEW fv2 AS {missing}", "42P01"),
                          (f"CREATE MATERIALIZED VIEW fv AS {ok}", "42P07"),
                          ("DROP MATERIALIZED VIEW missing", "42P01"),
                          ("DROP MATERIALIZED VIEW IF EXISTS missing", "ok"),
                          ("DROP TABLE ev", "2BP01")]:
            self.assertEqual(self.sqlstate(pcur, sql), code, "PostgreSQL: " + sql)
            firn_sql = sql.replace(" AS ", " WITH (entity = 'k') AS ", 1)
            self.assertEqual(self.sqlstate(cur, firn_sql), code, firn_sql)
            self.assertEqual(self.fq("SELECT 1")[1], [(1,)])
        for sql in ["INSERT INTO fv VALUES (1, 2)", "UPDATE fv SET n = 0", "DELETE FROM fv"]:
            self.assertEqual(self.sqlstate(pcur, sql), "42809", "PostgreSQL: " + sql)
            code = self.sqlstate(cur, sql)
            self.assertIn(code[:2], ("42", "0A"), f"{sql} -> {code}")
        self.insert([(1, 5, None, 1.0, 1, "approved", 1, BASE)], use_copy=False)
        self.fq("SET firn.now = '2024-01-02 00:00:00+00'")
        self.assertEqual(self.fq("SELECT * FROM fv")[1], [(5, 1)])
        self.both("DROP TABLE ev CASCADE")
        self.assertEqual(self.sqlstate(cur, "SELECT * FROM fv"), "42P01")
        self.assertEqual(self.sqlstate(pcur, "SELECT * FROM fv"), "42P01")
        self.fq(f"CREATE TABLE ev ({EV_COLUMNS}) WITH (event_time = 'event_time')")
        self.fq(f"CREATE MATERIALIZED VIEW fv WITH (entity = 'k') AS {ok}")  # names free again
        self.assertEqual(self.fq("SELECT * FROM fv")[1], [])


if __name__ == "__main__":
    print(f"FIRN_FV_SEED={SEED}")
    if not PG_DSN:
        print("!!! PG_DSN is not set: every test fails (it needs the PostgreSQL oracle)")
    sys.exit(clientlib.run(FeatureViewTest, needs_dsn=False))
