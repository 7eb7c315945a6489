"""Targets assigned to districts, communes or villages (giao chỉ tiêu): % of households or counts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import texts
from analytics.ingest.common import (
    FileContext, Sheet, body_frame, meaning_text, merged_figure_errors, missing_name_errors, name_columns, parse_numbers, record_layout,
    resolve_units, row_roles, texts_of,
)
from analytics.ingest.model import TARGET_INDICATORS
from analytics.ingest.statements import statement
from analytics.names import fold


# What the user may choose when a file does not say the unit of its targets.
CHOSEN_UNITS = {"pct": "pct", "households": "count"}


@dataclass
class TargetsOutput:
    targets: pd.DataFrame
    preview: pd.DataFrame
    summary: dict


def _measure(column, values: pd.Series, uom_texts: pd.Series | None, ctx: FileContext, sheet: Sheet,
             formatted: np.ndarray) -> pd.Series:
    """'pct' or 'count' per row: a percent-formatted cell, the header ('%', 'tỷ lệ'; '(hộ)',
    'số hộ'), a 'Đơn vị tính' cell, else what the user chose. Never guessed from the size."""
    if formatted.any() and formatted[values.notna().to_numpy()].all():
        return pd.Series("pct", index=values.index)
    if column.meaning.pct:
        return pd.Series("pct", index=values.index)
    if uom_texts is not None:
        folded = uom_texts.map(fold)
        per_row = np.where(folded.str.contains("%|phan tram|ty le", regex=True) | (uom_texts.str.contains("%")), "pct",
                           np.where(folded != "", "count", ""))
        if (per_row != "").all():
            return pd.Series(per_row, index=values.index)
    if column.meaning.count:
        return pd.Series("count", index=values.index)
    if ctx.options.target_unit in CHOSEN_UNITS:
        return pd.Series(CHOSEN_UNITS[ctx.options.target_unit], index=values.index)
    ctx.issues.error(texts.IMPORT_TARGET_UNIT_UNKNOWN.format(column=column.letter, header=column.header),
                     sheet.table.sheet, sheet.table.header_rows[-1] + 1, column.header)
    return pd.Series("", index=values.index)


def build_targets(ctx: FileContext, sheets: list[Sheet]) -> TargetsOutput:
    """One target row per unit and indicator; group rows are targets of their own unit."""
    issues = ctx.issues
    parts = []
    for sheet in sheets:
        table = sheet.table
        columns = [c for c in table.columns if c.field in TARGET_INDICATORS]
        names = name_columns(table)
        if not columns or not names:
            issues.error(texts.IMPORT_NO_VALUE_COLUMNS if not columns else texts.IMPORT_NO_NAME_COLUMN,
                         table.sheet, table.header_rows[0] + 1)
            continue
        frame = body_frame(table)
        roles = row_roles(table, frame, names)
        resolved = resolve_units(ctx, sheet, frame, roles, include_groups=True)
        counted = roles["role"].isin(["detail", "group"]).to_numpy()
        failed = counted & (resolved.failed != "").to_numpy() & (roles["role"] == "detail").to_numpy()
        for position in np.flatnonzero(failed):
            issues.error(resolved.failed.iloc[position], table.sheet, roles["excel_row"].iloc[position],
                         resolved.column.iloc[position], roles["label"].iloc[position])
        missing_name_errors(ctx, sheet, frame, roles, columns, names[0])
        merged_figure_errors(ctx, table, columns)
        record_layout(ctx, sheet, {c.index: ("used", meaning_text(c)) for c in columns})
        uom = table.first("uom")
        uom_texts = texts_of(frame[uom.index]) if uom else None
        for column in columns:
            values, bad = parse_numbers(frame[column.index])
            formatted = frame["excel_row"].isin(table.percent_rows(column)).to_numpy()
            measure = _measure(column, values.where(counted), uom_texts, ctx, sheet, formatted & counted)
            # Excel keeps 60 % as 0,6: a percent-formatted cell is read as the percentage it shows.
            values = values.where(~formatted, (values * 100).round(9))
            for position in np.flatnonzero(formatted & counted & (measure != "pct").to_numpy() & values.notna().to_numpy()):
                issues.error(texts.IMPORT_TARGET_PCT_CELL_IN_COUNT, table.sheet, roles["excel_row"].iloc[position],
                             column.header, frame[column.index].iloc[position])
            for position in np.flatnonzero(bad.to_numpy() & counted):
                issues.error(texts.IMPORT_NOT_A_NUMBER, table.sheet, roles["excel_row"].iloc[position], column.header,
                             frame[column.index].iloc[position])
            invalid = counted & ((values < 0) | ((measure == "pct") & (values > 100))).to_numpy()
            for position in np.flatnonzero(invalid):
                message = texts.IMPORT_NEGATIVE if values.iloc[position] < 0 else texts.IMPORT_PCT_ABOVE_100
                issues.error(message, table.sheet, roles["excel_row"].iloc[position], column.header,
                             frame[column.index].iloc[position])
            keep = counted & values.notna().to_numpy() & ~bad.to_numpy() & resolved.unit_code.notna().to_numpy()
            parts.append(pd.DataFrame({
                "sheet": table.sheet, "row": roles["excel_row"], "column": column.header, "raw": frame[column.index],
                "unit_code": resolved.unit_code, "indicator": column.field, "value": values,
                "unit_of_measure": measure,
            })[keep])
    targets = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["sheet", "row", "column", "raw", "unit_code", "indicator", "value", "unit_of_measure"])
    duplicated = targets.duplicated(["unit_code", "indicator"], keep="first")
    for row in targets[duplicated].itertuples():
        first = targets[(targets["unit_code"] == row.unit_code) & (targets["indicator"] == row.indicator)].iloc[0]
        issues.error(texts.IMPORT_DUPLICATE_TARGET.format(row=first["row"], sheet=first["sheet"]),
                     row.sheet, row.row, row.column, row.raw)
    if targets.empty and not issues.has_errors:
        issues.error(texts.IMPORT_NO_ROWS)
    preview = _preview(ctx, targets)
    summary = {"targets": len(targets), "units": int(targets["unit_code"].nunique()) if len(targets) else 0}
    return TargetsOutput(targets, preview, summary)


def _preview(ctx: FileContext, targets: pd.DataFrame) -> pd.DataFrame:
    if targets.empty:
        return pd.DataFrame()
    cur = ctx.con.cursor()
    cur.register("ingest_keys", targets[["unit_code"]].drop_duplicates())
    try:
        current = cur.execute(statement("current_targets")).df()
    finally:
        cur.unregister("ingest_keys")
    merged = targets.merge(current.rename(columns={"value": "old", "unit_of_measure": "old_uom"}),
                           on=["unit_code", "indicator"], how="left")
    change = np.where(merged["old"].isna(), texts.IMPORT_CHANGE_ADDED,
                      np.where((merged["old"] == merged["value"]) & (merged["old_uom"] == merged["unit_of_measure"]),
                               texts.IMPORT_CHANGE_SAME, texts.IMPORT_CHANGE_REPLACED))
    return pd.DataFrame({
        texts.IMPORT_COL_CODE: merged["unit_code"],
        texts.IMPORT_COL_UNIT: merged["unit_code"].map(ctx.units.names),
        texts.IMPORT_COL_DISTRICT: merged["unit_code"].map(
            lambda c: ctx.units.names.get(ctx.units.district_of(c) or "", "") if ctx.units.levels.get(c) != "district" else ""),
        texts.IMPORT_COL_INDICATOR: merged["indicator"].map(texts.IMPORT_TARGET_INDICATORS),
        texts.IMPORT_COL_MEASURE: merged["unit_of_measure"].map(texts.IMPORT_MEASURES),
        texts.IMPORT_COL_OLD: merged["old"],
        texts.IMPORT_COL_NEW: merged["value"],
        texts.IMPORT_COL_CHANGE: change,
    })
