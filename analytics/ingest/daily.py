"""Daily reports of communes/districts (source 'commune') and of the postal enterprises
(sources 'viettel', 'vnpost'): long or wide layout, daily or cumulative values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics import texts
from analytics.ingest.common import (
    FileContext, Sheet, body_frame, cells_text, meaning_text, merged_figure_errors, missing_name_errors, name_columns,
    parse_numbers, record_layout, resolve_units, row_roles,
)
from analytics.ingest.context import source_in_text
from analytics.ingest.headers import indicator_in_text, is_cumulative_text
from analytics.ingest.layout import Column
from analytics.ingest.model import REPORT_INDICATORS
from analytics.ingest.statements import statement
from analytics.ingest.values import (
    UNIT_WORD_INDICATORS, is_percent_text, parse_date, parse_datetime, serial_date, unit_word,
)

COUNT_INDICATORS = ("stores", "accounts", "active", "orders")
# A day's figure at least as large as a running total of this size looks like a running total.
SUSPICIOUS_TOTAL = 20
RECORD_COLUMNS = ["sheet", "row", "column", "date_column", "raw", "unit_code", "report_date", "indicator", "cumulative",
                  "value", "received_at", "source", "opening"]


OBSERVATION_COLUMNS = ["unit_code", "report_date", "indicator", "source", "value", "received_at", "opening", "cumulative"]


@dataclass
class ReportsOutput:
    """What a daily/enterprise file adds: the observations to write, the records they come from
    (with their cells) and the source."""

    reports: pd.DataFrame
    records: pd.DataFrame
    source: str | None


def detect_source(ctx: FileContext, sheets: list[Sheet]) -> str | None:
    """The enterprise behind a report: the user's choice, else the title, sheet or file name."""
    if ctx.options.source:
        return ctx.options.source
    lines = [line for s in sheets for line in s.table.title] + [s.table.sheet for s in sheets]
    return source_in_text(*lines) or source_in_text(ctx.file_name)


def _value_columns(sheet: Sheet) -> list[Column]:
    """Columns of figures: indicator columns and date columns of a wide layout (percentages and
    targets included; `_plan_columns` sorts them)."""
    columns = []
    for column in sheet.table.columns:
        if column.field in REPORT_INDICATORS or (column.field is None and column.date is not None):
            columns.append(column)
    return columns


def _plan_columns(sheet: Sheet) -> tuple[list[Column], list[Column], dict[int, tuple[str, str]]]:
    """(columns whose figures are imported, percentage columns that only cross-check, and the
    preview's description of the columns set aside)."""
    used, checks, described = [], [], {}
    for column in _value_columns(sheet):
        if column.meaning.target:
            described[column.index] = ("aside", texts.IMPORT_ASIDE_TARGET)
        elif column.is_percent:
            checks.append(column)
        else:
            used.append(column)
    households = sheet.table.first("households")
    if households is not None:
        described[households.index] = ("check", texts.IMPORT_ASIDE_HOUSEHOLDS)
    return used, checks, described


def _column_indicator(ctx: FileContext, sheet: Sheet, column: Column) -> str | None:
    if column.field in REPORT_INDICATORS:
        return column.field
    for text in [sheet.table.sheet, *sheet.table.title]:
        found = indicator_in_text(text)
        if found:
            return found
    return None


