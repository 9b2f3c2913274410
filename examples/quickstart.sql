-- A first look at Firn: run with
--   psql -h 127.0.0.1 -p 5433 -U firn -f examples/quickstart.sql
DROP MATERIALIZED VIEW IF EXISTS user_features;
DROP TABLE IF EXISTS transactions;
DROP TABLE IF EXISTS labels;
CREATE TABLE transactions (
  txn_id bigint, user_id bigint, merchant_id bigint,
  amount double precision, status text, event_time timestamptz
) WITH (event_time = 'event_time');

INSERT INTO transactions VALUES
  (1, 42, 7, 12.50, 'approved', '2026-01-01 10:00+00'),
  (2, 42, 9, 99.99, 'declined', '2026-01-02 11:30+00'),
  (3, 17, 7, 5.25,  'approved', '2026-01-03 09:15+00'),
  (4, 42, 7, 40.00, 'approved', '2026-01-05 18:45+00');

-- A feature view: defined once; now() is the instant it is evaluated at.
CREATE MATERIALIZED VIEW user_features WITH (entity = 'user_id') AS
SELECT user_id,
       count(*) FILTER (WHERE event_time > now() - interval '7 days')             AS txn_count_7d,
       sum(amount) FILTER (WHERE event_time > now() - interval '30 days')         AS amount_30d,
       count(DISTINCT merchant_id)                                                AS merchants,
       round((count(*) FILTER (WHERE status = 'declined'))::numeric / count(*), 4) AS decline_rate
FROM transactions
GROUP BY user_id;

-- Online, as of a pinned clock (the test clock; leave it unset to use the real now()).
SET firn.now = '2026-01-06 00:00+00';
SELECT * FROM user_features WHERE user_id = 42;
RESET firn.now;

-- Point in time: the same view as of each label's time, with no leakage from later rows.
CREATE TABLE labels (user_id bigint, label_time timestamptz, fraud bool);
INSERT INTO labels VALUES (42, '2026-01-02 12:00+00', true), (42, '2026-01-06 00:00+00', false),
                          (17, '2026-01-02 00:00+00', false);
SELECT l.user_id, l.label_time, l.fraud, f.txn_count_7d, f.amount_30d, f.decline_rate
FROM labels l LEFT JOIN user_features f ON f.user_id = l.user_id AND f.as_of = l.label_time
ORDER BY l.user_id, l.label_time;
