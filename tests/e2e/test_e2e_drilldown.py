"""The drill-down in a real browser: clicking a district's bar opens its communes, and the
selection is in the URL so the link can be shared."""

import pytest

from tests.e2e.browser import browser_page, chromium_or_skip, running_dashboard, sign_in, wait_for_app

pytestmark = pytest.mark.e2e


def test_click_a_bar_to_go_down_and_share_the_link(demo_db):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url, browser_page(chromium) as page:
        sign_in(page, url)
        wait_for_app(page)
        page.goto(f"{url}/tien-do")
        wait_for_app(page)
        bars = page.locator('[data-testid="stPlotlyChart"]').first.locator(".barlayer .point path")
        assert bars.count() == 11                       # the province's districts
        # plotly listens on its drag layer above the bars: click where the bar is drawn
        box = bars.first.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url("**huyen=*", timeout=60_000)
        wait_for_app(page)
        assert "huyen=" in page.url
        # The rerun after the URL change may still be drawing on a loaded machine: wait for the text.
        page.get_by_text("Các xã, phường, thị trấn").first.wait_for(timeout=60_000)
        shared = page.url
        page.goto(shared)
        wait_for_app(page)
        assert page.locator('[data-testid="stPlotlyChart"]').first.locator(".barlayer .point path").count() > 1


def test_click_a_treemap_tile_to_go_down(demo_db):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url, browser_page(chromium) as page:
        sign_in(page, url)
        wait_for_app(page)
        page.goto(f"{url}/tien-do?huyen=187")
        wait_for_app(page)
        page.get_by_role("radio", name="Bản đồ ô (theo số hộ)").click()
        wait_for_app(page)
        tiles = page.locator('[data-testid="stPlotlyChart"]').first.locator(".treemaplayer path.surface")
        tiles.first.wait_for(timeout=60_000)
        assert tiles.count() >= 20                      # Chi Lăng's communes (and the root tile)
        box = tiles.nth(1).bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url("**xa=*", timeout=60_000)
        wait_for_app(page)
        assert "huyen=187" in page.url and "xa=" in page.url
        page.get_by_text("Các thôn, bản, khối phố").first.wait_for(timeout=60_000)