def _sheet_records(ctx: FileContext, sheet: Sheet, kind: str, source: str | None) -> pd.DataFrame | None:
    table = sheet.table
    issues = ctx.issues
    value_columns, pct_columns, described = _plan_columns(sheet)
    if not value_columns:
        issues.error(texts.IMPORT_NO_VALUE_COLUMNS, table.sheet, table.header_rows[0] + 1)
        record_layout(ctx, sheet, described)
        return None
    names = name_columns(table)
    if not names:
        issues.error(texts.IMPORT_NO_NAME_COLUMN, table.sheet, table.header_rows[0] + 1)
        return None
    frame = body_frame(table)
    roles = row_roles(table, frame, names)
    missing_name_errors(ctx, sheet, frame, roles, value_columns, names[0])
    merged_figure_errors(ctx, table, value_columns + pct_columns)
    resolved = resolve_units(ctx, sheet, frame, roles, include_groups=True)
    detail = (roles["role"] == "detail").to_numpy()
    failed = detail & (resolved.failed != "").to_numpy()
    for position in np.flatnonzero(failed):
        issues.error(resolved.failed.iloc[position], table.sheet, roles["excel_row"].iloc[position],
                     resolved.column.iloc[position], roles["label"].iloc[position])
    district_level = detail & (resolved.level == "district").to_numpy()
    for position in np.flatnonzero(district_level):
        issues.error(texts.IMPORT_DISTRICT_ROW, table.sheet, roles["excel_row"].iloc[position],
                     names[0].header, roles["label"].iloc[position])

    year = sheet.title.report_date.year if sheet.title.report_date else (
        ctx.options.report_date.year if ctx.options.report_date else ctx.settings.campaign_start.year)
    dates = _row_dates(ctx, sheet, frame, roles, year)
    if dates is None and not any(c.date for c in value_columns):
        issues.error(texts.IMPORT_NO_DATE, table.sheet)
        return None
    if sheet.title.period and table.first("date") is None and not any(c.date for c in value_columns) \
            and ctx.options.report_date is None:
        issues.error(texts.IMPORT_PERIOD_TITLE, table.sheet)
        return None
    received = _received(ctx, sheet, frame, dates)
    title_cumulative = sheet.title.cumulative or is_cumulative_text(table.sheet)
    any_daily_column = any(c.meaning.daily for c in value_columns)

    parts = []
    sums_checked = []
    meanings: dict[tuple, Column] = {}
    counted = pd.Series(detail & ~failed & ~district_level, index=frame.index)
    not_blank = (roles["role"] != "blank").to_numpy()
    plans = []
    for column in value_columns:
        indicator = _column_indicator(ctx, sheet, column)
        if indicator is None:
            issues.error(texts.IMPORT_NO_INDICATOR, table.sheet, table.header_rows[-1] + 1, column.header)
            continue
        with_pct = any(_column_indicator(ctx, sheet, c) == indicator and c.date == column.date for c in pct_columns)
        cumulative = _is_cumulative(ctx, sheet, column, title_cumulative, any_daily_column, with_pct)
        if cumulative is None:
            continue
        key = (indicator, column.date, cumulative)
        meaning = meaning_text(column, indicator, cumulative)
        described[column.index] = ("used", meaning)
        if key in meanings:
            first = meanings[key]
            issues.error(texts.IMPORT_DUPLICATE_COLUMN.format(meaning=meaning, first=first.letter, first_header=first.header,
                                                              second=column.letter, second_header=column.header),
                         table.sheet, table.header_rows[0] + 1, column.header)
            continue
        meanings[key] = column
        plans.append((column, indicator, cumulative))
    for column, indicator, cumulative in plans:
        # A cumulative column beside the day's column of the same indicator only cross-checks it.
        checks_only = cumulative and (indicator, column.date, False) in meanings
        _formula_blanks(ctx, table, column, roles, needed=not checks_only)
        values, bad = parse_numbers(frame[column.index])
        for position in np.flatnonzero((bad & (roles["role"] != "blank")).to_numpy()):
            issues.error(texts.IMPORT_NOT_A_NUMBER, table.sheet, roles["excel_row"].iloc[position], column.header,
                         frame[column.index].iloc[position])
        percent_cells = _percent_cells(table, frame, column) & not_blank & values.notna().to_numpy()
        for position in np.flatnonzero(percent_cells):
            issues.error(texts.IMPORT_PCT_IN_COUNT, table.sheet, roles["excel_row"].iloc[position], column.header,
                         frame[column.index].iloc[position])
        _unit_word_errors(ctx, table, frame, roles, column, indicator)
        if column.meaning.scale != 1:
            values = values * column.meaning.scale
        negative = (values < 0).to_numpy() & not_blank
        for position in np.flatnonzero(negative):
            issues.error(texts.IMPORT_NEGATIVE, table.sheet, roles["excel_row"].iloc[position], column.header,
                         frame[column.index].iloc[position])
        if indicator in COUNT_INDICATORS:
            fractional = (values.notna() & (values % 1 != 0)).to_numpy() & not_blank & ~percent_cells
            for position in np.flatnonzero(fractional):
                issues.error(texts.IMPORT_NOT_WHOLE, table.sheet, roles["excel_row"].iloc[position], column.header,
                             frame[column.index].iloc[position])
        sums_checked.append((column, values, bad))
        keep = counted & values.notna() & ~bad
        if column.date is not None:
            day = pd.Series(pd.Timestamp(column.date), index=frame.index)
        else:
            day = dates
        date_column = column.header if column.date is not None else (table.first("date").header if table.first("date") else None)
        part = pd.DataFrame({
            "sheet": table.sheet,
            "row": roles["excel_row"],
            "column": column.header,
            "date_column": date_column,
            "raw": frame[column.index],
            "unit_code": resolved.unit_code,
            "report_date": day,
            "indicator": indicator,
            "cumulative": cumulative,
            "value": values,
            "received_at": received,
            "source": source,
            # read as the day's new counts only because nothing said otherwise
            "assumed_daily": not cumulative and not column.meaning.daily and ctx.options.values is None
                             and not sheet.title.daily,
        })[keep.to_numpy()]
        parts.append(part)
    _check_percentages(ctx, sheet, frame, roles, resolved, counted, pct_columns, plans, described)
    _check_subtotals(ctx, sheet, roles, resolved, sums_checked)
    record_layout(ctx, sheet, described)
    if not parts:
        return None
    return pd.concat(parts, ignore_index=True)


