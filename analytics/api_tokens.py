"""Per-account API tokens: how a script acts as an account through the running server's HTTP API.

A token is a random secret shown once when it is created; the database keeps only its SHA-256
(enough for a high-entropy secret: there is nothing to guess). A token acts with its account's
role and scope; a revoked token, or one whose account is disabled, acts as nobody. Creating,
revoking and using a token write audit rows (client "api" for use).
"""

from __future__ import annotations

import datetime as dt
import secrets

import duckdb
import pandas as pd

from analytics import audit, texts
from analytics.access import Actor
from analytics.accounts import AccountError, find_actor, normalise_username, token_hash
from analytics.db import run_in_transaction

TOKEN_PREFIX = "kts_"
API_CLIENT = "api"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _may_manage(actor: Actor, username: str) -> None:
    """An admin manages every account's tokens; any other account only its own."""
    if not actor.is_admin and actor.username != username:
        raise AccountError(texts.API_TOKEN_NOT_OWN.format(name=username))


def create_token(con: duckdb.DuckDBPyConnection, actor: Actor, name: str, username: str,
                 now: dt.datetime | None = None) -> tuple[int, str]:
    """Create a token for an enabled account; return (id, secret). The secret is never stored."""
    username = normalise_username(username)
    name = str(name or "").strip()
    if not name:
        raise AccountError(texts.API_TOKEN_NAME_NEEDED)
    _may_manage(actor, username)
    if find_actor(con, username) is None:
        raise AccountError(texts.ACCOUNT_UNKNOWN.format(name=username))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    at = now or _now()

    def work(cur) -> int:
        token_id = cur.execute(
            "INSERT INTO api_token (token_sha256, name, username, created_at, created_by) VALUES (?, ?, ?, ?, ?) "
            "RETURNING id", [token_hash(secret), name, username, at, actor.username]).fetchone()[0]
        audit.record(cur, actor, "api_token_create", f"api token {token_id}", {"name": name, "account": username},
                     at=at)
        return token_id

    return run_in_transaction(con, work, data=False), secret


def list_tokens(con: duckdb.DuckDBPyConnection, actor: Actor) -> pd.DataFrame:
    """One row per token (every account's for an admin, else the actor's own): id, name,
    username, created_at, created_by, last_used_at, revoked_at (never the secret nor its hash)."""
    return con.cursor().execute(
        """
        SELECT id, name, username, created_at, created_by, last_used_at, revoked_at FROM api_token
        WHERE ? OR username = ? ORDER BY id
        """, [actor.is_admin, actor.username]).df()


def revoke_token(con: duckdb.DuckDBPyConnection, actor: Actor, token_id: int, now: dt.datetime | None = None) -> None:
    """Revoke a token: it is refused from the next request on."""
    at = now or _now()

    def work(cur) -> None:
        row = cur.execute("SELECT username, revoked_at FROM api_token WHERE id = ?", [token_id]).fetchone()
        if row is None:
            raise AccountError(texts.API_TOKEN_UNKNOWN.format(id=token_id))
        _may_manage(actor, row[0])
        if row[1] is not None:
            raise AccountError(texts.API_TOKEN_ALREADY_REVOKED.format(id=token_id))
        cur.execute("UPDATE api_token SET revoked_at = ?, revoked_by = ? WHERE id = ?", [at, actor.username, token_id])
        audit.record(cur, actor, "api_token_revoke", f"api token {token_id}", {"account": row[0]}, at=at)

    run_in_transaction(con, work, data=False)


def token_actor(con: duckdb.DuckDBPyConnection, secret: str | None, request: str,
                now: dt.datetime | None = None) -> Actor | None:
    """The Actor (client "api") of a live token, recording its use (last_used_at and an audit
    row naming the request); None for a missing, unknown or revoked token or a disabled account.
    A revoked token's attempt is audited too (its account is known); an unknown one only logged
    by the caller, so that anybody cannot fill the audit trail."""
    if not secret:
        return None
    at = now or _now()
    row = con.cursor().execute("SELECT id, username, revoked_at FROM api_token WHERE token_sha256 = ?",
                               [token_hash(secret)]).fetchone()
    if row is None:
        return None
    token_id, username, revoked_at = row
    actor = find_actor(con, username, API_CLIENT) if revoked_at is None else None

    def work(cur) -> None:
        if actor is None:
            audit.record(cur, username, "api_token_refused", f"api token {token_id}",
                         {"request": request, "revoked": revoked_at is not None}, API_CLIENT, at)
            return
        cur.execute("UPDATE api_token SET last_used_at = ? WHERE id = ?", [at, token_id])
        audit.record(cur, actor, "api_request", f"api token {token_id}", {"request": request}, at=at)

    run_in_transaction(con, work, data=False)
    return actor
