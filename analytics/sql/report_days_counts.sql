-- Counts of on-time, late and missing reporting days per unit of $level ('commune',
-- 'district' or 'phase'), over the rows of report_days (the same parameters, plus $level):
-- code (the commune's or district's code, or the phase number as text), on_time, late, missing.
-- Summed here so that a country's 1,6 million commune-days never reach Python.
SELECT CASE $level WHEN 'commune' THEN commune_code
                   WHEN 'district' THEN district_code
                   ELSE CAST(phase AS VARCHAR) END AS code,
       count(*) FILTER (WHERE status = 'on_time') AS on_time,
       count(*) FILTER (WHERE status = 'late') AS late,
       count(*) FILTER (WHERE status = 'missing') AS missing
FROM report_days
GROUP BY ALL
