"""Whose figures a file writes, and whether the acting account may write them all.

One rule for every kind, applied to the units the builders resolved (the rows of plan.tables):
reports and targets write their unit, households the commune of each village, teams and
committees their commune, lineage weights their divided commune, village placements the village. A district officer writes the communes and villages of their district,
a commune officer those of their commune; the figures of a district itself (its targets) are
set by the province, so only an admin writes them. One unit outside the scope refuses the
whole file: a partly applied report would be worse than none.
"""

from __future__ import annotations

import pandas as pd

from analytics import texts
from analytics.access import Actor, can_write_unit
from analytics.ingest.resolve import UnitIndex

# (table, column holding the unit written) for every table a plan may carry
WRITTEN_UNITS = (
    ("reports", "unit_code"),
    ("targets", "unit_code"),
    ("households", "village_code"),
    ("teams", "village_code"),
    ("committees", "commune_code"),
    ("lineage_weights", "commune_code"),
    ("village_placements", "village_code"),
)


def may_write(actor: Actor | None, level: str | None, district: str | None, commune: str | None) -> bool:
    """May the actor write figures of a unit of this level, district and commune? A district or
    the province itself: admin only."""
    if actor is not None and actor.valid and actor.is_admin:
        return True
    if level not in ("commune", "village"):
        return False
    return can_write_unit(actor, district, commune)


def written_units(plan_tables: dict[str, pd.DataFrame], units: UnitIndex) -> pd.DataFrame:
    """One row per unit a plan writes: code, level, district, commune, rows (data rows naming it).
    New villages of a households file take their commune from the file's new-unit rows."""
    new_parents = {}
    if "units" in plan_tables and len(plan_tables["units"]):
        new_parents = dict(zip(plan_tables["units"]["code"], plan_tables["units"]["parent_code"]))
    counts: dict[str, int] = {}
    for table, column in WRITTEN_UNITS:
        frame = plan_tables.get(table)
        if frame is None or not len(frame):
            continue
        for code, rows in frame[column].value_counts().items():
            counts[str(code)] = counts.get(str(code), 0) + int(rows)
    records = []
    for code, rows in counts.items():
        if code in new_parents:
            commune = new_parents[code]
            records.append((code, "village", units.district_of(commune), commune, rows))
        else:
            records.append((code, units.levels.get(code), units.district_of(code), units.commune_of(code), rows))
    return pd.DataFrame(records, columns=["code", "level", "district", "commune", "rows"])


def out_of_scope(actor: Actor | None, plan_tables: dict[str, pd.DataFrame], units: UnitIndex,
                 matches: list[dict]) -> list[dict]:
    """The units of a plan the actor may not write, each with the sheet and Excel row where the
    file first names it and a Vietnamese message: {code, sheet, row, rows, message}."""
    written = written_units(plan_tables, units)
    first_seen: dict[str, tuple] = {}
    for match in matches:
        if match.get("row") is not None:
            first_seen.setdefault(match["code"], (match["sheet"], match["row"]))
    refused = []
    for unit in written.itertuples(index=False):
        if may_write(actor, unit.level, unit.district, unit.commune):
            continue
        # a new village is not in the index yet: name it through its commune, where the file names it
        named = unit.code if unit.code in units.names else unit.commune
        sheet, row = first_seen.get(unit.code) or first_seen.get(unit.commune or "") or (None, None)
        if unit.level in ("commune", "village"):
            message = texts.IMPORT_OUT_OF_SCOPE.format(
                unit=_unit_label(units, named),
                district=units.names.get(unit.district or "", "?"), rows=unit.rows)
        else:
            message = texts.IMPORT_OUT_OF_SCOPE_DISTRICT.format(unit=units.names.get(unit.code, unit.code),
                                                                rows=unit.rows)
        refused.append({"code": unit.code, "sheet": sheet, "row": row, "rows": unit.rows, "message": message})
    return refused


def _unit_label(units: UnitIndex, code: str) -> str:
    """'Xã Hòa Bình'; a village also names its commune: 'Thôn Nà Bó (Xã Gia Cát)'."""
    commune = units.commune_of(code)
    if commune and commune != code:
        return f"{units.names.get(code, code)} ({units.names.get(commune, commune)})"
    return units.names.get(code, code)
