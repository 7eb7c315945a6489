"""The append-only audit trail: one row per write and per sign-in attempt, written with the
cursor of the change itself so that both commit or neither does."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import pandas as pd

from analytics.db import campaign_of
from analytics.access import Actor


def record(cur: duckdb.DuckDBPyConnection, actor: Actor | str, action: str, object_: str | None = None,
           details: dict[str, Any] | None = None, client: str | None = None, at: dt.datetime | None = None) -> None:
    """Append one audit row (inside the caller's transaction). `actor` may be a bare name for
    sign-in attempts of unknown accounts."""
    username = actor.username if isinstance(actor, Actor) else str(actor)
    client = client if client is not None else (actor.client if isinstance(actor, Actor) else None)
    cur.execute(
        "INSERT INTO main.audit_log (logged_at, username, client, action, object, details, campaign) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [at or dt.datetime.now().replace(microsecond=0), username, client, action, object_,
         json.dumps(details or {}, ensure_ascii=False, default=str), campaign_of(cur)],
    )


def choices(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[str], dt.date | None]:
    """The filter choices of the audit page: usernames, actions (both sorted) and the first day logged."""
    cur = con.cursor()
    usernames = [r[0] for r in cur.execute("SELECT DISTINCT username FROM audit_log ORDER BY 1").fetchall()]
    actions = [r[0] for r in cur.execute("SELECT DISTINCT action FROM audit_log ORDER BY 1").fetchall()]
    first = cur.execute("SELECT min(logged_at)::DATE FROM audit_log").fetchone()[0]
    return usernames, actions, first


def search(con: duckdb.DuckDBPyConnection, username: str | None = None, action: str | None = None,
           since: dt.date | None = None, until: dt.date | None = None, limit: int = 20000) -> pd.DataFrame:
    """Audit rows, newest first, of one account and action between two days (inclusive; None =
    any): id, logged_at, username, client, action, campaign (the campaign it acted in; None for
    sign-ins and accounts), object, details."""
    return con.cursor().execute(
        """
        SELECT id, logged_at, username, client, action, campaign, object, details FROM audit_log
        WHERE ($username IS NULL OR username = $username) AND ($action IS NULL OR action = $action)
          AND ($since IS NULL OR logged_at >= $since::TIMESTAMP)
          AND ($until IS NULL OR logged_at < $until::TIMESTAMP + INTERVAL 1 DAY)
        ORDER BY id DESC LIMIT $limit
        """,
        {"username": username, "action": action, "since": since, "until": until, "limit": limit}).df()


def audit_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Audit rows for reading and download: Vietnamese headers and action names, dd/mm/yyyy hh:mm."""
    from analytics import texts

    shown = frame.assign(
        logged_at=frame["logged_at"].map(lambda t: t.strftime("%d/%m/%Y %H:%M") if pd.notna(t) else ""),
        action=frame["action"].map(lambda a: texts.AUDIT_ACTIONS.get(a, a)),
        client=frame["client"].fillna(""), object=frame["object"].fillna(""),
        campaign=frame["campaign"].fillna("") if "campaign" in frame else "",
        details=frame["details"].map(_details_text))
    return shown[list(texts.AUDIT_COLUMNS)].rename(columns=texts.AUDIT_COLUMNS)


def _details_text(details: Any) -> str:
    """The JSON details on one line, as written (Vietnamese text unescaped)."""
    if details is None or (isinstance(details, float) and pd.isna(details)):
        return ""
    try:
        return json.dumps(json.loads(details), ensure_ascii=False)
    except (TypeError, ValueError):
        return str(details)


def entries(con: duckdb.DuckDBPyConnection, limit: int = 5000) -> pd.DataFrame:
    """The newest audit rows first: id, logged_at, username, client, action, campaign, object, details."""
    return con.cursor().execute(
        "SELECT id, logged_at, username, client, action, campaign, object, details FROM audit_log "
        "ORDER BY id DESC LIMIT ?",
        [limit]).df()
