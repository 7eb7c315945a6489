-- Members of the live teams of one commune. One row per member: village_code, village_name,
-- row_no, full_name, position, role, phone, is_leader.
-- Parameters: $commune (code).
SELECT v.code AS village_code, v.name AS village_name, m.row_no, m.full_name, m.position, m.role, m.phone,
       m.is_leader
FROM team_current t
JOIN team_member m ON m.team_id = t.id
JOIN unit v ON v.code = t.village_code
WHERE t.commune_code = $commune
ORDER BY v.code, m.row_no, m.full_name
