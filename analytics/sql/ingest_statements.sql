-- Statements of the Excel import (analytics/ingest). Each starts with a `-- name:` line and is
-- loaded by analytics.ingest.statements.statement(name). Registered DataFrames are named ingest_*.

-- name: units
-- Every unit with the full names of its district and (villages) commune, and whether it is live
-- (villages: a live households upload). On a hierarchy without districts the district is NULL.
SELECT u.code, u.name, u.short_name, u.kind, u.level, u.parent_code, u.name_key, u.loose_key,
       CASE u.level WHEN 'district' THEN u.code ELSE d.code END AS district_code,
       coalesce(d.name, '') AS district_name,
       coalesce(c.name, '') AS commune_name,
       (u.level <> 'village' OR h.village_code IS NOT NULL) AS live,
       h.households
FROM unit u
LEFT JOIN unit c ON c.code = u.parent_code AND u.level = 'village'
LEFT JOIN unit d ON d.code = CASE u.level WHEN 'commune' THEN u.parent_code
                                          WHEN 'village' THEN c.parent_code END
                AND d.level = 'district'
LEFT JOIN village_households_current h ON h.village_code = u.code
ORDER BY u.code;

-- name: live_upload_by_sha
SELECT id, kind, source FROM upload
WHERE sha256 = ? AND status = 'accepted' AND undone_at IS NULL
ORDER BY id DESC LIMIT 1;

-- name: insert_upload
INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, rows, status, source, details)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
RETURNING id;

-- name: insert_preview_upload
-- The upload row of a preview, in a transaction that is rolled back: numbered after the last
-- upload without drawing from the sequence (the numbers users see stay consecutive).
INSERT INTO upload (id, file_name, sha256, kind, user_name, uploaded_at, rows, status, source, details)
SELECT coalesce(max(id), 0) + 1, ?, ?, ?, ?, ?, ?, 'accepted', ?, '{}' FROM upload
RETURNING id;

-- name: finish_upload
UPDATE upload SET status = ?, rows = ? WHERE id = ? AND status = 'in_progress';

-- name: fail_upload
-- An upload that wrote nothing: its reason goes into details.failure.
UPDATE upload SET status = 'failed', rows = 0,
       details = json_merge_patch(coalesce(details, '{}'::JSON), json_object('failure', ?::VARCHAR))
WHERE id = ? AND status = 'in_progress';

-- name: insert_issues
INSERT INTO upload_issue (upload_id, severity, sheet, row_no, column_name, value, message)
SELECT ?, severity, sheet, row_no, column_name, value, message FROM ingest_issues;

-- name: insert_units
INSERT INTO unit (code, name, short_name, kind, level, parent_code, name_key, loose_key, upload_id)
SELECT code, name, short_name, kind, 'village', parent_code, name_key, loose_key, ? FROM ingest_units;

-- name: insert_households
INSERT INTO village_households (village_code, households, upload_id)
SELECT village_code, households, ? FROM ingest_households;

-- name: insert_reports
INSERT INTO report (unit_code, report_date, indicator, source, value, upload_id, received_at, opening, cumulative)
SELECT unit_code, CAST(report_date AS DATE), indicator, source, value, ?, CAST(received_at AS TIMESTAMP), opening,
       cumulative
FROM ingest_reports;

-- name: households_exceeded
-- The villages of a households file, and their communes, whose stores or accounts reach above
-- their households at some date with the file's numbers (ingest_households_check: village_code,
-- households; the same answer before the file is written and after): holder, indicator, source,
-- peak (the highest running total), households.
WITH file AS (
    SELECT f.village_code, f.households, u.parent_code AS commune
    FROM ingest_households_check f JOIN unit u ON u.code = f.village_code
),
households AS (
    SELECT village_code, households FROM file
    UNION ALL
    SELECT village_code, households FROM village_households_current
    WHERE village_code NOT IN (SELECT village_code FROM file)
),
holders AS (
    SELECT village_code AS holder, village_code AS member FROM file
    UNION ALL
    SELECT DISTINCT f.commune, v.code FROM file f JOIN unit v ON v.parent_code = f.commune AND v.level = 'village'
    UNION ALL
    SELECT DISTINCT commune, commune FROM file
),
limits AS (
    SELECT h.holder, sum(hh.households) AS households
    FROM holders h JOIN households hh ON hh.village_code = h.member
    GROUP BY h.holder
),
daily AS (
    SELECT h.holder, r.indicator, r.source, r.report_date, sum(r.value) AS value
    FROM report_effective r JOIN holders h ON h.member = r.unit_code
    WHERE r.indicator IN ('stores', 'accounts')
    GROUP BY ALL
),
peaks AS (
    SELECT holder, indicator, source, max(running) AS peak
    FROM (SELECT *, sum(value) OVER (PARTITION BY holder, indicator, source ORDER BY report_date) AS running
          FROM daily)
    GROUP BY ALL
)
SELECT p.holder, p.indicator, p.source, p.peak, l.households
FROM peaks p JOIN limits l USING (holder)
WHERE p.peak > l.households
ORDER BY p.holder, p.indicator, p.source;

