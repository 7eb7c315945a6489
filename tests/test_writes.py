"""Accounts and protected writes: import scope, undo permission, preview and confirmation,
admin-only presets, and the audit rows written with each change."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from analytics import audit, texts
from analytics.access import AccessDenied, Actor
from analytics.cli import main
from analytics.db import open_database
from analytics.ingest import UndoError, list_uploads, undo_preview, undo_upload
from analytics.ranking import delete_preset, presets, save_preset
from tests.conftest import ROOT
from tests.signin import signed_in
from tests.ingest_fixtures import (  # noqa: F401  (con is a fixture)
    TESTER, con, gia_cat_households, run, title_block, write_xlsx,
)

CHI_LANG = "187"
VAN_LINH = "06505"
DISTRICT_OFFICER = Actor("cb.chilang", "district", district=CHI_LANG)
VAN_LINH_OFFICER = Actor("cb.vanlinh", "commune", district=CHI_LANG, commune=VAN_LINH)
VAN_LINH_DEPUTY = Actor("pho.vanlinh", "commune", district=CHI_LANG, commune=VAN_LINH)
VIEWER = Actor("xem", "viewer")


def daily(tmp_path, rows, name="bc.xlsx"):
    """A daily report of 05/8/2021 with a district column: rows of (district, commune, stores)."""
    body = [["TT", "Huyện", "Xã", "Ngày", "Cửa hàng số mở mới", "TK TTĐT mở mới"]]
    body += [[i, district, commune, "05/08/2021", stores, 1] for i, (district, commune, stores) in enumerate(rows, 1)]
    return write_xlsx(tmp_path / name, body)


def counts(con) -> tuple[int, int, int]:
    """(report rows, accepted uploads, audit rows of imports)"""
    return (con.execute("SELECT count(*) FROM report").fetchone()[0],
            con.execute("SELECT count(*) FROM upload WHERE status = 'accepted'").fetchone()[0],
            con.execute("SELECT count(*) FROM audit_log WHERE action LIKE 'import%'").fetchone()[0])


def test_a_district_officer_upload_with_a_row_of_another_district_is_refused_whole(con, settings, tmp_path):
    path = daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3), ("Hữu Lũng", "Hòa Bình", 4)])
    result = run(con, settings, path, actor=DISTRICT_OFFICER)
    assert result.status == "refused"
    row = next(e for e in result.errors if e.row is not None)
    assert row.row == 3 and row.sheet == "Báo cáo"
    assert row.message.startswith("Xã Hòa Bình thuộc Huyện Hữu Lũng, ngoài phạm vi của tài khoản")
    assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 0
    (action, details), = con.execute("SELECT action, details FROM audit_log WHERE action LIKE 'import%'").fetchall()
    assert action == "import_refused" and "Hòa Bình" in details
    # the same file without that row is theirs to send
    assert run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3)], "ok.xlsx"),
               actor=DISTRICT_OFFICER).status == "accepted"


def test_commune_officers_write_their_commune_only_and_viewers_nothing(con, settings, tmp_path):
    other = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vân An", 3)]), actor=VAN_LINH_OFFICER)
    assert other.status == "refused" and "Xã Vân An thuộc Huyện Chi Lăng" in other.errors[-1].message
    viewer = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3)], "v.xlsx"), actor=VIEWER)
    assert viewer.status == "refused" and "chỉ được xem" in viewer.errors[0].message
    nobody = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3)], "n.xlsx"), actor=None)
    assert nobody.status == "refused" and nobody.errors[0].message == texts.IMPORT_NO_ACCOUNT
    assert counts(con)[:2] == (0, 0)
    assert run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3)], "own.xlsx"),
               actor=VAN_LINH_OFFICER).status == "accepted"


def test_district_targets_are_admin_only(con, settings, tmp_path):
    rows = [["TT", "Đơn vị", "Chỉ tiêu cửa hàng số (%)"], [1, "Huyện Chi Lăng", 60]]
    path = write_xlsx(tmp_path / "chi_tieu.xlsx", rows)
    refused = run(con, settings, path, actor=DISTRICT_OFFICER, kind="targets")
    assert refused.status == "refused", refused.errors
    assert any("chỉ tài khoản quản trị" in e.message for e in refused.errors)
    assert run(con, settings, path, actor=TESTER, kind="targets").status == "accepted"


def test_undo_permissions(con, settings, tmp_path):
    mine = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3)], "a.xlsx"), actor=VAN_LINH_OFFICER)
    deputy = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 5)], "b.xlsx"), actor=VAN_LINH_DEPUTY)
    other = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vân An", 9)], "c.xlsx"), actor=TESTER)
    elsewhere = run(con, settings, daily(tmp_path, [("Hữu Lũng", "Hòa Bình", 2)], "d.xlsx"), actor=TESTER)
    for upload in (deputy, other):
        with pytest.raises(UndoError):
            undo_upload(con, upload.upload_id, VAN_LINH_OFFICER)
    with pytest.raises(UndoError, match="ngoài phạm vi"):
        undo_upload(con, elsewhere.upload_id, DISTRICT_OFFICER)
    with pytest.raises(UndoError):
        undo_upload(con, other.upload_id, VIEWER)
    assert con.execute("SELECT count(*) FROM upload WHERE undone_at IS NOT NULL").fetchone()[0] == 0
    undo_upload(con, mine.upload_id, VAN_LINH_OFFICER)
    undo_upload(con, deputy.upload_id, DISTRICT_OFFICER)
    undo_upload(con, elsewhere.upload_id, TESTER)
    history = list_uploads(con).set_index("id")
    assert history.loc[deputy.upload_id, "status"] == "undone"
    assert history.loc[deputy.upload_id, "undone_by"] == "cb.chilang"
    assert history.loc[other.upload_id, "status"] == "accepted"


def test_undo_preview_figures(con, settings, tmp_path):
    upload = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3), ("Chi Lăng", "Vân An", 9)]))
    later = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 4)], "sua.xlsx"))
    preview = undo_preview(con, later.upload_id, DISTRICT_OFFICER)
    assert preview.allowed and not preview.needs_confirm_id
    assert (preview.file_name, preview.user_name, len(preview.units), len(preview.days)) == ("sua.xlsx", "tester", 1, 1)
    # Vạn Linh's 4 falls back to the 3 of the first file; Vân An is not in scope of this upload
    assert (preview.before["stores"], preview.after["stores"]) == (4, 3)
    first = undo_preview(con, upload.upload_id, TESTER)
    assert set(first.units["name"]) == {"Xã Vạn Linh", "Xã Vân An"}
    assert (first.before["stores"], first.after["stores"]) == (13, 4)
    assert con.execute("SELECT count(*) FROM upload WHERE undone_at IS NOT NULL").fetchone()[0] == 0


def test_households_with_later_reports_need_the_number_typed(con, settings, tmp_path):
    villages = run(con, settings, gia_cat_households(tmp_path))
    rows = title_block("UBND XÃ GIA CÁT", "BÁO CÁO NGÀY 05/10/2021") + [
        ["TT", "Thôn", "Cửa hàng số mở mới"], [1, "Bắc Nga", 4], [2, "Liên Hòa", 6]]
    report = run(con, settings, write_xlsx(tmp_path / "thon.xlsx", rows))
    assert report.status == "accepted", report.errors
    preview = undo_preview(con, villages.upload_id, TESTER)
    assert list(preview.dependants["id"]) == [report.upload_id] and preview.needs_confirm_id
    with pytest.raises(UndoError, match="gõ lại"):
        undo_upload(con, villages.upload_id, TESTER)
    undo_upload(con, villages.upload_id, TESTER, confirm_id=villages.upload_id)
    assert con.execute("SELECT undone_by FROM upload WHERE id = ?", [villages.upload_id]).fetchone()[0] == "tester"


def test_the_demo_season_needs_its_number_typed(demo_db):
    con = open_database(demo_db)
    try:
        with pytest.raises(UndoError):
            undo_upload(con, 1, DISTRICT_OFFICER)
        with pytest.raises(UndoError, match="gõ lại"):
            undo_upload(con, 1, TESTER)
        with pytest.raises(UndoError):
            undo_upload(con, 1, TESTER, confirm_id=2)
        assert con.execute("SELECT undone_at FROM upload WHERE id = 1").fetchone()[0] is None
        done = undo_upload(con, 1, TESTER, confirm_id=1)
        assert done["before"]["stores"] > 0 and done["after"]["stores"] == 0
        details = con.execute("SELECT details FROM audit_log WHERE action = 'undo'").fetchone()[0]
        assert '"confirm_id": 1' in details
    finally:
        con.close()


def test_cli_undo_asks_for_yes_and_the_typed_number(demo_db, capsys):
    assert main(["undo", "1", "--db", str(demo_db)]) == 2            # who acts must be said
    capsys.readouterr()
    assert main(["undo", "1", "--as-admin", "--db", str(demo_db)]) == 1
    out, err = capsys.readouterr()
    assert "Mùa dữ liệu mẫu" in out and "Cửa hàng số:" in out and "--confirm-id 1" in err
    assert main(["undo", "1", "--as-admin", "--yes", "--db", str(demo_db)]) == 1
    assert "gõ lại" in capsys.readouterr().err
    assert main(["undo", "1", "--as-admin", "--yes", "--confirm-id", "1", "--db", str(demo_db)]) == 0


def test_audit_rows_commit_with_their_change_or_not_at_all(con, settings, tmp_path, monkeypatch):
    upload = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3)]))
    undo_upload(con, upload.upload_id, TESTER)
    save_preset(con, settings, "Thử", {"teams": 1}, TESTER)
    delete_preset(con, "Thử", TESTER)
    logged = audit.entries(con)
    assert list(logged["action"])[:4] == ["preset_delete", "preset_save", "undo", "import"]
    assert set(logged["username"][:4]) == {"tester"}
    assert list(logged["object"])[2:4] == [f"upload {upload.upload_id}"] * 2

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    before = counts(con)
    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 7)], "x.xlsx"))
    assert counts(con) == before
    # the upload row written before the data stays, closed as failed with the reason
    assert con.execute("SELECT status, details->>'failure' FROM upload ORDER BY id").fetchall()[1] == (
        "failed", "Lỗi khi ghi (RuntimeError); không có dữ liệu nào được ghi.")
    monkeypatch.undo()
    second = run(con, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 7)], "y.xlsx"))
    monkeypatch.setattr(audit, "record", broken)
    with pytest.raises(RuntimeError):
        undo_upload(con, second.upload_id, TESTER)
    assert con.execute("SELECT undone_at FROM upload WHERE id = ?", [second.upload_id]).fetchone()[0] is None
    with pytest.raises(RuntimeError):
        save_preset(con, settings, "Hỏng", {"teams": 1}, TESTER)
    assert "Hỏng" not in presets(con, settings)


def test_presets_need_an_admin(con, settings):
    with pytest.raises(AccessDenied):
        save_preset(con, settings, "Của huyện", {"teams": 1}, DISTRICT_OFFICER)
    save_preset(con, settings, "Của tỉnh", {"teams": 1}, TESTER)
    with pytest.raises(AccessDenied):
        delete_preset(con, "Của tỉnh", VAN_LINH_OFFICER)
    assert "Của tỉnh" in presets(con, settings)


def audit_page(app_env, path, actor) -> AppTest:
    app_env(path)
    at = AppTest.from_file(str(ROOT / "pages" / "audit_log.py"), default_timeout=60)
    at.session_state["kts_auth_actor"] = actor
    return at.run()


def test_audit_page_for_an_admin(app_env, empty_db, settings, tmp_path):
    connection = open_database(empty_db)
    try:
        run(connection, settings, daily(tmp_path, [("Chi Lăng", "Vạn Linh", 3)]), actor=VAN_LINH_OFFICER)
    finally:
        connection.close()
    at = audit_page(app_env, empty_db, TESTER)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert list(table.columns) == list(texts.AUDIT_COLUMNS.values())
    assert list(table["Hành động"]) == ["Nhập báo cáo", "Khởi tạo cơ sở dữ liệu"]
    assert table["Thời gian"].str.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d").all()
    at.selectbox(key="kts_audit_account").set_value("cb.vanlinh").run()
    assert list(at.dataframe[0].value["Tài khoản"]) == ["cb.vanlinh"]
    at.selectbox(key="kts_audit_action").set_value("init").run()
    assert not at.dataframe and at.info[0].value == texts.AUDIT_EMPTY


def test_audit_page_refuses_others(app_env, empty_db):
    at = audit_page(app_env, empty_db, DISTRICT_OFFICER)
    assert not at.exception
    assert at.error[0].value == texts.ACCESS_DENIED_ADMIN and not at.dataframe


def test_audit_page_in_the_navigation():
    source = (ROOT / "dashboard.py").read_text(encoding="utf-8")
    assert 'st.Page("pages/audit_log.py", title=texts.NAV_AUDIT' in source and 'url_path="nhat-ky"' in source


def test_import_page_asks_for_the_demo_number_before_undoing_it(app_env, demo_db):
    app_env(demo_db)
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / "import_reports.py"), default_timeout=120)).run()
    at.button(key="kts_import_undo").click().run()
    assert not at.exception
    assert any("Mùa dữ liệu mẫu" in w.value for w in at.warning)
    confirm = at.button(key="kts_import_undo_confirm")
    assert confirm.disabled
    at.text_input(key="kts_import_undo_confirm_id_1").input("1").run()
    at.button(key="kts_import_undo_confirm").click().run()
    assert not at.exception
    assert any("Đã hoàn tác lần nhập số 1" in s.value for s in at.success)
    assert list(at.dataframe[-1].value["Trạng thái"]) == ["Đã hoàn tác"]
