-- Foundation schema. Data tables are append-only and tagged with the upload that wrote them;
-- the *_current views resolve the latest value per key among uploads that were not undone, so
-- an import is one INSERT batch and undoing it is one UPDATE of its upload row.

CREATE SEQUENCE upload_id_seq START 1;
CREATE SEQUENCE row_id_seq START 1;

CREATE TABLE meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

-- One row per file received (and one for the demo season / reference load).
CREATE TABLE upload (
    id BIGINT PRIMARY KEY DEFAULT nextval('upload_id_seq'),
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,             -- households, teams, committee, daily, enterprise, targets, demo, reference
    user_name VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    rows INTEGER NOT NULL DEFAULT 0,   -- data rows written
    status VARCHAR NOT NULL,           -- accepted, refused
    source VARCHAR,                    -- commune, viettel, vnpost (daily / enterprise files)
    details JSON,                      -- errors, warnings, options (report date, district...)
    undone_at TIMESTAMP,
    undone_by VARCHAR
);

-- Administrative units of every level. Villages are registered by the demo or by households files.
CREATE TABLE unit (
    code VARCHAR PRIMARY KEY,          -- GSO code (20, 187, 06505); villages: <commune>-<nnn>
    name VARCHAR NOT NULL,             -- official full name: 'Xã Vạn Linh'
    short_name VARCHAR NOT NULL,       -- without the prefix: 'Vạn Linh'
    kind VARCHAR NOT NULL,             -- Tỉnh, Thành phố, Huyện, Xã, Phường, Thị trấn, Thôn, Bản, Khối...
    level VARCHAR NOT NULL CHECK (level IN ('province', 'district', 'commune', 'village')),
    parent_code VARCHAR,
    name_key VARCHAR NOT NULL,         -- analytics.names.name_key(short_name)
    loose_key VARCHAR NOT NULL,        -- analytics.names.loose_key(short_name)
    phase INTEGER,                     -- districts: campaign phase number (from the settings)
    postal_partner VARCHAR CHECK (postal_partner IN ('viettel', 'vnpost')),  -- communes
    zalo_group VARCHAR,                -- communes
    upload_id BIGINT                   -- the upload that registered it (NULL: reference list)
);

-- Households per village, one row per value received; the latest live upload wins.
CREATE TABLE village_households (
    village_code VARCHAR NOT NULL,
    households INTEGER NOT NULL CHECK (households >= 0),
    upload_id BIGINT NOT NULL
);

-- Campaign settings as last applied to this database (a snapshot of data/settings.toml).
CREATE TABLE campaign_setting (
    key VARCHAR PRIMARY KEY,
    value JSON NOT NULL,
    applied_at TIMESTAMP NOT NULL
);

CREATE TABLE phase (
    number INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL
);

-- Steering committees (Ban chỉ đạo) of communes and their members.
CREATE TABLE committee (
    id BIGINT PRIMARY KEY DEFAULT nextval('row_id_seq'),
    commune_code VARCHAR NOT NULL,
    decision_no VARCHAR,
    decision_date DATE,
    upload_id BIGINT NOT NULL
);

CREATE TABLE committee_member (
    committee_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    honorific VARCHAR,                 -- Ông / Bà
    full_name VARCHAR NOT NULL,
    position VARCHAR,                  -- Chức vụ: 'Chủ tịch UBND xã'
    committee_role VARCHAR NOT NULL,   -- Trưởng ban, Phó ban, Ủy viên
    duties VARCHAR,                    -- Công việc phụ trách
    villages_in_charge VARCHAR[]       -- village codes
);

-- Community digital technology teams (Tổ công nghệ số cộng đồng): one per village.
CREATE TABLE team (
    id BIGINT PRIMARY KEY DEFAULT nextval('row_id_seq'),
    village_code VARCHAR NOT NULL,
    commune_code VARCHAR NOT NULL,
    decision_no VARCHAR,
    decision_date DATE,
    upload_id BIGINT NOT NULL
);

CREATE TABLE team_member (
    team_id BIGINT NOT NULL,
    row_no INTEGER NOT NULL,
    full_name VARCHAR NOT NULL,
    position VARCHAR,                  -- Chức vụ: Trưởng thôn, Bí thư chi đoàn, CC VP - TK...
    address VARCHAR,                   -- Địa chỉ: the village, or 'UBND xã'
    is_leader BOOLEAN NOT NULL,
    youth_union BOOLEAN NOT NULL DEFAULT false,
    notes VARCHAR
);

-- Daily reports: one value per unit, day, indicator and source. Values are the day's new
-- counts (increments); cumulative figures are sums up to a date.
CREATE TABLE report (
    unit_code VARCHAR NOT NULL,
    report_date DATE NOT NULL,
    indicator VARCHAR NOT NULL CHECK (indicator IN ('stores', 'accounts', 'active', 'orders', 'volume', 'revenue')),
    source VARCHAR NOT NULL CHECK (source IN ('commune', 'viettel', 'vnpost')),
    value DOUBLE NOT NULL,
    upload_id BIGINT NOT NULL,
    received_at TIMESTAMP NOT NULL
);

-- Targets assigned to a unit (giao chỉ tiêu): a percentage of households or a count.
CREATE TABLE target (
    unit_code VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL CHECK (indicator IN ('stores', 'accounts', 'active', 'team_members')),
    value DOUBLE NOT NULL CHECK (value >= 0),
    unit_of_measure VARCHAR NOT NULL CHECK (unit_of_measure IN ('pct', 'count')),
    upload_id BIGINT NOT NULL
);

-- Problems found in an upload (errors of a refused file, warnings of an accepted one).
CREATE TABLE upload_issue (
    upload_id BIGINT NOT NULL,
    severity VARCHAR NOT NULL CHECK (severity IN ('error', 'warning')),
    sheet VARCHAR,
    row_no INTEGER,
    column_name VARCHAR,
    value VARCHAR,
    message VARCHAR NOT NULL
);

CREATE VIEW live_upload AS
SELECT id FROM upload WHERE status = 'accepted' AND undone_at IS NULL;

CREATE VIEW village_households_current AS
SELECT village_code, households, upload_id
FROM village_households
WHERE upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (PARTITION BY village_code ORDER BY upload_id DESC) = 1;

-- Units in use: reference units always; villages while a live upload gives their households.
CREATE VIEW unit_current AS
SELECT u.*, h.households
FROM unit u
LEFT JOIN village_households_current h ON h.village_code = u.code
WHERE u.level <> 'village' OR h.village_code IS NOT NULL;

CREATE VIEW report_current AS
SELECT unit_code, report_date, indicator, source, value, upload_id, received_at
FROM report
WHERE upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (
    PARTITION BY unit_code, report_date, indicator, source ORDER BY upload_id DESC
) = 1;

-- The latest live roster of each village's team.
CREATE VIEW team_current AS
SELECT * FROM team
WHERE upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (PARTITION BY village_code ORDER BY upload_id DESC, id DESC) = 1;

CREATE VIEW committee_current AS
SELECT * FROM committee
WHERE upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (PARTITION BY commune_code ORDER BY upload_id DESC, id DESC) = 1;

CREATE VIEW target_current AS
SELECT unit_code, indicator, value, unit_of_measure, upload_id
FROM target
WHERE upload_id IN (SELECT id FROM live_upload)
QUALIFY row_number() OVER (PARTITION BY unit_code, indicator ORDER BY upload_id DESC) = 1;
