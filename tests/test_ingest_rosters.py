"""Households (village registration), teams in the Gia Cát shape, committees in the Yên Hòa
shape, targets."""

from __future__ import annotations

from analytics.ingest import undo_upload
from tests.ingest_fixtures import (  # noqa: F401
    TESTER, con, gia_cat_households, gia_cat_teams, messages, nfd, run, village_code, write_xlsx,
)

GIA_CAT = "06235"


def test_households_register_villages_and_update_counts(con, settings, tmp_path):
    result = run(con, settings, gia_cat_households(tmp_path))
    assert result.status == "accepted", messages(result.errors)
    assert result.rows == 6 and result.summary["registered"] == 6
    villages = con.execute("SELECT code, name, short_name, kind, parent_code, upload_id FROM unit "
                           "WHERE level = 'village' ORDER BY code").fetchall()
    assert [v[0] for v in villages] == [f"{GIA_CAT}-{i:03d}" for i in range(1, 7)]
    assert villages[2][1:5] == ("Thôn Bắc Đông I", "Bắc Đông I", "Thôn", GIA_CAT)
    assert villages[3][2] == "Bắc Đông II"
    assert all(v[5] == result.upload_id for v in villages)
    households = dict(con.execute("SELECT village_code, households FROM village_households_current").fetchall())
    assert households[f"{GIA_CAT}-004"] == 95
    # A later file matches the villages by name (roman numerals kept apart) and updates counts.
    rows = [["TT", "Huyện", "Xã", "Thôn, bản, tổ dân phố", "Tổng số hộ"],
            [1, "Cao Lộc", "Gia Cát", "Thôn Bắc Đông II", "1.100"],
            [2, "Cao Lộc", "Gia Cát", nfd("bac dong i"), 91],
            [3, "Cao Lộc", "Gia Cát", "Bản Khuổi Phầy", 40]]
    update = run(con, settings, write_xlsx(tmp_path / "cap_nhat.xlsx", rows))
    assert update.status == "accepted", messages(update.errors)
    households = dict(con.execute("SELECT village_code, households FROM village_households_current").fetchall())
    assert households[f"{GIA_CAT}-004"] == 1100 and households[f"{GIA_CAT}-003"] == 91
    new = con.execute("SELECT code, kind, short_name FROM unit WHERE upload_id = ?", [update.upload_id]).fetchall()
    assert new == [(f"{GIA_CAT}-007", "Bản", "Khuổi Phầy")]
    changes = dict(zip(update.preview["Mã"], update.preview["Thay đổi"]))
    assert changes[f"{GIA_CAT}-004"] == "thay thế" and changes[f"{GIA_CAT}-007"] == "đăng ký thôn mới"
    undo_upload(con, update.upload_id, TESTER)
    households = dict(con.execute("SELECT village_code, households FROM village_households_current").fetchall())
    assert households[f"{GIA_CAT}-004"] == 95 and f"{GIA_CAT}-007" not in households


def test_households_refusals(con, settings, tmp_path):
    rows = [["TT", "Xã", "Thôn", "Số hộ"], [1, "Gia Cát", "Bắc Nga", "nhiều"], [2, "Gia Cát", "Liên Hòa", -5],
            [3, "Gia Cát", "Nà Bó", 10], [4, "Gia Cát", "Na Bo", 12], [5, "Hòa Bình", "Thôn Mới", 10]]
    result = run(con, settings, write_xlsx(tmp_path / "loi.xlsx", rows))
    assert result.status == "refused"
    found = {(e.row, e.column) for e in result.errors}
    assert {(2, "Số hộ"), (3, "Số hộ"), (5, "Thôn"), (6, "Xã")} <= found
    assert con.execute("SELECT count(*) FROM unit WHERE level = 'village'").fetchone()[0] == 0


