"""Safe reading: what is not a workbook, damaged, encrypted, too big, a zip bomb or an XML attack
is refused with a Vietnamese reason, and only the audit row is written."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from analytics.ingest import list_uploads, upload_issues
from analytics.ingest.headers import classify
from analytics.ingest.reading import WorkbookRefused, check_container, read_workbook
from analytics.ingest.values import NotANumber, parse_date, parse_number
from tests.conftest import ROOT
from tests.hostile_files import CORNERS, MILLION_ROWS, TEN_THOUSAND_COLUMNS, hostile_xlsx
from tests.ingest_fixtures import con, run, write_xlsx  # noqa: F401

LIMIT = 20_000_000


def _xlsx_bytes(tmp_path) -> bytes:
    return write_xlsx(tmp_path / "ok.xlsx", [["TT", "Xã", "CHS"], [1, "Vạn Linh", 2]]).read_bytes()


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
    return out.getvalue()


@pytest.mark.parametrize("text, number", [
    ("4.250.000", 4_250_000), ("320,5", 320.5), ("1.500", 1500), ("12", 12), (" 7 ", 7), ("-", 0),
    ("4,250,000", 4_250_000), ("50%", 50), (3.0, 3), ("1.234.567,5", 1_234_567.5),
])
def test_vietnamese_numbers(text, number):
    assert parse_number(text) == number


def test_text_is_not_a_number():
    with pytest.raises(NotANumber):
        parse_number("mười hai")
    assert parse_number("") is None and parse_number(None) is None


def test_dates():
    import datetime as dt

    assert parse_date("05/08/2021") == dt.date(2021, 8, 5)
    assert parse_date("5/8", 2021) == dt.date(2021, 8, 5)
    assert parse_date("ngày 05 tháng 8 năm 2021") == dt.date(2021, 8, 5)
    assert parse_date("31/02/2021") is None


@pytest.mark.parametrize("header, field", [
    ("Xã", "commune"), ("Tên xã", "commune"), ("Xã/Phường/Thị trấn", "commune"), ("Đơn vị", "unit"),
    ("Cửa hàng số", "stores"), ("Số CHS", "stores"), ("CHS mở mới", "stores"), ("cua hang so", "stores"),
    ("Tài khoản thanh toán điện tử", "accounts"), ("TK TTĐT", "accounts"), ("Ngày", "date"),
    ("Ngày báo cáo", "date"), ("Số hộ có cửa hàng số", "stores"), ("Số hộ", "households"),
    ("Phụ trách thôn", "villages_in_charge"), ("Chức vụ BCĐ", "committee_role"), ("Chức vụ", "position"),
    ("UBND HUYỆN CHI LĂNG", None), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", None),
])
def test_header_synonyms(header, field):
    assert classify(header).field == field
    assert classify(header.upper()).field == field


def test_cumulative_header():
    assert classify("Cửa hàng số / Lũy kế").cumulative
    assert not classify("Cửa hàng số / Trong ngày").cumulative


def test_not_excel_damaged_encrypted(tmp_path):
    with pytest.raises(WorkbookRefused, match="không phải tệp Excel"):
        check_container(b"TT;Xa;CHS\n1;Van Linh;2\n", LIMIT)
    with pytest.raises(WorkbookRefused, match="hỏng"):
        check_container(_xlsx_bytes(tmp_path)[:3000], LIMIT)
    encrypted = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64
    with pytest.raises(WorkbookRefused, match="mật khẩu"):
        check_container(encrypted, LIMIT)


def test_size_limit(tmp_path):
    data = _xlsx_bytes(tmp_path)
    with pytest.raises(WorkbookRefused, match="vượt giới hạn"):
        check_container(data, len(data) - 1)


def test_zip_bomb(tmp_path):
    bomb = _rezip(_xlsx_bytes(tmp_path), {"xl/worksheets/sheet1.xml": b"<a>" + b" " * 60_000_000 + b"</a>"})
    assert len(bomb) < 1_000_000
    with pytest.raises(WorkbookRefused, match="bom nén"):
        check_container(bomb, LIMIT)


def test_entity_expansion(tmp_path):
    billion_laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                      b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                      b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1">'
                      b'<si><t>&lol2;</t></si></sst>')
    data = _xlsx_bytes(tmp_path)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    part = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in names else "xl/workbook.xml"
    with pytest.raises(WorkbookRefused, match="DOCTYPE"):
        read_workbook(_rezip(data, {part: billion_laughs}), LIMIT)


def test_refused_file_writes_only_its_audit(con, settings, tmp_path):  # noqa: F811
    path = tmp_path / "bao_cao.xlsx"
    path.write_bytes(b"<html>not a workbook</html>")
    version = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
    result = run(con, settings, path)
    assert result.status == "refused" and result.upload_id
    uploads = list_uploads(con)
    assert list(uploads["status"]) == ["refused"] and uploads["rows"].iloc[0] == 0
    issues = upload_issues(con, result.upload_id)
    assert list(issues["severity"]) == ["error"] and "Excel" in issues["message"].iloc[0]
    assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 0
    assert con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0] != version


def test_no_data_rows_and_missing_columns(con, settings, tmp_path):  # noqa: F811
    empty = write_xlsx(tmp_path / "trong.xlsx", [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "Ngày", "CHS"]])
    result = run(con, settings, empty)
    assert result.status == "refused" and "không có dòng số liệu" in result.errors[0].message.lower()
    no_table = write_xlsx(tmp_path / "van_ban.xlsx", [["Kính gửi Sở TT&TT"], ["Nội dung báo cáo..."]])
    assert "Không tìm thấy bảng" in run(con, settings, no_table).errors[0].message


@pytest.mark.parametrize("cells", [CORNERS, TEN_THOUSAND_COLUMNS, MILLION_ROWS])
def test_a_sheet_larger_than_any_report_is_refused_before_it_is_read(empty_db, tmp_path, cells):
    import subprocess
    import sys

    path = hostile_xlsx(tmp_path / "lon.xlsx", cells)
    assert path.stat().st_size < 20_000
    # In a child process: were the check missing, the reader would take the process down.
    done = subprocess.run([sys.executable, "-m", "analytics", "ingest", str(path), "--dry-run", "--json",
                           "--db", str(empty_db)], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 1, done.stderr
    error = json.loads(done.stdout)["errors"][0]["message"]
    assert "Trang tính «Báo cáo»" in error and "vượt giới hạn" in error and "1.000 cột" in error
