-- Names of a ranking's scope: commune_name (NULL without $commune), district_name (the given
-- district's, else the commune's district). Parameters: $district, $commune (codes or NULL).
SELECT c.name AS commune_name, d.name AS district_name
FROM (SELECT 1) one
LEFT JOIN unit c ON c.code = $commune AND c.level = 'commune'
LEFT JOIN unit d ON d.code = coalesce($district, c.parent_code) AND d.level = 'district'
