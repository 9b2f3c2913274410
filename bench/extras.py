"""More of bench/: ingest with the features maintained, the loopback floor, latency CDFs.

  - ingest with the features maintained: a fresh Firn whose feature view exists (created
    on the empty table) before the COPY of every event; then the first lookup, which
    indexes what the COPY committed (docs/features.md, "How it works"). "COPY + first
    read" is timed as one, both parts reported; run in the ingest's rounds, interleaved
    with the peers' ingest. The lookup's answer is checked against PostgreSQL's
    user_features after the feature views ran, and firn_feature_views() must count every
    row indexed.
  - the floor: a minimal loopback TCP ping-pong (1 byte each way, TCP_NODELAY, one
    connection), a C program compiled with cc at run time under the bench's temporary
    folder; p50/p99 of the per-round-trip times, run in the lookups' rounds.
  - latency CDFs of the 1-connection lookups (Firn and PostgreSQL from pgbench's --log,
    Redis from redis-benchmark's percentile distribution, and the floor): <stem>-cdf.png.
"""
import os
import re
import subprocess

from common import fmt_ratio, log, med

FLOOR_C = r"""
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
    struct timespec ts; clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}
static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y);
}
int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    int one = 1, ls = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {0}; socklen_t al = sizeof a;
    a.sin_family = AF_INET; a.sin_addr.s_addr = htonl(INADDR_LOOPBACK); a.sin_port = 0;
    if (bind(ls, (struct sockaddr *)&a, sizeof a) || listen(ls, 1)
        || getsockname(ls, (struct sockaddr *)&a, &al)) { perror("listen"); return 1; }
    pid_t pid = fork();
    if (pid == 0) {                         /* the echo server: one connection */
        int s = accept(ls, NULL, NULL); char c;
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        while (read(s, &c, 1) == 1) if (write(s, &c, 1) != 1) break;
        _exit(0);
    }
    int s = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s, (struct sockaddr *)&a, sizeof a)) { perror("connect"); return 1; }
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    size_t cap = 1 << 22, n = 0; double *lat = malloc(cap * sizeof *lat);
    char c = 'x';
    for (int i = 0; i < 1000; i++) { write(s, &c, 1); read(s, &c, 1); }   /* warm-up */
    double end = now_ns() + seconds * 1e9, t0, t1 = now_ns();
    while (t1 < end && n < cap) {
        t0 = t1;
        if (write(s, &c, 1) != 1 || read(s, &c, 1) != 1) { perror("ping"); return 1; }
        t1 = now_ns();
        lat[n++] = (t1 - t0) / 1000.0;       /* microseconds */
    }
    close(s); waitpid(pid, NULL, 0);
    qsort(lat, n, sizeof *lat, cmp);
    printf("n %zu\n", n);
    for (int k = 0; k <= 1000; k++) {        /* quantiles 0, 0.001, ..., 1 */
        size_t i = k == 0 ? 0 : (size_t)((k / 1000.0) * n + 0.999999) - 1;
        if (i >= n) i = n - 1;
        printf("q %d %.3f\n", k, lat[i]);
    }
    return 0;
}
"""


