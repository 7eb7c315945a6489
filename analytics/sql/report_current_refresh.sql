-- Re-derive report_current for every key written by the uploads $ids (new, undone or redone):
-- the latest value among live uploads wins. Then re-derive `superseded` for the commune totals
-- of the communes and days touched (directly or through one of their villages): a commune total
-- is superseded while any live village row of that commune has the same day, indicator and source.
-- Parameters: $ids (list of upload ids).
CREATE OR REPLACE TEMP TABLE touched_keys AS
SELECT DISTINCT unit_code, report_date, indicator, source
FROM report
WHERE upload_id IN (SELECT unnest($ids));

DELETE FROM report_current c
USING touched_keys k
WHERE c.unit_code = k.unit_code AND c.report_date = k.report_date
  AND c.indicator = k.indicator AND c.source = k.source;

INSERT INTO report_current (unit_code, report_date, indicator, source, value, upload_id, received_at, opening, superseded)
SELECT r.unit_code, r.report_date, r.indicator, r.source, r.value, r.upload_id, r.received_at,
       coalesce(r.opening, false), false
FROM report r
JOIN touched_keys k USING (unit_code, report_date, indicator, source)
WHERE r.upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (PARTITION BY r.unit_code, r.report_date, r.indicator, r.source
                           ORDER BY r.upload_id DESC) = 1;

CREATE OR REPLACE TEMP TABLE touched_communes AS
SELECT DISTINCT CASE u.level WHEN 'village' THEN u.parent_code ELSE u.code END AS commune_code,
       k.report_date, k.indicator, k.source
FROM touched_keys k JOIN unit u ON u.code = k.unit_code
WHERE u.level IN ('commune', 'village');

UPDATE report_current c SET superseded = false
FROM touched_communes t
WHERE c.unit_code = t.commune_code AND c.report_date = t.report_date
  AND c.indicator = t.indicator AND c.source = t.source;

UPDATE report_current c SET superseded = true
FROM (
    SELECT DISTINCT t.commune_code, t.report_date, t.indicator, t.source
    FROM touched_communes t
    JOIN unit v ON v.parent_code = t.commune_code AND v.level = 'village'
    JOIN report_current r ON r.unit_code = v.code AND r.report_date = t.report_date
                         AND r.indicator = t.indicator AND r.source = t.source
) d
WHERE c.unit_code = d.commune_code AND c.report_date = d.report_date
  AND c.indicator = d.indicator AND c.source = d.source;

DROP TABLE touched_communes;

DROP TABLE touched_keys;
