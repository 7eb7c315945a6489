"""Whose report a file is (the title block) and how the unit names in it were read: another
province refused, abbreviations spelt out, suggestions distinct, every non-exact match shown."""

from __future__ import annotations

import datetime as dt

import pytest

from analytics import texts
from analytics.ingest.context import read_title
from analytics.units import UnitLookupError, resolve_unit
from tests.ingest_fixtures import (  # noqa: F401  (con is a fixture)
    con, gia_cat_households, messages, report_values, run, write_xlsx,
)

D = dt.date
HEADER = ["TT", "Đơn vị", "Ngày", "Cửa hàng số"]


def report(tmp_path, title: list[str], rows: list[list], header=HEADER, name="bao_cao.xlsx"):
    """A report whose title block is `title` (one line per row), a blank row, then the table."""
    return write_xlsx(tmp_path / name, [[line] for line in title] + [[], header] + rows)


def reports_written(con) -> int:
    return con.execute("SELECT count(*) FROM report").fetchone()[0]


# Commune names of Huyện Trùng Khánh (Cao Bằng) that Lạng Sơn also has.
TRUNG_KHANH_ROWS = [[1, "Tri Phương", "05/08/2021", 4], [2, "Quang Trung", "05/08/2021", 3]]


def test_report_of_cao_bang_is_refused_naming_the_province_and_district(con, settings, tmp_path):
    path = report(tmp_path, ["UBND HUYỆN TRÙNG KHÁNH", "TỈNH CAO BẰNG", "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021"],
                  TRUNG_KHANH_ROWS)
    result = run(con, settings, path)
    assert result.status == "refused"
    assert [(e.sheet, e.row, e.column, e.value, e.message) for e in result.errors] == [
        ("Báo cáo", 1, None, "UBND HUYỆN TRÙNG KHÁNH",
         "Tiêu đề ghi «HUYỆN TRÙNG KHÁNH»: Huyện Trùng Khánh thuộc tỉnh Cao Bằng, không thuộc tỉnh Lạng Sơn. "
         "Tệp không được nhập."),
        ("Báo cáo", 2, None, "TỈNH CAO BẰNG",
         "Tiêu đề ghi «TỈNH CAO BẰNG»: đây là báo cáo của tỉnh Cao Bằng, không phải của tỉnh Lạng Sơn. "
         "Tệp không được nhập."),
    ]
    assert reports_written(con) == 0
    assert con.execute("SELECT status FROM upload").fetchall() == [("refused",)]


@pytest.mark.parametrize(("line", "province"), [
    ("TỈNH CAO BẰNG", "tỉnh Cao Bằng"), ("Tỉnh Cao Bằng", "tỉnh Cao Bằng"), ("UBND tỉnh Bắc Kạn", "tỉnh Bắc Kạn"),
    ("UBND TINH CAO BANG", "tỉnh Cao Bằng"), ("Sở Thông tin và Truyền thông tinh Bac Kan", "tỉnh Bắc Kạn"),
    ("UBND THÀNH PHỐ HÀ NỘI", "thành phố Hà Nội"), ("Cao Bằng, ngày 06 tháng 8 năm 2021", "tỉnh Cao Bằng"),
])
def test_a_title_line_naming_another_province_refuses_the_file(con, settings, tmp_path, line, province):
    path = report(tmp_path, [line, "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021"], TRUNG_KHANH_ROWS)
    result = run(con, settings, path)
    assert result.status == "refused"
    assert len(result.errors) == 1
    error = result.errors[0]
    assert (error.row, error.value) == (1, line)
    assert f"đây là báo cáo của {province}, không phải của tỉnh Lạng Sơn" in error.message
    assert reports_written(con) == 0


def test_a_district_of_another_province_refuses_the_file(con, settings, tmp_path):
    path = report(tmp_path, ["UBND huyện Trùng Khánh", "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021"], TRUNG_KHANH_ROWS)
    result = run(con, settings, path)
    assert result.status == "refused"
    assert messages(result.errors) == (
        "Tiêu đề ghi «huyện Trùng Khánh»: Huyện Trùng Khánh thuộc tỉnh Cao Bằng, không thuộc tỉnh Lạng Sơn. "
        "Tệp không được nhập.")
    assert reports_written(con) == 0


def test_an_unknown_district_in_the_title_refuses_the_file(con, settings, tmp_path):
    path = report(tmp_path, ["UBND HUYỆN ABC", "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021"],
                  [[1, "Vạn Linh", "05/08/2021", 4]])
    result = run(con, settings, path)
    assert result.status == "refused"
    assert [(e.row, e.value, e.message) for e in result.errors] == [(
        1, "UBND HUYỆN ABC",
        "Tiêu đề ghi «HUYỆN ABC» nhưng tỉnh Lạng Sơn không có huyện, thành phố hay thị xã «ABC». "
        "Hãy sửa tiêu đề rồi tải lên lại.")]
    assert reports_written(con) == 0


