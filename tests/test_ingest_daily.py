"""Daily reports of communes and districts: shapes, numbers, refusals, increments, undo."""

from __future__ import annotations

import datetime as dt

from analytics.ingest import list_uploads, undo_upload
from tests.ingest_fixtures import (  # noqa: F401  (con is a fixture)
    TESTER, con, gia_cat_households, messages, nfd, report_values, run, title_block, write_xlsx,
)

D = dt.date
HEADER_2 = [["TT", "Đơn vị", "Cửa hàng số", None, "Tài khoản TTĐT", None],
            [None, None, "Trong ngày", "Lũy kế", "Trong ngày", "Lũy kế"]]
MERGES_2 = ["A6:A7", "B6:B7", "C6:D6", "E6:F6"]


def chi_lang_report(tmp_path, rows, name="bc_chi_lang.xlsx", line="BÁO CÁO KẾT QUẢ NGÀY 05/8/2021"):
    return write_xlsx(tmp_path / name, title_block("UBND HUYỆN CHI LĂNG", line) + HEADER_2 + rows, MERGES_2)


def test_title_block_merged_header_roman_groups_and_text_numbers(con, settings, tmp_path):
    path = chi_lang_report(tmp_path, [
        ["I", "Khu vực 1", 35, 35, 30, 30],
        [1, "Xã Vạn Linh", 26, 26, "20", 20],
        [2, "Xã Hòa Bình", "9", 9, 10, 10],
        [None, "Tổng cộng", 35, 35, 30, 30],
        [],
        [None, "Người lập biểu", None, "KT. CHỦ TỊCH"],
    ])
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    assert result.kind == "daily" and result.rows == 4
    assert report_values(con, "06505") == {D(2021, 8, 5): 26.0}
    assert report_values(con, "06508", "accounts") == {D(2021, 8, 5): 10.0}
    # Group and total rows are subtotals: the province total is the detail rows only.
    assert con.execute("SELECT sum(value) FROM report_current WHERE indicator = 'stores'").fetchone()[0] == 35
    received = con.execute("SELECT DISTINCT received_at FROM report").fetchall()
    assert received == [(dt.datetime(2021, 12, 31, 18, 0),)]


def test_subtotal_mismatch_is_a_warning(con, settings, tmp_path):
    path = chi_lang_report(tmp_path, [
        ["I", "Huyện Chi Lăng", 40, 40, 30, 30],
        [1, "Vạn Linh", 26, 26, 20, 20],
        [2, "Hòa Bình", 9, 9, 10, 10],
    ])
    result = run(con, settings, path)
    assert result.status == "accepted"
    warning = next(w for w in result.warnings if "nhóm" in w.message)
    assert (warning.row, warning.column, warning.value) == (8, "Cửa hàng số / Trong ngày", "40")
    assert "35" in warning.message


def test_daily_checked_against_cumulative(con, settings, tmp_path):
    # With earlier data for the unit a disagreeing cumulative is a warning (with none it would be
    # an opening balance: tests/test_ingest_granularity.py).
    earlier = chi_lang_report(tmp_path, [[1, "Vạn Linh", 10, 10, 5, 5]], name="bc_0408.xlsx",
                              line="BÁO CÁO KẾT QUẢ NGÀY 04/8/2021")
    assert run(con, settings, earlier).status == "accepted"
    path = chi_lang_report(tmp_path, [[1, "Vạn Linh", 26, 30, 20, 25]])
    result = run(con, settings, path)
    assert result.status == "accepted"
    warning = next(w for w in result.warnings if w.column == "Cửa hàng số / Lũy kế")
    assert warning.row == 8 and "36" in warning.message
    assert not [w for w in result.warnings if w.column == "Tài khoản TTĐT / Lũy kế"]
    assert report_values(con, "06505") == {D(2021, 8, 4): 10.0, D(2021, 8, 5): 26.0}


def test_ambiguous_commune_needs_district(con, settings, tmp_path):
    rows = [["TT", "Xã", "Ngày", "CHS mở mới"], [1, "Hòa Bình", "05/08/2021", 4]]
    path = write_xlsx(tmp_path / "khong_huyen.xlsx", [["BÁO CÁO TIẾN ĐỘ"], []] + rows)
    refused = run(con, settings, path)
    assert refused.status == "refused"
    error = refused.errors[0]
    assert (error.sheet, error.row, error.column, error.value) == ("Báo cáo", 4, "Xã", "Hòa Bình")
    assert "Chi Lăng" in error.message and "Hữu Lũng" in error.message
    assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 0
    audit = list_uploads(con)
    assert list(audit["status"]) == ["refused"] and audit["errors"].iloc[0] == 1
    accepted = run(con, settings, path, district="Hữu Lũng")
    assert accepted.status == "accepted"
    assert report_values(con, "06397") == {D(2021, 8, 5): 4.0}


