"""Shared steps of every kind of file: the file context, row roles (detail, group, total),
unit resolution with context, vectorised number parsing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from analytics import texts
from analytics.ingest.context import TitleInfo, read_title
from analytics.ingest.layout import Column, Table, heading_text
from analytics.ingest.model import ImportOptions, IssueLog
from analytics.ingest.reading import column_letter
from analytics.ingest.resolve import PREFIX_LEVELS, Match, UnitIndex, clean_name, prefix_kind
from analytics.ingest.values import NotANumber, clean_text, is_blank, is_total_label, parse_number
from analytics.settings import Settings

ROW_NUMBER = r"\d+(?:\.\d+)*[.)]?"
ROMAN_NUMBER = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\.?"
LEVEL_RANK = {"province": 0, "district": 1, "commune": 2, "village": 3}
NAME_LEVELS = ("district", "commune", "village", "unit")


@dataclass
class Sheet:
    """A table with its title block read."""

    table: Table
    title: TitleInfo


@dataclass
class FileContext:
    """Everything the kind builders share while reading one file."""

    con: duckdb.DuckDBPyConnection
    settings: Settings
    options: ImportOptions
    units: UnitIndex
    issues: IssueLog
    file_name: str
    now: dt.datetime
    district: str | None = None     # from the user's options
    commune: str | None = None
    progress: Any = None
    extra: dict[str, Any] = field(default_factory=dict)
    # For the preview: one dict per table read (columns used and set aside, hidden cells) and one
    # per distinct unit name read (sheet, row, column, text, code, unit, district, exact).
    layout: list[dict[str, Any]] = field(default_factory=list)
    matches: list[dict[str, Any]] = field(default_factory=list)
    match_keys: set[tuple] = field(default_factory=set)     # (sheet, column, text, code) already in matches

    def report(self, fraction: float, text: str) -> None:
        """Tell the caller how far the work is (the page shows a progress bar)."""
        if self.progress is not None:
            self.progress(min(max(fraction, 0.0), 1.0), text)


def sheets_of(tables: list[Table]) -> list[Sheet]:
    """Tables with their titles read. A table stacked under another on the same sheet has only
    its heading ('2. Xã Hòa Bình') above it: the date, the district and whether the figures are
    cumulative come from the sheet's first title."""
    sheets: list[Sheet] = []
    first: dict[str, TitleInfo] = {}
    for table in tables:
        title = read_title(table.title)
        top = first.setdefault(table.sheet, title)
        if top is not title:
            title.report_date = title.report_date or top.report_date
            title.sent_time = title.sent_time or top.sent_time
            title.cumulative = title.cumulative or top.cumulative
            title.up_to, title.period, title.daily = (title.up_to or top.up_to, title.period or top.period,
                                                      title.daily or top.daily)
            if not any(p.level == "district" for p in title.places):
                title.places = [p for p in top.places if p.level == "district"] + title.places
        sheets.append(Sheet(table, title))
    return sheets


def title_context(ctx: FileContext, sheet: Sheet) -> tuple[str | None, str | None]:
    """(district, commune) codes the title block of a table names, whatever the user chose."""
    return _places(ctx, sheet, None, None)


def place_context(ctx: FileContext, sheet: Sheet) -> tuple[str | None, str | None]:
    """(district, commune) codes for a table: the user's choice first, then the title block."""
    return _places(ctx, sheet, ctx.district, ctx.commune)


def _places(ctx: FileContext, sheet: Sheet, district: str | None, commune: str | None) -> tuple[str | None, str | None]:
    if district is None:
        for place in sheet.title.places:
            if place.level == "district":
                district = ctx.units.title_place("district", place.kind, place.words, None)
                if district:
                    break
    if commune is None:
        for place in sheet.title.places:
            if place.level == "commune":
                commune = ctx.units.title_place("commune", place.kind, place.words, district)
                if commune:
                    break
    if commune and district is None:
        district = ctx.units.district_of(commune)
    return district, commune


def place_name(units: UnitIndex, code: str) -> str:
    """'Xã Vạn Linh, Huyện Chi Lăng'; a village also names its commune, a district only itself."""
    chain = [code, units.commune_of(code), units.district_of(code)]
    return ", ".join(units.names[c] for c in dict.fromkeys(chain) if c and c in units.names)


