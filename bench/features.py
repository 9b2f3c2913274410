"""Feature-view measurements of bench/ (docs/features.md), run by bench.py after the scans.

On the data the ingest left in every engine, with the clock pinned to the end of the data:
  - backfill: Firn's CREATE MATERIALIZED VIEW over the ingested history, beside
    PostgreSQL's and DuckDB's CREATE TABLE user_features AS <the view's SELECT at that
    instant> (the precomputed table a peer would serve); Firn's resident-memory growth
    per entity, beside the size of that table in PostgreSQL and in Redis;
  - online lookups: pgbench -M prepared against Firn's view and PostgreSQL's primary-key
    table, redis-benchmark HGETALL against Redis holding the same features per user as a
    hash; 1 connection (p50/p99) and 32 connections (throughput);
  - training set: labels x 7 features, point in time, written as CSV by Firn (the
    point-in-time join), PostgreSQL (a LATERAL subquery per label) and DuckDB (a range
    join + GROUP BY).
Every answer is compared across the engines (floats within 1e-9 relative).
"""
import csv
import math
import os
import random
import re
import resource
import signal
import socket
import subprocess
import time

import extras
from common import PG_BIN, cpu_ticks, fmt_ratio, free_port, loadavg, log, med, rss_mib, _bars

VIEW = "user_txn_features"
# The seven features: (name, aggregate), with {t} the column prefix and {now} the instant.
FEATURES = [
    ("txn_count_7d", "count(*) FILTER (WHERE {t}event_time > {now} - interval '7 days')"),
    ("txn_amount_30d", "sum({t}amount) FILTER (WHERE {t}event_time > {now} - interval '30 days')"),
    ("avg_amount_7d", "avg({t}amount) FILTER (WHERE {t}event_time > {now} - interval '7 days')"),
    ("decline_count_30d", "count(*) FILTER (WHERE {t}status = 'declined' "
                          "AND {t}event_time > {now} - interval '30 days')"),
    ("unique_merchants_90d", "count(DISTINCT {t}merchant_id) "
                             "FILTER (WHERE {t}event_time > {now} - interval '90 days')"),
    ("max_amount_24h", "max({t}amount) FILTER (WHERE {t}event_time > {now} - interval '24 hours')"),
    ("decline_rate_30d", "round((count(*) FILTER (WHERE {t}status = 'declined' "
                         "AND {t}event_time > {now} - interval '30 days'))::numeric "
                         "/ greatest(count(*) FILTER (WHERE {t}event_time > {now} "
                         "- interval '30 days'), 1), 4)"),
]
NAMES = [n for n, _ in FEATURES]
LABELS_COLUMNS = "(label_id bigint, user_id bigint, label_time timestamp, label int)"
DUCK_LABELS = "{'label_id': 'BIGINT', 'user_id': 'BIGINT', 'label_time': 'TIMESTAMP', 'label': 'INTEGER'}"
REL_TOL = 1e-9
ENGINES = ("firn", "postgres", "duckdb")


def feature_list(now, t=""):
    return ",\n       ".join(f"{agg.format(t=t, now=now)} AS {name}" for name, agg in FEATURES)


def view_sql():
    return (f"CREATE MATERIALIZED VIEW {VIEW} WITH (entity = 'user_id') AS\n"
            f"SELECT user_id,\n       {feature_list('now()')}\nFROM transactions GROUP BY user_id")


def table_as_of_sql(instant):
    """The view's SELECT with now() replaced by a literal instant (PostgreSQL and DuckDB)."""
    return (f"CREATE TABLE user_features AS\nSELECT user_id,\n       {feature_list(instant)}\n"
            f"FROM transactions GROUP BY user_id")


def training_sql_firn():
    cols = ", ".join(f"f.{n}" for n in NAMES)
    return (f"COPY (SELECT l.label_id, l.user_id, l.label_time, l.label, {cols} FROM labels l "
            f"JOIN {VIEW} f ON f.user_id = l.user_id AND f.as_of = l.label_time) "
            "TO STDOUT (FORMAT csv)")


def training_sql_pg():
    # A LATERAL subquery per label: an index range scan on (user_id, event_time). GROUP BY
    # makes a label without events up to its time produce no row, as the view's join does.
    return ("COPY (SELECT l.label_id, l.user_id, l.label_time, l.label, f.* FROM labels l "
            f"CROSS JOIN LATERAL (SELECT {feature_list('l.label_time', 't.')} "
            "FROM transactions t WHERE t.user_id = l.user_id AND t.event_time <= l.label_time "
            "GROUP BY t.user_id) f) TO STDOUT (FORMAT csv)")


def training_sql_duck(path):
    # A range join: hash join on user_id with event_time <= label_time, then one group per
    # label.
    return ("COPY (SELECT l.label_id, l.user_id, l.label_time, l.label, "
            f"{feature_list('l.label_time', 't.')} FROM labels l JOIN transactions t "
            "ON t.user_id = l.user_id AND t.event_time <= l.label_time "
            "GROUP BY l.label_id, l.user_id, l.label_time, l.label) "
            f"TO '{path}' (FORMAT csv, HEADER false)")


# --- comparing answers -------------------------------------------------------------------

def same_value(a, b):
    """Equal text, or numbers within REL_TOL relative; '' is NULL."""
    if a == b:
        return True
    if a == "" or b == "":
        return False
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= REL_TOL * max(abs(x), abs(y))


def norm_time(s):
    """'2025-11-26 08:33:33.29186+00' and DuckDB's '2025-11-26 08:33:33.29186' alike."""
    s = s.replace("T", " ")
    if s.endswith("+00"):
        s = s[:-3]
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def read_csv_rows(path, key_cols=1):
    with open(path, newline="") as f:
        return {tuple(r[:key_cols]): r for r in csv.reader(f)}


