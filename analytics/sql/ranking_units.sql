-- One row per live unit of one level in scope with its campaign phase (a commune's own, or its
-- district's; a village's is its commune's):
-- code, phase, phase_start, phase_end (NULL when the district has no phase).
-- Parameters: $level ('district'|'commune'|'village'), $district, $commune (codes or NULL).
WITH placed AS (
    SELECT u.code,
           CASE u.level WHEN 'district' THEN u.code WHEN 'commune' THEN u.parent_code
                        ELSE c.parent_code END AS parent_of_commune,
           CASE u.level WHEN 'village' THEN u.parent_code WHEN 'commune' THEN u.code END AS commune_code
    FROM unit_current u
    LEFT JOIN unit c ON c.code = u.parent_code AND u.level = 'village'
    WHERE u.level = $level
),
phased AS (
    SELECT p.code, p.commune_code, d.code AS district_code,
           CASE WHEN $level = 'district' THEN d.phase ELSE coalesce(k.phase, d.phase) END AS phase
    FROM placed p
    LEFT JOIN unit d ON d.code = p.parent_of_commune AND d.level = 'district'
    LEFT JOIN unit k ON k.code = p.commune_code AND k.level = 'commune'
)
SELECT p.code, p.phase, ph.start_date AS phase_start, ph.end_date AS phase_end
FROM phased p
LEFT JOIN phase ph ON ph.number = p.phase
WHERE ($district IS NULL OR p.district_code = $district)
  AND ($commune IS NULL OR p.commune_code = $commune)
ORDER BY p.code