def note_match(ctx: FileContext, sheet: str | None, row: int | None, column: str | None, text: str,
               match: Match) -> None:
    """Record a name read and the unit it resolved to (once per sheet, column, text and unit);
    a match that is not exact is also a warning, so the officer sees how the name was read. A name
    of an earlier list warns what it became; a district of an earlier list (a hint, no unit) that
    it serves only to find old communes."""
    key = (sheet, column, text, match.code or match.hint)
    if (match.code is None and match.hint is None) or key in ctx.match_keys:
        return
    ctx.match_keys.add(key)
    units = ctx.units
    row = None if row is None else int(row)
    if match.code is not None:
        district = units.district_of(match.code)
        ctx.matches.append({"sheet": sheet, "row": row, "column": column, "text": text, "code": match.code,
                            "unit": units.names.get(match.code), "district": units.names.get(district or ""),
                            "exact": bool(match.exact)})
    if match.warning:
        ctx.issues.warn(match.warning, sheet, row, column, text)
    elif not match.exact:
        ctx.issues.warn(texts.IMPORT_NON_EXACT_MATCH.format(text=text, place=place_name(units, match.code)),
                        sheet, row, column, text)


def body_frame(table: Table) -> pd.DataFrame:
    """The body rows as an object DataFrame (columns = positions), with the Excel row numbers."""
    frame = pd.DataFrame(table.body, dtype=object) if table.body else pd.DataFrame(columns=range(len(table.columns)), dtype=object)
    frame["excel_row"] = table.row_numbers
    return frame


def texts_of(series: pd.Series) -> pd.Series:
    """Clean text of a column (unique values cleaned once)."""
    values = series.to_numpy(dtype=object)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    cleaned = np.array([str(int(v)) if type(v) is float and v.is_integer() else clean_text(v) for v in uniques] + [""],
                       dtype=object)
    # factorize marks missing values with -1, which indexes the trailing "".
    return pd.Series(cleaned[codes], index=series.index, dtype=object)


def row_roles(table: Table, frame: pd.DataFrame, name_columns: list[Column]) -> pd.DataFrame:
    """Per body row: tt, label (the most specific name), role (detail, group, total, blank)."""
    tt_col = table.first("tt")
    out = pd.DataFrame({"excel_row": frame["excel_row"]})
    if frame.empty:
        return out.assign(tt="", label="", role="", group_label="")
    tt = frame[tt_col.index] if tt_col is not None else pd.Series("", index=frame.index, dtype=object)
    labels = [texts_of(frame[c.index]) for c in name_columns]
    label = labels[0] if labels else pd.Series("", index=frame.index, dtype=object)
    for extra in labels[1:]:
        label = label.where(label != "", extra)
    tt_text = texts_of(tt)
    # Vectorised: a TT column holds one distinct number per row.
    is_number = tt_text.str.fullmatch(ROW_NUMBER).fillna(False).to_numpy(dtype=bool) | (tt_text == "").to_numpy()
    is_group_number = tt_text.str.fullmatch(ROMAN_NUMBER, case=False).fillna(False).to_numpy(dtype=bool)
    # "Tổng cộng" is often merged over the TT and name cells: the text sits in the TT cell.
    label = label.where((label != "").to_numpy() | is_number | is_group_number, tt_text)
    # A numbered heading ('1. Xã Vạn Linh') names its unit after the number.
    numbered = {v: _without_numbering(v) for v in pd.unique(label)}
    label = label.map(numbered)
    unique_labels = pd.unique(label)
    total = {v: is_total_label(v) for v in unique_labels}
    detail_field = name_columns[0].field if name_columns else None
    higher = {v: _is_higher(v, detail_field) for v in unique_labels}
    role = np.where(label == "", "blank", "detail").astype(object)
    is_group = is_group_number | ((tt_text == "").to_numpy() & label.map(higher).to_numpy(dtype=bool))
    role[is_group & (label != "").to_numpy()] = "group"
    role[label.map(total).to_numpy(dtype=bool)] = "total"
    out["tt"] = tt_text
    out["label"] = label
    out["role"] = role
    group_label = label.where(out["role"] == "group")
    out["group_label"] = group_label.ffill().fillna("")
    return out


def _without_numbering(label: str) -> str:
    if not label or not label[0].isalnum():
        return label
    stripped = heading_text(label)
    return stripped if stripped != label and prefix_kind(clean_name(stripped)) else label


def _is_higher(label: str, detail_field: str | None) -> bool:
    """A row named 'Huyện ...' above commune rows (or 'Xã ...' above village rows) is a group."""
    kind = prefix_kind(clean_name(label)) if label else None
    level = PREFIX_LEVELS.get(kind or "")
    if level is None:
        return False
    detail_level = {"village": "village", "commune": "commune", "unit": "commune"}.get(detail_field or "", None)
    return detail_level is not None and LEVEL_RANK[level] < LEVEL_RANK[detail_level]


