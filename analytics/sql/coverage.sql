-- Coverage of households per unit of one level, cumulative to an as-of date.
-- Parameters: $level ('province'|'district'|'commune'|'village'), $as_of (DATE),
-- $district, $commune (codes or NULL: the scope), $stores_pct, $accounts_pct, $active_pct,
-- $members_min (defaults from the settings; an assigned target on the unit itself wins),
-- $campaign_start, $campaign_end (DATE: the days of a unit without a phase).
-- A commune's phase is its own (a hierarchy without districts) or its district's; a unit whose
-- phase has not begun by $as_of is not started:
-- its gaps are NULL, and a unit spanning several phases (the province) counts in its gaps only
-- the villages that have started (its target scaled by their share of households).
-- Enterprise figures (orders, volume, revenue, the partner's own store and account counts) come
-- from the postal enterprises' commune-level reports: NULL at village level.
-- On a hierarchy without districts a commune's parent is the province: its district_code is NULL.
WITH
communes AS (
    SELECT c.code AS commune_code, d.code AS district_code,
           coalesce(d.parent_code, c.parent_code) AS province_code,
           coalesce(c.phase, d.phase) AS phase
    FROM unit c LEFT JOIN unit d ON d.code = c.parent_code AND d.level = 'district'
    WHERE c.level = 'commune'
),
tree AS (
    -- every village and commune with its ancestors and phase
    SELECT v.code AS unit_code, v.code AS village_code, k.commune_code, k.district_code, k.province_code,
           k.phase, v.households
    FROM unit_current v
    JOIN communes k ON k.commune_code = v.parent_code
    WHERE v.level = 'village'
    UNION ALL
    SELECT commune_code, NULL, commune_code, district_code, province_code, phase, NULL
    FROM communes
),
graded AS (
    SELECT t.*, p.name AS phase_name,
           coalesce(p.start_date, $campaign_start::DATE) AS phase_start,
           coalesce(p.end_date, $campaign_end::DATE) AS phase_end,
           coalesce(p.start_date, $campaign_start::DATE) <= $as_of AS started,
           CASE $level WHEN 'village' THEN village_code WHEN 'commune' THEN commune_code
                       WHEN 'district' THEN district_code ELSE province_code END AS grain
    FROM tree t
    LEFT JOIN phase p ON p.number = t.phase
    WHERE ($district IS NULL OR district_code = $district)
      AND ($commune IS NULL OR commune_code = $commune)
),
sums AS (
    -- one pass over report_effective (village detail wins over a commune total of the same day)
    SELECT unit_code,
           sum(value) FILTER (WHERE source = 'commune' AND indicator = 'stores') AS stores,
           sum(value) FILTER (WHERE source = 'commune' AND indicator = 'accounts') AS accounts,
           sum(value) FILTER (WHERE source = 'commune' AND indicator = 'active') AS active,
           sum(value) FILTER (WHERE source <> 'commune' AND indicator = 'stores') AS enterprise_stores,
           sum(value) FILTER (WHERE source <> 'commune' AND indicator = 'accounts') AS enterprise_accounts,
           sum(value) FILTER (WHERE source <> 'commune' AND indicator = 'orders') AS orders,
           sum(value) FILTER (WHERE source <> 'commune' AND indicator = 'volume') AS volume,
           sum(value) FILTER (WHERE source <> 'commune' AND indicator = 'revenue') AS revenue
    FROM report_effective
    WHERE report_date <= $as_of
    GROUP BY unit_code
),
team_sizes AS (
    SELECT t.village_code, count(m.full_name) AS members,
           count(m.full_name) FILTER (WHERE NOT m.is_leader) AS others
    FROM team_current t LEFT JOIN team_member m ON m.team_id = t.id
    GROUP BY t.village_code
),
rolled AS (
    SELECT g.grain,
           sum(g.households) AS households,
           count(g.village_code) AS villages,
           count(DISTINCT g.commune_code) AS communes,
           sum(s.stores) AS stores,
           sum(s.accounts) AS accounts,
           sum(s.active) AS active,
           count(ts.village_code) AS teams,
           sum(ts.members) AS members,
           count(ts.village_code) FILTER (WHERE ts.others >= $members_min) AS full_teams,
           count(DISTINCT g.commune_code) FILTER (WHERE cc.commune_code IS NOT NULL) AS committees,
           sum(s.enterprise_stores) AS enterprise_stores,
           sum(s.enterprise_accounts) AS enterprise_accounts,
           sum(s.orders) AS orders,
           sum(s.volume) AS volume,
           sum(s.revenue) AS revenue,
           CASE WHEN count(DISTINCT g.phase) = 1 THEN min(g.phase) END AS phase,
           CASE WHEN count(DISTINCT g.phase) = 1 THEN min(g.phase_name) END AS phase_name,
           min(g.phase_start) AS phase_start,
           CASE WHEN count(DISTINCT g.phase) = 1 THEN min(g.phase_end) ELSE max(g.phase_end) END AS phase_end,
           bool_or(g.started) AS started,
           sum(g.households) FILTER (WHERE g.started) AS started_households,
           sum(s.stores) FILTER (WHERE g.started) AS started_stores,
           sum(s.accounts) FILTER (WHERE g.started) AS started_accounts,
           sum(s.active) FILTER (WHERE g.started) AS started_active
    FROM graded g
    LEFT JOIN sums s ON s.unit_code = g.unit_code
    LEFT JOIN team_sizes ts ON ts.village_code = g.village_code
    LEFT JOIN committee_current cc ON cc.commune_code = g.commune_code AND g.village_code IS NULL
    WHERE g.grain IS NOT NULL
    GROUP BY g.grain
),
units AS (
    SELECT u.code, u.name, u.short_name, u.parent_code, u.level
    FROM unit_current u
    WHERE u.level = $level
      AND u.code IN (SELECT grain FROM graded)
),
base AS (
    SELECT u.code, u.name, u.short_name, u.parent_code,
           coalesce(r.households, 0)::BIGINT AS households,
           coalesce(r.villages, 0)::BIGINT AS villages,
           coalesce(r.communes, 0)::BIGINT AS communes,
           coalesce(r.stores, 0)::BIGINT AS stores,
           coalesce(r.accounts, 0)::BIGINT AS accounts,
           coalesce(r.active, 0)::BIGINT AS active,
           coalesce(r.teams, 0)::BIGINT AS teams,
           coalesce(r.members, 0)::BIGINT AS members,
           coalesce(r.full_teams, 0)::BIGINT AS full_teams,
           coalesce(r.committees, 0)::BIGINT AS committees,
           coalesce(a.stores_count, coalesce(a.stores_pct, $stores_pct) * coalesce(r.households, 0) / 100.0) AS stores_target,
           coalesce(a.accounts_count, coalesce(a.accounts_pct, $accounts_pct) * coalesce(r.households, 0) / 100.0) AS accounts_target,
           coalesce(a.active_count, coalesce(a.active_pct, $active_pct) * coalesce(r.households, 0) / 100.0) AS active_target,
           CASE WHEN $level <> 'village' THEN coalesce(r.enterprise_stores, 0)::BIGINT END AS enterprise_stores,
           CASE WHEN $level <> 'village' THEN coalesce(r.enterprise_accounts, 0)::BIGINT END AS enterprise_accounts,
           CASE WHEN $level <> 'village' THEN coalesce(r.orders, 0)::BIGINT END AS orders,
           CASE WHEN $level <> 'village' THEN coalesce(r.volume, 0)::BIGINT END AS volume,
           CASE WHEN $level <> 'village' THEN coalesce(r.revenue, 0) END AS revenue,
           r.phase::INTEGER AS phase, r.phase_name, r.phase_start, r.phase_end,
           coalesce(r.started, false) AS started,
           CASE WHEN coalesce(r.households, 0) > 0 THEN coalesce(r.started_households, 0) / r.households
                WHEN r.started THEN 1.0 ELSE 0.0 END AS started_share,
           coalesce(r.started_stores, 0) AS started_stores,
           coalesce(r.started_accounts, 0) AS started_accounts,
           coalesce(r.started_active, 0) AS started_active
    FROM units u
    LEFT JOIN rolled r ON r.grain = u.code
    LEFT JOIN assigned_target a ON a.unit_code = u.code
)
SELECT b.* EXCLUDE (started_share, started_stores, started_accounts, started_active),
       round(100.0 * stores / nullif(households, 0), 2) AS stores_pct,
       round(100.0 * accounts / nullif(households, 0), 2) AS accounts_pct,
       round(100.0 * active / nullif(households, 0), 2) AS active_pct,
       round(100.0 * stores_target / nullif(households, 0), 2) AS stores_target_pct,
       round(100.0 * accounts_target / nullif(households, 0), 2) AS accounts_target_pct,
       round(100.0 * active_target / nullif(households, 0), 2) AS active_target_pct,
       CASE WHEN started THEN greatest(ceil(stores_target * started_share) - started_stores, 0) END::BIGINT AS stores_gap,
       CASE WHEN started THEN greatest(ceil(accounts_target * started_share) - started_accounts, 0) END::BIGINT AS accounts_gap,
       CASE WHEN started THEN greatest(ceil(active_target * started_share) - started_active, 0) END::BIGINT AS active_gap,
       households > 0 AND stores >= ceil(stores_target) AS stores_reached,
       households > 0 AND accounts >= ceil(accounts_target) AS accounts_reached,
       households > 0 AND active >= ceil(active_target) AS active_reached,
       villages - teams AS villages_without_team,
       villages - full_teams AS villages_without_full_team,
       CASE WHEN $level <> 'village' THEN communes - committees END AS communes_without_committee,
       enterprise_stores - stores AS stores_difference,
       round(100.0 * (enterprise_stores - stores) / nullif(stores, 0), 2) AS stores_difference_pct
FROM base b
ORDER BY b.code
