-- The live observations of every family touched by the uploads $ids (new, undone or redone):
-- a family is a commune with its villages, or a unit alone; its series are re-derived together
-- (analytics.increments). Per unit, day, indicator, source and kind (daily or cumulative), the
-- latest live upload's observation wins. touched_families stays for report_current_replace.sql.
-- Parameters: $ids (list of upload ids).
CREATE OR REPLACE TEMP TABLE touched_families AS
SELECT DISTINCT CASE u.level WHEN 'village' THEN u.parent_code ELSE u.code END AS family, r.indicator, r.source
FROM report r JOIN unit u ON u.code = r.unit_code
WHERE r.upload_id IN (SELECT unnest($ids));

SELECT r.unit_code, u.level, t.family, r.report_date, r.indicator, r.source, coalesce(r.cumulative, false) AS cumulative,
       r.value, r.upload_id, r.received_at, coalesce(r.opening, false) AS opening
FROM report r
JOIN unit u ON u.code = r.unit_code
JOIN touched_families t ON t.family = CASE u.level WHEN 'village' THEN u.parent_code ELSE u.code END
                       AND t.indicator = r.indicator AND t.source = r.source
WHERE r.upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (PARTITION BY r.unit_code, r.report_date, r.indicator, r.source, coalesce(r.cumulative, false)
                           ORDER BY r.upload_id DESC) = 1;
