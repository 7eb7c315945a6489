-- Named weight presets of the emulation ranking saved from the page «Xếp hạng thi đua».
-- Built-in presets live in data/settings.toml ([ranking.presets]); these are the users' own.
CREATE TABLE ranking_preset (
    name VARCHAR PRIMARY KEY,
    weights JSON NOT NULL,             -- {"stores_pct": 30, "teams": 15, ...}
    saved_by VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL
);
