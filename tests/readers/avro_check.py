#!/usr/bin/python3
"""Reads an Avro object container file with the Apache Avro Python library (Debian
python3-avro), an implementation independent of Firn's, and prints it as one JSON object:

  {"codec": ..., "metadata": {key: value, ...}, "schema": <writer schema JSON>,
   "records": [...]}

bytes values (and fixed) are printed as lowercase hex strings, dates/timestamps in ISO form,
decimals as strings; metadata values are decoded
as UTF-8. Exit status 1 with a message on stderr when the file cannot be read.

Usage: avro_check.py FILE
"""

import datetime
import decimal
import json
import sys

import avro.datafile
import avro.io


def plain(value):
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(argv[1], "rb") as f:
            reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
            meta = {k: v.decode("utf-8") for k, v in reader.meta.items()}
            records = [plain(r) for r in reader]
            reader.close()
    except Exception as e:  # any failure to read is the answer
        print(f"avro_check: {argv[1]}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    out = {
        "codec": meta.get("avro.codec", "null"),
        "metadata": {k: v for k, v in meta.items() if not k.startswith("avro.")},
        "schema": json.loads(meta["avro.schema"]),
        "records": records,
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
