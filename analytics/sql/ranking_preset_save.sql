-- Save (or replace) a ranking preset. Parameters: $name, $weights (JSON text), $saved_by.
INSERT INTO ranking_preset (name, weights, saved_by, saved_at)
VALUES ($name, $weights::JSON, $saved_by, current_timestamp::TIMESTAMP)
ON CONFLICT (name) DO UPDATE SET weights = excluded.weights, saved_by = excluded.saved_by,
                                 saved_at = excluded.saved_at
