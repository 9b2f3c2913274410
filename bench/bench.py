#!/usr/bin/python3
"""Runs the "fraud" benchmark (issue 5): Firn beside PostgreSQL 15, DuckDB and Redis, one run.

Normally started by bench/run.sh, which installs the dependencies first. Measures, on the
same generated data and the same machine:
  - ingest: Firn COPY FROM STDIN (synchronous_commit on) and COPY + CHECKPOINT (durable in
    Iceberg); PostgreSQL COPY into a table indexed on (user_id, event_time); DuckDB
    CREATE TABLE AS SELECT * FROM read_csv(...). Rounds interleave the engines.
  - analytic scan: SELECT status, count(*) ... GROUP BY status on Firn (after CHECKPOINT),
    PostgreSQL, DuckDB over the Parquet files Firn wrote (and DuckDB over its own table,
    for reference). Every answer is checked against the generator's counts.
  - feature views (features.py): backfill, memory per entity, online lookups beside
    PostgreSQL and Redis, point-in-time training set beside PostgreSQL and DuckDB.
Writes RESULTS/<date>-<scale>.md, .json and .png.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import types

import extras
import features
from common import (HERE, PSQL, DuckDB, Firn, Postgres, _bars, cmd_output, counts_of, fmt_ms,
                    fmt_rate, fmt_ratio, fmt_s, loadavg, cpu_ticks, log, machine_info, med, rss_mib)

# The event table as the workload defines it: timestamp event times (UTC wall clock in the
# CSV; every server runs with TimeZone UTC), and for Firn the event_time option that feature
# views need.
_COLUMNS = ("(txn_id bigint, user_id bigint, merchant_id bigint, amount double precision, "
            "status text, event_time timestamp)")
CREATE_TABLE_FIRN = f"CREATE TABLE transactions {_COLUMNS} WITH (event_time = 'event_time')"
CREATE_TABLE_PG = f"CREATE TABLE transactions {_COLUMNS}"
SCAN_SQL = "SELECT status, count(*) FROM transactions GROUP BY status"
DUCK_COLUMNS = ("{'txn_id': 'BIGINT', 'user_id': 'BIGINT', 'merchant_id': 'BIGINT', "
                "'amount': 'DOUBLE', 'status': 'VARCHAR', 'event_time': 'TIMESTAMP'}")

NOT_YET = "not measured yet (a later slice of bench/)"


def rerender(json_path):
    """Writes the .md and .png beside a results .json again (after a change of the
    renderer; the measurements are the .json's)."""
    with open(json_path) as f:
        res = json.load(f)
    stem = json_path[:-len(".json")]
    plot(res, stem + ".png")
    extras.plot_cdf(res, stem + "-cdf.png")
    with open(stem + ".md", "w") as f:
        f.write(render_markdown(res, os.path.basename(stem) + ".png"))
    log(f"re-rendered {stem}.md and .png from {json_path}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--render":
        return rerender(sys.argv[2])
    ap = argparse.ArgumentParser(epilog="bench.py --render RESULTS.json re-writes the .md "
                                        "and .png beside a results file.")
    ap.add_argument("--scale", choices=["small", "default"], default="small")
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--firn-bin", required=True)
    ap.add_argument("--work", required=True, help="temporary folder (data of every engine)")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--ingest-rounds", type=int, default=3,
                    help="ingest repetitions of Firn and DuckDB")
    ap.add_argument("--pg-ingest-rounds", type=int, default=None,
                    help="ingest repetitions of PostgreSQL, whose indexed COPY takes minutes "
                         "at the default scale (default: --ingest-rounds at the small scale, "
                         "1 at the default)")
    ap.add_argument("--scan-rounds", type=int, default=7)
    ap.add_argument("--feature-rounds", type=int, default=3,
                    help="rounds of the backfill, lookup and training-set measurements")
    ap.add_argument("--lookup-seconds", type=int, default=5,
                    help="duration of each pgbench / redis-benchmark run")
    ap.add_argument("--train-labels", type=int, default=100000,
                    help="labels in the training set (the first ones generated)")
    ap.add_argument("--pg-train-labels", type=int, default=20000,
                    help="PostgreSQL's training set: the first N of those labels")
    args = ap.parse_args()
    if args.scan_rounds < 5:
        ap.error("--scan-rounds must be at least 5")
    if args.feature_rounds < 1:
        ap.error("--feature-rounds must be at least 1")
    if args.ingest_rounds < 1:
        ap.error("--ingest-rounds must be at least 1")
    ingest_rounds = args.ingest_rounds
    pg_ingest_rounds = min(ingest_rounds, args.pg_ingest_rounds or
                           (ingest_rounds if args.scale == "small" else 1))

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)

    work = os.path.abspath(args.work)
    t_start = time.monotonic()
    started = datetime.datetime.now(datetime.timezone.utc)
    res = {
        "workload": "fraud",
        "scale": args.scale,
        "started_utc": started.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": machine_info(),
        "loadavg": {"start": loadavg()},
        "cpu_ticks": {"start": cpu_ticks()},
        "notes": [],
    }
    pg = Postgres(work)
    duck = None
    firn = None
    try:
        # Workload.
        gen_dir = os.path.join(work, "data")
        log(f"generating the fraud workload, scale {args.scale}, seed {args.seed}")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--out", gen_dir,
                        "--scale", args.scale, "--seed", str(args.seed)], check=True)
        with open(os.path.join(gen_dir, "workload.json")) as f:
            workload = json.load(f)
        res["data"] = workload
        csv_path = os.path.join(gen_dir, "transactions.csv")
        n_rows = workload["events"]
        expected = {k: workload["transactions"][k] for k in ("approved", "declined")}

        # Peers.
        os.chmod(work, 0o755)  # the postgres OS user must reach its folder
        log("starting PostgreSQL 15")
        pg.start()
        duck = DuckDB()
        res["versions"] = {
            "firn": cmd_output([args.firn_bin, "--version"]),
            "postgresql": pg.psql.run("SHOW server_version")[1].strip(),
            "duckdb": duck.call(op="version")["version"] + " (@duckdb/node-api "
                      + json.load(open(os.path.join(HERE, "node_modules", "@duckdb",
                                                    "node-api", "package.json")))["version"]
                      + ")",
            "psql": cmd_output([PSQL, "--version"]),
            "node": cmd_output(["node", "--version"]),
            "python": platform.python_version(),
        }
        res["postgresql_settings"] = {
            k: pg.psql.run(f"SHOW {k}")[1].strip()
            for k in ("fsync", "synchronous_commit", "shared_buffers", "max_wal_size",
                      "max_parallel_workers_per_gather", "work_mem")}

        # Ingest, interleaved: each round runs the three engines, the order rotating.
        ingest = {"firn_copy_s": [], "firn_checkpoint_s": [], "firn_copy_checkpoint_s": [],
                  "firn_rss_mib_after_copy": [], "firn_rss_mib_after_checkpoint": [],
                  "postgres_copy_s": [], "duckdb_import_s": [],
                  "firn_fv_copy_s": [], "firn_fv_first_read_s": [], "firn_fv_next_read_s": [],
                  "firn_fv_copy_read_s": [], "firn_fv_state": [], "firn_fv_answer": []}
        # Ingest with the features maintained: the view exists before the COPY; the first
        # lookup (of the first label's user) indexes what the COPY committed.
        with open(os.path.join(gen_dir, "labels.csv")) as f:
            ingest["firn_fv_user"] = int(f.readline().split(",")[1])
        fv_ctx = types.SimpleNamespace(
            firn_cls=Firn, firn_bin=args.firn_bin, work=work, csv_path=csv_path,
            create_table=CREATE_TABLE_FIRN, view_sql=features.view_sql(),
            user=ingest["firn_fv_user"], pidfile=os.path.join(work, "firn-fv.pid"),
            firn_env=dict(os.environ, PGOPTIONS="-c firn.now="
                          + workload["events_until_utc"].replace(" ", "T") + "+00"))
        firn_data = None
        duck_db = None

        def ingest_firn(r):
            nonlocal firn, firn_data
            if firn:
                firn.stop()
                shutil.rmtree(firn_data, ignore_errors=True)
            firn_data = os.path.join(work, f"firn-{r}")
            firn = Firn(args.firn_bin, firn_data, os.path.join(work, f"firn-{r}.log"))
            firn.start(os.path.join(work, "firn.pid"))
            firn.psql.run(CREATE_TABLE_FIRN)
            t_copy, out = firn.psql.run("COPY transactions FROM STDIN (FORMAT csv)",
                                        stdin_path=csv_path)
            ingest["firn_rss_mib_after_copy"].append(rss_mib(firn.proc.pid))
            t_ckpt, _ = firn.psql.run("CHECKPOINT")
            ingest["firn_rss_mib_after_checkpoint"].append(rss_mib(firn.proc.pid))
            ingest["firn_copy_s"].append(t_copy)
            ingest["firn_checkpoint_s"].append(t_ckpt)
            ingest["firn_copy_checkpoint_s"].append(t_copy + t_ckpt)
            log(f"  firn: COPY {t_copy:.2f} s + CHECKPOINT {t_ckpt:.2f} s")

        def ingest_pg(r):
            pg.psql.run("DROP TABLE IF EXISTS transactions")
            pg.psql.run(CREATE_TABLE_PG)
            pg.psql.run("CREATE INDEX transactions_user_time ON transactions "
                        "(user_id, event_time)")
            t, _ = pg.psql.run("COPY transactions FROM STDIN (FORMAT csv)",
                               stdin_path=csv_path)
            ingest["postgres_copy_s"].append(t)
            log(f"  postgres: COPY (indexed) {t:.2f} s")
            # Untimed: otherwise autovacuum's pass over the new rows (a minute later) runs
            # during the next engines' ingest and slows them; and the checkpoint writes the
            # gigabytes of WAL and pages now rather than beside the next engine's COPY.
            pg.psql.run("VACUUM (ANALYZE) transactions")
            pg.psql.run("CHECKPOINT")

        def ingest_duck(r):
            nonlocal duck_db
            duck.call(op="close")
            if duck_db:
                for p in glob.glob(duck_db + "*"):
                    os.remove(p)
            duck_db = os.path.join(work, f"duck-{r}.duckdb")
            duck.call(op="open", path=duck_db)
            a = duck.call(op="run", sql=(
                f"CREATE TABLE transactions AS SELECT * FROM read_csv('{csv_path}', "
                f"header = false, columns = {DUCK_COLUMNS})"))
            ingest["duckdb_import_s"].append(a["ms"] / 1000)
            log(f"  duckdb: CSV import {a['ms'] / 1000:.2f} s")

        def ingest_firn_fv(r):
            extras.ingest_fv(fv_ctx, r, ingest)

        # PostgreSQL's rounds come first (the fewer of them at the default scale), then
        # the engines compared with each other most closely rotate round by round.
        fast = [ingest_firn, ingest_duck, ingest_firn_fv]
        for r in range(ingest_rounds):
            log(f"ingest round {r + 1}/{ingest_rounds}")
            order = ([ingest_pg] if r < pg_ingest_rounds else []) + fast[r % 3:] + fast[:r % 3]
            for fn in order:
                # The previous engine's writes reach the disk first (untimed): PostgreSQL's
                # indexed COPY leaves gigabytes dirty at the default scale, whose writeback
                # would otherwise slow the next engine's syncs.
                os.sync()
                fn(r)
        res["loadavg"]["after_ingest"] = loadavg()
        res["cpu_ticks"]["after_ingest"] = cpu_ticks()
        # Rows landed where they should.
        ingest_counts = {
            "firn": int(firn.psql.run("SELECT count(*) FROM transactions")[1].strip()),
            "postgres": int(pg.psql.run("SELECT count(*) FROM transactions")[1].strip()),
            "duckdb": int(duck.call(op="run", sql="SELECT count(*) FROM transactions")
                          ["rows"][0][0]),
        }
        parquet_glob = os.path.join(firn_data, "public", "transactions", "data", "*.parquet")
        parquet_files = [p for p in glob.glob(parquet_glob) if not p.endswith("-deletes.parquet")]
        ingest_counts["firn_parquet"] = int(duck.call(
            op="run", sql=f"SELECT count(*) FROM read_parquet('{parquet_glob}')")["rows"][0][0])
        res["ingest"] = ingest
        res["ingest_rounds"] = ingest_rounds
        res["pg_ingest_rounds"] = pg_ingest_rounds
        res["ingest_counts"] = ingest_counts
        res["firn_parquet"] = {
            "files": len(parquet_files),
            "bytes": sum(os.path.getsize(p) for p in parquet_files),
        }
        res["csv_bytes"] = os.path.getsize(csv_path)

        # Analytic scan, interleaved, each answer checked.
        log("analytic scan")
        pg.psql.run("VACUUM (ANALYZE) transactions")  # settles hint bits; not timed
        duck_parquet_sql = (f"SELECT status, count(*) FROM read_parquet('{parquet_glob}') "
                            "GROUP BY status")

        def scan_firn():
            return firn.psql.timed_query(SCAN_SQL)

        def scan_pg():
            return pg.psql.timed_query(SCAN_SQL)

        def scan_duck_parquet():
            a = duck.call(op="run", sql=duck_parquet_sql)
            return a["ms"], a["rows"]

        def scan_duck_table():
            a = duck.call(op="run", sql=SCAN_SQL)
            return a["ms"], a["rows"]

        scans = {"firn": scan_firn, "postgres": scan_pg, "duckdb_parquet": scan_duck_parquet,
                 "duckdb_table": scan_duck_table}
        scan_ms = {k: [] for k in scans}
        mismatches = []
        names = list(scans)
        for r in range(args.scan_rounds + 1):  # round 0 warms up and is not counted
            order = names[r % len(names):] + names[:r % len(names)]
            for name in order:
                ms, rows = scans[name]()
                got = counts_of(rows)
                if got != expected:
                    mismatches.append({"engine": name, "round": r, "got": got,
                                       "expected": expected})
                    log(f"  MISMATCH {name}: {got} != {expected}")
                if r > 0:
                    scan_ms[name].append(ms)
        res["scan"] = {"sql": SCAN_SQL, "rounds": args.scan_rounds, "ms": scan_ms,
                       "expected": expected, "mismatches": mismatches}
        res["loadavg"]["after_scan"] = loadavg()
        res["cpu_ticks"]["after_scan"] = cpu_ticks()
        with open(firn.log_path, errors="replace") as f:
            res["firn_log_checkpoints"] = [l.strip() for l in f if "checkpoint at LSN" in l]

        # Feature views: backfill, online lookups (beside Redis), training set.
        def restart_firn():
            nonlocal firn
            firn.stop()
            firn = Firn(args.firn_bin, firn_data, os.path.join(work, "firn-features.log"))
            firn.start(os.path.join(work, "firn.pid"))
            return firn

        features.run(types.SimpleNamespace(
            args=args, work=work, gen_dir=gen_dir, workload=workload, pg=pg, duck=duck,
            restart_firn=restart_firn), res)
        extras.check_fv(res, pg, lambda a, b: len(a) == len(b) and all(
            features.same_value(x, y) for x, y in zip(a, b)))
        res["loadavg"]["end"] = loadavg()
        res["cpu_ticks"]["end"] = cpu_ticks()
        with open(firn.log_path, errors="replace") as f:
            res["firn_log_features"] = [l.strip() for l in f if "feature view" in l
                                        or "ERROR" in l or "WARN" in l]
    finally:
        log("stopping servers")
        if firn:
            firn.stop()
        if duck:
            duck.stop()
        pg.stop()

    res["duration_s"] = round(time.monotonic() - t_start, 1)
    summarize(res, n_rows)
    features.summarize(res)
    extras.summarize(res)
    write_outputs(res, args)