def group_places(ctx: FileContext, labels: list[str], district: str | None) -> dict[str, Match]:
    """Resolve group-row labels: a district when they name one, else a commune."""
    found: dict[str, Match] = {}
    for label in labels:
        if not label:
            continue
        kind = prefix_kind(clean_name(label))
        level = PREFIX_LEVELS.get(kind or "")
        order = [level] if level else ["district", "commune"]
        for candidate in order:
            match = ctx.units.find(candidate, label, district if candidate == "commune" else None)
            if match.code or match.hint:
                found[label] = match
                break
    return found


@dataclass
class Resolved:
    """Per body row: the unit code and level, its district and commune, or an error."""

    unit_code: pd.Series
    level: pd.Series
    district: pd.Series
    commune: pd.Series
    failed: pd.Series           # error message (or "")
    column: pd.Series           # header of the column whose name failed


def resolve_units(ctx: FileContext, sheet: Sheet, frame: pd.DataFrame, roles: pd.DataFrame,
                  include_groups: bool = False, all_villages: bool = False) -> Resolved:
    """Resolve every detail row's unit, using district/commune columns, group rows and the
    title block or the user's options as context."""
    table = sheet.table
    file_district, file_commune = place_context(ctx, sheet)
    groups = group_places(ctx, list(pd.unique(roles.loc[roles["role"] == "group", "label"])), file_district)
    cols = {f: table.first(f) for f in ("district", "commune", "village", "unit")}
    n = len(frame)
    district_text = texts_of(frame[cols["district"].index]) if cols["district"] else pd.Series("", index=frame.index, dtype=object)
    commune_text = texts_of(frame[cols["commune"].index]) if cols["commune"] else pd.Series("", index=frame.index, dtype=object)
    village_text = texts_of(frame[cols["village"].index]) if cols["village"] else pd.Series("", index=frame.index, dtype=object)
    unit_text = texts_of(frame[cols["unit"].index]) if cols["unit"] else pd.Series("", index=frame.index, dtype=object)
    keys = pd.DataFrame({
        "role": roles["role"].astype(object), "label": roles["label"].astype(object),
        "group": roles["group_label"].astype(object),
        "d": district_text, "c": commune_text, "v": village_text, "u": unit_text,
    })
    wanted = keys["role"].isin(["detail", "group"] if include_groups else ["detail"]).to_numpy()
    if n == 0:
        return Resolved(*(pd.Series([], dtype=object) for _ in range(6)))
    # Resolve each distinct combination once (a 200,000-row file names a few hundred units).
    joined = keys["role"]
    for column in ("label", "group", "d", "c", "v", "u"):
        joined = joined + "\x1f" + keys[column]
    codes, uniques = pd.factorize(joined.to_numpy(dtype=object))
    first = np.full(len(uniques), -1)
    first[codes[::-1]] = np.arange(n)[::-1]
    empty = (None, None, None, None, "", "")
    results = []
    row_numbers = frame["excel_row"].to_numpy()
    for position in first:
        if wanted[position]:
            key = tuple(keys.iloc[position])
            used: list[tuple[str, str, Match]] = []
            results.append(_resolve_one(ctx, key, cols, groups, file_district, file_commune, all_villages, used))
            for column, text, match in used:
                note_match(ctx, table.sheet, row_numbers[position], column, text, match)
        else:
            results.append(empty)
    table_of = np.empty((len(results), 6), dtype=object)
    for i, result in enumerate(results):
        table_of[i] = result
    picked = table_of[codes]
    # A name that would run as a formula is refused, whatever it matches (checked on the raw
    # cell: cleaning drops a leading tab).
    for column in cols.values():
        if column is None:
            continue
        for position, value in enumerate(frame[column.index].to_numpy(dtype=object)):
            start = formula_start(value) if wanted[position] else None
            if start:
                picked[position] = (None, None, None, None, formula_name_message(start), column.header)
    return Resolved(*(pd.Series(picked[:, i], index=frame.index, dtype=object) for i in range(6)))


