#!/usr/bin/env python3
"""Independent readers read exactly what Firn serves, from Firn's Iceberg files.

    FIRN_BIN=build/firn /usr/bin/python3 tests/server/test_iceberg_readers.py

One Firn server writes five tables (every Firn type with edge values and NULLs, uuid too; a table
with several CHECKPOINTs, DELETEs and an UPDATE, so several snapshots, data files and
position-delete files; a table in a non-public schema; a table partitioned by
day(timestamptz) and bucket(N, bigint) with NULL partition values and deletes; a table
whose schema evolves: ALTER TABLE ADD COLUMN of bigint and int4[], then of timestamptz
and numeric(8,2), between checkpoints, with inserts, UPDATEs of old rows and DELETEs,
and a last ADD COLUMN boolean after which no row changes, so the shutdown commits a
schema-only metadata version). Firn's `SELECT * ... ORDER BY id` and its column names
and types are recorded after every CHECKPOINT (keyed by the snapshot that CHECKPOINT
committed) and at the end; the server is then stopped with SIGTERM (its final checkpoint
commits the rest) so nothing runs while the readers read.

A snapshot is read with the schema its `schema-id` names (the current schema if it had
none; Firn writes one), which must name the columns Firn served at that checkpoint; a
metadata version is read with its current schema. Data files are read by field id: a
field id a file lacks (a column added after the file was written) reads NULL.

  * Debian python3-avro (tests/readers/avro_check.py) reads every manifest list and
    manifest of every snapshot: paths, lengths, snapshot ids, sequence numbers, counts,
    column metrics (value/null counts, lower/upper bounds, and only for field ids the
    file has), each manifest's schema (that of the snapshot that added it) and the
    snapshot summaries;
  * npm parquet-wasm (arrow-rs) reads every data and position-delete file; the test
    applies the position deletes itself, finds columns by their Parquet field ids and
    compares every snapshot with what Firn served at that checkpoint, column by column,
    and the current snapshot in the newest version's schema with what Firn served at
    shutdown; hyparquet's metadata reader checks that each data file has exactly the
    field ids (and names) of the schema of the snapshot that added it, and the Parquet
    types;
  * npm icebird reads every metadata version that has a snapshot through HTTP (a loopback
    server over the data folder), applying the position deletes itself. icebird 0.3.1
    finds a data file's columns through the file's `iceberg.schema` key/value metadata,
    and without it (Firn writes none; the spec does not ask for it) by the names of the
    table's current schema: for icebird, columns are matched by name, not by field id (the
    field-id mapping is the parquet-wasm check's). icebird returns a field the file lacks
    as undefined (its "null" for a missing field id); that is accepted only for the rows
    of data files (known from parquet-wasm) that lack that field id;
  * the evolving table's metadata versions: every version keeps the older schemas
    unchanged; a field id keeps its name and type in every schema and is never reused;
    existing columns keep their fields; added fields (list element ids too) are above the
    previous version's last-column-id and optional (elements too); last-column-id is the
    largest id used; each snapshot's schema-id is the current schema of the version that
    committed it; the shutdown version has the new schema and the previous snapshots;
    every version's firn.column-types property covers its current schema's field ids;
  * Python's sqlite3 reads catalog.db the way PyIceberg's SqlCatalog does;
  * for the partitioned table, the partition tuple python3-avro reads from each manifest
    entry equals day/bucket computed here (the spec's murmur3) for every row parquet-wasm
    reads from that file; delete files carry their data files' partition; the manifest
    list's partition summaries bound the tuples.

Normalization (both sides are brought to the same form per Iceberg type):
  boolean -> bool; int/long -> int; float -> Firn's value rounded to float32 (Firn prints
  the shortest text that round-trips the float4); float/double -> repr, with "NaN",
  "Infinity", "-Infinity", "-0"; decimal(p,s) -> the unscaled integer; string -> the exact
  string (numeric without typmod and interval are stored as PostgreSQL's text form, char(n)
  blank-padded); date -> days since 1970-01-01; timestamp/timestamptz -> microseconds
  since 1970-01-01 (UTC); uuid -> its 32 hex digits (readers give the 16 bytes or the
  text form); PostgreSQL's +-infinity dates/timestamps are stored as the
  int32/int64 extremes (PostgreSQL's own encoding) and compared as "infinity"/"-infinity";
  lists -> lists with NULL elements as None.
  icebird goes through hyparquet 1.19, which turns dates and timestamps into JS Dates
  (milliseconds, truncated toward zero; out of JS range -> invalid) and decimals into
  doubles: for icebird those columns are compared at that precision.

Needs node/npm: `npm ci --prefix tests/readers` runs when tests/readers/node_modules is
missing or differs from package-lock.json. Prints `N passed, M failed` last.
"""

import datetime
import decimal
import functools
import glob
import http.server
import json
import os
import random
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serverlib import Server, clientlib, psycopg2  # noqa: E402
import psycopg2.extensions  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
READERS = os.path.join(ROOT, "tests", "readers")
AVRO_CHECK = os.path.join(READERS, "avro_check.py")
READERS_MJS = os.path.join(READERS, "iceberg_readers.mjs")
PYTHON = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable

INT64_MAX, INT64_MIN = 2**63 - 1, -2**63
INT32_MAX, INT32_MIN = 2**31 - 1, -2**31
JS_DATE_MAX_MS = 8_640_000_000_000_000

# ---------------------------------------------------------------------------- npm readers


def ensure_npm_readers():
    """`npm ci` when node_modules is missing or does not match package-lock.json."""
    lock_path = os.path.join(READERS, "package-lock.json")
    hidden = os.path.join(READERS, "node_modules", ".package-lock.json")

    def packages(path):
        with open(path) as f:
            pk = json.load(f).get("packages", {})
        return {k: v.get("version") for k, v in pk.items() if k}

    try:
        if packages(hidden) == packages(lock_path):
            return
    except (OSError, ValueError):
        pass
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed; it is needed for the Parquet/Iceberg readers")
    out = subprocess.run([npm, "ci", "--prefix", READERS, "--no-audit", "--no-fund"],
                         capture_output=True, text=True, timeout=600)
    if out.returncode != 0:
        raise RuntimeError("npm ci --prefix tests/readers failed:\n" + out.stdout + out.stderr)


def run_node(*args, timeout=120):
    out = subprocess.run(["node", READERS_MJS, *args], capture_output=True, text=True,
                         timeout=timeout, cwd=READERS)
    if out.returncode != 0:
        raise RuntimeError(f"iceberg_readers.mjs {args[0]} failed: {out.stderr[-4000:]}")
    return json.loads(out.stdout)


@functools.lru_cache(maxsize=None)
def avro(path):
    out = subprocess.run([PYTHON, AVRO_CHECK, path], capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"python3-avro cannot read {path}: {out.stderr.strip()}")
    return json.loads(out.stdout)


# ---------------------------------------------------------------------------- HTTP server


class DataDirHandler(http.server.SimpleHTTPRequestHandler):
    """Serves absolute file paths (URL path == file path), only under `root`."""
    root = None
    requested = None

    def translate_path(self, path):
        path = urllib.parse.unquote(urllib.parse.urlsplit(path).path)
        real = os.path.realpath(path)
        if not real.startswith(self.root + os.sep):
            return os.path.join(self.root, "__outside_the_data_folder__")
        self.requested.add(real)
        return real

    def log_message(self, *args):
        pass


