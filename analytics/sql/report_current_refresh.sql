-- Re-derive report_current for every key written by the uploads $ids (new, undone or redone):
-- the latest value among live uploads wins. Parameters: $ids (list of upload ids).
CREATE OR REPLACE TEMP TABLE touched_keys AS
SELECT DISTINCT unit_code, report_date, indicator, source
FROM report
WHERE upload_id IN (SELECT unnest($ids));

DELETE FROM report_current c
USING touched_keys k
WHERE c.unit_code = k.unit_code AND c.report_date = k.report_date
  AND c.indicator = k.indicator AND c.source = k.source;

INSERT INTO report_current
SELECT r.unit_code, r.report_date, r.indicator, r.source, r.value, r.upload_id, r.received_at
FROM report r
JOIN touched_keys k USING (unit_code, report_date, indicator, source)
WHERE r.upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (PARTITION BY r.unit_code, r.report_date, r.indicator, r.source
                           ORDER BY r.upload_id DESC) = 1;

DROP TABLE touched_keys;
