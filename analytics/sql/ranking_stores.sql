-- Cumulative digital stores (commune reports, as in coverage.sql) per unit of one level at
-- four dates, for the growth criteria: code, stores_0 .. stores_3 (0 when nothing reported).
-- Parameters: $level ('district'|'commune'|'village'), $district, $commune (codes or NULL),
-- $d0, $d1, $d2, $d3 (DATEs; a NULL date gives NULL counts).
WITH
tree AS (
    SELECT v.code AS unit_code, v.code AS village_code, c.code AS commune_code, d.code AS district_code
    FROM unit_current v
    JOIN unit c ON c.code = v.parent_code
    LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
    WHERE v.level = 'village'
    UNION ALL
    SELECT c.code, NULL, c.code, d.code
    FROM unit c LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
    WHERE c.level = 'commune'
),
graded AS (
    SELECT unit_code,
           CASE $level WHEN 'village' THEN village_code WHEN 'commune' THEN commune_code
                       ELSE district_code END AS grain
    FROM tree
    WHERE ($district IS NULL OR district_code = $district)
      AND ($commune IS NULL OR commune_code = $commune)
),
sums AS (
    SELECT unit_code,
           sum(value) FILTER (WHERE report_date <= $d0) AS s0,
           sum(value) FILTER (WHERE report_date <= $d1) AS s1,
           sum(value) FILTER (WHERE report_date <= $d2) AS s2,
           sum(value) FILTER (WHERE report_date <= $d3) AS s3
    FROM report_effective
    WHERE source = 'commune' AND indicator = 'stores'
    GROUP BY unit_code
)
SELECT g.grain AS code,
       CASE WHEN $d0 IS NOT NULL THEN coalesce(sum(s.s0), 0) END::BIGINT AS stores_0,
       CASE WHEN $d1 IS NOT NULL THEN coalesce(sum(s.s1), 0) END::BIGINT AS stores_1,
       CASE WHEN $d2 IS NOT NULL THEN coalesce(sum(s.s2), 0) END::BIGINT AS stores_2,
       CASE WHEN $d3 IS NOT NULL THEN coalesce(sum(s.s3), 0) END::BIGINT AS stores_3
FROM graded g
LEFT JOIN sums s ON s.unit_code = g.unit_code
WHERE g.grain IS NOT NULL
GROUP BY g.grain
ORDER BY g.grain