def quantiles(sorted_xs):
    """The 1001 quantiles 0, 0.001, ..., 1 (nearest rank) of a sorted list: a CDF."""
    n = len(sorted_xs)
    if not n:
        return []
    return [sorted_xs[0 if k == 0 else min(n - 1, -(-k * n // 1000) - 1)] for k in range(1001)]


# --- the floor -------------------------------------------------------------------------------

class Floor:
    def __init__(self, work):
        d = os.path.join(work, "floor")
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, "pingpong.c")
        with open(src, "w") as f:
            f.write(FLOOR_C)
        self.bin = os.path.join(d, "pingpong")
        subprocess.run(["cc", "-O2", "-o", self.bin, src], check=True)
        self.cc = subprocess.run(["cc", "--version"], capture_output=True,
                                 text=True).stdout.splitlines()[0]

    def run(self, seconds):
        p = subprocess.run([self.bin, str(seconds)], capture_output=True, text=True,
                           timeout=seconds + 60, check=True)
        q = [float(l.split()[2]) for l in p.stdout.splitlines() if l.startswith("q ")]
        n = int(re.search(r"^n (\d+)", p.stdout, re.M).group(1))
        return {"tps": n / seconds, "transactions": n, "p50_us": q[500], "p99_us": q[990],
                "cdf_us": q}


# --- redis-benchmark's text output -------------------------------------------------------------

def parse_redis_benchmark(text):
    """redis-benchmark 7 without --csv: throughput, latency summary and the 'Latency by
    percentile distribution' points (percent, µs)."""
    rps = float(re.search(r"throughput summary: ([0-9.]+) requests per second", text).group(1))
    m = re.search(r"avg\s+min\s+p50\s+p95\s+p99\s+max\s*\n\s*([0-9.]+)\s+([0-9.]+)\s+"
                  r"([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)", text)
    avg, _mn, p50, _p95, p99, _mx = (float(x) * 1000 for x in m.groups())
    dist = text.split("Latency by percentile distribution:", 1)[1].split("Cumulative", 1)[0]
    pts = [[float(a), float(b) * 1000] for a, b in
           re.findall(r"([0-9.]+)% <= ([0-9.]+) milliseconds", dist)]
    return {"tps": rps, "latency_avg_us": avg, "p50_us": p50, "p99_us": p99,
            "cdf_points": pts}


# --- ingest with the features maintained ----------------------------------------------------

def ingest_fv(ctx, r, ingest):
    """One round: fresh Firn, table, view on the empty table, COPY, first lookup (the
    clock pinned). ctx: firn_cls, firn_bin, work, csv_path, create_table, view_sql,
    firn_env, user, pidfile."""
    import shutil
    data = os.path.join(ctx.work, f"firn-fv-{r}")
    firn = ctx.firn_cls(ctx.firn_bin, data, os.path.join(ctx.work, f"firn-fv-{r}.log"))
    firn.start(ctx.pidfile)
    try:
        firn.psql.run(ctx.create_table)
        firn.psql.run(ctx.view_sql)
        t_copy, _ = firn.psql.run("COPY transactions FROM STDIN (FORMAT csv)",
                                  stdin_path=ctx.csv_path)
        t_read, out = firn.psql.run(
            f"SELECT * FROM user_txn_features WHERE user_id = {ctx.user}", env=ctx.firn_env)
        _, st = firn.psql.run("SELECT indexed_rows, entities FROM firn_feature_views()")
        _, out2 = firn.psql.run(
            f"SELECT * FROM user_txn_features WHERE user_id = {ctx.user}", env=ctx.firn_env)
        t_read2, _ = firn.psql.run(
            f"SELECT * FROM user_txn_features WHERE user_id = {ctx.user}", env=ctx.firn_env)
    finally:
        firn.stop()
        shutil.rmtree(data, ignore_errors=True)
    ingest["firn_fv_copy_s"].append(t_copy)
    ingest["firn_fv_first_read_s"].append(t_read)
    ingest["firn_fv_next_read_s"].append(t_read2)
    ingest["firn_fv_copy_read_s"].append(t_copy + t_read)
    ingest["firn_fv_state"].append(st.strip())
    ingest["firn_fv_answer"].append([out.strip(), out2.strip()])
    log(f"  firn, view maintained: COPY {t_copy:.2f} s + first read {t_read:.2f} s "
        f"(then {t_read2:.3f} s); firn_feature_views: {st.strip()}")


def check_fv(res, pg, same_row):
    """After the feature views ran: the first-read answers against PostgreSQL's
    user_features; every row indexed."""
    ing = res["ingest"]
    if not ing.get("firn_fv_copy_s"):
        return
    F = res["features"]
    user = ing["firn_fv_user"]
    _, ref = pg.psql.run(f"SELECT * FROM user_features WHERE user_id = {user}")
    ref = ref.strip()
    n, users = res["data"]["events"], res["data"]["users"]
    for r, ((a, b), st) in enumerate(zip(ing["firn_fv_answer"], ing["firn_fv_state"])):
        for what, got in (("first read", a), ("second read", b)):
            if not same_row(ref.split(","), got.split(",")):
                F["mismatches"].append({"what": f"ingest with the view, round {r}: {what} of "
                                        f"user {user} vs PostgreSQL's user_features",
                                        "count": 1, "examples": [got, ref]})
                log(f"  MISMATCH ingest with the view: {got} != {ref}")
        if st != f"{n},{users}":
            F["mismatches"].append({"what": f"ingest with the view, round {r}: "
                                    f"firn_feature_views() indexed_rows,entities = {st}, "
                                    f"expected {n},{users}", "count": 1, "examples": []})


def summarize(res):
    ing, s = res["ingest"], res["summary"]
    n = res["data"]["events"]
    if ing.get("firn_fv_copy_s"):
        for k in ("firn_fv_copy_s", "firn_fv_first_read_s", "firn_fv_next_read_s",
                  "firn_fv_copy_read_s"):
            s[k] = med(ing[k])
        s["firn_fv_rows_per_s"] = n / s["firn_fv_copy_read_s"]
        s["fv_ratio"] = {"vs_postgres": s["postgres_copy_s"] / s["firn_fv_copy_read_s"],
                         "vs_duckdb": s["duckdb_import_s"] / s["firn_fv_copy_read_s"]}
    F = res.get("features", {})
    L = F.get("lookups", {})
    if L.get("floor_1"):
        S = F["summary"]
        S["floor_p50_us"] = med([x["p50_us"] for x in L["floor_1"]])
        S["floor_p99_us"] = med([x["p99_us"] for x in L["floor_1"]])
        S["floor_tps_1"] = med([x["tps"] for x in L["floor_1"]])


def table_rows(res):
    s = res["summary"]
    rows = {}
    if "firn_fv_copy_read_s" in s:
        from common import fmt_rate, fmt_s
        fr = s["fv_ratio"]
        rows["ingest_fv"] = (
            f"| ingest with the features maintained: COPY into the table whose view exists, "
            f"then the first lookup (which indexes what the COPY committed) | "
            f"{fmt_s(s['firn_fv_copy_read_s'])} ({fmt_rate(s['firn_fv_rows_per_s'])}): COPY "
            f"{fmt_s(s['firn_fv_copy_s'])} + first read {fmt_s(s['firn_fv_first_read_s'])} "
            f"(the next read {s['firn_fv_next_read_s'] * 1000:.0f} ms, psql wall time) | "
            f"{fmt_s(s['postgres_copy_s'])}, as above (indexed COPY; no features) | "
            f"{fmt_s(s['duckdb_import_s'])}, as above (CSV import; no features) | | "
            f"{fmt_ratio(fr['vs_postgres'])} | {fmt_ratio(fr['vs_duckdb'])} | | |")
    S = res.get("features", {}).get("summary", {})
    if "floor_p50_us" in S:
        us = lambda x: f"{x:.0f} µs" if x >= 10 else f"{x:.1f} µs"
        rows["floor"] = (
            f"| the floor: loopback TCP round trip, 1 connection (1 byte each way, a C "
            f"program) | {us(S['floor_p50_us'])} / {us(S['floor_p99_us'])} p50 / p99 "
            f"({S['floor_tps_1'] / 1e3:.1f} k round trips/s): the lookups' latencies above "
            f"include this | | | | | | | |")
    return rows


def all_runs_rows(res):
    ing = res["ingest"]
    out = []
    if ing.get("firn_fv_copy_s"):
        out.append("| ingest with the view: Firn COPY + first read (then a second read) (s) | "
                   + ", ".join(f"{a:.2f} + {b:.2f} ({c:.3f})" for a, b, c in zip(
                       ing["firn_fv_copy_s"], ing["firn_fv_first_read_s"],
                       ing["firn_fv_next_read_s"])) + " |")
    L = res.get("features", {}).get("lookups", {})
    if L.get("floor_1"):
        out.append("| the floor: loopback round trip p50 / p99 (µs) | " + ", ".join(
            f"{x['p50_us']:.1f} / {x['p99_us']:.1f}" for x in L["floor_1"]) + " |")
    return out


def how_measured(res):
    s = res["summary"]
    F = res.get("features", {})
    out = ""
    if "firn_fv_copy_read_s" in s:
        out += ("- Ingest with the features maintained: each ingest round also starts a fresh "
                "Firn with a fresh data folder, creates the table and the view "
                "(`user_txn_features`, the SQL in the .json) on the empty table, then times "
                "the same psql COPY and the first lookup "
                f"(`SELECT * FROM user_txn_features WHERE user_id = {res['ingest']['firn_fv_user']}`, "
                "clock pinned, psql wall time), which indexes every row the COPY committed; "
                "`firn_feature_views()` must then count every row indexed and every user, "
                "and the lookup's answer must equal PostgreSQL's `user_features` row. The "
                "peers' times are their ingest of the same rounds (they maintain no "
                "features).\n")
    if F.get("floor"):
        out += (f"- The floor: a C program (compiled at run time with {F['floor']['cc']}, "
                "`-O2`) forks an echo server and ping-pongs 1 byte over one loopback TCP "
                f"connection (TCP_NODELAY) for {F['lookups']['seconds']} s, timing each round "
                "trip with CLOCK_MONOTONIC; run in the lookups' interleaved rounds.\n"
                "- Latency CDFs (the `-cdf.png`): every 1-connection round's per-lookup "
                "latencies, from pgbench's `--log` (Firn, PostgreSQL; 1 µs resolution), "
                "redis-benchmark's 'Latency by percentile distribution' points (Redis; it "
                "gives no per-request log) and the floor program's.\n")
    return out


def plot_cdf(res, path):
    L = res.get("features", {}).get("lookups", {})
    if not L.get("firn_1") or "cdf_us" not in L["firn_1"][0]:
        return False
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(10, 6))
    q = [k / 10 for k in range(1001)]
    for e, lbl, c in (("firn", "Firn (view, evaluated per lookup)", "#1f77b4"),
                      ("postgres", "PostgreSQL (precomputed table, primary key)", "#2ca02c"),
                      ("floor", "the floor: loopback TCP round trip", "#555555")):
        for i, x in enumerate(L.get(f"{e}_1", [])):
            if x.get("cdf_us"):
                ax.plot([max(v, 0.5) for v in x["cdf_us"]], q, color=c, alpha=0.8,
                        ls="--" if e == "floor" else "-", label=lbl if i == 0 else None)
    for i, x in enumerate(L.get("redis_1", [])):
        if x.get("cdf_points"):
            pts = x["cdf_points"]
            ax.step([max(b, 0.5) for _, b in pts], [a for a, _ in pts], where="post",
                    color="#d62728", marker=".", alpha=0.8,
                    label="Redis (precomputed hash; redis-benchmark's points)" if i == 0
                    else None)
    ax.set_xscale("log")
    ax.set_xlabel("latency, microseconds (log scale)")
    ax.set_ylabel("percent of lookups at or below")
    ax.set_ylim(0, 100.5)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title(f"Online lookups, 1 connection: latency CDF, every round "
                 f"({res['scale']} scale, {res['started_utc'][:10]})", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True

