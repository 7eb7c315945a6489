-- The province's own answer to what the reform of 1/7/2025 left open (file kind "lineage-weights",
-- analytics/ingest/lineage.py), per campaign, append-only and tagged with the upload like every
-- data table, so a later file replaces an earlier one and undo restores it:
-- * lineage_weight: for a commune of the campaign's hierarchy that the reform divided in part
--   between several communes (main.unit_lineage share 'part'), the households that went to each;
--   the figures of the commune are apportioned by them (analytics/reform.py).
-- * village_placement: the commune since 1/7/2025 a village belongs to, when the file says so
--   (a village otherwise follows its commune when that went whole into one new commune).
CREATE TABLE lineage_weight (
    commune_code VARCHAR NOT NULL,     -- the divided commune, in the campaign's own unit list
    to_version VARCHAR NOT NULL,       -- the hierarchy of to_code: 2025-07
    to_code VARCHAR NOT NULL,          -- a commune that took in part of it
    households INTEGER NOT NULL CHECK (households >= 0),
    upload_id BIGINT NOT NULL
);

CREATE TABLE village_placement (
    village_code VARCHAR NOT NULL,
    to_version VARCHAR NOT NULL,
    to_code VARCHAR NOT NULL,
    upload_id BIGINT NOT NULL
);

-- A file gives all the weights of a commune at once: the latest live upload naming the commune
-- wins for all of them (a pair it leaves out is not kept from an older file).
CREATE VIEW lineage_weight_current AS
SELECT commune_code, to_version, to_code, households, upload_id
FROM lineage_weight
WHERE upload_id IN (SELECT id FROM live_upload)
QUALIFY upload_id = max(upload_id) OVER (PARTITION BY commune_code);

CREATE VIEW village_placement_current AS
SELECT village_code, to_version, to_code, upload_id
FROM village_placement
WHERE upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (PARTITION BY village_code ORDER BY upload_id DESC) = 1;
