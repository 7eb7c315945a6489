"""Accounts, password sign-in and dashboard sessions.

Passwords are kept only as argon2 hashes. Every sign-in attempt writes an audit row in the
transaction that updates the account. A wrong password and an unknown name get the same
message; after `max_failed_logins` failures in a row a name is locked for `lock_minutes`,
whether or not an account has it (unknown names are counted from the audit trail), so the
lock message tells nothing either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from analytics import audit, texts
from analytics.access import ROLES, Actor
from analytics.db import run_in_transaction
from analytics.hierarchy import hierarchy_of
from analytics.settings import AuthSettings

MIN_PASSWORD_LENGTH = 8
SESSION_TOUCH_SECONDS = 60
# An identity from the OpenID Connect provider signs in only this long after the provider issued
# it: later, the provider's cookie outlives the dashboard session (idle limit, sign-out) and
# must not open a new one by itself.
OIDC_FRESH_SECONDS = 300
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HASHER = PasswordHasher()
# Verified against when a name has no account, so both cases cost the same time.
_DUMMY_HASH = _HASHER.hash("no account has this password")


class AccountError(ValueError):
    """A refused account change; the message (Vietnamese) says why."""


@dataclass(frozen=True)
class LoginResult:
    """The outcome of one sign-in attempt: the Actor on success, else the message to show."""

    actor: Actor | None
    message: str | None = None
    locked: bool = False

    @property
    def ok(self) -> bool:
        return self.actor is not None


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def normalise_username(name: str) -> str:
    return str(name or "").strip().lower()


def hash_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(texts.ACCOUNT_SHORT_PASSWORD.format(min=MIN_PASSWORD_LENGTH))
    return _HASHER.hash(password)


def scope_of(con: duckdb.DuckDBPyConnection, role: str, scope_code: str | None) -> tuple[str | None, str | None]:
    """(district, commune) codes of a role's scope; raises AccountError when the scope does not
    fit the role: admin none, district a district, commune a commune, viewer any of the three."""
    if role not in ROLES:
        raise AccountError(texts.ACCOUNT_BAD_ROLE.format(role=role))
    if role == "admin":
        if scope_code:
            raise AccountError(texts.ACCOUNT_SCOPE_ADMIN)
        return None, None
    if not scope_code:
        if role == "viewer":
            return None, None
        raise AccountError(texts.ACCOUNT_SCOPE_NEEDED.format(role=role, level=texts.LEVELS[role].lower()))
    row = con.cursor().execute(
        "SELECT level, parent_code FROM unit_current WHERE code = ? AND level IN ('district', 'commune')",
        [scope_code]).fetchone()
    wanted = {"district": ("district",), "commune": ("commune",)}.get(role, ("district", "commune"))
    if row is None or row[0] not in wanted:
        level = " hoặc ".join(texts.LEVELS[w].lower() for w in wanted)
        raise AccountError(texts.ACCOUNT_SCOPE_LEVEL.format(scope=scope_code, level=level))
    return (scope_code, None) if row[0] == "district" else (row[1], scope_code)


def _actor(con, row, client: str | None = None) -> Actor:
    """The Actor of (username, role, scope_code, display_name, scope_version) in the campaign `con`
    is bound to (see analytics.access.actor_for_account: a scope is never widened)."""
    from analytics.access import actor_for_account

    username, role, scope_code, display_name, scope_version = row
    return actor_for_account(con, username, role, scope_code, display_name or username, scope_version, client)


def find_actor(con: duckdb.DuckDBPyConnection, username: str, client: str | None = None) -> Actor | None:
    """The Actor of an enabled account, or None."""
    row = con.cursor().execute(
        "SELECT username, role, scope_code, display_name, scope_version FROM account WHERE username = ? AND NOT disabled",
        [normalise_username(username)]).fetchone()
    return _actor(con, row, client) if row else None


def find_by_email(con: duckdb.DuckDBPyConnection, email: str, client: str | None = None) -> Actor | None:
    """The Actor of the enabled account with this e-mail (case-insensitive), or None."""
    row = con.cursor().execute(
        "SELECT username, role, scope_code, display_name, scope_version FROM account "
        "WHERE lower(email) = lower(?) AND NOT disabled", [str(email or "").strip()]).fetchone()
    return _actor(con, row, client) if row else None


def has_accounts(con: duckdb.DuckDBPyConnection) -> bool:
    return con.cursor().execute("SELECT count(*) FROM account").fetchone()[0] > 0


def list_accounts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per account: username, display_name, email, role, scope_code, scope_name,
    disabled, locked_until, created_at, created_by (never the hash)."""
    return con.cursor().execute(
        """
        SELECT a.username, a.display_name, a.email, a.role, a.scope_code, coalesce(u.name, '') AS scope_name,
               a.disabled, a.locked_until, a.created_at, a.created_by
        FROM account a
        LEFT JOIN unit_current u ON u.code = a.scope_code
             AND u.version = coalesce(a.scope_version, (SELECT any_value(version) FROM main.unit WHERE level = 'province'))
        ORDER BY a.username
        """).df()


