"""Files that leave the product and names that would run as formulas: the import's errors
workbook is written like the exports (no formula, no link, long text kept), the CLI's CSV is
neutralised, and unit or person names starting with =, +, @ or a tab are refused at import."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from analytics.cli import main
from analytics.export import EXCEL_MAX_TEXT
from analytics.ingest.exports import issues_workbook
from analytics.ingest.model import Issue
from tests.ingest_fixtures import (  # noqa: F401
    GIA_CAT_TEAMS, con, gia_cat_households, gia_cat_teams, messages, run, write_xlsx,
)

HOSTILE = ['=HYPERLINK("http://x","y")', "file:///\\\\host\\share\\run.exe", "mailto:a@b", "external:x",
           "http://host/x.png", "@x", "-2+3"]
MEDIUM = "Thôn " + "a" * 2_100
LONG = "Thôn " + "b" * 40_000
FORMULA_NAMES = ["=SUM(A1)", "+1", "@x", "\tTên"]


def hostile_households(tmp_path, values: list[str], name: str = "=cmd.xlsx"):
    """A households file whose counts are the hostile texts (kept as text cells, as a person
    typing them with a leading apostrophe would)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo"
    for row in [["UBND XÃ GIA CÁT"], ["DANH SÁCH THÔN VÀ SỐ HỘ GIA ĐÌNH"], [], ["TT", "Tên thôn", "Số hộ gia đình"]]:
        sheet.append(row)
    for number, value in enumerate(values, start=1):
        sheet.append([number, f"Thôn {number}", None])
        cell = sheet.cell(row=sheet.max_row, column=3, value=value)
        cell.data_type = "s"
    path = tmp_path / name
    workbook.save(path)
    return path


def test_errors_workbook_has_no_formula_no_link_and_keeps_long_text(con, settings, tmp_path):
    result = run(con, settings, hostile_households(tmp_path, HOSTILE + [MEDIUM]), dry_run=True)
    assert result.status == "refused" and {e.value for e in result.errors} >= set(HOSTILE + [MEDIUM])
    # a reader stops at Excel's limit: a longer value only comes from elsewhere (a message, a name)
    result = dataclasses.replace(result, errors=[*result.errors, Issue("Quá dài", "Báo cáo", 99, "Thôn", LONG)])
    data = issues_workbook([result], settings)
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert all(cell.hyperlink is None for cell in cells)
    values = [cell.value for cell in cells]
    for value in HOSTILE + [MEDIUM, "=cmd.xlsx"]:
        assert value in values
    cut = [v for v in values if isinstance(v, str) and v.startswith("Thôn bbb")]
    assert len(cut) == 1 and len(cut[0]) == EXCEL_MAX_TEXT
    assert cut[0].startswith(LONG[:30_000]) and "32.767" in cut[0] and "40.005" in cut[0]
    # formula-like text is kept as text with Excel's quote prefix (shown as is, not run when edited)
    quoted = [cell for cell in cells if cell.value == HOSTILE[0]]
    assert quoted and quoted[0].quotePrefix


def test_workbook_xml_has_no_hyperlink_relationship(con, settings, tmp_path):
    """openpyxl could hide a link it does not map: the file itself names no hyperlink."""
    result = run(con, settings, hostile_households(tmp_path, HOSTILE), dry_run=True)
    data = issues_workbook([result], settings)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    assert "<hyperlinks" not in xml and "relationships/hyperlink" not in xml


def test_cli_uploads_csv_neutralises_file_names(empty_db, tmp_path, capsys, settings):
    path = gia_cat_households(tmp_path, name="=cmd.xlsx")
    assert main(["ingest", str(path), "--as-admin", "--db", str(empty_db)]) == 0
    capsys.readouterr()
    assert main(["uploads", "--db", str(empty_db)]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str)
    assert list(table["file_name"]) == ["'=cmd.xlsx"]


def text_cells(path):
    """Keep every cell starting with '=' as text, as a cell typed with Excel's quote prefix is
    stored (openpyxl would otherwise write it as a formula without a value)."""
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    workbook.save(path)
    return path


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_households_refuse_a_formula_like_village(con, settings, tmp_path, name):
    rows = [["UBND XÃ GIA CÁT"], ["DANH SÁCH THÔN VÀ SỐ HỘ GIA ĐÌNH"], [],
            ["TT", "Tên thôn", "Số hộ gia đình"], [1, "Bắc Nga", 120], [2, name, 90]]
    result = run(con, settings, text_cells(write_xlsx(tmp_path / "so_ho.xlsx", rows)))
    assert result.status == "refused"
    refusal = [e for e in result.errors if "công thức" in e.message]
    assert [(e.sheet, e.row, e.column) for e in refusal] == [("Báo cáo", 6, "Tên thôn")], messages(result.errors)
    assert con.execute("SELECT count(*) FROM unit WHERE level = 'village'").fetchone()[0] == 0


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_daily_report_refuses_a_formula_like_commune(con, settings, tmp_path, name):
    rows = [["UBND HUYỆN CAO LỘC"], ["Báo cáo ngày 05/10/2021"], ["TT", "Xã", "CHS mở mới"],
            [1, "Gia Cát", 4], [2, name, 6]]
    result = run(con, settings, text_cells(write_xlsx(tmp_path / "ngay.xlsx", rows)))
    assert result.status == "refused"
    refusal = [e for e in result.errors if "công thức" in e.message]
    assert [(e.row, e.column) for e in refusal] == [(5, "Xã")], messages(result.errors)
    assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 0


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_team_roster_refuses_a_formula_like_person(con, settings, tmp_path, name):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = list(GIA_CAT_TEAMS)
    rows[1] = (2, name, None, "Bắc Nga", None, None)
    result = run(con, settings, text_cells(gia_cat_teams(tmp_path, rows=rows)))
    assert result.status == "refused"
    refusal = [e for e in result.errors if "công thức" in e.message]
    assert [(e.row, e.column) for e in refusal] == [(7, "Họ tên")], messages(result.errors)
    assert con.execute("SELECT count(*) FROM team_member").fetchone()[0] == 0


@pytest.mark.parametrize("name", FORMULA_NAMES)
def test_committee_refuses_a_formula_like_person(con, settings, tmp_path, name):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [
        ["ỦY BAN NHÂN DÂN XÃ GIA CÁT"], ["Số: 45/QĐ-UBND", None, None, "Gia Cát, ngày 10 tháng 8 năm 2021"],
        ["QUYẾT ĐỊNH về việc thành lập Ban chỉ đạo chuyển đổi số trên địa bàn xã Gia Cát"], [],
        ["TT", "Họ và tên", None, "Chức vụ", "Chức vụ BCĐ", "Công việc phụ trách"],
        ["1.", "Ông", "Đoàn Trung Nam", "Chủ tịch UBND xã", "Trưởng ban", "Phụ trách chung"],
        ["2.", "Bà", name, "PBT TT ĐU, CT HĐND xã", "Phó ban", "Điều hành chỉ đạo"],
    ]
    result = run(con, settings, text_cells(write_xlsx(tmp_path / "bcd.xlsx", rows, ["B5:C5"])))
    assert result.status == "refused"
    refusal = [e for e in result.errors if "công thức" in e.message]
    assert [e.row for e in refusal] == [7], messages(result.errors)
    assert con.execute("SELECT count(*) FROM committee_member").fetchone()[0] == 0
