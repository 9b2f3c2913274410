#!/usr/bin/env bash
# Starts and stops a throwaway PostgreSQL 15 used as the differential oracle.
#
#   tests/oracle/postgres.sh start DIR PORT   initdb DIR/data if needed, start on 127.0.0.1:PORT,
#                                             unix socket in DIR, wait until it accepts queries
#   tests/oracle/postgres.sh stop DIR         fast shutdown; a no-op if nothing runs there
#
# The cluster: superuser `postgres`, trust auth, locale C, UTF8, TimeZone UTC, durability off
# (fsync etc.) because it only ever holds test data. Log in DIR/postgres.log.
# Works as root (postgres runs as the `postgres` OS user, which must be able to reach DIR)
# and as an ordinary user. Idempotent: start on a running cluster restarts it on PORT;
# a stale postmaster.pid from a killed run is handled by postgres itself.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

die() { echo "oracle/postgres.sh: $*" >&2; exit 1; }

# as_pg CMD...: runs CMD as the OS user that owns the cluster.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- env TZ=UTC LC_ALL=C "$@"
  else
    env TZ=UTC LC_ALL=C "$@"
  fi
}

# clear_stale_pidfile DIR: removes postmaster.pid when its process is gone or a zombie (a
# killed postmaster is never reaped in containers whose PID 1 does not wait for orphans).
clear_stale_pidfile() {
  local pidfile="$1/data/postmaster.pid" pid state
  [[ -f "$pidfile" ]] || return 0
  pid="$(head -n 1 "$pidfile")"
  state="$(ps -o stat= -p "$pid" 2>/dev/null || true)"
  if [[ -z "$state" || "$state" == Z* ]]; then
    rm -f "$pidfile"
  fi
}

is_running() {
  clear_stale_pidfile "$1"
  [[ -f "$1/data/PG_VERSION" ]] && as_pg "$PG_BIN/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

cmd_start() {
  local dir="$1" port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" \
      || die "the postgres OS user cannot write $dir (is a parent directory mode 0700?)"
  fi
  if is_running "$dir"; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" stop -m fast -w >/dev/null
  fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    rm -rf "$dir/data"
    as_pg "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust \
      --locale=C --encoding=UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  local opts="-c port=$port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir'"
  opts+=" -c TimeZone=UTC -c log_timezone=UTC -c fsync=off -c synchronous_commit=off"
  opts+=" -c full_page_writes=off -c max_connections=250"
  as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -o "$opts" -w -t 60 start \
    >/dev/null || { tail -n 30 "$dir/postgres.log" >&2; die "postgres did not start"; }
  for _ in $(seq 1 100); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
      return 0
    fi
    sleep 0.1
  done
  die "postgres started but does not answer on 127.0.0.1:$port"
}

cmd_stop() {
  local dir="$1"
  [[ -d "$dir" ]] || return 0
  if is_running "$dir"; then
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" stop -m fast -w -t 60 >/dev/null
  fi
}

case "${1:-}" in
  start) [[ $# -eq 3 ]] || die "usage: $0 start DIR PORT"; cmd_start "$2" "$3" ;;
  stop) [[ $# -eq 2 ]] || die "usage: $0 stop DIR"; cmd_stop "$2" ;;
  *) die "usage: $0 start DIR PORT | stop DIR" ;;
esac
