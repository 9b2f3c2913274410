#!/usr/bin/env python3
"""sqllogictest runner for Firn whose engine is a real PostgreSQL client (psycopg2).

Usage
-----
    python3 tests/sqllogic/runner.py \\
        --engine postgres='host=127.0.0.1 port=5432 user=postgres dbname=postgres' \\
        --engine firn='host=127.0.0.1 port={port} user=firn dbname=firn' \\
        --server-cmd firn='build/firn serve --listen 127.0.0.1 --port {port} --data {data}' \\
        tests/sqllogic/basic/*.test

Prints one line per file, failure details (file:line, engine, SQL, expected vs actual),
the intended divergences, and finally exactly one line `N passed, M failed`, where N and M
count records, once per engine a record ran on. Exits 1 if anything failed, 2 on bad usage.

Engines and fresh state
-----------------------
``--engine NAME=DSN`` (repeatable) names an engine; NAME is what ``skipif``/``onlyif`` test
against (use ``firn`` and ``postgres``). Every file runs on one new connection (autocommit
on, so the file's own BEGIN/COMMIT are sent as written; simple query protocol) in a fresh
state, obtained one of two ways:

* server mode, when ``--server-cmd NAME=CMD`` (or ``--firn-cmd CMD``) is given: for each
  file the runner creates a fresh empty directory, picks a free port, starts CMD with
  ``{port}`` and ``{data}`` replaced, waits until the DSN (where ``{port}`` is replaced too)
  accepts connections, runs the file and stops the server's process group (SIGTERM, then
  SIGKILL after 10 s). The server's log tail is shown when the file fails. This is how
  Firn is tested: nothing leaks between files and Firn needs no CREATE DATABASE.
* database mode, otherwise: the runner connects to DSN, runs
  ``DROP DATABASE IF EXISTS sqllogic_<pid> WITH (FORCE)`` and ``CREATE DATABASE
  sqllogic_<pid>``, runs the file in that database and drops it. This is how the
  PostgreSQL oracle is used.

File format (DuckDB-style sqllogictest)
---------------------------------------
Records are separated by blank lines. Lines starting with ``#`` between records are
comments. Directives::

    # oracle: postgres
        File header line: the file runs on every engine given (Firn and the PostgreSQL
        oracle) with the same expectations, so PostgreSQL proves them. A file without it
        runs on ``firn`` only; if no ``firn`` engine is given its records count as FAILED
        (a Firn-only file is never silently passed).

    # divergence: <reason>
        Marks the next record as an intended difference from PostgreSQL. Its expectations
        are Firn's, so unless the record carries its own skipif/onlyif it is implicitly
        ``skipif postgres``. Divergences are counted and listed in the summary.

    skipif <engine>        / onlyif <engine>
        Lines directly before a record: skip the record on that engine / run it only there.

    statement ok
    <SQL, one or more lines>
        The SQL must succeed.

    statement error [SQLSTATE [message substring]]
    <SQL>
        The SQL must fail; with the SQLSTATE (5 characters) compared exactly and the
        substring looked for in the server's primary error message. DuckDB's form with
        the message after a ``----`` line is accepted too.

    query <types> [rowsort|valuesort|nosort] [label]
    <SQL>
    ----
    <expected rows, values separated by one TAB>
        One type letter per result column, checked against the column's type OID:
        B boolean, I int2/int4/int8, R float4/float8, N numeric,
        T text/varchar/bpchar/name/"char", D date, S timestamp, Z timestamptz,
        V interval, U uuid, A any array, ? anything.
        Values are PostgreSQL's text output format (booleans are t/f), ``NULL`` for null
        and ``(empty)`` for the empty string. ``rowsort`` sorts rows, ``valuesort`` sorts
        all values, ``nosort`` (default) compares in order -- use ORDER BY then.
        A query without ``----`` expects no rows.

    halt
        Stop reading the file here.

Only this much; no loops, no hashing, no connection labels. A statement that runs longer
than ``--timeout`` seconds (default 30) is cancelled and fails; in server mode the server
is killed if it does not answer the cancel within 5 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import psycopg2
    import psycopg2.extensions
except ImportError:  # e.g. a pyenv python3 first on PATH; Debian's has python3-psycopg2
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    sys.exit("runner.py: psycopg2 is not importable (apt-get install python3-psycopg2)")

# Return every built-in type (OIDs below FirstNormalObjectId) as the server's text output,
# not as a Python object: values are compared as PostgreSQL prints them.
_AS_TEXT = psycopg2.extensions.new_type(tuple(range(1, 16384)), "FIRN_TEXT", lambda v, c: v)
psycopg2.extensions.register_type(_AS_TEXT)

ARRAY_OIDS = {
    143, 199, 629, 651, 719, 791, 1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009,
    1010, 1011, 1012, 1013, 1014, 1015, 1016, 1017, 1018, 1019, 1020, 1021, 1022, 1027,
    1028, 1034, 1040, 1041, 1115, 1182, 1183, 1185, 1187, 1231, 1263, 1270, 2201, 2207,
    2211, 2949, 2951, 3221, 3643, 3644, 3645, 3735, 3770, 3807, 3905, 3907, 3909, 3911,
    3913, 3927, 4073, 4090, 4192, 6151, 6153,
}
TYPE_OIDS = {
    "B": {16},
    "I": {20, 21, 23},
    "R": {700, 701},
    "N": {1700},
    "T": {25, 1043, 1042, 19, 18},
    "D": {1082},
    "S": {1114},
    "Z": {1184},
    "V": {1186},
    "U": {2950},
    "J": {3802},  # jsonb
    "O": {114},  # json, kept as written
    "A": ARRAY_OIDS,
}
SORT_MODES = ("nosort", "rowsort", "valuesort")
SQLSTATE_RE = re.compile(r"^[0-9A-Z]{5}$")
MAX_SHOWN_ROWS = 40


class TestFileError(Exception):
    """A malformed .test file (reported as one failure at file:line)."""


class ConnectionLost(Exception):
    """The engine's connection (or server) went away; the rest of the file fails."""