def diff_tables(a, b, time_col=None, limit=5):
    """Differences between two {key: row} tables: (count, [examples])."""
    bad, ex = 0, []
    for k in sorted(set(a) | set(b), key=lambda k: [int(x) for x in k]):
        ra, rb = a.get(k), b.get(k)
        ok = ra is not None and rb is not None and len(ra) == len(rb) and all(
            (norm_time(x) == norm_time(y)) if i == time_col else same_value(x, y)
            for i, (x, y) in enumerate(zip(ra, rb)))
        if not ok:
            bad += 1
            if len(ex) < limit:
                ex.append({"key": list(k), "a": ra, "b": rb})
    return bad, ex


# --- Redis -----------------------------------------------------------------------------------

class Redis:
    """A redis-server on a free loopback port, no persistence; a minimal RESP client."""

    def __init__(self, work):
        self.dir = os.path.join(work, "redis")
        self.proc = None

    def start(self, pidfile):
        os.makedirs(self.dir, exist_ok=True)
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.dir,
             "--logfile", os.path.join(self.dir, "redis.log")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        with open(pidfile, "w") as f:
            f.write(str(self.proc.pid))
        deadline = time.monotonic() + 30
        while True:
            try:
                self.sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
                self.rf = self.sock.makefile("rb")
                if self.call("PING") == "PONG":
                    return
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.1)

    def send(self, *args):
        enc = [a if isinstance(a, bytes) else str(a).encode() for a in args]
        return b"*%d\r\n" % len(enc) + b"".join(b"$%d\r\n%s\r\n" % (len(a), a) for a in enc)

    def read(self):
        line = self.rf.readline()
        if not line:
            raise RuntimeError("redis closed the connection")
        t, rest = line[:1], line[1:-2]
        if t == b"+":
            return rest.decode()
        if t == b"-":
            raise RuntimeError("redis: " + rest.decode())
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            return None if n < 0 else self.rf.read(n + 2)[:-2].decode()
        if t == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError(f"redis: unexpected reply {line!r}")

    def call(self, *args):
        self.sock.sendall(self.send(*args))
        return self.read()

    def pipeline(self, commands):
        self.sock.sendall(b"".join(self.send(*c) for c in commands))
        return [self.read() for _ in commands]

    def info(self, section):
        return dict(l.split(":", 1) for l in self.call("INFO", section).splitlines()
                    if ":" in l)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


def redis_key(user_id):
    # redis-benchmark's __rand_int__ is a 12-digit number in [0, r): user id - 1, padded.
    return f"user:{int(user_id) - 1:012d}"


# --- load generators -------------------------------------------------------------------------

def percentile(sorted_xs, q):
    """Nearest-rank percentile of a sorted list."""
    if not sorted_xs:
        return None
    k = max(0, min(len(sorted_xs) - 1, math.ceil(q * len(sorted_xs)) - 1))
    return sorted_xs[k]


def pgbench(port, user, db, script, clients, seconds, log_dir, env=None, latencies=False):
    """pgbench -M prepared with a custom script; returns tps and, with latencies, the
    p50/p99 of the per-transaction latencies in its --log (microseconds)."""
    for p in os.listdir(log_dir):
        os.remove(os.path.join(log_dir, p))
    argv = [PG_BIN + "/pgbench", "-n", "-M", "prepared", "-f", script, "-h", "127.0.0.1",
            "-p", str(port), "-U", user, "-c", str(clients), "-j", str(min(clients, 2)),
            "-T", str(seconds)]
    if latencies:
        argv += ["--log", "--log-prefix=" + os.path.join(log_dir, "lat")]
    for attempt in range(3):
        p = subprocess.run(argv + [db], env=env, capture_output=True, text=True,
                           timeout=seconds + 300)
        if p.returncode != 0:
            raise RuntimeError(f"pgbench failed: {p.stderr.strip()[-500:]}")
        # A run in which no transaction finished (the machine stalled while 32 clients
        # connected) has no rate to report: run it again.
        if not re.search(r"actually processed: 0$", p.stdout, re.M):
            break
        log(f"  (pgbench on port {port}: no transaction finished in {seconds} s; again)")

    def grab(pattern, conv=float):
        m = re.search(pattern, p.stdout, re.M)
        if not m:
            raise RuntimeError(f"pgbench: no {pattern!r} in {p.stdout[-500:]!r}")
        return conv(m.group(1))

    out = {"tps": grab(r"^tps = ([0-9.]+) \(without initial connection time\)"),
           "transactions": grab(r"actually processed: (\d+)", int),
           "failed": grab(r"number of failed transactions: (\d+)", int),
           "latency_avg_us": grab(r"latency average = ([0-9.]+) ms") * 1000}
    if latencies:
        lat = []
        for name in os.listdir(log_dir):
            with open(os.path.join(log_dir, name)) as f:
                lat.extend(int(l.split()[2]) for l in f if l.strip())
        lat.sort()
        out.update(p50_us=percentile(lat, 0.50), p99_us=percentile(lat, 0.99),
                   logged=len(lat), cdf_us=extras.quantiles(lat))
    return out


