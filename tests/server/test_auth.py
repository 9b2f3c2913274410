#!/usr/bin/env python3
"""Authentication and start-up rules of `firn serve`, with real clients.

    FIRN_BIN=build/firn python3 tests/server/test_auth.py

Starts its own servers (loopback, temporary data folders) and checks:
  - with --password, the superuser authenticates with SCRAM-SHA-256; a wrong password is
    28P01; no password at all is refused;
  - CREATE ROLE ... LOGIN PASSWORD and ALTER ROLE ... PASSWORD give working logins;
  - without a password, trust works on loopback; listening on a non-loopback address
    without a password refuses to start (exit 2, a clear message);
  - a database other than "firn" is 3D000, an unknown role 28000;
  - SIGTERM shuts the server down cleanly (exit 0);
  - --max-connections: one session more gets FATAL 53300, the others keep working, a
    cancel request still gets through, and a freed place can be taken again.
Prints `N passed, M failed` last.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import FIRN_BIN, Server, clientlib, free_port, psycopg2  # noqa: E402


def sqlstate_of(fn):
    try:
        fn()
    except psycopg2.Error as e:
        return e.pgcode or str(e)
    return "ok"


class AuthTest(unittest.TestCase):

    def test_password_uses_scram_and_rejects_wrong_passwords(self):
        server = Server("--password", "s3cret")
        try:
            conn = server.connect(password="s3cret")
            with conn.cursor() as cur:
                cur.execute("SELECT current_user")
                self.assertEqual(cur.fetchone(), ("firn",))
            conn.close()
            with self.assertRaises(psycopg2.OperationalError) as wrong:
                server.connect(password="nope")
            self.assertIn("password authentication failed", str(wrong.exception))
            with self.assertRaises(psycopg2.OperationalError):
                server.connect(password="")
        finally:
            self.assertEqual(server.stop(), 0)

    def test_password_from_environment(self):
        server = Server(env={"FIRN_PASSWORD": "from-env"})
        try:
            server.connect(password="from-env").close()
            with self.assertRaises(psycopg2.OperationalError):
                server.connect(password="other")
        finally:
            server.stop()

    def test_created_roles_log_in_with_their_passwords(self):
        server = Server("--password", "admin")
        try:
            admin = server.connect(password="admin")
            with admin.cursor() as cur:
                cur.execute("CREATE ROLE alice LOGIN PASSWORD 'wonder'")
                cur.execute("CREATE ROLE bob PASSWORD 'nologin'")
            alice = server.connect(user="alice", password="wonder")
            with alice.cursor() as cur:
                cur.execute("SELECT current_user")
                self.assertEqual(cur.fetchone(), ("alice",))
                # Only superusers manage roles.
                self.assertEqual(sqlstate_of(lambda: cur.execute("CREATE ROLE eve")), "42501")
            alice.close()
            with self.assertRaises(psycopg2.OperationalError):
                server.connect(user="bob", password="nologin")
            with admin.cursor() as cur:
                cur.execute("ALTER ROLE alice PASSWORD 'changed'")
            with self.assertRaises(psycopg2.OperationalError):
                server.connect(user="alice", password="wonder")
            server.connect(user="alice", password="changed").close()
            admin.close()
        finally:
            server.stop()

    def test_trust_on_loopback_without_password(self):
        server = Server()
        try:
            conn = server.connect()
            with conn.cursor() as cur:
                cur.execute("SHOW server_version")
                self.assertIn("Firn", cur.fetchone()[0])
            conn.close()
            with self.assertRaises(psycopg2.OperationalError) as bad_db:
                server.connect(dbname="other")
            self.assertIn('database "other" does not exist', str(bad_db.exception))
            with self.assertRaises(psycopg2.OperationalError) as bad_role:
                server.connect(user="nobody")
            self.assertIn('role "nobody" does not exist', str(bad_role.exception))
        finally:
            self.assertEqual(server.stop(), 0)

    def test_max_connections_refuses_one_more_with_53300(self):
        server = Server("--max-connections", "3")
        conns = []
        try:
            conns = [server.connect() for _ in range(3)]
            with self.assertRaises(psycopg2.OperationalError) as refused:
                server.connect()
            self.assertIn("sorry, too many clients already", str(refused.exception))
            # The refusal as a client without libpq sees it: FATAL, SQLSTATE 53300.
            with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
                sock.sendall(clientlib.startup_packet("firn", "firn"))
                msgs = clientlib.read_messages(sock, until=b"E")
            self.assertEqual([kind for kind, _ in msgs], [b"E"], msgs)
            fields = clientlib.error_fields(msgs[0][1])
            self.assertEqual((fields["S"], fields["C"]), ("FATAL", "53300"), fields)
            for i, conn in enumerate(conns):  # the sessions in use go on
                with conn.cursor() as cur:
                    cur.execute("SELECT %s::int + 1", (i,))
                    self.assertEqual(cur.fetchone(), (i + 1,))
            # A cancel request still gets through while every place is taken.
            outcome = []

            def run_slow():
                try:
                    with conns[0].cursor() as cur:
                        cur.execute("SELECT count(*) FROM generate_series(1, 3000) a, "
                                    "generate_series(1, 3000) b, generate_series(1, 3000) c")
                    outcome.append("finished")
                except psycopg2.Error as e:
                    outcome.append(e.pgcode)

            slow = threading.Thread(target=run_slow)
            slow.start()
            time.sleep(0.5)
            conns[0].cancel()
            slow.join(60)
            self.assertEqual(outcome, ["57014"])
            conns.pop().close()
            # The server frees the place once it has seen the Terminate.
            deadline = time.monotonic() + 10
            while True:
                try:
                    conns.append(server.connect())
                    break
                except psycopg2.OperationalError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            with conns[-1].cursor() as cur:
                cur.execute("SELECT 42")
                self.assertEqual(cur.fetchone(), (42,))
        finally:
            for conn in conns:
                conn.close()
            self.assertEqual(server.stop(), 0)

    def test_non_loopback_without_password_refuses_to_start(self):
        with tempfile.TemporaryDirectory() as data:
            proc = subprocess.run(
                [FIRN_BIN, "serve", "--listen", "0.0.0.0", "--port", str(free_port()),
                 "--data", data],
                capture_output=True, text=True, timeout=20,
                env={k: v for k, v in os.environ.items() if k != "FIRN_PASSWORD"})
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertIn("password", (proc.stdout + proc.stderr).lower())

    def test_help_and_bad_flags(self):
        out = subprocess.run([FIRN_BIN, "serve", "--help"], capture_output=True, text=True,
                             timeout=20)
        self.assertEqual(out.returncode, 0)
        for flag in ("--listen", "--port", "--data", "--password", "--log-level",
                     "--max-connections"):
            self.assertIn(flag, out.stdout)
        bad = subprocess.run([FIRN_BIN, "serve", "--port", "notanumber"], capture_output=True,
                             text=True, timeout=20)
        self.assertNotEqual(bad.returncode, 0)


if __name__ == "__main__":
    sys.exit(clientlib.run(AuthTest, needs_dsn=False))
