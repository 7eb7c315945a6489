"""Lineage weights (file kind "lineage-weights"): what the reform of 1/7/2025 left open for a
campaign run on an older list, as the province states it (used by analytics/reform.py).

A file holds one or two kinds of table (sheets of their own, or tables of one sheet), told apart
by whether they have a «Thôn» column:

* weights: «Xã cũ», «Xã mới», «Số hộ» (and optionally «TT», «Huyện»): one row per commune of
  the campaign that the reform divided in part and commune of today that took in part of it,
  with the households that went there. Every commune of today the lineage names for it needs
  its row, and the households must add up to the commune's households in the campaign (the sum
  of its villages'): a weight that does not is refused, never rescaled.
* villages: «Thôn», «Xã cũ», «Xã mới» (and optionally «TT», «Huyện»): the commune of today a
  village belongs to, one of those its commune went into. A village of a commune that went
  whole into one commune follows it anyway (a warning says the row changes nothing).

A later file replaces all the weights of each commune it names, and the placement of each
village it names; undoing it brings back the earlier ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import texts, vnformat
from analytics.ingest.common import (
    FileContext, Sheet, body_frame, formula_name_message, formula_start, merged_figure_errors, missing_name_errors,
    note_match, parse_numbers, place_context, record_layout, row_roles, texts_of,
)
from analytics.ingest.model import Issue, IssueLog
from analytics.ingest.statements import statement
from analytics.names import loose_key, name_key
from analytics.units import UnitLookupError, match_name

WEIGHT_COLUMNS = ["commune_code", "to_version", "to_code", "households", "sheet", "row", "column", "raw",
                  "new_column"]
PLACEMENT_COLUMNS = ["village_code", "commune_code", "to_version", "to_code", "sheet", "row", "column", "raw"]


@dataclass
class LineageOutput:
    weights: pd.DataFrame        # WEIGHT_COLUMNS
    placements: pd.DataFrame     # PLACEMENT_COLUMNS
    preview: pd.DataFrame
    summary: dict


class _Today:
    """The communes of today that the campaign's communes went into, matched by name or code."""

    def __init__(self, codes):
        from analytics.reform import today_units

        frame = today_units(codes)
        self.frame = frame.assign(name_key=frame["short_name"].map(name_key),
                                  loose_key=frame["short_name"].map(loose_key))
        self.names = dict(zip(frame["code"], frame["name"]))

    def find(self, text: str) -> tuple[str | None, str | None, bool]:
        """(code, error message, exact) of a name of today's communes."""
        try:
            code = match_name(self.frame, "commune", text)
        except UnitLookupError as exc:
            return None, str(exc), False
        row = self.frame[self.frame["code"] == code].iloc[0]
        return code, None, text.strip() == code or name_key(text) == row["name_key"]


def commune_households(cur, codes: list[str]) -> dict[str, int]:
    """Households of communes (the sum of their live villages'), as every figure counts them."""
    rows = cur.execute(statement("commune_households"), {"codes": sorted(codes)}).fetchall()
    return {code: int(households) for code, households in rows}