def murmur3_32(data):
    """murmur3_x86_32 with seed 0 (the Iceberg spec's bucket hash), as a signed int."""
    c1, c2, m = 0xCC9E2D51, 0x1B873593, 0xFFFFFFFF
    rotl = lambda x, r: ((x << r) | (x >> (32 - r))) & m  # noqa: E731
    h, n = 0, len(data)
    for i in range(0, n - n % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = rotl((k * c1) & m, 15) * c2 & m
        h = (rotl(h ^ k, 13) * 5 + 0xE6546B64) & m
    tail = data[n - n % 4:]
    if tail:
        k = int.from_bytes(tail, "little")
        h ^= rotl((k * c1) & m, 15) * c2 & m
    h ^= n
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & m
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & m
    h ^= h >> 16
    return h - (1 << 32) if h >= 1 << 31 else h


assert murmur3_32(b"iceberg") == 1210000089  # the spec's example
assert murmur3_32(struct.pack("<q", 34)) == 2017239379


# ---------------------------------------------------------------------------- PG text forms


def days_from_civil(y, m, d):
    """Days since 1970-01-01 in the proleptic Gregorian calendar (astronomical years)."""
    y -= m <= 2
    era = y // 400  # floor division (Hinnant's C code truncates, hence its y - 399)
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


DATE_RE = re.compile(r"^(\d{4,})-(\d\d)-(\d\d)( BC)?$")
TS_RE = re.compile(r"^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?"
                   r"(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?( BC)?$")


def pg_date(text):
    if text in ("infinity", "-infinity"):
        return text
    m = DATE_RE.match(text)
    assert m, f"unexpected date text {text!r}"
    y = int(m.group(1))
    if m.group(4):
        y = 1 - y
    return days_from_civil(y, int(m.group(2)), int(m.group(3)))


def pg_timestamp(text):
    if text in ("infinity", "-infinity"):
        return text
    m = TS_RE.match(text)
    assert m, f"unexpected timestamp text {text!r}"
    y = int(m.group(1))
    if m.group(12):
        y = 1 - y
    days = days_from_civil(y, int(m.group(2)), int(m.group(3)))
    secs = days * 86400 + int(m.group(4)) * 3600 + int(m.group(5)) * 60 + int(m.group(6))
    if m.group(8):
        off = int(m.group(9)) * 3600 + int(m.group(10) or 0) * 60 + int(m.group(11) or 0)
        secs -= off if m.group(8) == "+" else -off
    return secs * 1_000_000 + int((m.group(7) or "0").ljust(6, "0"))


def f32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def fcanon(x):
    if isinstance(x, str):
        assert x in ("NaN", "Infinity", "-Infinity", "-0"), x
        return x
    x = float(x)
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0 and str(x).startswith("-"):
        return "-0"
    return repr(x)


def parse_type(t):
    """Iceberg type JSON -> ('list', elem) | ('decimal', p, s) | name."""
    if isinstance(t, dict):
        assert t["type"] == "list", t
        return ("list", parse_type(t["element"]))
    m = re.match(r"^decimal\((\d+),\s*(\d+)\)$", t)
    if m:
        return ("decimal", int(m.group(1)), int(m.group(2)))
    return t


def firn_canon(v, t, ms=False):
    """Firn's served value (psycopg2; date/time/numeric/interval as text) -> canonical.
    ms=True gives what hyparquet (icebird) can represent."""
    if v is None:
        return None
    if isinstance(t, tuple) and t[0] == "list":
        return [firn_canon(x, t[1], ms) for x in v]
    if isinstance(t, tuple) and t[0] == "decimal":
        u = decimal.Decimal(v).scaleb(t[2])
        assert u == u.to_integral_value(), (v, t)
        return int(u)
    if t == "boolean":
        return bool(v)
    if t in ("int", "long"):
        return int(v)
    if t == "float":
        return fcanon(f32(v))
    if t == "double":
        return fcanon(v)
    if t == "string":
        return v
    if t == "uuid":
        return uuid.UUID(v).hex
    if t == "date":
        d = pg_date(v)
        if ms:
            if isinstance(d, str) or abs(d * 86_400_000) > JS_DATE_MAX_MS:
                return "invalid"
            return d * 86_400_000
        return d
    if t in ("timestamp", "timestamptz"):
        us = pg_timestamp(v)
        if ms:
            if isinstance(us, str):
                return "invalid"
            q = abs(us) // 1000 * (1 if us >= 0 else -1)  # BigInt division truncates
            return "invalid" if abs(q) > JS_DATE_MAX_MS else q
        return us
    raise AssertionError(f"no normalization for {t}")


def uuid_hex(v):
    """A reader's uuid: the 16 bytes ({"$hex": ...}) or the text form -> 32 hex digits."""
    return v["$hex"] if isinstance(v, dict) else uuid.UUID(v).hex


def reader_canon(v, t, icebird=False):
    """A reader's JSON value (iceberg_readers.mjs encoding) -> canonical."""
    if v is None:
        return None
    if isinstance(v, dict) and v.get("$missing"):
        # hyparquet 1.19 assembles a NULL list as undefined; a column icebird could not
        # find is undefined in every row, so the non-NULL lists still catch that.
        return None if icebird and isinstance(t, tuple) and t[0] == "list" else "<missing>"
    if isinstance(t, tuple) and t[0] == "list":
        return [reader_canon(x, t[1], icebird) for x in v]
    if isinstance(t, tuple) and t[0] == "decimal":
        if icebird:  # hyparquet: unscaled * 10**-scale as a double
            return int(round(float(v) * 10 ** t[2]))
        return int(v)
    if t == "boolean":
        return v
    if t in ("int", "long"):
        return int(v)
    if t in ("float", "double"):
        return fcanon(v)
    if t == "string":
        return v
    if t == "uuid":
        return uuid_hex(v)
    if t == "date":
        if icebird:
            ms = v["$ms"]
            return ms
        d = v["$days"]
        return {INT32_MAX: "infinity", INT32_MIN: "-infinity"}.get(d, d)
    if t in ("timestamp", "timestamptz"):
        if icebird:
            return v["$ms"]
        us = int(v)
        return {INT64_MAX: "infinity", INT64_MIN: "-infinity"}.get(us, us)
    raise AssertionError(f"no normalization for {t}")


# ---------------------------------------------------------------------------- the data

NUMERIC_UNCONSTRAINED = [
    "0", "-0.000001", "1.23456789012345678901234567890", "12345678901234567890123456789.123456789",
    "NaN", "Infinity", "-Infinity", "1e20", "-42", "3.14159265358979323846", "0.1", "100.000",
]
INTERVALS = [
    "1 year 2 mons 3 days 04:05:06.789", "-1 days", "00:00:00.000001", "1 day -02:00:00",
    "3 mons -4 days 05:06:07.000008", "0", "-178000000 years", "1000000:00:00", "7 days",
]
TEXTS = ["", "héllo", "日本語テキスト", "emoji 🧊❄️", "quote ' and \" and \\ backslash",
         "line\nbreak\ttab", "NULL", "a" * 100, " leading and trailing ", "Ωmega"]
SPECIAL_F4 = ["'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "0", "3.4028235e38", "1e-45",
              "-1.17549435e-38", "0.1", "16777217"]
SPECIAL_F8 = ["'NaN'", "'Infinity'", "'-Infinity'", "'-0'", "0", "1.7976931348623157e308",
              "5e-324", "0.30000000000000004", "-2.2250738585072014e-308", "123456789.123456789"]
SPECIAL_DATES = ["'infinity'", "'-infinity'", "'0044-03-15 BC'", "'0001-01-01'", "'9999-12-31'",
                 "'1970-01-01'", "'1969-12-31'", "'2000-02-29'"]
SPECIAL_TS = ["'infinity'", "'-infinity'", "'4713-01-01 00:00:00 BC'", "'0001-01-01 00:00:00'",
              "'9999-12-31 23:59:59.999999'", "'1970-01-01 00:00:00'",
              "'1969-12-31 23:59:59.999999'", "'2000-02-29 12:34:56.000001'"]


def all_types_rows(cur, rng, ids):
    """SQL VALUES tuples for public.all_types; one row of all NULLs and edge values first."""
    lit = lambda v: cur.mogrify("%s", (v,)).decode()  # noqa: E731
    out = []
    for i in ids:
        def pick(specials, gen, null_rate=0.1):
            if rng.random() < null_rate:
                return "NULL"
            if rng.random() < 0.3:
                return rng.choice(specials)
            return gen()

        if i == 1:
            out.append("(1" + ", NULL" * 19 + ")")
            continue
        k = i - 2  # the first rows walk through every special value
        row = [
            str(i),
            pick(["TRUE", "FALSE"], lambda: rng.choice(["TRUE", "FALSE"])),
            pick(["-32768", "32767", "0"], lambda: str(rng.randint(-32768, 32767))),
            pick(["-2147483648", "2147483647", "0"], lambda: str(rng.randint(-2**31, 2**31 - 1))),
            pick([str(INT64_MIN), str(INT64_MAX), "0"], lambda: str(rng.randint(INT64_MIN, INT64_MAX))),
            SPECIAL_F4[k] if k < len(SPECIAL_F4) else
            pick(SPECIAL_F4, lambda: repr(rng.uniform(-1e6, 1e6)) + "::float4"),
            SPECIAL_F8[k] if k < len(SPECIAL_F8) else
            pick(SPECIAL_F8, lambda: repr(rng.uniform(-1, 1) * 10 ** rng.randint(-300, 300))),
            pick(["999999999.999", "-999999999.999", "0", "1.5", "-0.001"],
                 lambda: str(decimal.Decimal(rng.randint(-10**12 + 1, 10**12 - 1)).scaleb(-3))),
            lit(NUMERIC_UNCONSTRAINED[k]) if k < len(NUMERIC_UNCONSTRAINED)
            else pick([lit(x) for x in NUMERIC_UNCONSTRAINED],
                      lambda: lit(str(decimal.Decimal(rng.randint(-10**20, 10**20)).scaleb(-rng.randint(0, 15))))),
            lit(TEXTS[k]) if k < len(TEXTS) else pick(
                [lit(x) for x in TEXTS],
                lambda: lit("".join(chr(rng.choice([rng.randint(32, 126), rng.randint(160, 0x2FFF),
                                                    rng.randint(0x1F300, 0x1F64F)]))
                                    for _ in range(rng.randint(0, 30))))),
            pick(["''", "'abcde'", "'ééééé'"],
                 lambda: lit("".join(rng.choice("abcxyzé€ ") for _ in range(rng.randint(0, 5))))),
            pick(["''", "'a'", "'  '", "'日本'"],
                 lambda: lit("".join(rng.choice("abcé ") for _ in range(rng.randint(0, 3))))),
            SPECIAL_DATES[k] if k < len(SPECIAL_DATES) else pick(
                SPECIAL_DATES, lambda: "'%s'" % (datetime.date(1, 1, 1) + datetime.timedelta(
                    days=rng.randint(0, 3652058))).isoformat()),
            SPECIAL_TS[k] if k < len(SPECIAL_TS) else pick(
                SPECIAL_TS, lambda: "'%s'" % (datetime.datetime(1900, 1, 1) + datetime.timedelta(
                    microseconds=rng.randint(0, 200 * 365 * 86400 * 10**6))).isoformat(" ")),
            (SPECIAL_TS[k] if k < len(SPECIAL_TS) else pick(
                SPECIAL_TS, lambda: "'%s%s'" % ((datetime.datetime(1900, 1, 1) + datetime.timedelta(
                    microseconds=rng.randint(0, 200 * 365 * 86400 * 10**6))).isoformat(" "),
                    rng.choice(["+00", "+05:30", "-08", "+14", "-03:30"])))) + "::timestamptz",
            pick([lit(x) for x in INTERVALS], lambda: lit(rng.choice(INTERVALS))) + "::interval",
            pick(["'{}'", "'{NULL}'", "'{-2147483648,2147483647}'"],
                 lambda: lit([rng.choice([None, rng.randint(-2**31, 2**31 - 1)])
                              for _ in range(rng.randint(0, 6))]) + "::int4[]") + "::int4[]",
            pick(["'{}'", "'{NULL}'", "'{\"\"}'", lit(["a,b", "{c}", '"q"', None, "NULL"]) + "::text[]"],
                 lambda: lit([rng.choice([None, rng.choice(TEXTS)])
                              for _ in range(rng.randint(0, 5))]) + "::text[]") + "::text[]",
            pick(["'00000000-0000-0000-0000-000000000000'", "'ffffffff-ffff-ffff-ffff-ffffffffffff'",
                  "'7fffffff-ffff-ffff-ffff-ffffffffffff'", "'80000000-0000-0000-0000-000000000000'"],
                 lambda: lit(str(uuid.UUID(int=rng.getrandbits(128))))) + "::uuid",
            pick(["'{}'", "'[]'", "'null'", lit('{"k": "\u00e9\\"\\n", "n": 1.50}')],
                 lambda: lit(json.dumps({rng.choice(TEXTS): [rng.randint(-9, 9), rng.choice(TEXTS)]
                                         for _ in range(rng.randint(0, 3))}))) + "::jsonb",
        ]
        out.append("(" + ", ".join(row) + ")")
    return out


ALL_TYPES_DDL = """CREATE TABLE all_types (
    id int4, b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8,
    n numeric(12,3), nu numeric, tx text, vc varchar(5), ch char(3),
    d date, ts timestamp, tz timestamptz, iv interval, ai int4[], at text[], u uuid, j jsonb)"""

# numeric, interval, date, timestamp, timestamptz, jsonb
TEXT_OIDS = (1700, 1186, 1082, 1114, 1184, 3802)


class IcebergReadersTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.httpd = None
        cls.setup_error = None
        cls.tmp = tempfile.TemporaryDirectory(prefix="firn-readers-")
        try:
            cls._setup()
        except Exception as e:  # every test then fails with it: "0 passed, 7 failed"
            import traceback
            cls.setup_error = "".join(traceback.format_exception(e))

    def setUp(self):
        if self.setup_error:
            self.fail("setting up failed:\n" + self.setup_error)

    @classmethod
    def _setup(cls):
        t0 = time.monotonic()
        cls.npm_seconds = cls.setup_seconds = 0
        ensure_npm_readers()
        cls.npm_seconds = time.monotonic() - t0
        cls.data = os.path.realpath(cls.tmp.name)
        cls.expected = {}      # (schema, table) -> {snapshot_id: rows}
        cls.expected_cols = {}  # (schema, table) -> {snapshot_id: [(name, pg oid)]}
        cls.final = {}         # (schema, table) -> rows at shutdown
        cls.columns = {}       # (schema, table) -> [(name, pg oid)]
        cls.firn_tables = set()
        cls.server = Server(data_dir=cls.data)
        try:
            cls._write_tables()
        finally:
            code = cls.server.stop(cleanup=False)
        assert code == 0, f"firn exited with {code}: {cls.server.read_log()[-2000:]}"
        cls.tables = {key: cls._load_table(*key) for key in cls.firn_tables}
        for key, info in cls.tables.items():
            unknown = [s for s in info["snapshots"] if s not in cls.expected[key]]
            # Only the shutdown checkpoint's snapshot was committed while nobody looked.
            assert len(unknown) <= 1, (key, unknown)
            for s in unknown:
                cls.expected[key][s] = cls.final[key]
                cls.expected_cols[key][s] = cls.columns[key]
        # Every Parquet file any snapshot references, read once.
        files = sorted({f for info in cls.tables.values() for f in info["all_files"]})
        cls.parquet = run_node("parquet", *files)
        # icebird over HTTP.
        DataDirHandler.root = cls.data
        DataDirHandler.requested = set()
        cls.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), DataDirHandler)
        threading.Thread(target=cls.httpd.serve_forever, daemon=True).start()
        cls.base = f"http://127.0.0.1:{cls.httpd.server_address[1]}"
        specs = []
        for (schema, table), info in cls.tables.items():
            for version, meta in info["versions"].items():
                if meta.get("current-snapshot-id") not in (None, -1):
                    specs.append(f"{cls.base}{info['location']}#v{version}.metadata.json")
            specs.append(f"{cls.base}{info['location']}")  # through version-hint.text
        cls.icebird = run_node("icebird", cls.base, *specs)
        cls.setup_seconds = time.monotonic() - t0

    @classmethod
    def tearDownClass(cls):
        if cls.httpd is not None:
            cls.httpd.shutdown()
            cls.httpd.server_close()
        cls.tmp.cleanup()
        print(f"(npm check/install {cls.npm_seconds:.1f} s, setup {cls.setup_seconds:.1f} s)")

    # ------------------------------------------------------------------ writing with Firn

    @classmethod
    def _write_tables(cls):
        conn = cls.server.connect()
        for oid in TEXT_OIDS:  # exact text forms; parsed by this test, not by psycopg2
            psycopg2.extensions.register_type(
                psycopg2.extensions.new_type((oid,), f"TEXT{oid}", lambda v, c: v), conn)
        cur = conn.cursor()
        rng = random.Random(20260101)
        tables = [("public", "all_types"), ("public", "history"), ("analytics", "events"),
                  ("public", "clicks"), ("public", "evolving")]
        cls.firn_tables = set(tables)
        for key in tables:
            cls.expected[key] = {}
            cls.expected_cols[key] = {}
        known = {key: set() for key in tables}

        def checkpoint():
            cur.execute("CHECKPOINT")
            for key in tables:
                cur.execute("SELECT snapshot_id FROM firn_snapshots(%s)", (".".join(key),))
                ids = {r[0] for r in cur.fetchall()}
                new = ids - known[key]
                assert len(new) <= 1, (key, new)
                for s in new:
                    cls.expected[key][s] = select(key)
                    cls.expected_cols[key][s] = cls.columns[key]
                known[key] = ids

        def select(key):
            cur.execute(f"SELECT * FROM {key[0]}.{key[1]} ORDER BY id")
            cls.columns[key] = [(d.name, d.type_code) for d in cur.description]
            return cur.fetchall()

        cur.execute(ALL_TYPES_DDL)
        rows = all_types_rows(cur, rng, range(1, 401))
        for i in range(0, 300, 100):
            cur.execute("INSERT INTO all_types VALUES " + ", ".join(rows[i:i + 100]))

        cur.execute("CREATE TABLE history (id int8, grp int4, v text, amt numeric(10,2), "
                    "at timestamptz, tags text[])")

        def hist(lo, hi):
            cur.execute("INSERT INTO history SELECT g, g %% 7, 'row ' || g, g * 1.25, "
                        "'2026-01-01 00:00:00+00'::timestamptz + g * interval '1 minute 0.000001 s', "
                        "ARRAY['t' || (g %% 3), NULL] FROM generate_series(%s, %s) g", (lo, hi))

        cur.execute("CREATE SCHEMA analytics")
        cur.execute("CREATE TABLE analytics.events (id int4, name varchar(20), score float8, "
                    "happened timestamptz, payload int4[])")
        cur.execute("INSERT INTO analytics.events SELECT g, 'event ' || g, g / 3.0, "
                    "'2025-06-01 12:00:00.123456+00'::timestamptz + g * interval '1 hour', "
                    "ARRAY[g, NULL, -g] FROM generate_series(1, 120) g")

        cur.execute("CREATE TABLE clicks (id int8, user_id int8, at timestamptz, amt numeric(8,2)) "
                    "WITH (partition_by = 'day(at), bucket(5, user_id)')")

        def clicks(lo, hi):  # interleaved across partitions; NULL at and user_id too
            cur.execute("INSERT INTO clicks SELECT g, CASE WHEN g %% 11 = 0 THEN NULL "
                        "ELSE (g * 7919) %% 97 - 20 END, CASE WHEN g %% 13 = 0 THEN NULL ELSE "
                        "'1969-12-30 22:00:00+00'::timestamptz + ((g * 37) %% 101) * "
                        "interval '1 hour' END, g / 4.0 FROM generate_series(%s, %s) g", (lo, hi))

        # Schema evolution: ADD COLUMN between checkpoints; old files keep their columns.
        cur.execute("CREATE TABLE evolving (id int8, name text, score float8)")
        cur.execute("INSERT INTO evolving SELECT g, 'e' || g, CASE WHEN g % 9 = 0 THEN NULL "
                    "ELSE g / 8.0 END FROM generate_series(1, 40) g")

        clicks(1, 200)
        hist(1, 150)
        checkpoint()                                              # snapshot 1 of each
        cur.execute("ALTER TABLE evolving ADD COLUMN qty int8")
        cur.execute("ALTER TABLE evolving ADD COLUMN tags int4[]")
        cur.execute("INSERT INTO evolving SELECT g, 'e' || g, g / 8.0, CASE WHEN g % 3 = 0 "
                    "THEN NULL ELSE g::int8 * 1000000007 END, CASE WHEN g % 4 = 0 THEN NULL "
                    "ELSE ARRAY[g, NULL, -g] END FROM generate_series(41, 60) g")
        cur.execute("UPDATE evolving SET qty = -7, tags = '{1,NULL}' WHERE id = 5")
        cur.execute("UPDATE evolving SET name = 'moved' WHERE id = 6")  # NULL qty, new file
        clicks(201, 260)
        cur.execute("DELETE FROM clicks WHERE id % 6 = 1")       # old files and new rows
        hist(151, 300)
        cur.execute("DELETE FROM history WHERE id % 7 = 0")       # old file and new rows
        cur.execute("DELETE FROM analytics.events WHERE id % 10 = 0")
        checkpoint()
        cur.execute("ALTER TABLE evolving ADD COLUMN seen timestamptz")
        cur.execute("ALTER TABLE evolving ADD COLUMN price numeric(8,2)")
        cur.execute("DELETE FROM evolving WHERE id % 10 = 1")       # files of schemas 0 and 1
        cur.execute("INSERT INTO evolving SELECT g, NULL, g, g, '{}'::int4[], CASE WHEN g % 2 = 0 "
                    "THEN NULL ELSE '2026-03-01 00:00:00+00'::timestamptz + g * "
                    "interval '1.000001 s' END, g / 4.0 FROM generate_series(61, 70) g")
        cur.execute("UPDATE evolving SET seen = '1999-12-31 23:59:59.5+00' WHERE id = 2")
        cur.execute("UPDATE history SET v = v || ' updated', amt = amt + 1 WHERE id % 10 = 3")
        hist(301, 350)
        cur.execute("INSERT INTO all_types VALUES " + ", ".join(rows[300:400]))
        checkpoint()
        cur.execute("DELETE FROM history WHERE id BETWEEN 100 AND 120")
        cur.execute("DELETE FROM all_types WHERE id % 50 = 7")
        cur.execute("UPDATE evolving SET price = 12.34 WHERE id IN (3, 45)")  # same schema
        checkpoint()
        checkpoint()                                              # nothing changed
        hist(351, 360)
        cur.execute("DELETE FROM history WHERE id = 1 OR id = 355")
        cur.execute("DELETE FROM clicks WHERE id BETWEEN 50 AND 60")
        cur.execute("UPDATE analytics.events SET name = NULL, score = 'NaN' WHERE id = 5")
        # No row changes after it: the shutdown checkpoint commits a schema-only version.
        cur.execute("ALTER TABLE evolving ADD COLUMN ok boolean")
        for key in tables:  # the shutdown checkpoint commits these
            cls.final[key] = select(key)
        cur.execute("SELECT nspname, relname FROM pg_class c JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE relkind = 'r' AND nspname NOT IN "
                    "('pg_catalog', 'information_schema')")
        served = set(cur.fetchall())
        assert served == cls.firn_tables, served
        conn.close()

    @classmethod
    def _load_table(cls, schema, table):
        location = os.path.join(cls.data, schema, table)
        versions = {}
        for path in glob.glob(os.path.join(location, "metadata", "v*.metadata.json")):
            n = int(re.match(r"v(\d+)\.metadata\.json$", os.path.basename(path)).group(1))
            with open(path) as f:
                versions[n] = json.load(f)
        newest = versions[max(versions)]
        snapshots = {s["snapshot-id"]: s for s in newest.get("snapshots", [])}
        info = {"location": location, "versions": versions, "newest": newest,
                "newest_n": max(versions), "snapshots": snapshots, "files": {},
                "all_files": set()}
        for sid, snap in snapshots.items():
            info["files"][sid] = cls._snapshot_files(snap)
            info["all_files"].update(e["path"] for e in info["files"][sid])
        return info

    @classmethod
    def _snapshot_files(cls, snap):
        """Live data and delete files of a snapshot, as python3-avro reads the manifests."""
        out = []
        mlist = avro(snap["manifest-list"])
        for m in mlist["records"]:
            man = avro(m["manifest_path"])
            for e in man["records"]:
                if e["status"] == 2:
                    continue
                df = e["data_file"]
                seq = e["sequence_number"]
                if seq is None:
                    seq = m["sequence_number"]
                out.append({"path": df["file_path"], "content": df["content"],
                            "records": df["record_count"], "seq": seq, "entry": e,
                            "manifest": m})
        return out

    # ------------------------------------------------------------------ helpers

    def schema(self, key, schema_id=None, meta=None):
        """A schema of the table (the current one of `meta`, the newest version, by default)."""
        meta = meta or self.tables[key]["newest"]
        if schema_id is None:
            schema_id = meta["current-schema-id"]
        return next(s for s in meta["schemas"] if s["schema-id"] == schema_id)

    def snapshot_schema(self, key, sid):
        """The schema a snapshot is read with: its schema-id, else the current schema."""
        return self.schema(key, self.tables[key]["snapshots"][sid].get("schema-id"))

    def schema_types(self, key, schema=None):
        schema = schema or self.schema(key)
        return [(f["name"], parse_type(f["type"])) for f in schema["fields"]]

    def served(self, key, sid=None):
        """Firn's rows at the checkpoint that committed `sid` (at shutdown if None), as
        {field id: value}: the schema current then names the columns Firn served."""
        if sid is None:
            rows, cols, schema = self.final[key], self.columns[key], self.schema(key)
        else:
            rows, cols = self.expected[key][sid], self.expected_cols[key][sid]
            schema = self.snapshot_schema(key, sid)
        self.assertEqual([f["name"] for f in schema["fields"]], [n for n, _ in cols],
                         f"{key} snapshot {sid}: schema vs the columns Firn served")
        ids = [f["id"] for f in schema["fields"]]
        return [dict(zip(ids, r)) for r in rows]

    def firn_rows(self, rows, schema, ms=False):
        """served() rows in `schema`'s field order; a field id they lack is NULL."""
        types = [(f["id"], parse_type(f["type"])) for f in schema["fields"]]
        return [tuple(firn_canon(r.get(fid), t, ms) for fid, t in types) for r in rows]

    def committed_in(self, key, sid):
        """The metadata version that committed snapshot `sid` (the first that has it)."""
        versions = self.tables[key]["versions"]
        return min(n for n, m in versions.items()
                   if sid in {s["snapshot-id"] for s in m.get("snapshots", [])})

    def file_columns(self, path):
        """A Parquet file's top-level columns by field id (parquet-wasm's Arrow schema)."""
        out = {}
        for fld in self.parquet[path]["arrow"]["fields"]:
            self.assertIsNotNone(fld["field_id"], (path, fld["name"]))
            self.assertNotIn(int(fld["field_id"]), out, path)
            out[int(fld["field_id"])] = fld["name"]
        return out

    def compare(self, what, firn, got):
        self.assertEqual(len(got), len(firn), f"{what}: row count")
        diffs = []
        for fr, gr in zip(firn, got):
            if fr[0] != gr[0]:
                diffs.append(f"row ids differ: Firn {fr[0]} reader {gr[0]}")
                break
            for c, (a, b) in enumerate(zip(fr, gr)):
                if a != b:
                    diffs.append(f"id {fr[0]} column {c}: Firn {a!r} reader {b!r}")
        self.assertEqual(diffs[:10], [], f"{what}: {len(diffs)} differences")

    def live_rows_from_parquet(self, key, snapshot_id, schema):
        """parquet-wasm's rows of a snapshot in `schema`, position deletes applied by us;
        columns found by field id (a field id the file lacks reads NULL). Also returns the
        deleted positions and {row id: data file}."""
        files = self.tables[key]["files"][snapshot_id]
        deletes = set()
        data = {f["path"]: f for f in files if f["content"] == 0}
        for f in files:
            if f["content"] != 1:
                continue
            cols = self.parquet[f["path"]]["columns"]
            pairs = list(zip(cols["file_path"], (int(p) for p in cols["pos"])))
            self.assertEqual(pairs, sorted(pairs), f"{f['path']}: not sorted by file_path, pos")
            for path, pos in pairs:
                self.assertIn(path, data, f"{f['path']}: deletes from a file not in the snapshot")
                self.assertLessEqual(data[path]["seq"], f["seq"])
                self.assertLess(pos, data[path]["records"])
                self.assertNotIn((path, pos), deletes, "a row deleted twice")
                deletes.add((path, pos))
        types = [(f["id"], parse_type(f["type"])) for f in schema["fields"]]

        def value(path, fid, v, t):
            try:
                return reader_canon(v, t)
            except (TypeError, ValueError, KeyError) as e:
                self.fail(f"{path}: the column of field id {fid} holds {v!r}, not {t}: {e!r}")

        rows, origin = [], {}
        for path in sorted(data, key=lambda p: data[p]["seq"]):
            cols = self.parquet[path]["columns"]
            by_id = self.file_columns(path)
            n = self.parquet[path]["arrow"]["num_rows"]
            for i in range(n):
                if (path, i) not in deletes:
                    rows.append(tuple(None if fid not in by_id else
                                      value(path, fid, cols[by_id[fid]][i], t)
                                      for fid, t in types))
                    self.assertNotIn(rows[-1][0], origin, f"{key}: id {rows[-1][0]} twice")
                    origin[rows[-1][0]] = path
        return sorted(rows, key=lambda r: r[0]), deletes, origin

    # ------------------------------------------------------------------ the tests

    def test_catalog_db_as_pyiceberg_sqlcatalog(self):
        db = sqlite3.connect(f"file:{os.path.join(self.data, 'catalog.db')}?mode=ro", uri=True)
        namespaces = {r[0] for r in db.execute(
            "SELECT DISTINCT namespace FROM iceberg_namespace_properties WHERE catalog_name = ?",
            ("firn",))}
        self.assertEqual(namespaces, {"public", "analytics"})
        rows = db.execute("SELECT table_namespace, table_name, metadata_location, "
                          "previous_metadata_location FROM iceberg_tables WHERE catalog_name = ?",
                          ("firn",)).fetchall()
        self.assertEqual({(r[0], r[1]) for r in rows}, self.firn_tables)
        for ns, name, loc, prev in rows:
            info = self.tables[(ns, name)]
            n = info["newest_n"]
            self.assertEqual(loc, os.path.join(info["location"], "metadata", f"v{n}.metadata.json"))
            if n > 1:
                self.assertEqual(prev, os.path.join(info["location"], "metadata",
                                                    f"v{n - 1}.metadata.json"))
            with open(os.path.join(info["location"], "metadata", "version-hint.text")) as f:
                self.assertEqual(f.read().strip(), str(n))
            meta = info["newest"]
            self.assertEqual(meta["format-version"], 2)
            self.assertEqual(meta["location"], info["location"])
            self.assertEqual(meta["refs"]["main"]["snapshot-id"], meta["current-snapshot-id"])
            self.assertEqual(meta["last-sequence-number"],
                             max(s["sequence-number"] for s in meta["snapshots"]))
            self.assertEqual([e["metadata-file"] for e in meta["metadata-log"]],
                             [os.path.join(info["location"], "metadata", f"v{i}.metadata.json")
                              for i in range(1, n)])
            self.assertEqual([e["snapshot-id"] for e in meta["snapshot-log"]],
                             [s["snapshot-id"] for s in sorted(
                                 meta["snapshots"], key=lambda s: s["sequence-number"])])
        db.close()

    def test_schema_and_types(self):
        oid_type = {16: "boolean", 21: "int", 23: "int", 20: "long", 700: "float", 701: "double",
                    25: "string", 1043: "string", 1042: "string", 1082: "date",
                    1114: "timestamp", 1184: "timestamptz", 1186: "string",
                    1007: ("list", "int"), 1009: ("list", "string"), 2950: "uuid",
                    3802: "string"}
        checked = 0
        for key in self.firn_tables:
            info = self.tables[key]
            # The columns Firn served at shutdown (newest version, current schema) and at
            # each checkpoint (the version that committed the snapshot, the snapshot's schema).
            cases = [(info["newest"], self.schema(key), self.columns[key], "shutdown")]
            for sid in info["snapshots"]:
                meta = info["versions"][self.committed_in(key, sid)]
                cases.append((meta, self.snapshot_schema(key, sid), self.expected_cols[key][sid],
                              f"snapshot {sid}"))
            for meta, schema, cols, when in cases:
                got = self.schema_types(key, schema)
                self.assertEqual([n for n, _ in got], [n for n, _ in cols], (key, when))
                props = json.loads(meta["properties"]["firn.column-types"])
                for (name, t), (_, oid), f in zip(got, cols, schema["fields"]):
                    where = (key, when, name)
                    self.assertIn(str(f["id"]), props, where)
                    self.assertEqual(int(props[str(f["id"])].split(":")[0]), oid, where)
                    checked += 1
                    if oid == 1700:
                        typmod = int(props[str(f["id"])].split(":")[1])
                        want = (("decimal", (typmod - 4) >> 16, (typmod - 4) & 0xFFFF)
                                if typmod >= 0 else "string")
                        self.assertEqual(t, want, where)
                    else:
                        self.assertEqual(t, oid_type[oid], where)
            # Every version's firn.column-types covers its current schema's columns and
            # names no field id that none of its schemas has.
            for n, meta in info["versions"].items():
                props = json.loads(meta["properties"]["firn.column-types"])
                current = {f["id"] for f in self.schema(key, meta=meta)["fields"]}
                known = {f["id"] for sc in meta["schemas"] for f in sc["fields"]}
                self.assertLessEqual(current, {int(k) for k in props}, (key, n))
                self.assertLessEqual({int(k) for k in props}, known, (key, n))
        self.assertGreater(checked, 100)

    def test_avro_manifests(self):
        for key, info in self.tables.items():
            meta = info["newest"]
            seq_of = {s["snapshot-id"]: s["sequence-number"] for s in meta["snapshots"]}
            for sid, snap in info["snapshots"].items():
                where = f"{key} snapshot {sid}"
                ml_path = snap["manifest-list"]
                self.assertTrue(os.path.isfile(ml_path), ml_path)
                mlist = avro(ml_path)
                self.assertEqual(mlist["metadata"].get("snapshot-id"), str(sid), where)
                self.assertEqual(mlist["metadata"].get("sequence-number"),
                                 str(snap["sequence-number"]), where)
                self.assertEqual(mlist["metadata"].get("format-version"), "2", where)
                parent = snap.get("parent-snapshot-id")
                if parent is None:  # Java writes "null"; absent is fine too
                    self.assertIn(mlist["metadata"].get("parent-snapshot-id"), (None, "null"), where)
                else:
                    self.assertEqual(mlist["metadata"].get("parent-snapshot-id"), str(parent), where)
                totals = {"data-files": 0, "records": 0, "delete-files": 0, "pos-deletes": 0}
                for m in mlist["records"]:
                    mp = m["manifest_path"]
                    self.assertTrue(os.path.isfile(mp), mp)
                    self.assertEqual(m["manifest_length"], os.path.getsize(mp), mp)
                    self.assertIn(m["added_snapshot_id"], seq_of, mp)
                    self.assertEqual(m["sequence_number"], seq_of[m["added_snapshot_id"]], mp)
                    self.assertLessEqual(m["sequence_number"], snap["sequence-number"], mp)
                    man = avro(mp)
                    self.assertEqual(man["metadata"]["content"],
                                     {0: "data", 1: "deletes"}[m["content"]], mp)
                    self.assertEqual(man["metadata"]["format-version"], "2", mp)
                    self.assertEqual(json.loads(man["metadata"]["schema"])["fields"],
                                     next(s for s in meta["schemas"] if s["schema-id"] == int(
                                         man["metadata"]["schema-id"]))["fields"], mp)
                    # Written with the schema of the snapshot that added it.
                    self.assertEqual(int(man["metadata"]["schema-id"]), self.snapshot_schema(
                        key, m["added_snapshot_id"])["schema-id"], mp)
                    counts = {1: [0, 0], 0: [0, 0], 2: [0, 0]}
                    min_seq = None
                    for e in man["records"]:
                        df = e["data_file"]
                        counts[e["status"]][0] += 1
                        counts[e["status"]][1] += df["record_count"]
                        if e["status"] != 1:  # only ADDED entries may inherit
                            self.assertIsNotNone(e["snapshot_id"], mp)
                            self.assertIsNotNone(e["sequence_number"], mp)
                        seq = e["sequence_number"] or m["sequence_number"]
                        min_seq = seq if min_seq is None else min(min_seq, seq)
                        if e["status"] == 1:
                            self.assertIn(e["snapshot_id"], (None, m["added_snapshot_id"]), mp)
                        self.assertEqual(df["content"], m["content"], mp)
                        self.assertEqual(df["file_format"], "PARQUET", mp)
                        path = df["file_path"]
                        self.assertTrue(path.startswith(info["location"] + "/data/"), path)
                        self.assertTrue(os.path.isfile(path), path)
                        self.assertEqual(df["file_size_in_bytes"], os.path.getsize(path), path)
                        self.assertEqual(df["record_count"], self.parquet[path]["meta"]["num_rows"],
                                         path)
                        if e["status"] == 2:
                            continue
                        if df["content"] == 0:
                            totals["data-files"] += 1
                            totals["records"] += df["record_count"]
                        else:
                            totals["delete-files"] += 1
                            totals["pos-deletes"] += df["record_count"]
                            targets = set(self.parquet[path]["columns"]["file_path"])
                            if df["referenced_data_file"] is not None:
                                self.assertEqual(targets, {df["referenced_data_file"]}, path)
                    self.assertEqual((m["added_files_count"], m["added_rows_count"]),
                                     tuple(counts[1]), mp)
                    self.assertEqual((m["existing_files_count"], m["existing_rows_count"]),
                                     tuple(counts[0]), mp)
                    self.assertEqual((m["deleted_files_count"], m["deleted_rows_count"]),
                                     tuple(counts[2]), mp)
                    self.assertEqual(m["min_sequence_number"], min_seq, mp)
                summary = snap["summary"]
                self.assertEqual(int(summary["total-data-files"]), totals["data-files"], where)
                self.assertEqual(int(summary["total-records"]), totals["records"], where)
                self.assertEqual(int(summary["total-delete-files"]), totals["delete-files"], where)
                self.assertEqual(int(summary["total-position-deletes"]), totals["pos-deletes"],
                                 where)
                # What Firn served at that checkpoint.
                self.assertEqual(totals["records"] - totals["pos-deletes"],
                                 len(self.expected[key][sid]), where)
        # The history table really has several snapshots, data files and deletes.
        hist = self.tables[("public", "history")]
        current = hist["files"][hist["newest"]["current-snapshot-id"]]
        self.assertGreaterEqual(len(hist["snapshots"]), 4)
        self.assertGreaterEqual(sum(f["content"] == 0 for f in current), 4)
        self.assertGreaterEqual(sum(f["content"] == 1 for f in current), 3)

    def test_manifest_column_metrics(self):
        """value/null counts and lower/upper bounds in the manifests bound the data."""
        decoders = {
            "boolean": lambda b: b[0] != 0, "int": lambda b: struct.unpack("<i", b)[0],
            "long": lambda b: struct.unpack("<q", b)[0], "date": lambda b: struct.unpack("<i", b)[0],
            "timestamp": lambda b: struct.unpack("<q", b)[0],
            "timestamptz": lambda b: struct.unpack("<q", b)[0],
            "float": lambda b: struct.unpack("<f", b)[0], "double": lambda b: struct.unpack("<d", b)[0],
            "string": lambda b: b, "uuid": lambda b: b,
        }

        def order_key(v, t):
            if t in ("float", "double"):
                return (v, not str(v).startswith("-"))  # -0 before +0 (IEEE totalOrder)
            return v

        def raw(v, t):  # reader JSON -> comparable raw value
            if isinstance(t, tuple) and t[0] == "decimal":
                return int(v)
            if t == "string":
                return v.encode()
            if t == "uuid":  # 16 bytes, compared unsigned (bytes order)
                return bytes.fromhex(uuid_hex(v))
            if t == "date":
                return v["$days"]
            if t in ("timestamp", "timestamptz", "long"):
                return int(v)
            if t in ("float", "double"):
                return float(v)
            return v

        checked = absent = 0
        for key, info in self.tables.items():
            for sid, files in info["files"].items():
                fields = self.snapshot_schema(key, sid)["fields"]
                for f in files:
                    if f["content"] != 0:
                        continue
                    df = f["entry"]["data_file"]
                    cols = self.parquet[f["path"]]["columns"]
                    by_id = self.file_columns(f["path"])
                    vc = {x["key"]: x["value"] for x in df["value_counts"] or []}
                    nc = {x["key"]: x["value"] for x in df["null_value_counts"] or []}
                    nanc = {x["key"]: x["value"] for x in df["nan_value_counts"] or []}
                    lo = {x["key"]: x["value"] for x in df["lower_bounds"] or []}
                    hi = {x["key"]: x["value"] for x in df["upper_bounds"] or []}
                    # Metrics only for field ids the file has (hyparquet's schema).
                    in_file = {e["field_id"] for e in self.parquet[f["path"]]["meta"]["schema"]
                               if e.get("field_id") is not None}
                    self.assertLessEqual(set(vc) | set(nc) | set(nanc) | set(lo) | set(hi),
                                         in_file, f["path"])
                    for fld in fields:
                        t = parse_type(fld["type"])
                        fid = fld["id"]
                        if fid not in by_id:  # added after the file was written
                            absent += 1
                            continue
                        values = cols[by_id[fid]]
                        if isinstance(t, tuple) and t[0] == "list":
                            fid = fld["type"]["element-id"]
                            t = t[1]
                            values = [x for v in values if v is not None for x in v]
                        else:
                            if fid in vc:
                                self.assertEqual(vc[fid], len(values), (f["path"], fld["name"]))
                            if fid in nc:
                                self.assertEqual(nc[fid], values.count(None),
                                                 (f["path"], fld["name"]))
                        present = [raw(v, t) for v in values if v is not None]
                        if t in ("float", "double"):
                            if fid in nanc:
                                self.assertEqual(nanc[fid], sum(1 for v in present if v != v),
                                                 (f["path"], fld["name"], "nan count"))
                            present = [v for v in present if v == v]
                        if not present:
                            continue
                        if isinstance(t, tuple):
                            dec = lambda b: int.from_bytes(bytes.fromhex(b), "big", signed=True)  # noqa
                        else:
                            dec = lambda b, t=t: decoders[t](bytes.fromhex(b))  # noqa
                        lo_v = min(present, key=lambda v: order_key(v, t))
                        hi_v = max(present, key=lambda v: order_key(v, t))
                        if fid in lo:
                            checked += 1
                            self.assertLessEqual(order_key(dec(lo[fid]), t), order_key(lo_v, t),
                                                 (f["path"], fld["name"], "lower bound"))
                        if fid in hi:
                            checked += 1
                            b = dec(hi[fid])
                            if t == "string" and b < hi_v:
                                self.fail(f"{f['path']} {fld['name']}: upper bound {b!r} "
                                          f"below {hi_v!r}")
                            self.assertGreaterEqual(order_key(b, t), order_key(hi_v, t),
                                                    (f["path"], fld["name"], "upper bound"))
        self.assertGreater(checked, 50)
        self.assertGreater(absent, 5)  # the evolving table's old files

    def test_parquet_schema(self):
        """hyparquet's metadata: a data file has exactly the field ids (and names) of the
        schema of the snapshot that added it, with the Iceberg spec's Parquet types."""
        for key, info in self.tables.items():
            added_by = {}  # data file -> the snapshot whose manifest entry ADDED it
            for files in info["files"].values():
                for f in files:
                    if f["content"] == 0 and f["entry"]["status"] == 1:
                        added_by[f["path"]] = (f["entry"]["snapshot_id"]
                                               or f["manifest"]["added_snapshot_id"])
            for path in info["all_files"]:
                pm = self.parquet[path]["meta"]
                schema = pm["schema"]
                if path.endswith("-deletes.parquet"):
                    self.assertEqual([(e["name"], e.get("field_id"), e["type"], e["repetition_type"])
                                      for e in schema[1:]],
                                     [("file_path", 2147483546, "BYTE_ARRAY", "REQUIRED"),
                                      ("pos", 2147483545, "INT64", "REQUIRED")], path)
                    continue
                self.assertIn(path, added_by, f"{key}: no manifest entry added {path}")
                fields = self.snapshot_schema(key, added_by[path])["fields"]
                groups = []  # top-level columns, a list's three elements together
                i = 1
                while i < len(schema):
                    e = schema[i]
                    groups.append(schema[i:i + 1 + 2 * (e.get("num_children", 0) > 0)])
                    i += 1 + (2 if e.get("num_children") else 0)
                self.assertEqual([(g[0].get("field_id"), g[0]["name"]) for g in groups],
                                 [(f["id"], f["name"]) for f in fields], path)
                # parquet-wasm (arrow-rs) sees the same top-level field ids.
                self.assertEqual(self.file_columns(path),
                                 {g[0]["field_id"]: g[0]["name"] for g in groups}, path)
                for f, els in zip(fields, groups):
                    where = (path, f["name"])
                    t = parse_type(f["type"])
                    leaf = els[0]
                    if isinstance(t, tuple) and t[0] == "list":
                        self.assertEqual(els[0]["logical_type"]["type"], "LIST", where)
                        self.assertEqual((els[1]["repetition_type"], els[1]["name"]),
                                         ("REPEATED", "list"), where)
                        leaf = els[2]
                        self.assertEqual(leaf["name"], "element", where)
                        self.assertEqual(leaf.get("field_id"), f["type"]["element-id"], where)
                        t = t[1]
                    self.assertEqual(leaf["repetition_type"],
                                     "REQUIRED" if f.get("required") else "OPTIONAL", where)
                    lt = leaf.get("logical_type") or {}
                    if isinstance(t, tuple):
                        p, s = t[1], t[2]
                        self.assertEqual((lt.get("type"), lt.get("precision"), lt.get("scale")),
                                         ("DECIMAL", p, s), where)
                        if leaf["type"] == "FIXED_LEN_BYTE_ARRAY":
                            need = next(n for n in range(1, 17) if 2 ** (8 * n - 1) > 10 ** p)
                            self.assertEqual(leaf["type_length"], need, where)
                        else:
                            self.assertEqual(leaf["type"], "INT32" if p <= 9 else "INT64", where)
                    elif t in ("timestamp", "timestamptz"):
                        self.assertEqual((leaf["type"], lt.get("type"), lt.get("unit"),
                                          lt.get("isAdjustedToUTC")),
                                         ("INT64", "TIMESTAMP", "MICROS", t == "timestamptz"), where)
                    else:
                        want = {"boolean": ("BOOLEAN", None), "int": ("INT32", None),
                                "long": ("INT64", None), "float": ("FLOAT", None),
                                "double": ("DOUBLE", None), "string": ("BYTE_ARRAY", "STRING"),
                                "date": ("INT32", "DATE"), "uuid": ("FIXED_LEN_BYTE_ARRAY", "UUID")}[t]
                        if t == "uuid":
                            self.assertEqual(leaf["type_length"], 16, where)
                        got = lt.get("type")
                        if got == "INTEGER":
                            self.assertTrue(lt["isSigned"], where)
                            self.assertLessEqual(lt["bitWidth"], 32 if t == "int" else 64, where)
                            got = None
                        self.assertEqual((leaf["type"], got), want, where)

    def test_parquet_values_every_snapshot(self):
        """parquet-wasm rows minus the position deletes == Firn's rows at each checkpoint,
        each snapshot read with its own schema; the current snapshot also with the newest
        version's current schema == Firn's rows at shutdown."""
        compared = 0
        for key, info in self.tables.items():
            for sid in info["snapshots"]:
                schema = self.snapshot_schema(key, sid)
                got, _, _ = self.live_rows_from_parquet(key, sid, schema)
                self.compare(f"{key} snapshot {sid} via parquet-wasm",
                             self.firn_rows(self.served(key, sid), schema), got)
                compared += 1
            current, schema = info["newest"]["current-snapshot-id"], self.schema(key)
            got, _, _ = self.live_rows_from_parquet(key, current, schema)
            self.compare(f"{key} at shutdown via parquet-wasm",
                         self.firn_rows(self.served(key), schema), got)
            self.assertEqual(self.firn_rows(self.served(key, current), schema),
                             self.firn_rows(self.served(key), schema), key)
        self.assertGreaterEqual(compared, 10)
        # The data really covers what the test claims.
        rows = self.firn_rows(self.served(("public", "all_types")),
                              self.schema(("public", "all_types")))
        self.assertGreaterEqual(len(rows), 350)
        for c in range(1, 19):
            self.assertIn(None, [r[c] for r in rows], f"all_types column {c} has no NULL")
        f8 = {r[6] for r in rows}
        self.assertTrue({"NaN", "Infinity", "-Infinity", "-0"} <= f8, f8)
        self.assertTrue({"infinity", "-infinity"} <= {r[13] for r in rows})

    def test_schema_evolution(self):
        """The evolving table (ADD COLUMN between checkpoints): every metadata version keeps
        the older schemas, field ids never change or get reused, new ids are above the
        previous last-column-id, new fields are optional, each snapshot names the schema
        current when it was committed, and the shutdown commits a schema-only version."""
        key = ("public", "evolving")
        info = self.tables[key]
        versions = info["versions"]
        self.assertEqual(sorted(versions), list(range(1, info["newest_n"] + 1)))

        def ids(fields):  # every field id, list element ids too
            return [i for f in fields for i in
                    [f["id"]] + ([f["type"]["element-id"]] if isinstance(f["type"], dict) else [])]

        meaning = {}  # field id -> (name, type) wherever it appears
        evolutions = 0
        for n in sorted(versions):
            meta = versions[n]
            self.assertEqual(len({s["schema-id"] for s in meta["schemas"]}), len(meta["schemas"]))
            used = []
            for sc in meta["schemas"]:
                got = ids(sc["fields"])
                self.assertEqual(len(got), len(set(got)), (n, sc["schema-id"]))
                used += got
                for f in sc["fields"]:
                    self.assertEqual(meaning.setdefault(f["id"], (f["name"], f["type"])),
                                     (f["name"], f["type"]), f"v{n}: field id {f['id']} reused")
            self.assertEqual(meta["last-column-id"], max(used), f"v{n}")
            if n == 1:
                continue
            prev = versions[n - 1]
            self.assertEqual(meta["schemas"][:len(prev["schemas"])], prev["schemas"],
                             f"v{n} drops or changes a schema of v{n - 1}")
            if meta["current-schema-id"] == prev["current-schema-id"]:
                self.assertEqual((meta["schemas"], meta["last-column-id"]),
                                 (prev["schemas"], prev["last-column-id"]), f"v{n}")
                continue
            evolutions += 1
            self.assertNotIn(meta["current-schema-id"], [s["schema-id"] for s in prev["schemas"]])
            old = self.schema(key, meta=prev)["fields"]
            new = self.schema(key, meta=meta)["fields"]
            self.assertEqual(new[:len(old)], old, f"v{n}: existing columns changed")
            added = new[len(old):]
            self.assertTrue(added, f"v{n}")
            for f in added:
                self.assertIs(f["required"], False, (n, f))
                if isinstance(f["type"], dict):
                    self.assertIs(f["type"]["element-required"], False, (n, f))
            self.assertGreater(min(ids(added)), prev["last-column-id"], f"v{n}")
        self.assertEqual(evolutions, 3)
        newest = info["newest"]
        self.assertEqual([[f["name"] for f in sc["fields"]] for sc in newest["schemas"]],
                         [["id", "name", "score"], ["id", "name", "score", "qty", "tags"],
                          ["id", "name", "score", "qty", "tags", "seen", "price"],
                          ["id", "name", "score", "qty", "tags", "seen", "price", "ok"]])

        # Each snapshot names the schema current in the version that committed it, and
        # later versions carry it unchanged.
        schema_ids = set()
        for sid, snap in info["snapshots"].items():
            self.assertIn("schema-id", snap, f"snapshot {sid}")
            first = self.committed_in(key, sid)
            self.assertEqual(snap["schema-id"], versions[first]["current-schema-id"], sid)
            schema_ids.add(snap["schema-id"])
            for n in range(first, info["newest_n"] + 1):
                self.assertIn(snap, versions[n]["snapshots"], (sid, n))
        self.assertEqual(len(info["snapshots"]), 4)
        self.assertEqual(len(schema_ids), 3)  # the fourth snapshot kept the third's schema

        # The shutdown checkpoint only added a column: a new schema, the same snapshots.
        prev = versions[info["newest_n"] - 1]
        for k in ("current-snapshot-id", "snapshots", "last-sequence-number", "refs"):
            self.assertEqual(newest[k], prev[k], k)
        current = info["snapshots"][newest["current-snapshot-id"]]
        self.assertNotEqual(current["schema-id"], newest["current-schema-id"])
        self.assertEqual(self.schema(key)["fields"][-1]["type"], "boolean")
        self.assertEqual([n for n, _ in self.columns[key]],
                         [f["name"] for f in self.schema(key)["fields"]])

        # hyparquet: the live data files were written with three different schemas, each
        # has exactly its schema's field ids; reading them by id gives NULL for a field
        # a file lacks and the value for a field it has.
        live = [f["path"] for f in info["files"][current["snapshot-id"]] if f["content"] == 0]
        id_sets = {frozenset(e["field_id"] for e in self.parquet[p]["meta"]["schema"]
                             if e.get("field_id") is not None) for p in live}
        self.assertEqual(sorted(map(sorted, id_sets)),
                         sorted(sorted(ids(self.schema(key, i)["fields"])) for i in schema_ids))
        schema = self.schema(key)
        rows, _, origin = self.live_rows_from_parquet(key, current["snapshot-id"], schema)
        qty = next(f["id"] for f in schema["fields"] if f["name"] == "qty")
        by_id = {r[0]: r for r in rows}
        lacking = [i for i, p in origin.items() if qty not in self.file_columns(p)]
        having_null = [i for i, p in origin.items()
                       if qty in self.file_columns(p) and by_id[i][3] is None]
        self.assertGreater(len(lacking), 20)
        self.assertGreater(len(having_null), 3)
        self.assertEqual((by_id[5][3], by_id[5][4]), (-7, [1, None]))  # an old row, updated

    def test_partition_tuples(self):
        """The partitioned table: spec, manifest partition tuples, layout, delete files."""
        info = self.tables[("public", "clicks")]
        meta = info["newest"]
        spec = next(s for s in meta["partition-specs"] if s["spec-id"] == meta["default-spec-id"])
        self.assertEqual(spec["fields"], [
            {"source-id": 3, "field-id": 1000, "name": "at_day", "transform": "day"},
            {"source-id": 2, "field-id": 1001, "name": "user_id_bucket", "transform": "bucket[5]"}])
        self.assertEqual(meta["last-partition-id"], 1001)
        epoch = datetime.date(1970, 1, 1)
        checked_rows = delete_files = 0
        tuples = set()
        for sid, files in info["files"].items():
            data_tuple = {f["path"]: (f["entry"]["data_file"]["partition"]["at_day"],
                                      f["entry"]["data_file"]["partition"]["user_id_bucket"])
                          for f in files if f["content"] == 0}
            for f in files:
                m = f["manifest"]
                man = avro(m["manifest_path"])
                self.assertEqual(json.loads(man["metadata"]["partition-spec"]), spec["fields"])
                self.assertEqual(man["metadata"]["partition-spec-id"], "0")
                self.assertEqual(m["partition_spec_id"], 0)
                data_file = next(x for x in man["schema"]["fields"] if x["name"] == "data_file")
                part = next(x for x in data_file["type"]["fields"] if x["name"] == "partition")
                self.assertEqual(part["field-id"], 102)
                self.assertEqual([(x["name"], x["field-id"], x["type"]) for x in
                                  part["type"]["fields"]],
                                 [("at_day", 1000, ["null", {"type": "int", "logicalType": "date"}]),
                                  ("user_id_bucket", 1001, ["null", "int"])])
                tup = f["entry"]["data_file"]["partition"]
                key = (tup["at_day"], tup["user_id_bucket"])
                day = "null" if key[0] is None else key[0]
                bucket = "null" if key[1] is None else str(key[1])
                self.assertIn(f"/data/at_day={day}/user_id_bucket={bucket}/", f["path"])
                if f["content"] == 1:
                    delete_files += 1
                    targets = set(self.parquet[f["path"]]["columns"]["file_path"])
                    self.assertEqual({data_tuple.get(t, "?") for t in targets}, {key}, f["path"])
                    continue
                tuples.add(key)
                cols = self.parquet[f["path"]]["columns"]
                for at, user in zip(cols["at"], cols["user_id"]):
                    want_day = None if at is None else (
                        epoch + datetime.timedelta(days=reader_canon(at, "timestamptz")
                                                   // 86_400_000_000)).isoformat()
                    want_bucket = None if user is None else (
                        murmur3_32(struct.pack("<q", int(user))) & INT32_MAX) % 5
                    self.assertEqual((want_day, want_bucket), key, f["path"])
                    checked_rows += 1
            # The manifest list's summaries bound the data manifests' tuples.
            for m in avro(self.tables[("public", "clicks")]["snapshots"][sid]["manifest-list"])[
                    "records"]:
                if m["content"] != 0:
                    continue
                keys = [(e["data_file"]["partition"]["at_day"],
                         e["data_file"]["partition"]["user_id_bucket"])
                        for e in avro(m["manifest_path"])["records"]]
                for i, summary in enumerate(m["partitions"]):
                    present = [k[i] for k in keys if k[i] is not None]
                    self.assertEqual(summary["contains_null"], len(present) < len(keys))
                    if i == 0:
                        present = [(datetime.date.fromisoformat(d) - epoch).days for d in present]
                    lo = struct.unpack("<i", bytes.fromhex(summary["lower_bound"]))[0]
                    hi = struct.unpack("<i", bytes.fromhex(summary["upper_bound"]))[0]
                    self.assertEqual((lo, hi), (min(present), max(present)))
        self.assertGreater(checked_rows, 250)
        self.assertGreater(delete_files, 3)
        self.assertTrue(any(a is None for a, _ in tuples) and any(b is None for _, b in tuples))
        self.assertTrue(any(a is not None and a < "1970-01-01" for a, _ in tuples), tuples)
        self.assertGreater(len(tuples), 10)

    def test_icebird(self):
        """icebird reads every version over HTTP (with that version's current schema) and
        applies the position deletes itself."""
        ok = absent = 0
        for key, info in self.tables.items():
            for version, meta in sorted(info["versions"].items()):
                sid = meta.get("current-snapshot-id")
                if sid in (None, -1):
                    continue
                schema = self.schema(key, meta=meta)
                fields = [(f["id"], f["name"], parse_type(f["type"])) for f in schema["fields"]]
                spec = f"{self.base}{info['location']}#v{version}.metadata.json"
                res = self.icebird[spec]
                self.assertNotIn("error", res, f"icebird {key} v{version}: {res.get('error')}")
                # Which data file each live row is in (parquet-wasm): icebird returns a field
                # the row's file lacks as undefined (its "null" for a missing field id).
                _, _, origin = self.live_rows_from_parquet(key, sid, schema)
                got = []
                for r in res["rows"]:
                    path = origin.get(reader_canon(r.get(fields[0][1]), fields[0][2]))
                    has = self.file_columns(path) if path else {fid: 0 for fid, _, _ in fields}
                    row = []
                    for fid, name, t in fields:
                        v = r.get(name, {"$missing": True})
                        if fid in has:
                            row.append(reader_canon(v, t, icebird=True))
                        else:
                            absent += 1
                            row.append(None if v in (None, {"$missing": True}) else ("?", v))
                    got.append(tuple(row))
                got.sort(key=lambda r: r[0])
                self.compare(f"{key} v{version} via icebird",
                             self.firn_rows(self.served(key, sid), schema, ms=True), got)
                # It fetched every live data and delete file of the snapshot over HTTP.
                fetched = {urllib.parse.urlsplit(u).path for u in res["fetched"]}
                for f in info["files"][sid]:
                    self.assertIn(f["path"], fetched, f"icebird {key} v{version}")
                ok += 1
            latest = self.icebird[f"{self.base}{info['location']}"]
            self.assertNotIn("error", latest, f"icebird {key} via version-hint: "
                                              f"{latest.get('error')}")
            self.assertEqual(len(latest["rows"]), len(self.final[key]), key)
            self.assertEqual(set(latest["rows"][0]) if latest["rows"] else set(),
                             {f["name"] for f in self.schema(key)["fields"]}, key)
        self.assertGreaterEqual(ok, 10)
        self.assertGreater(absent, 100)  # the evolving table's old files
        self.assertFalse([p for p in DataDirHandler.requested
                          if not p.startswith(self.data + os.sep)])


if __name__ == "__main__":
    sys.exit(clientlib.run(IcebergReadersTest, needs_dsn=False))
