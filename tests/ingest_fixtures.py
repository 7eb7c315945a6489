"""Builders of real-world-shaped .xlsx files for the import tests (openpyxl, in tmp_path)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
import pytest

from analytics.access import Actor
from analytics.db import open_database
from analytics.ingest import ImportOptions, ImportResult, import_file

NOW = dt.datetime(2021, 12, 31, 18, 0)
TESTER = Actor("tester", "admin", display_name="Người kiểm thử")

GIA_CAT_VILLAGES = [("Bắc Nga", 120), ("Liên Hòa", 150), ("Bắc Đông I", 90), ("Bắc Đông II", 95), ("Nà Bó", 110),
                    ("Sơn Hồng", 130)]

# The seed's list of the Gia Cát teams (Cao Lộc), row for row.
GIA_CAT_TEAMS = [
    (1, "Đào Xuân Đông", "Trưởng thôn", "Bắc Nga", "Bắc Nga", "Tổ trưởng"),
    (2, "Đặng Thị Hằng", None, "Bắc Nga", None, None),
    (3, "Đặng Thị Chiến", None, "Bắc Nga", None, None),
    (4, "Nông Thị Hợi", None, "Bắc Nga", None, None),
    (5, "Đặng Văn Bội", "Trưởng thôn", "Liên Hòa", "Liên Hòa", "Tổ trưởng"),
    (6, "Đặng Thị Hiệu", None, "Liên Hòa", None, None),
    (7, "Dương Quốc Anh", None, "Liên Hòa", None, None),
    (8, "Vi Thị Ánh", None, "Liên Hòa", None, None),
    (9, "Chu Văn Độ", "Trưởng thôn", "Bắc Đông I", "Bắc Đông I", "Tổ trưởng"),
    (10, "Lý Văn Trung", None, "Bắc Đông I", None, None),
    (11, "Lý Thanh Hoa", None, "Bắc Đông I", None, None),
    (12, "Nguyễn Văn Định", "CC VP - TK", "UBND xã", None, None),
    (13, "Hoàng Văn Quê", "Trưởng thôn", "Bắc Đông II", "Bắc Đông II", "Tổ trưởng"),
    (14, "Chu Thanh Mai", None, "Bắc Đông II", None, None),
    (15, "Lý Văn Tới", "CC TP - HT", "UBND xã", None, None),
    (16, "Hứa Thị Chia", "Phó trưởng thôn", "Bắc Đông II", None, None),
    (17, "Hứa Văn Ngân", "Trưởng thôn", "Nà Bó", "Nà Bó", "Tổ trưởng"),
    (18, "Chu Thị Chiêu", "TB CTMT", "Nà Bó", None, None),
    (19, "Trương Văn Thọ", None, "Nà Bó", None, None),
    (20, "Hứa Văn Tùng", None, "Nà Bó", None, None),
    (21, "Hoàng Văn Hiến", "Trưởng thôn", "Sơn Hồng", "Sơn Hồng", "Tổ Trưởng"),
    (22, "Lâm Thị Loan", None, "Sơn Hồng", None, None),
    (23, "Chu Thị Hợp", None, "Sơn Hồng", None, None),
    (24, "Hoàng Văn Páo", None, "Sơn Hồng", None, None),
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence]] | Sequence[Sequence],
               merges: dict[str, Iterable[str]] | Iterable[str] = ()) -> Path:
    """A workbook with one or more sheets of rows (None = empty cell) and merged ranges."""
    if not isinstance(sheets, dict):
        sheets = {"Báo cáo": sheets}
        merges = {"Báo cáo": list(merges)}
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
        for cell_range in (merges or {}).get(name, []):
            sheet.merge_cells(cell_range)
    workbook.save(path)
    return path


def title_block(agency: str, line: str) -> list[list]:
    """The usual top of an official report: agency and motto, date line, title, blank row."""
    return [
        [agency, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        [None, None, None, "Độc lập - Tự do - Hạnh phúc"],
        [None, None, None, "Lạng Sơn, ngày 06 tháng 8 năm 2021"],
        [line],
        [],
    ]


def gia_cat_households(tmp_path: Path, name: str = "so_ho_gia_cat.xlsx") -> Path:
    rows = [["UBND XÃ GIA CÁT"], ["DANH SÁCH THÔN VÀ SỐ HỘ GIA ĐÌNH"], [], ["TT", "Tên thôn", "Số hộ gia đình"]]
    rows += [[i, village, households] for i, (village, households) in enumerate(GIA_CAT_VILLAGES, start=1)]
    rows += [[None, "Cộng", sum(h for _, h in GIA_CAT_VILLAGES)], [], [None, "Người lập biểu"]]
    return write_xlsx(tmp_path / name, rows)


def gia_cat_teams(tmp_path: Path, rows=GIA_CAT_TEAMS, name: str = "to_cns_gia_cat.xlsx") -> Path:
    sheet = [
        ["DANH SÁCH TỔ CÔNG NGHỆ CỘNG ĐỒNG"],
        ["(Ban hành kèm theo Quyết định số: 125/QĐ-UBND ngày 08 tháng 10 năm 2021 của"],
        [" Chủ tịch UBND xã Gia Cát)"],
        [],
        ["TT", "Họ tên", "Chức vụ", "Địa chỉ", "Phụ trách thôn", "Ghi chú"],
        *[list(r) for r in rows],
        [],
        ["Danh sách ấn định 24 người./."],
    ]
    return write_xlsx(tmp_path / name, sheet)


def run(con, settings, path: Path, **options) -> ImportResult:
    """Import a file at a fixed 'now' (31/12/2021 18:00) so campaign dates are in the past."""
    dry_run = options.pop("dry_run", False)
    options.setdefault("actor", TESTER)
    return import_file(con, settings, path.read_bytes(), path.name,
                       ImportOptions(now=NOW, **options), dry_run=dry_run)


@pytest.fixture()
def con(empty_db):
    """A read-write connection to a database from `init`."""
    connection = open_database(empty_db)
    yield connection
    connection.close()


def report_values(con, unit_code: str, indicator: str = "stores", source: str = "commune") -> dict:
    """{date: value} of the live reports of one unit."""
    rows = con.execute(
        "SELECT report_date, value FROM report_current WHERE unit_code = ? AND indicator = ? AND source = ? "
        "ORDER BY report_date", [unit_code, indicator, source]).fetchall()
    return {d: v for d, v in rows}


def village_code(con, commune: str, short_name: str) -> str:
    return con.execute("SELECT code FROM unit WHERE parent_code = ? AND short_name = ?", [commune, short_name]).fetchone()[0]


def messages(issues) -> str:
    return " | ".join(i.message for i in issues)
