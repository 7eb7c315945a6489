"""Who is behind, in a real browser at 1440×900: a phase-2 district before its phase begins is
shown grey as not started, not as a failure."""

import pytest

from tests.e2e.browser import browser_page, chromium_or_skip, running_dashboard, sign_in, wait_for_app

pytestmark = pytest.mark.e2e

NOT_STARTED = "chưa bắt đầu (từ 20/09)"


def set_as_of(page, day: str) -> None:
    """Enter a day (YYYY-MM-DD) in the sidebar's as-of date; leaving the field applies it."""
    field = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] input')
    field.fill(day)
    page.locator('[data-testid="stMain"] h1').first.click()
    wait_for_app(page)


def pick_district(page, name: str) -> None:
    """Scope the pages to one district through the sidebar."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Huyện/thành phố", exact=True).click()
    wait_for_app(page)
    box = sidebar.locator('[data-testid="stSelectbox"]').filter(has_text="Chọn huyện/thành phố")
    box.click()
    page.get_by_role("option", name=name).click()
    wait_for_app(page)


def test_phase_two_district_on_1_september_is_not_started(demo_db, tmp_path):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url, browser_page(chromium, width=1440, height=900) as page:
        sign_in(page, url)
        set_as_of(page, "2021-09-01")
        page.locator('[data-testid="stSidebar"]').get_by_text("đến ngày 01/09/2021").wait_for()
        pick_district(page, "Huyện Lộc Bình")
        delta = page.locator('[data-testid="stMetricDelta"]').filter(has_text=NOT_STARTED).first
        delta.wait_for(timeout=60_000)
        page.screenshot(path=str(tmp_path / "overview-loc-binh-1-9.png"))
        assert "so với chỉ tiêu" not in page.locator('[data-testid="stMetric"]').nth(1).inner_text()
        # grey: the delta is drawn neither in the red of a shortfall nor in the green of a surplus
        red, green, blue = page.evaluate(
            "e => getComputedStyle(e).color.match(/\\d+/g).slice(0, 3).map(Number)", delta.element_handle())
        assert max(red, green, blue) - min(red, green, blue) < 40
