-- Daily new counts per commune up to a date, from the live reports (one pass over
-- report_effective). One row per commune and report_date with any report: commune_code,
-- report_date, stores, accounts, active (commune reports, villages summed), enterprise_stores,
-- enterprise_accounts, orders (the postal partner's reports).
-- Parameters: $end (DATE), $district (code or NULL).
WITH
reporting_unit AS (
    SELECT v.code AS unit_code, c.code AS commune_code, c.parent_code AS district_code
    FROM unit v JOIN unit c ON c.code = v.parent_code
    WHERE v.level = 'village'
    UNION ALL
    SELECT code, code, parent_code FROM unit WHERE level = 'commune'
)
SELECT ru.commune_code, r.report_date,
       coalesce(sum(r.value) FILTER (WHERE r.source = 'commune' AND r.indicator = 'stores'), 0) AS stores,
       coalesce(sum(r.value) FILTER (WHERE r.source = 'commune' AND r.indicator = 'accounts'), 0) AS accounts,
       coalesce(sum(r.value) FILTER (WHERE r.source = 'commune' AND r.indicator = 'active'), 0) AS active,
       coalesce(sum(r.value) FILTER (WHERE r.source <> 'commune' AND r.indicator = 'stores'), 0) AS enterprise_stores,
       coalesce(sum(r.value) FILTER (WHERE r.source <> 'commune' AND r.indicator = 'accounts'), 0) AS enterprise_accounts,
       coalesce(sum(r.value) FILTER (WHERE r.source <> 'commune' AND r.indicator = 'orders'), 0) AS orders
FROM report_effective r
JOIN reporting_unit ru ON ru.unit_code = r.unit_code
WHERE r.report_date <= $end
  AND ($district IS NULL OR ru.district_code = $district)
GROUP BY ru.commune_code, r.report_date
ORDER BY ru.commune_code, r.report_date
