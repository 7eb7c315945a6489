"""Read a workbook safely: size limit, zip-bomb and XML-attack checks, then calamine for speed."""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

import python_calamine
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from defusedxml.ElementTree import iterparse as safe_iterparse

from analytics import texts
from analytics.names import fold
from analytics.settings import ReadLimits
from analytics.vnformat import number

log = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
# An encrypted .xlsx is an OLE container holding these streams (names stored as UTF-16LE).
ENCRYPTED_MARKERS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
# Real workbooks compress 5-30x; a zip bomb compresses thousands of times. Both limits apply to
# the declared sizes, checked before any part is inflated.
MAX_UNCOMPRESSED_BYTES = 1_000_000_000
MAX_PART_RATIO = 1_000
XML_SNIFF_BYTES = 65_536
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# Sheets that explain a template rather than hold data.
INSTRUCTION_SHEETS = {"huong dan", "huong dan su dung", "instructions", "ghi chu"}


class WorkbookRefused(ValueError):
    """The bytes are not a workbook we will read; the message (Vietnamese) says why."""


@dataclass
class Grid:
    """One worksheet as a rectangle of cell values (row 0 = Excel row 1) and its merged ranges.

    For .xlsx files the sheet's XML is also read for what calamine does not give: hidden rows and
    columns (blanked unless the user includes them), percent number formats, and formula cells
    that carry no stored value. Positions are 0-based (row, column)."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    hidden: bool = False                                   # a hidden sheet
    inspected: bool = False                                # the formats below were read
    hidden_rows: list[int] = field(default_factory=list)   # hidden rows that hold something
    hidden_cols: list[int] = field(default_factory=list)   # hidden columns that hold something
    percent: set[tuple[int, int]] = field(default_factory=set)
    formula_blank: set[tuple[int, int]] = field(default_factory=set)
    hidden_left_out: bool = False                          # hidden rows and columns were blanked


def check_container(data: bytes, max_bytes: int) -> str:
    """Refuse what is not a readable Excel file; return 'xlsx', 'ods' or 'xls'."""
    if not data:
        raise WorkbookRefused(texts.IMPORT_EMPTY_FILE)
    if len(data) > max_bytes:
        raise WorkbookRefused(texts.IMPORT_TOO_LARGE.format(size=len(data) / 1e6, limit=max_bytes / 1e6))
    if data.startswith(OLE_MAGIC):
        if any(marker in data for marker in ENCRYPTED_MARKERS):
            raise WorkbookRefused(texts.IMPORT_ENCRYPTED)
        return "xls"
    if not data.startswith(ZIP_MAGIC):
        raise WorkbookRefused(texts.IMPORT_NOT_EXCEL)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        log.info("damaged zip: %s", exc)
        raise WorkbookRefused(texts.IMPORT_DAMAGED) from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" in names:
        kind = "xlsx"
    elif "content.xml" in names and "mimetype" in names:
        kind = "ods"
    else:
        raise WorkbookRefused(texts.IMPORT_NOT_EXCEL)
    _check_sizes(members)
    _check_xml(archive, members)
    return kind


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise WorkbookRefused(texts.IMPORT_ZIP_BOMB)
    for member in members:
        if member.file_size > 10_000_000 and member.file_size > MAX_PART_RATIO * max(member.compress_size, 1):
            raise WorkbookRefused(texts.IMPORT_ZIP_BOMB)


def _check_xml(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    """Refuse DTDs and entity declarations anywhere, and parse the workbook part with defusedxml."""
    for member in members:
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        try:
            with archive.open(member) as stream:
                head = stream.read(XML_SNIFF_BYTES)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
            # RuntimeError: a password-protected zip member.
            log.info("unreadable part %s: %s", member.filename, exc)
            raise WorkbookRefused(texts.IMPORT_DAMAGED) from None
        text = head.decode("utf-16", errors="ignore").encode() if head[:2] in (b"\xff\xfe", b"\xfe\xff") else head
        if _DTD.search(text):
            raise WorkbookRefused(texts.IMPORT_XML_ATTACK)
    main = "xl/workbook.xml" if "xl/workbook.xml" in archive.namelist() else "content.xml"
    try:
        safe_fromstring(archive.read(main))
    except DefusedXmlException:
        raise WorkbookRefused(texts.IMPORT_XML_ATTACK) from None
    except (ParseError, zipfile.BadZipFile, OSError, EOFError) as exc:
        log.info("damaged workbook part: %s", exc)
        raise WorkbookRefused(texts.IMPORT_DAMAGED) from None


@dataclass
class SheetFormats:
    """What the XML of one .xlsx worksheet says beyond its values."""

    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    percent: set[tuple[int, int]] = field(default_factory=set)
    formula_blank: set[tuple[int, int]] = field(default_factory=set)
    rows: int = 0                 # the extent the sheet declares or uses (the larger of the two)
    columns: int = 0


_NS = r"(?:[\w.-]+:)?"
_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*"([^"]*)"')
_SHEET_TAG = re.compile(rb"<" + _NS.encode() + rb"sheet\s[^>]*>")
_REL_TAG = re.compile(rb"<" + _NS.encode() + rb"Relationship\s[^>]*>")
_NUMFMT_TAG = re.compile(rb"<" + _NS.encode() + rb"numFmt\s[^>]*>")
_CELLXFS = re.compile(rb"<" + _NS.encode() + rb"cellXfs\b[^>]*>(.*?)</" + _NS.encode() + rb"cellXfs>", re.S)
_XF_TAG = re.compile(rb"<" + _NS.encode() + rb"xf\b[^>]*>")
_COL_TAG = re.compile(rb"<" + _NS.encode() + rb"col\s[^>]*>")
_HIDDEN_ROW = re.compile(rb"<" + _NS.encode() + rb'row\s[^>]*\bhidden\s*=\s*"(?:1|true)"[^>]*>')
_FORMULA_NO_VALUE = re.compile(
    rb"<" + _NS.encode() + rb"c\s([^>]*)>\s*<" + _NS.encode() + rb"f\b[^>]*(?:/>|>[^<]*</" + _NS.encode() + rb"f>)\s*"
    rb"(?:<" + _NS.encode() + rb"v\s*/>|<" + _NS.encode() + rb"v>\s*</" + _NS.encode() + rb"v>)?\s*</" + _NS.encode() + rb"c>")
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_DIMENSION = re.compile(rb'<' + _NS.encode() + rb'dimension\s+ref\s*=\s*"([A-Z]{0,3})(\d*)(?::([A-Z]{1,3})(\d+))?"')
_LAST_ROW = re.compile(rb'<' + _NS.encode() + rb'row\s[^>]*\br\s*=\s*"(\d+)"')
# Cell references by the length of their column letters, longest first (wide sheets are rare).
_WIDE_REFS = {n: re.compile(rb'r="([A-Z]{%d})[0-9]' % n) for n in (3, 2)}
# Built-in percent formats (0%, 0.00%); custom formats are percent when '%' is outside quotes.
PERCENT_BUILTIN = {9, 10}


def _attrs(tag: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: v.decode() for k, v in _ATTR.findall(tag)}


def column_number(letters: str) -> int:
    """0-based column of Excel letters: A -> 0, AA -> 26."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


