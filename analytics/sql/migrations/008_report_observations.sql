-- Reports are stored as stated: a daily observation (the day's new count) or a cumulative one
-- (the running total). report_current holds the increments derived from the live observations
-- (analytics.increments), so the figures do not depend on the order files arrive in. Rows
-- written before this version were all daily: their increments are unchanged.
ALTER TABLE report ADD COLUMN cumulative BOOLEAN DEFAULT false;
