"""Tiny files that declare huge sheets, made by hand the way an attacker would: the reader would
allocate the whole declared rectangle."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl

# One cell at each end of Excel's largest sheet: the reader would allocate 549 GB and abort.
CORNERS = ["A1", "XFD1048576"]
# A header row 10.000 columns wide (cells at A, ZZ, AAA and NTP).
TEN_THOUSAND_COLUMNS = ["A1"] + [f"{c}1" for c in ("ZZ", "AAA", "NTP")]
# A million rows declared by one cell.
MILLION_ROWS = ["A1", "A1048576"]

ODS_CELL = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'


def hostile_xlsx(path: Path, cells: list[str], sheet: str = "Báo cáo") -> Path:
    """A workbook whose only cells are `cells` ("TT" at A1, 1 elsewhere)."""
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for ref in cells:
        worksheet[ref] = "TT" if ref == "A1" else 1
    workbook.save(path)
    return path


def write_ods(path: Path, rows_xml: str, sheet: str = "Báo cáo") -> Path:
    """An OpenDocument spreadsheet whose one table holds `rows_xml` (table:table-row elements)."""
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="{sheet}">{rows_xml}'
               '</table:table></office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return path


def ods_row(*values: str, repeated: int = 1, gap: int = 0) -> str:
    """A table row with one cell per value and `gap` empty cells before the last one."""
    cells = [ODS_CELL.format(v) for v in values]
    if gap:
        cells.insert(len(cells) - 1, f'<table:table-cell table:number-columns-repeated="{gap}"/>')
    attribute = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
    return f"<table:table-row{attribute}>{''.join(cells)}</table:table-row>"
