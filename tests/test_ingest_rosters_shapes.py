"""Team rosters as communes really send them: footers under the list, one heading row per team,
a role and a phone column, 'Phụ trách thôn' repeated down a team (vertically merged cells)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analytics import texts
from analytics.db import open_database
from analytics.ingest.rosters import phone_text, team_role
from tests.conftest import ROOT
from tests.ingest_fixtures import (  # noqa: F401
    con, gia_cat_households, messages, run, write_xlsx,
)
from tests.signin import signed_in

GIA_CAT = "06235"
CAO_LOC = "183"
TITLE = [["UBND XÃ GIA CÁT"], ["DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG"],
         ["(Kèm theo Quyết định số 125/QĐ-UBND ngày 08/10/2021 của Chủ tịch UBND xã Gia Cát)"], []]
GIA_CAT_HEADER = ["TT", "Họ tên", "Chức vụ", "Địa chỉ", "Phụ trách thôn", "Ghi chú"]
# Two teams in the Gia Cát shape: rows 6-11 of the sheet.
TWO_TEAMS = [
    [1, "Đào Xuân Đông", "Trưởng thôn", "Bắc Nga", "Bắc Nga", "Tổ trưởng"],
    [2, "Đặng Thị Hằng", None, "Bắc Nga", None, None],
    [3, "Nông Thị Hợi", None, "Bắc Nga", None, None],
    [4, "Đặng Văn Bội", "Trưởng thôn", "Liên Hòa", "Liên Hòa", "Tổ trưởng"],
    [5, "Vi Thị Ánh", None, "Liên Hòa", None, None],
    [6, "Dương Quốc Anh", None, "Liên Hòa", None, None],
]
SIX = ["Đào Xuân Đông", "Đặng Thị Hằng", "Nông Thị Hợi", "Đặng Văn Bội", "Vi Thị Ánh", "Dương Quốc Anh"]


@pytest.fixture()
def villages(con, settings, tmp_path):
    """The Gia Cát villages registered (households file)."""
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    return con


def members(con) -> list[tuple]:
    """(village short name, full name, role, is_leader, phone) of the live teams, in file order."""
    return con.execute(
        "SELECT u.short_name, m.full_name, m.role, m.is_leader, m.phone FROM team_current t "
        "JOIN team_member m ON m.team_id = t.id JOIN unit u ON u.code = t.village_code "
        "ORDER BY t.village_code, m.row_no").fetchall()


def nothing_written(con, result) -> None:
    assert result.status == "refused"
    assert con.execute("SELECT count(*) FROM team").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM team_member").fetchone()[0] == 0


def roster(tmp_path, body, footer=(), merges=(), header=GIA_CAT_HEADER, name="to_cns.xlsx"):
    return write_xlsx(tmp_path / name, [*TITLE, header, *body, *footer], merges)


FOOTERS = {
    "count in the name column": ([[], [None, "Danh sách gồm 06 người./."]], []),
    "count merged across": ([["Danh sách có 6 thành viên"]], ["A12:F12"]),
    "placeholder count in brackets": ([["(Danh sách này gồm ... người)"]], ["A12:F12"]),
    "total line": ([[None, "Tổng số: 6 người"]], []),
    "end mark": ([[None, "./."]], []),
    "notes": ([[None, "Ghi chú: Tổ trưởng là trưởng thôn."], [None, "* Danh sách do thôn đề xuất"]], []),
    "sentence merged across": ([["Các ông, bà có tên trên chịu trách nhiệm thi hành Quyết định này"]], ["A12:F12"]),
    "signature block on the right": ([[], [None, None, None, "TM. ỦY BAN NHÂN DÂN", None, None],
                                      [None, None, None, "CHỦ TỊCH"], [], [None, None, None, "Hoàng Văn Tuấn"]], []),
    "signature in the name column": ([[None, "CHỦ TỊCH"], [], [None, "Hoàng Văn Tuấn"]], []),
    "numbered total line": ([[7, "Tổng cộng: 6 người"]], []),
    "place and date above the signature": ([[None, None, None, "Xã Gia Cát, ngày 08 tháng 10 năm 2021"],
                                            [None, None, None, "CHỦ TỊCH"], [None, None, None, "Hoàng Văn Tuấn"]], []),
    "count, then signature": ([[None, "Danh sách gồm 6 người"], [None, "KT. CHỦ TỊCH"], [None, "PHÓ CHỦ TỊCH"],
                               [None, "Hoàng Văn Tuấn"]], []),
}


@pytest.mark.parametrize("footer", FOOTERS.values(), ids=FOOTERS.keys())
def test_footer_never_becomes_a_member(villages, settings, tmp_path, footer):
    lines, merges = footer
    result = run(villages, settings, roster(tmp_path, TWO_TEAMS, lines, merges))
    assert result.status == "accepted", messages(result.errors)
    assert [m[1] for m in members(villages)] == SIX
    assert result.summary == {"teams": 2, "members": 6, "communes": 1}
    assert not any("Tuấn" in w.message or w.value == "Hoàng Văn Tuấn" for w in result.warnings)


def test_a_lone_name_under_the_numbered_list_is_not_a_member(villages, settings, tmp_path):
    result = run(villages, settings, roster(tmp_path, TWO_TEAMS, [[], [None, "Hoàng Văn Tuấn"]]))
    assert result.status == "accepted", messages(result.errors)
    assert [m[1] for m in members(villages)] == SIX
    warning = next(w for w in result.warnings if w.value == "Hoàng Văn Tuấn")
    assert (warning.sheet, warning.row, warning.column) == ("Báo cáo", 13, "Họ tên")
    assert warning.message == texts.IMPORT_NAME_AFTER_LAST_NUMBER.format(last=11)


def test_a_numbered_member_under_a_footer_is_refused(villages, settings, tmp_path):
    footer = [[None, "Danh sách gồm 6 người./."], [7, "Hoàng Văn Páo", None, "Liên Hòa", None, None]]
    result = run(villages, settings, roster(tmp_path, TWO_TEAMS, footer))
    nothing_written(villages, result)
    assert [(e.sheet, e.row, e.column, e.value, e.message) for e in result.errors] == [
        ("Báo cáo", 13, "Họ tên", "Hoàng Văn Páo",
         texts.IMPORT_ROW_AFTER_FOOTER.format(end=12, text="Danh sách gồm 6 người./."))]


def test_an_unnumbered_member_under_the_list_is_refused(villages, settings, tmp_path):
    footer = [[None, "Hoàng Văn Páo", "Đoàn viên", "Liên Hòa", None, None]]
    result = run(villages, settings, roster(tmp_path, TWO_TEAMS, footer))
    nothing_written(villages, result)
    assert [(e.row, e.column, e.value, e.message) for e in result.errors] == [
        (12, "Họ tên", "Hoàng Văn Páo", texts.IMPORT_ROW_AFTER_LAST_NUMBER.format(last=11))]


def test_a_numbered_row_without_a_name_is_refused(villages, settings, tmp_path):
    body = [*TWO_TEAMS, [7, None, "Đoàn viên", "Liên Hòa", None, None]]
    result = run(villages, settings, roster(tmp_path, body))
    nothing_written(villages, result)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(12, "Họ tên", texts.IMPORT_MEMBER_NAME_MISSING)]


HEADED_HEADER = ["TT", "Họ và tên", "Chức vụ", "Nhiệm vụ trong Tổ", "Số điện thoại", "Ghi chú"]
HEADED = [
    ["Tổ CNSCĐ thôn Bắc Nga"],                                                        # row 6
    [1, "Đào Xuân Đông", "Trưởng thôn", "Tổ trưởng", 912345678, None],
    [2, "Đặng Thị Hằng", "Chi hội trưởng phụ nữ", "Tổ phó", "0987 654  321", None],
    [3, "Bàn Thị Mai", None, "Thành viên", None, None],
    ["1. Tổ công nghệ số cộng đồng thôn Liên Hòa"],                                  # row 10
    [1, "Vi Thị Ánh", "Bí thư chi đoàn", "Thành viên", "0912.111.222", None],
    [2, "Đặng Văn Bội", "Trưởng thôn", "Tổ trưởng", None, None],
    [3, "Dương Quốc Anh", None, "Thành viên", None, None],
    [None, "Tổ CNS bản Nà Bó"],                                                       # row 14
    [1, "Hứa Văn Ngân", "Trưởng thôn", "Tổ trưởng", None, None],
    [2, "Chu Thị Chiêu", None, "Thành viên", None, None],
    [3, "Trương Văn Thọ", None, "Thành viên", None, None],
]
HEADED_MERGES = ["A6:F6", "A10:F10", "B14:F14"]


def test_heading_rows_roles_and_phones(villages, settings, tmp_path):
    footer = [["Danh sách gồm 09 người./."], [None, None, None, "CHỦ TỊCH"], [None, None, None, "Hoàng Văn Tuấn"]]
    path = roster(tmp_path, HEADED, footer, [*HEADED_MERGES, "A18:F18"], HEADED_HEADER)
    result = run(villages, settings, path)
    assert result.status == "accepted", messages(result.errors)
    assert members(villages) == [
        ("Bắc Nga", "Đào Xuân Đông", "Tổ trưởng", True, "0912345678"),
        ("Bắc Nga", "Đặng Thị Hằng", "Tổ phó", False, "0987 654 321"),
        ("Bắc Nga", "Bàn Thị Mai", "Thành viên", False, None),
        ("Liên Hòa", "Vi Thị Ánh", "Thành viên", False, "0912.111.222"),
        ("Liên Hòa", "Đặng Văn Bội", "Tổ trưởng", True, None),
        ("Liên Hòa", "Dương Quốc Anh", "Thành viên", False, None),
        ("Nà Bó", "Hứa Văn Ngân", "Tổ trưởng", True, None),
        ("Nà Bó", "Chu Thị Chiêu", "Thành viên", False, None),
        ("Nà Bó", "Trương Văn Thọ", "Thành viên", False, None),
    ]
    youth = dict(villages.execute("SELECT full_name, youth_union FROM team_member").fetchall())
    assert youth["Vi Thị Ánh"] and not youth["Đào Xuân Đông"]
    assert not any(texts.IMPORT_LEADER_NOT_HEAD.split("{")[0] in w.message for w in result.warnings)


@pytest.mark.parametrize("role_header, phone_header", [("Nhiệm vụ trong tổ", "SĐT"), ("Vai trò trong Tổ", "Điện thoại"),
                                                       ("Chức danh trong Tổ", "ĐT liên hệ")])
def test_role_and_phone_header_synonyms(villages, settings, tmp_path, role_header, phone_header):
    header = ["TT", "Họ và tên", "Chức vụ", role_header, phone_header, "Ghi chú"]
    result = run(villages, settings, roster(tmp_path, HEADED, merges=HEADED_MERGES, header=header))
    assert result.status == "accepted", messages(result.errors)
    leaders = [(m[0], m[1], m[4]) for m in members(villages) if m[3]]
    assert leaders == [("Bắc Nga", "Đào Xuân Đông", "0912345678"), ("Liên Hòa", "Đặng Văn Bội", None),
                       ("Nà Bó", "Hứa Văn Ngân", None)]


def test_heading_without_a_village_or_with_an_unknown_one_is_refused(villages, settings, tmp_path):
    body = [
        ["Tổ CNSCĐ thôn Bắc Nga"],                                    # row 6
        [1, "Đào Xuân Đông", "Trưởng thôn", "Tổ trưởng", None, None],
        [2, "Đặng Thị Hằng", None, "Thành viên", None, None],
        ["Tổ CNSCĐ số 2"],                                            # row 9
        [1, "Vi Thị Ánh", None, "Tổ trưởng", None, None],
        ["Tổ CNSCĐ thôn Thượng Lâm"],                                 # row 11
        [1, "Hứa Văn Ngân", "Trưởng thôn", "Tổ trưởng", None, None],
    ]
    path = roster(tmp_path, body, merges=["A6:F6", "A9:F9", "A11:F11"], header=HEADED_HEADER)
    result = run(villages, settings, path)
    nothing_written(villages, result)
    found = [(e.sheet, e.row, e.column, e.value) for e in result.errors]
    assert found == [("Báo cáo", 9, "TT", "Tổ CNSCĐ số 2"), ("Báo cáo", 11, "TT", "thôn Thượng Lâm")]
    assert result.errors[0].message == texts.IMPORT_TEAM_HEADING_NO_VILLAGE.format(text="Tổ CNSCĐ số 2")
    assert "Thượng Lâm" in result.errors[1].message and texts.IMPORT_REGISTER_VILLAGES_FIRST in result.errors[1].message


def test_role_column_decides_the_leader(villages, settings, tmp_path):
    body = [
        ["Tổ CNSCĐ thôn Bắc Nga"],
        [1, "Đào Xuân Đông", "Trưởng thôn", "Thành viên", None, "Tổ trưởng"],     # notes give way to the role
        [2, "Đặng Thị Hằng", None, "Thành viên", None, None],
        [3, "Nông Thị Hợi", None, "Thư ký", None, None],
    ]
    result = run(villages, settings, roster(tmp_path, body, merges=["A6:F6"], header=HEADED_HEADER))
    assert result.status == "accepted", messages(result.errors)
    assert members(villages) == [("Bắc Nga", "Đào Xuân Đông", "Thành viên", False, None),
                                 ("Bắc Nga", "Đặng Thị Hằng", "Thành viên", False, None),
                                 ("Bắc Nga", "Nông Thị Hợi", "Thư ký", False, None)]
    text = messages(result.warnings)
    assert texts.IMPORT_TEAM_NO_LEADER.format(village="Thôn Bắc Nga") in text
    assert texts.IMPORT_TEAM_ROLE_UNCLEAR.format(role="Thư ký") in text


def test_heading_rows_without_roles_say_who_is_taken_as_leader(villages, settings, tmp_path):
    header = ["TT", "Họ và tên", "Chức vụ", "Ghi chú"]
    body = [["Thôn Bắc Nga"], [1, "Đặng Thị Hằng", None, None], [2, "Đào Xuân Đông", "Trưởng thôn", None]]
    result = run(villages, settings, roster(tmp_path, body, merges=["A6:D6"], header=header))
    assert result.status == "accepted", messages(result.errors)
    assert [(m[1], m[2], m[3]) for m in members(villages)] == [("Đặng Thị Hằng", None, True),
                                                               ("Đào Xuân Đông", None, False)]
    guessed = texts.IMPORT_TEAM_LEADER_GUESSED.format(village="Thôn Bắc Nga", name="Đặng Thị Hằng")
    assert guessed in messages(result.warnings)


def test_village_repeated_down_a_team_is_one_team(villages, settings, tmp_path):
    # What a 'Phụ trách thôn' cell merged down over its members reads as once the merge is filled.
    body = [[*row[:4], row[3], row[5]] for row in TWO_TEAMS]
    result = run(villages, settings, roster(tmp_path, body))
    assert result.status == "accepted", messages(result.errors)
    assert [(m[0], m[1], m[3]) for m in members(villages)] == [
        ("Bắc Nga", "Đào Xuân Đông", True), ("Bắc Nga", "Đặng Thị Hằng", False), ("Bắc Nga", "Nông Thị Hợi", False),
        ("Liên Hòa", "Đặng Văn Bội", True), ("Liên Hòa", "Vi Thị Ánh", False), ("Liên Hòa", "Dương Quốc Anh", False)]


def test_village_merged_down_a_team_is_one_team(villages, settings, tmp_path):
    result = run(villages, settings, roster(tmp_path, TWO_TEAMS, merges=["E6:E8", "E9:E11"]))
    assert result.status == "accepted", messages(result.errors)
    assert result.summary == {"teams": 2, "members": 6, "communes": 1}


def test_a_team_repeated_further_down_stays_an_error(villages, settings, tmp_path):
    body = [[*row[:4], row[3], row[5]] for row in TWO_TEAMS] + [[7, "Hoàng Văn Páo", None, "Bắc Nga", "Bắc Nga", None]]
    result = run(villages, settings, roster(tmp_path, body))
    nothing_written(villages, result)
    assert [(e.row, e.column, e.value, e.message) for e in result.errors] == [
        (12, "Phụ trách thôn", "Bắc Nga", texts.IMPORT_DUPLICATE_TEAM.format(row=6, sheet="Báo cáo"))]


def test_a_footer_in_a_committee_is_not_a_member(villages, settings, tmp_path):
    rows = [
        ["ỦY BAN NHÂN DÂN XÃ GIA CÁT"], ["QUYẾT ĐỊNH về việc thành lập Ban chỉ đạo chuyển đổi số xã Gia Cát"], [],
        ["TT", "Họ và tên", "Chức vụ", "Chức vụ BCĐ"],
        ["1.", "Đoàn Trung Nam", "Chủ tịch UBND xã", "Trưởng ban"],
        ["2.", "Đoàn Thị Thơm", "PCT HĐND xã", "Phó ban"],
        [None, "Danh sách gồm 02 người./."],
        [None, "CHỦ TỊCH"], [None, "Đoàn Trung Nam"],
    ]
    result = run(villages, settings, write_xlsx(tmp_path / "bcd.xlsx", rows))
    assert result.status == "accepted", messages(result.errors)
    names = [r[0] for r in villages.execute("SELECT full_name FROM committee_member ORDER BY row_no").fetchall()]
    assert names == ["Đoàn Trung Nam", "Đoàn Thị Thơm"]


def test_phone_and_role_values():
    assert phone_text(912345678.0) == ("0912345678", False)
    assert phone_text(" 0912  345\u00a0678 ") == ("0912 345 678", False)
    assert phone_text(2053812345.0) == ("2053812345", True)
    assert phone_text(None) == (None, False)
    assert [team_role(t) for t in ("Tổ trưởng", "TỔ PHÓ", "Phó tổ trưởng", "thành viên", "Thư ký", "")] == [
        "Tổ trưởng", "Tổ phó", "Tổ phó", "Thành viên", None, None]


def test_a_phone_typed_as_a_short_number_is_flagged(villages, settings, tmp_path):
    body = [HEADED[0], [1, "Đào Xuân Đông", "Trưởng thôn", "Tổ trưởng", 2053812345, None],
            [2, "Đặng Thị Hằng", None, "Thành viên", None, None]]
    result = run(villages, settings, roster(tmp_path, body, merges=["A6:F6"], header=HEADED_HEADER))
    assert result.status == "accepted", messages(result.errors)
    assert members(villages)[0][4] == "2053812345"
    warning = next(w for w in result.warnings if w.column == "Số điện thoại")
    assert (warning.row, warning.message) == (7, texts.IMPORT_PHONE_AS_NUMBER.format(phone="2053812345"))


def test_teams_page_lists_members_with_roles_and_phones(empty_db, settings, tmp_path, app_env):
    con = open_database(empty_db)
    try:
        assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
        path = roster(tmp_path, HEADED, merges=HEADED_MERGES, header=HEADED_HEADER)
        assert run(con, settings, path).status == "accepted"
    finally:
        con.close()
    app_env(empty_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)).run()
    at.switch_page(str(ROOT / "pages/teams.py")).run()
    at.radio(key="kts_level").set_value("commune").run()
    at.selectbox(key="kts_district").set_value(CAO_LOC).run()
    at.selectbox(key="kts_commune").set_value(GIA_CAT).run()
    assert not at.exception, [e.message for e in at.exception]
    columns = texts.TEAM_COLUMNS
    table = next(d.value for d in at.dataframe if columns["team_role"] in d.value.columns)
    assert list(table.columns) == [columns[c] for c in ("village_name", "row_no", "full_name", "position",
                                                        "team_role", "phone")]
    assert len(table) == 9
    rows = {r[columns["full_name"]]: r for r in table.to_dict("records")}
    assert rows["Đặng Thị Hằng"][columns["team_role"]] == "Tổ phó"
    assert rows["Đào Xuân Đông"][columns["phone"]] == "0912345678"
    at.selectbox(key="kts_teams_village").set_value(f"{GIA_CAT}-005").run()
    table = next(d.value for d in at.dataframe if columns["team_role"] in d.value.columns)
    assert list(table[columns["full_name"]]) == ["Hứa Văn Ngân", "Chu Thị Chiêu", "Trương Văn Thọ"]
    assert list(table[columns["team_role"]]) == ["Tổ trưởng", "Thành viên", "Thành viên"]


def test_roster_names_read_loosely_are_listed(con, settings, tmp_path):
    from tests.ingest_fixtures import GIA_CAT_TEAMS, gia_cat_teams

    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [list(r) for r in GIA_CAT_TEAMS]
    rows[0][4] = "Bac Nga"
    result = run(con, settings, gia_cat_teams(tmp_path, rows=rows))
    assert result.status == "accepted", messages(result.errors)
    loose = [m for m in result.matches if not m["exact"]]
    assert [(m["text"], m["unit"], m["row"]) for m in loose] == [("Bac Nga", "Thôn Bắc Nga", 6)]
    assert any(w.message.startswith("đọc «Bac Nga» là Thôn Bắc Nga") for w in result.warnings)