def _is_cumulative(ctx: FileContext, sheet: Sheet, column: Column, title_cumulative: bool, any_daily_column: bool,
                   with_pct: bool) -> bool | None:
    """Whether a count column holds running totals: its header, else the user's choice, else the
    title. A plain 'Số lượng' beside a percentage of households, or under a title that speaks of
    a state ('… đến ngày 05/8'), may be either: asked (None, with an error), never guessed."""
    if column.meaning.cumulative:
        return True
    if column.meaning.daily:
        return False
    if ctx.options.values in ("daily", "cumulative"):
        return ctx.options.values == "cumulative"
    if title_cumulative:
        return not any_daily_column
    if sheet.title.daily:
        return False
    if with_pct or sheet.title.up_to:
        ctx.issues.error(texts.IMPORT_COUNT_KIND_UNCLEAR.format(column=column.letter, header=column.header),
                         sheet.table.sheet, sheet.table.header_rows[0] + 1, column.header)
        return None
    return False


def _unit_word_errors(ctx: FileContext, table, frame: pd.DataFrame, roles: pd.DataFrame, column: Column,
                      indicator: str) -> None:
    """'12 tài khoản' in a stores column: the cell says it counts something else."""
    raw = frame[column.index]
    texts_only = raw[raw.map(type).eq(str).to_numpy()]
    if texts_only.empty:
        return
    wrong = {t for t in pd.unique(texts_only) if UNIT_WORD_INDICATORS.get(unit_word(t) or "", indicator) != indicator}
    for position in np.flatnonzero(raw.isin(wrong).to_numpy() & (roles["role"] != "blank").to_numpy()):
        ctx.issues.error(texts.IMPORT_UNIT_WORD_OTHER.format(indicator=texts.INDICATORS[indicator].lower()),
                         table.sheet, roles["excel_row"].iloc[position], column.header, raw.iloc[position])


def _percent_cells(table, frame: pd.DataFrame, column: Column) -> np.ndarray:
    """Cells of a count column that hold a percentage: typed with '%' or percent-formatted."""
    typed = frame[column.index].map(is_percent_text).to_numpy(dtype=bool)
    formatted = table.percent_rows(column)
    if formatted:
        typed |= frame["excel_row"].isin(formatted).to_numpy()
    return typed


def _formula_blanks(ctx: FileContext, table, column: Column, roles: pd.DataFrame, needed: bool) -> None:
    """Formula cells without a stored value: an error where the import needs the figures, one
    warning where they would only have been cross-checked (totals, a cumulative beside the day's)."""
    rows = table.formula_blanks(column)
    if not rows:
        return
    role_of = dict(zip(roles["excel_row"], roles["role"]))
    detail = [r for r in rows if role_of.get(r) == "detail"]
    checks = [r for r in rows if role_of.get(r) in ("group", "total")]
    if needed and detail:
        ctx.issues.error(texts.IMPORT_FORMULA_NO_VALUE.format(cells=cells_text(column, detail)),
                         table.sheet, detail[0], column.header)
    elif detail:
        checks = detail + checks
    if checks:
        ctx.issues.warn(texts.IMPORT_FORMULA_CHECK_SKIPPED.format(cells=cells_text(column, sorted(checks))),
                        table.sheet, min(checks), column.header)


