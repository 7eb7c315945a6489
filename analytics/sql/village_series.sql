-- Cumulative commune-reported stores, accounts and trading households of one village per day.
-- One row per day from $start to $end: date, households, stores, accounts, active, stores_pct,
-- accounts_pct, active_pct. Parameters: $village (code), $start, $end (DATE).
WITH
daily AS (
    SELECT report_date,
           sum(value) FILTER (WHERE indicator = 'stores') AS stores,
           sum(value) FILTER (WHERE indicator = 'accounts') AS accounts,
           sum(value) FILTER (WHERE indicator = 'active') AS active
    FROM report_current
    WHERE unit_code = $village AND source = 'commune' AND report_date <= $end
    GROUP BY report_date
),
days AS (
    SELECT CAST(d AS DATE) AS date FROM generate_series($start::DATE, $end::DATE, INTERVAL 1 DAY) g(d)
),
before_start AS (
    SELECT coalesce(sum(stores), 0) AS stores, coalesce(sum(accounts), 0) AS accounts,
           coalesce(sum(active), 0) AS active
    FROM daily WHERE report_date < $start
),
households AS (
    SELECT coalesce(max(households), 0) AS households FROM unit_current WHERE code = $village
)
SELECT d.date, h.households,
       (b.stores + sum(coalesce(x.stores, 0)) OVER w)::BIGINT AS stores,
       (b.accounts + sum(coalesce(x.accounts, 0)) OVER w)::BIGINT AS accounts,
       (b.active + sum(coalesce(x.active, 0)) OVER w)::BIGINT AS active,
       round(100.0 * (b.stores + sum(coalesce(x.stores, 0)) OVER w) / nullif(h.households, 0), 2) AS stores_pct,
       round(100.0 * (b.accounts + sum(coalesce(x.accounts, 0)) OVER w) / nullif(h.households, 0), 2) AS accounts_pct,
       round(100.0 * (b.active + sum(coalesce(x.active, 0)) OVER w) / nullif(h.households, 0), 2) AS active_pct
FROM days d
CROSS JOIN before_start b
CROSS JOIN households h
LEFT JOIN daily x ON x.report_date = d.date
WINDOW w AS (ORDER BY d.date ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
ORDER BY d.date