def summarize(res, n_rows):
    ing = res["ingest"]
    s = {}
    for k in ("firn_copy_s", "firn_checkpoint_s", "firn_copy_checkpoint_s", "postgres_copy_s",
              "duckdb_import_s"):
        s[k] = med(ing[k])
    for k in ("firn_copy_s", "firn_copy_checkpoint_s", "postgres_copy_s", "duckdb_import_s"):
        s[k.replace("_s", "_rows_per_s")] = n_rows / s[k]
    # Speed ratios: Firn's rows/s ÷ the peer's (> 1: Firn is faster).
    s["ingest_ratio"] = {
        "copy_vs_postgres": s["postgres_copy_s"] / s["firn_copy_s"],
        "copy_vs_duckdb": s["duckdb_import_s"] / s["firn_copy_s"],
        "copy_checkpoint_vs_postgres": s["postgres_copy_s"] / s["firn_copy_checkpoint_s"],
        "copy_checkpoint_vs_duckdb": s["duckdb_import_s"] / s["firn_copy_checkpoint_s"],
    }
    sm = {k: med(v) for k, v in res["scan"]["ms"].items()}
    s["scan_median_ms"] = sm
    # Time ratios: Firn's time ÷ the peer's (< 1: Firn is faster).
    s["scan_ratio"] = {
        "vs_postgres": sm["firn"] / sm["postgres"],
        "vs_duckdb_parquet": sm["firn"] / sm["duckdb_parquet"],
        "vs_duckdb_table": sm["firn"] / sm["duckdb_table"],
    }
    res["summary"] = s


