-- scope: shared
-- Per-account API tokens for scripted work through the running server (issue 10, item 9).
-- A token is a high-entropy random secret shown once; only its SHA-256 is kept.

CREATE SEQUENCE api_token_id_seq START 1;
CREATE TABLE api_token (
    id BIGINT PRIMARY KEY DEFAULT nextval('api_token_id_seq'),
    token_sha256 VARCHAR NOT NULL UNIQUE,
    name VARCHAR NOT NULL,              -- what it is for: 'nhập hằng đêm', 'xuất xếp hạng'
    username VARCHAR NOT NULL,          -- the account it acts as (its role and scope apply)
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    revoked_by VARCHAR
);
