"""Read a workbook safely: size limit, zip-bomb and XML-attack checks, then calamine for speed."""

from __future__ import annotations

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

from analytics import texts
from analytics.names import fold

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
    """One worksheet as a rectangle of cell values (row 0 = Excel row 1) and its merged ranges."""

    name: str
    rows: list[list[Any]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)


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


def read_workbook(data: bytes, max_bytes: int) -> list[Grid]:
    """Every visible worksheet of the file (instruction sheets left out), or WorkbookRefused."""
    check_container(data, max_bytes)
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
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            if fold(meta.name) in INSTRUCTION_SHEETS:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            grids.append(Grid(meta.name, rows, merged))
    except python_calamine.PasswordError:
        raise WorkbookRefused(texts.IMPORT_ENCRYPTED) from None
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError) as exc:
        log.info("calamine could not read a sheet: %s", exc)
        raise WorkbookRefused(texts.IMPORT_DAMAGED) from None
    finally:
        workbook.close()
    return grids
