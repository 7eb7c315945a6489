"""Village detail against commune totals of the same day, and opening balances: every figure
counts once, and nothing is dropped quietly."""

from __future__ import annotations

import datetime as dt

from analytics.access import operator
from analytics.coverage import coverage, cumulative_series
from analytics.discipline import report_days
from analytics.ingest import undo_upload
from tests.ingest_fixtures import (  # noqa: F401  (con is a fixture)
    TESTER, con, gia_cat_households, messages, report_values, run, title_block, write_xlsx,
)

ADMIN = operator("tests")

D = dt.date
GIA_CAT = "06235"
CAO_LOC = "183"
VAN_LINH = "06505"
CHANGE = "Thay đổi"


def village_report(tmp_path, rows, day="05/10/2021", name="thon_gia_cat.xlsx"):
    """Gia Cát's own report, one row per village: (village, new stores)."""
    body = [["TT", "Thôn", "CHS mở mới"]] + [[i, village, value] for i, (village, value) in enumerate(rows, 1)]
    return write_xlsx(tmp_path / name, [["UBND XÃ GIA CÁT"], [f"Báo cáo ngày {day}"]] + body)


def commune_report(tmp_path, rows, name="cao_loc.xlsx"):
    """Cao Lộc's compilation, one row per commune and day: (day, new stores)."""
    body = [["TT", "Xã", "Ngày", "CHS mở mới"]]
    body += [[i, "Gia Cát", day, value] for i, (day, value) in enumerate(rows, 1)]
    return write_xlsx(tmp_path / name, [["UBND HUYỆN CAO LỘC"], ["TỔNG HỢP BÁO CÁO"], []] + body)


def gia_cat_stores(con, settings, as_of=D(2021, 10, 31)) -> int:
    row = coverage(con, settings, "commune", as_of, district=CAO_LOC, actor=ADMIN).set_index("code").loc[GIA_CAT]
    return int(row["stores"])


