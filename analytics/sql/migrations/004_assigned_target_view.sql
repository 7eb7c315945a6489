-- Targets assigned to each unit, one row per unit with a column per indicator and measure
-- (NULL where none is assigned): what coverage and phase plans read instead of pivoting twice.
CREATE VIEW assigned_target AS
SELECT unit_code,
       max(value) FILTER (WHERE indicator = 'stores' AND unit_of_measure = 'pct') AS stores_pct,
       max(value) FILTER (WHERE indicator = 'stores' AND unit_of_measure = 'count') AS stores_count,
       max(value) FILTER (WHERE indicator = 'accounts' AND unit_of_measure = 'pct') AS accounts_pct,
       max(value) FILTER (WHERE indicator = 'accounts' AND unit_of_measure = 'count') AS accounts_count,
       max(value) FILTER (WHERE indicator = 'active' AND unit_of_measure = 'pct') AS active_pct,
       max(value) FILTER (WHERE indicator = 'active' AND unit_of_measure = 'count') AS active_count,
       max(value) FILTER (WHERE indicator = 'team_members') AS team_members
FROM target_current
GROUP BY unit_code;
