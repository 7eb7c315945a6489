"""Households files: register villages (code <commune>-<nnn>) and set their households."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from analytics import texts, vnformat
from analytics.ingest.common import (
    FileContext, Sheet, body_frame, cells_text, formula_name_message, formula_start, group_places, meaning_text,
    merged_figure_errors, missing_name_errors, note_match, parse_numbers, place_context, record_layout, row_roles,
    texts_of,
)
from analytics.ingest.model import Issue, IssueLog
from analytics.ingest.resolve import village_name_parts
from analytics.ingest.statements import statement
from analytics.names import loose_key, name_key


@dataclass
class HouseholdsOutput:
    units: pd.DataFrame          # new villages
    households: pd.DataFrame     # village_code, households
    preview: pd.DataFrame
    summary: dict


def _next_codes(ctx: FileContext, commune: str, taken: dict[str, int]) -> str:
    """The next free village code of a commune: <commune>-<3-digit sequence>."""
    if commune not in taken:
        existing = ctx.units.village_keys(commune)["code"]
        numbers = [int(c.rsplit("-", 1)[1]) for c in existing if c.rsplit("-", 1)[-1].isdigit()]
        taken[commune] = max(numbers, default=0)
    taken[commune] += 1
    return f"{commune}-{taken[commune]:03d}"


def build_households(ctx: FileContext, sheets: list[Sheet]) -> HouseholdsOutput:
    """One row per village of the file: match within its commune or register it."""
    issues = ctx.issues
    new_units, values, preview = [], [], []
    seen: dict[str, tuple[str, int]] = {}
    pending: dict[tuple[str, str], str] = {}
    taken: dict[str, int] = {}
    for sheet in sheets:
        table = sheet.table
        households_col = table.first("households")
        village_col = table.first("village") or table.first("unit")
        if households_col is None or village_col is None:
            issues.error(texts.IMPORT_MISSING_COLUMN.format(
                column=texts.IMPORT_COLUMN_HOUSEHOLDS if households_col is None else texts.IMPORT_COLUMN_VILLAGE),
                table.sheet, table.header_rows[0] + 1)
            continue
        frame = body_frame(table)
        names = [village_col] + [c for c in (table.first("commune"), table.first("district")) if c is not None]
        roles = row_roles(table, frame, names)
        missing_name_errors(ctx, sheet, frame, roles, [households_col], village_col)
        merged_figure_errors(ctx, table, [households_col])
        blanks = table.formula_blanks(households_col)
        if blanks:
            issues.error(texts.IMPORT_FORMULA_NO_VALUE.format(cells=cells_text(households_col, blanks)),
                         table.sheet, blanks[0], households_col.header)
        record_layout(ctx, sheet, {households_col.index: ("used", meaning_text(households_col))})
        district, commune = place_context(ctx, sheet)
        groups = group_places(ctx, list(pd.unique(roles.loc[roles["role"] == "group", "label"])), district)
        counts, bad = parse_numbers(frame[households_col.index])
        commune_texts = texts_of(frame[table.first("commune").index]) if table.first("commune") else None
        district_texts = texts_of(frame[table.first("district").index]) if table.first("district") else None
        village_texts = texts_of(frame[village_col.index])
        for position in np.flatnonzero((roles["role"] == "detail").to_numpy()):
            row = int(roles["excel_row"].iloc[position])
            village_text = village_texts.iloc[position]
            if not village_text:
                continue
            # the village name becomes a unit's name: one a spreadsheet would run is refused
            formula = next(((column, start) for column in (village_col, table.first("commune"), table.first("district"))
                            if column is not None and (start := formula_start(frame[column.index].iloc[position]))),
                           None)
            if formula:
                issues.error(formula_name_message(formula[1]), table.sheet, row, formula[0].header,
                             frame[formula[0].index].iloc[position])
                continue
            row_district, row_commune = district, commune
            group = groups.get(roles["group_label"].iloc[position])
            if group is not None:
                if group.level == "commune":
                    row_commune, row_district = group.code, ctx.units.district_of(group.code)
                elif group.level == "district":
                    row_district = group.code or group.hint
            if district_texts is not None and district_texts.iloc[position]:
                found = ctx.units.find("district", district_texts.iloc[position])
                if found.code is None and found.hint is None:
                    issues.error(found.message, table.sheet, row, table.first("district").header, district_texts.iloc[position])
                    continue
                note_match(ctx, table.sheet, row, table.first("district").header, district_texts.iloc[position], found)
                row_district = found.code or found.hint
            if commune_texts is not None and commune_texts.iloc[position]:
                found = ctx.units.settle(ctx.units.find("commune", commune_texts.iloc[position], row_district),
                                         village_text, all_villages=True)
                if found.code is None:
                    issues.error(found.message, table.sheet, row, table.first("commune").header, commune_texts.iloc[position])
                    continue
                note_match(ctx, table.sheet, row, table.first("commune").header, commune_texts.iloc[position], found)
                row_commune = found.code
            row_district = ctx.units.real(row_district)
            if row_commune is None:
                issues.error(texts.IMPORT_NO_COMMUNE, table.sheet, row, village_col.header, village_text)
                continue
            raw = frame[households_col.index].iloc[position]
            value = counts.iloc[position]
            if bad.iloc[position]:
                issues.error(texts.IMPORT_NOT_A_NUMBER, table.sheet, row, households_col.header, raw)
                continue
            if pd.isna(value):
                issues.error(texts.IMPORT_VALUE_MISSING, table.sheet, row, households_col.header, raw)
                continue
            if value < 0:
                issues.error(texts.IMPORT_NEGATIVE, table.sheet, row, households_col.header, raw)
                continue
            if value % 1:
                issues.error(texts.IMPORT_NOT_WHOLE, table.sheet, row, households_col.header, raw)
                continue
            kind, short = village_name_parts(village_text)
            match = ctx.units.find("village", village_text, row_district, row_commune, all_villages=True)
            code = match.code
            if code is None and match.ambiguous:
                issues.error(match.message, table.sheet, row, village_col.header, village_text)
                continue
            is_new = code is None
            if not is_new:
                note_match(ctx, table.sheet, row, village_col.header, village_text, match)
            if is_new:
                key = (row_commune, loose_key(short))
                code = pending.get(key) or _next_codes(ctx, row_commune, taken)
                if key not in pending:
                    pending[key] = code
                    new_units.append({
                        "code": code, "name": f"{kind} {short}", "short_name": short, "kind": kind,
                        "parent_code": row_commune, "name_key": name_key(short), "loose_key": loose_key(short),
                    })
            if code in seen:
                first_sheet, first_row = seen[code]
                issues.error(texts.IMPORT_DUPLICATE_VILLAGE.format(row=first_row, sheet=first_sheet),
                             table.sheet, row, village_col.header, village_text)
                continue
            seen[code] = (table.sheet, row)
            values.append({"village_code": code, "households": int(value), "sheet": table.sheet, "row": row,
                           "column": households_col.header, "raw": raw})
            old = ctx.units.households.get(code)
            preview.append({
                texts.IMPORT_COL_CODE: code,
                texts.IMPORT_COL_UNIT: f"{kind} {short}" if is_new else ctx.units.names.get(code),
                texts.IMPORT_COL_ROW: row,
                texts.IMPORT_COL_PARENT: ctx.units.names.get(row_commune),
                texts.IMPORT_COL_DISTRICT: ctx.units.names.get(ctx.units.district_of(row_commune) or ""),
                texts.IMPORT_COL_OLD: None if old is None else int(old),
                texts.IMPORT_COL_NEW: int(value),
                texts.IMPORT_COL_CHANGE: texts.IMPORT_CHANGE_REGISTERED if is_new else (
                    texts.IMPORT_CHANGE_ADDED if old is None else
                    texts.IMPORT_CHANGE_SAME if old == value else texts.IMPORT_CHANGE_REPLACED),
            })
    units = pd.DataFrame(new_units, columns=["code", "name", "short_name", "kind", "parent_code", "name_key", "loose_key"])
    households = pd.DataFrame(values, columns=["village_code", "households", "sheet", "row", "column", "raw"])
    if households.empty and not issues.has_errors:
        issues.error(texts.IMPORT_NO_ROWS)
    summary = {"villages": len(households), "registered": len(units), "households": int(households["households"].sum()) if len(households) else 0}
    return HouseholdsOutput(units, households, pd.DataFrame(preview), summary)


def below_figures(cur: duckdb.DuckDBPyConnection, ctx: FileContext, households: pd.DataFrame) -> list[Issue]:
    """The file's villages, and their communes, whose stores or accounts already reported reach
    above the households the file gives (the same answer before the file is written and inside
    the transaction that writes it): one error per unit and indicator, on the village's row."""
    cur.register("ingest_households_check", households[["village_code", "households"]])
    try:
        exceeded = cur.execute(statement("households_exceeded")).df()
    finally:
        cur.unregister("ingest_households_check")
    found = IssueLog()
    cells = households.set_index("village_code")
    first_of_commune = households.assign(commune=households["village_code"].map(ctx.units.parents)).drop_duplicates(
        "commune").set_index("commune")
    for row in exceeded.drop_duplicates(["holder", "indicator"]).itertuples():
        cell = cells.loc[row.holder] if row.holder in cells.index else first_of_commune.loc[row.holder]
        found.error(texts.IMPORT_HOUSEHOLDS_BELOW_FIGURES.format(
            unit=ctx.units.names.get(row.holder, row.holder), households=vnformat.number(row.households),
            indicator=texts.INDICATORS[row.indicator].lower(), total=vnformat.number(row.peak)),
            cell["sheet"], int(cell["row"]), cell["column"], cell["raw"])
    return found.errors

