-- Replace the derived rows of the families re-derived (touched_families, from
-- report_observations.sql) with the rows derived from their observations (ingest_derived).
DELETE FROM report_current c
USING unit u, touched_families f
WHERE u.code = c.unit_code AND f.family = CASE u.level WHEN 'village' THEN u.parent_code ELSE u.code END
  AND f.indicator = c.indicator AND f.source = c.source;

INSERT INTO report_current (unit_code, report_date, indicator, source, value, upload_id, received_at, opening, superseded)
SELECT unit_code, CAST(report_date AS DATE), indicator, source, value, upload_id, CAST(received_at AS TIMESTAMP),
       opening, superseded
FROM ingest_derived;

DROP TABLE touched_families;
