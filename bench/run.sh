#!/usr/bin/env bash
# Firn's benchmark against its peers, one command (see bench/README.md):
#
#   bench/run.sh [--scale small|default] [--seed N] [--keep] [--ingest-rounds N]
#                [--scan-rounds N] [--feature-rounds N] [--lookup-seconds S] [--train-labels N]
#                [--pg-train-labels N]
#
# Installs what is missing (Debian: postgresql, postgresql-client, redis-server,
# python3-numpy, python3-matplotlib; npm: @duckdb/node-api into bench/node_modules from the
# lock file), generates the "fraud" workload under a temporary folder, starts Firn
# ($FIRN_BIN, default build/firn), PostgreSQL 15 and Redis on free loopback ports, runs
# DuckDB in-process through Node, measures, stops every server (also on failure or Ctrl-C)
# and writes bench/results/<date>-<scale>.md, .json, .png and -cdf.png.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
FIRN_BIN="${FIRN_BIN:-$ROOT/build/firn}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PY=/usr/bin/python3   # Debian's, where python3-numpy and python3-matplotlib live
KEEP=0
ARGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --keep) KEEP=1; shift ;;
    --scale|--seed|--ingest-rounds|--scan-rounds|--feature-rounds|--lookup-seconds|--train-labels|--pg-train-labels)
      [[ $# -ge 2 ]] || { echo "run.sh: $1 needs a value" >&2; exit 2; }
      ARGS+=("$1" "$2"); shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

say() { echo "[run.sh] $*" >&2; }

[[ -x "$FIRN_BIN" ]] || { say "no Firn binary at $FIRN_BIN (build it, or set FIRN_BIN)"; exit 1; }
FIRN_BIN="$(cd "$(dirname "$FIRN_BIN")" && pwd)/$(basename "$FIRN_BIN")"

# --- dependencies, installed only when missing --------------------------------------------
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
missing=()
[[ -x "$PG_BIN/postgres" && -x "$PG_BIN/initdb" ]] || missing+=(postgresql)
command -v psql >/dev/null || missing+=(postgresql-client)
[[ -x "$PG_BIN/pgbench" ]] || missing+=(postgresql)   # pgbench is in postgresql-15
{ command -v redis-server && command -v redis-benchmark; } >/dev/null || missing+=(redis-server)
[[ -x "$PY" ]] && "$PY" -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)
[[ -x "$PY" ]] && "$PY" -c 'import matplotlib' 2>/dev/null || missing+=(python3-matplotlib)
if [[ ${#missing[@]} -gt 0 ]]; then
  say "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v node >/dev/null || { say "node (>= 18) is needed for DuckDB's @duckdb/node-api"; exit 1; }
# npm ci when node_modules is absent or older than the lock file.
stamp="$BENCH/node_modules/.package-lock.json"
if [[ ! -f "$stamp" || "$BENCH/package-lock.json" -nt "$stamp" \
      || ! -d "$BENCH/node_modules/@duckdb/node-api" ]]; then
  say "npm ci --prefix bench"
  npm ci --prefix "$BENCH" --no-audit --no-fund >/dev/null
fi

# --- a temporary folder for all data; servers stopped on any exit -------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/firn-bench.XXXXXX")"
cleanup() {
  local rc=$?
  # bench.py stops its servers itself; this catches what a hard failure left behind.
  local pidf
  for pidf in "$WORK/firn.pid" "$WORK/firn-fv.pid"; do   # the ingest-with-view server too
    [[ -f "$pidf" ]] || continue
    local pid; pid="$(cat "$pidf")"
    if kill -0 "$pid" 2>/dev/null && grep -q "serve" "/proc/$pid/cmdline" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [[ -f "$WORK/redis.pid" ]]; then
    local rpid; rpid="$(cat "$WORK/redis.pid")"
    if kill -0 "$rpid" 2>/dev/null && grep -q "redis-server" "/proc/$rpid/cmdline" 2>/dev/null; then
      kill -TERM "$rpid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$rpid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$rpid" 2>/dev/null || true
    fi
  fi
  if [[ -f "$WORK/pg/data/postmaster.pid" ]]; then
    if [[ $(id -u) -eq 0 ]]; then
      runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg/data" stop -m fast -w -t 60 \
        >/dev/null 2>&1 || true
    else
      "$PG_BIN/pg_ctl" -D "$WORK/pg/data" stop -m fast -w -t 60 >/dev/null 2>&1 || true
    fi
  fi
  if [[ $KEEP -eq 1 ]]; then say "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
BENCH_PID=""
on_signal() {
  # Let bench.py stop its servers (its finally), then clean up what is left.
  if [[ -n "$BENCH_PID" ]] && kill -0 "$BENCH_PID" 2>/dev/null; then
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  exit 130
}
trap cleanup EXIT
trap on_signal INT TERM

# In the background + wait, so that a signal reaches the trap at once.
PG_BIN="$PG_BIN" "$PY" "$BENCH/bench.py" --firn-bin "$FIRN_BIN" --work "$WORK" \
  --results "$BENCH/results" "${ARGS[@]}" &
BENCH_PID=$!
wait "$BENCH_PID"
