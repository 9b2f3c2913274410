#!/usr/bin/env python3
"""Server robustness with real clients and raw sockets, against env FIRN_DSN.

    FIRN_DSN='host=127.0.0.1 port=5433 user=firn dbname=firn' python3 tests/clients/test_server_robustness.py

Covers: 200 concurrent connections; a slow query in one session does not stall another,
nor do more slow queries, COPYs waiting for their data and silent new connections than
the machine has cores; a message that arrives in pieces;
CancelRequest cancels a running query (57014) and the session stays usable; malformed and
oversized messages get a FATAL 08P01 and only that connection closes; garbage before the
startup packet; a connection dropped mid-query. Runs against PostgreSQL too, which proves
the expectations. Prints `N passed, M failed` last.
"""

import os
import socket
import struct
import sys
import threading
import time
import unittest


import clientlib
try:
    import psycopg2
    import psycopg2.errors
    import psycopg2.extensions
except ImportError:  # Debian's python3 has the packages
    clientlib.use_system_python()
    raise

DSN = clientlib.DSN
PARAMS = clientlib.PARAMS
HOST = PARAMS.get("host", "127.0.0.1")
PORT = int(PARAMS.get("port", "5432"))
USER = PARAMS.get("user", "firn")
DBNAME = PARAMS.get("dbname", "firn")

# A query that runs for many seconds on either server, and can be cancelled.
SLOW_QUERY = ("SELECT count(*) FROM generate_series(1, 3000) a, generate_series(1, 3000) b, "
              "generate_series(1, 3000) c")


def connect():
    conn = psycopg2.connect(DSN, connect_timeout=10)
    conn.autocommit = True
    return conn


def startup_packet(*settings):
    return clientlib.startup_packet(USER, DBNAME, *settings)


read_messages = clientlib.read_messages
error_fields = clientlib.error_fields


def send_query(sock, sql):
    query = sql.encode() + b"\0"
    sock.sendall(b"Q" + struct.pack("!I", len(query) + 4) + query)


def raw_session(*settings):
    """A raw socket past authentication (trust), at ReadyForQuery; `settings` are
    (name, value) pairs for the startup packet."""
    sock = socket.create_connection((HOST, PORT), timeout=10)
    sock.sendall(startup_packet(*settings))
    msgs = read_messages(sock)
    assert msgs and msgs[-1][0] == b"Z", msgs
    return sock


