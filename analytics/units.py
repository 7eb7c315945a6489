"""Find administrative units by the names people write."""

from __future__ import annotations

import difflib

import duckdb
import pandas as pd

from analytics import texts
from analytics.names import loose_key, name_key
from analytics.settings import Settings

SUGGESTION_LIMIT = 6


class NoDistrictLevel(ValueError):
    """A district level, or a district, asked of a campaign whose hierarchy has none (since
    1/7/2025 communes sit directly under the province); the message (Vietnamese) says what to ask."""


def require_districts(settings: Settings, level: str | None = None, district: str | None = None) -> None:
    """NoDistrictLevel when the campaign has no district level and `level` is 'district' or a
    district is given; nothing otherwise."""
    if settings.has_districts:
        return
    if level == "district":
        raise NoDistrictLevel(texts.NO_DISTRICT_LEVEL.format(campaign=settings.campaign.name))
    if district:
        raise NoDistrictLevel(texts.NO_DISTRICT_FILTER.format(campaign=settings.campaign.name, district=district))


class UnitLookupError(LookupError):
    """A name matched no unit, or several; the message lists suggestions or candidates."""

    def __init__(self, message: str, candidates: list[str] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


def units_frame(con: duckdb.DuckDBPyConnection, level: str) -> pd.DataFrame:
    """One row per live unit of a level: code, name, short_name, parent_code, district_code,
    name_key, loose_key, with the full names of its district and (villages) commune for display
    (no district, NULL and '', on a hierarchy without districts)."""
    return con.cursor().execute(
        """
        SELECT u.code, u.name, u.short_name, u.parent_code, u.name_key, u.loose_key,
               CASE u.level WHEN 'district' THEN u.code ELSE d.code END AS district_code,
               coalesce(d.name, '') AS district_name,
               coalesce(c.name, '') AS commune_name
        FROM unit_current u
        LEFT JOIN unit c ON c.code = u.parent_code AND u.level = 'village'
        LEFT JOIN unit d ON d.code = CASE u.level WHEN 'commune' THEN u.parent_code
                                                  WHEN 'village' THEN c.parent_code END
                        AND d.level = 'district'
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


def unit_label(row) -> str:
    """'Phường Chi Lăng (Thành phố Lạng Sơn)'; a village also names its commune."""
    places = [getattr(row, "commune_name", ""), getattr(row, "district_name", "")]
    places = [p for p in places if isinstance(p, str) and p]
    return f"{row.name} ({', '.join(places)})" if places else row.name


def _labels(found: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(unit_label(r) for r in found.itertuples()))


def match_name(frame: pd.DataFrame, level: str, name: str) -> str:
    """Match a name against a units_frame: code, then exact key, then key without diacritics.
    A name that matches neither is refused with close names as suggestions, never guessed."""
    text = str(name).strip()
    by_code = frame[frame["code"] == text]
    if len(by_code) == 1:
        return by_code["code"].iloc[0]
    for column, key in (("name_key", name_key(text)), ("loose_key", loose_key(text))):
        found = frame[frame[column] == key]
        if len(found) == 1:
            return found["code"].iloc[0]
        if len(found) > 1:
            candidates = _labels(found)
            raise UnitLookupError(
                texts.UNIT_AMBIGUOUS.format(level=texts.LEVELS[level].lower(), name=text, candidates="; ".join(candidates)),
                candidates,
            )
    # Several units share a key (Xã Hòa Bình in four districts): suggest each key once, then
    # every unit behind it with its district, so no suggestion repeats.
    keys = list(dict.fromkeys(frame["loose_key"].tolist()))
    close = difflib.get_close_matches(loose_key(text), keys, n=3, cutoff=0.6)
    names = _labels(frame[frame["loose_key"].isin(close)].assign(
        order=lambda f: f["loose_key"].map({k: i for i, k in enumerate(close)})).sort_values(["order", "code"]))
    names = names[:SUGGESTION_LIMIT]
    if names:
        message = texts.UNIT_NOT_FOUND.format(level=texts.LEVELS[level].lower(), name=text, suggestions=", ".join(names))
    else:
        message = texts.UNIT_NOT_FOUND_NO_SUGGESTION.format(level=texts.LEVELS[level].lower(), name=text)
    raise UnitLookupError(message, names)
