-- Saved ranking presets, oldest first: name, weights (JSON text), saved_by, saved_at.
SELECT name, weights::VARCHAR AS weights, saved_by, saved_at FROM ranking_preset ORDER BY saved_at, name
