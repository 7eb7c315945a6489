"""Table exports shared by every page: Excel (plain or laid out for an official document) and CSV.

Both writers take one DataFrame whose rows are the rows of the table and whose columns are
either keys of `texts.COLUMNS` (translated to Vietnamese headers) or headers already in
Vietnamese. Text from the data is never written as a formula: see `needs_neutralising`.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import xlsxwriter

from analytics import texts, vnformat
from analytics.settings import Settings

# A spreadsheet treats a text starting with one of these as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

FONT = "Times New Roman"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0%"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATA_ROW_HEIGHT = 21  # points: 12-point text with air above and below when printed
CELL_INDENT = 1  # one indent step keeps text and numbers off the cell borders
SIGNATURE_SPACE_ROWS = 4  # blank rows for the handwritten signature and the seal
MIN_LAYOUT_COLUMNS = 4  # the two header blocks and the signatures need room side by side
EXCEL_MAX_TEXT = 32_767  # characters a cell holds; Excel refuses to open a file with a longer one
# Nothing a string looks like may turn it into a formula, a number or a link (a file's text is untrusted).
SAFE_WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


def safe_workbook(target, **options) -> xlsxwriter.Workbook:
    """Every workbook the project writes: strings stay strings (no formula, number or hyperlink)."""
    return xlsxwriter.Workbook(target, {**options, **SAFE_WORKBOOK_OPTIONS})


def fit_cell(text: str) -> str:
    """Text as long as an Excel cell allows: a longer one is cut and says so."""
    if len(text) <= EXCEL_MAX_TEXT:
        return text
    note = texts.EXPORT_TEXT_CUT.format(length=vnformat.number(len(text)))
    return text[: EXCEL_MAX_TEXT - len(note)] + note


def needs_neutralising(text: str) -> bool:
    """True when a spreadsheet would run this text as a formula."""
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """The text a CSV cell gets: a leading apostrophe stops Excel and LibreOffice from running it."""
    return "'" + text if needs_neutralising(text) else text


def headers(frame: pd.DataFrame) -> list[str]:
    """Vietnamese column headers: known keys translated, other names kept."""
    return [texts.COLUMNS.get(str(column), str(column)) for column in frame.columns]


def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose headers and text cells a spreadsheet will not run as formulas (every CSV
    the project writes goes through here)."""
    table = frame.copy()
    table.columns = [neutralise(str(h)) for h in frame.columns]
    for column in table.columns:
        if table[column].dtype == object or pd.api.types.is_string_dtype(table[column]):
            table[column] = table[column].map(lambda v: v if _is_missing(v) or not isinstance(v, str) else neutralise(v))
    return table


def to_csv(frame: pd.DataFrame) -> bytes:
    """The table as CSV: UTF-8 with a byte-order mark (so Excel shows Vietnamese), Vietnamese
    headers, numbers as written by pandas, every formula-like text cell neutralised."""
    table = frame.copy()
    table.columns = headers(frame)
    return neutralised(table).to_csv(index=False).encode("utf-8-sig")


def to_xlsx(
    frame: pd.DataFrame,
    *,
    title: str,
    settings: Settings,
    as_of: dt.date | None = None,
    subtitle: str | None = None,
    note: str | None = None,
    official: bool = False,
    percent_columns: Sequence[str] = (),
    total_row: bool | Mapping[str, object] = False,
    signatures: bool = False,
    total_columns: Sequence[str] | None = None,
    number_formats: Mapping[str, str] | None = None,
    issued: dt.date | None = None,
) -> bytes:
    """The table as an .xlsx workbook in Times New Roman, A4 landscape, one page wide, with its
    header row frozen and repeated on every printed page.

    official=True adds the header block of an administrative document (agency and department
    on the left, national motto on the right, place and date of `issued`, by default the as-of
    date the figures stand at, as in the department's reports, else today).
    percent_columns hold 0–100 values; they are written as fractions with a % format.
    total_row=True sums `total_columns` (default: the integer columns that are not percentages);
    a mapping gives the numeric values of the total row itself (e.g. the scope's own coverage
    row, whose percentages are right where a sum of percentages is not). The label "Tổng cộng"
    goes under the unit names (column `name` / "Đơn vị"), else in the first text column. signatures=True adds the "NGƯỜI LẬP BIỂU" and signer blocks under the table.
    """
    writer = _SheetWriter(frame, settings, percent_columns, number_formats or {})
    if official:
        writer.official_header(issued or as_of or dt.date.today())
    writer.title_block(title, subtitle, as_of)
    writer.table()
    if total_row is not False:
        writer.total(total_row if isinstance(total_row, Mapping) else None, total_columns)
    if note:
        writer.note(note)
    if signatures:
        writer.signatures()
    return writer.close()