def build_lineage(ctx: FileContext, sheets: list[Sheet]) -> LineageOutput:
    """Read the weights and village placements of a file; every refusal names sheet, row, column."""
    from analytics.reform import TODAY, applies, placement

    issues = ctx.issues
    empty = LineageOutput(pd.DataFrame(columns=WEIGHT_COLUMNS), pd.DataFrame(columns=PLACEMENT_COLUMNS),
                          pd.DataFrame(), {})
    if not applies(ctx.con):
        issues.error(texts.LINEAGE_NOT_NEEDED)
        return empty
    plan = placement(ctx.con)
    successors = plan.lineage.groupby("from_code")["to_code"].apply(list).to_dict()
    today = _Today(set(plan.lineage["to_code"]))
    weights, placements = [], []
    for sheet in sheets:
        table = sheet.table
        old_col, new_col = table.first("old_commune"), table.first("new_commune")
        village_col, households_col = table.first("village"), table.first("households")
        district_col = table.first("district")
        missing = [label for label, column in ((texts.LINEAGE_COLUMN_OLD, old_col), (texts.LINEAGE_COLUMN_NEW, new_col),
                                               (texts.IMPORT_COLUMN_HOUSEHOLDS, households_col or village_col))
                   if column is None]
        if missing:
            for label in missing:
                issues.error(texts.IMPORT_MISSING_COLUMN.format(column=label), table.sheet, table.header_rows[0] + 1)
            continue
        is_villages = village_col is not None
        frame = body_frame(table)
        roles = row_roles(table, frame, [village_col or old_col])
        value_columns = [new_col] if is_villages else [households_col]
        missing_name_errors(ctx, sheet, frame, roles, value_columns, village_col or old_col)
        if not is_villages:
            merged_figure_errors(ctx, table, [households_col])
        described = {old_col.index: ("name", texts.IMPORT_MEANING_FIELDS["old_commune"]),
                     new_col.index: ("name", texts.IMPORT_MEANING_FIELDS["new_commune"])}
        if is_villages:
            described[village_col.index] = ("name", texts.IMPORT_MEANING_FIELDS["village"])
            if households_col is not None:
                described[households_col.index] = ("aside", texts.LINEAGE_HOUSEHOLDS_ASIDE)
        else:
            described[households_col.index] = ("used", texts.LINEAGE_MEANING_HOUSEHOLDS)
        record_layout(ctx, sheet, described)
        file_district, _ = place_context(ctx, sheet)
        named = {c.field: c for c in (old_col, new_col, village_col, district_col) if c is not None}
        cells = {field: texts_of(frame[column.index]) for field, column in named.items()}
        counts, bad = parse_numbers(frame[households_col.index]) if not is_villages else (None, None)
        for position in np.flatnonzero((roles["role"] == "detail").to_numpy()):
            row = int(roles["excel_row"].iloc[position])
            text = {field: values.iloc[position] for field, values in cells.items()}
            formula = next(((column, start) for column in named.values()
                            if (start := formula_start(frame[column.index].iloc[position]))), None)
            if formula:
                issues.error(formula_name_message(formula[1]), table.sheet, row, formula[0].header,
                             frame[formula[0].index].iloc[position])
                continue
            district = file_district
            if text.get("district"):
                found = ctx.units.find("district", text["district"])
                if found.code is None:
                    issues.error(found.message, table.sheet, row, district_col.header, text["district"])
                    continue
                note_match(ctx, table.sheet, row, district_col.header, text["district"], found)
                district = found.code
            if not text["old_commune"]:
                issues.error(texts.LINEAGE_OLD_MISSING, table.sheet, row, old_col.header, None)
                continue
            found = ctx.units.find("commune", text["old_commune"], district)
            if found.code is None:
                issues.error(found.message, table.sheet, row, old_col.header, text["old_commune"])
                continue
            note_match(ctx, table.sheet, row, old_col.header, text["old_commune"], found)
            old = found.code
            went_to = successors.get(old, [])
            if not went_to:
                issues.error(texts.LINEAGE_NOT_IN_TABLE.format(commune=ctx.units.names[old]), table.sheet, row,
                             old_col.header, text["old_commune"])
                continue
            if not text["new_commune"]:
                issues.error(texts.LINEAGE_NEW_MISSING, table.sheet, row, new_col.header, None)
                continue
            new, message, exact = today.find(text["new_commune"])
            if new is None:
                issues.error(message, table.sheet, row, new_col.header, text["new_commune"])
                continue
            if not exact:
                issues.warn(texts.LINEAGE_NON_EXACT.format(text=text["new_commune"], name=today.names[new]),
                            table.sheet, row, new_col.header, text["new_commune"])
            if new not in went_to:
                issues.error(texts.LINEAGE_NOT_SUCCESSOR.format(
                    new=today.names[new], old=ctx.units.names[old],
                    successors=", ".join(today.names.get(s, s) for s in went_to)),
                    table.sheet, row, new_col.header, text["new_commune"])
                continue
            if is_villages:
                placed = _village(ctx, table.sheet, row, village_col, text["village"], old, new, went_to)
                if placed is not None:
                    placements.append({"village_code": placed, "commune_code": old, "to_version": TODAY,
                                       "to_code": new, "sheet": table.sheet, "row": row, "column": new_col.header,
                                       "raw": text["new_commune"]})
                continue
            if len(went_to) == 1:
                issues.error(texts.LINEAGE_WHOLE.format(old=ctx.units.names[old], new=today.names[new]),
                             table.sheet, row, old_col.header, text["old_commune"])
                continue
            raw = frame[households_col.index].iloc[position]
            value = counts.iloc[position]
            problem = (texts.IMPORT_NOT_A_NUMBER if bad.iloc[position] else texts.IMPORT_VALUE_MISSING if pd.isna(value)
                       else texts.IMPORT_NEGATIVE if value < 0 else texts.IMPORT_NOT_WHOLE if value % 1 else None)
            if problem:
                issues.error(problem, table.sheet, row, households_col.header, raw)
                continue
            weights.append({"commune_code": old, "to_version": TODAY, "to_code": new, "households": int(value),
                            "sheet": table.sheet, "row": row, "column": households_col.header, "raw": raw,
                            "new_column": new_col.header})
    weights_frame = pd.DataFrame(weights, columns=WEIGHT_COLUMNS)
    placements_frame = pd.DataFrame(placements, columns=PLACEMENT_COLUMNS)
    weights_frame = _unique(issues, weights_frame, ["commune_code", "to_code"], texts.LINEAGE_DUPLICATE_WEIGHT)
    placements_frame = _unique(issues, placements_frame, ["village_code"], texts.LINEAGE_DUPLICATE_VILLAGE)
    _complete(ctx, issues, weights_frame, successors, today)
    for issue in weight_sums(ctx.con.cursor(), ctx, weights_frame):
        issues.error(issue.message, issue.sheet, issue.row, issue.column, issue.value)
    _villages_within(ctx, issues, weights_frame, placements_frame, plan.weights, today)
    if weights_frame.empty and placements_frame.empty and not issues.has_errors:
        issues.error(texts.IMPORT_NO_ROWS)
    summary = {"communes": int(weights_frame["commune_code"].nunique()), "weights": len(weights_frame),
               "villages": len(placements_frame)}
    return LineageOutput(weights_frame, placements_frame, _preview(ctx, plan, today, weights_frame, placements_frame),
                         summary)


