"""Shared pieces of bench/: the engines' processes, psql, small helpers and formatting.

Used by bench.py (orchestration, ingest, scans, results) and features.py (feature views).
"""
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PG_BIN = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
# The psql binary itself: Debian's /usr/bin/psql is pg_wrapper, a Perl script whose start
# (~30 ms here) would count in every psql-timed statement.
PSQL = os.environ.get("PSQL") or (os.path.join(PG_BIN, "psql")
                                  if os.access(os.path.join(PG_BIN, "psql"), os.X_OK) else "psql")


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def cpu_ticks():
    """(steal, total) jiffies of all CPUs since boot, from /proc/stat: the share of time the
    hypervisor gave this machine's CPUs to others between two readings."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return [v[7], sum(v)]


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def machine_info():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kib = int(next(l for l in f if l.startswith("MemTotal:")).split()[1])
    return {
        "nproc": os.cpu_count(),
        "nproc_available": len(os.sched_getaffinity(0)),
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "cpu": cpu,
        "kernel": platform.release(),
        "os": _os_release(),
    }


def _os_release():
    try:
        with open("/etc/os-release") as f:
            kv = dict(l.rstrip("\n").split("=", 1) for l in f if "=" in l)
        return kv.get("PRETTY_NAME", "").strip('"')
    except OSError:
        return "unknown"


def cmd_output(argv):
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


TIME_RE = re.compile(r"^Time: ([0-9.]+) ms", re.M)


class Psql:
    """Runs statements through the psql client against one server."""

    def __init__(self, port, user, db):
        self.base = [PSQL, "-X", "-q", "-A", "-t", "-F", ",", "-v", "ON_ERROR_STOP=1",
                     "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", db]

    def run(self, sql, stdin_path=None, timeout=7200, env=None, stdout_path=None):
        """Runs sql (a string, or a list of statements: one -c each); returns (wall seconds
        of the psql process, stdout). With stdout_path psql writes its output to that file
        (and stdout is returned as ""). The notices psql printed are in self.last_stderr."""
        stmts = [sql] if isinstance(sql, str) else list(sql)
        argv = self.base + [a for q in stmts for a in ("-c", q)]
        stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
        out = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
        try:
            t0 = time.monotonic()
            p = subprocess.run(argv, stdin=stdin, stdout=out, stderr=subprocess.PIPE,
                               timeout=timeout, env=env)
            wall = time.monotonic() - t0
        finally:
            if stdin_path:
                stdin.close()
            if stdout_path:
                out.close()
        self.last_stderr = p.stderr.decode(errors="replace")
        if p.returncode != 0:
            raise RuntimeError(f"psql failed ({stmts[-1][:60]}...): {self.last_stderr.strip()}")
        return wall, (p.stdout.decode() if p.stdout is not None else "")

    def timed_query(self, sql):
        """Runs one query with \\timing; returns (milliseconds as psql reports them, rows)."""
        p = subprocess.run(self.base + ["-c", "\\timing on", "-c", sql],
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=3600)
        if p.returncode != 0:
            raise RuntimeError(f"psql failed ({sql[:60]}...): {p.stderr.strip()}")
        m = TIME_RE.search(p.stdout)
        if not m:
            raise RuntimeError(f"no timing in psql output: {p.stdout[-300:]!r}")
        rows = [l.split(",") for l in p.stdout.splitlines()
                if l and not l.startswith("Time:")]
        return float(m.group(1)), rows


class Firn:
    def __init__(self, binary, data_dir, log_path):
        self.binary, self.data_dir, self.log_path = binary, data_dir, log_path
        self.proc = None
        self.port = None

    def start(self, pidfile):
        self.port = free_port()
        self.logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [self.binary, "serve", "--port", str(self.port), "--data", self.data_dir],
            stdout=self.logf, stderr=subprocess.STDOUT, start_new_session=True)
        with open(pidfile, "w") as f:
            f.write(str(self.proc.pid))
        self.psql = Psql(self.port, "firn", "firn")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"firn exited at start; see {self.log_path}")
            r = subprocess.run([PG_BIN + "/pg_isready", "-q", "-h", "127.0.0.1", "-p",
                                str(self.port)], capture_output=True)
            if r.returncode == 0:
                return
            time.sleep(0.1)
        raise RuntimeError("firn did not start listening within 60 s")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                log("firn did not stop within 120 s after SIGTERM: killing it")
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, "logf", None):
            self.logf.close()
            self.logf = None


class Postgres:
    def __init__(self, work):
        self.dir = os.path.join(work, "pg")
        self.data = os.path.join(self.dir, "data")
        self.port = None
        self.started = False

    def _as_pg(self, argv, **kw):
        if os.geteuid() == 0:
            argv = ["runuser", "-u", "postgres", "--"] + argv
        return subprocess.run(argv, capture_output=True, text=True, **kw)

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        r = self._as_pg([PG_BIN + "/initdb", "-D", self.data, "-U", "postgres",
                         "--auth=trust", "--locale=C", "--encoding=UTF8"], timeout=300)
        if r.returncode != 0:
            raise RuntimeError("initdb failed: " + r.stderr)
        self.port = free_port()
        opts = (f"-c port={self.port} -c listen_addresses=127.0.0.1 "
                f"-c unix_socket_directories='{self.dir}' -c timezone=UTC")
        r = self._as_pg([PG_BIN + "/pg_ctl", "-D", self.data, "-l",
                         os.path.join(self.dir, "postgres.log"), "-o", opts, "-w", "-t", "120",
                         "start"], timeout=180)
        if r.returncode != 0:
            raise RuntimeError("postgres did not start: " + r.stderr + r.stdout)
        self.started = True
        self.psql = Psql(self.port, "postgres", "postgres")

    def stop(self):
        if self.started:
            self._as_pg([PG_BIN + "/pg_ctl", "-D", self.data, "stop", "-m", "fast", "-w",
                         "-t", "120"], timeout=180)
            self.started = False


class DuckDB:
    def __init__(self):
        self.proc = subprocess.Popen(["node", os.path.join(HERE, "duckdb_worker.mjs")],
                                     cwd=HERE, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)

    def call(self, **req):
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the DuckDB worker exited")
        ans = json.loads(line)
        if "error" in ans:
            raise RuntimeError(f"DuckDB: {ans['error']} (request {req})")
        return ans

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


def counts_of(rows):
    return {r[0]: int(r[1]) for r in rows}


def med(xs):
    return statistics.median(xs) if xs else None


def fmt_s(x):
    return "—" if x is None else f"{x:.2f} s"


def fmt_ms(x):
    return "—" if x is None else (f"{x:.1f} ms" if x < 1000 else f"{x / 1000:.2f} s")


def fmt_rate(x):
    if x is None:
        return "—"
    return f"{x / 1e6:.2f} M rows/s" if x >= 1e6 else f"{x / 1e3:.0f} k rows/s"


def fmt_ratio(x):
    return "—" if x is None else f"{x:.2f}×"

def _bars(ax, items):
    labels = [i[0] for i in items]
    meds = [statistics.median(i[1]) for i in items]
    lo = [m - min(i[1]) for m, i in zip(meds, items)]
    hi = [max(i[1]) - m for m, i in zip(meds, items)]
    xs = range(len(items))
    ax.bar(xs, meds, color=[i[2] for i in items], yerr=[lo, hi], capsize=4)
    ax.set_xticks(list(xs))
    ax.set_xticklabels(labels, fontsize=8)
    for x, v in zip(xs, meds):
        ax.annotate(f"{v:,.0f}" if v >= 100 else f"{v:.1f}", (x, v), ha="center",
                    va="bottom", fontsize=8, xytext=(0, 2), textcoords="offset points")
    ax.grid(axis="y", alpha=0.3)
