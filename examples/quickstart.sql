-- A first look at Firn: run with
--   psql -h 127.0.0.1 -p 5433 -U firn -f examples/quickstart.sql
DROP TABLE IF EXISTS transactions;
CREATE TABLE transactions (
  txn_id bigint, user_id bigint, merchant_id bigint,
  amount double precision, status text, event_time timestamptz
) WITH (event_time = 'event_time');

INSERT INTO transactions VALUES
  (1, 42, 7, 12.50, 'approved', '2026-01-01 10:00+00'),
  (2, 42, 9, 99.99, 'declined', '2026-01-02 11:30+00'),
  (3, 17, 7, 5.25,  'approved', '2026-01-03 09:15+00'),
  (4, 42, 7, 40.00, 'approved', '2026-01-05 18:45+00');

-- Per-user features over the last 7 days as of 2026-01-06.
SELECT user_id,
       count(*) FILTER (WHERE event_time > timestamptz '2026-01-06' - interval '7 days') AS txn_count_7d,
       sum(amount)                                                              AS total_amount,
       count(DISTINCT merchant_id)                                              AS merchants,
       round((count(*) FILTER (WHERE status = 'declined'))::numeric / count(*), 4) AS decline_rate
FROM transactions
GROUP BY user_id
ORDER BY user_id;

SELECT status, count(*), avg(amount) FROM transactions GROUP BY status ORDER BY status;