def column_letter(index: int) -> str:
    """Excel letters of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str) -> tuple[int, int] | None:
    match = _CELL_REF.match(ref)
    return (int(match.group(2)) - 1, column_number(match.group(1))) if match else None


def _is_percent_code(code: str) -> bool:
    return "%" in re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)


def _percent_styles(archive: zipfile.ZipFile) -> set[str]:
    """Indexes (as text) of the cell formats (cellXfs) whose number format shows a percentage."""
    try:
        styles = archive.read("xl/styles.xml")
    except KeyError:
        return set()
    custom = {}
    for tag in _NUMFMT_TAG.findall(styles):
        attrs = _attrs(tag)
        if "numFmtId" in attrs:
            custom[int(attrs["numFmtId"])] = html.unescape(attrs.get("formatCode", ""))
    block = _CELLXFS.search(styles)
    if not block:
        return set()
    found = set()
    for index, tag in enumerate(_XF_TAG.findall(block.group(1))):
        number = int(_attrs(tag).get("numFmtId", "0") or 0)
        if number in PERCENT_BUILTIN or (number in custom and _is_percent_code(custom[number])):
            found.add(str(index))
    return found


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML part inside the archive."""
    targets = {}
    for tag in _REL_TAG.findall(archive.read("xl/_rels/workbook.xml.rels")):
        attrs = _attrs(tag)
        target = attrs.get("Target", "")
        targets[attrs.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    paths = {}
    for tag in _SHEET_TAG.findall(archive.read("xl/workbook.xml")):
        attrs = _attrs(tag)
        if attrs.get("id") in targets:
            paths[html.unescape(attrs.get("name", ""))] = targets[attrs["id"]]
    return paths


def _extent(xml: bytes) -> tuple[int, int]:
    """(rows, columns) of a sheet: the larger of what its <dimension> declares and what its last
    row and widest cell reference use."""
    rows = columns = 0
    declared = _DIMENSION.search(xml, 0, 4096)
    if declared:
        last_col = declared.group(3) or declared.group(1)
        last_row = declared.group(4) or declared.group(2)
        rows = int(last_row) if last_row else 0
        columns = column_number(last_col.decode()) + 1 if last_col else 0
    tail = xml.rfind(b"row ")
    last = _LAST_ROW.search(xml, max(tail - 2, 0)) if tail >= 0 else None
    if last:
        rows = max(rows, int(last.group(1)))
    # Only references past column Z are looked for (they are rare, so the scan is cheap); a limit
    # narrower than that is still enforced on the loaded range, which is then small.
    for length in (3, 2):
        refs = _WIDE_REFS[length].findall(xml)
        if refs:
            columns = max(columns, max(column_number(r.decode()) for r in set(refs)) + 1)
            break
    return rows, columns


def too_large(rows: int, columns: int, limits: ReadLimits) -> bool:
    """The reader allocates a sheet's whole rectangle: a real report is a few hundred columns wide
    at most and a few million cells, a crafted sheet (a cell at XFD1048576) is not."""
    return rows > limits.max_rows or columns > limits.max_columns or rows * max(columns, 1) > limits.max_cells


def check_extent(sheet: str, rows: int, columns: int, limits: ReadLimits) -> None:
    """Refuse a sheet larger than the limits, naming it and them."""
    if too_large(rows, columns, limits):
        raise WorkbookRefused(texts.IMPORT_SHEET_TOO_LARGE.format(
            sheet=sheet, rows=number(rows), columns=number(columns), max_rows=number(limits.max_rows),
            max_columns=number(limits.max_columns), max_cells=number(limits.max_cells)))


def _sheet_formats(xml: bytes, percent_styles: set[str], limits: ReadLimits) -> SheetFormats:
    formats = SheetFormats()
    formats.rows, formats.columns = _extent(xml)
    if too_large(formats.rows, formats.columns, limits):
        return formats
    # Cheap substring tests first: most sheets have no hidden rows and no formulas, and the
    # patterns below would otherwise walk every row and cell tag of a large sheet.
    data_at = xml.find(b"sheetData")
    head = xml[:data_at] if data_at > 0 else xml
    for tag in _HIDDEN_ROW.findall(xml) if b"hidden" in xml else ():
        row = _attrs(tag).get("r")
        if row and row.isdigit():
            formats.hidden_rows.add(int(row) - 1)
    for tag in _COL_TAG.findall(head) if b"hidden" in head else ():
        attrs = _attrs(tag)
        if attrs.get("hidden") in ("1", "true") and attrs.get("min", "").isdigit():
            first, last = int(attrs["min"]), int(attrs.get("max") or attrs["min"])
            # A hidden range to the sheet's last column (XFD) only matters where there are cells.
            formats.hidden_cols.update(range(first - 1, min(last, first + 1000)))
    if percent_styles:
        styled = re.compile(rb"<" + _NS.encode() + rb'c\s[^>]*\bs\s*=\s*"(?:' +
                            b"|".join(re.escape(s.encode()) for s in sorted(percent_styles)) + rb')"[^>]*>')
        for tag in styled.findall(xml):
            cell = _cell(_attrs(tag).get("r", ""))
            if cell:
                formats.percent.add(cell)
    formulas = b"<f" in xml or b":f>" in xml or b":f " in xml
    for attrs in _FORMULA_NO_VALUE.findall(xml) if formulas else ():
        cell = _cell(_attrs(b" " + attrs).get("r", ""))
        if cell:
            formats.formula_blank.add(cell)
    return formats


def xlsx_formats(data: bytes, limits: ReadLimits) -> dict[str, SheetFormats]:
    """Per sheet name: its extent, hidden rows and columns, percent cells and formula cells without
    a value. Empty when the parts cannot be found (the values are still read by calamine)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        percent_styles = _percent_styles(archive)
        return {name: _sheet_formats(archive.read(path), percent_styles, limits)
                for name, path in _sheet_paths(archive).items() if path in archive.namelist()}
    except (KeyError, zipfile.BadZipFile, ValueError, OSError) as exc:
        log.info("sheet formats not read: %s", exc)
        return {}


def _apply_formats(grid: Grid, formats: SheetFormats | None, include_hidden: bool) -> None:
    """Attach the formats to a grid and blank its hidden rows and columns unless included."""
    if formats is None:
        return
    grid.inspected = True
    grid.percent = formats.percent
    grid.formula_blank = formats.formula_blank
    rows = grid.rows
    grid.hidden_rows = [r for r in sorted(formats.hidden_rows)
                        if r < len(rows) and any(not _empty(v) for v in rows[r])]
    grid.hidden_cols = [c for c in sorted(formats.hidden_cols)
                        if any(c < len(row) and not _empty(row[c]) for row in rows)]
    if include_hidden:
        return
    grid.hidden_left_out = True
    # A merged label whose first cell is hidden still shows over the visible part of the merge
    # ("Cửa hàng số" over a hidden old column and a visible one): keep those anchors.
    hidden_rows, hidden_cols = set(grid.hidden_rows), set(grid.hidden_cols)
    shown_anchors = {(r0, c0) for (r0, c0), (r1, c1) in grid.merged
                     if any(c not in hidden_cols for c in range(c0, c1 + 1))
                     and any(r not in hidden_rows for r in range(r0, r1 + 1))}
    for r in grid.hidden_rows:
        rows[r] = [v if (r, c) in shown_anchors else "" for c, v in enumerate(rows[r])]
    for c in grid.hidden_cols:
        for r, row in enumerate(rows):
            if c < len(row) and (r, c) not in shown_anchors:
                row[c] = ""


def _empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_ODS_CELLS = (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell")
_ODS_REPEAT = re.compile(rb"<[\w.-]+:(?:table-row|table-cell|covered-table-cell)\s[^>]*"
                         rb'number-(?:rows|columns)-repeated\s*=\s*"(\d+)"')
ODS_FEW_REPEATS = 1_000


def _repeated(element, attribute: str) -> int:
    value = element.get(f"{_TABLE}{attribute}", "1")
    if not value.isdigit():
        raise WorkbookRefused(texts.IMPORT_DAMAGED)
    return int(value)


def ods_extents(data: bytes) -> dict[str, tuple[int, int]]:
    """Per sheet name: (rows, columns) up to its last non-empty cell, counting repeats as the reader
    expands them (a tiny file can repeat a row a million times). Streamed: rows are dropped once
    counted. Trailing empty repeats (LibreOffice writes them for styled sheets) are not counted.

    When all repeats together add fewer than ODS_FEW_REPEATS rows and cells, nearly every cell is
    written out and the file's size bounds the sheet (the worker's memory limit covers the rest):
    the slower exact count is skipped ({})."""
    extents: dict[str, tuple[int, int]] = {}
    name, rows, used_rows, columns = "", 0, 0, 0
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        repeats = _ODS_REPEAT.findall(archive.read("content.xml"))
        if sum(int(r) - 1 for r in repeats if int(r) > 1) < ODS_FEW_REPEATS:
            return extents
        with archive.open("content.xml") as stream:
            for event, element in safe_iterparse(stream, events=("start", "end")):
                if element.tag == f"{_TABLE}table":
                    if event == "start":
                        name, rows, used_rows, columns = element.get(f"{_TABLE}name", ""), 0, 0, 0
                    else:
                        extents[name] = (used_rows, columns)
                        element.clear()
                elif event == "end" and element.tag == f"{_TABLE}table-row":
                    width = used = 0
                    for cell in element:
                        if cell.tag in _ODS_CELLS:
                            width += _repeated(cell, "number-columns-repeated")
                            if cell.get(f"{_OFFICE}value-type") or len(cell):
                                used = width
                    rows += _repeated(element, "number-rows-repeated")
                    if used:
                        used_rows, columns = rows, max(columns, used)
                    element.clear()
    except DefusedXmlException:
        raise WorkbookRefused(texts.IMPORT_XML_ATTACK) from None
    except (ParseError, KeyError, zipfile.BadZipFile, OSError, EOFError) as exc:
        log.info("ods content not read: %s", exc)
        raise WorkbookRefused(texts.IMPORT_DAMAGED) from None
    return extents


def read_workbook(data: bytes, max_bytes: int, include_hidden: bool = False,
                  limits: ReadLimits = ReadLimits()) -> list[Grid]:
    """Every worksheet of the file (instruction sheets left out), or WorkbookRefused. Hidden
    sheets come back flagged `hidden`; their rows are blanked unless `include_hidden`.

    Runs in the current process: uploads go through analytics.ingest.worker, which calls this in
    a child process limited in memory and time."""
    container = check_container(data, max_bytes)
    formats = xlsx_formats(data, limits) if container == "xlsx" else {}
    extents = ({name: (sheet.rows, sheet.columns) for name, sheet in formats.items()}
               if container == "xlsx" else ods_extents(data) if container == "ods" else {})
    for name, (rows, columns) in extents.items():
        check_extent(name, rows, columns, limits)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise WorkbookRefused(texts.IMPORT_ENCRYPTED) from None
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError, ValueError) as exc:
        log.info("calamine refused the file: %s", exc)
        raise WorkbookRefused(texts.IMPORT_DAMAGED) from None
    grids = []
    try:
        for meta in workbook.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            if fold(meta.name) in INSTRUCTION_SHEETS:
                continue
            hidden = meta.visible != python_calamine.SheetVisibleEnum.Visible
            if hidden and not include_hidden:
                grids.append(Grid(meta.name, [], hidden=True))
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            # An .xls sheet declares its size in a binary record not read beforehand; the format
            # caps it at 65.536 × 256 cells, which the worker's memory allows to load and measure.
            check_extent(meta.name, sheet.height, sheet.width, limits)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            grid = Grid(meta.name, rows, merged, hidden=hidden)
            _apply_formats(grid, formats.get(meta.name), include_hidden)
            grids.append(grid)
    except python_calamine.PasswordError:
        raise WorkbookRefused(texts.IMPORT_ENCRYPTED) from None
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError) as exc:
        log.info("calamine could not read a sheet: %s", exc)
        raise WorkbookRefused(texts.IMPORT_DAMAGED) from None
    finally:
        workbook.close()
    return grids
