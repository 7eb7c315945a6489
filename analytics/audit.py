"""The append-only audit trail: one row per write and per sign-in attempt, written with the
cursor of the change itself so that both commit or neither does."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import pandas as pd

from analytics.access import Actor


def record(cur: duckdb.DuckDBPyConnection, actor: Actor | str, action: str, object_: str | None = None,
           details: dict[str, Any] | None = None, client: str | None = None, at: dt.datetime | None = None) -> None:
    """Append one audit row (inside the caller's transaction). `actor` may be a bare name for
    sign-in attempts of unknown accounts."""
    username = actor.username if isinstance(actor, Actor) else str(actor)
    client = client if client is not None else (actor.client if isinstance(actor, Actor) else None)
    cur.execute(
        "INSERT INTO audit_log (logged_at, username, client, action, object, details) VALUES (?, ?, ?, ?, ?, ?)",
        [at or dt.datetime.now().replace(microsecond=0), username, client, action, object_,
         json.dumps(details or {}, ensure_ascii=False, default=str)],
    )


def entries(con: duckdb.DuckDBPyConnection, limit: int = 5000) -> pd.DataFrame:
    """The newest audit rows first: id, logged_at, username, client, action, object, details."""
    return con.cursor().execute(
        "SELECT id, logged_at, username, client, action, object, details FROM audit_log ORDER BY id DESC LIMIT ?",
        [limit]).df()