def _check_percentages(ctx: FileContext, sheet: Sheet, frame: pd.DataFrame, roles: pd.DataFrame, resolved,
                       counted: pd.Series, pct_columns: list[Column], plans, described) -> None:
    """Percentage columns are never counts: each is checked against its cumulative count and the
    households (of the table's 'Số hộ' column, else of the database); a disagreement is a warning."""
    table = sheet.table
    cumulative_of = {(indicator, column.date): column for column, indicator, cumulative in plans if cumulative}
    households_col = table.first("households")
    for column in pct_columns:
        indicator = _column_indicator(ctx, sheet, column)
        base = cumulative_of.get((indicator, column.date))
        if indicator is None or base is None:
            described[column.index] = ("check", f"{meaning_text(column, indicator)}: {texts.IMPORT_CHECK_PCT_NO_BASE}")
            continue
        described[column.index] = ("check", f"{meaning_text(column, indicator)}: {texts.IMPORT_CHECK_PCT}")
        _formula_blanks(ctx, table, column, roles, needed=False)
        stated, bad = parse_numbers(frame[column.index])
        counts, count_bad = parse_numbers(frame[base.index])
        if households_col is not None:
            households, households_bad = parse_numbers(frame[households_col.index])
            households = households.where(~households_bad)
        else:
            known = households_by_unit(ctx, [c for c in pd.unique(resolved.unit_code) if c])
            households = resolved.unit_code.map(known).astype(float)
        formatted = frame["excel_row"].isin(table.percent_rows(column)).to_numpy()
        shown = stated.where(~pd.Series(formatted, index=stated.index), stated * 100)
        actual = counts * 100 / households.where(households > 0)
        usable = counted & ~bad & ~count_bad & shown.notna() & actual.notna()
        # Without a percent format a fraction (0,25) may mean 25 %: either reading may agree.
        close = ((shown - actual).abs() <= 0.6) | (~pd.Series(formatted, index=stated.index) & ((stated * 100 - actual).abs() <= 0.6))
        for position in np.flatnonzero((usable & ~close).to_numpy()):
            ctx.issues.warn(texts.IMPORT_PCT_MISMATCH.format(
                stated=_fmt(round(shown.iloc[position], 2)), indicator=texts.INDICATORS[indicator].lower(),
                count=_fmt(counts.iloc[position]), households=_fmt(households.iloc[position]),
                actual=_fmt(round(actual.iloc[position], 2))),
                table.sheet, roles["excel_row"].iloc[position], column.header, frame[column.index].iloc[position])


def _row_dates(ctx: FileContext, sheet: Sheet, frame: pd.DataFrame, roles: pd.DataFrame, year: int) -> pd.Series | None:
    """The report date of each row: a date column, else the title block, else the user's date."""
    table = sheet.table
    column = table.first("date")
    title_date = sheet.title.report_date
    if column is not None:
        raw = frame[column.index]
        codes, uniques = pd.factorize(raw.to_numpy(dtype=object))
        parsed = np.array([_cell_date(ctx, v, year) if v != "" else None for v in uniques] + [None], dtype=object)
        filled = np.array([v != "" for v in uniques] + [False], dtype=bool)
        days = pd.Series(parsed[codes], index=frame.index, dtype=object)
        fallback = title_date or ctx.options.report_date
        bad_rows = days.isna() & pd.Series(filled[codes], index=frame.index)
        for position in np.flatnonzero((bad_rows & (roles["role"] == "detail")).to_numpy()):
            serial = serial_date(raw.iloc[position])
            message = texts.IMPORT_BAD_DATE if serial is None else texts.IMPORT_SERIAL_DATE_OUTSIDE.format(
                value=int(raw.iloc[position]), date=serial.strftime("%d/%m/%Y"))
            ctx.issues.error(message, table.sheet, roles["excel_row"].iloc[position], column.header, raw.iloc[position])
        if fallback is not None:
            days = days.where(days.notna() | bad_rows, fallback)
        elif (days.isna() & ~bad_rows & (roles["role"] == "detail")).any():
            first = np.flatnonzero((days.isna() & ~bad_rows & (roles["role"] == "detail")).to_numpy())[0]
            ctx.issues.error(texts.IMPORT_DATE_MISSING, table.sheet, roles["excel_row"].iloc[first], column.header)
        return pd.to_datetime(days, errors="coerce")
    day = title_date or ctx.options.report_date
    if title_date and ctx.options.report_date and title_date != ctx.options.report_date:
        ctx.issues.warn(texts.IMPORT_DATE_DIFFERS.format(file=title_date.strftime("%d/%m/%Y"),
                                                         given=ctx.options.report_date.strftime("%d/%m/%Y")),
                        table.sheet)
    if day is None:
        return None
    return pd.Series(pd.Timestamp(day), index=frame.index)


