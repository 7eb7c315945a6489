"""Shapes officers really send: percent columns, duplicated and hidden columns, hidden rows and
sheets, merged name cells, formula cells without a value, serial dates, unit words, stacked tables."""

from __future__ import annotations

import datetime as dt

import openpyxl

from tests.ingest_fixtures import (  # noqa: F401  (con is a fixture)
    con, gia_cat_households, messages, report_values, run, title_block, write_xlsx,
)

D = dt.date
VAN_LINH, HOA_BINH, VAN_AN = "06505", "06508", "06469"


def _workbook(rows, merges=(), formats=None):
    """An openpyxl workbook of one sheet 'Báo cáo' (formats: {cell: number_format})."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Báo cáo"
    for row in rows:
        sheet.append(list(row))
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    return workbook, sheet


def _save(workbook, tmp_path, name="bc.xlsx"):
    path = tmp_path / name
    workbook.save(path)
    return path


def _report_count(con):
    return con.execute("SELECT count(*) FROM report").fetchone()[0]


PCT_HEADER = [["TT", "Xã", "Số hộ", "Cửa hàng số", None, "Tài khoản TTĐT", None],
              [None, None, None, "Lũy kế", "Tỷ lệ (%)", "Lũy kế", "%"]]
PCT_MERGES = ["A6:A7", "B6:B7", "C6:C7", "D6:E6", "F6:G6"]


def test_percent_columns_are_never_counts(con, settings, tmp_path):
    rows = title_block("UBND HUYỆN CHI LĂNG", "BÁO CÁO NGÀY 05/8/2021") + PCT_HEADER + [
        [1, "Vạn Linh", 1500, 150, 10, 300, 20],
        [2, "Hòa Bình", 400, 100, 25, 20, 5],
    ]
    result = run(con, settings, write_xlsx(tmp_path / "tyle.xlsx", rows, PCT_MERGES))
    assert result.status == "accepted", messages(result.errors)
    # The whole-number percentages (10, 25, 20, 5) never replace the counts.
    assert report_values(con, VAN_LINH) == {D(2021, 8, 5): 150.0}
    assert report_values(con, HOA_BINH, "accounts") == {D(2021, 8, 5): 20.0}
    assert not result.warnings or "Tỷ lệ ghi" not in messages(result.warnings)
    table = result.layout[0]
    uses = {c["column"]: (c["use"], c["meaning"]) for c in table["columns"]}
    assert uses["D"] == ("dùng", "Cửa hàng số – lũy kế – số lượng")
    assert uses["E"][0] == "đối chiếu" and "tỷ lệ %" in uses["E"][1]
    assert uses["G"][0] == "đối chiếu"
    assert uses["C"][0] == "đối chiếu"


def test_percent_formatted_fractions_cross_check_and_warn(con, settings, tmp_path):
    rows = title_block("UBND HUYỆN CHI LĂNG", "BÁO CÁO NGÀY 05/8/2021") + PCT_HEADER + [
        [1, "Vạn Linh", 1500, 150, 0.1, 300, 0.2],
        [2, "Hòa Bình", 400, 3, 0.0075, 20, 0.4],
    ]
    workbook, sheet = _workbook(rows, PCT_MERGES)
    for cell in ("E8", "E9", "G8", "G9"):
        sheet[cell].number_format = "0.00%"
    result = run(con, settings, _save(workbook, tmp_path))
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, HOA_BINH) == {D(2021, 8, 5): 3.0}
    # 0,75 % of 400 households is 3 stores: agrees; 40 % of 400 is not 20 accounts: a warning.
    mismatch = [w for w in result.warnings if w.message.startswith("Tỷ lệ ghi")]
    assert [(w.row, w.column) for w in mismatch] == [(9, "Tài khoản TTĐT / %")]
    assert "40" in mismatch[0].message and "5" in mismatch[0].message


def test_percent_text_in_a_count_column_is_refused(con, settings, tmp_path):
    rows = [["TT", "Xã", "Ngày", "Cửa hàng số mở mới"], [1, "Vạn Linh", "05/08/2021", "25%"]]
    result = run(con, settings, write_xlsx(tmp_path / "pt.xlsx", rows))
    assert result.status == "refused"
    assert (result.errors[0].row, result.errors[0].column) == (2, "Cửa hàng số mở mới")
    assert "tỷ lệ" in result.errors[0].message
    assert _report_count(con) == 0


def test_unqualified_count_beside_a_percentage_asks(con, settings, tmp_path):
    header = [["TT", "Xã", "Cửa hàng số", None], [None, None, "Số lượng", "Tỷ lệ (%)"]]
    rows = title_block("UBND HUYỆN CHI LĂNG", "BÁO CÁO NGÀY 05/8/2021") + header + [[1, "Vạn Linh", 150, 10]]
    result = run(con, settings, write_xlsx(tmp_path / "hoi.xlsx", rows, ["A6:A7", "B6:B7", "C6:D6"]))
    assert result.status == "refused"
    assert "Trong ngày" in result.errors[0].message and "Lũy kế" in result.errors[0].message
    assert result.errors[0].column == "Cửa hàng số / Số lượng"
    said = write_xlsx(tmp_path / "hoi2.xlsx", title_block("UBND HUYỆN CHI LĂNG",
                                                          "BÁO CÁO LŨY KẾ ĐẾN NGÀY 05/8/2021") + header
                      + [[1, "Vạn Linh", 150, 10]], ["A6:A7", "B6:B7", "C6:D6"])
    accepted = run(con, settings, said)
    assert accepted.status == "accepted", messages(accepted.errors)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 5): 150.0}


def test_two_columns_with_one_meaning_are_refused(con, settings, tmp_path):
    rows = [["TT", "Xã", "Ngày", "Cửa hàng số", "CHS mở mới (bản cũ)", "Tài khoản TTĐT"],
            [1, "Vạn Linh", "05/08/2021", 26, 20, 3]]
    result = run(con, settings, write_xlsx(tmp_path / "trung.xlsx", rows))
    assert result.status == "refused"
    error = result.errors[0]
    assert "cột D «Cửa hàng số»" in error.message and "cột E «CHS mở mới (bản cũ)»" in error.message
    assert _report_count(con) == 0


def test_hidden_column_rows_and_sheet_are_left_out(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "Ngày", "Cửa hàng số", "Cửa hàng số"],
            [1, "Vạn Linh", "05/08/2021", 26, 99],
            [2, "Hòa Bình", "05/08/2021", 7, 77],
            [3, "Vân An", "05/08/2021", 4, 44]]
    workbook, sheet = _workbook(rows)
    sheet.column_dimensions["E"].hidden = True
    sheet.row_dimensions[4].hidden = True
    stale = workbook.create_sheet("Nháp")
    stale.append(["TT", "Xã", "Ngày", "Cửa hàng số"])
    stale.append([1, "Vạn Linh", "06/08/2021", 500])
    stale.sheet_state = "hidden"
    path = _save(workbook, tmp_path)
    # Included on request: the hidden column is then a second stores column, refused by name.
    included = run(con, settings, path, include_hidden=True, dry_run=True)
    assert included.status == "refused"
    assert "cột E" in messages(included.errors)
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 5): 26.0}
    assert report_values(con, HOA_BINH) == {}
    assert report_values(con, VAN_AN) == {D(2021, 8, 5): 4.0}
    warned = messages(result.warnings)
    assert "hàng 4" in warned and "cột E" in warned and "Trang tính ẩn «Nháp»" in warned
    assert result.layout[0]["hidden_rows"] == [4] and result.layout[0]["hidden_columns"] == ["E"]


def test_vertically_merged_district_and_commune_names(con, settings, tmp_path):
    gia_cat_households(tmp_path)
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [["TT", "Huyện", "Xã", "Thôn", "Ngày", "Cửa hàng số mở mới"],
            [1, "Cao Lộc", "Gia Cát", "Bắc Nga", "05/08/2021", 3],
            [2, None, None, "Liên Hòa", None, 4],
            [3, None, None, "Nà Bó", None, 5]]
    result = run(con, settings, write_xlsx(tmp_path / "gop.xlsx", rows, ["B2:B4", "C2:C4", "E2:E4"]))
    assert result.status == "accepted", messages(result.errors)
    total = con.execute("SELECT sum(value) FROM report_current WHERE report_date = DATE '2021-08-05'").fetchone()[0]
    assert total == 12


def test_a_figure_merged_over_several_rows_is_refused(con, settings, tmp_path):
    rows = [["TT", "Xã", "Ngày", "Cửa hàng số mở mới"],
            [1, "Vạn Linh", "05/08/2021", 10], [2, "Hòa Bình", "05/08/2021", None]]
    result = run(con, settings, write_xlsx(tmp_path / "gopso.xlsx", rows, ["D2:D3"]))
    assert result.status == "refused"
    assert "D2:D3" in result.errors[0].message
    assert _report_count(con) == 0


def test_formula_without_a_value_needed_or_only_checked(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "Ngày", "Cửa hàng số trong ngày", "Cửa hàng số lũy kế"],
            [1, "Vạn Linh", "05/08/2021", 26, "=D3"],
            [2, "Hòa Bình", "05/08/2021", 3, "=D4"],
            [None, "Cộng", None, "=SUM(D3:D4)", "=SUM(E3:E4)"]]
    result = run(con, settings, write_xlsx(tmp_path / "ct.xlsx", rows))
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 5): 26.0}
    assert "E3, E4" in messages(result.warnings) and "D5" in messages(result.warnings)
    needed = [["TT", "Xã", "Ngày", "Cửa hàng số mở mới"], [1, "Vân An", "05/08/2021", "=1+1"]]
    refused = run(con, settings, write_xlsx(tmp_path / "ct2.xlsx", needed))
    assert refused.status == "refused"
    assert "D2" in refused.errors[0].message and "Excel" in refused.errors[0].message
    assert report_values(con, VAN_AN) == {}


def test_excel_serial_dates_and_unit_words(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "Ngày", "Cửa hàng số mở mới"],
            [1, "Vạn Linh", 44421, "26 hộ"], [2, "Hòa Bình", 44421, "12 cửa hàng"]]
    result = run(con, settings, write_xlsx(tmp_path / "so.xlsx", rows))
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 13): 26.0}
    assert report_values(con, HOA_BINH) == {D(2021, 8, 13): 12.0}
    outside = [["TT", "Xã", "Ngày", "Cửa hàng số mở mới"], [1, "Vạn Linh", 44000, 1],
               [2, "Vân An", 44421, "1,5 triệu"]]
    refused = run(con, settings, write_xlsx(tmp_path / "so2.xlsx", outside))
    assert refused.status == "refused"
    found = {(e.row, e.column) for e in refused.errors}
    assert (2, "Ngày") in found and (3, "Cửa hàng số mở mới") in found
    assert "Số 44000 đọc như ngày 18/06/2020" in messages(refused.errors)


def test_stacked_tables_each_with_its_header(con, settings, tmp_path):
    header = ["TT", "Thôn", "Cửa hàng số mở mới"]
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [["UBND HUYỆN CAO LỘC"], ["BÁO CÁO NGÀY 05/8/2021"], [],
            ["1. Xã Gia Cát"], header, [1, "Bắc Nga", 3], [2, "Nà Bó", 4], [None, "Cộng", 7], [],
            ["2. Xã Gia Cát (bản sao)"]]
    # The second heading names no known commune: its table must not fall back to the first one's.
    bad = run(con, settings, write_xlsx(tmp_path / "chong_bad.xlsx", rows + [header, [1, "Bắc Nga", 9]]), dry_run=True)
    assert bad.status == "refused"
    rows = rows[:-1] + [["2. Xã Gia Cát"], header, [1, "Liên Hòa", 5], [None, "Cộng", 5]]
    result = run(con, settings, write_xlsx(tmp_path / "chong.xlsx", rows))
    assert result.status == "accepted", messages(result.errors)
    total = con.execute("SELECT sum(value) FROM report_current WHERE report_date = DATE '2021-08-05'").fetchone()[0]
    assert total == 12
    assert not any("Tổng" in w.message or "tổng" in w.message for w in result.warnings)


def test_stacked_sections_under_one_header(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO NGÀY 05/8/2021"], [],
            ["TT", "Đơn vị", "Cửa hàng số mở mới"],
            ["1. Xã Vạn Linh"], [1, "Vạn Linh", 26], [None, "Cộng", 26],
            ["2. Xã Hòa Bình"], [1, "Hòa Bình", 3], [None, "Cộng", 3]]
    result = run(con, settings, write_xlsx(tmp_path / "muc.xlsx", rows, ["A5:C5", "A8:C8"]))
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 5): 26.0}
    assert report_values(con, HOA_BINH) == {D(2021, 8, 5): 3.0}
    assert not any("Tổng" in w.message for w in result.warnings), messages(result.warnings)


def test_targets_in_percent_cells_in_households_and_unknown_units(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["GIAO CHỈ TIÊU NĂM 2021"], [],
            ["TT", "Xã", "Chỉ tiêu CHS", "Chỉ tiêu TK TTĐT (hộ)"],
            [1, "Vạn Linh", 0.6, 750], [2, "Hòa Bình", 0.55, 200]]
    workbook, sheet = _workbook(rows, formats={"C5": "0%", "C6": "0%"})
    result = run(con, settings, _save(workbook, tmp_path, "ct.xlsx"))
    assert result.status == "accepted", messages(result.errors)
    targets = {(t[0], t[1]): (t[2], t[3]) for t in con.execute(
        "SELECT unit_code, indicator, value, unit_of_measure FROM target_current").fetchall()}
    assert targets[(VAN_LINH, "stores")] == (60.0, "pct")
    assert targets[(HOA_BINH, "stores")] == (55.0, "pct")
    assert targets[(VAN_LINH, "accounts")] == (750.0, "count")
    unknown = [["UBND HUYỆN CHI LĂNG"], ["GIAO CHỈ TIÊU NĂM 2021"], [],
               ["TT", "Xã", "Chỉ tiêu cửa hàng số"], [1, "Vân An", 60]]
    path = write_xlsx(tmp_path / "ct2.xlsx", unknown)
    refused = run(con, settings, path, dry_run=True)
    assert refused.status == "refused"
    assert refused.errors[0].column == "Chỉ tiêu cửa hàng số" and "(hộ)" in refused.errors[0].message
    chosen = run(con, settings, path, target_unit="households")
    assert chosen.status == "accepted", messages(chosen.errors)
    assert con.execute("SELECT value, unit_of_measure FROM target_current WHERE unit_code = ?",
                       [VAN_AN]).fetchone() == (60.0, "count")


def test_unit_word_of_another_indicator_and_money_in_millions(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "Ngày", "Cửa hàng số mở mới", "Tài khoản TTĐT"],
            [1, "Vạn Linh", "05/08/2021", "12 tài khoản", "12 tài khoản"]]
    refused = run(con, settings, write_xlsx(tmp_path / "dv.xlsx", rows))
    assert [(e.row, e.column) for e in refused.errors] == [(3, "Cửa hàng số mở mới")]
    viettel = [["VIETTEL POST CHI NHÁNH LẠNG SƠN"], ["BÁO CÁO NGÀY 05/8/2021"], [],
               ["TT", "Xã", "Số đơn hàng", "Doanh số (triệu đồng)"], [1, "Vạn Linh", 3, "1,5"]]
    result = run(con, settings, write_xlsx(tmp_path / "vtp.xlsx", viettel))
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, VAN_LINH, "revenue", "viettel") == {D(2021, 8, 5): 1_500_000.0}
    meaning = {c["column"]: c["meaning"] for c in result.layout[0]["columns"]}
    assert "nhân 1.000.000" in meaning["D"]


def test_wide_layout_with_serial_number_dates_as_headers(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["SỐ CỬA HÀNG SỐ MỞ MỚI THEO NGÀY"], [],
            ["TT", "Xã", 44410, 44411], [1, "Vạn Linh", 2, 3], [2, "Vân An", 1, 0]]
    result = run(con, settings, write_xlsx(tmp_path / "ngang_so.xlsx", rows))
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 2): 2.0, D(2021, 8, 3): 3.0}


def test_chosen_district_that_contradicts_the_title_is_refused(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO NGÀY 05/8/2021"], [],
            ["TT", "Xã", "Cửa hàng số mở mới"], [1, "Hòa Bình", 3]]
    path = write_xlsx(tmp_path / "chon.xlsx", rows)
    refused = run(con, settings, path, district="Hữu Lũng", dry_run=True)
    assert refused.status == "refused"
    assert "Huyện Chi Lăng" in refused.errors[0].message and "Huyện Hữu Lũng" in refused.errors[0].message
    assert run(con, settings, path, district="Chi Lăng").status == "accepted"
    assert report_values(con, HOA_BINH) == {D(2021, 8, 5): 3.0}


def test_counts_under_an_up_to_title_are_asked_about(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["KẾT QUẢ TRIỂN KHAI ĐẾN NGÀY 05/8/2021"], [],
            ["TT", "Xã", "Số hộ có cửa hàng số"], [1, "Vạn Linh", 127]]
    path = write_xlsx(tmp_path / "den_ngay.xlsx", rows)
    refused = run(con, settings, path, dry_run=True)
    assert refused.status == "refused"
    assert "«Số liệu trong các cột»" in refused.errors[0].message and refused.errors[0].column == "Số hộ có cửa hàng số"
    accepted = run(con, settings, path, values="cumulative")
    assert accepted.status == "accepted", messages(accepted.errors)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 5): 127.0}


def test_a_period_without_days_is_refused(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO SỐ CỬA HÀNG SỐ MỞ MỚI TỪ NGÀY 01/8 ĐẾN NGÀY 05/8/2021"], [],
            ["TT", "Xã", "Cửa hàng số mở mới"], [1, "Vạn Linh", 30]]
    refused = run(con, settings, write_xlsx(tmp_path / "ky.xlsx", rows))
    assert refused.status == "refused"
    assert "từ ngày … đến ngày" in refused.errors[0].message
    assert _report_count(con) == 0


def test_a_day_figure_that_looks_like_a_running_total_is_a_warning(con, settings, tmp_path):
    first = [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO NGÀY 04/8/2021"], [], ["TT", "Xã", "Cửa hàng số"], [1, "Vạn Linh", 101]]
    assert run(con, settings, write_xlsx(tmp_path / "a.xlsx", first)).status == "accepted"
    second = [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO NGÀY 05/8/2021"], [], ["TT", "Xã", "Cửa hàng số"], [1, "Vạn Linh", 127]]
    result = run(con, settings, write_xlsx(tmp_path / "b.xlsx", second), dry_run=True)
    assert result.status == "dry_run"
    assert [(w.row, w.value) for w in result.warnings if "có thể đây là số lũy kế" in w.message] == [(5, "127")]
    explicit = [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO NGÀY 05/8/2021"], [], ["TT", "Xã", "CHS mở mới"], [1, "Vạn Linh", 127]]
    quiet = run(con, settings, write_xlsx(tmp_path / "c.xlsx", explicit), dry_run=True)
    assert not [w for w in quiet.warnings if "có thể đây là số lũy kế" in w.message]


def test_a_merged_label_anchored_in_a_hidden_column_still_names_the_visible_one(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO NGÀY 05/8/2021"], [],
            ["TT", "Xã", "Cửa hàng số", None], [None, None, "Bản cũ", "Mở mới"], [1, "Vạn Linh", 99, 26]]
    workbook, sheet = _workbook(rows, ["A4:A5", "B4:B5", "C4:D4"])
    sheet.column_dimensions["C"].hidden = True
    result = run(con, settings, _save(workbook, tmp_path))
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 5): 26.0}
    assert result.layout[0]["hidden_columns"] == ["C"]


def test_a_grand_total_above_the_rows_and_none_written_as_a_word(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO NGÀY 05/8/2021"], [],
            ["TT", "Xã", "Cửa hàng số mở mới"], [None, "TỔNG CỘNG", 29],
            [1, "Vạn Linh", 26], [2, "Hòa Bình", 3], [3, "Vân An", "Không"]]
    result = run(con, settings, write_xlsx(tmp_path / "tong.xlsx", rows))
    assert result.status == "accepted", messages(result.errors)
    assert not [w for w in result.warnings if "Tổng" in w.message or "tổng" in w.message], messages(result.warnings)
    assert report_values(con, VAN_AN) == {D(2021, 8, 5): 0.0}
    wrong = rows[:4] + [[None, "TỔNG CỘNG", 40]] + rows[5:]
    warned = run(con, settings, write_xlsx(tmp_path / "tong2.xlsx", wrong), dry_run=True)
    assert [w.row for w in warned.warnings if "40" in w.message] == [5]