def _village(ctx: FileContext, sheet: str, row: int, column, text: str, old: str, new: str,
             went_to: list[str]) -> str | None:
    """The village code a placement row names inside its commune (None: refused, reason logged)."""
    if not text:
        ctx.issues.error(texts.LINEAGE_VILLAGE_MISSING, sheet, row, column.header, None)
        return None
    found = ctx.units.find("village", text, ctx.units.district_of(old), old)
    if found.code is None:
        ctx.issues.error(found.message, sheet, row, column.header, text)
        return None
    note_match(ctx, sheet, row, column.header, text, found)
    if len(went_to) == 1:
        ctx.issues.warn(texts.LINEAGE_VILLAGE_FOLLOWS.format(village=ctx.units.names[found.code],
                                                             commune=ctx.units.names[old]), sheet, row, column.header, text)
    return found.code


def _unique(issues: IssueLog, frame: pd.DataFrame, keys: list[str], message: str) -> pd.DataFrame:
    """Refuse a row naming again what an earlier row of the file named."""
    duplicated = frame.duplicated(keys, keep="first")
    for row in frame[duplicated].itertuples(index=False):
        first = frame[(frame[keys] == pd.Series({k: getattr(row, k) for k in keys})).all(axis=1)].iloc[0]
        issues.error(message.format(row=first["row"], sheet=first["sheet"]), row.sheet, row.row, row.column, row.raw)
    return frame[~duplicated].reset_index(drop=True)


def _complete(ctx: FileContext, issues: IssueLog, weights: pd.DataFrame, successors: dict, today: _Today) -> None:
    """Every commune of today that took in part of a commune needs its weight in the file."""
    for commune, rows in weights.groupby("commune_code", sort=False):
        absent = [s for s in successors[commune] if s not in set(rows["to_code"])]
        if absent:
            first = rows.iloc[0]
            issues.error(texts.LINEAGE_INCOMPLETE.format(commune=ctx.units.names[commune],
                                                         missing=", ".join(today.names.get(s, s) for s in absent)),
                         first["sheet"], int(first["row"]), first["new_column"], None)