def keep_earlier_run(stem):
    """Renames an earlier run's files at `stem` to `stem-HHMM` (its start time), so that a
    second run on the same day and scale does not overwrite the first."""
    try:
        with open(stem + ".json") as f:
            hhmm = json.load(f)["started_utc"][11:16].replace(":", "")
    except (OSError, ValueError, KeyError):
        return
    for suffix in (".json", ".md", ".png", "-cdf.png"):
        if os.path.exists(stem + suffix):
            os.replace(stem + suffix, f"{stem}-{hhmm}{suffix}")
    md = f"{stem}-{hhmm}.md"
    if os.path.exists(md):  # its pictures' new names
        name = os.path.basename(stem)
        with open(md) as f:
            text = f.read()
        text = text.replace(f"({name}.png)", f"({name}-{hhmm}.png)")
        text = text.replace(f"({name}-cdf.png)", f"({name}-{hhmm}-cdf.png)")
        with open(md, "w") as f:
            f.write(text)
    log(f"kept the earlier run as {os.path.basename(stem)}-{hhmm}.*")


def write_outputs(res, args):
    os.makedirs(args.results, exist_ok=True)
    date = res["started_utc"][:10]
    stem = os.path.join(args.results, f"{date}-{args.scale}")
    keep_earlier_run(stem)
    png_name = os.path.basename(stem) + ".png"
    plot(res, stem + ".png")
    extras.plot_cdf(res, stem + "-cdf.png")
    with open(stem + ".json", "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    md = render_markdown(res, png_name)
    with open(stem + ".md", "w") as f:
        f.write(md)
    print(md)
    log(f"wrote {stem}.md, .json and .png")


def steal_text(res):
    """The hypervisor's steal time per phase: how much of the machine others took."""
    t = res.get("cpu_ticks", {})
    phases = [("ingest", "start", "after_ingest"), ("scans", "after_ingest", "after_scan"),
              ("backfill and lookups", "after_scan", "after_lookups"),
              ("training", "after_lookups", "end")]
    parts = []
    for name, a, b in phases:
        if a in t and b in t and t[b][1] > t[a][1]:
            parts.append(f"{name} {100 * (t[b][0] - t[a][0]) / (t[b][1] - t[a][1]):.0f}%")
    if not parts:
        return ""
    return (" CPU time the hypervisor gave to other machines (steal, /proc/stat): "
            + ", ".join(parts) + ".")


def render_markdown(res, png_name):
    s, m, v = res["summary"], res["machine"], res["versions"]
    d, F = res["data"], res["features"]
    ir, sr = s["ingest_ratio"], s["scan_ratio"]
    sm = s["scan_median_ms"]
    ok = (not res["scan"]["mismatches"] and not F["mismatches"]
          and all(c == d["events"] for c in res["ingest_counts"].values()))
    la = res["loadavg"]
    L = []
    L.append(f"# Fraud benchmark, scale `{res['scale']}` — {res['started_utc']} UTC\n")
    L.append(f"{d['events']:,} transactions from {d['users']:,} users "
             f"(seed {d['seed']}, CSV {res['csv_bytes'] / 2**20:.0f} MiB). "
             f"Ingest: median of {res['ingest_rounds']} interleaved round(s)"
             + (f" (PostgreSQL's indexed COPY: {res['pg_ingest_rounds']}, first)"
                if res.get("pg_ingest_rounds", res["ingest_rounds"]) != res["ingest_rounds"]
                else "") + "; "
             f"scan: median of {res['scan']['rounds']} interleaved runs after one warm-up; "
             f"feature views: median of {F['rounds']} interleaved rounds. The whole run took "
             f"{res['duration_s'] / 60:.1f} minutes.\n")
    L.append(f"**Machine:** {m['nproc']} CPUs ({m['cpu']}), {m['memory_gib']} GiB, "
             f"{m['os']}, Linux {m['kernel']}. Load average (1 min) at start "
             f"{la['start'][0]:.2f}, after ingest {la['after_ingest'][0]:.2f}, after the scans "
             f"{la['after_scan'][0]:.2f}, after the lookups {la['after_lookups'][0]:.2f}, at "
             f"end {la['end'][0]:.2f}"
             " — other work shares this machine, so the numbers are noisy; the ratios come"
             " from engines run side by side in the same run. (The load average counts the"
             " bench's own processes too: during the 32-connection lookups, 32 server"
             " threads or backends and the clients.)" + steal_text(res) + "\n")
    L.append(f"**Versions:** {v['firn']}; PostgreSQL {v['postgresql']}; DuckDB {v['duckdb']};"
             f" Redis {F.get('redis_version', '?')}; {v['psql']}; node {v['node']}.\n")
    L.append(f"**Checked:** {'all answers correct' if ok else 'MISMATCHES — see below'} "
             f"(row counts after ingest: {res['ingest_counts']}; scan answers equal to the "
             f"generator's {res['scan']['expected']} on every run; every entity's features "
             f"equal in Firn, PostgreSQL and DuckDB, sampled lookups equal in Firn, "
             f"PostgreSQL and Redis, and every training row equal in the three engines, on "
             f"every round).\n")
    L.append("Ratios are Firn ÷ peer in speed: above 1× Firn is faster, below 1× slower "
             "(for latencies: the peer's latency over Firn's).\n")
    L.append("| workload | Firn | PostgreSQL 15 | DuckDB | Redis | Firn ÷ PostgreSQL |"
             " Firn ÷ DuckDB | Firn ÷ Redis | target |")
    L.append("|---|---|---|---|---|---|---|---|---|")
    fr = features.table_rows(res)
    L.append(fr["lookup_1"])
    L.append(fr["lookup_32"])
    L.append(f"| ingest: COPY, synchronous_commit on (WAL-durable) | "
             f"{fmt_s(s['firn_copy_s'])} ({fmt_rate(s['firn_copy_rows_per_s'])}) | "
             f"{fmt_s(s['postgres_copy_s'])} ({fmt_rate(s['postgres_copy_rows_per_s'])}), "
             f"COPY into a table indexed on (user_id, event_time) | "
             f"{fmt_s(s['duckdb_import_s'])} ({fmt_rate(s['duckdb_import_rows_per_s'])}), "
             f"CSV import | | {fmt_ratio(ir['copy_vs_postgres'])} | "
             f"{fmt_ratio(ir['copy_vs_duckdb'])} | | ≥ 3× PostgreSQL, ≥ 1× DuckDB |")
    L.append(f"| ingest: COPY + CHECKPOINT (durable in Iceberg) | "
             f"{fmt_s(s['firn_copy_checkpoint_s'])} "
             f"({fmt_rate(s['firn_copy_checkpoint_rows_per_s'])}); CHECKPOINT alone "
             f"{fmt_s(s['firn_checkpoint_s'])} | same | same | | "
             f"{fmt_ratio(ir['copy_checkpoint_vs_postgres'])} | "
             f"{fmt_ratio(ir['copy_checkpoint_vs_duckdb'])} | | |")
    xr = extras.table_rows(res)
    L.append(xr.get("ingest_fv") or NOT_YET_ROW("ingest with the features maintained", ""))
    L.append(fr["training"])
    L.append(f"| analytic scan: `{SCAN_SQL}` | {fmt_ms(sm['firn'])} | {fmt_ms(sm['postgres'])} |"
             f" {fmt_ms(sm['duckdb_parquet'])} over Firn's Parquet files "
             f"({fmt_ms(sm['duckdb_table'])} over its own table) | | "
             f"{fmt_ratio(1 / sr['vs_postgres'])} | {fmt_ratio(1 / sr['vs_duckdb_parquet'])}"
             f" ({fmt_ratio(1 / sr['vs_duckdb_table'])} vs its own table) | | "
             f"≥ 0.5× DuckDB (within 2×) |")
    L.append(fr["backfill"])
    L.append(fr["memory"])
    L.append(xr.get("floor") or NOT_YET_ROW("the floor: loopback round trip, 1 connection", ""))
    L.append("")
    L.append(f"![ingest, scan and feature views]({png_name})\n")
    if "floor" in xr:
        L.append(f"![1-connection lookup latency CDFs]({png_name[:-4]}-cdf.png)\n")
    L.append("## All runs\n")
    ing = res["ingest"]
    L.append("| measurement | runs |")
    L.append("|---|---|")
    for k, label in (("firn_copy_s", "Firn COPY (s)"), ("firn_checkpoint_s", "Firn CHECKPOINT (s)"),
                     ("postgres_copy_s", "PostgreSQL COPY, indexed (s)"),
                     ("duckdb_import_s", "DuckDB CSV import (s)")):
        L.append(f"| {label} | {', '.join(f'{x:.2f}' for x in ing[k])} |")
    L.append(f"| Firn resident memory after COPY / after CHECKPOINT (MiB) | "
             f"{', '.join(f'{a} / {b}' for a, b in zip(ing['firn_rss_mib_after_copy'], ing['firn_rss_mib_after_checkpoint']))} |")
    for k, label in (("firn", "scan: Firn (ms)"), ("postgres", "scan: PostgreSQL (ms)"),
                     ("duckdb_parquet", "scan: DuckDB over Firn's Parquet (ms)"),
                     ("duckdb_table", "scan: DuckDB over its own table (ms)")):
        L.append(f"| {label} | {', '.join(f'{x:.1f}' for x in res['scan']['ms'][k])} |")
    L.extend(features.all_runs_rows(res))
    L.extend(extras.all_runs_rows(res))
    L.append("")
    pq = res["firn_parquet"]
    L.append("## How it was measured\n")
    L.append(
        "- Every engine reads the same CSV file (in the page cache). Firn and PostgreSQL get it "
        "through `psql -c 'COPY transactions FROM STDIN (FORMAT csv)' < transactions.csv` and "
        "the time is the wall time of that psql process (the psql binary itself, not Debian's "
        "Perl wrapper `/usr/bin/psql`, whose start took ~30 ms); DuckDB reads the file itself "
        "(`CREATE TABLE transactions AS SELECT * FROM read_csv(...)` into a database file, "
        "timed inside the Node process).\n"
        "- Before each engine's ingest the bench calls sync(2), untimed, so that no engine's "
        "syncs wait for the previous engine's dirty pages.\n"
        "- Firn: a fresh server and data folder per round, defaults (synchronous_commit on, "
        "group commit with fdatasync); CHECKPOINT then writes the rows as Parquet + an "
        f"Iceberg snapshot ({pq['files']} data file(s), {pq['bytes'] / 2**20:.1f} MiB).\n"
        "- PostgreSQL 15: started by the bench with its own data folder, default settings "
        f"({', '.join(f'{k}={x}' for k, x in res['postgresql_settings'].items())}), "
        "locale C, TimeZone UTC; the table is dropped and re-created with its index before "
        "each round's COPY and `VACUUM (ANALYZE)`d and CHECKPOINTed, untimed, right after it (so "
        "neither autovacuum nor its checkpoint runs during the next engines' ingest), and "
        "vacuumed again before the scans. At the default scale its indexed COPY (minutes) runs "
        "in the first round only.\n"
        "- The event table: `event_time timestamp` (UTC wall-clock times; every server's "
        "TimeZone is UTC) in Firn, PostgreSQL and DuckDB, with "
        "`WITH (event_time = 'event_time')` in Firn (feature views need it).\n"
        "- Scan times: psql's `\\timing` for Firn and PostgreSQL (one psql connection per "
        "query; the connection setup is not in the time), DuckDB's own time inside a "
        "long-lived Node process (@duckdb/node-api). DuckDB over Parquet reads "
        "`read_parquet('<firn data>/public/transactions/data/*.parquet')`.\n"
        "- PostgreSQL goes first in a round; the order of the others rotates from round to "
        "round; medians are reported.\n"
        + features.how_measured(res) + extras.how_measured(res))
    mms = res["scan"]["mismatches"] + res["features"]["mismatches"]
    if mms:
        L.append("## Mismatches\n")
        for mm in mms:
            L.append(f"- {mm}")
        L.append("")
    return "\n".join(L) + "\n"


def NOT_YET_ROW(label, target):
    return f"| {label} | {NOT_YET} | | | | | | | {target} |"


def plot(res, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ing = res["ingest"]
    n = res["data"]["events"]
    fig, axes = plt.subplots(2, 3, figsize=(16, 9))
    (a1, a2, a3), (a4, a5, a6) = axes
    firn_c, pg_c, duck_c, redis_c = "#1f77b4", "#336791", "#e6a800", "#d62728"
    bars = [
        ("Firn\nCOPY", ing["firn_copy_s"], "#4c9be8"),
        ("Firn COPY\n+ CHECKPOINT", ing["firn_copy_checkpoint_s"], firn_c),
        ("PostgreSQL\nCOPY (indexed)", ing["postgres_copy_s"], pg_c),
        ("DuckDB\nCSV import", ing["duckdb_import_s"], duck_c),
    ]
    _bars(a1, [(lbl, [n / x / 1e3 for x in xs], c) for lbl, xs, c in bars])
    a1.set_ylabel("thousand rows / s (higher is better)")
    a1.set_title(f"Ingest of {n:,} events")
    sc = res["scan"]["ms"]
    _bars(a2, [("Firn", sc["firn"], firn_c), ("PostgreSQL", sc["postgres"], pg_c),
               ("DuckDB over\nFirn's Parquet", sc["duckdb_parquet"], duck_c),
               ("DuckDB over\nits own table", sc["duckdb_table"], "#f3d36b")])
    a2.set_ylabel("milliseconds (lower is better)")
    a2.set_title("GROUP BY status over all events")
    features.plot_panels((a3, a4, a5, a6), res, (firn_c, pg_c, duck_c, redis_c))
    m = res["machine"]
    fig.suptitle(f"fraud, scale {res['scale']} — {m['nproc']} CPUs, {m['cpu']}, "
                 f"{res['started_utc'][:10]} (bars: median; whiskers: min–max)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt as e:
        log(f"interrupted: {e}")
        sys.exit(130)
