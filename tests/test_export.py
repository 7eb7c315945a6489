"""The shared table writer: official layout, number formats, print settings, CSV, formula neutralisation."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from analytics import texts
from analytics.export import needs_neutralising, neutralise, to_csv, to_xlsx

EVIL = '=HYPERLINK("http://x","y")'


@pytest.fixture()
def table() -> pd.DataFrame:
    return pd.DataFrame({
        "code": ["178", "180", "181"],
        "name": ["Thành phố Lạng Sơn", EVIL, "+Bản @Nà -Lìa"],
        "households": [100, 200, 300],
        "stores": [60, 90, 120],
        "stores_pct": [60.0, 45.0, 40.0],
        "score": [87.25, 70.5, 66.0],
    })


def load(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def find(sheet, value):
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == value:
                return cell
    raise AssertionError(f"{value!r} not in the sheet")


def official(table, settings, **options):
    return to_xlsx(table, title="BẢNG XẾP HẠNG KẾT QUẢ PHÁT TRIỂN KINH TẾ SỐ CÁC HUYỆN, THÀNH PHỐ",
                   settings=settings, as_of=dt.date(2021, 12, 31), official=True, issued=dt.date(2021, 12, 31),
                   percent_columns=["stores_pct"], total_row=True, signatures=True,
                   note="Phương pháp: điểm = tổng có trọng số.", **options)


def test_official_header_block(table, settings):
    sheet = load(official(table, settings))
    assert sheet["A1"].value == "UBND TỈNH LẠNG SƠN"
    assert sheet["A2"].value == "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" and sheet["A2"].font.b
    nation = find(sheet, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = find(sheet, "Độc lập - Tự do - Hạnh phúc")
    assert nation.row == 1 and motto.row == 2 and nation.column > 1 and nation.font.b
    assert find(sheet, "Lạng Sơn, ngày 31 tháng 12 năm 2021").font.i
    title = find(sheet, "BẢNG XẾP HẠNG KẾT QUẢ PHÁT TRIỂN KINH TẾ SỐ CÁC HUYỆN, THÀNH PHỐ")
    assert title.font.b and title.alignment.horizontal == "center"
    assert any(title.coordinate in r for r in sheet.merged_cells.ranges)
    assert find(sheet, "(Số liệu tính đến hết ngày 31/12/2021)").row == title.row + 1
    preparer, signer = find(sheet, "NGƯỜI LẬP BIỂU"), find(sheet, "GIÁM ĐỐC")
    assert preparer.row == signer.row and preparer.column < signer.column
    assert find(sheet, "Phương pháp: điểm = tổng có trọng số.").row < preparer.row


def test_table_headers_formats_and_total(table, settings):
    sheet = load(official(table, settings))
    header = find(sheet, texts.COLUMNS["households"])
    row = header.row
    assert [c.value for c in sheet[row]][:5] == [texts.COLUMNS[k] for k in
                                                 ("code", "name", "households", "stores", "stores_pct")]
    assert sheet.cell(row + 1, 1).value == "178"          # codes stay text
    households = sheet.cell(row + 1, 3)
    assert households.value == 100 and households.number_format == "#,##0"
    pct = sheet.cell(row + 1, 5)
    assert pct.value == pytest.approx(0.60) and pct.number_format == "0.0%"
    assert sheet.cell(row + 1, 6).number_format == "#,##0.00"
    total = find(sheet, texts.EXPORT_TOTAL)
    assert total.row == row + 4 and total.font.b
    assert sheet.cell(total.row, 3).value == 600 and sheet.cell(total.row, 4).value == 270
    assert sheet.cell(total.row, 5).value is None          # a sum of percentages means nothing


def test_total_row_from_mapping(table, settings):
    sheet = load(to_xlsx(table, title="T", settings=settings, percent_columns=["stores_pct"],
                         total_row={"households": 600, "stores": 270, "stores_pct": 45.0, "name": "ignored"}))
    total = find(sheet, texts.EXPORT_TOTAL)
    assert total.column == 2                                   # under the unit names
    assert sheet.cell(total.row, 5).value == pytest.approx(0.45)
    assert sheet.cell(total.row, 1).value is None              # text columns stay blank


def test_print_settings_font_and_frozen_header(table, settings):
    sheet = load(official(table, settings))
    header_row = find(sheet, texts.COLUMNS["households"]).row
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9                       # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1)              # absent means 1 in OOXML
    assert sheet.page_setup.fitToHeight == 0                     # as many pages tall as needed
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
    assert sheet.freeze_panes == f"A{header_row + 1}"
    fonts = {cell.font.name for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert fonts == {"Times New Roman"}


def test_formula_like_text_is_written_as_text(table, settings):
    data = official(table, settings)
    sheet = load(data)
    evil = find(sheet, EVIL)
    assert evil.data_type == "s" and evil.quotePrefix
    assert find(sheet, "+Bản @Nà -Lìa").quotePrefix
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_triggers(text):
    assert needs_neutralising(text)
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_ordinary_text():
    assert neutralise("Bắc Đông II") == "Bắc Đông II"
    assert neutralise("") == ""


def test_csv_has_bom_vietnamese_headers_and_same_figures(table):
    data = to_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype={texts.COLUMNS["code"]: str})
    assert list(frame.columns)[:3] == [texts.COLUMNS["code"], texts.COLUMNS["name"], texts.COLUMNS["households"]]
    assert frame[texts.COLUMNS["households"]].tolist() == [100, 200, 300]
    assert frame[texts.COLUMNS["stores_pct"]].tolist() == [60.0, 45.0, 40.0]
    assert frame[texts.COLUMNS["code"]].tolist() == ["178", "180", "181"]
    names = frame[texts.COLUMNS["name"]].tolist()
    assert names == ["Thành phố Lạng Sơn", "'" + EVIL, "'+Bản @Nà -Lìa"]


def test_plain_export_has_no_official_header(table, settings):
    sheet = load(to_xlsx(table, title="Tiến độ", settings=settings))
    assert sheet["A1"].value == "Tiến độ"
    with pytest.raises(AssertionError):
        find(sheet, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert sheet.page_setup.orientation == "landscape"


def test_missing_values_and_booleans(settings):
    frame = pd.DataFrame({"name": ["A", None], "stores_pct": [None, 12.5], "reached": [True, False]})
    sheet = load(to_xlsx(frame, title="T", settings=settings, percent_columns=["stores_pct"]))
    header = find(sheet, "Đơn vị").row
    assert sheet.cell(header + 1, 2).value is None
    assert sheet.cell(header + 2, 1).value is None
    assert [sheet.cell(header + i, 3).value for i in (1, 2)] == [texts.EXPORT_YES, texts.EXPORT_NO]


def test_unknown_percent_column_is_refused(table, settings):
    with pytest.raises(ValueError):
        to_xlsx(table, title="T", settings=settings, percent_columns=["nope"])


def test_dates_and_times_keep_vietnamese_formats(settings):
    frame = pd.DataFrame({"day": [dt.date(2021, 8, 3), None],
                          "received": [pd.Timestamp("2021-08-03 17:05"), pd.NaT]})
    sheet = load(to_xlsx(frame, title="T", settings=settings))
    header = find(sheet, "day").row
    assert sheet.cell(header + 1, 1).value == dt.datetime(2021, 8, 3)
    assert sheet.cell(header + 1, 1).number_format == "dd/mm/yyyy"
    assert sheet.cell(header + 1, 2).number_format == "dd/mm/yyyy hh:mm"
    assert sheet.cell(header + 2, 1).value is None


def test_empty_table_still_makes_a_document(settings):
    frame = pd.DataFrame({"name": pd.Series([], dtype="str"), "households": pd.Series([], dtype="int64")})
    sheet = load(to_xlsx(frame, title="T", settings=settings, official=True, total_row=True, signatures=True))
    assert find(sheet, texts.COLUMNS["households"]).row + 1 == find(sheet, texts.EXPORT_TOTAL).row