def _resolve_one(ctx, key, cols, groups, file_district, file_commune, all_villages, used):
    """(code, level, district, commune, error, column) of one row; every match made is appended
    to `used` as (column header, text, Match)."""
    role, label, group, d_text, c_text, v_text, u_text = key
    district, commune = file_district, file_commune
    group_match = groups.get(group)
    if group_match is not None and role == "detail":
        if group_match.level == "district":
            group_district = group_match.code or group_match.hint
            district, commune = group_district, (file_commune if file_district == group_district else None)
        elif group_match.level == "commune":
            commune = group_match.code
            district = ctx.units.district_of(commune)
    if role == "group":
        match = groups.get(label)
        if match is None:
            return (None, None, None, None, "", "")
        # A group label merged over the TT cell has no name column of its own.
        written = {"village": v_text, "unit": u_text, "commune": c_text, "district": d_text}
        column = next((cols[f] for f, text in written.items() if text == label and cols[f] is not None), None)
        used.append((column.header if column else None, label, match))
        code = match.code
        if code is None:  # a district of an earlier list heads its communes: no figure of its own
            return (None, None, None, None, "", "")
        return (code, match.level, ctx.units.district_of(code), ctx.units.commune_of(code), "", "")
    if d_text:
        match = ctx.units.find("district", d_text)
        if match.code is None and match.hint is None:
            return (None, None, None, None, match.message or "", cols["district"].header)
        used.append((cols["district"].header, d_text, match))
        if (match.code or match.hint) != district:
            commune = None
        district = match.code or match.hint
        if match.code is None and not (c_text or v_text or u_text):
            return (None, None, None, None, match.message or "", cols["district"].header)
    if c_text:
        match = ctx.units.settle(ctx.units.find("commune", c_text, district), v_text, all_villages)
        if match.code is None:
            return (None, None, ctx.units.real(district), None, match.message or "", cols["commune"].header)
        used.append((cols["commune"].header, c_text, match))
        commune = match.code
        district = ctx.units.district_of(commune)
    if v_text:
        match = ctx.units.find("village", v_text, district, commune, all_villages)
        column = cols["village"].header
    elif c_text:
        return (commune, "commune", district, commune, "", "")
    elif u_text:
        prefer = "village" if commune else "commune"
        match = ctx.units.find_any(u_text, district, commune, prefer)
        column = cols["unit"].header
    elif d_text:
        return (district, "district", district, None, "", "")
    else:
        return (None, None, None, None, "", "")
    if match.code is None:
        return (None, None, ctx.units.real(district), commune, match.message or "", column)
    used.append((column, v_text or u_text, match))
    code = match.code
    return (code, match.level, ctx.units.district_of(code), ctx.units.commune_of(code), "", "")


def parse_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(values as floats with NaN for blanks, mask of cells that are not numbers)."""
    types = series.map(type)
    numeric = types.isin([float, int]).to_numpy()
    values = np.full(len(series), np.nan)
    if numeric.any():
        values[numeric] = series[numeric].astype(float).to_numpy()
    bad = np.zeros(len(series), dtype=bool)
    texts_mask = types.eq(str).to_numpy()
    if texts_mask.any():
        parsed: dict[str, float] = {}
        wrong: set[str] = set()
        for text in pd.unique(series[texts_mask]):
            try:
                number = parse_number(text)
            except NotANumber:
                wrong.add(text)
                continue
            parsed[text] = np.nan if number is None else number
        strings = series[texts_mask]
        values[texts_mask] = strings.map(lambda t: parsed.get(t, np.nan)).astype(float).to_numpy()
        bad[texts_mask] = strings.isin(wrong).to_numpy()
    other = ~numeric & ~texts_mask & series.notna().to_numpy()
    if other.any():
        bad[other] = [not is_blank(v) for v in series[other]]
    return pd.Series(values, index=series.index), pd.Series(bad, index=series.index)


def missing_name_errors(ctx: FileContext, sheet: Sheet, frame: pd.DataFrame, roles: pd.DataFrame,
                        value_columns: list[Column], name_column: Column | None) -> None:
    """Rows with figures but no unit name."""
    blank = roles["role"] == "blank"
    if not blank.any() or not value_columns:
        return
    has_value = np.zeros(len(frame), dtype=bool)
    for column in value_columns:
        has_value |= ~frame[column.index].map(is_blank).to_numpy()
    for row in roles.loc[blank & has_value, "excel_row"]:
        ctx.issues.error(texts.IMPORT_NAME_MISSING, sheet.table.sheet, row,
                         name_column.header if name_column else None, None)


def meaning_text(column: Column, indicator: str | None = None, cumulative: bool | None = None) -> str:
    """What a column holds, in the preview's words: 'Cửa hàng số – lũy kế – số lượng – ngày 05/08/2021'."""
    indicator = indicator or column.field
    if indicator in texts.INDICATORS or indicator == "team_members":
        parts = [texts.INDICATORS.get(indicator) or texts.IMPORT_TARGET_INDICATORS.get(indicator, indicator)]
        if cumulative is not None:
            parts.append(texts.IMPORT_MEANING_CUMULATIVE if cumulative else texts.IMPORT_MEANING_DAILY)
        parts.append(texts.IMPORT_MEANING_PCT if column.is_percent else texts.IMPORT_MEANING_COUNT)
    else:
        parts = [texts.IMPORT_MEANING_FIELDS.get(column.field or "", column.header)]
    if column.date is not None:
        parts.append(texts.IMPORT_MEANING_ON.format(date=column.date.strftime("%d/%m/%Y")))
    if column.meaning.scale != 1:
        parts.append(texts.IMPORT_MEANING_SCALE.format(factor=f"{column.meaning.scale:,.0f}".replace(",", "."),
                                                       unit=column.header))
    return " – ".join(parts)