class RobustnessTest(unittest.TestCase):

    def assertServerServes(self):
        with connect() as conn, conn.cursor() as cur:
            cur.execute("SELECT 40 + 2")
            self.assertEqual(cur.fetchone(), (42,))

    def test_two_hundred_concurrent_connections(self):
        conns = []
        try:
            for _ in range(200):
                conns.append(connect())
            results = [None] * len(conns)

            def run(i):
                with conns[i].cursor() as cur:
                    cur.execute("SELECT %s::int * 2", (i,))
                    results[i] = cur.fetchone()[0]

            threads = [threading.Thread(target=run, args=(i,)) for i in range(len(conns))]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            self.assertEqual(results, [i * 2 for i in range(200)])
        finally:
            for c in conns:
                c.close()

    def test_slow_query_does_not_stall_others_and_cancel_works(self):
        slow = connect()
        outcome = {}

        def run_slow():
            try:
                with slow.cursor() as cur:
                    cur.execute(SLOW_QUERY)
                outcome["result"] = "finished"
            except psycopg2.errors.QueryCanceled as e:
                outcome["result"] = e.pgcode

        thread = threading.Thread(target=run_slow)
        thread.start()
        time.sleep(0.5)
        # Another session answers while the slow one is still running.
        with connect() as other, other.cursor() as cur:
            cur.execute("SELECT 1")
            self.assertEqual(cur.fetchone(), (1,))
        self.assertTrue(thread.is_alive(), "the slow query finished too early to test")
        slow.cancel()  # a real CancelRequest on a new connection, with the backend key
        thread.join(30)
        self.assertFalse(thread.is_alive(), "cancel did not stop the query")
        self.assertEqual(outcome.get("result"), "57014")
        with slow.cursor() as cur:  # the cancelled session is still usable
            cur.execute("SELECT 'still here'")
            self.assertEqual(cur.fetchone(), ("still here",))
        slow.close()

    def test_many_waiting_statements_do_not_stall_a_new_session(self):
        # More sessions holding a statement open than the machine has cores (the server
        # serves connections on about one worker per core): slow queries, COPYs whose
        # client has sent no data yet, and connections that have not even sent their
        # startup packet. A new session must still connect and be answered.
        n = (os.cpu_count() or 2) + 2
        setup = connect()
        with setup.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS waiting_copy")
            cur.execute("CREATE TABLE waiting_copy (session int, v text)")
        slow = [connect() for _ in range(n)]
        outcomes = [None] * n

        def run_slow(i):
            try:
                with slow[i].cursor() as cur:
                    cur.execute(SLOW_QUERY)
                outcomes[i] = "finished"
            except psycopg2.errors.QueryCanceled as e:
                outcomes[i] = e.pgcode

        threads = [threading.Thread(target=run_slow, args=(i,)) for i in range(n)]
        copies, silent = [], []
        try:
            for t in threads:
                t.start()
            for i in range(n):
                sock = raw_session()
                send_query(sock, "COPY waiting_copy FROM STDIN")
                self.assertEqual([m[0] for m in read_messages(sock, until=b"G")], [b"G"])
                copies.append(sock)
            for _ in range(n):
                silent.append(socket.create_connection((HOST, PORT), timeout=10))
            time.sleep(0.5)
            with connect() as other, other.cursor() as cur:
                cur.execute("SELECT 40 + 2")
                self.assertEqual(cur.fetchone(), (42,))
            self.assertTrue(all(t.is_alive() for t in threads), "a slow query ended too early")
            # The COPYs finish and every row arrives.
            for i, sock in enumerate(copies):
                data = f"{i}\tfirst\n{i}\tsecond\n".encode()
                sock.sendall(b"d" + struct.pack("!I", len(data) + 4) + data)
                sock.sendall(b"c" + struct.pack("!I", 4))
                msgs = read_messages(sock)
                self.assertEqual([m[0] for m in msgs], [b"C", b"Z"], msgs)
                self.assertEqual(msgs[0][1], b"COPY 2\0")
        finally:
            # Cancel requests need the server too: if it is stuck, fail rather than hang.
            cancels = [threading.Thread(target=c.cancel, daemon=True) for c in slow]
            for t in cancels:
                t.start()
            for t in cancels + threads:
                t.join(30)
            for sock in copies + silent:
                sock.close()
            for c in slow:
                c.close()
        self.assertEqual(outcomes, ["57014"] * n)
        with setup.cursor() as cur:
            cur.execute("SELECT session, count(*) FROM waiting_copy GROUP BY 1 ORDER BY 1")
            self.assertEqual(cur.fetchall(), [(i, 2) for i in range(n)])
            cur.execute("DROP TABLE waiting_copy")
        setup.close()

    def test_message_arriving_in_pieces(self):
        sock = raw_session()
        query = b"SELECT 7 * 6\0"
        message = b"Q" + struct.pack("!I", len(query) + 4) + query
        for piece in (message[:3], message[3:9], message[9:]):
            sock.sendall(piece)
            time.sleep(0.2)
        msgs = read_messages(sock)
        self.assertEqual([m[0] for m in msgs], [b"T", b"D", b"C", b"Z"])
        self.assertIn(b"42", msgs[1][1])
        sock.close()

    def test_unknown_message_type_is_fatal_for_that_connection_only(self):
        sock = raw_session()
        sock.sendall(b"\x01" + struct.pack("!I", 8) + b"junk")
        msgs = read_messages(sock, until=b"E")
        self.assertTrue(msgs and msgs[-1][0] == b"E", msgs)
        fields = error_fields(msgs[-1][1])
        self.assertEqual(fields.get("S"), "FATAL")
        self.assertEqual(fields.get("C"), "08P01")
        sock.close()
        self.assertServerServes()

    def test_message_length_shorter_than_header_closes_the_connection(self):
        sock = raw_session()
        sock.sendall(b"Q" + struct.pack("!I", 2))
        msgs = read_messages(sock, until=b"E")
        # PostgreSQL just closes; Firn says why first (FATAL 08P01). Either way: closed.
        if msgs:
            self.assertEqual(msgs[-1][0], b"E", msgs)
            self.assertEqual(error_fields(msgs[-1][1]).get("C"), "08P01")
            self.assertEqual(read_messages(sock), [])
        sock.close()
        self.assertServerServes()

    def test_oversized_startup_packet_is_rejected(self):
        sock = socket.create_connection((HOST, PORT), timeout=10)
        sock.sendall(struct.pack("!I", 0x7FFFFFF0) + struct.pack("!I", 196608))
        sock.settimeout(10)
        try:
            data = sock.recv(65536)
        except ConnectionResetError:
            data = b""
        # Either an ErrorResponse or a closed connection; never a hang.
        self.assertTrue(data == b"" or data[:1] == b"E", data[:50])
        sock.close()
        self.assertServerServes()

    def test_garbage_instead_of_startup(self):
        sock = socket.create_connection((HOST, PORT), timeout=10)
        sock.sendall(os.urandom(64))
        sock.settimeout(10)
        try:
            while sock.recv(65536):
                pass
        except (ConnectionResetError, socket.timeout):
            pass
        sock.close()
        self.assertServerServes()

    def test_client_vanishing_mid_query_leaves_server_serving(self):
        # PostgreSQL notices the client gone only when it sends the result: the timeout
        # keeps an oracle kept running by hand from counting for tens of minutes.
        sock = raw_session(("statement_timeout", "60s"))
        query = SLOW_QUERY.encode() + b"\0"
        sock.sendall(b"Q" + struct.pack("!I", len(query) + 4) + query)
        sock.close()
        self.assertServerServes()

    def test_error_then_ready_keeps_session(self):
        sock = raw_session()
        query = b"SELECT 1/0\0"
        sock.sendall(b"Q" + struct.pack("!I", len(query) + 4) + query)
        msgs = read_messages(sock)
        kinds = [m[0] for m in msgs]
        self.assertIn(b"E", kinds)
        self.assertEqual(kinds[-1], b"Z")
        self.assertEqual(error_fields(dict(msgs)[b"E"]).get("C"), "22012")
        query = b"SELECT 2\0"
        sock.sendall(b"Q" + struct.pack("!I", len(query) + 4) + query)
        kinds = [m[0] for m in read_messages(sock)]
        self.assertEqual(kinds, [b"T", b"D", b"C", b"Z"])
        sock.close()



if __name__ == "__main__":
    sys.exit(clientlib.run(RobustnessTest))
