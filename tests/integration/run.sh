#!/usr/bin/env bash
# The integration phase of the test command.
#
#   tests/integration/run.sh [FILE.test ...]      default: every tests/sqllogic/**/*.test
#
# Starts a throwaway PostgreSQL 15 oracle, then
#   1. runs the sqllogic runner over the .test files against the oracle and against Firn
#      (a fresh Firn server and data dir per file),
#   2. runs the real-client tests (tests/clients/test_*.py) against the oracle (which proves
#      the tests themselves) and against one fresh Firn server,
#   3. runs tests/server/test_*.py, which start Firn servers of their own (auth, flags).
# Everything lives under one mktemp -d that is removed on exit; both servers are stopped
# whatever happens. Stdout ends with one line `N passed, M failed` summing all phases;
# the exit status is non-zero if anything failed.
#
# Environment: FIRN_BIN (default build/firn). If it does not exist, the Firn engine is
# skipped with a loud message: oracle files still run against PostgreSQL, Firn-only files
# count as failed, and the client tests run against PostgreSQL only.
# PYTHON overrides the interpreter (it needs psycopg2 and psycopg).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FIRN_BIN="${FIRN_BIN:-$ROOT/build/firn}"
PHASE_TIMEOUT="${PHASE_TIMEOUT:-900}"

pick_python() {
  local candidate
  for candidate in ${PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c 'import psycopg2, psycopg' 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "integration: no python3 with psycopg2 and psycopg (scripts/install-deps.sh --test)" >&2
  exit 1
}
PY="$(pick_python)"
ARG_FILES=()
for arg in "$@"; do
  [[ -f "$arg" ]] || { echo "integration: no such test file: $arg" >&2; exit 2; }
  arg="$(realpath -- "$arg")"
  ARG_FILES+=("${arg#"$ROOT/"}")
done
cd "$ROOT"  # so the runner reports tests/sqllogic/... paths

WORK="$(mktemp -d -t firn-integration.XXXXXX)"
chmod 755 "$WORK"  # the postgres OS user must reach the oracle's directory
FIRN_PID=""

# stop_firn: SIGTERM to the Firn server's process group, SIGKILL if it lingers past 10 s.
stop_firn() {
  [[ -n "$FIRN_PID" ]] || return 0
  kill -TERM -- "-$FIRN_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$FIRN_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$FIRN_PID" 2>/dev/null || true
  wait "$FIRN_PID" 2>/dev/null || true
  FIRN_PID=""
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  stop_firn
  "$ROOT/tests/oracle/postgres.sh" stop "$WORK/pg" >&2 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_for_dsn DSN SECONDS PID: succeeds once DSN accepts a connection; fails after SECONDS
# or as soon as process PID has exited.
wait_for_dsn() {
  "$PY" - "$@" <<'EOF'
import sys, time, psycopg2
dsn, seconds, pid = sys.argv[1], float(sys.argv[2]), sys.argv[3]

def alive():
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False

deadline = time.monotonic() + seconds
while True:
    try:
        psycopg2.connect(dsn, connect_timeout=2).close()
        break
    except psycopg2.OperationalError:
        if time.monotonic() > deadline or not alive():
            sys.exit(1)
        time.sleep(0.05)
EOF
}

TOTAL_PASSED=0
TOTAL_FAILED=0
STATUS=0

# run_phase NAME CMD...: runs CMD (its output shown as it comes), adds its final
# `N passed, M failed` line to the totals; a phase without that line counts one failure.
run_phase() {
  local name="$1" log="$WORK/phase.log" rc=0 summary
  shift
  echo "== $name"
  timeout "$PHASE_TIMEOUT" "$@" 2>&1 | tee "$log" || rc=$?
  summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1 || true)"
  if [[ -z "$summary" ]]; then
    echo "integration: phase '$name' ended (status $rc) without a summary line"
    TOTAL_FAILED=$((TOTAL_FAILED + 1))
    STATUS=1
    return
  fi
  local passed="${summary%% passed*}" failed
  failed="${summary#*passed, }"
  failed="${failed%% failed}"
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  if ((rc != 0 || failed != 0)); then STATUS=1; fi
}

# --- the PostgreSQL oracle
PG_PORT="$(free_port)"
"$ROOT/tests/oracle/postgres.sh" start "$WORK/pg" "$PG_PORT"
PG_DSN="host=127.0.0.1 port=$PG_PORT user=postgres dbname=postgres"

if [[ -x "$FIRN_BIN" ]]; then
  HAVE_FIRN=1
else
  HAVE_FIRN=0
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
  echo "!!! FIRN ENGINE SKIPPED: $FIRN_BIN does not exist or is not executable."
  echo "!!! Only the PostgreSQL oracle runs; Firn-only .test files count as FAILED."
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
fi

# --- 1. sqllogic files
if ((${#ARG_FILES[@]})); then
  TEST_FILES=("${ARG_FILES[@]}")
else
  mapfile -t TEST_FILES < <(find tests/sqllogic -name '*.test' | sort)
fi
# FIRN_SQL_TIMEOUT: seconds a statement may take (a sanitizer build is many times slower).
RUNNER=("$PY" "$ROOT/tests/sqllogic/runner.py" --work-dir "$WORK" --engine "postgres=$PG_DSN"
        --timeout "${FIRN_SQL_TIMEOUT:-30}")
if ((HAVE_FIRN)); then
  RUNNER+=(--engine "firn=host=127.0.0.1 port={port} user=firn dbname=firn"
           --server-cmd "firn=$FIRN_BIN serve --listen 127.0.0.1 --port {port} --data {data}")
fi
run_phase "sqllogic" "${RUNNER[@]}" "${TEST_FILES[@]}"

# --- 2. real clients
CLIENT_TESTS=("$ROOT"/tests/clients/test_*.py)
for test in "${CLIENT_TESTS[@]}"; do
  FIRN_DSN="$PG_DSN" run_phase "$(basename "$test") on postgres" "$PY" "$test"
done
if ((HAVE_FIRN)); then
  FIRN_PORT="$(free_port)"
  mkdir -p "$WORK/firn-clients"
  # setsid: its own process group, so stop_firn reaches everything it started
  setsid "$FIRN_BIN" serve --listen 127.0.0.1 --port "$FIRN_PORT" --data "$WORK/firn-clients" \
    >"$WORK/firn-clients.log" 2>&1 &
  FIRN_PID=$!
  FIRN_DSN="host=127.0.0.1 port=$FIRN_PORT user=firn dbname=firn"
  if wait_for_dsn "$FIRN_DSN" 30 "$FIRN_PID"; then
    for test in "${CLIENT_TESTS[@]}"; do
      FIRN_DSN="$FIRN_DSN" run_phase "$(basename "$test") on firn" "$PY" "$test"
    done
  else
    echo "integration: Firn did not accept connections on port $FIRN_PORT; its log:"
    tail -n 30 "$WORK/firn-clients.log" || true
    TOTAL_FAILED=$((TOTAL_FAILED + ${#CLIENT_TESTS[@]}))
    STATUS=1
  fi
  stop_firn
fi

# --- 3. servers the tests start themselves (authentication, start-up rules, shutdown,
#        feature views against the PostgreSQL oracle)
if ((HAVE_FIRN)); then
  for test in "$ROOT"/tests/server/test_*.py; do
    FIRN_BIN="$FIRN_BIN" PG_DSN="$PG_DSN" run_phase "$(basename "$test")" "$PY" "$test"
  done
fi

echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
exit "$STATUS"