-- name: families_of_keys
-- The families (a commune with its villages, or a unit alone) of a file's series, for
-- report_observations.sql's second statement.
CREATE OR REPLACE TEMP TABLE touched_families AS
SELECT DISTINCT family, indicator, source FROM ingest_families;

-- name: drop_families
DROP TABLE IF EXISTS touched_families;

-- name: insert_targets
INSERT INTO target (unit_code, indicator, value, unit_of_measure, upload_id)
SELECT unit_code, indicator, value, unit_of_measure, ? FROM ingest_targets;

-- name: insert_lineage_weights
INSERT INTO lineage_weight (commune_code, to_version, to_code, households, upload_id)
SELECT commune_code, to_version, to_code, households, ? FROM ingest_lineage_weights;

-- name: insert_village_placements
INSERT INTO village_placement (village_code, to_version, to_code, upload_id)
SELECT village_code, to_version, to_code, ? FROM ingest_village_placements;

-- name: commune_households
-- Households of communes: the sum of their live villages' ($codes: commune codes).
SELECT v.parent_code AS code, sum(h.households) AS households
FROM village_households_current h JOIN unit v ON v.code = h.village_code
WHERE v.parent_code IN (SELECT unnest($codes::VARCHAR[]))
GROUP BY v.parent_code;

-- name: insert_teams
INSERT INTO team (id, village_code, commune_code, decision_no, decision_date, upload_id)
SELECT id, village_code, commune_code, decision_no, CAST(decision_date AS DATE), ? FROM ingest_teams;

-- name: insert_team_members
INSERT INTO team_member (team_id, row_no, full_name, position, address, is_leader, youth_union, notes, role, phone)
SELECT team_id, row_no, full_name, position, address, is_leader, youth_union, notes, role, phone
FROM ingest_team_members;

-- name: insert_committees
INSERT INTO committee (id, commune_code, decision_no, decision_date, upload_id)
SELECT id, commune_code, decision_no, CAST(decision_date AS DATE), ? FROM ingest_committees;

-- name: insert_committee_members
INSERT INTO committee_member (committee_id, row_no, honorific, full_name, position, committee_role, duties, villages_in_charge)
SELECT committee_id, row_no, honorific, full_name, position, committee_role, duties, villages_in_charge
FROM ingest_committee_members;

-- name: next_row_ids
SELECT nextval('row_id_seq') AS id FROM range(?);

-- name: report_baseline
-- For each (unit, indicator, source, date) of a file: the live running total before that date (a
-- commune's series takes in its villages' rows, as every figure does). Only for a warning.
WITH keys AS (
    SELECT DISTINCT unit_code, indicator, source, CAST(report_date AS DATE) AS report_date FROM ingest_keys
),
members AS (
    SELECT DISTINCT unit_code AS series_code, unit_code AS member_code, indicator, source FROM keys
    UNION ALL
    SELECT DISTINCT k.unit_code, v.code, k.indicator, k.source
    FROM keys k JOIN unit v ON v.parent_code = k.unit_code AND v.level = 'village'
)
SELECT k.unit_code, k.indicator, k.source, k.report_date, coalesce(sum(r.value), 0) AS before_total
FROM keys k
LEFT JOIN members m ON m.series_code = k.unit_code AND m.indicator = k.indicator AND m.source = k.source
LEFT JOIN report_effective r ON r.unit_code = m.member_code AND r.indicator = k.indicator AND r.source = k.source
                            AND r.report_date < k.report_date
GROUP BY ALL;

-- name: current_targets
SELECT t.unit_code, t.indicator, t.value, t.unit_of_measure
FROM target_current t SEMI JOIN ingest_keys k ON k.unit_code = t.unit_code;

-- name: current_teams
SELECT t.village_code, count(m.full_name) AS members
FROM team_current t LEFT JOIN team_member m ON m.team_id = t.id
GROUP BY t.village_code;

-- name: current_committees
SELECT c.commune_code, count(m.full_name) AS members
FROM committee_current c LEFT JOIN committee_member m ON m.committee_id = c.id
GROUP BY c.commune_code;

-- name: upload_row
SELECT id, kind, status, undone_at, undone_by, file_name, user_name, uploaded_at, rows, source FROM upload WHERE id = ?;

-- name: undo_upload
UPDATE upload SET undone_at = ?, undone_by = ? WHERE id = ? AND undone_at IS NULL;

-- name: uploads
-- status 'undone' once an accepted upload was undone (undone_at, undone_by say when and who)
SELECT u.id, u.file_name, u.kind, u.source, u.user_name, u.uploaded_at, u.rows,
       CASE WHEN u.undone_at IS NOT NULL THEN 'undone' ELSE u.status END AS status,
       u.undone_at, u.undone_by, u.sha256,
       count(i.message) FILTER (WHERE i.severity = 'error') AS errors,
       count(i.message) FILTER (WHERE i.severity = 'warning') AS warnings
FROM upload u LEFT JOIN upload_issue i ON i.upload_id = u.id
GROUP BY ALL
ORDER BY u.id DESC
LIMIT ?;

