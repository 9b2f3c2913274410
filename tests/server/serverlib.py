"""A `firn serve` process for tests that start servers of their own.

    server = Server(data_dir=None, *flags)   # a fresh temporary data folder unless given
    conn = server.connect()                  # psycopg2, autocommit
    server.kill()                            # SIGKILL, as a crash
    server.restart()                         # same port and data folder
    server.stop()                            # SIGTERM; returns the exit code
    oracle = OracleSchema(PG_DSN, "name")    # PostgreSQL in a fresh schema; oracle.close()
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "clients"))
import clientlib  # noqa: E402

try:
    import psycopg2
    import psycopg2.errors  # noqa: F401
except ImportError:  # Debian's python3 has the packages
    clientlib.use_system_python()
    raise

FIRN_BIN = os.environ.get("FIRN_BIN", "build/firn")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `firn serve` process on a free loopback port with its own data folder."""

    def __init__(self, *args, env=None, data_dir=None):
        self._tmp = None
        if data_dir is None:
            self._tmp = tempfile.TemporaryDirectory()
            data_dir = self._tmp.name
        self.data_dir = data_dir
        self.args = args
        self.env = env
        self.port = free_port()
        self.output = ""
        self._start()

    def _start(self):
        os.makedirs(self.data_dir, exist_ok=True)
        self.log_path = os.path.join(self.data_dir, "server.log")
        self.log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [FIRN_BIN, "serve", "--port", str(self.port), "--data", self.data_dir, *self.args],
            stdout=self.log, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, **(self.env or {})})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.close()
                raise RuntimeError("firn exited: " + self.read_log())
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("firn did not start listening")

    def read_log(self):
        with open(self.log_path) as f:
            return f.read()

    def connect(self, user="firn", password=None, dbname="firn"):
        kwargs = dict(host="127.0.0.1", port=self.port, user=user, dbname=dbname,
                      connect_timeout=10)
        if password is not None:
            kwargs["password"] = password
        conn = psycopg2.connect(**kwargs)
        conn.autocommit = True
        return conn

    def query(self, sql, args=None):
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, args)
                return cur.fetchall() if cur.description else None
        finally:
            conn.close()

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.log.close()

    def restart(self):
        self._start()

    def stop(self, cleanup=True):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.log.closed:
            self.log.close()
        if cleanup and self._tmp is not None:
            self._tmp.cleanup()
        return self.proc.returncode


class OracleSchema:
    """The PostgreSQL oracle (`dsn`), autocommit, working in a fresh schema `name` (dropped
    first if a killed run left it behind): `conn` is the connection; close() drops it."""

    def __init__(self, dsn, name):
        self.name = name
        self.conn = psycopg2.connect(dsn)
        self.conn.autocommit = True
        cur = self.conn.cursor()
        cur.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        cur.execute(f"CREATE SCHEMA {name}")
        cur.execute(f"SET search_path = {name}")

    def close(self):
        self.conn.cursor().execute(f"DROP SCHEMA IF EXISTS {self.name} CASCADE")
        self.conn.close()
