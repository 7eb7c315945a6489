"""The import page in headless Chromium: upload a daily report, confirm, see the figures change."""

from __future__ import annotations

import pytest

from analytics.access import operator
from analytics.accounts import add_account
from analytics.db import open_database
from tests.e2e.browser import browser_page, chromium_or_skip, running_dashboard, sign_in, wait_for_app
from tests.ingest_fixtures import title_block, write_xlsx

pytestmark = pytest.mark.e2e


def stores_metric(page) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text="Cửa hàng số (báo cáo xã)")
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_upload_confirm_and_see_figures_change(empty_db, tmp_path):
    chromium = chromium_or_skip()
    rows = title_block("UBND HUYỆN CHI LĂNG", "BÁO CÁO KẾT QUẢ NGÀY 05/8/2021") + [
        ["TT", "Xã", "Cửa hàng số mở mới", "TK TTĐT mở mới"], [1, "Vạn Linh", 26, 20], [2, "Vân An", "1.200", 4]]
    report = write_xlsx(tmp_path / "bao_cao_chi_lang.xlsx", rows)
    # A database from `init` has no account: the first admin is made as the machine's operator.
    con = open_database(empty_db)
    add_account(con, operator("tests"), "boss", "admin", password="mat-khau-quan-tri")
    con.close()
    with running_dashboard(empty_db) as url, browser_page(chromium) as page:
        sign_in(page, url, "boss", "mat-khau-quan-tri")
        page.goto(f"{url}/nhap-bao-cao")
        wait_for_app(page)
        assert stores_metric(page) == "0"
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(report))
        page.get_by_text("hợp lệ", exact=False).first.wait_for(timeout=60_000)
        wait_for_app(page)
        assert "thêm mới" in page.inner_text('[data-testid="stMain"]') or page.locator(
            '[data-testid="stDataFrame"]').count() >= 1
        page.get_by_role("button", name="Xác nhận nhập").click()
        page.get_by_text("Đã nhập «bao_cao_chi_lang.xlsx»", exact=False).wait_for(timeout=60_000)
        wait_for_app(page)
        assert stores_metric(page) == "1.226"
        page.screenshot(path=str(tmp_path / "import.png"))