def test_gia_cat_teams(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    result = run(con, settings, gia_cat_teams(tmp_path))
    assert result.status == "accepted", messages(result.errors)
    assert result.summary == {"teams": 6, "members": 24, "communes": 1}
    teams = con.execute("SELECT village_code, commune_code, decision_no, decision_date FROM team_current "
                        "ORDER BY village_code").fetchall()
    assert len(teams) == 6 and teams[0][1] == GIA_CAT and teams[0][2] == "125/QĐ-UBND"
    assert str(teams[0][3]) == "2021-10-08"
    members = con.execute(
        "SELECT u.short_name, m.full_name, m.is_leader, m.address FROM team_member m "
        "JOIN team t ON t.id = m.team_id JOIN unit u ON u.code = t.village_code ORDER BY m.row_no").fetchall()
    by_name = {m[1]: m for m in members}
    assert by_name["Nguyễn Văn Định"][0] == "Bắc Đông I"      # 'UBND xã' belongs to the team above
    assert by_name["Lý Văn Tới"][0] == "Bắc Đông II"
    assert by_name["Chu Văn Độ"][2] and not by_name["Lý Thanh Hoa"][2]
    assert sum(1 for m in members if m[2]) == 6
    assert result.warnings == []


def test_team_warnings_and_youth_union(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [(1, "Đào Xuân Đông", "Bí thư chi đoàn", "Bắc Nga", "Bắc Nga", "Tổ trưởng"),
            (2, "Đặng Thị Hằng", None, "Bắc Nga", None, None),
            (3, "Chu Văn Độ", "Trưởng thôn", "Bắc Đông I", "Bắc Đông I", "Tổ trưởng"),
            (4, "Lý Văn Trung", "Đoàn viên", "Bắc Đông I", None, None),
            (5, "Lý Thanh Hoa", None, "Bắc Đông I", None, None)]
    result = run(con, settings, gia_cat_teams(tmp_path, rows))
    assert result.status == "accepted"
    text = messages(result.warnings)
    assert "không phải trưởng thôn" in text and "chỉ có 1 thành viên" in text
    assert "Bắc Đông II" in text and "chưa có tổ" in text
    leader = next(w for w in result.warnings if "trưởng thôn" in w.message)
    assert (leader.row, leader.value) == (6, "Bí thư chi đoàn")
    youth = dict(con.execute("SELECT full_name, youth_union FROM team_member").fetchall())
    assert youth["Đào Xuân Đông"] and youth["Lý Văn Trung"] and not youth["Chu Văn Độ"]


def test_teams_need_registered_villages(con, settings, tmp_path):
    result = run(con, settings, gia_cat_teams(tmp_path))
    assert result.status == "refused"
    first = result.errors[0]
    assert (first.row, first.column, first.value) == (6, "Phụ trách thôn", "Bắc Nga")
    assert "số hộ" in first.message


def test_yen_hoa_shaped_committee(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    rows = [
        ["ỦY BAN NHÂN DÂN XÃ GIA CÁT"], ["Số: 45/QĐ-UBND", None, None, "Gia Cát, ngày 10 tháng 8 năm 2021"],
        ["QUYẾT ĐỊNH về việc thành lập Ban chỉ đạo chuyển đổi số trên địa bàn xã Gia Cát"], [],
        ["TT", "Họ và tên", None, "Chức vụ", "Chức vụ BCĐ", "Công việc phụ trách"],
        ["1.", "Ông", "Đoàn Trung Nam", "Chủ tịch UBND xã", "Trưởng ban", "Phụ trách chung"],
        ["2.", "Bà", "Đoàn Thị Thơm", "PBT TT ĐU, CT HĐND xã", "Phó ban", "Điều hành chỉ đạo"],
        ["3.", "Bà", "Nguyễn Thị Hà", "Chủ tịch MTTQ xã", "Ủy viên", "Tuyên truyền vận động. Phụ trách thôn Bắc Nga."],
        ["4.", "Ông:", "Nguyễn Duy Lộc", "Chủ tịch Hội CCB xã", "Uỷ viên", "Phụ trách thôn Bắc Đông I, Bắc Đông II"],
        ["5.", "Bà", "Lê Thị Chinh", "Bí thư Đoàn xã", "Thành viên", "Phụ trách thôn Trinh Nữ 2"],
        [], ["Điều 2. Ban chỉ đạo có nhiệm vụ..."],
    ]
    path = write_xlsx(tmp_path / "bcd.xlsx", rows, ["B5:C5"])
    result = run(con, settings, path)
    assert result.status == "accepted", messages(result.errors)
    committee = con.execute("SELECT id, commune_code, decision_no, decision_date FROM committee_current").fetchall()
    assert len(committee) == 1 and committee[0][1:3] == (GIA_CAT, "45/QĐ-UBND")
    members = {m[0]: m for m in con.execute(
        "SELECT full_name, honorific, committee_role, villages_in_charge, position FROM committee_member").fetchall()}
    assert members["Đoàn Trung Nam"][1:3] == ("Ông", "Trưởng ban")
    assert members["Đoàn Thị Thơm"][2] == "Phó ban"
    assert members["Nguyễn Duy Lộc"][1:3] == ("Ông", "Ủy viên")
    assert members["Nguyễn Duy Lộc"][3] == [village_code(con, GIA_CAT, "Bắc Đông I"),
                                            village_code(con, GIA_CAT, "Bắc Đông II")]
    assert members["Nguyễn Thị Hà"][3] == [village_code(con, GIA_CAT, "Bắc Nga")]
    assert any("Trinh Nữ 2" in w.message for w in result.warnings)


def test_targets(con, settings, tmp_path):
    rows = [["UBND TỈNH LẠNG SƠN"], ["GIAO CHỈ TIÊU PHÁT TRIỂN KINH TẾ SỐ NĂM 2021"], [],
            ["TT", "Đơn vị", "Chỉ tiêu CHS (%)", "Chỉ tiêu TK TTĐT (%)", "Chỉ tiêu số thành viên tổ (số)"],
            ["I", "Huyện Chi Lăng", 60, 60, 3],
            [1, "Xã Vạn Linh", "55,5", 55, 2],
            [2, "Xã Hòa Bình", 140, 50, 2]]
    path = write_xlsx(tmp_path / "chi_tieu.xlsx", rows)
    refused = run(con, settings, path)
    assert refused.kind == "targets" and refused.status == "refused"
    assert {(e.row, e.column, e.value) for e in refused.errors} == {(7, "Chỉ tiêu CHS (%)", "140")}
    rows[-1] = [2, "Xã Hòa Bình", 40, 50, 2]
    accepted = run(con, settings, write_xlsx(tmp_path / "chi_tieu_2.xlsx", rows))
    assert accepted.status == "accepted", messages(accepted.errors)
    targets = {(t[0], t[1]): (t[2], t[3]) for t in con.execute("SELECT * FROM target_current").fetchall()}
    assert targets[("187", "stores")] == (60.0, "pct")
    assert targets[("06505", "stores")] == (55.5, "pct")
    assert targets[("06508", "team_members")] == (2.0, "count")
