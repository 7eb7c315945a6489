"""Named SQL statements of the import, kept in analytics/sql/ingest_statements.sql."""

from __future__ import annotations

import re
from functools import cache

from analytics.db import sql

_NAME = re.compile(r"^-- name: (\w+)\s*$", re.MULTILINE)


@cache
def _statements() -> dict[str, str]:
    text = sql("ingest_statements")
    parts = _NAME.split(text)
    return {parts[i]: parts[i + 1].strip().rstrip(";") for i in range(1, len(parts), 2)}


def statement(name: str) -> str:
    """The SQL text of one named statement."""
    return _statements()[name]
