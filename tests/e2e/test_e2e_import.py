"""The import page in headless Chromium: upload a daily report, confirm, see the figures change."""

from __future__ import annotations

import pytest

from tests.e2e.browser import (
    add_import_admin, browser_page, chromium_or_skip, open_import_page, running_dashboard, wait_for_app,
)
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
    add_import_admin(empty_db)
    with running_dashboard(empty_db) as url, browser_page(chromium) as page:
        open_import_page(page, url)
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