def weight_sums(cur, ctx: FileContext, weights: pd.DataFrame) -> list[Issue]:
    """The communes whose weights do not add up to their households in the campaign (read from
    the database: the same answer at the preview and inside the transaction that writes), each
    on the cell of its last row."""
    found = IssueLog()
    if weights.empty:
        return found.errors
    held = commune_households(cur, list(set(weights["commune_code"])))
    for commune, rows in weights.groupby("commune_code", sort=False):
        last = rows.iloc[-1]
        given, households = int(rows["households"].sum()), held.get(commune, 0)
        if households == 0:
            found.error(texts.LINEAGE_NO_HOUSEHOLDS.format(commune=ctx.units.names[commune]), last["sheet"],
                        int(last["row"]), last["column"], last["raw"])
        elif given != households:
            found.error(texts.LINEAGE_SUM_MISMATCH.format(commune=ctx.units.names[commune],
                                                          given=vnformat.number(given),
                                                          households=vnformat.number(households)),
                        last["sheet"], int(last["row"]), last["column"], last["raw"])
    return found.errors


def _villages_within(ctx: FileContext, issues: IssueLog, weights: pd.DataFrame, placements: pd.DataFrame,
                     stored: pd.DataFrame, today: _Today) -> None:
    """The villages placed in a commune of today cannot hold more households than the weight
    that commune receives (the file's weights, else those stored)."""
    if placements.empty:
        return
    effective = pd.concat([weights[["commune_code", "to_code", "households"]],
                           stored[~stored["commune_code"].isin(set(weights["commune_code"]))]], ignore_index=True)
    limits = {(c, t): int(h) for c, t, h in zip(effective["commune_code"], effective["to_code"], effective["households"])}
    placed = placements.assign(households=placements["village_code"].map(ctx.units.households).fillna(0))
    for (commune, new), rows in placed.groupby(["commune_code", "to_code"], sort=False):
        limit = limits.get((commune, new))
        total = int(rows["households"].sum())
        if limit is not None and total > limit:
            last = rows.iloc[-1]
            issues.error(texts.LINEAGE_VILLAGES_OVER.format(
                new=today.names.get(new, new), commune=ctx.units.names[commune], placed=vnformat.number(total),
                weight=vnformat.number(limit)), last["sheet"], int(last["row"]), last["column"], last["raw"])


def _preview(ctx: FileContext, plan, today: _Today, weights: pd.DataFrame, placements: pd.DataFrame) -> pd.DataFrame:
    """One row per weight and per village placement, with what is stored now."""
    rows = []
    stored = {(c, t): int(h) for c, t, h in zip(plan.weights["commune_code"], plan.weights["to_code"],
                                                plan.weights["households"])}
    for commune, group in weights.groupby("commune_code", sort=False):
        total = group["households"].sum()
        for weight in group.itertuples(index=False):
            before = stored.get((commune, weight.to_code))
            rows.append({
                texts.IMPORT_COL_UNIT: ctx.units.names[commune], texts.IMPORT_COL_PARENT: None,
                texts.IMPORT_COL_DISTRICT: ctx.units.names.get(ctx.units.district_of(commune) or "", ""),
                texts.IMPORT_COL_ROW: weight.row, texts.LINEAGE_COL_TODAY: today.names.get(weight.to_code, weight.to_code),
                texts.LINEAGE_COL_HOUSEHOLDS: weight.households,
                texts.LINEAGE_COL_SHARE: vnformat.percent(100 * weight.households / total) if total else "",
                texts.LINEAGE_COL_BEFORE: before, texts.IMPORT_COL_CHANGE: _change(before, weight.households),
            })
    current = dict(zip(plan.villages["village_code"], plan.villages["to_code"]))
    for placement in placements.itertuples(index=False):
        before = current.get(placement.village_code)
        rows.append({
            texts.IMPORT_COL_UNIT: ctx.units.names[placement.village_code],
            texts.IMPORT_COL_PARENT: ctx.units.names[placement.commune_code],
            texts.IMPORT_COL_DISTRICT: ctx.units.names.get(ctx.units.district_of(placement.commune_code) or "", ""),
            texts.IMPORT_COL_ROW: placement.row, texts.LINEAGE_COL_TODAY: today.names.get(placement.to_code),
            texts.LINEAGE_COL_HOUSEHOLDS: ctx.units.households.get(placement.village_code), texts.LINEAGE_COL_SHARE: "",
            texts.LINEAGE_COL_BEFORE: today.names.get(before, before) if before else None,
            texts.IMPORT_COL_CHANGE: _change(before, placement.to_code),
        })
    return pd.DataFrame(rows)


def _change(old, new) -> str:
    return texts.IMPORT_CHANGE_ADDED if old is None else texts.IMPORT_CHANGE_SAME if old == new else \
        texts.IMPORT_CHANGE_REPLACED
