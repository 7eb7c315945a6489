"""Find the tables inside a worksheet: title block, 1-3 header rows (merged cells flattened),
body rows, and the notes and signatures below."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from analytics.ingest.headers import NAME_FIELDS, PERSON_FIELDS, HeaderMeaning, classify
from analytics.ingest.reading import Grid
from analytics.ingest.values import clean_text, is_blank, parse_date
from analytics.names import fold

HEADER_SEARCH_ROWS = 60
MAX_HEADER_ROWS = 3
_NUMBERING = re.compile(r"^\(?[0-9a-zA-Z]{1,3}\)?$")
# First words of the lines under a table: signatures, recipients, notes.
FOOTER_WORDS = (
    "nguoi lap", "nguoi bao cao", "nguoi tong hop", "noi nhan", "xac nhan", "thu truong", "tm ", "kt ",
    "chu tich", "giam doc", "truong phong", "lanh dao", "ghi chu", "luu y", "danh sach an dinh",
    "can bo", "dieu ", "quyet dinh", "phan cong", "ky ten", "tm.", "kt.", "pho chu tich", "truong ban",
)
KEY_FIELDS = NAME_FIELDS + PERSON_FIELDS


@dataclass
class Column:
    """One column: its header as the file writes it (parts joined by ' / ') and its meaning."""

    index: int
    header: str
    meaning: HeaderMeaning
    date: dt.date | None = None

    @property
    def field(self) -> str | None:
        return self.meaning.field


@dataclass
class Table:
    """A table found in a sheet. Body rows keep their Excel row numbers via `excel_row`."""

    sheet: str
    title: list[str]
    header_rows: list[int]
    columns: list[Column]
    body: list[list[Any]]
    body_start: int
    row_numbers: list[int] = field(default_factory=list)
    title_rows: list[int] = field(default_factory=list)   # Excel row of each title line

    def excel_row(self, position: int) -> int:
        """The row number Excel shows for body[position]."""
        return self.row_numbers[position]

    def first(self, name: str) -> Column | None:
        """The first column whose field is `name`."""
        return next((c for c in self.columns if c.field == name), None)

    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}


def _cell_meaning(value: Any) -> HeaderMeaning:
    if isinstance(value, str):
        return classify(value)
    return HeaderMeaning(None)


def _is_header_row(row: list[Any], default_year: int | None) -> bool:
    meanings = [_cell_meaning(v) for v in row if isinstance(v, str) and v.strip()]
    fields = [m.field for m in meanings if m.field]
    keys = sum(1 for f in fields if f in KEY_FIELDS)
    dates = sum(1 for v in row if _header_date(v, default_year) is not None)
    return keys >= 1 and (len(fields) >= 2 or dates >= 2)


def _header_date(value: Any, default_year: int | None) -> dt.date | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else value.date()
    if isinstance(value, str) and len(value) <= 30:
        return parse_date(value, default_year)
    return None


def _is_numbering_row(row: list[Any]) -> bool:
    cells = [clean_text(v) for v in row if not is_blank(v)]
    return len(cells) >= 3 and all(_NUMBERING.match(c) for c in cells)


def _has_number(row: list[Any]) -> bool:
    return any(isinstance(v, (int, float)) and not isinstance(v, bool) and v == v for v in row)


def _continues_header(row: list[Any], key_columns: list[int]) -> bool:
    if all(is_blank(v) for v in row):
        return False
    if any(i < len(row) and not is_blank(row[i]) for i in key_columns):
        return False
    return not _has_number(row)


def _merged_fill(grid: Grid, header_rows: list[int]) -> dict[tuple[int, int], Any]:
    filled: dict[tuple[int, int], Any] = {}
    first, last = header_rows[0], header_rows[-1]
    for (r0, c0), (r1, c1) in grid.merged:
        if r1 < first or r0 > last:
            continue
        value = grid.rows[r0][c0] if r0 < len(grid.rows) and c0 < len(grid.rows[r0]) else None
        for r in range(max(r0, first), min(r1, last) + 1):
            for c in range(c0, c1 + 1):
                filled[(r, c)] = value
    return filled


def _flatten(grid: Grid, header_rows: list[int], width: int) -> list[list[Any]]:
    """Header parts per column, merged cells filled from their top-left cell. Files without merge
    information (old .xls) get group labels spread right while the row below has sub-labels."""
    filled = _merged_fill(grid, header_rows)
    parts: list[list[Any]] = [[] for _ in range(width)]
    table = []
    for r in header_rows:
        row = grid.rows[r]
        table.append([filled.get((r, c), row[c] if c < len(row) else None) for c in range(width)])
    if not grid.merged and len(table) > 1:
        for level in range(len(table) - 1):
            below = table[level + 1]
            for c in range(1, width):
                if is_blank(table[level][c]) and not is_blank(table[level][c - 1]) and not is_blank(below[c]):
                    if not is_blank(below[c - 1]):
                        table[level][c] = table[level][c - 1]
    for c in range(width):
        for level in range(len(table)):
            value = table[level][c]
            if is_blank(value):
                continue
            if parts[c] and parts[c][-1] == value:
                continue
            parts[c].append(value)
    return parts


def _columns(parts: list[list[Any]], default_year: int | None) -> list[Column]:
    columns = []
    for index, column_parts in enumerate(parts):
        date = None
        words = []
        for part in column_parts:
            day = _header_date(part, default_year)
            if day is not None and date is None:
                date = day
                continue
            words.append(clean_text(part))
        header = " / ".join(clean_text(p) for p in column_parts)
        meaning = classify(" ".join(words)) if words else HeaderMeaning(None)
        if meaning.field is None and words:
            # A merged label over sub-labels reads best from the most specific part.
            for word in reversed(words):
                meaning = classify(word)
                if meaning.field:
                    break
        columns.append(Column(index, header, meaning, date))
    return columns


def _is_footer(row: list[Any]) -> bool:
    if _has_number(row):
        return False
    first = next((v for v in row if not is_blank(v)), None)
    if not isinstance(first, str):
        return False
    text = fold(first) + " "
    return text.startswith(FOOTER_WORDS)


def _title_lines(rows: list[list[Any]], first_row: int) -> tuple[list[str], list[int]]:
    """The non-blank cells above a table, row by row, and the Excel row of each."""
    cells = [(clean_text(v), first_row + i) for i, row in enumerate(rows) for v in row if not is_blank(v)]
    return [text for text, _ in cells], [row for _, row in cells]


def find_tables(grid: Grid, default_year: int | None = None) -> list[Table]:
    """Every table of a sheet, top to bottom (a decision may hold a member list and then an
    assignment list)."""
    tables: list[Table] = []
    rows = grid.rows
    start = 0
    while start < len(rows):
        top = next(
            (r for r in range(start, min(len(rows), start + HEADER_SEARCH_ROWS)) if _is_header_row(rows[r], default_year)),
            None,
        )
        if top is None:
            break
        width = max(len(r) for r in rows[top:top + MAX_HEADER_ROWS])
        top_meanings = [_cell_meaning(v) for v in rows[top]]
        key_columns = [i for i, m in enumerate(top_meanings) if m.field in KEY_FIELDS]
        header_rows = [top]
        body_start = top + 1
        while body_start < len(rows) and len(header_rows) < MAX_HEADER_ROWS:
            row = rows[body_start]
            if _is_numbering_row(row):
                body_start += 1
                break
            if not _continues_header(row, key_columns):
                break
            header_rows.append(body_start)
            body_start += 1
        if body_start < len(rows) and _is_numbering_row(rows[body_start]):
            body_start += 1
        columns = _columns(_flatten(grid, header_rows, width), default_year)
        end = body_start
        body, numbers = [], []
        key = key_columns[0] if key_columns else None
        while end < len(rows):
            row = rows[end]
            # Fast path: a row that starts with a number (its TT) is a data row.
            if not (row and type(row[0]) is float) and _is_footer(row):
                break
            if key is not None and key < len(row) and isinstance(row[key], str) and _cell_meaning(row[key]).field in KEY_FIELDS:
                if _is_header_row(row, default_year):
                    break
            body.append(row + [None] * (width - len(row)) if len(row) < width else row)
            numbers.append(end + 1)
            end += 1
        title, title_rows = _title_lines(rows[start:top], start + 1)
        tables.append(Table(grid.name, title, header_rows, columns, body, body_start, numbers, title_rows))
        start = max(end, body_start)
        if start < len(rows) and _is_footer(rows[start]):
            start += 1
    return tables
