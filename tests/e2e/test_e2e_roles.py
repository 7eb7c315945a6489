"""Roles in a real browser: a district officer cannot open another district by editing the URL
nor import a row outside their district; a viewer has no import page; the demo season cannot be
undone by one click."""

import pytest

from tests.e2e.browser import browser_page, chromium_or_skip, running_dashboard, sign_in, wait_for_app
from tests.ingest_fixtures import write_xlsx

pytestmark = pytest.mark.e2e


def test_district_officer_stays_in_their_district(demo_db, tmp_path):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url, browser_page(chromium) as page:
        sign_in(page, url, "chilang", "chilang-mau-2021")
        page.goto(f"{url}/tien-do?huyen=183")             # Cao Lộc, edited by hand
        wait_for_app(page)
        page.get_by_text("ngoài phạm vi của tài khoản").first.wait_for(timeout=60_000)
        wait_for_app(page)
        main = page.inner_text('[data-testid="stMain"]')
        assert "Huyện Chi Lăng" in main and "Huyện Cao Lộc" not in main

        page.goto(f"{url}/nhap-bao-cao")
        wait_for_app(page)
        rows = [["TT", "Huyện", "Xã", "Ngày", "Cửa hàng số mở mới"],
                [1, "Chi Lăng", "Vạn Linh", "05/08/2021", 2], [2, "Hữu Lũng", "Hòa Bình", "05/08/2021", 3]]
        path = write_xlsx(tmp_path / "hai_huyen.xlsx", rows)
        page.set_input_files('[data-testid="stFileUploader"] input[type=file]', str(path))
        page.get_by_text("bị từ chối").first.wait_for(timeout=60_000)
        wait_for_app(page)
        assert page.get_by_role("button", name="Xác nhận nhập").count() == 0
        # (the error table is drawn on a canvas; the row and unit it names are checked in
        # tests/test_writes.py against the same importer)
        assert "hai_huyen.xlsx» bị từ chối" in page.inner_text('[data-testid="stMain"]')


def test_viewer_has_no_import_page_and_the_demo_cannot_be_undone_by_one_click(demo_db):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url:
        with browser_page(chromium) as page:
            sign_in(page, url, "xem", "xem-mau-2021")
            sidebar = page.inner_text('[data-testid="stSidebar"]')
            assert "Nhập báo cáo" not in sidebar and "Tổng quan" in sidebar
        with browser_page(chromium) as page:
            admin_undoes_the_demo(page, url)


def admin_undoes_the_demo(page, url):
    """The demo admin opens the undo of the demo season: figures shown, confirmation locked."""
    sign_in(page, url)                                  # the demo admin
    page.goto(f"{url}/nhap-bao-cao")
    wait_for_app(page)
    page.get_by_role("button", name="Hoàn tác", exact=True).click()
    page.get_by_text("Gõ lại số lần nhập").first.wait_for(timeout=60_000)
    wait_for_app(page)
    confirm = page.get_by_role("button", name="Xác nhận hoàn tác")
    assert confirm.is_disabled()                        # the upload's number must be typed first
    assert "116.392" in page.inner_text('[data-testid="stMain"]')   # the stores it would remove
