"""Plumbing shared by the client tests: the DSN they run against, Debian's python3 (whose
packages provide psycopg2, psycopg, SQLAlchemy and pandas), the raw protocol pieces of the
tests that talk to a server without a driver, and the closing line `N passed, M failed`
that the test command adds up."""

import os
import shlex
import struct
import sys
import unittest

DSN = os.environ.get("FIRN_DSN", "")
# FIRN_DSN as a dict: host, port, user, dbname.
PARAMS = dict(item.split("=", 1) for item in shlex.split(DSN))


def use_system_python():
    """Re-runs the current script under /usr/bin/python3 when another python3 (a pyenv one
    first on PATH, say) lacks the Debian packages. Returns only if that is not possible."""
    if sys.executable != "/usr/bin/python3" and os.path.exists("/usr/bin/python3"):
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])


def startup_packet(user, database, *settings):
    """A protocol 3.0 StartupMessage; `settings` are further (name, value) pairs."""
    body = struct.pack("!I", 196608)
    for key, value in (("user", user), ("database", database), *settings):
        body += key.encode() + b"\0" + value.encode() + b"\0"
    body += b"\0"
    return struct.pack("!I", len(body) + 4) + body


def read_messages(sock, until=b"Z", timeout=10):
    """Reads backend messages until one of type `until` (or EOF); returns [(type, body)]."""
    sock.settimeout(timeout)
    out, buf = [], b""
    while True:
        while len(buf) >= 5:
            kind = buf[:1]
            length = struct.unpack("!I", buf[1:5])[0]
            if len(buf) < 1 + length:
                break
            out.append((kind, buf[5:1 + length]))
            buf = buf[1 + length:]
            if kind == until:
                return out
        chunk = sock.recv(65536)
        if not chunk:
            return out
        buf += chunk


def error_fields(body):
    """An ErrorResponse/NoticeResponse body as {field code: text} ("C" is the SQLSTATE)."""
    fields = {}
    for part in body.split(b"\0"):
        if part:
            fields[chr(part[0])] = part[1:].decode()
    return fields


def run(case, needs_dsn=True) -> int:
    """Runs every test of the unittest class `case` (or those named on the command line),
    prints `N passed, M failed` last and returns the exit status."""
    if needs_dsn and not DSN:
        print("FIRN_DSN is not set\n0 passed, 1 failed")
        return 1
    names = sys.argv[1:]
    loader = unittest.defaultTestLoader
    suite = (loader.loadTestsFromNames(names, sys.modules[case.__module__]) if names
             else loader.loadTestsFromTestCase(case))
    result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    failed = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    return 1 if failed else 0