class StatementTimeout(Exception):
    """A statement did not finish within the timeout (and was cancelled)."""


@dataclass
class Record:
    """One statement/query of a .test file."""

    kind: str  # "statement" or "query"
    line: int  # 1-based line of the record header
    sql: str
    expect_error: bool = False
    sqlstate: str | None = None
    message: str | None = None
    types: str = ""
    sort: str = "nosort"
    expected: list[str] = field(default_factory=list)
    skipif: set[str] = field(default_factory=set)
    onlyif: set[str] = field(default_factory=set)
    divergence: str | None = None

    def runs_on(self, engine: str) -> bool:
        """Whether the record's conditions allow running it on `engine`."""
        if engine in self.skipif:
            return False
        return not self.onlyif or engine in self.onlyif


@dataclass
class TestFile:
    """A parsed .test file."""

    path: str
    oracle: bool
    records: list[Record]


# ---------------------------------------------------------------------------- parsing


def parse_file(path: str) -> TestFile:
    """Parses a .test file; raises TestFileError on malformed input."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    oracle = False
    records: list[Record] = []
    skipif: set[str] = set()
    onlyif: set[str] = set()
    divergence: str | None = None
    i = 0
    while i < len(lines):
        raw = lines[i].rstrip("\r")
        stripped = raw.strip()
        i += 1
        if not stripped:
            continue
        if stripped.startswith("#"):
            body = stripped.lstrip("#").strip()
            if re.fullmatch(r"oracle:\s*postgres", body):
                oracle = True
            elif body.startswith("divergence:"):
                divergence = body[len("divergence:"):].strip() or "(no reason given)"
            continue
        words = stripped.split()
        if words[0] in ("skipif", "onlyif"):
            if len(words) != 2:
                raise TestFileError(f"{path}:{i}: expected '{words[0]} <engine>'")
            (skipif if words[0] == "skipif" else onlyif).add(words[1])
            continue
        if words[0] == "halt":
            break
        if words[0] not in ("statement", "query"):
            raise TestFileError(f"{path}:{i}: unknown directive '{stripped}'")
        record, i = _parse_record(path, lines, i, words)
        record.skipif, record.onlyif, record.divergence = skipif, onlyif, divergence
        if divergence and not skipif and not onlyif:
            record.skipif = {"postgres"}
        records.append(record)
        skipif, onlyif, divergence = set(), set(), None
    return TestFile(path, oracle, records)


def _parse_record(path: str, lines: list[str], i: int, words: list[str]) -> tuple[Record, int]:
    """Parses the record whose header (already split into `words`) is line i (1-based)."""
    header_line = i
    body: list[str] = []
    after: list[str] | None = None
    while i < len(lines) and lines[i].strip():
        text = lines[i].rstrip("\r")
        if text.strip() == "----" and after is None:
            after = []
        elif after is not None:
            after.append(text)
        else:
            body.append(text)
        i += 1
    if not body:
        raise TestFileError(f"{path}:{header_line}: record without SQL")
    record = Record(kind=words[0], line=header_line, sql="\n".join(body))
    if words[0] == "statement":
        _parse_statement_header(path, header_line, words, after, record)
    else:
        _parse_query_header(path, header_line, words, record)
        record.expected = after or []
    return record, i


def _parse_statement_header(path, line, words, after, record) -> None:
    """Fills `record` from 'statement ok' / 'statement error [SQLSTATE [message]]'."""
    if len(words) < 2 or words[1] not in ("ok", "error"):
        raise TestFileError(f"{path}:{line}: expected 'statement ok' or 'statement error'")
    if words[1] == "ok":
        if len(words) > 2 or after is not None:
            raise TestFileError(f"{path}:{line}: 'statement ok' takes no arguments or results")
        return
    record.expect_error = True
    rest = words[2:]
    if rest and SQLSTATE_RE.match(rest[0]):
        record.sqlstate = rest.pop(0)
    if rest:
        record.message = " ".join(rest)
    if after:
        record.message = "\n".join(after).strip()


def _parse_query_header(path, line, words, record) -> None:
    """Fills `record` from 'query <types> [sort] [label]'."""
    if len(words) < 2:
        raise TestFileError(f"{path}:{line}: 'query' needs column type letters")
    bad = [c for c in words[1] if c not in TYPE_OIDS and c != "?"]
    if bad:
        raise TestFileError(f"{path}:{line}: unknown column type letter(s) {''.join(bad)}")
    record.types = words[1]
    if len(words) > 2:
        if words[2] not in SORT_MODES:
            raise TestFileError(f"{path}:{line}: unknown sort mode '{words[2]}'")
        record.sort = words[2]


# ---------------------------------------------------------------------------- engines


def free_port() -> int:
    """Returns a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Engine:
    """An engine under test: a name, a DSN and how a file gets a fresh state."""

    def __init__(self, name: str, dsn: str, server_cmd: str | None, work_dir: str,
                 timeout: float):
        self.name = name
        self.dsn = dsn
        self.server_cmd = server_cmd
        self.work_dir = work_dir
        self.timeout = timeout
        self._proc: subprocess.Popen | None = None
        self._tmp: str | None = None
        self._db: str | None = None

    def open(self):
        """Prepares a fresh state and returns a new autocommit connection to it."""
        if self.server_cmd:
            return self._start_server()
        self._db = f"sqllogic_{os.getpid()}"
        self._admin(f"DROP DATABASE IF EXISTS {self._db} WITH (FORCE)",
                    f"CREATE DATABASE {self._db}")
        return self._connect(psycopg2.extensions.make_dsn(self.dsn, dbname=self._db))

    def close(self, conn) -> None:
        """Closes `conn` and discards the fresh state."""
        if conn is not None:
            conn.close()
        if self._db:
            self._admin(f"DROP DATABASE IF EXISTS {self._db} WITH (FORCE)")
            self._db = None
        self._stop_server()

    def server_log_tail(self, lines: int = 20) -> str:
        """The last lines of the server's log in server mode, else ''."""
        if not self._tmp:
            return ""
        try:
            text = Path(self._tmp, "server.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def _connect(self, dsn: str):
        conn = psycopg2.connect(dsn, connect_timeout=10)
        conn.autocommit = True
        return conn

    def _admin(self, *statements: str) -> None:
        conn = self._connect(self.dsn)
        try:
            with conn.cursor() as cur:
                for sql in statements:
                    cur.execute(sql)
        finally:
            conn.close()

    def _start_server(self):
        self._tmp = tempfile.mkdtemp(prefix=f"{self.name}-", dir=self.work_dir)
        data = os.path.join(self._tmp, "data")
        os.mkdir(data)
        port = free_port()
        argv = [a.format(port=port, data=data) for a in shlex.split(self.server_cmd)]
        with open(os.path.join(self._tmp, "server.log"), "wb") as log:
            self._proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, start_new_session=True)
        dsn = self.dsn.format(port=port)
        deadline = time.monotonic() + self.timeout
        while True:
            if self._proc.poll() is not None:
                raise ConnectionLost(f"server exited with status {self._proc.returncode} "
                                     f"during startup: {argv}")
            try:
                return self._connect(dsn)
            except psycopg2.OperationalError as e:
                if time.monotonic() > deadline:
                    raise ConnectionLost(f"server not accepting connections after "
                                         f"{self.timeout:.0f}s: {e}".strip()) from None
                time.sleep(0.05)

    def _stop_server(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
            except ProcessLookupError:
                proc.wait()
        if self._tmp:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    def kill_server(self) -> None:
        """Kills the server in server mode (used when a statement hangs)."""
        if self._proc is not None and self._proc.poll() is None:
            os.killpg(self._proc.pid, signal.SIGKILL)


# ---------------------------------------------------------------------------- running


def render(value) -> str:
    """A value as the runner compares it: text output, NULL, (empty)."""
    if value is None:
        return "NULL"
    if value == "":
        return "(empty)"
    return str(value)


def execute(engine: Engine, conn, sql: str):
    """Runs `sql`; returns (description, rows). A statement that exceeds the engine's
    timeout is cancelled, and the server killed (server mode) if it still does not return."""
    done = threading.Event()
    timed_out = threading.Event()

    def watchdog():
        if done.wait(engine.timeout):
            return
        timed_out.set()
        try:
            conn.cancel()
        except psycopg2.Error:
            pass
        if not done.wait(5):
            engine.kill_server()

    threading.Thread(target=watchdog, daemon=True).start()
    try:
        with conn.cursor() as cur:
            cur.execute(sql)
            rows = cur.fetchall() if cur.description is not None else []
            return cur.description, rows
    except psycopg2.Error as e:
        if timed_out.is_set():
            raise StatementTimeout(f"no answer within {engine.timeout:g}s "
                                   f"(cancelled): {one_line(e)}") from None
        raise
    finally:
        done.set()


def one_line(e: BaseException) -> str:
    """An exception's message with its whitespace collapsed."""
    return " ".join(str(e).split())


def indent(text: str, prefix: str = "    ") -> str:
    """`text` with every line prefixed."""
    return "\n".join(prefix + line for line in text.split("\n"))


def show_rows(rows: list[str]) -> str:
    """Rows for a failure message, truncated to MAX_SHOWN_ROWS."""
    shown = rows[:MAX_SHOWN_ROWS]
    if len(rows) > MAX_SHOWN_ROWS:
        shown.append(f"... ({len(rows) - MAX_SHOWN_ROWS} more)")
    return indent("\n".join(shown)) if shown else "    (no rows)"


def check_record(engine: Engine, conn, record: Record) -> str | None:
    """Runs one record; returns None if it passed, else what went wrong."""
    try:
        description, rows = execute(engine, conn, record.sql)
    except StatementTimeout as e:
        if conn.closed:
            raise ConnectionLost(str(e)) from None
        return str(e)
    except psycopg2.Error as e:
        if conn.closed or e.pgcode is None and isinstance(e, psycopg2.OperationalError):
            raise ConnectionLost(one_line(e)) from None
        return _check_error(record, e)
    if record.expect_error:
        want = record.sqlstate or "an error"
        return f"expected {want}, but the statement succeeded"
    if record.kind == "query":
        return _check_result(record, description, rows)
    return None


def _check_error(record: Record, e: psycopg2.Error) -> str | None:
    primary = e.diag.message_primary or str(e).strip()
    got = f"{e.pgcode}: {primary}"
    if not record.expect_error:
        return f"unexpected error {got}"
    if record.sqlstate and e.pgcode != record.sqlstate:
        return f"expected SQLSTATE {record.sqlstate}, got {got}"
    if record.message and record.message not in primary:
        return f"expected an error message containing {record.message!r}, got {got}"
    return None


def _check_result(record: Record, description, rows) -> str | None:
    if description is None:
        return "expected a result set, but the statement returned none"
    problems = []
    if len(description) != len(record.types):
        problems.append(f"expected {len(record.types)} columns, got {len(description)}")
    else:
        for i, (letter, col) in enumerate(zip(record.types, description)):
            if letter != "?" and col.type_code not in TYPE_OIDS[letter]:
                problems.append(f"column {i + 1} ({col.name}): expected type {letter}, "
                                f"got type OID {col.type_code}")
    actual = [[render(v) for v in row] for row in rows]
    expected = [line.split("\t") for line in record.expected]
    if record.sort == "rowsort":
        actual.sort()
        expected.sort()
    elif record.sort == "valuesort":
        actual = [[v] for v in sorted(v for row in actual for v in row)]
        expected = [[v] for v in sorted(v for row in expected for v in row)]
    if actual != expected:
        want = show_rows(["\t".join(r) for r in expected])
        got = show_rows(["\t".join(r) for r in actual])
        problems.append(f"expected ({len(expected)} rows):\n{want}\n"
                        f"  actual ({len(actual)} rows):\n{got}")
        bad_width = [r for r in expected if len(r) != len(record.types)]
        if bad_width and record.sort != "valuesort":
            problems.append("hint: some expected rows do not have one TAB-separated value "
                            "per column (spaces instead of TABs?)")
    return "\n  ".join(problems) if problems else None


@dataclass
class Outcome:
    """Counts for one file on one engine."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0


def run_on_engine(tf: TestFile, engine: Engine, failures: list[str]) -> Outcome:
    """Runs every record of `tf` on `engine` in a fresh state."""
    out = Outcome()
    todo = [r for r in tf.records if r.runs_on(engine.name)]
    out.skipped = len(tf.records) - len(todo)
    conn = None
    try:
        conn = engine.open()
        for n, record in enumerate(todo):
            try:
                problem = check_record(engine, conn, record)
            except ConnectionLost as e:
                lost = len(todo) - n
                out.failed += lost
                failures.append(_failure(tf, record, engine, f"connection lost: {e}; the "
                                         f"remaining {lost} record(s) count as failed"))
                break
            if problem is None:
                out.passed += 1
            else:
                out.failed += 1
                failures.append(_failure(tf, record, engine, problem))
    except (ConnectionLost, psycopg2.Error, OSError) as e:
        out.failed += len(todo) - out.passed - out.failed
        failures.append(f"{tf.path}: [{engine.name}] cannot prepare a fresh state: "
                        f"{str(e).strip()}")
    finally:
        if out.failed:
            tail = engine.server_log_tail()
            if tail:
                failures.append(f"{tf.path}: [{engine.name}] server log tail:\n{indent(tail)}")
        try:
            engine.close(conn)
        except psycopg2.Error as e:
            failures.append(f"{tf.path}: [{engine.name}] cleanup failed: {str(e).strip()}")
    return out


def _failure(tf: TestFile, record: Record, engine: Engine, problem: str) -> str:
    return (f"{tf.path}:{record.line}: [{engine.name}] {record.kind} failed\n"
            f"  SQL:\n{indent(record.sql)}\n  {problem}")


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engine", action="append", default=[], metavar="NAME=DSN",
                   help="engine to test (repeatable); DSN may contain {port} with --server-cmd")
    p.add_argument("--server-cmd", action="append", default=[], metavar="NAME=CMD",
                   help="start a fresh server per file; CMD may use {port} and {data}")
    p.add_argument("--firn-cmd", metavar="CMD", help="short for --server-cmd firn=CMD")
    p.add_argument("--work-dir", default=None, help="where server data dirs are created")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="seconds per statement and per server start (default 30)")
    p.add_argument("files", nargs="+")
    args = p.parse_args(argv)
    if not args.engine:
        p.error("at least one --engine NAME=DSN is required")
    return args


def split_pair(text: str, what: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        sys.exit(f"runner.py: {what} must look like NAME=VALUE, got {text!r}")
    return name, value


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    work_dir = args.work_dir or tempfile.mkdtemp(prefix="sqllogic-")
    cmds = dict(split_pair(c, "--server-cmd") for c in args.server_cmd)
    if args.firn_cmd:
        cmds["firn"] = args.firn_cmd
    engines = []
    for spec in args.engine:
        name, dsn = split_pair(spec, "--engine")
        engines.append(Engine(name, dsn, cmds.pop(name, None), work_dir, args.timeout))
    if cmds:
        sys.exit(f"runner.py: --server-cmd for unknown engine(s): {', '.join(cmds)}")

    total = Outcome()
    divergences: list[str] = []
    for path in args.files:
        failures: list[str] = []
        parts = []
        try:
            tf = parse_file(path)
        except (TestFileError, OSError, UnicodeDecodeError) as e:
            total.failed += 1
            print(f"FAIL {path}: {e}")
            continue
        divergences += [f"{path}:{r.line}: {r.divergence}" for r in tf.records if r.divergence]
        targets = engines if tf.oracle else [e for e in engines if e.name == "firn"]
        if not targets:
            n = len(tf.records)
            total.failed += n
            failures.append(f"{path}: Firn-only file (no '# oracle: postgres' header) and no "
                            f"'firn' engine: its {n} record(s) count as failed")
        for engine in targets:
            out = run_on_engine(tf, engine, failures)
            total.passed += out.passed
            total.failed += out.failed
            skipped = f", {out.skipped} skipped" if out.skipped else ""
            parts.append(f"{engine.name} {out.passed}/{out.passed + out.failed}{skipped}")
        status = "FAIL" if failures else "ok  "
        print(f"{status} {path}  [{'; '.join(parts) or 'not run'}]", flush=True)
        for f in failures:
            print(indent(f, "  "), flush=True)
    if divergences:
        print(f"{len(divergences)} intended divergence(s) from PostgreSQL:")
        for d in divergences:
            print(f"  {d}")
    if not args.work_dir:
        shutil.rmtree(work_dir, ignore_errors=True)
    print(f"{total.passed} passed, {total.failed} failed")
    return 1 if total.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