def cpu_seconds(pid, with_children=False):
    """User + system CPU seconds of a process, from /proc; with_children adds its reaped
    children's (a PostgreSQL backend's CPU reaches the postmaster when it exits)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()  # fields[11:15]: utime stime cutime cstime
    ticks = int(fields[11]) + int(fields[12])
    if with_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def client_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)  # waited-for children: the load tools
    return r.ru_utime + r.ru_stime


def redis_benchmark(port, clients, n, users):
    # Its text output (not --csv) also has the percentile distribution: the CDF's points.
    argv = ["redis-benchmark", "-h", "127.0.0.1", "-p", str(port), "-c", str(clients),
            "-n", str(n), "-r", str(users)]
    if clients > 1:
        argv += ["--threads", "2"]
    p = subprocess.run(argv + ["HGETALL", "user:__rand_int__"], capture_output=True,
                       text=True, timeout=900)
    if p.returncode != 0:
        raise RuntimeError(f"redis-benchmark failed: {p.stderr.strip()[-500:]}")
    return dict(extras.parse_redis_benchmark(p.stdout), transactions=n)


# --- the run ---------------------------------------------------------------------------------

def run(ctx, res):
    """ctx: args, work, gen_dir, workload, pg, duck, firn (the ingest's last server) and
    restart_firn() (a fresh server on the same data; returns it)."""
    args, work, wl = ctx.args, ctx.work, ctx.workload
    users, events = wl["users"], wl["events"]
    instant = wl["events_until_utc"]                 # every event is before it
    pin = instant.replace(" ", "T") + "+00"
    firn_env = dict(os.environ, PGOPTIONS=f"-c firn.now={pin}")
    pg, duck = ctx.pg, ctx.duck
    fdir = os.path.join(work, "features")
    os.makedirs(fdir, exist_ok=True)
    rounds = args.feature_rounds
    n_labels = min(args.train_labels, wl["labels"])
    pg_labels = min(args.pg_train_labels, n_labels)  # PostgreSQL's LATERAL: a subset
    F = {"pinned_now": instant + "+00", "rounds": rounds, "labels": n_labels,
         "pg_labels": pg_labels,
         "view_sql": view_sql(), "mismatches": [], "notes": [],
         "sql": {"postgres_table": table_as_of_sql(f"timestamptz '{instant}+00'"),
                 "duckdb_table": table_as_of_sql(f"TIMESTAMP '{instant}'"),
                 "firn_training": training_sql_firn(), "postgres_training": training_sql_pg(),
                 "duckdb_training": training_sql_duck("<file>")}}
    res["features"] = F

    def mismatch(what, count, examples):
        F["mismatches"].append({"what": what, "count": count, "examples": examples})
        log(f"  MISMATCH {what}: {count} rows differ, e.g. {examples[:2]}")

    # A fresh Firn on the checkpointed data: the ingest server's allocator keeps the COPY
    # and CHECKPOINT buffers it freed, so the view's index would reuse them unseen.
    log("features: restarting Firn on the ingested data")
    firn = ctx.restart_firn()
    firn.psql.run("SELECT count(*) FROM transactions")

    # Labels: the first n_labels of labels.csv, in all three engines (untimed).
    labels_csv = os.path.join(fdir, "labels.csv")
    labels_pg = os.path.join(fdir, "labels-pg.csv")  # the first pg_labels of them
    with open(os.path.join(ctx.gen_dir, "labels.csv")) as src, open(labels_csv, "w") as dst, \
            open(labels_pg, "w") as dst_pg:
        for i, line in enumerate(src):
            if i >= n_labels:
                break
            dst.write(line)
            if i < pg_labels:
                dst_pg.write(line)
    for eng, path in ((firn, labels_csv), (pg, labels_pg)):
        eng.psql.run(f"CREATE TABLE labels {LABELS_COLUMNS}")
        eng.psql.run("COPY labels FROM STDIN (FORMAT csv)", stdin_path=path)
    pg.psql.run("ANALYZE labels")
    duck.call(op="run", sql=f"CREATE OR REPLACE TABLE labels AS SELECT * FROM "
                            f"read_csv('{labels_csv}', header = false, columns = {DUCK_LABELS})")

    # --- backfill, interleaved ---
    log(f"features: backfill, {rounds} rounds")
    bf = {"firn_create_s": [], "firn_notice": [], "firn_eval_all_s": [],
          "postgres_create_table_s": [], "postgres_primary_key_s": [], "postgres_s": [],
          "duckdb_create_table_s": [], "firn_rss_mib": []}
    F["backfill"] = bf
    firn_all = os.path.join(fdir, "firn-all.csv")
    refs = {}

    def bf_firn(r):
        if r > 0:
            firn.psql.run(f"DROP MATERIALIZED VIEW {VIEW}")
        before = rss_mib(firn.proc.pid)
        t, _ = firn.psql.run(view_sql())
        after = rss_mib(firn.proc.pid)
        bf["firn_create_s"].append(t)
        bf["firn_rss_mib"].append([before, after])
        m = re.search(r"indexed (\d+) rows of history for (\d+) entities in (\d+) ms",
                      firn.psql.last_stderr)
        bf["firn_notice"].append(
            {"rows": int(m.group(1)), "entities": int(m.group(2)), "ms": int(m.group(3))}
            if m else firn.psql.last_stderr.strip())
        if not m or int(m.group(1)) != events or int(m.group(2)) != users:
            mismatch(f"Firn's backfill NOTICE, round {r}", 1, [firn.psql.last_stderr.strip()])
        # Every entity as of the pinned instant (the view's batch read), checked below.
        t2, _ = firn.psql.run(f"COPY (SELECT * FROM {VIEW}) TO STDOUT (FORMAT csv)",
                              env=firn_env, stdout_path=firn_all)
        bf["firn_eval_all_s"].append(t2)
        check_all("firn", read_csv_rows(firn_all), r)
        log(f"  firn: CREATE MATERIALIZED VIEW {t:.2f} s (RSS {before} -> {after} MiB); "
            f"all entities as of {instant}: {t2:.2f} s")

    def bf_pg(r):
        pg.psql.run("DROP TABLE IF EXISTS user_features")
        t1, _ = pg.psql.run(F["sql"]["postgres_table"])
        t2, _ = pg.psql.run("ALTER TABLE user_features ADD PRIMARY KEY (user_id)")
        bf["postgres_create_table_s"].append(t1)
        bf["postgres_primary_key_s"].append(t2)
        bf["postgres_s"].append(t1 + t2)
        path = os.path.join(fdir, "pg-all.csv")
        pg.psql.run("COPY user_features TO STDOUT (FORMAT csv)", stdout_path=path)
        check_all("postgres", read_csv_rows(path), r)
        log(f"  postgres: CREATE TABLE AS {t1:.2f} s + PRIMARY KEY {t2:.2f} s")

    def bf_duck(r):
        a = duck.call(op="run", sql=F["sql"]["duckdb_table"].replace(
            "CREATE TABLE", "CREATE OR REPLACE TABLE"))
        bf["duckdb_create_table_s"].append(a["ms"] / 1000)
        path = os.path.join(fdir, "duck-all.csv")
        duck.call(op="run", sql=f"COPY user_features TO '{path}' (FORMAT csv, HEADER false)")
        check_all("duckdb", read_csv_rows(path), r)
        log(f"  duckdb: CREATE TABLE AS {a['ms'] / 1000:.2f} s")

    def check_all(engine, rows, r):
        if len(rows) != users:
            mismatch(f"{engine}: {len(rows)} entities as of {instant}, expected {users}", 1, [])
        for other, ref in refs.items():
            bad, ex = diff_tables(ref, rows)
            if bad:
                mismatch(f"every entity as of {instant}: {engine} (round {r}) vs {other}",
                         bad, ex)
        refs.setdefault(engine, rows)

    order = [bf_firn, bf_pg, bf_duck]
    for r in range(rounds):
        for fn in order[r % 3:] + order[:r % 3]:
            fn(r)
    pg.psql.run("VACUUM (ANALYZE) user_features")  # untimed, before the lookups
    b0, b1 = bf["firn_rss_mib"][0]
    F["memory"] = {
        "firn_rss_mib_before": b0, "firn_rss_mib_after": b1,
        "firn_bytes_per_entity": (b1 - b0) * 2**20 / users if b0 and b1 else None,
        "postgres_table_bytes": int(pg.psql.run(
            "SELECT pg_total_relation_size('user_features')")[1].strip()),
    }
    F["memory"]["postgres_bytes_per_entity"] = F["memory"]["postgres_table_bytes"] / users

    redis = Redis(work)
    try:
        log("features: Redis, loaded with PostgreSQL's user_features")
        redis.start(os.path.join(work, "redis.pid"))
        F["redis_version"] = redis.info("server").get("redis_version", "?")
        mem0 = int(redis.info("memory")["used_memory"])
        pg_rows = refs["postgres"]
        cmds = []
        for (uid,), row in pg_rows.items():
            kv = [x for n, v in zip(NAMES, row[1:]) if v != "" for x in (n, v)]
            cmds.append(["HSET", redis_key(uid)] + kv)
        for i in range(0, len(cmds), 5000):
            redis.pipeline(cmds[i:i + 5000])
        if redis.call("DBSIZE") != users:
            mismatch("Redis: keys after loading", 1, [redis.call("DBSIZE")])
        mem1 = int(redis.info("memory")["used_memory"])
        F["memory"]["redis_used_memory_bytes"] = mem1 - mem0
        F["memory"]["redis_bytes_per_entity"] = (mem1 - mem0) / users

        check_sampled(firn, pg, redis, firn_env, pg_rows, users, args.seed, F, mismatch)
        lookups(ctx, firn, pg, redis, firn_env, users, fdir, F, mismatch)
    finally:
        redis.stop()
    res["loadavg"]["after_lookups"] = loadavg()
    res["cpu_ticks"]["after_lookups"] = cpu_ticks()

    training(ctx, firn, pg, duck, fdir, n_labels, F, mismatch)


def check_sampled(firn, pg, redis, firn_env, pg_rows, users, seed, F, mismatch):
    """A few users, one lookup each, the way pgbench asks: Firn (clock pinned through
    PGOPTIONS), PostgreSQL's table and Redis's hash must agree."""
    heavy = pg.psql.run("SELECT user_id FROM transactions GROUP BY user_id "
                        "ORDER BY count(*) DESC LIMIT 1")[1].strip()
    sample = sorted(set(random.Random(seed).sample(range(1, users + 1), 24)) | {int(heavy)})
    _, out = firn.psql.run([f"SELECT * FROM {VIEW} WHERE user_id = {u}" for u in sample],
                           env=firn_env)
    firn_rows = {(r[0],): r for r in csv.reader(out.splitlines()) if r}
    pg_sample = {(str(u),): pg_rows.get((str(u),)) for u in sample}
    bad, ex = diff_tables(pg_sample, firn_rows)
    if bad:
        mismatch("online lookups of sampled users: Firn vs PostgreSQL's user_features", bad, ex)
    redis_rows = {}
    for u in sample:
        h = redis.call("HGETALL", redis_key(u))
        d = dict(zip(h[::2], h[1::2]))
        redis_rows[(str(u),)] = [str(u)] + [d.get(n, "") for n in NAMES]
    bad2, ex2 = diff_tables(redis_rows, firn_rows)
    if bad2:
        mismatch("online lookups of sampled users: Firn vs Redis's hashes", bad2, ex2)
    F["sampled_users"] = {"users": sample, "firn_vs_postgres_bad": bad,
                          "firn_vs_redis_bad": bad2}


def lookups(ctx, firn, pg, redis, firn_env, users, fdir, F, mismatch):
    args = ctx.args
    secs = args.lookup_seconds
    rounds = args.feature_rounds
    log(f"features: online lookups, {rounds} rounds of {secs} s per engine and client count")
    scripts = {}
    for name, table in (("firn", VIEW), ("postgres", "user_features")):
        scripts[name] = os.path.join(fdir, f"lookup-{name}.sql")
        with open(scripts[name], "w") as f:
            f.write(f"\\set uid random(1, {users})\n"
                    f"SELECT * FROM {table} WHERE user_id = :uid;\n")
    logs = os.path.join(fdir, "pgbench-log")
    os.makedirs(logs, exist_ok=True)
    L = {"seconds": secs, "scripts": {k: open(v).read() for k, v in scripts.items()}}
    for c in (1, 32):
        for e in ("firn", "postgres", "redis"):
            L[f"{e}_{c}"] = []
    F["lookups"] = L
    redis_n = {1: 20000, 32: 50000}
    floor = extras.Floor(ctx.work)  # the loopback floor, in the same rounds
    F["floor"] = {"cc": floor.cc}
    L["floor_1"] = []

    with open(os.path.join(pg.data, "postmaster.pid")) as f:
        server_pid = {"firn": firn.proc.pid, "postgres": int(f.readline()),
                      "redis": redis.proc.pid}

    def one(engine, clients, seconds, keep):
        # CPU per lookup at 32 connections, server and load tool apart: on a saturated
        # 2-core machine, throughput is about 2 s / (their sum).
        cpu = clients > 1 and engine != "floor"
        if cpu:
            c0, s0 = client_cpu_seconds(), cpu_seconds(server_pid[engine], engine == "postgres")
        if engine == "floor":
            out = floor.run(seconds)
        elif engine == "firn":
            out = pgbench(firn.port, "firn", "firn", scripts["firn"], clients, seconds, logs,
                          env=firn_env, latencies=clients == 1)
        elif engine == "postgres":
            out = pgbench(pg.port, "postgres", "postgres", scripts["postgres"], clients,
                          seconds, logs, latencies=clients == 1)
        else:
            st0 = redis.info("stats")
            out = redis_benchmark(redis.port, clients, redis_n[clients], users)
            st1 = redis.info("stats")
            misses = int(st1["keyspace_misses"]) - int(st0["keyspace_misses"])
            hits = int(st1["keyspace_hits"]) - int(st0["keyspace_hits"])
            out.update(hits=hits, misses=misses)
            if misses or hits < out["transactions"]:
                mismatch(f"redis-benchmark HGETALL: {hits} hits, {misses} misses", 1, [])
            if not keep:  # the warm-up sizes the timed runs to about `seconds`
                redis_n[clients] = max(20000, int(out["tps"] * secs))
        if cpu:
            if engine == "postgres":
                time.sleep(0.5)  # the backends exit and are reaped
            n = out["transactions"]
            out["server_cpu_us"] = (cpu_seconds(server_pid[engine], engine == "postgres")
                                    - s0) * 1e6 / n
            out["client_cpu_us"] = (client_cpu_seconds() - c0) * 1e6 / n
        if out.get("failed"):
            mismatch(f"pgbench {engine}, {clients} clients: {out['failed']} failed", 1, [])
        if keep:
            L[f"{engine}_{clients}"].append(out)
        p = (f", p50 {out['p50_us']:.0f} µs, p99 {out['p99_us']:.0f} µs"
             if "p50_us" in out and clients == 1 else "")
        if cpu:
            p += (f", CPU per lookup: server {out['server_cpu_us']:.1f} µs + client "
                  f"{out['client_cpu_us']:.1f} µs")
        log(f"  {engine}, {clients} client(s): {out['tps']:,.0f}/s{p}"
            + ("" if keep else " (warm-up)"))

    names = ["firn", "postgres", "redis", "floor"]
    for r in range(rounds + 1):  # round 0 warms up (1 s each) and is not counted
        for e in names[r % 4:] + names[:r % 4]:
            for c in ((1,) if e == "floor" else (1, 32)):
                one(e, c, secs if r else 1, keep=r > 0)


def training(ctx, firn, pg, duck, fdir, n_labels, F, mismatch):
    rounds = ctx.args.feature_rounds
    n_pg = F["pg_labels"]
    log(f"features: training set, {n_labels:,} labels ({n_pg:,} in PostgreSQL), {rounds} rounds")
    T = {"firn_s": [], "postgres_s": [], "duckdb_s": [], "rows": {}}
    F["training"] = T
    refs = {}
    limit = {"firn": n_labels, "duckdb": n_labels, "postgres": n_pg}

    def check(engine, path, r):
        rows = read_csv_rows(path)
        T["rows"].setdefault(engine, len(rows))
        for other, ref in refs.items():
            # PostgreSQL has the first n_pg labels: compare on label_id <= the smaller count.
            m = min(limit[engine], limit[other])
            bad, ex = diff_tables({k: v for k, v in ref.items() if int(k[0]) <= m},
                                  {k: v for k, v in rows.items() if int(k[0]) <= m}, time_col=2)
            if bad:
                mismatch(f"training set: {engine} (round {r}) vs {other}", bad, ex)
        refs.setdefault(engine, rows)

    def tr_firn(r):
        path = os.path.join(fdir, "train-firn.csv")
        t, _ = firn.psql.run(training_sql_firn(), stdout_path=path)
        T["firn_s"].append(t)
        check("firn", path, r)
        log(f"  firn: point-in-time join {t:.2f} s")

    def tr_pg(r):
        path = os.path.join(fdir, "train-pg.csv")
        t, _ = pg.psql.run(training_sql_pg(), stdout_path=path)
        T["postgres_s"].append(t)
        check("postgres", path, r)
        log(f"  postgres: LATERAL per label {t:.2f} s")

    def tr_duck(r):
        path = os.path.join(fdir, "train-duck.csv")
        a = duck.call(op="run", sql=training_sql_duck(path))
        T["duckdb_s"].append(a["ms"] / 1000)
        check("duckdb", path, r)
        log(f"  duckdb: range join + GROUP BY {a['ms'] / 1000:.2f} s")

    order = [tr_firn, tr_pg, tr_duck]
    for r in range(rounds):
        for fn in order[r % 3:] + order[:r % 3]:
            fn(r)
    if T["rows"]["firn"] != T["rows"]["duckdb"]:
        mismatch(f"training set row counts {T['rows']}", 1, [])
    T["rows"]["firn_first_pg_labels"] = sum(1 for k in refs["firn"] if int(k[0]) <= n_pg)
    if T["rows"]["postgres"] != T["rows"]["firn_first_pg_labels"]:
        mismatch(f"training set row counts (PostgreSQL's subset) {T['rows']}", 1, [])


# --- summary, markdown, plot ---------------------------------------------------------------

def summarize(res):
    F = res.get("features")
    if not F:
        return
    d = res["data"]
    S = {}
    bf = F["backfill"]
    for k in ("firn_create_s", "firn_eval_all_s", "postgres_s", "duckdb_create_table_s"):
        S[k] = med(bf[k])
    S["backfill_rows_per_s"] = d["events"] / S["firn_create_s"]
    S["backfill_ratio"] = {"vs_postgres": S["postgres_s"] / S["firn_create_s"],
                           "vs_duckdb": S["duckdb_create_table_s"] / S["firn_create_s"]}
    L = F["lookups"]
    for e in ("firn", "postgres", "redis"):
        S[f"{e}_p50_us"] = med([x["p50_us"] for x in L[f"{e}_1"]])
        S[f"{e}_p99_us"] = med([x["p99_us"] for x in L[f"{e}_1"]])
        S[f"{e}_tps_1"] = med([x["tps"] for x in L[f"{e}_1"]])
        S[f"{e}_tps_32"] = med([x["tps"] for x in L[f"{e}_32"]])
        S[f"{e}_server_cpu_us_32"] = med([x["server_cpu_us"] for x in L[f"{e}_32"]])
        S[f"{e}_client_cpu_us_32"] = med([x["client_cpu_us"] for x in L[f"{e}_32"]])
    # Speed ratios, Firn ÷ peer: the peer's latency over Firn's, Firn's throughput over the
    # peer's (> 1: Firn is faster).
    S["lookup_ratio"] = {
        p: {"p50": S[f"{p}_p50_us"] / S["firn_p50_us"],
            "p99": S[f"{p}_p99_us"] / S["firn_p99_us"],
            "tps_32": S["firn_tps_32"] / S[f"{p}_tps_32"]}
        for p in ("postgres", "redis")}
    T = F["training"]
    for e in ENGINES:
        S[f"train_{e}_s"] = med(T[f"{e}_s"])
        n = F.get("pg_labels", F["labels"]) if e == "postgres" else F["labels"]
        S[f"train_{e}_labels_per_s"] = n / S[f"train_{e}_s"]
    # In labels/s: PostgreSQL may have run on a subset.
    S["train_ratio"] = {p: S["train_firn_labels_per_s"] / S[f"train_{p}_labels_per_s"]
                        for p in ("postgres", "duckdb")}
    S["train_ratio"] = {"vs_" + k: v for k, v in S["train_ratio"].items()}
    F["summary"] = S


def _us(x):
    return "—" if x is None else (f"{x:.0f} µs" if x < 10000 else f"{x / 1000:.1f} ms")


def _per_s(x, unit):
    return "—" if x is None else (f"{x / 1e3:.1f} k {unit}/s" if x >= 1e3 else f"{x:.0f} {unit}/s")


def _bytes(x):
    return "—" if x is None else (f"{x / 1024:.1f} KiB" if x >= 1024 else f"{x:.0f} B")


def table_rows(res):
    """The main table's rows for the feature workloads, by key. Columns: workload, Firn,
    PostgreSQL, DuckDB, Redis, Firn ÷ PostgreSQL, Firn ÷ DuckDB, Firn ÷ Redis, target."""
    F = res["features"]
    S, d, M = F["summary"], res["data"], F["memory"]
    pr, rr = S["lookup_ratio"]["postgres"], S["lookup_ratio"]["redis"]
    users = d["users"]
    bf0 = F["backfill"]["firn_notice"][0]
    rows = {}
    rows["lookup_1"] = (
        f"| online lookup, 1 connection: p50 / p99 (`SELECT * FROM {VIEW} WHERE user_id = $1`,"
        f" pgbench -M prepared, clock pinned) | {_us(S['firn_p50_us'])} / "
        f"{_us(S['firn_p99_us'])} ({_per_s(S['firn_tps_1'], 'lookups')}) | "
        f"{_us(S['postgres_p50_us'])} / {_us(S['postgres_p99_us'])} "
        f"({_per_s(S['postgres_tps_1'], 'lookups')}), primary key on the precomputed "
        f"`user_features` | | {_us(S['redis_p50_us'])} / {_us(S['redis_p99_us'])} "
        f"({_per_s(S['redis_tps_1'], 'lookups')}), HGETALL of the precomputed hash | "
        f"{fmt_ratio(pr['p50'])} / {fmt_ratio(pr['p99'])} | | "
        f"{fmt_ratio(rr['p50'])} / {fmt_ratio(rr['p99'])} | p50 ≤ 1.2× Redis, p99 ≤ 1.5× |")
    def cpu(e):  # CPU per lookup, server + load tool
        return (f"; CPU/lookup {S[f'{e}_server_cpu_us_32']:.1f} + "
                f"{S[f'{e}_client_cpu_us_32']:.1f} µs")
    rows["lookup_32"] = (
        f"| online lookups, 32 connections (2 client threads): throughput (CPU per lookup: "
        f"server + load tool) | {_per_s(S['firn_tps_32'], 'lookups')}{cpu('firn')} | "
        f"{_per_s(S['postgres_tps_32'], 'lookups')}{cpu('postgres')} | "
        f"| {_per_s(S['redis_tps_32'], 'lookups')}{cpu('redis')} | {fmt_ratio(pr['tps_32'])} "
        f"| | {fmt_ratio(rr['tps_32'])} | ≥ Redis, ≥ 3× PostgreSQL |")
    tr = S["train_ratio"]
    n_pg = F.get("pg_labels", F["labels"])
    pg_note = f"; PostgreSQL on the first {n_pg:,}" if n_pg != F["labels"] else ""
    pg_on = f" for {n_pg:,} labels" if n_pg != F["labels"] else ""
    rows["training"] = (
        f"| training set: {F['labels']:,} labels × 7 features, point in time, written as CSV"
        f"{pg_note} (ratios in labels/s) | {S['train_firn_s']:.2f} s ({_per_s(S['train_firn_labels_per_s'], 'labels')}), "
        f"`JOIN {VIEW} f ON f.user_id = l.user_id AND f.as_of = l.label_time` | "
        f"{S['train_postgres_s']:.2f} s ({_per_s(S['train_postgres_labels_per_s'], 'labels')})"
        f"{pg_on}, a LATERAL aggregate per label over the (user_id, event_time) index | "
        f"{S['train_duckdb_s']:.2f} s ({_per_s(S['train_duckdb_labels_per_s'], 'labels')}), "
        f"range join + GROUP BY | | {fmt_ratio(tr['vs_postgres'])} | "
        f"{fmt_ratio(tr['vs_duckdb'])} | | ≥ 5× DuckDB, ≥ 50× PostgreSQL |")
    br = S["backfill_ratio"]
    rows["backfill"] = (
        f"| backfill: CREATE the view over the {d['events']:,} events of history | "
        f"{S['firn_create_s']:.2f} s ({S['backfill_rows_per_s'] / 1e6:.2f} M rows/s; NOTICE: "
        f"{bf0['rows']:,} rows, {bf0['entities']:,} entities, {bf0['ms']} ms at the first "
        f"CREATE); reading every entity as of the pinned instant then takes "
        f"{S['firn_eval_all_s']:.2f} s | {S['postgres_s']:.2f} s: `CREATE TABLE user_features"
        f" AS` the view's SELECT at that instant + primary key (the table a peer serves, "
        f"valid for that instant only) | {S['duckdb_create_table_s']:.2f} s, the same CREATE "
        f"TABLE AS | | {fmt_ratio(br['vs_postgres'])} | {fmt_ratio(br['vs_duckdb'])} | | |")
    rows["memory"] = (
        f"| memory: online state bytes per entity | {_bytes(M['firn_bytes_per_entity'])} "
        f"(resident size {M['firn_rss_mib_before']} → {M['firn_rss_mib_after']} MiB at "
        f"CREATE, ÷ {users:,} users; the index of every event, any instant) | "
        f"{_bytes(M['postgres_bytes_per_entity'])} (`user_features` with its index, one "
        f"instant) | | {_bytes(M['redis_bytes_per_entity'])} (used_memory growth, one "
        f"instant) | | | | |")
    return rows


def all_runs_rows(res):
    F = res["features"]
    bf, L, T = F["backfill"], F["lookups"], F["training"]
    j = lambda xs, f="{:.2f}": ", ".join(f.format(x) for x in xs)
    out = [
        f"| backfill: Firn CREATE MATERIALIZED VIEW (s) | {j(bf['firn_create_s'])} |",
        "| backfill: Firn's NOTICE (rows indexed / entities / ms) | " + ", ".join(
            f"{n['rows']:,} / {n['entities']:,} / {n['ms']}" if isinstance(n, dict) else str(n)
            for n in bf["firn_notice"]) + " |",
        f"| backfill: Firn resident memory before → after CREATE (MiB) | "
        f"{', '.join(f'{a} → {b}' for a, b in bf['firn_rss_mib'])} |",
        f"| Firn: every entity as of the pinned instant (s) | {j(bf['firn_eval_all_s'])} |",
        f"| backfill: PostgreSQL CREATE TABLE AS + PRIMARY KEY (s) | "
        f"{', '.join(f'{a:.2f} + {b:.2f}' for a, b in zip(bf['postgres_create_table_s'], bf['postgres_primary_key_s']))} |",
        f"| backfill: DuckDB CREATE TABLE AS (s) | {j(bf['duckdb_create_table_s'])} |",
    ]
    for e, label in (("firn", "Firn"), ("postgres", "PostgreSQL"), ("redis", "Redis")):
        out.append(f"| lookups, 1 connection: {label} p50 / p99 (µs) | "
                   + ", ".join(f"{x['p50_us']:.0f} / {x['p99_us']:.0f}" for x in L[f"{e}_1"])
                   + " |")
        out.append(f"| lookups, 32 connections: {label} (lookups/s; server + client CPU "
                   f"µs per lookup) | "
                   + ", ".join(f"{x['tps']:,.0f} ({x['server_cpu_us']:.1f} + "
                               f"{x['client_cpu_us']:.1f})" for x in L[f"{e}_32"]) + " |")
    for e, label in (("firn", "Firn"), ("postgres", "PostgreSQL"), ("duckdb", "DuckDB")):
        out.append(f"| training set: {label} (s) | {j(T[f'{e}_s'])} |")
    return out


def how_measured(res):
    F = res["features"]
    d = res["data"]
    return (
        f"- Feature views: a fresh Firn server on the checkpointed data (the ingest's last "
        f"data folder) and a `labels` table with the first {F['labels']:,} generated labels in "
        f"Firn and DuckDB (PostgreSQL: the first {F.get('pg_labels', F['labels']):,}, its "
        f"LATERAL being slow; its rows are checked against the others' on those labels, and "
        f"the training-set ratios are in labels/s). The view (SQL in the .json) has 7 "
        f"windowed features; the clock is "
        f"pinned to {F['pinned_now']} (just after the last event) with "
        f"`PGOPTIONS='-c firn.now=...'`; PostgreSQL and DuckDB compute the same SELECT with "
        f"`now()` replaced by that literal. Rounds rotate the engines ({F['rounds']} rounds; "
        f"medians).\n"
        f"- Backfill: psql's wall time of `CREATE MATERIALIZED VIEW` (Firn's NOTICE gives its "
        f"own count and time); the view is dropped and re-created each round. Memory: Firn's "
        f"resident size right before and after the first CREATE, ÷ {d['users']:,} users; "
        f"PostgreSQL's `pg_total_relation_size('user_features')`; Redis's `used_memory` "
        f"growth while loading the hashes. Firn's state answers any instant; the peers' "
        f"tables hold one instant.\n"
        f"- Every entity's features as of the pinned instant are compared across Firn "
        f"(`COPY (SELECT * FROM {VIEW}) TO STDOUT`), PostgreSQL and DuckDB on every round, "
        f"and {len(F['sampled_users']['users'])} sampled users' single lookups (through "
        f"PGOPTIONS, as pgbench asks) with PostgreSQL's table and Redis's hashes (floats "
        f"within {REL_TOL:g} relative, NULL = missing hash field).\n"
        f"- Lookups: `pgbench -n -M prepared -T {F['lookups']['seconds']}` with "
        f"`\\set uid random(1, {d['users']})` + `SELECT * FROM <view or table> WHERE user_id ="
        f" :uid`; 1 client (p50/p99 from `--log`'s per-transaction latencies) and 32 clients "
        f"`-j 2` (throughput). Redis {F.get('redis_version', '')} (`--save '' --appendonly "
        f"no`) holds one hash per user (`user:<id − 1, 12 digits>`, NULL features left out),"
        f" read by `redis-benchmark -r {d['users']} HGETALL user:__rand_int__` with 1 client "
        f"and with 32 clients `--threads 2`, sized to the same duration; its INFO shows every "
        f"read hit. One warm-up round of 1 s each is not counted. At 32 connections the "
        f"CPU each side spent per lookup is measured too (the server process's user + system"
        f" time from /proc, PostgreSQL's backends included; the load tool's from getrusage): "
        f"the machine has {res['machine'].get('nproc', 2)} cores, so a saturated run serves "
        f"about cores ÷ (server + client CPU per lookup), whatever the noise.\n"
        f"- Training set: each engine writes the labels × features as CSV to a file (Firn and "
        f"PostgreSQL: `psql -c 'COPY (...) TO STDOUT' > file`, the wall time of psql; DuckDB "
        f"`COPY (...) TO 'file'`, its statement time). All rows are compared across the "
        f"engines on every round. PostgreSQL runs with default settings (JIT on).\n")


def plot_panels(axes, res, colors):
    F = res["features"]
    firn_c, pg_c, duck_c, redis_c = colors
    bf, L, T = F["backfill"], F["lookups"], F["training"]
    a1, a2, a3, a4 = axes
    _bars(a1, [("Firn\nCREATE VIEW", bf["firn_create_s"], firn_c),
               ("Firn: all entities\nas of T", bf["firn_eval_all_s"], "#4c9be8"),
               ("PostgreSQL\nCREATE TABLE AS\n+ PK", bf["postgres_s"], pg_c),
               ("DuckDB\nCREATE TABLE AS", bf["duckdb_create_table_s"], duck_c)])
    a1.set_ylabel("seconds (lower is better)")
    a1.set_title(f"Backfill over {res['data']['events']:,} events")
    items = []
    for e, lbl, c in (("firn", "Firn", firn_c), ("postgres", "PostgreSQL", pg_c),
                      ("redis", "Redis", redis_c)):
        items.append((f"{lbl}\np50", [x["p50_us"] for x in L[f"{e}_1"]], c))
        items.append((f"{lbl}\np99", [x["p99_us"] for x in L[f"{e}_1"]], c))
    _bars(a2, items)
    a2.set_yscale("log")
    a2.set_ylabel("microseconds, log scale (lower is better)")
    a2.set_title("Online lookup latency, 1 connection")
    _bars(a3, [(lbl, [x["tps"] / 1e3 for x in L[f"{e}_32"]], c)
               for e, lbl, c in (("firn", "Firn", firn_c), ("postgres", "PostgreSQL", pg_c),
                                 ("redis", "Redis", redis_c))])
    a3.set_ylabel("thousand lookups / s (higher is better)")
    a3.set_title("Online lookups, 32 connections")
    n = F["labels"]
    nl = {"firn": n, "duckdb": n, "postgres": F.get("pg_labels", n)}
    _bars(a4, [(lbl, [nl[e] / x for x in T[f"{e}_s"]], c)
               for e, lbl, c in (("firn", "Firn\npoint-in-time join", firn_c),
                                 ("postgres", "PostgreSQL\nLATERAL", pg_c),
                                 ("duckdb", "DuckDB\nrange join", duck_c))])
    a4.set_ylabel("labels / s (higher is better)")
    a4.set_title(f"Training set: {n:,} labels × 7 features"
                 + (f" (PostgreSQL: {nl['postgres']:,})" if nl["postgres"] != n else ""))
