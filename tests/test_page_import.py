"""AppTest of the page «Nhập báo cáo»: upload, preview, confirm, undo."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from analytics import texts
from analytics.db import open_database
from tests.conftest import ROOT
from tests.ingest_fixtures import title_block, write_xlsx
from tests.signin import signed_in
from ui.safe_text import md

PAGE = str(ROOT / "pages" / "import_reports.py")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def daily_file(tmp_path, stores=26, name="bc_ngay.xlsx"):
    rows = title_block("UBND HUYỆN CHI LĂNG", "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021") + [
        ["TT", "Xã", "Cửa hàng số mở mới", "TK TTĐT mở mới"], [1, "Vạn Linh", stores, 20], [2, "Vân An", 9, 4]]
    return write_xlsx(tmp_path / name, rows)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def start(app_env, empty_db) -> AppTest:
    app_env(empty_db)
    at = signed_in(AppTest.from_file(PAGE, default_timeout=60)).run()
    assert not at.exception
    return at


def test_page_renders_with_templates_and_empty_history(app_env, empty_db):
    at = start(app_env, empty_db)
    assert at.title[0].value == "Nhập báo cáo"
    assert metric(at, "Cửa hàng số (báo cáo xã)") == "0"
    assert any("Chưa có lần nhập" in c.value for c in at.caption)


def test_upload_preview_confirm_and_undo(app_env, empty_db, tmp_path):
    at = start(app_env, empty_db)
    path = daily_file(tmp_path)
    at.file_uploader(key="kts_import_files_0").set_value((path.name, path.read_bytes(), XLSX)).run()
    assert not at.exception
    assert any("hợp lệ" in s.value for s in at.success)
    preview = at.dataframe[-1].value
    assert set(preview["Thay đổi"]) == {"thêm mới"} and len(preview) == 4
    con = open_database(empty_db, read_only=False)
    try:
        assert con.execute("SELECT count(*) FROM report").fetchone()[0] == 0   # preview writes nothing
    finally:
        con.close()
    at.button(key="kts_import_confirm").click().run()
    assert not at.exception
    assert any(f"Đã nhập «{md('bc_ngay.xlsx')}»" in s.value for s in at.success)   # the file name shown as typed
    assert metric(at, "Cửa hàng số (báo cáo xã)") == "35"
    history = at.dataframe[-1].value
    assert list(history["Trạng thái"]) == ["Đã nhập"]
    at.button(key="kts_import_undo").click().run()
    assert not at.exception
    # one click only opens the preview: nothing is undone yet
    assert metric(at, "Cửa hàng số (báo cáo xã)") == "35"
    assert metric(at, "Đơn vị có số liệu") == "2" and metric(at, "Ngày báo cáo") == "1"
    stores = next(m for m in at.metric if m.label == "Cửa hàng số")
    assert stores.value == "0" and "Hiện nay: 35" in stores.proto.help
    assert set(at.dataframe[-1].value["Đơn vị"]) == {"Xã Vạn Linh", "Xã Vân An"}
    at.button(key="kts_import_undo_confirm").click().run()
    assert not at.exception
    assert any("Đã hoàn tác lần nhập số 1" in s.value for s in at.success)
    assert metric(at, "Cửa hàng số (báo cáo xã)") == "0"
    history = at.dataframe[-1].value
    assert list(history["Trạng thái"]) == ["Đã hoàn tác"]
    assert list(history["Người hoàn tác"]) == ["test.admin"] and history["Hoàn tác lúc"].iloc[0]


def test_refused_file_shows_errors_and_no_confirm(app_env, empty_db, tmp_path):
    at = start(app_env, empty_db)
    rows = [["TT", "Xã", "Ngày", "CHS"], [1, "Hòa Bình", "05/08/2021", "abc"]]
    path = write_xlsx(tmp_path / "loi.xlsx", rows)
    at.file_uploader(key="kts_import_files_0").set_value((path.name, path.read_bytes(), XLSX)).run()
    assert not at.exception
    assert any("bị từ chối" in e.value for e in at.error)
    errors = at.dataframe[0].value
    assert set(errors["Dòng"]) == {2} and {"Xã", "CHS"} <= set(errors["Cột"])
    assert not [b for b in at.button if b.key == "kts_import_confirm"]
    assert any("Không có tệp hợp lệ" in i.value for i in at.info)


def test_kind_override_and_date_option(app_env, empty_db, tmp_path):
    at = start(app_env, empty_db)
    rows = [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "CHS", "TK TTĐT"], [1, "Vạn Linh", 3, 3]]
    path = write_xlsx(tmp_path / "khong_ngay.xlsx", rows)
    at.file_uploader(key="kts_import_files_0").set_value((path.name, path.read_bytes(), XLSX)).run()
    assert any(f"«{texts.IMPORT_USE_DATE}»" in str(v) for v in at.dataframe[0].value["Nội dung"])
    at.checkbox(key="kts_import_use_date").check().run()
    import datetime as dt

    at.date_input(key="kts_import_date").set_value(dt.date(2021, 8, 6)).run()
    at.selectbox(key="kts_import_kind").set_value("daily").run()
    assert not at.exception
    assert any("hợp lệ" in s.value for s in at.success)


def test_hidden_cells_listed_and_included_on_request(app_env, empty_db, tmp_path):
    import openpyxl

    at = start(app_env, empty_db)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [["UBND HUYỆN CHI LĂNG"], ["BÁO CÁO NGÀY 05/8/2021"], [],
                ["TT", "Xã", "Cửa hàng số mở mới", "Cửa hàng số mở mới"], [1, "Vạn Linh", 26, 99], [2, "Vân An", 3, 4]]:
        sheet.append(row)
    sheet.column_dimensions["D"].hidden = True
    sheet.row_dimensions[6].hidden = True
    path = tmp_path / "an.xlsx"
    workbook.save(path)
    at.file_uploader(key="kts_import_files_0").set_value((path.name, path.read_bytes(), XLSX)).run()
    assert not at.exception
    assert any("hợp lệ" in s.value for s in at.success)
    layout = next(e for e in at.expander if "Cách đọc bảng" in e.label)
    columns = layout.dataframe[0].value
    assert list(columns["Cột"]) == ["A", "B", "C"]
    assert any("hàng 6" in c.value and "cột D" in c.value for c in layout.caption)
    preview = at.dataframe[-1].value
    assert list(preview["Mới"]) == ["26"] and list(preview["Cũ"]) == [""]
    assert list(preview["Ngày"]) == ["05/08/2021"]
    at.checkbox(key="kts_import_include_hidden").check().run()
    assert not at.exception
    assert any("bị từ chối" in e.value for e in at.error)


def test_an_officer_picks_only_inside_their_district(app_env, empty_db):
    from analytics.access import Actor

    app_env(empty_db)
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.session_state["kts_auth_actor"] = Actor("chilang", "district", district="187")
    at.run()
    assert not at.exception
    assert at.selectbox(key="kts_import_district").options[1:] == ["Huyện Chi Lăng"]
    communes = at.selectbox(key="kts_import_commune").options[1:]
    assert communes and all(c.endswith("(Chi Lăng)") or "Chi Lăng" in c for c in communes)