def add_account(con: duckdb.DuckDBPyConnection, actor: Actor, username: str, role: str,
                scope_code: str | None = None, password: str | None = None, email: str | None = None,
                display_name: str = "", now: dt.datetime | None = None) -> Actor:
    """Create an account (admins only); the password may be set later (`set_password`)."""
    from analytics.access import require_admin

    require_admin(actor)
    name = normalise_username(username)
    if not _USERNAME.match(name):
        raise AccountError(texts.ACCOUNT_BAD_USERNAME.format(name=username))
    scope_of(con, role, scope_code)
    version = hierarchy_of(con)  # the scope code is a unit of the campaign the account is made in
    email = (email or "").strip() or None
    if email and not _EMAIL.match(email):
        raise AccountError(texts.ACCOUNT_BAD_EMAIL.format(email=email))
    password_hash = hash_password(password) if password is not None else None

    def work(cur):
        if cur.execute("SELECT 1 FROM account WHERE username = ?", [name]).fetchone():
            raise AccountError(texts.ACCOUNT_EXISTS.format(name=name))
        if email:
            taken = cur.execute("SELECT username FROM account WHERE lower(email) = lower(?)", [email]).fetchone()
            if taken:
                raise AccountError(texts.ACCOUNT_EMAIL_TAKEN.format(email=email, name=taken[0]))
        cur.execute(
            "INSERT INTO account (username, display_name, email, role, scope_code, scope_version, password_hash, "
            "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [name, display_name or name, email, role, scope_code or None, version if scope_code else None,
             password_hash, now or _now(), actor.username])
        audit.record(cur, actor, "account_add", f"account {name}",
                     {"role": role, "scope": scope_code, "email": email}, at=now)

    run_in_transaction(con, work, data=False)
    return find_actor(con, name)


def _existing(cur, name: str) -> None:
    if not cur.execute("SELECT 1 FROM account WHERE username = ?", [name]).fetchone():
        raise AccountError(texts.ACCOUNT_UNKNOWN.format(name=name))


def disable_account(con: duckdb.DuckDBPyConnection, actor: Actor, username: str, now: dt.datetime | None = None) -> None:
    """Disable an account (admins only) and end its open sessions."""
    from analytics.access import require_admin

    require_admin(actor)
    name = normalise_username(username)
    at = now or _now()

    def work(cur):
        _existing(cur, name)
        cur.execute("UPDATE account SET disabled = true WHERE username = ?", [name])
        cur.execute("UPDATE auth_session SET ended_at = ? WHERE username = ? AND ended_at IS NULL", [at, name])
        audit.record(cur, actor, "account_disable", f"account {name}", at=at)

    run_in_transaction(con, work, data=False)