def record_layout(ctx: FileContext, sheet: Sheet, described: dict[int, tuple[str, str]]) -> None:
    """Add the table's entry to the preview: every column with a header (letter, header, use,
    meaning), and the hidden rows and columns left out (also as a warning)."""
    table = sheet.table
    columns = []
    for column in table.columns:
        if column.index in described:
            use, meaning = described[column.index]
        elif column.field in texts.IMPORT_MEANING_FIELDS:
            use = ("date" if column.field in ("date", "sent_at") else "name" if column.field in NAME_LEVELS
                   else "aside" if column.field in ("tt", "notes") else "used")
            meaning = meaning_text(column)
        elif column.header:
            use, meaning = "aside", texts.IMPORT_ASIDE_UNKNOWN
        else:
            continue
        columns.append({"column": column.letter, "header": column.header, "use": texts.IMPORT_USE[use],
                        "meaning": meaning})
    grid = table.grid
    first = table.header_rows[0] + 1
    last = table.row_numbers[-1] if table.row_numbers else first
    hidden_rows = [r + 1 for r in (grid.hidden_rows if grid else []) if first <= r + 1 <= last]
    width = len(table.columns)
    hidden_columns = [column_letter(c) for c in (grid.hidden_cols if grid else []) if c < width]
    ctx.layout.append({
        "sheet": table.sheet, "header_row": first, "first_row": table.row_numbers[0] if table.row_numbers else None,
        "last_row": last, "columns": columns, "hidden_rows": hidden_rows, "hidden_columns": hidden_columns,
    })
    if hidden_rows or hidden_columns:
        parts = []
        if hidden_rows:
            parts.append(texts.IMPORT_HIDDEN_ROWS.format(rows=", ".join(map(str, hidden_rows))))
        if hidden_columns:
            parts.append(texts.IMPORT_HIDDEN_COLUMNS.format(columns=", ".join(hidden_columns)))
        template = texts.IMPORT_HIDDEN_INCLUDED if ctx.options.include_hidden else texts.IMPORT_HIDDEN_LEFT_OUT
        ctx.issues.warn(template.format(what="; ".join(parts)), table.sheet)


def cells_text(column: Column, rows: list[int], limit: int = 12) -> str:
    """'C7, C8, C9' (and how many more) for a message."""
    shown = ", ".join(f"{column.letter}{r}" for r in rows[:limit])
    return shown + (f" (+{len(rows) - limit})" if len(rows) > limit else "")


def merged_figure_errors(ctx: FileContext, table: Table, columns: list[Column]) -> None:
    """A figure merged down over several rows belongs to none of them alone: refuse it."""
    wanted = {c.index: c for c in columns}
    for index, first, last in table.value_merges:
        column = wanted.get(index)
        if column is not None:
            ctx.issues.error(texts.IMPORT_MERGED_FIGURE.format(cells=f"{column.letter}{first}:{column.letter}{last}",
                                                               first=first, last=last),
                             table.sheet, first, column.header)


FORMULA_NAME_STARTS = ("=", "+", "@")
FORMULA_RAW_STARTS = ("\t", "\r")


def formula_start(value: Any) -> str | None:
    """The character a name cell starts with that would make a spreadsheet run it (=, +, @, or
    a tab or carriage return before the text), else None. No real unit or person name starts so."""
    if not isinstance(value, str):
        return None
    if value.startswith(FORMULA_RAW_STARTS):
        return value[0]
    first = value.lstrip()[:1]
    return first if first and first in FORMULA_NAME_STARTS else None


def formula_name_message(start: str) -> str:
    return texts.IMPORT_FORMULA_NAME.format(start=texts.IMPORT_FORMULA_STARTS[start])


def name_columns(table: Table) -> list[Column]:
    """Name columns from the most specific (village) to the least (district)."""
    order = ("village", "unit", "commune", "district")
    return [c for f in order for c in [table.first(f)] if c is not None]


def today(ctx: FileContext) -> dt.date:
    return ctx.now.date()
