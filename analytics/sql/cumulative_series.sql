-- Cumulative commune-reported stores, accounts and trading households per day in a scope.
-- Parameters: $start, $end (DATE), $district, $commune, $village (codes or NULL).
WITH
tree AS (
    SELECT v.code AS unit_code, v.code AS village_code, c.code AS commune_code, c.parent_code AS district_code,
           v.households
    FROM unit_current v JOIN unit c ON c.code = v.parent_code
    WHERE v.level = 'village'
    UNION ALL
    SELECT c.code, NULL, c.code, c.parent_code, NULL FROM unit c WHERE c.level = 'commune'
),
scope AS (
    SELECT * FROM tree
    WHERE ($district IS NULL OR district_code = $district)
      AND ($commune IS NULL OR commune_code = $commune)
      AND ($village IS NULL OR village_code = $village)
),
daily AS (
    SELECT r.report_date,
           sum(r.value) FILTER (WHERE r.indicator = 'stores') AS stores,
           sum(r.value) FILTER (WHERE r.indicator = 'accounts') AS accounts,
           sum(r.value) FILTER (WHERE r.indicator = 'active') AS active
    FROM report_effective r JOIN scope s ON s.unit_code = r.unit_code
    WHERE r.source = 'commune' AND r.report_date <= $end
    GROUP BY r.report_date
),
days AS (
    SELECT CAST(d AS DATE) AS date FROM generate_series($start::DATE, $end::DATE, INTERVAL 1 DAY) g(d)
),
before_start AS (
    SELECT coalesce(sum(stores), 0) AS stores, coalesce(sum(accounts), 0) AS accounts,
           coalesce(sum(active), 0) AS active
    FROM daily WHERE report_date < $start
),
households AS (SELECT coalesce(sum(households), 0) AS households FROM scope)
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
