-- Village detail and commune totals are two granularities of one fact: for each commune, day,
-- indicator and source, the villages' rows win where any exists and the commune's own total is
-- then only a cross-check. report_current.superseded marks those commune totals (kept in step by
-- report_current_refresh.sql); report_effective is what every figure reads.
-- report.opening marks an opening balance (stores opened before a unit's first report, dated the
-- day before it): a figure, but no report received that day.
ALTER TABLE report ADD COLUMN opening BOOLEAN DEFAULT false;
ALTER TABLE report_current ADD COLUMN opening BOOLEAN DEFAULT false;
ALTER TABLE report_current ADD COLUMN superseded BOOLEAN DEFAULT false;

UPDATE report_current c SET superseded = true
FROM (
    SELECT DISTINCT v.parent_code AS commune_code, r.report_date, r.indicator, r.source
    FROM report_current r JOIN unit v ON v.code = r.unit_code AND v.level = 'village'
) d
WHERE c.unit_code = d.commune_code AND c.report_date = d.report_date
  AND c.indicator = d.indicator AND c.source = d.source;

CREATE VIEW report_effective AS
SELECT unit_code, report_date, indicator, source, value, upload_id, received_at, opening
FROM report_current
WHERE NOT superseded;