def test_a_title_commune_outside_the_title_district_refuses_the_file(con, settings, tmp_path):
    path = report(tmp_path, ["UBND HUYỆN CHI LĂNG", "UBND XÃ GIA CÁT", "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021"],
                  [[1, "Thôn Bắc Nga", "05/08/2021", 4]])
    result = run(con, settings, path)
    assert result.status == "refused"
    assert [(e.row, e.message) for e in result.errors] == [(
        2, "Tiêu đề ghi «XÃ GIA CÁT» nhưng Huyện Chi Lăng không có xã, phường hay thị trấn này; "
           "tên này có ở: Xã Gia Cát (Huyện Cao Lộc).")]
    unknown = run(con, settings, report(tmp_path, ["UBND XÃ ABC", "BÁO CÁO NGÀY 05/8/2021"],
                                        [[1, "Thôn Bắc Nga", "05/08/2021", 4]], name="abc.xlsx"))
    assert messages(unknown.errors) == (
        "Tiêu đề ghi «XÃ ABC» nhưng tỉnh Lạng Sơn không có xã, phường hay thị trấn «ABC». "
        "Hãy sửa tiêu đề rồi tải lên lại.")
    assert reports_written(con) == 0


def test_lang_son_titles_are_accepted(con, settings, tmp_path):
    title = ["UBND TỈNH LẠNG SƠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "UBND THÀNH PHỐ LẠNG SƠN", "Lạng Sơn, ngày 06 tháng 8 năm 2021",
             "Kính gửi: Sở Thông tin và Truyền thông", "Kính gửi: UBND tỉnh Cao Bằng",
             "BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI SỐ NGÀY 05/8/2021 CỦA CÁC XÃ, PHƯỜNG"]
    path = report(tmp_path, title, [[1, "Phường Chi Lăng", "05/08/2021", 7], [2, "Mai Pha", "05/08/2021", 2]])
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, "05983") == {D(2021, 8, 5): 7.0}
    assert report_values(con, "05992") == {D(2021, 8, 5): 2.0}
    assert result.warnings == []


def test_abbreviated_names_with_and_without_a_space(con, settings, tmp_path):
    header = ["TT", "Huyện", "Xã", "Ngày", "Cửa hàng số"]
    rows = [[1, "H.Chi Lăng", "TT.Đồng Mỏ", "05/08/2021", 5],
            [2, "H. Chi Lăng", "TT Chi Lăng", "05/08/2021", 6],
            [3, "Chi Lăng", "X.Vạn Linh", "05/08/2021", 7],
            [4, "TP.Lạng Sơn", "P.Chi Lăng", "05/08/2021", 8],
            [5, "TP Lạng Sơn", "P. Hoàng Văn Thụ", "05/08/2021", 9]]
    result = run(con, settings, report(tmp_path, ["BÁO CÁO NGÀY 05/8/2021"], rows, header))
    assert result.status == "accepted", messages(result.errors)
    assert {code: report_values(con, code) for code in ("06463", "06466", "06505", "05983", "05971")} == {
        "06463": {D(2021, 8, 5): 5.0}, "06466": {D(2021, 8, 5): 6.0}, "06505": {D(2021, 8, 5): 7.0},
        "05983": {D(2021, 8, 5): 8.0}, "05971": {D(2021, 8, 5): 9.0}}
    assert all(m["exact"] for m in result.matches), result.matches
    assert result.warnings == []


def test_abbreviated_phuong_needs_exactly_one_phuong_of_that_name(con, settings, tmp_path):
    alone = run(con, settings, report(tmp_path, ["BÁO CÁO NGÀY 05/8/2021"], [[1, "P.Chi Lăng", "05/08/2021", 3]]))
    assert alone.status == "accepted", messages(alone.errors)
    assert report_values(con, "05983") == {D(2021, 8, 5): 3.0}
    # In Huyện Chi Lăng "Chi Lăng" is a xã and a thị trấn, and no phường: refused, both named.
    inside = run(con, settings, report(tmp_path, ["UBND HUYỆN CHI LĂNG", "BÁO CÁO NGÀY 06/8/2021"],
                                       [[1, "P.Chi Lăng", "06/08/2021", 3]], name="chi_lang.xlsx"))
    assert inside.status == "refused"
    assert "Thị trấn Chi Lăng (Huyện Chi Lăng)" in inside.errors[0].message
    assert "Xã Chi Lăng (Huyện Chi Lăng)" in inside.errors[0].message


def test_title_abbreviations_give_the_context(con, settings, tmp_path):
    path = report(tmp_path, ["UBND TT.ĐỒNG MỎ", "BÁO CÁO NGÀY 05/8/2021"],
                  [[1, "Thị trấn Đồng Mỏ", "05/08/2021", 4]])
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, "06463") == {D(2021, 8, 5): 4.0}