class _SheetWriter:
    """Writes one sheet top to bottom; `row` is the next free row."""

    def __init__(self, frame: pd.DataFrame, settings: Settings, percent_columns: Sequence[str],
                 number_formats: Mapping[str, str]):
        self.frame = frame.reset_index(drop=True)
        self.settings = settings
        self.percent = {str(c) for c in percent_columns}
        unknown = self.percent - {str(c) for c in frame.columns}
        if unknown:
            raise ValueError(f"percent_columns not in the table: {sorted(unknown)}")
        self.number_formats = {str(k): v for k, v in number_formats.items()}
        self.buffer = io.BytesIO()
        self.book = safe_workbook(self.buffer, in_memory=True)
        self.sheet = self.book.add_worksheet(texts.EXPORT_SHEET_NAME)
        self.columns = [str(c) for c in self.frame.columns]
        self.width = max(len(self.columns), MIN_LAYOUT_COLUMNS)
        self.row = 0
        self.header_row: int | None = None
        self._formats: dict[tuple, xlsxwriter.format.Format] = {}

    def fmt(self, **props) -> xlsxwriter.format.Format:
        """A cached cell format in the document font."""
        key = frozenset(props.items())
        if key not in self._formats:
            self._formats[key] = self.book.add_format({"font_name": FONT, "font_size": 12, **props})
        return self._formats[key]

    def text(self, row: int, col: int, value: str, **props) -> None:
        """Write a string as a string; a formula-like one gets Excel's quote prefix (shown as is,
        kept as text even when the cell is edited)."""
        if needs_neutralising(value):
            props["quote_prefix"] = True
        self.sheet.write_string(row, col, fit_cell(value), self.fmt(**props))

    def merged(self, row: int, first: int, last: int, value: str, **props) -> None:
        value = fit_cell(value)
        if needs_neutralising(value):
            props["quote_prefix"] = True
        if last > first:
            self.sheet.merge_range(row, first, row, last, "", self.fmt(**props))
        self.sheet.write_string(row, first, value, self.fmt(**props))

    def official_header(self, issued: dt.date) -> None:
        left_last = max(self.width // 2 - 1, 0)
        right_first = left_last + 1
        last = self.width - 1
        center = {"align": "center", "valign": "vcenter"}
        self.merged(self.row, 0, left_last, self.settings.agency, **center)
        self.merged(self.row, right_first, last, texts.EXPORT_NATION, bold=True, **center)
        self.merged(self.row + 1, 0, left_last, self.settings.department, bold=True, **center)
        self.merged(self.row + 1, right_first, last, texts.EXPORT_MOTTO, bold=True, underline=True, **center)
        # the clerk writes the number in the blank when the document is registered
        self.merged(self.row + 3, 0, left_last, texts.EXPORT_DOCUMENT_NUMBER, **center)
        self.merged(self.row + 3, right_first, last, vnformat.long_date(issued, self.settings.place),
                    italic=True, **center)
        self.row += 5

    def title_block(self, title: str, subtitle: str | None, as_of: dt.date | None) -> None:
        last = self.width - 1
        center = {"align": "center", "valign": "vcenter", "text_wrap": True}
        self.merged(self.row, 0, last, title, bold=True, font_size=14, **center)
        self.sheet.set_row(self.row, 22 * max(1, math.ceil(len(title) / (self.width * 14))))
        self.row += 1
        if subtitle:
            self.merged(self.row, 0, last, subtitle, bold=True, **center)
            self.row += 1
        if as_of:
            self.merged(self.row, 0, last, texts.EXPORT_AS_OF.format(date=vnformat.date(as_of)), italic=True, **center)
            self.row += 1
        self.row += 1

    def _cell_props(self, column: str, series: pd.Series, **props) -> dict:
        number = {"align": "right", "indent": CELL_INDENT}
        if column in self.number_formats:
            return {"num_format": self.number_formats[column], **number, **props}
        if column in self.percent:
            return {"num_format": PERCENT_FORMAT, **number, **props}
        if pd.api.types.is_bool_dtype(series):
            return {"align": "center", **props}
        if pd.api.types.is_integer_dtype(series):
            return {"num_format": INTEGER_FORMAT, **number, **props}
        if pd.api.types.is_float_dtype(series):
            return {"num_format": DECIMAL_FORMAT, **number, **props}
        if pd.api.types.is_datetime64_any_dtype(series):
            return {"num_format": DATE_FORMAT, "align": "center", **props}
        return {"align": "left", "indent": CELL_INDENT, **props}

    def _write_value(self, row: int, col: int, column: str, value, props: dict,
                     cell_format: xlsxwriter.format.Format | None = None) -> None:
        cell_format = cell_format or self.fmt(**props)
        if _is_missing(value):
            self.sheet.write_blank(row, col, None, cell_format)
        elif isinstance(value, (bool, np.bool_)):
            self.sheet.write_string(row, col, texts.EXPORT_YES if value else texts.EXPORT_NO, cell_format)
        elif isinstance(value, (int, float, np.number)):
            number = float(value)
            if column in self.percent:
                number /= 100.0
            self.sheet.write_number(row, col, number, cell_format)
        elif isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
            moment = pd.Timestamp(value).to_pydatetime()
            # a date shows as dd/mm/yyyy, a time of day adds hh:mm (never a bare serial number)
            layout = DATETIME_FORMAT if (moment.hour, moment.minute) != (0, 0) else DATE_FORMAT
            self.sheet.write_datetime(row, col, moment, self.fmt(**{**props, "num_format": layout}))
        elif needs_neutralising(text := str(value)):
            self.text(row, col, text, **props)
        else:
            self.sheet.write_string(row, col, fit_cell(text), cell_format)

    def table(self) -> None:
        border = {"border": 1, "valign": "vcenter"}
        for col, header in enumerate(headers(self.frame)):
            self.text(self.row, col, header, bold=True, align="center", text_wrap=True, bg_color="#D9D9D9", **border)
        self.sheet.set_row(self.row, 48)
        self.header_row = self.row
        self.row += 1
        props = [self._cell_props(c, self.frame[c], **border) for c in self.columns]
        formats = [self.fmt(**p) for p in props]
        for values in self.frame.itertuples(index=False, name=None):
            for col, (column, value) in enumerate(zip(self.columns, values)):
                self._write_value(self.row, col, column, value, props[col], formats[col])
            self.sheet.set_row(self.row, DATA_ROW_HEIGHT)
            self.row += 1
        self._layout()

    def total(self, given: Mapping[str, object] | None, total_columns: Sequence[str] | None) -> None:
        """The bold total row: numeric columns from `given` (or sums), "Tổng cộng" under the unit
        names (or in the first text column), other text columns blank."""
        numeric = [c for c in self.columns
                   if pd.api.types.is_numeric_dtype(self.frame[c]) and not pd.api.types.is_bool_dtype(self.frame[c])]
        if given is None:
            chosen = total_columns if total_columns is not None else [
                c for c in numeric if c not in self.percent and pd.api.types.is_integer_dtype(self.frame[c])]
            given = {c: self.frame[c].sum() for c in chosen}
        # the label sits under the unit names when there are any, else in the first text column
        names = {"name", texts.COLUMNS["name"]}
        label_col = next((i for i, c in enumerate(self.columns) if c in names),
                         next((i for i, c in enumerate(self.columns) if c not in numeric), 0))
        border = {"border": 1, "valign": "vcenter", "bold": True}
        for col, column in enumerate(self.columns):
            if col == label_col:
                self.text(self.row, col, texts.EXPORT_TOTAL, **border)
            else:
                value = given.get(column) if column in numeric else None
                self._write_value(self.row, col, column, value, self._cell_props(column, self.frame[column], **border))
        self.sheet.set_row(self.row, DATA_ROW_HEIGHT)
        self.row += 1

    def note(self, note: str) -> None:
        self.row += 1
        last = self.width - 1
        chars_per_line = max(sum(self._widths[: self.width]) * 1.1, 40)
        for paragraph in note.split("\n"):
            lines = max(1, math.ceil(len(paragraph) / chars_per_line))
            self.merged(self.row, 0, last, paragraph, text_wrap=True, valign="top", italic=True)
            self.sheet.set_row(self.row, 16.5 * lines)
            self.row += 1

    def signatures(self) -> None:
        self.row += 1
        left_last = max(self.width // 2 - 1, 0)
        right_first = left_last + 1
        last = self.width - 1
        center = {"align": "center"}
        self.merged(self.row, 0, left_last, texts.EXPORT_PREPARER, bold=True, **center)
        self.merged(self.row, right_first, last, self.settings.signer, bold=True, **center)
        self.merged(self.row + 1, 0, left_last, texts.EXPORT_SIGN_HINT, italic=True, **center)
        self.merged(self.row + 1, right_first, last, texts.EXPORT_SIGN_HINT, italic=True, **center)
        self.row += 2 + SIGNATURE_SPACE_ROWS
        self.merged(self.row, right_first, last, self.settings.signer_name or texts.EXPORT_NAME_LINE, bold=True,
                    **center)
        self.row += 2
        # recipients at the bottom left, as in every administrative document
        self.merged(self.row, 0, left_last, texts.EXPORT_RECIPIENTS_TITLE, bold=True, italic=True)
        for line in texts.EXPORT_RECIPIENTS:
            self.row += 1
            self.merged(self.row, 0, left_last, line, font_size=11)
        self.row += 1

    def _layout(self) -> None:
        widths = []
        for column, header in zip(self.columns, headers(self.frame)):
            values = self.frame[column].head(500)
            longest = max((len(str(v)) for v in values if not _is_missing(v)), default=0)
            header_line = max((len(w) for w in header.split()), default=0)
            widths.append(min(max(longest + 2, header_line + 2, min(len(header), 14), 8), 45))
        widths += [12] * (self.width - len(widths))
        self._widths = widths
        for col, width in enumerate(widths):
            self.sheet.set_column(col, col, width)

    def close(self) -> bytes:
        sheet = self.sheet
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # one page wide, as many tall as needed
        sheet.set_margins(left=0.5, right=0.4, top=0.6, bottom=0.6)
        sheet.center_horizontally()
        if self.header_row is not None:
            sheet.repeat_rows(self.header_row)
            sheet.freeze_panes(self.header_row + 1, 0)
        sheet.set_footer(texts.EXPORT_FOOTER)
        self.book.close()
        return self.buffer.getvalue()
