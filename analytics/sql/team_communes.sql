-- Communes in scope with their partner and Zalo group. One row per commune: code, name,
-- short_name, district_code, district_name, district_short (NULL on a hierarchy without districts),
-- postal_partner, zalo_group.
-- Parameters: $district, $commune (codes or NULL).
SELECT c.code, c.name, c.short_name, d.code AS district_code, d.name AS district_name,
       d.short_name AS district_short, c.postal_partner, c.zalo_group
FROM unit c LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
WHERE c.level = 'commune'
  AND ($district IS NULL OR d.code = $district)
  AND ($commune IS NULL OR c.code = $commune)
ORDER BY d.code NULLS FIRST, c.code
