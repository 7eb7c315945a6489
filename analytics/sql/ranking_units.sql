-- One row per live unit of one level in scope with its campaign phase (its district's):
-- code, phase, phase_start, phase_end (NULL when the district has no phase).
-- Parameters: $level ('district'|'commune'|'village'), $district, $commune (codes or NULL).
WITH placed AS (
    SELECT u.code,
           CASE u.level WHEN 'district' THEN u.code WHEN 'commune' THEN u.parent_code
                        ELSE c.parent_code END AS district_code,
           CASE u.level WHEN 'village' THEN u.parent_code WHEN 'commune' THEN u.code END AS commune_code
    FROM unit_current u
    LEFT JOIN unit c ON c.code = u.parent_code AND u.level = 'village'
    WHERE u.level = $level
)
SELECT p.code, d.phase, ph.start_date AS phase_start, ph.end_date AS phase_end
FROM placed p
JOIN unit d ON d.code = p.district_code
LEFT JOIN phase ph ON ph.number = d.phase
WHERE ($district IS NULL OR p.district_code = $district)
  AND ($commune IS NULL OR p.commune_code = $commune)
ORDER BY p.code
