#!/usr/bin/env python3
"""idle_in_transaction_session_timeout and idle_session_timeout, in Firn and in PostgreSQL.

    PG_DSN='host=127.0.0.1 port=55432 user=postgres dbname=postgres' \
        FIRN_BIN=build/firn python3 tests/server/test_idle_timeouts.py

A session that waits for its client longer than the timeout that applies to it (inside a
transaction block or outside one) is ended by the server, which says why first: a FATAL
error 25P03 or 57P05 arrives unasked, then the connection closes, and the open
transaction is rolled back. A client that keeps talking keeps its session, and each
timeout applies only in its own state. Every case runs on raw sockets against Firn and
against PostgreSQL. Prints `N passed, M failed` last.
"""

import os
import socket
import struct
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import OracleSchema, Server, clientlib, psycopg2  # noqa: E402

PG_DSN = os.environ.get("PG_DSN", "")


def dsn_fields(dsn):
    return dict(part.split("=", 1) for part in dsn.split())


class Session:
    """A raw protocol session: simple queries, and what the server sends unasked."""

    def __init__(self, host, port, user, dbname, *settings):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.sendall(clientlib.startup_packet(user, dbname, *settings))
        msgs = clientlib.read_messages(self.sock)
        assert msgs and msgs[-1][0] == b"Z", msgs

    def query(self, sql):
        """Runs `sql`; returns the transaction status of the ReadyForQuery that ends it."""
        body = sql.encode() + b"\0"
        self.sock.sendall(b"Q" + struct.pack("!I", len(body) + 4) + body)
        msgs = clientlib.read_messages(self.sock)
        errors = [clientlib.error_fields(b) for t, b in msgs if t == b"E"]
        assert not errors, errors
        assert msgs and msgs[-1][0] == b"Z", msgs
        return msgs[-1][1].decode()

    def wait_for_end(self, timeout):
        """What the server sends before it closes the connection (it must, within `timeout`
        seconds), as [(type, body)]; the list ends with EOF."""
        return clientlib.read_messages(self.sock, until=None, timeout=timeout)

    def close(self):
        self.sock.close()


class IdleTimeoutsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        pg = dsn_fields(PG_DSN)
        cls.engines = {
            "firn": ("127.0.0.1", cls.server.port, "firn", "firn"),
            "postgres": (pg.get("host", "127.0.0.1"), int(pg.get("port", 5432)),
                         pg.get("user", "postgres"), pg.get("dbname", "postgres")),
        }
        cls.oracle = OracleSchema(PG_DSN, "idle_timeouts")
        cls.pg = cls.oracle.conn
        cls.server.query("CREATE SCHEMA idle_timeouts")
        for create in (cls.pg.cursor().execute, cls.server.query):
            create("CREATE TABLE idle_timeouts.rows (a int)")

    @classmethod
    def tearDownClass(cls):
        cls.oracle.close()
        cls.server.stop()

    def each_engine(self):
        for name, address in self.engines.items():
            with self.subTest(engine=name):
                yield name, address

    def assert_ended_with(self, messages, sqlstate, message):
        self.assertEqual([t for t, _ in messages], [b"E"], messages)
        fields = clientlib.error_fields(messages[0][1])
        self.assertEqual((fields["S"], fields["C"], fields["M"]), ("FATAL", sqlstate, message))

    def count_rows(self, name):
        if name == "firn":
            return self.server.query("SELECT count(*) FROM idle_timeouts.rows")[0][0]
        cur = self.pg.cursor()
        cur.execute("SELECT count(*) FROM idle_timeouts.rows")
        return cur.fetchone()[0]

    def test_idle_in_transaction_ends_the_session_and_rolls_back(self):
        for name, address in self.each_engine():
            s = Session(*address)
            self.assertEqual(s.query("SET idle_in_transaction_session_timeout = '300ms'"), "I")
            self.assertEqual(s.query("BEGIN"), "T")
            self.assertEqual(s.query("INSERT INTO idle_timeouts.rows VALUES (1)"), "T")
            started = time.monotonic()
            self.assert_ended_with(s.wait_for_end(10), "25P03",
                                   "terminating connection due to idle-in-transaction timeout")
            self.assertGreaterEqual(time.monotonic() - started, 0.25)
            s.close()
            self.assertEqual(self.count_rows(name), 0)

    def test_a_failed_transaction_block_is_idle_in_transaction_too(self):
        for _, address in self.each_engine():
            s = Session(*address, ("idle_in_transaction_session_timeout", "200"))
            self.assertEqual(s.query("BEGIN"), "T")
            body = b"SELECT 1/0\0"
            s.sock.sendall(b"Q" + struct.pack("!I", len(body) + 4) + body)
            msgs = clientlib.read_messages(s.sock)
            self.assertEqual(msgs[-1], (b"Z", b"E"))
            self.assert_ended_with(s.wait_for_end(10), "25P03",
                                   "terminating connection due to idle-in-transaction timeout")
            s.close()

    def test_idle_session_timeout_ends_a_session_idle_outside_a_transaction(self):
        for _, address in self.each_engine():
            s = Session(*address, ("idle_session_timeout", "300"))
            self.assertEqual(s.query("SHOW idle_session_timeout"), "I")
            self.assert_ended_with(s.wait_for_end(10), "57P05",
                                   "terminating connection due to idle-session timeout")
            s.close()

    def test_a_client_that_keeps_talking_keeps_its_session(self):
        for _, address in self.each_engine():
            s = Session(*address, ("idle_session_timeout", "400"),
                        ("idle_in_transaction_session_timeout", "400"))
            for status in ("I", "T"):
                if status == "T":
                    s.query("BEGIN")
                for _ in range(8):  # 1.6 s in all, never 0.4 s silent
                    time.sleep(0.2)
                    self.assertEqual(s.query("SELECT 1"), status)
            s.query("COMMIT")
            s.close()

    def test_each_timeout_applies_only_in_its_own_state(self):
        for _, address in self.each_engine():
            # Only the in-transaction timeout: idle outside a transaction is fine.
            s = Session(*address, ("idle_in_transaction_session_timeout", "200"))
            time.sleep(0.6)
            self.assertEqual(s.query("SELECT 1"), "I")
            s.close()
            # Only the session timeout: idle inside a transaction is fine.
            s = Session(*address, ("idle_session_timeout", "300"))
            self.assertEqual(s.query("BEGIN"), "T")
            time.sleep(0.6)
            self.assertEqual(s.query("SELECT 1"), "T")
            s.query("ROLLBACK")
            s.close()

    def test_show_prints_the_timeouts_in_postgresqls_units(self):
        for name, address in self.each_engine():
            conn = (self.server.connect() if name == "firn" else psycopg2.connect(PG_DSN))
            cur = conn.cursor()
            cur.execute("SET idle_session_timeout = '90s'")
            cur.execute("SHOW idle_session_timeout")
            self.assertEqual(cur.fetchone(), ("90s",))
            cur.execute("SET idle_session_timeout = 60000")
            cur.execute("SHOW idle_session_timeout")
            self.assertEqual(cur.fetchone(), ("1min",))
            with self.assertRaises(psycopg2.Error) as caught:
                cur.execute("SET idle_session_timeout = '-1'")
            self.assertEqual(caught.exception.pgcode, "22023")
            conn.close()


if __name__ == "__main__":
    if not PG_DSN:
        print("!!! PG_DSN is not set: every test fails (it needs the PostgreSQL oracle)")
    sys.exit(clientlib.run(IdleTimeoutsTest, needs_dsn=False))