def test_suggestions_are_distinct_and_name_their_district(con):
    with pytest.raises(UnitLookupError) as caught:
        resolve_unit(con, "commune", "Hòa Bìnhh")
    # The closest name first, once per commune that bears it, then the next closest names.
    assert caught.value.candidates[:5] == [
        "Xã Hòa Bình (Huyện Bình Gia)", "Xã Hòa Bình (Huyện Văn Quan)", "Xã Hòa Bình (Huyện Hữu Lũng)",
        "Xã Hòa Bình (Huyện Chi Lăng)", "Xã Thái Bình (Huyện Đình Lập)"]
    assert len(set(caught.value.candidates)) == len(caught.value.candidates)
    with pytest.raises(UnitLookupError) as phuong:
        resolve_unit(con, "commune", "Phường Chi Lăngg")
    assert "Phường Chi Lăng (Thành phố Lạng Sơn)" in phuong.value.candidates
    assert str(phuong.value).startswith("Không tìm thấy xã «Phường Chi Lăngg». Tên gần giống: ")


def test_an_unknown_name_is_refused_with_distinct_suggestions(con, settings, tmp_path):
    result = run(con, settings, report(tmp_path, ["BÁO CÁO NGÀY 05/8/2021"], [[1, "Hòa Bìnhh", "05/08/2021", 3]]))
    assert result.status == "refused"
    message = result.errors[0].message
    assert message.count("Xã Hòa Bình (Huyện Chi Lăng)") == 1
    assert "Xã Hòa Bình, Xã Hòa Bình" not in message
    assert reports_written(con) == 0


def test_every_non_exact_match_is_listed_and_warned(con, settings, tmp_path):
    rows = [[1, "Vạn Lịnh", "05/08/2021", 4],          # another tone
            [2, "Xã Hòa Bình", "05/08/2021", 3],       # exact
            [3, "Hoà Bình", "06/08/2021", 2],          # old tone position: the same spelling
            [4, "van an", "05/08/2021", 1],            # without diacritics
            [5, "Xã Đồng Mỏ", "05/08/2021", 6],        # a thị trấn called a xã
            [6, "Vạn Lịnh", "06/08/2021", 5]]          # the same text again: listed once
    path = report(tmp_path, ["UBND HUYỆN CHI LĂNG", "BÁO CÁO KẾT QUẢ"], rows)
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    assert report_values(con, "06505") == {D(2021, 8, 5): 4.0, D(2021, 8, 6): 5.0}
    assert result.matches == [
        {"sheet": "Báo cáo", "row": 1, "column": None, "text": "HUYỆN CHI LĂNG", "code": "187",
         "unit": "Huyện Chi Lăng", "district": "Huyện Chi Lăng", "exact": True},
        {"sheet": "Báo cáo", "row": 5, "column": "Đơn vị", "text": "Vạn Lịnh", "code": "06505",
         "unit": "Xã Vạn Linh", "district": "Huyện Chi Lăng", "exact": False},
        {"sheet": "Báo cáo", "row": 6, "column": "Đơn vị", "text": "Xã Hòa Bình", "code": "06508",
         "unit": "Xã Hòa Bình", "district": "Huyện Chi Lăng", "exact": True},
        {"sheet": "Báo cáo", "row": 7, "column": "Đơn vị", "text": "Hoà Bình", "code": "06508",
         "unit": "Xã Hòa Bình", "district": "Huyện Chi Lăng", "exact": True},
        {"sheet": "Báo cáo", "row": 8, "column": "Đơn vị", "text": "van an", "code": "06469",
         "unit": "Xã Vân An", "district": "Huyện Chi Lăng", "exact": False},
        {"sheet": "Báo cáo", "row": 9, "column": "Đơn vị", "text": "Xã Đồng Mỏ", "code": "06463",
         "unit": "Thị trấn Đồng Mỏ", "district": "Huyện Chi Lăng", "exact": False},
    ]
    read = [(w.row, w.column, w.value, w.message) for w in result.warnings if w.message.startswith("đọc «")]
    assert read == [
        (5, "Đơn vị", "Vạn Lịnh", "đọc «Vạn Lịnh» là Xã Vạn Linh, Huyện Chi Lăng"),
        (8, "Đơn vị", "van an", "đọc «van an» là Xã Vân An, Huyện Chi Lăng"),
        (9, "Đơn vị", "Xã Đồng Mỏ", "đọc «Xã Đồng Mỏ» là Thị trấn Đồng Mỏ, Huyện Chi Lăng"),
    ]
    assert texts.IMPORT_NON_EXACT_MATCH == "đọc «{text}» là {place}"
    stored = con.execute("SELECT count(*) FROM upload_issue WHERE message LIKE 'đọc «%'").fetchone()[0]
    assert stored == 3