-- name: upload_issues
SELECT severity, sheet, row_no, column_name, value, message
FROM upload_issue WHERE upload_id = ? ORDER BY severity, row_no NULLS FIRST;

-- name: totals
-- Headline figures the import page shows before and after an import.
SELECT
    (SELECT count(*) FROM unit_current WHERE level = 'village') AS villages,
    (SELECT coalesce(sum(households), 0) FROM village_households_current) AS households,
    (SELECT coalesce(sum(value), 0) FROM report_effective WHERE source = 'commune' AND indicator = 'stores') AS stores,
    (SELECT coalesce(sum(value), 0) FROM report_effective WHERE source = 'commune' AND indicator = 'accounts') AS accounts,
    (SELECT count(*) FROM team_current) AS teams,
    (SELECT count(*) FROM committee_current) AS committees,
    (SELECT count(*) FROM live_upload) AS uploads;

-- name: upload_units
-- One row per unit an upload writes: code, name, level, district_code, commune_code, rows (its
-- records naming the unit: reports, targets, households, teams, committees).
WITH written AS (
    SELECT unit_code AS code FROM report WHERE upload_id = $id
    UNION ALL SELECT unit_code FROM target WHERE upload_id = $id
    UNION ALL SELECT village_code FROM village_households WHERE upload_id = $id
    UNION ALL SELECT village_code FROM team WHERE upload_id = $id
    UNION ALL SELECT commune_code FROM committee WHERE upload_id = $id
    UNION ALL SELECT commune_code FROM lineage_weight WHERE upload_id = $id
    UNION ALL SELECT village_code FROM village_placement WHERE upload_id = $id
)
SELECT w.code, any_value(u.name) AS name, any_value(u.level) AS level,
       any_value(CASE u.level WHEN 'district' THEN u.code ELSE d.code END) AS district_code,
       any_value(CASE u.level WHEN 'commune' THEN u.code WHEN 'village' THEN u.parent_code END) AS commune_code,
       count(*) AS rows
FROM written w
LEFT JOIN unit u ON u.code = w.code
LEFT JOIN unit c ON c.code = u.parent_code AND u.level = 'village'
LEFT JOIN unit d ON d.code = CASE u.level WHEN 'commune' THEN u.parent_code WHEN 'village' THEN c.parent_code END
                AND d.level = 'district'
GROUP BY w.code
ORDER BY w.code;

-- name: upload_days
SELECT DISTINCT report_date FROM report WHERE upload_id = $id ORDER BY report_date;

-- name: upload_dependants
-- Other live uploads that build on the villages only this upload gives households (they would
-- vanish with it): id, file_name, kind, user_name, uploaded_at, villages (how many they use).
WITH own AS (
    SELECT DISTINCT village_code FROM village_households WHERE upload_id = $id
    EXCEPT
    SELECT village_code FROM village_households
    WHERE upload_id <> $id AND upload_id IN (SELECT id FROM live_upload)
),
used AS (
    SELECT upload_id, unit_code AS code FROM report WHERE upload_id <> $id
    UNION ALL SELECT upload_id, village_code FROM team WHERE upload_id <> $id
    UNION ALL SELECT upload_id, unit_code FROM target WHERE upload_id <> $id
    UNION ALL SELECT upload_id, village_code FROM village_placement WHERE upload_id <> $id
)
SELECT up.id, up.file_name, up.kind, up.user_name, up.uploaded_at, count(DISTINCT used.code) AS villages
FROM used
JOIN own ON own.village_code = used.code
JOIN upload up ON up.id = used.upload_id
WHERE up.id IN (SELECT id FROM live_upload)
GROUP BY ALL
ORDER BY up.id;

-- name: scope_figures
-- Headline figures of some communes and districts ($codes; a commune takes in its villages):
-- villages, households, stores, accounts (of $source), teams, committees.
WITH scope AS (
    SELECT unnest($codes::VARCHAR[]) AS code
),
units_in AS (
    SELECT code FROM unit WHERE code IN (SELECT code FROM scope)
    UNION
    SELECT code FROM unit WHERE level = 'village' AND parent_code IN (SELECT code FROM scope)
)
SELECT
    (SELECT count(*) FROM unit_current WHERE level = 'village' AND code IN (SELECT code FROM units_in)) AS villages,
    (SELECT coalesce(sum(households), 0) FROM village_households_current
     WHERE village_code IN (SELECT code FROM units_in)) AS households,
    (SELECT coalesce(sum(value), 0) FROM report_effective
     WHERE source = $source AND indicator = 'stores' AND unit_code IN (SELECT code FROM units_in)) AS stores,
    (SELECT coalesce(sum(value), 0) FROM report_effective
     WHERE source = $source AND indicator = 'accounts' AND unit_code IN (SELECT code FROM units_in)) AS accounts,
    (SELECT count(*) FROM team_current WHERE village_code IN (SELECT code FROM units_in)) AS teams,
    (SELECT count(*) FROM committee_current WHERE commune_code IN (SELECT code FROM units_in)) AS committees;
