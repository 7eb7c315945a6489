"""Find the tables inside a worksheet: title block, 1-3 header rows (merged cells flattened),
body rows, and the notes and signatures below."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from analytics.ingest.headers import LINEAGE_FIELDS, NAME_FIELDS, PERSON_FIELDS, HeaderMeaning, classify
from analytics.ingest.reading import Grid, column_letter
from analytics.ingest.values import clean_text, is_blank, parse_date, serial_date
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
KEY_FIELDS = NAME_FIELDS + PERSON_FIELDS + LINEAGE_FIELDS
# Columns whose vertically merged cells apply to every row of the merge (a compiled table writes
# the district or commune once over its rows). A merged figure cannot be split: see value_merges.
FILL_FIELDS = NAME_FIELDS + LINEAGE_FIELDS + ("date", "villages_in_charge", "address", "uom", "source")
_HEADING_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[ivxlc]{1,5}|[a-zđ])\s*[.)/-]\s*", re.IGNORECASE)


@dataclass
class Column:
    """One column: its header as the file writes it (parts joined by ' / ') and its meaning."""

    index: int
    header: str
    meaning: HeaderMeaning
    date: dt.date | None = None
    percent_format: bool = False    # most of its numbers are shown as percentages

    @property
    def field(self) -> str | None:
        return self.meaning.field

    @property
    def letter(self) -> str:
        return column_letter(self.index)

    @property
    def is_percent(self) -> bool:
        """A percentage column: the header says so, or the cells are percent-formatted."""
        return self.meaning.pct or self.percent_format


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
    grid: Grid | None = None
    value_merges: list[tuple[int, int, int]] = field(default_factory=list)  # (column, first, last Excel row)
    title_rows: list[int] = field(default_factory=list)   # Excel row of each title line

    def formula_blanks(self, column: Column) -> list[int]:
        """Excel rows of the body where this column holds a formula without a stored value."""
        if self.grid is None or not self.grid.formula_blank:
            return []
        return [n for n in self.row_numbers if (n - 1, column.index) in self.grid.formula_blank]

    def percent_rows(self, column: Column) -> set[int]:
        """Excel rows of the body where this column's cell is percent-formatted."""
        if self.grid is None or not self.grid.percent:
            return set()
        return {n for n in self.row_numbers if (n - 1, column.index) in self.grid.percent}

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
    serial = serial_date(value)
    if serial is not None:
        # A General-format date header (44421): only a day of the campaign's year or next to it.
        return serial if default_year is not None and abs(serial.year - default_year) <= 1 else None
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
    # One text in the first column, often merged across, heads the rows below ("Tổ CNSCĐ thôn ...").
    if not is_blank(row[0]) and all(is_blank(v) for v in row[1:]):
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


def _fill_body_merges(grid: Grid, table: Table) -> None:
    """Vertically merged cells: names and dates apply to every row of the merge; figures are
    recorded in `value_merges` (the builders refuse them: a merged figure cannot be split)."""
    if not grid.merged or not table.row_numbers:
        return
    first_row, last_row = table.row_numbers[0] - 1, table.row_numbers[-1] - 1
    position_of = {n - 1: p for p, n in enumerate(table.row_numbers)}
    by_index = {c.index: c for c in table.columns}
    for (r0, c0), (r1, c1) in grid.merged:
        if r1 <= r0 or r1 < first_row or r0 > last_row:
            continue
        column = by_index.get(c0)
        if column is None:
            continue
        value = grid.rows[r0][c0] if r0 < len(grid.rows) and c0 < len(grid.rows[r0]) else None
        if column.field in FILL_FIELDS:
            for r in range(max(r0, first_row), min(r1, last_row) + 1):
                position = position_of.get(r)
                if position is not None and is_blank(table.body[position][c0]):
                    if table.body[position] is grid.rows[r]:
                        table.body[position] = list(table.body[position])
                    table.body[position][c0] = value
        elif not is_blank(value) and (column.field or column.date):
            table.value_merges.append((c0, r0 + 1, r1 + 1))


def _mark_percent(grid: Grid, table: Table) -> None:
    """A column is a percentage column when most of its numeric body cells are percent-formatted."""
    if not grid.percent:
        return
    rows = [n - 1 for n in table.row_numbers]
    for column in table.columns:
        numbers = [r for r, row in zip(rows, table.body)
                   if column.index < len(row) and isinstance(row[column.index], (int, float))]
        styled = sum(1 for r in numbers if (r, column.index) in grid.percent)
        column.percent_format = bool(numbers) and styled * 2 > len(numbers)


def heading_text(value: Any) -> str:
    """A heading line without its numbering: '1. Xã Vạn Linh' -> 'Xã Vạn Linh'."""
    return _HEADING_NUMBER.sub("", clean_text(value), count=1) if isinstance(value, str) else ""


def _is_heading(row: list[Any]) -> bool:
    """One text cell naming a district or commune ('1. Xã Vạn Linh'): the title of a stacked table."""
    cells = [v for v in row if not is_blank(v)]
    if len(cells) != 1 or not isinstance(cells[0], str):
        return False
    words = fold(heading_text(cells[0])).split()
    return bool(words) and (words[0] in ("xa", "phuong", "huyen") or " ".join(words[:2]) in ("thi tran", "thanh pho"))


def _is_footer(row: list[Any]) -> bool:
    if _has_number(row):
        return False
    first = next((v for v in row if not is_blank(v)), None)
    if not isinstance(first, str):
        return False
    text = fold(first) + " "
    return text.startswith(FOOTER_WORDS)


def _header_follows(rows: list[list[Any]], start: int, default_year: int | None) -> bool:
    """A header row within the next few non-blank rows (a stacked table starts there)."""
    seen = 0
    for r in range(start, min(len(rows), start + 6)):
        if all(is_blank(v) for v in rows[r]):
            continue
        if _is_header_row(rows[r], default_year):
            return True
        seen += 1
        if seen >= 2:
            return False
    return False


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
        if grid.hidden_left_out:
            # A hidden column keeps no meaning, even under a merged label that stays visible.
            columns = [Column(c.index, "", HeaderMeaning(None)) if c.index in grid.hidden_cols else c for c in columns]
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
            if not (row and type(row[0]) is float) and _is_heading(row) and _header_follows(rows, end + 1, default_year):
                break
            body.append(row + [None] * (width - len(row)) if len(row) < width else row)
            numbers.append(end + 1)
            end += 1
        title, title_rows = _title_lines(rows[start:top], start + 1)
        table = Table(grid.name, title, header_rows, columns, body, body_start, numbers, grid, title_rows=title_rows)
        _fill_body_merges(grid, table)
        _mark_percent(grid, table)
        tables.append(table)
        start = max(end, body_start)
        if start < len(rows) and _is_footer(rows[start]):
            start += 1
    return tables
