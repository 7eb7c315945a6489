"""The ranking page in a real browser: click «Tải bảng (Excel)» and open the downloaded workbook."""

import openpyxl
import pytest

from analytics import texts
from tests.e2e.browser import browser_page, chromium_or_skip, running_dashboard, sign_in, wait_for_app

pytestmark = pytest.mark.e2e


def test_ranking_excel_download(demo_db, tmp_path):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url, browser_page(chromium) as page:
        # Through the menu: on a freshly started server the very first request for a page URL
        # (before any script run registered the pages) answers «Page not found».
        sign_in(page, url)
        wait_for_app(page)
        page.locator('[data-testid="stSidebarNav"]').get_by_text(texts.NAV_RANKING).click()
        page.wait_for_url("**/xep-hang?*ngay=*")      # the page keeps the campaign and as-of date in its address
        wait_for_app(page)
        page.wait_for_selector('[data-testid="stDataFrame"]')
        assert texts.RANKING_PAGE_TITLE in page.inner_text('[data-testid="stMain"]')
        button = page.get_by_role("button", name=texts.DOWNLOAD_EXCEL)
        with page.expect_download(timeout=60_000) as download_info:
            button.click()
        download = download_info.value
        assert download.suggested_filename == "xep-hang-huyen-2021-12-31.xlsx"
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        page.screenshot(path=str(tmp_path / "ranking.png"))

    sheet = openpyxl.load_workbook(path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "UBND TỈNH LẠNG SƠN"
    assert texts.RANKING_TITLES["district"] in [row[0] for row in values]
    header = next(i for i, row in enumerate(values) if row[0] == texts.RANKING_COLUMNS["rank"])
    total = next(i for i, row in enumerate(values) if texts.EXPORT_TOTAL in row)
    assert total - header - 1 == 11
    assert sorted(row[0] for row in values[header + 1:total]) == list(range(1, 12))
    assert sheet.page_setup.orientation == "landscape"
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
