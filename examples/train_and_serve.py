#!/usr/bin/env python3
"""Train a model on point-in-time-correct features from Firn, then serve the same features
online — one feature definition, no pipeline in between (docs/features.md).

    FIRN_DSN="host=127.0.0.1 port=5433 user=firn dbname=firn" python3 examples/train_and_serve.py

Needs psycopg2, pandas and scikit-learn (Debian: python3-psycopg2 python3-pandas
python3-sklearn). Creates the tables `demo_transactions` and `demo_labels` and the view
`demo_user_features` (dropping them first), so point it at a scratch database.
"""

import datetime as dt
import os
import random
import sys

import pandas as pd
import psycopg2
import psycopg2.extras
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

DSN = os.environ.get("FIRN_DSN", "host=127.0.0.1 port=5433 user=firn dbname=firn")
START = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
FEATURES = ["txn_count_7d", "amount_30d", "decline_rate_30d", "merchants_90d", "max_amount_24h"]


def generate(rng, users=300, days=60):
    """Events and labels: risky users decline more and spend in bursts; labels say whether a
    user was flagged at an instant, from behaviour up to then."""
    events, labels = [], []
    txn = 0
    for user in range(users):
        risky = rng.random() < 0.3
        for _ in range(rng.randint(5, 60)):
            at = START + dt.timedelta(seconds=rng.uniform(0, days * 86400))
            declined = rng.random() < (0.35 if risky else 0.05)
            amount = round(rng.uniform(5, 900 if risky else 200), 2)
            txn += 1
            events.append((txn, user, rng.randint(1, 40), amount,
                           "declined" if declined else "approved", at))
        for _ in range(3):
            at = START + dt.timedelta(days=rng.uniform(10, days))
            labels.append((user, at, int(risky and rng.random() < 0.9)))
    rng.shuffle(events)  # arrival order is not event-time order
    return events, labels


def main():
    rng = random.Random(7)
    events, labels = generate(rng)
    conn = psycopg2.connect(DSN)
    conn.autocommit = True
    cur = conn.cursor()
    cur.execute("DROP MATERIALIZED VIEW IF EXISTS demo_user_features")
    cur.execute("DROP TABLE IF EXISTS demo_transactions")
    cur.execute("DROP TABLE IF EXISTS demo_labels")
    cur.execute("""CREATE TABLE demo_transactions (txn_id bigint, user_id bigint,
                   merchant_id bigint, amount double precision, status text,
                   event_time timestamptz) WITH (event_time = 'event_time')""")
    cur.execute("CREATE TABLE demo_labels (user_id bigint, label_time timestamptz, flagged int)")
    psycopg2.extras.execute_values(cur, "INSERT INTO demo_transactions VALUES %s", events)
    psycopg2.extras.execute_values(cur, "INSERT INTO demo_labels VALUES %s", labels)

    # Defined once: this is what training reads as of each label and serving reads as of now.
    cur.execute("""
        CREATE MATERIALIZED VIEW demo_user_features WITH (entity = 'user_id') AS
        SELECT user_id,
               count(*) FILTER (WHERE event_time > now() - interval '7 days') AS txn_count_7d,
               coalesce(sum(amount) FILTER (WHERE event_time > now() - interval '30 days'), 0)
                 AS amount_30d,
               (count(*) FILTER (WHERE status = 'declined'
                                   AND event_time > now() - interval '30 days'))::float8
                 / greatest(count(*) FILTER (WHERE event_time > now() - interval '30 days'), 1)
                 AS decline_rate_30d,
               count(DISTINCT merchant_id) FILTER (WHERE event_time > now() - interval '90 days')
                 AS merchants_90d,
               coalesce(max(amount) FILTER (WHERE event_time > now() - interval '24 hours'), 0)
                 AS max_amount_24h
        FROM demo_transactions GROUP BY user_id""")

    # Training set: every label joined with the features as of its own time.
    cur.execute(f"""
        SELECT l.user_id, l.label_time, l.flagged, {", ".join("f." + c for c in FEATURES)}
        FROM demo_labels l
        LEFT JOIN demo_user_features f ON f.user_id = l.user_id AND f.as_of = l.label_time
        ORDER BY l.user_id, l.label_time""")
    train = pd.DataFrame(cur.fetchall(), columns=["user_id", "label_time", "flagged", *FEATURES])
    train[FEATURES] = train[FEATURES].astype(float).fillna(0.0)
    model = LogisticRegression(max_iter=1000).fit(train[FEATURES], train["flagged"])
    auc = roc_auc_score(train["flagged"], model.predict_proba(train[FEATURES])[:, 1])
    print(f"training set: {len(train)} labels, {int(train['flagged'].sum())} flagged; "
          f"training AUC {auc:.3f}")

    # Serving: the online lookup at a label's instant returns the very row training used.
    mismatches = 0
    for row in train.sample(25, random_state=1).itertuples():
        cur.execute("SET firn.now = %s", (row.label_time.isoformat(),))
        cur.execute(f"SELECT {', '.join(FEATURES)} FROM demo_user_features WHERE user_id = %s",
                    (row.user_id,))
        online = cur.fetchone()
        online = [float(v) for v in online] if online else [0.0] * len(FEATURES)
        offline = [getattr(row, c) for c in FEATURES]
        if online != offline:
            mismatches += 1
            print(f"user {row.user_id} at {row.label_time}: online {online} != training {offline}")
    cur.execute("RESET firn.now")
    if mismatches:
        print(f"{mismatches} online lookups differ from the training set")
        return 1
    print("online == training: 25 of 25 sampled lookups are identical")

    # Score a few users now, from the online path.
    cur.execute("SET firn.now = %s", ((START + dt.timedelta(days=60)).isoformat(),))
    cur.execute(f"SELECT user_id, {', '.join(FEATURES)} FROM demo_user_features "
                "WHERE user_id = ANY(%s) ORDER BY user_id", ([0, 1, 2, 3, 4],))
    live = pd.DataFrame(cur.fetchall(), columns=["user_id", *FEATURES])
    live[FEATURES] = live[FEATURES].astype(float)
    for user, p in zip(live["user_id"], model.predict_proba(live[FEATURES])[:, 1]):
        print(f"user {user}: risk {p:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