def test_district_column_nfd_and_no_diacritics(con, settings, tmp_path):
    rows = [["STT", "Huyện", "Xã/Phường/Thị trấn", "Ngày báo cáo", "Số CHS", "TK TTĐT"],
            [1, nfd("Chi Lăng"), nfd("Hòa Bình"), D(2021, 8, 5), 3, 2],
            [2, "huu lung", "HOA BINH", "05/08/2021", "1.200", "320"],
            [3, "Chi Lang", "Thi tran Chi Lang", "5/8/2021", 1, 1],
            [4, "Chi Lăng", "Xã Chi Lăng", "05-08-2021", 2, 2]]
    path = write_xlsx(tmp_path / "dai.xlsx", rows)
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, "06508") == {D(2021, 8, 5): 3.0}
    assert report_values(con, "06397") == {D(2021, 8, 5): 1200.0}
    assert report_values(con, "06466") == {D(2021, 8, 5): 1.0}
    assert report_values(con, "06523") == {D(2021, 8, 5): 2.0}


def test_refusals_list_every_problem_with_row_and_column(con, settings, tmp_path):
    rows = [["TT", "Huyện", "Xã", "Ngày", "Cửa hàng số", "Tài khoản TTĐT"],
            [1, "Chi Lăng", "Vạn Linh", "05/08/2021", "mười", 2],
            [2, "Chi Lăng", "Vân An", "05/08/2021", -3, 2],
            [3, "Chi Lăng", "Vạn Lình Xyz", "05/08/2021", 1, 1],
            [4, "Chi Lăng", "Gia Lộc", "01/07/2021", 1, 1],
            [5, "Chi Lăng", "Mai Sao", "05/01/2022", 1, 1],
            [6, "Chi Lăng", "Mai Sao", "06/08/2021", 1, 1],
            [7, "Chi Lăng", "Mai Sao", "06/08/2021", 2, 1],
            [8, "Chi Lăng", "Bắc Thủy", "05/08/2021", "2,5", 1]]
    path = write_xlsx(tmp_path / "loi.xlsx", rows)
    result = run(con, settings, path)
    assert result.status == "refused"
    found = {(e.row, e.column, e.value) for e in result.errors}
    assert (2, "Cửa hàng số", "mười") in found            # text where a number belongs
    assert (3, "Cửa hàng số", "-3") in found              # negative
    assert (4, "Xã", "Vạn Lình Xyz") in found             # unknown, with suggestions
    assert (5, "Ngày", "01/07/2021") in found             # before the campaign
    assert (6, "Ngày", "05/01/2022") in found             # after today
    assert (8, "Cửa hàng số", "2") in found               # the same unit and day twice
    assert (9, "Cửa hàng số", "2,5") in found             # half a store
    unknown = next(e for e in result.errors if e.row == 4)
    assert "Vạn Linh" in unknown.message
    assert all(e.sheet == "Báo cáo" and e.message for e in result.errors)
    assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM upload_issue WHERE severity = 'error'").fetchone()[0] == len(result.errors)


def test_wide_layout_with_dates_as_headers(con, settings, tmp_path):
    rows = [["UBND HUYỆN CHI LĂNG"], ["SỐ CỬA HÀNG SỐ MỞ MỚI THEO NGÀY"], [],
            ["TT", "Xã", D(2021, 8, 2), "03/08/2021", "04/8"],
            [1, "Vạn Linh", 2, 0, 26], [2, "Vân An", 1, "", "3"]]
    path = write_xlsx(tmp_path / "ngang.xlsx", rows)
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, "06505") == {D(2021, 8, 2): 2.0, D(2021, 8, 3): 0.0, D(2021, 8, 4): 26.0}
    assert report_values(con, "06469") == {D(2021, 8, 2): 1.0, D(2021, 8, 4): 3.0}


def test_cumulative_only_becomes_increments(con, settings, tmp_path):
    first = write_xlsx(tmp_path / "lk1.xlsx", [["UBND HUYỆN CHI LĂNG"], ["Ngày 03/8/2021"], [],
                                              ["TT", "Xã", "Lũy kế CHS", "Lũy kế TK TTĐT"], [1, "Vạn Linh", 100, 90]])
    assert run(con, settings, first).status == "accepted"
    rows = [["TT", "Xã", "Ngày", "Cửa hàng số lũy kế"],
            [1, "Vạn Linh", "04/08/2021", 126], [2, "Vạn Linh", "05/08/2021", 140], [3, "Vạn Linh", "06/08/2021", 139]]
    second = run(con, settings, write_xlsx(tmp_path / "lk2.xlsx", [["UBND HUYỆN CHI LĂNG"]] + rows))
    assert second.status == "accepted"
    assert report_values(con, "06505") == {D(2021, 8, 3): 100.0, D(2021, 8, 4): 26.0, D(2021, 8, 5): 14.0,
                                           D(2021, 8, 6): -1.0}
    down = [w for w in second.warnings if "giảm" in w.message]
    assert [(w.row, w.column, w.value) for w in down] == [(5, "Cửa hàng số lũy kế", "139")]