def test_village_detail_then_commune_total_counts_once(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    villages = run(con, settings, village_report(tmp_path, [("Bắc Nga", 4), ("Liên Hòa", 6)]))
    assert villages.status == "accepted", messages(villages.errors)
    total = commune_report(tmp_path, [("05/10/2021", 12)])
    preview = run(con, settings, total, dry_run=True)
    assert preview.status == "dry_run", messages(preview.errors)
    assert list(preview.preview[CHANGE]) == ["đã có số liệu chi tiết theo thôn"]
    assert (preview.summary["superseded"], preview.summary["added"]) == (1, 0)
    warning = next(w for w in preview.warnings if "cộng các thôn" in w.message)
    assert (warning.row, warning.column, warning.value) == (5, "CHS mở mới", "12")
    assert "Gia Cát" in warning.message and "05/10/2021" in warning.message
    assert "ghi 12" in warning.message and "được 10" in warning.message
    assert run(con, settings, total).status == "accepted"
    # The commune total is kept (audit, cross-check) but the figures take the villages' 10, not 22.
    assert report_values(con, GIA_CAT) == {D(2021, 10, 5): 12.0}
    assert gia_cat_stores(con, settings) == 10
    series = cumulative_series(con, D(2021, 10, 4), D(2021, 10, 6), commune=GIA_CAT, actor=ADMIN)
    assert list(series["stores"]) == [0, 10, 10]
    province = coverage(con, settings, "province", D(2021, 10, 31), actor=ADMIN).iloc[0]
    assert province["stores"] == 10
    # Discipline still sees the commune's report of that day.
    days = report_days(con, settings, D(2021, 10, 5), D(2021, 10, 5), commune=GIA_CAT)
    assert list(days["status"]) != ["missing"]


def test_commune_total_then_village_detail_and_undo(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    assert run(con, settings, commune_report(tmp_path, [("05/10/2021", 10), ("06/10/2021", 3)])).status == "accepted"
    # A commune total alone stands.
    assert gia_cat_stores(con, settings) == 13
    path = village_report(tmp_path, [("Bắc Nga", 4), ("Nà Bó", 5)])
    preview = run(con, settings, path, dry_run=True)
    assert preview.status == "dry_run", messages(preview.errors)
    assert set(preview.preview[CHANGE]) == {"thêm mới, số tổng của xã thành số đối chiếu"}
    notice = next(w for w in preview.warnings if "số đối chiếu" in w.message)
    assert "Gia Cát" in notice.message and "05/10/2021" in notice.message
    mismatch = next(w for w in preview.warnings if "cộng các thôn" in w.message)
    assert "đã nhập trước đó ghi 10" in mismatch.message and "được 9" in mismatch.message
    assert mismatch.row == 4  # the first village row of that commune and day
    villages = run(con, settings, path)
    assert villages.status == "accepted"
    # 05/10: the villages' 9 replace the commune's 10; 06/10 has no detail: the commune's 3 stand.
    assert gia_cat_stores(con, settings) == 12
    undo_upload(con, villages.upload_id, TESTER)
    assert gia_cat_stores(con, settings) == 13


def test_totals_on_days_without_detail_add_up(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    assert run(con, settings, village_report(tmp_path, [("Bắc Nga", 4), ("Liên Hòa", 6)])).status == "accepted"
    result = run(con, settings, commune_report(tmp_path, [("05/10/2021", 10), ("06/10/2021", 7)]))
    assert result.status == "accepted"
    assert (result.summary["superseded"], result.summary["added"]) == (1, 1)
    assert not [w for w in result.warnings if "cộng các thôn" in w.message]
    assert gia_cat_stores(con, settings) == 17


def test_same_file_with_villages_and_commune_total(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [["TT", "Xã", "Thôn", "CHS mở mới"], [1, "Gia Cát", None, 12], [2, "Gia Cát", "Bắc Nga", 4],
            [3, "Gia Cát", "Liên Hòa", 6]]
    path = write_xlsx(tmp_path / "tron.xlsx", [["UBND HUYỆN CAO LỘC"], ["Báo cáo ngày 05/10/2021"]] + rows)
    preview = run(con, settings, path, dry_run=True)
    assert preview.status == "dry_run", messages(preview.errors)
    changes = dict(zip(preview.preview["Mã"], preview.preview[CHANGE]))
    assert changes[GIA_CAT] == "đã có số liệu chi tiết theo thôn"
    assert any("ghi 12" in w.message and "được 10" in w.message for w in preview.warnings)
    assert run(con, settings, path).status == "accepted"
    assert gia_cat_stores(con, settings) == 10


def test_households_cap_on_the_combined_figures(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"  # 695 households
    detail = [("Bắc Nga", 100), ("Liên Hòa", 140), ("Sơn Hồng", 130), ("Nà Bó", 30)]  # 400, each below its own
    assert run(con, settings, village_report(tmp_path, detail)).status == "accepted"
    # Each figure alone is below 695; together (400 of detail + 300 on another day) they are not.
    refused = run(con, settings, commune_report(tmp_path, [("06/10/2021", 300)]))
    assert refused.status == "refused"
    error = refused.errors[0]
    assert (error.row, error.column) == (5, "CHS mở mới")
    assert "700" in error.message and "695" in error.message and "Gia Cát" in error.message
    # A total of a day with village detail is only a cross-check: 400 + 295 = 695 is accepted.
    accepted = run(con, settings, commune_report(tmp_path, [("05/10/2021", 400), ("06/10/2021", 295)],
                                                 name="cao_loc_2.xlsx"))
    assert accepted.status == "accepted", messages(accepted.errors)
    assert gia_cat_stores(con, settings) == 695


def test_cumulative_only_total_on_top_of_village_detail(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    assert run(con, settings, village_report(tmp_path, [("Bắc Nga", 4), ("Liên Hòa", 6)])).status == "accepted"
    rows = [["TT", "Xã", "Ngày", "Lũy kế CHS"], [1, "Gia Cát", "06/10/2021", 15]]
    result = run(con, settings, write_xlsx(tmp_path / "lk.xlsx", [["UBND HUYỆN CAO LỘC"], []] + rows))
    assert result.status == "accepted", messages(result.errors)
    # The villages' 10 are the commune's earlier figure: the day adds 5.
    assert report_values(con, GIA_CAT) == {D(2021, 10, 6): 5.0}
    assert gia_cat_stores(con, settings) == 15


HEADER_2 = [["TT", "Đơn vị", "Cửa hàng số", None], [None, None, "Trong ngày", "Lũy kế"]]
MERGES_2 = ["A6:A7", "B6:B7", "C6:D6"]


def chi_lang_report(tmp_path, rows, day="05/8/2021", name="bc_chi_lang.xlsx"):
    return write_xlsx(tmp_path / name, title_block("UBND HUYỆN CHI LĂNG", f"BÁO CÁO KẾT QUẢ NGÀY {day}")
                      + HEADER_2 + rows, MERGES_2)


def test_opening_balance_from_the_first_cumulative(con, settings, tmp_path):
    path = chi_lang_report(tmp_path, [[1, "Vạn Linh", 26, 126]])
    preview = run(con, settings, path, dry_run=True)
    assert preview.status == "dry_run", messages(preview.errors)
    table = preview.preview.set_index("Ngày")
    assert table.loc[D(2021, 8, 4), "Mới"] == 100.0
    assert table.loc[D(2021, 8, 4), CHANGE] == "số dư đầu kỳ (trước ngày 05/08/2021)"
    assert table.loc[D(2021, 8, 5), CHANGE] == "thêm mới"
    assert (preview.summary["opening"], preview.summary["added"]) == (1, 1)
    warning = next(w for w in preview.warnings if "số dư đầu kỳ" in w.message)
    assert (warning.row, warning.column, warning.value) == (8, "Cửa hàng số / Lũy kế", "126")
    assert "ghi 100" in warning.message and "05/08/2021" in warning.message
    assert not [w for w in preview.warnings if "cộng số trong ngày được" in w.message]
    result = run(con, settings, path)
    assert result.status == "accepted"
    assert report_values(con, VAN_LINH) == {D(2021, 8, 4): 100.0, D(2021, 8, 5): 26.0}
    row = coverage(con, settings, "commune", D(2021, 8, 31), district="187", actor=ADMIN).set_index("code").loc[VAN_LINH]
    assert row["stores"] == 126
    # The balance is a figure, not a report received on 04/8.
    days = report_days(con, settings, D(2021, 8, 4), D(2021, 8, 5), commune=VAN_LINH).set_index("report_date")
    assert days.loc[D(2021, 8, 4), "status"] == "missing"
    assert days.loc[D(2021, 8, 5), "status"] != "missing"
    # The next day's cumulative agrees with balance + days: no warning, no new balance.
    following = run(con, settings, chi_lang_report(tmp_path, [[1, "Vạn Linh", 14, 140]], day="06/8/2021",
                                                   name="bc_0608.xlsx"))
    assert following.status == "accepted"
    assert not following.warnings, messages(following.warnings)
    assert report_values(con, VAN_LINH) == {D(2021, 8, 4): 100.0, D(2021, 8, 5): 26.0, D(2021, 8, 6): 14.0}


def test_cumulative_below_the_daily_values_is_refused(con, settings, tmp_path):
    refused = run(con, settings, chi_lang_report(tmp_path, [[1, "Vạn Linh", 26, 20]]))
    assert refused.status == "refused"
    error = refused.errors[0]
    assert (error.sheet, error.row, error.column, error.value) == ("Báo cáo", 8, "Cửa hàng số / Lũy kế", "20")
    assert "26" in error.message and "Vạn Linh" in error.message
    assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 0


def test_replacing_an_opening_balance_is_a_warning(con, settings, tmp_path):
    assert run(con, settings, chi_lang_report(tmp_path, [[1, "Vạn Linh", 26, 126]])).status == "accepted"
    late = run(con, settings, chi_lang_report(tmp_path, [[1, "Vạn Linh", 5, None]], day="04/8/2021",
                                              name="bc_0408.xlsx"))
    assert late.status == "accepted"
    assert any("số dư đầu kỳ" in w.message and "100" in w.message for w in late.warnings)


def test_village_cumulative_over_earlier_commune_totals_is_refused(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    assert run(con, settings, commune_report(tmp_path, [("01/10/2021", 60), ("02/10/2021", 40)])).status == "accepted"
    body = [["TT", "Thôn", "CHS lũy kế"], [1, "Bắc Nga", 70], [2, "Liên Hòa", 45]]
    path = write_xlsx(tmp_path / "lk_thon.xlsx", [["UBND XÃ GIA CÁT"], ["Báo cáo ngày 05/10/2021"]] + body)
    refused = run(con, settings, path)
    assert refused.status == "refused"
    assert {(e.row, e.column) for e in refused.errors} == {(4, "CHS lũy kế"), (5, "CHS lũy kế")}
    assert "Xã Gia Cát" in refused.errors[0].message
    assert gia_cat_stores(con, settings) == 100
