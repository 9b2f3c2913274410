#!/usr/bin/python3
"""Generates the "fraud" workload of bench/ (issue 5) as CSV, deterministically from a seed.

    bench/generate.py --out DIR [--scale small|default] [--seed N]

Writes DIR/transactions.csv and DIR/labels.csv (no header) and DIR/workload.json (the
parameters and row counts).

transactions(txn_id bigint, user_id bigint, merchant_id bigint, amount double precision,
             status text, event_time timestamp)
  - event times uniform (microseconds) over the 90 days ending 2026-01-01 00:00 UTC,
    txn_id = 1..N in event-time order (the file is written in that order);
  - user popularity Zipf-Mandelbrot: p(rank k) ∝ (k + U/100)^-1.05, k = 1..U, over a
    random permutation of the user ids 1..U;
  - merchant_id uniform over 1..10,000;
  - amount lognormal(mu=3.5, sigma=1.0) rounded to cents, at least 0.01;
  - status 'declined' with probability 0.05, else 'approved'.
labels(label_id bigint, user_id bigint, label_time timestamp, label int)
  - label_id = 1..L in file order, users drawn like the events, label_time uniform
    (microseconds) over the 60 days ending 2026-01-01, label 1 with probability 0.05 else
    0 (not specified by the issue); the training-set benchmark reads the first labels.

Needs Debian's python3-numpy (run with /usr/bin/python3).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

SCALES = {
    # events, users, labels
    "small": (1_000_000, 10_000, 100_000),
    "default": (10_000_000, 100_000, 1_000_000),
}
MERCHANTS = 10_000
END_US = 1_767_225_600_000_000  # 2026-01-01 00:00:00 UTC in microseconds since the epoch
DAY_US = 86_400 * 1_000_000
CHUNK = 500_000


def user_sampler(rng, n_users):
    """Returns a function drawing user ids with Zipf-Mandelbrot popularity."""
    ranks = np.arange(1, n_users + 1, dtype=np.float64)
    weights = (ranks + n_users / 100.0) ** -1.05
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    perm = rng.permutation(n_users) + 1  # user id of rank k is perm[k-1]

    def draw(n):
        idx = np.searchsorted(cdf, rng.random(n), side="right")
        np.minimum(idx, n_users - 1, out=idx)
        return perm[idx]

    return draw


def format_timestamps(us):
    """'YYYY-MM-DD HH:MM:SS.ffffff' strings for int64 microseconds since the epoch."""
    s = np.datetime_as_string(us.astype("datetime64[us]"), unit="us")
    return np.char.replace(s, "T", " ")


def utc_text(us):
    return str(np.datetime64(int(us), "us").astype("datetime64[s]")).replace("T", " ")


def write_transactions(path, rng, n_events, draw_user):
    span = 90 * DAY_US  # as in main's events_from_utc
    times = np.sort(rng.integers(END_US - span, END_US, size=n_events, dtype=np.int64))
    users = draw_user(n_events)
    merchants = rng.integers(1, MERCHANTS + 1, size=n_events, dtype=np.int64)
    amounts = np.maximum(np.round(rng.lognormal(3.5, 1.0, size=n_events), 2), 0.01)
    declined = rng.random(n_events) < 0.05
    stats = {
        "declined": int(declined.sum()),
        "approved": int(n_events - declined.sum()),
        "max_events_per_user": int(np.bincount(users).max()),
        "amount_sum": float(amounts.sum()),
    }
    with open(path, "w", encoding="ascii", newline="\n") as out:
        for lo in range(0, n_events, CHUNK):
            hi = min(lo + CHUNK, n_events)
            ts = format_timestamps(times[lo:hi]).tolist()
            st = np.where(declined[lo:hi], "declined", "approved").tolist()
            am = [f"{a:.2f}" for a in amounts[lo:hi].tolist()]
            rows = zip(range(lo + 1, hi + 1), users[lo:hi].tolist(),
                       merchants[lo:hi].tolist(), am, st, ts)
            out.write("".join("%d,%d,%d,%s,%s,%s\n" % r for r in rows))
    return stats


def write_labels(path, rng, n_labels, draw_user):
    users = draw_user(n_labels)
    times = rng.integers(END_US - 60 * DAY_US, END_US, size=n_labels, dtype=np.int64)
    labels = (rng.random(n_labels) < 0.05).astype(np.int64)
    with open(path, "w", encoding="ascii", newline="\n") as out:
        for lo in range(0, n_labels, CHUNK):
            hi = min(lo + CHUNK, n_labels)
            ts = format_timestamps(times[lo:hi]).tolist()
            rows = zip(range(lo + 1, hi + 1), users[lo:hi].tolist(), ts,
                       labels[lo:hi].tolist())
            out.write("".join("%d,%d,%s,%d\n" % r for r in rows))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", choices=sorted(SCALES), default="small")
    ap.add_argument("--seed", type=int, default=20260101)
    args = ap.parse_args()
    n_events, n_users, n_labels = SCALES[args.scale]
    os.makedirs(args.out, exist_ok=True)
    t0 = time.monotonic()
    rng = np.random.default_rng(args.seed)
    draw_user = user_sampler(rng, n_users)
    stats = write_transactions(os.path.join(args.out, "transactions.csv"), rng, n_events,
                               draw_user)
    write_labels(os.path.join(args.out, "labels.csv"), rng, n_labels, draw_user)
    meta = {
        "workload": "fraud",
        "scale": args.scale,
        "seed": args.seed,
        "events": n_events,
        "users": n_users,
        "merchants": MERCHANTS,
        "labels": n_labels,
        # Event times are in [events_from_utc, events_until_utc), label times in
        # [labels_from_utc, events_until_utc); the CSV timestamps are UTC, without a zone.
        "events_from_utc": utc_text(END_US - 90 * DAY_US),
        "events_until_utc": utc_text(END_US),
        "labels_from_utc": utc_text(END_US - 60 * DAY_US),
        "numpy": np.__version__,
        "transactions": stats,
        "seconds": round(time.monotonic() - t0, 2),
    }
    with open(os.path.join(args.out, "workload.json"), "w") as f:
        json.dump(meta, f, indent=2)
    print(json.dumps(meta), file=sys.stderr)


if __name__ == "__main__":
    main()