def test_replacement_idempotence_and_undo(con, settings, tmp_path):
    original = chi_lang_report(tmp_path, [[1, "Vạn Linh", 20, 20, 10, 10]], name="v1.xlsx")
    corrected = chi_lang_report(tmp_path, [[1, "Vạn Linh", 26, 26, 12, 12]], name="v2.xlsx")
    first = run(con, settings, original)
    assert first.status == "accepted"
    again = run(con, settings, original)
    assert (again.status, again.upload_id) == ("already_imported", first.upload_id)
    assert con.execute("SELECT count(*) FROM upload").fetchone()[0] == 1
    preview = run(con, settings, corrected, dry_run=True)
    assert preview.status == "dry_run"
    row = preview.preview[preview.preview["Chỉ tiêu"] == "Cửa hàng số"].iloc[0]
    assert (row["Cũ"], row["Mới"], row["Thay đổi"]) == (20.0, 26.0, "thay thế")
    assert report_values(con, "06505") == {D(2021, 8, 5): 20.0}
    second = run(con, settings, corrected)
    assert second.status == "accepted"
    assert report_values(con, "06505") == {D(2021, 8, 5): 26.0}
    # both uploads are kept, each with its day's counts and running totals as stated
    assert con.execute("SELECT count(*) FROM report WHERE unit_code = '06505'").fetchone()[0] == 8
    version = con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0]
    undo_upload(con, second.upload_id, TESTER)
    assert report_values(con, "06505") == {D(2021, 8, 5): 20.0}
    assert con.execute("SELECT value FROM meta WHERE key = 'data_version'").fetchone()[0] != version
    import pytest

    from analytics.ingest import UndoError
    with pytest.raises(UndoError, match="đã được hoàn tác"):
        undo_upload(con, second.upload_id, TESTER)
    undo_upload(con, first.upload_id, TESTER)
    assert report_values(con, "06505") == {}
    # An undone file may come in again.
    assert run(con, settings, original).status == "accepted"


def test_cumulative_above_households_is_refused(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [["TT", "Thôn", "Ngày", "Cửa hàng số", "Tài khoản TTĐT"],
            [1, "Bắc Nga", "05/10/2021", 100, 10], [2, "Bắc Nga", "06/10/2021", 30, 10],
            [3, "Nà Bó", "06/10/2021", 5, 5]]
    path = write_xlsx(tmp_path / "thon.xlsx", [["UBND XÃ GIA CÁT"], []] + rows)
    result = run(con, settings, path)
    assert result.status == "refused"
    error = result.errors[0]
    assert (error.row, error.column) == (5, "Cửa hàng số") and "120" in error.message


def test_date_from_the_user_when_the_file_has_none(con, settings, tmp_path):
    rows = [["TT", "Xã", "CHS", "TK TTĐT"], [1, "Vạn Linh", 3, 3]]
    path = write_xlsx(tmp_path / "khong_ngay.xlsx", [["UBND HUYỆN CHI LĂNG"]] + rows)
    refused = run(con, settings, path)
    assert refused.status == "refused" and "«Nhập ngày báo cáo»" in refused.errors[0].message
    accepted = run(con, settings, path, report_date=D(2021, 8, 7))
    assert accepted.status == "accepted"
    assert report_values(con, "06505") == {D(2021, 8, 7): 3.0}


def test_several_sheets_and_sending_time(con, settings, tmp_path):
    sheet = [["TT", "Xã", "Ngày", "CHS mở mới", "Thời gian gửi"]]
    path = write_xlsx(tmp_path / "nhieu_trang.xlsx", {
        "Chi Lăng": [["UBND HUYỆN CHI LĂNG"]] + sheet + [[1, "Vạn Linh", "05/08/2021", 2, "16:30"]],
        "Hữu Lũng": [["UBND HUYỆN HỮU LŨNG"]] + sheet + [[1, "Hòa Bình", "05/08/2021", 5, "05/08/2021 17:45"]],
    })
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    sent = dict(con.execute("SELECT unit_code, received_at FROM report").fetchall())
    assert sent == {"06505": dt.datetime(2021, 8, 5, 16, 30), "06397": dt.datetime(2021, 8, 5, 17, 45)}


def test_village_level_daily_report(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [["TT", "Thôn", "CHS mở mới"], [1, "Bac Dong I", 4], [2, "Bắc Đông II", 6]]
    path = write_xlsx(tmp_path / "thon.xlsx", [["UBND XÃ GIA CÁT"], ["Báo cáo ngày 05/10/2021"]] + rows)
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    codes = dict(con.execute("SELECT short_name, code FROM unit WHERE level = 'village'").fetchall())
    assert report_values(con, codes["Bắc Đông I"]) == {D(2021, 10, 5): 4.0}
    assert report_values(con, codes["Bắc Đông II"]) == {D(2021, 10, 5): 6.0}
