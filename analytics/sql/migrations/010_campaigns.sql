-- scope: shared
-- Campaigns: one database holds several, each in a schema of its own ("main" for the first one,
-- which holds the data of databases made before campaigns existed). The shared tables (accounts,
-- sessions, tokens, the audit log, this registry and the lineage of administrative units) live in
-- "main" only.
CREATE TABLE campaign (
    id VARCHAR PRIMARY KEY,            -- the id of data/settings.toml ([[campaigns]] id)
    schema_name VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL,
    province_code VARCHAR NOT NULL,
    hierarchy VARCHAR NOT NULL,        -- 2021, 2025-01, 2025-07
    created_at TIMESTAMP NOT NULL
);

-- Which unit of one hierarchy version became which of the next (data/reference/hierarchies/
-- lineage.csv, loaded for the provinces in use): share 'whole' (the old unit went wholly into the
-- new one) or 'part' (it was split between several new units).
CREATE TABLE unit_lineage (
    from_version VARCHAR NOT NULL,
    from_code VARCHAR NOT NULL,
    to_version VARCHAR NOT NULL,
    to_code VARCHAR NOT NULL,
    level VARCHAR NOT NULL,
    share VARCHAR NOT NULL CHECK (share IN ('whole', 'part')),
    PRIMARY KEY (from_version, from_code, to_version, to_code)
);

ALTER TABLE audit_log ADD COLUMN campaign VARCHAR;
