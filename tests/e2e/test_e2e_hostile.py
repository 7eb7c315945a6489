"""A hostile workbook uploaded to the running dashboard is refused in Vietnamese, and the server
keeps serving: a real report is read next, and another page loads."""

from __future__ import annotations

import urllib.request

import pytest

from tests.e2e.browser import (
    add_import_admin, browser_page, chromium_or_skip, open_import_page, running_dashboard, wait_for_app,
)
from tests.hostile_files import CORNERS, hostile_xlsx
from tests.ingest_fixtures import title_block, write_xlsx

pytestmark = pytest.mark.e2e


def test_a_hostile_workbook_is_refused_and_the_server_keeps_serving(empty_db, tmp_path):
    chromium = chromium_or_skip()
    # 5 KB: one cell at A1, one at XFD1048576; reading it would once abort the whole server.
    hostile = hostile_xlsx(tmp_path / "goc_bang_tinh.xlsx", CORNERS)
    rows = title_block("UBND HUYỆN CHI LĂNG", "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021") + [
        ["TT", "Xã", "Cửa hàng số mở mới", "TK TTĐT mở mới"], [1, "Vạn Linh", 26, 20]]
    report = write_xlsx(tmp_path / "bao_cao_chi_lang.xlsx", rows)
    add_import_admin(empty_db)
    with running_dashboard(empty_db) as url, browser_page(chromium) as page:
        open_import_page(page, url)
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(hostile))
        page.get_by_text("Tệp «goc_bang_tinh.xlsx» bị từ chối: 1 lỗi", exact=False).wait_for(timeout=90_000)
        wait_for_app(page)
        # The reason (the sheet and the limits) is in the errors table, drawn on a canvas; the
        # pipeline and CLI tests read it.
        page.get_by_text("Lỗi (1)").wait_for()
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as response:
            assert response.status == 200
        # The server still reads files: a real report is previewed as valid.
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(report))
        page.get_by_text("hợp lệ", exact=False).first.wait_for(timeout=90_000)
        wait_for_app(page)
        page.goto(f"{url}/tong-quan")
        page.get_by_text("Tổng quan chiến dịch phát triển kinh tế số").first.wait_for(timeout=90_000)
        wait_for_app(page)
        page.screenshot(path=str(tmp_path / "after_hostile.png"))
