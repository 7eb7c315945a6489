-- Teams per village. One row per live village in scope: code, name, short_name, commune_code,
-- commune_name, district_code, district_name (NULL without districts), households, has_team, members (leaders included),
-- others (members besides the leaders), leader_name, leader_position, decision_no, decision_date.
-- Parameters: $district, $commune (codes or NULL).
WITH
members AS (
    SELECT t.village_code, t.decision_no, t.decision_date,
           count(m.full_name) AS members,
           count(m.full_name) FILTER (WHERE NOT m.is_leader) AS others,
           min(m.full_name) FILTER (WHERE m.is_leader) AS leader_name,
           min(m.position) FILTER (WHERE m.is_leader) AS leader_position
    FROM team_current t LEFT JOIN team_member m ON m.team_id = t.id
    GROUP BY t.village_code, t.decision_no, t.decision_date
)
SELECT v.code, v.name, v.short_name, c.code AS commune_code, c.name AS commune_name,
       d.code AS district_code, d.name AS district_name, v.households,
       m.village_code IS NOT NULL AS has_team,
       coalesce(m.members, 0)::BIGINT AS members,
       coalesce(m.others, 0)::BIGINT AS others,
       m.leader_name, m.leader_position, m.decision_no, m.decision_date
FROM unit_current v
JOIN unit c ON c.code = v.parent_code
LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
LEFT JOIN members m ON m.village_code = v.code
WHERE v.level = 'village'
  AND ($district IS NULL OR d.code = $district)
  AND ($commune IS NULL OR c.code = $commune)
ORDER BY d.code NULLS FIRST, c.code, v.code
