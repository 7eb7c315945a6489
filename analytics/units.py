"""Find administrative units by the names people write."""

from __future__ import annotations

import difflib

import duckdb
import pandas as pd

from analytics import texts
from analytics.names import loose_key, name_key


class UnitLookupError(LookupError):
    """A name matched no unit, or several; the message lists suggestions or candidates."""

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


def units_frame(con: duckdb.DuckDBPyConnection, level: str) -> pd.DataFrame:
    """One row per live unit of a level: code, name, short_name, parent_code, district_code,
    name_key, loose_key, with the district's name for display."""
    return con.cursor().execute(
        """
        SELECT u.code, u.name, u.short_name, u.parent_code, u.name_key, u.loose_key,
               CASE u.level WHEN 'district' THEN u.code WHEN 'commune' THEN u.parent_code
                            WHEN 'village' THEN c.parent_code END AS district_code,
               coalesce(d.short_name, '') AS district_name
        FROM unit_current u
        LEFT JOIN unit c ON c.code = u.parent_code AND u.level = 'village'
        LEFT JOIN unit d ON d.code = CASE u.level WHEN 'commune' THEN u.parent_code
                                                  WHEN 'village' THEN c.parent_code END
        WHERE u.level = ?
        ORDER BY u.code
        """,
        [level],
    ).df()


def resolve_unit(
    con: duckdb.DuckDBPyConnection, level: str, name: str, within: str | None = None
) -> str:
    """Code of the unit of `level` named `name` (or given by its code), optionally inside the
    unit `within` (a district or commune code). Raises UnitLookupError."""
    frame = units_frame(con, level)
    if within:
        frame = frame[(frame["parent_code"] == within) | (frame["district_code"] == within)]
    return match_name(frame, level, name)


def match_name(frame: pd.DataFrame, level: str, name: str) -> str:
    """Match a name against a units_frame: code, then exact key, then key without diacritics."""
    text = str(name).strip()
    by_code = frame[frame["code"] == text]
    if len(by_code) == 1:
        return by_code["code"].iloc[0]
    for column, key in (("name_key", name_key(text)), ("loose_key", loose_key(text))):
        found = frame[frame[column] == key]
        if len(found) == 1:
            return found["code"].iloc[0]
        if len(found) > 1:
            candidates = [f"{r.name} ({r.district_name})" if r.district_name else r.name for r in found.itertuples()]
            raise UnitLookupError(
                texts.UNIT_AMBIGUOUS.format(level=texts.LEVELS[level].lower(), name=text, candidates="; ".join(candidates)),
                candidates,
            )
    suggestions = difflib.get_close_matches(loose_key(text), frame["loose_key"].tolist(), n=3, cutoff=0.6)
    names = [frame.loc[frame["loose_key"] == s, "name"].iloc[0] for s in suggestions]
    if names:
        message = texts.UNIT_NOT_FOUND.format(level=texts.LEVELS[level].lower(), name=text, suggestions=", ".join(names))
    else:
        message = texts.UNIT_NOT_FOUND_NO_SUGGESTION.format(level=texts.LEVELS[level].lower(), name=text)
    raise UnitLookupError(message, names)