def test_a_close_name_is_never_accepted(con, settings, tmp_path):
    result = run(con, settings, report(tmp_path, ["UBND HUYỆN CHI LĂNG", "BÁO CÁO NGÀY 05/8/2021"],
                                       [[1, "Vạn Linhh", "05/08/2021", 4]]))
    assert result.status == "refused"
    assert "Xã Vạn Linh (Huyện Chi Lăng)" in result.errors[0].message
    assert reports_written(con) == 0


def test_title_typed_without_diacritics_is_a_non_exact_match(con, settings, tmp_path):
    result = run(con, settings, report(tmp_path, ["UBND HUYEN CHI LANG", "BAO CAO NGAY 05/8/2021"],
                                       [[1, "Xã Vạn Linh", "05/08/2021", 4]]))
    assert result.status == "accepted", messages(result.errors)
    assert [(m["text"], m["code"], m["exact"]) for m in result.matches] == [
        ("HUYEN CHI LANG", "187", False), ("Xã Vạn Linh", "06505", True)]
    assert [(w.row, w.message) for w in result.warnings] == [(1, "đọc «HUYEN CHI LANG» là Huyện Chi Lăng")]


def test_households_matches_list_names_read_but_not_new_villages(con, settings, tmp_path):
    first = run(con, settings, gia_cat_households(tmp_path))
    assert first.status == "accepted", messages(first.errors)
    assert first.matches == [
        {"sheet": "Báo cáo", "row": 1, "column": None, "text": "XÃ GIA CÁT", "code": "06235",
         "unit": "Xã Gia Cát", "district": "Huyện Cao Lộc", "exact": True}]
    rows = [["TT", "Huyện", "Xã", "Tên thôn", "Số hộ gia đình"],
            [1, "Cao Loc", "Gia Cát", "Na Bo", 111], [2, "Cao Lộc", "Gia Cát", "Thôn Bắc Nga", 121]]
    second = run(con, settings, write_xlsx(tmp_path / "so_ho_2.xlsx", [["DANH SÁCH THÔN"], []] + rows))
    assert second.status == "accepted", messages(second.errors)
    assert [(m["row"], m["column"], m["text"], m["unit"], m["exact"]) for m in second.matches] == [
        (4, "Huyện", "Cao Loc", "Huyện Cao Lộc", False), (4, "Xã", "Gia Cát", "Xã Gia Cát", True),
        (4, "Tên thôn", "Na Bo", "Thôn Nà Bó", False), (5, "Huyện", "Cao Lộc", "Huyện Cao Lộc", True),
        (5, "Tên thôn", "Thôn Bắc Nga", "Thôn Bắc Nga", True)]
    assert [w.message for w in second.warnings] == [
        "đọc «Cao Loc» là Huyện Cao Lộc", "đọc «Na Bo» là Thôn Nà Bó, Xã Gia Cát, Huyện Cao Lộc"]


@pytest.mark.parametrize(("line", "expected"), [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", []),
    ("Lạng Sơn, ngày 06 tháng 8 năm 2021", []),
    ("Kính gửi: Sở Thông tin và Truyền thông", []),
    ("Kính gửi: UBND huyện Chi Lăng", []),
    ("BÁO CÁO TÌNH HÌNH KINH TẾ - XÃ HỘI", []),
    ("UBND các xã, thị trấn", []),
    ("Số liệu tính đến ngày 05/8/2021", []),
    ("vùng sâu, vùng xa Hòa Bình", []),
    ("Thành phố Lạng Sơn", [("district", "Thành phố", "Lạng Sơn", True)]),
    ("UBND TP.LẠNG SƠN", [("district", "Thành phố", "LẠNG SƠN", True)]),
    ("HUYỆN ỦY CHI LĂNG", [("district", "Huyện", "CHI LĂNG", True)]),
    ("UBND HUYỆN ĐOAN HÙNG", [("district", "Huyện", "ĐOAN HÙNG", True)]),
    ("UBND XÃ GIA CÁT, HUYỆN CAO LỘC", [("commune", "Xã", "GIA CÁT", True), ("district", "Huyện", "CAO LỘC", True)]),
    ("Báo cáo của xã Vạn Linh", [("commune", "Xã", "Vạn Linh", False)]),
    ("P. CHỦ TỊCH", [("commune", "Phường", "CHỦ TỊCH", False)]),
    ("UBND TINH CAO BANG", [("province", "Tỉnh", "CAO BANG", True)]),
])
def test_title_lines_name_places_only_after_a_unit_word(line, expected):
    places = read_title([line]).places
    assert [(p.level, p.kind, p.name, p.heading) for p in places] == expected