def _cell_date(ctx: FileContext, value, year: int):
    """A date cell: a date, a text date, or an Excel serial number (44421) typed in a General
    cell, accepted only when it falls inside the campaign."""
    serial = serial_date(value)
    if serial is None:
        return parse_date(value, year)
    if ctx.settings.campaign_start <= serial <= ctx.now.date():
        return serial
    return None


def _received(ctx: FileContext, sheet: Sheet, frame: pd.DataFrame, dates: pd.Series | None) -> pd.Series:
    """When each report was sent: a column, the title block, else the import time."""
    column = sheet.table.first("sent_at")
    now = pd.Timestamp(ctx.now)
    if column is not None:
        raw = frame[column.index]
        base = dates if dates is not None else pd.Series(pd.NaT, index=frame.index)
        sent = [parse_datetime(v, d.date() if isinstance(d, pd.Timestamp) and not pd.isna(d) else None)
                for v, d in zip(raw, base)]
        return pd.Series([pd.Timestamp(s) if s else now for s in sent], index=frame.index)
    if sheet.title.sent_time and sheet.title.report_date:
        return pd.Series(pd.Timestamp(dt.datetime.combine(sheet.title.report_date, sheet.title.sent_time)), index=frame.index)
    return pd.Series(now, index=frame.index)


def _check_subtotals(ctx: FileContext, sheet: Sheet, roles: pd.DataFrame, resolved, columns) -> None:
    """Group and total rows are never counted; warn when the rows under them disagree."""
    table = sheet.table
    role = roles["role"].to_numpy()
    if not ((role == "group").any() or (role == "total").any()):
        return
    group_id = np.cumsum(role == "group")
    for column, values, bad in columns:
        clean = values.where(~bad)
        detail_values = clean.where(role == "detail", 0.0).fillna(0.0).to_numpy()
        for position in np.flatnonzero(role == "group"):
            stated = clean.iloc[position]
            if pd.isna(stated):
                continue
            members = (group_id == group_id[position]) & (role == "detail")
            if not members.any():
                continue
            actual = detail_values[members].sum()
            if abs(actual - stated) > 1e-6:
                ctx.issues.warn(texts.IMPORT_SUBTOTAL_MISMATCH.format(stated=_fmt(stated), actual=_fmt(actual)),
                                table.sheet, roles["excel_row"].iloc[position], column.header, values.iloc[position])
        section_start = 0
        totals = np.flatnonzero(role == "total")
        for number, position in enumerate(totals):
            stated = clean.iloc[position]
            # Stacked tables close each section with its own "Cộng": it adds up its section. A
            # "Tổng cộng" right under the header (no detail rows before it) adds up the rows below.
            before = (role[section_start:position] == "detail").any()
            following = totals[number + 1] if number + 1 < len(totals) else len(role)
            section = detail_values[section_start:position].sum() if before else detail_values[position:following].sum()
            section_start = position + 1
            if pd.isna(stated):
                continue
            actual = detail_values[:position].sum() if before else detail_values.sum()
            if abs(section - stated) <= 1e-6:
                continue
            if abs(actual - stated) > 1e-6:
                ctx.issues.warn(texts.IMPORT_TOTAL_MISMATCH.format(stated=_fmt(stated), actual=_fmt(actual)),
                                table.sheet, roles["excel_row"].iloc[position], column.header, values.iloc[position])


