"""Units of earlier administrative lists, and which units of a campaign's own list they became.

A file may name a unit as it was before a reorganisation ("Huyện Chi Lăng", "Xã Đồng Giáp"
in a campaign on the list of 1/7/2025). The lineage recorded in main.unit_lineage (one step per
list: 2021 -> 2025-01 -> 2025-07) is composed here into one step to the campaign's list; names,
old districts and end dates come from the reference hierarchies (analytics.reference).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import duckdb
import pandas as pd

from analytics.names import loose_key, name_key
from analytics.reference import hierarchy_units, hierarchy_unmapped
from analytics.settings import HIERARCHIES

# The day the reference takes when the sources give none for a change between the lists of 2021
# and 2025-01: the day before the 2025-01 list (scripts/extract_hierarchies.py). Such an end is
# shown as the list, not as a day.
APPROXIMATE_END = dt.date(2025, 1, 3)

FORMER_COLUMNS = ["token", "version", "level", "code", "name", "short_name", "kind", "name_key", "loose_key",
                  "district", "district_code", "district_name", "province_name", "valid_to", "targets", "whole"]


def token(version: str, code: str) -> str:
    """The key of a unit of an earlier list: '2025-01/187'. Never a unit code of the database (codes
    are digits, villages <commune>-<nnn>), so it cannot be written as one."""
    return f"{version}/{code}"


def is_token(value: object) -> bool:
    return isinstance(value, str) and "/" in value


@dataclass(frozen=True)
class Composed:
    """Where a unit of an earlier list went in the campaign's list: `targets` (the campaign's units
    that hold some of it) and whether it went wholly into a single one."""

    targets: frozenset[str]
    whole: bool


def compose(lineage: pd.DataFrame, version: str, level: str, codes: set[str]) -> dict[tuple[str, str], Composed]:
    """{(earlier version, code): Composed} for every unit of an earlier list whose lineage reaches
    one of `codes` (units of `level` in `version`). A unit is whole when all of it is accounted for
    and ends in one unit of `codes`: every step leads on to `codes` (not into another province, nor
    into a unit the sources map no further), and no step is a lone "part" whose rest the sources
    do not place. A commune split in two whose halves both end in the same unit is whole."""
    reach = {(version, code): Composed(frozenset({code}), True) for code in codes}
    rows = lineage[lineage["level"] == level]
    position = HIERARCHIES.index(version)
    for earlier, later in reversed(list(zip(HIERARCHIES[:position], HIERARCHIES[1:position + 1]))):
        step = rows[(rows["from_version"] == earlier) & (rows["to_version"] == later)]
        targets: dict[str, set[str]] = {}
        whole: dict[str, bool] = {}
        shares: dict[str, list[str]] = {}
        for row in step.itertuples(index=False):
            onward = reach.get((later, row.to_code))
            shares.setdefault(row.from_code, []).append(row.share)
            targets.setdefault(row.from_code, set()).update(onward.targets if onward else ())
            whole[row.from_code] = whole.get(row.from_code, True) and onward is not None and onward.whole
        for code, reached in targets.items():
            lone_part = shares[code] == ["part"]
            if reached:
                reach[(earlier, code)] = Composed(frozenset(reached), whole[code] and not lone_part and len(reached) == 1)
    return {key: value for key, value in reach.items() if key[0] != version}


@cache
def _reference_rows() -> dict[tuple[str, str, str], dict]:
    frame = hierarchy_units()
    return {(r["version"], r["level"], r["code"]): r for r in frame.to_dict("records")}


def _province_of(rows: dict, version: str, level: str, code: str) -> str | None:
    while level != "province":
        row = rows.get((version, level, code))
        if row is None:
            return None
        level, code = ("district" if level == "commune" and version != "2025-07" else "province"), row["parent_code"]
    return code


def former_units(con: duckdb.DuckDBPyConnection, version: str, province_code: str) -> pd.DataFrame:
    """One row per district or commune of an earlier list than `version` whose lineage leads into
    the campaign's units of that level, or (communes) that lay in the province and whose successor
    the sources do not give (`targets` empty): token, version, level, code, name, short_name, kind,
    name_key, loose_key, district (token of its old district), district_code, district_name,
    province_name (its old province), valid_to, targets (tuple of the campaign's codes), whole. Old districts of a campaign without
    districts are listed for their communes' sake (`targets` empty)."""
    if version not in HIERARCHIES or HIERARCHIES.index(version) == 0:
        return pd.DataFrame(columns=FORMER_COLUMNS)
    cur = con.cursor()
    lineage = cur.execute(
        "SELECT from_version, from_code, to_version, to_code, level, share FROM main.unit_lineage"
    ).df()
    own = cur.execute("SELECT code, level FROM unit WHERE level IN ('province', 'district', 'commune')").df()
    rows = _reference_rows()
    provinces = compose(lineage, version, "province", {province_code})
    composed: dict[tuple[str, str, str], Composed] = {}
    for level in ("district", "commune"):
        codes = set(own.loc[own["level"] == level, "code"])
        for (earlier, code), value in compose(lineage, version, level, codes).items():
            composed[(earlier, level, code)] = value
    unmapped = hierarchy_unmapped()
    unmapped = unmapped[(unmapped["missing"] == "successor") & (unmapped["level"] == "commune")]
    for row in unmapped.itertuples(index=False):
        if row.version not in HIERARCHIES[:HIERARCHIES.index(version)]:
            continue
        old_province = _province_of(rows, row.version, "commune", row.code)
        if (row.version, old_province) in provinces:
            composed.setdefault((row.version, "commune", row.code), Composed(frozenset(), False))
    records = []
    districts: set[tuple[str, str]] = set()
    for (earlier, level, code), value in composed.items():
        unit = rows.get((earlier, level, code))
        if unit is None:
            continue
        district = rows.get((earlier, "district", unit["parent_code"])) if level == "commune" else None
        if district is not None:
            districts.add((earlier, district["code"]))
        records.append(_record(rows, unit, district, value))
    for earlier, code in districts:
        if (earlier, "district", code) not in composed:
            records.append(_record(rows, rows[(earlier, "district", code)], None, Composed(frozenset(), False)))
    frame = pd.DataFrame.from_records(records, columns=FORMER_COLUMNS)
    return frame.sort_values(["level", "code", "version"], ignore_index=True)


def _record(rows: dict, unit: dict, district: dict | None, value: Composed) -> dict:
    valid_to = unit.get("valid_to") or ""
    province = rows.get((unit["version"], "province", _province_of(rows, unit["version"], unit["level"], unit["code"])))
    return {
        "token": token(unit["version"], unit["code"]), "version": unit["version"], "level": unit["level"],
        "code": unit["code"], "name": unit["name"], "short_name": unit["short_name"], "kind": unit["kind"],
        "name_key": name_key(unit["short_name"]), "loose_key": loose_key(unit["short_name"]),
        "district": token(district["version"], district["code"]) if district else "",
        "district_code": district["code"] if district else "",
        "district_name": district["name"] if district else "",
        "province_name": province["name"] if province else "",
        "valid_to": dt.date.fromisoformat(valid_to) if valid_to else None,
        "targets": tuple(sorted(value.targets)), "whole": value.whole,
    }


def former_provinces(con: duckdb.DuckDBPyConnection, version: str, province_code: str) -> set[str]:
    """Codes of the provinces of earlier lists that went (wholly or in part) into the province."""
    if version not in HIERARCHIES:
        return set()
    lineage = con.cursor().execute(
        "SELECT from_version, from_code, to_version, to_code, level, share FROM main.unit_lineage "
        "WHERE level = 'province'"
    ).df()
    return {code for (_, code) in compose(lineage, version, "province", {province_code})} - {province_code}