def set_password(con: duckdb.DuckDBPyConnection, actor: Actor, username: str, password: str,
                 now: dt.datetime | None = None) -> None:
    """Set a new password (admins for anyone, an account for itself); clears a lock."""
    from analytics.access import require_admin

    name = normalise_username(username)
    if actor.username != name:
        require_admin(actor)
    password_hash = hash_password(password)

    def work(cur):
        _existing(cur, name)
        cur.execute("UPDATE account SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE username = ?",
                    [password_hash, name])
        audit.record(cur, actor, "account_password", f"account {name}", at=now)

    run_in_transaction(con, work, data=False)


def _unknown_name_lock(cur, name: str, auth: AuthSettings, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """(failures since the last lock ended, end of the current lock) of a name without an
    account, from the audit trail: the same counting as an account's own columns."""
    last_lock = cur.execute(
        "SELECT max(CAST(details->>'locked_until' AS TIMESTAMP)) FROM audit_log "
        "WHERE username = ? AND action = 'login_locked'", [name]).fetchone()[0]
    if last_lock is not None and last_lock > now:
        return 0, last_lock
    failures = cur.execute(
        "SELECT count(*) FROM audit_log WHERE username = ? AND action = 'login_failed' AND logged_at >= ?",
        [name, last_lock or dt.datetime(1970, 1, 1)]).fetchone()[0]
    return failures, None


def authenticate(con: duckdb.DuckDBPyConnection, username: str, password: str, auth: AuthSettings,
                 client: str | None = None, now: dt.datetime | None = None) -> LoginResult:
    """Check a name and password; count failures, lock, and audit the attempt (one transaction)."""
    name = normalise_username(username)
    at = now or _now()
    locked_message = texts.LOGIN_LOCKED.format(minutes=auth.lock_minutes, count=auth.max_failed_logins)

    def work(cur) -> LoginResult:
        row = cur.execute(
            "SELECT username, role, scope_code, display_name, password_hash, disabled, failed_logins, locked_until, "
            "scope_version FROM account WHERE username = ?", [name]).fetchone()
        if row is None:
            failures, locked_until = _unknown_name_lock(cur, name, auth, at)
            usable, password_hash = False, None
        else:
            failures, locked_until = row[6], row[7]
            usable, password_hash = not row[5] and row[4] is not None, row[4]
            if locked_until is not None and locked_until <= at:
                failures, locked_until = 0, None
        if locked_until is not None:
            audit.record(cur, name, "login_while_locked", f"account {name}", {"locked_until": locked_until},
                         client, at)
            return LoginResult(None, locked_message, locked=True)
        try:
            verified = _HASHER.verify(password_hash or _DUMMY_HASH, password or "") and usable
        except (VerificationError, InvalidHashError):
            verified = False
        if verified:
            if _HASHER.check_needs_rehash(password_hash):
                cur.execute("UPDATE account SET password_hash = ? WHERE username = ?", [_HASHER.hash(password), name])
            cur.execute("UPDATE account SET failed_logins = 0, locked_until = NULL WHERE username = ?", [name])
            audit.record(cur, name, "login_ok", f"account {name}", {}, client, at)
            return LoginResult(_actor(cur, (*row[:4], row[8]), client))
        failures += 1
        lock_until = at + dt.timedelta(minutes=auth.lock_minutes) if failures >= auth.max_failed_logins else None
        if row is not None:
            cur.execute("UPDATE account SET failed_logins = ?, locked_until = ? WHERE username = ?",
                        [0 if lock_until else failures, lock_until, name])
        audit.record(cur, name, "login_failed", f"account {name}",
                     {"failures": failures, "reason": "disabled" if row is not None and row[5] else None}, client, at)
        if lock_until is not None:
            audit.record(cur, name, "login_locked", f"account {name}", {"locked_until": lock_until.isoformat()},
                         client, at)
            return LoginResult(None, locked_message, locked=True)
        return LoginResult(None, texts.LOGIN_FAILED)

    return run_in_transaction(con, work, data=False)


def fresh_oidc_email(claims: Mapping[str, Any], now: float, max_age: int = OIDC_FRESH_SECONDS) -> str | None:
    """The e-mail of an OpenID Connect identity (the claims of `st.user`) that the provider has
    just issued (`iat` within `max_age` seconds, allowing a minute of clock skew), else None: not
    signed in, no e-mail, an e-mail the provider marks unverified, or an old identity."""
    if not claims.get("is_logged_in"):
        return None
    email = str(claims.get("email") or "").strip()
    issued = claims.get("iat")
    if not email or claims.get("email_verified") is False or not isinstance(issued, int | float):
        return None
    return email if -60 <= now - issued <= max_age else None


def authenticate_email(con: duckdb.DuckDBPyConnection, email: str, client: str | None = None,
                       now: dt.datetime | None = None) -> LoginResult:
    """Sign in with an e-mail the identity provider vouched for: the enabled account with that
    e-mail (case-insensitive) gets its own role and scope; an unknown or disabled one is refused.
    Both outcomes are audited."""
    address = str(email or "").strip().lower()
    at = now or _now()

    def work(cur) -> LoginResult:
        row = cur.execute(
            "SELECT username, role, scope_code, display_name, disabled, scope_version FROM account "
            "WHERE lower(email) = ?",
            [address]).fetchone()
        if row is None or row[4]:
            audit.record(cur, row[0] if row else address, "login_oidc_unknown", f"email {address}",
                         {"email": address, "reason": "disabled" if row else "unknown"}, client, at)
            return LoginResult(None, texts.LOGIN_OIDC_UNKNOWN.format(email=address))
        audit.record(cur, row[0], "login_oidc_ok", f"account {row[0]}", {"email": address}, client, at)
        return LoginResult(_actor(cur, (*row[:4], row[5]), client))

    return run_in_transaction(con, work, data=False)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(con: duckdb.DuckDBPyConnection, actor: Actor, auth: AuthSettings,
                  now: dt.datetime | None = None) -> str:
    """Open a dashboard session for a signed-in actor; return its secret token (only its
    SHA-256 is stored)."""
    token = secrets.token_urlsafe(32)
    at = now or _now()

    def work(cur):
        cur.execute("INSERT INTO auth_session VALUES (?, ?, ?, ?, ?, NULL, ?)",
                    [token_hash(token), actor.username, at, at, at + dt.timedelta(days=auth.session_days),
                     actor.client])

    run_in_transaction(con, work, data=False)
    return token


def session_actor(con: duckdb.DuckDBPyConnection, token: str | None, auth: AuthSettings,
                  client: str | None = None, now: dt.datetime | None = None) -> Actor | None:
    """The Actor of a live session (not ended, not idle longer than `idle_minutes`, not past
    its absolute expiry, account enabled), marking it seen; None otherwise."""
    if not token:
        return None
    at = now or _now()
    digest = token_hash(token)
    row = con.cursor().execute(
        """
        SELECT a.username, a.role, a.scope_code, a.display_name, s.last_seen, a.scope_version
        FROM auth_session s JOIN account a ON a.username = s.username
        WHERE s.token_sha256 = ? AND s.ended_at IS NULL AND s.expires_at > ? AND s.last_seen > ?
          AND NOT a.disabled
        """, [digest, at, at - dt.timedelta(minutes=auth.idle_minutes)]).fetchone()
    if row is None:
        return None
    if (at - row[4]).total_seconds() >= SESSION_TOUCH_SECONDS:
        run_in_transaction(con, lambda cur: cur.execute(
            "UPDATE auth_session SET last_seen = ? WHERE token_sha256 = ?", [at, digest]), data=False)
    return _actor(con, (*row[:4], row[5]), client)


def end_session(con: duckdb.DuckDBPyConnection, token: str | None, actor: Actor | None,
                now: dt.datetime | None = None) -> None:
    """Sign out: end the session on the server (a copied cookie no longer works) and audit it."""
    at = now or _now()

    def work(cur):
        if token:
            cur.execute("UPDATE auth_session SET ended_at = ? WHERE token_sha256 = ? AND ended_at IS NULL",
                        [at, token_hash(token)])
        if actor is not None:
            audit.record(cur, actor, "logout", f"account {actor.username}", at=at)

    run_in_transaction(con, work, data=False)