def _fmt(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def build_reports(ctx: FileContext, sheets: list[Sheet], kind: str) -> ReportsOutput:
    """Read every sheet and validate: the observations as stated (daily or cumulative). What they
    do to the figures is read after writing them (analytics.ingest.review)."""
    source = "commune" if kind == "daily" else detect_source(ctx, sheets)
    if kind == "enterprise" and source not in ("viettel", "vnpost"):
        ctx.issues.error(texts.IMPORT_NO_SOURCE)
        source = source or "viettel"
    parts = []
    for number, sheet in enumerate(sheets):
        ctx.report(0.3 + 0.3 * number / max(len(sheets), 1), texts.IMPORT_PROGRESS_SHEET.format(sheet=sheet.table.sheet))
        records = _sheet_records(ctx, sheet, kind, source)
        if records is not None and len(records):
            parts.append(records)
    if not parts:
        if not ctx.issues.has_errors:
            ctx.issues.error(texts.IMPORT_NO_ROWS)
        return ReportsOutput(pd.DataFrame(columns=OBSERVATION_COLUMNS), pd.DataFrame(columns=RECORD_COLUMNS), source)
    records = pd.concat(parts, ignore_index=True)
    records = records[records["report_date"].notna() & records["unit_code"].notna()].reset_index(drop=True)
    if records.empty:
        if not ctx.issues.has_errors:
            ctx.issues.error(texts.IMPORT_NO_ROWS)
        return ReportsOutput(pd.DataFrame(columns=OBSERVATION_COLUMNS), pd.DataFrame(columns=RECORD_COLUMNS), source)
    ctx.report(0.65, texts.IMPORT_PROGRESS_CHECKING)
    _check_dates(ctx, records)
    _check_duplicates(ctx, records)
    ctx.report(0.75, texts.IMPORT_PROGRESS_COMPARING)
    _daily_like_a_total(ctx, records)
    reports = records.assign(opening=False)[OBSERVATION_COLUMNS]
    return ReportsOutput(reports, records, source)


def _check_dates(ctx: FileContext, records: pd.DataFrame) -> None:
    start = pd.Timestamp(ctx.settings.campaign_start)
    end = pd.Timestamp(ctx.now.date())
    early = records["report_date"] < start
    late = records["report_date"] > end
    for row in records[early | late].drop_duplicates(["sheet", "row", "report_date"]).itertuples():
        message = texts.IMPORT_DATE_BEFORE_CAMPAIGN if row.report_date < start else texts.IMPORT_DATE_IN_FUTURE
        ctx.issues.error(message.format(start=start.strftime("%d/%m/%Y"), today=end.strftime("%d/%m/%Y")),
                         row.sheet, row.row, row.date_column, row.report_date.to_pydatetime())


def _check_duplicates(ctx: FileContext, records: pd.DataFrame) -> None:
    keys = ["unit_code", "report_date", "indicator", "source", "cumulative"]
    dup = records.duplicated(keys, keep=False)
    if not dup.any():
        return
    seen: dict[tuple, tuple[str, int]] = {}
    for row in records[dup].itertuples():
        key = (row.unit_code, row.report_date, row.indicator, row.source, row.cumulative)
        if key in seen and seen[key] != (row.sheet, row.row):
            first_sheet, first_row = seen[key]
            ctx.issues.error(
                texts.IMPORT_DUPLICATE_ROW.format(row=first_row, sheet=first_sheet,
                                                  date=row.report_date.strftime("%d/%m/%Y")),
                row.sheet, row.row, row.column, row.raw,
            )
        else:
            seen.setdefault(key, (row.sheet, row.row))


def _daily_like_a_total(ctx: FileContext, records: pd.DataFrame) -> None:
    """A figure read as the day's new count (its column said neither) that reaches the unit's whole
    running total so far is most likely a running total itself: a warning, with both figures."""
    assumed = records[records["assumed_daily"].fillna(False).astype(bool) & ~records["cumulative"]]
    if assumed.empty:
        return
    keys = assumed[["unit_code", "indicator", "source", "report_date"]].drop_duplicates()
    baseline = _keyed_query(ctx, "report_baseline", keys)
    baseline["report_date"] = pd.to_datetime(baseline["report_date"])
    merged = assumed.merge(baseline[["unit_code", "indicator", "source", "report_date", "before_total"]],
                           on=["unit_code", "indicator", "source", "report_date"], how="left")
    suspicious = merged[(merged["before_total"] >= SUSPICIOUS_TOTAL) & (merged["value"] >= merged["before_total"])]
    for row in suspicious.itertuples():
        ctx.issues.warn(texts.IMPORT_DAILY_LIKE_TOTAL.format(value=_fmt(row.value), before=_fmt(row.before_total)),
                        row.sheet, row.row, row.column, row.raw)


def _keyed_query(ctx: FileContext, name: str, keys: pd.DataFrame, view: str = "ingest_keys") -> pd.DataFrame:
    cur = ctx.con.cursor()
    cur.register(view, keys)
    try:
        return cur.execute(statement(name)).df()
    finally:
        cur.unregister(view)


def _lookup(codes: pd.Series, mapping: dict) -> pd.Series:
    """mapping[code] for each code, looked up once per distinct code (files repeat few units)."""
    positions, uniques = pd.factorize(codes)
    found = np.array([mapping.get(code) for code in uniques] + [None], dtype=object)
    return pd.Series(found[positions], index=codes.index)


def households_by_unit(ctx: FileContext, codes) -> dict[str, float]:
    """Households of villages, and of communes as the sum of their live villages."""
    units = ctx.units
    by_commune = units.live_villages.groupby("parent_code")["households"].sum()
    found = {}
    for code in codes:
        level = units.levels.get(code)
        if level == "village" and code in units.households:
            found[code] = float(units.households[code])
        elif level == "commune" and code in by_commune.index and by_commune[code] > 0:
            found[code] = float(by_commune[code])
    return found


def preview_table(ctx: FileContext, preview: pd.DataFrame) -> pd.DataFrame:
    """The preview as the page shows it: unit, date, indicator, source, old -> new, change."""
    if preview.empty:
        return pd.DataFrame()
    names = ctx.units.names
    old = preview["old_value"]
    change = pd.Series(np.where(old.isna(), texts.IMPORT_CHANGE_ADDED,
                                np.where((old - preview["value"]).abs() > 1e-9, texts.IMPORT_CHANGE_REPLACED,
                                         texts.IMPORT_CHANGE_SAME)), index=preview.index)
    if "over_total" in preview:
        change = change.mask(preview["over_total"], texts.IMPORT_CHANGE_OVER_TOTAL)
    if "opening" in preview and preview["opening"].any():
        opening = preview.loc[preview["opening"], "report_date"] + pd.Timedelta(days=1)
        change[preview["opening"]] = [texts.IMPORT_CHANGE_OPENING.format(date=day.strftime("%d/%m/%Y"))
                                      for day in opening]
    if "superseded" in preview:
        change = change.mask(preview["superseded"], texts.IMPORT_CHANGE_SUPERSEDED)
    codes = pd.unique(preview["unit_code"])
    districts = {c: names.get(ctx.units.district_of(c) or "", "") for c in codes}
    communes = {c: names.get(ctx.units.commune_of(c) or "", "") if ctx.units.levels.get(c) == "village" else ""
                for c in codes}
    return pd.DataFrame({
        texts.IMPORT_COL_SHEET: preview["sheet"],
        texts.IMPORT_COL_ROW: preview["row"],
        texts.IMPORT_COL_CODE: preview["unit_code"],
        texts.IMPORT_COL_UNIT: _lookup(preview["unit_code"], names),
        texts.IMPORT_COL_COMMUNE: _lookup(preview["unit_code"], communes),
        texts.IMPORT_COL_DISTRICT: _lookup(preview["unit_code"], districts),
        texts.IMPORT_COL_DATE: preview["report_date"].dt.date,
        texts.IMPORT_COL_INDICATOR: preview["indicator"].map(texts.INDICATORS),
        texts.IMPORT_COL_SOURCE: preview["source"].map(texts.SOURCES),
        texts.IMPORT_COL_OLD: old,
        texts.IMPORT_COL_NEW: preview["value"],
        texts.IMPORT_COL_CHANGE: change.to_numpy(),
    })
