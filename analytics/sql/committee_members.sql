-- Members of the live steering committees. One row per member in scope: commune_code,
-- decision_no, decision_date, row_no, honorific, full_name, position, committee_role, duties,
-- villages (number of villages in charge).
-- Parameters: $district, $commune (codes or NULL).
SELECT k.commune_code, k.decision_no, k.decision_date, m.row_no, m.honorific, m.full_name, m.position,
       m.committee_role, m.duties, coalesce(len(m.villages_in_charge), 0)::BIGINT AS villages
FROM committee_current k
JOIN unit c ON c.code = k.commune_code
JOIN committee_member m ON m.committee_id = k.id
WHERE ($district IS NULL OR c.parent_code = $district)
  AND ($commune IS NULL OR c.code = $commune)
ORDER BY k.commune_code, m.row_no
