-- One row per commune and expected reporting day: the days of its phase (its own, or its
-- district's; on a hierarchy without districts the district columns are NULL) inside
-- [$start, $end]. Columns: commune_code, commune_name, commune_short, district_code,
-- district_name, district_short, phase, report_date, received_at (the first commune report of
-- that day among live uploads: a later correction does not make an on-time report late; a
-- commune total counts even where village detail wins for the figures; an opening balance is
-- no report of its day),
-- status ('on_time' | 'late' | 'missing').
-- Parameters: $start, $end (DATE), $deadline (TIME), $district, $commune (codes or NULL),
-- $campaign_start, $campaign_end (DATE: the days of a commune without a phase).
WITH
communes AS (
    SELECT c.code AS commune_code, c.name AS commune_name, c.short_name AS commune_short,
           d.code AS district_code, d.name AS district_name, d.short_name AS district_short,
           coalesce(c.phase, d.phase) AS phase,
           coalesce(p.start_date, $campaign_start::DATE) AS phase_start,
           coalesce(p.end_date, $campaign_end::DATE) AS phase_end
    FROM unit c
    LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
    LEFT JOIN phase p ON p.number = coalesce(c.phase, d.phase)
    WHERE c.level = 'commune'
      AND ($district IS NULL OR d.code = $district)
      AND ($commune IS NULL OR c.code = $commune)
),
calendar AS (
    SELECT CAST(g.d AS DATE) AS report_date
    FROM generate_series($start::DATE, $end::DATE, INTERVAL 1 DAY) g(d)
),
expected AS (
    SELECT c.*, k.report_date
    FROM communes c
    JOIN calendar k ON k.report_date BETWEEN c.phase_start AND c.phase_end
),
reporting_unit AS (
    -- communes report per village (demo, imports) or as a whole commune
    SELECT code AS unit_code, parent_code AS commune_code FROM unit WHERE level = 'village'
    UNION ALL
    SELECT code, code FROM unit WHERE level = 'commune'
),
received AS (
    SELECT ru.commune_code, r.report_date, min(r.received_at) AS received_at
    FROM report r
    JOIN reporting_unit ru ON ru.unit_code = r.unit_code
    WHERE r.source = 'commune'
      AND NOT coalesce(r.opening, false)
      AND r.report_date BETWEEN $start::DATE AND $end::DATE
      AND r.upload_id IN (SELECT id FROM live_upload)
    GROUP BY ru.commune_code, r.report_date
)
SELECT e.commune_code, e.commune_name, e.commune_short, e.district_code, e.district_name,
       e.district_short, e.phase, e.report_date, r.received_at,
       CASE WHEN r.received_at IS NULL THEN 'missing'
            WHEN r.received_at <= e.report_date + $deadline::TIME THEN 'on_time'
            ELSE 'late' END AS status
FROM expected e
LEFT JOIN received r ON r.commune_code = e.commune_code AND r.report_date = e.report_date
ORDER BY e.district_code NULLS FIRST, e.commune_code, e.report_date
