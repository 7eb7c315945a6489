-- scope: shared
-- Accounts, sign-in sessions and the audit trail (issue "Accounts, roles and protected writes").
-- A role's scope is a unit of the hierarchy: access flows down the tree (analytics.access).

CREATE TABLE account (
    username VARCHAR PRIMARY KEY,
    display_name VARCHAR NOT NULL DEFAULT '',
    email VARCHAR,                      -- for an OpenID Connect sign-in (matched case-insensitively)
    role VARCHAR NOT NULL CHECK (role IN ('admin', 'district', 'commune', 'viewer')),
    scope_code VARCHAR,                 -- a district or commune code; NULL = the whole province
    password_hash VARCHAR,              -- argon2 only; NULL = no password sign-in
    disabled BOOLEAN NOT NULL DEFAULT false,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL
);

-- Signed-in sessions: the cookie carries a random token, signed; only its SHA-256 is stored.
CREATE TABLE auth_session (
    token_sha256 VARCHAR PRIMARY KEY,
    username VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    client VARCHAR
);

-- Append-only: every write and every sign-in attempt, in the transaction of the change itself.
CREATE SEQUENCE audit_id_seq START 1;
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('audit_id_seq'),
    logged_at TIMESTAMP NOT NULL,
    username VARCHAR NOT NULL,          -- the account, 'operator:<name>' for --as-admin, or the name typed
    client VARCHAR,                     -- client address where the server knows it
    action VARCHAR NOT NULL,            -- login_ok, login_failed, login_locked, logout, import, import_refused,
                                        -- undo, preset_save, preset_delete, account_add, account_disable, ...
    object VARCHAR,                     -- what it acted on: 'upload 12', 'preset Mặc định', 'account hoa.nv'
    details JSON                        -- before/after summary
);
