"""The overview page in a real browser: the KPI figures of the demo season are on the page."""

import pytest

from tests.e2e.browser import browser_page, chromium_or_skip, running_dashboard, sign_in, wait_for_app

pytestmark = pytest.mark.e2e


def test_overview_shows_demo_kpis(demo_db, tmp_path):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url, browser_page(chromium) as page:
        sign_in(page, url)
        wait_for_app(page)
        page.wait_for_selector('[data-testid="stMetric"]')
        text = page.inner_text('[data-testid="stMain"]')
        assert "Tổng quan chiến dịch" in text
        assert "193.600" in text          # households
        assert "116.392" in text          # stores on 31/12/2021
        assert "60,1 %" in text
        assert "1.702" in text and "6.214" in text   # teams and members
        page.screenshot(path=str(tmp_path / "overview.png"))
