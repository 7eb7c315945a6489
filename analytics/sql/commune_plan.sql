-- What each commune is measured against, without reading reports. One row per commune:
-- code, name, short_name, district_code, district_name, district_short, phase, phase_name,
-- phase_start, phase_end, households (live villages), villages, stores_target, accounts_target
-- (an assigned target of the commune wins over the defaults). A commune's phase is its own or
-- its district's; on a hierarchy without districts the district columns are NULL.
-- Parameters: $district (code or NULL), $stores_pct, $accounts_pct (defaults, % of households),
-- $campaign_start, $campaign_end (DATE: the days of a commune without a phase).
WITH
households AS (
    SELECT parent_code AS commune_code, sum(households) AS households, count(*) AS villages
    FROM unit_current WHERE level = 'village'
    GROUP BY parent_code
)
SELECT c.code, c.name, c.short_name, d.code AS district_code, d.name AS district_name,
       d.short_name AS district_short, coalesce(c.phase, d.phase) AS phase, p.name AS phase_name,
       coalesce(p.start_date, $campaign_start::DATE) AS phase_start,
       coalesce(p.end_date, $campaign_end::DATE) AS phase_end,
       coalesce(h.households, 0)::BIGINT AS households,
       coalesce(h.villages, 0)::BIGINT AS villages,
       coalesce(a.stores_count, coalesce(a.stores_pct, $stores_pct) * coalesce(h.households, 0) / 100.0) AS stores_target,
       coalesce(a.accounts_count, coalesce(a.accounts_pct, $accounts_pct) * coalesce(h.households, 0) / 100.0) AS accounts_target
FROM unit c
LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
LEFT JOIN phase p ON p.number = coalesce(c.phase, d.phase)
LEFT JOIN households h ON h.commune_code = c.code
LEFT JOIN assigned_target a ON a.unit_code = c.code
WHERE c.level = 'commune' AND ($district IS NULL OR d.code = $district)
ORDER BY d.code NULLS FIRST, c.code
