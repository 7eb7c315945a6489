"""Links that keep their day and scope, and the pages on a phone, in a real browser: the as-of
date and the scope survive a reload, a fresh browser and a page switch; a warning's link opens
the drill-down on the warning's day; on a 390×844 touch screen the sidebar closes after a page
is chosen and one tap on a bar drills down. Screenshots of every page at 1440×900 and 390×844
go to the artefact folder (tests/e2e/browser.artefacts)."""

import datetime as dt
import shutil

import pytest

from analytics import texts, vnformat
from analytics.access import operator
from analytics.coverage import overview
from analytics.db import open_database
from analytics.settings import load_settings
from tests.e2e.browser import (PHONE, artefacts, browser_page, chromium_or_skip, running_dashboard, sign_in,
                               wait_for_app)

pytestmark = pytest.mark.e2e

AS_OF = dt.date(2021, 8, 2)
CHI_LANG, VAN_LINH = "187", "06505"
LINK = f"?ngay={AS_OF.isoformat()}&huyen={CHI_LANG}&xa={VAN_LINH}"
PAGES = ["", "tien-do", "giai-doan", "bao-cao-hang-ngay", "canh-bao", "to-cong-nghe-so", "xep-hang",
         "nhap-bao-cao", "nhat-ky"]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, demo_db_template):
    """One dashboard on a copy of the demo for the module (each test opens its own browser), and
    the demo's template, from which the tests compute the figures the pages must show."""
    db = tmp_path_factory.mktemp("links") / "demo.duckdb"
    shutil.copy(demo_db_template, db)
    with running_dashboard(db) as url:
        yield url, demo_db_template


def stores_card(db, as_of: dt.date, district=None, commune=None) -> tuple[str, str]:
    """The stores card as the page must show it: its label (with the %) and its figure, computed
    on the demo's template (the dashboard holds its own copy's file)."""
    con = open_database(db, read_only=True)
    try:
        level = "commune" if commune else "district" if district else "province"
        row = overview(con, load_settings(), as_of, level, district, commune, actor=operator("tests")).summary
    finally:
        con.close()
    return (texts.KPI_LABEL_PCT.format(label=texts.KPI_STORES, pct=vnformat.percent(row["stores_pct"])),
            vnformat.number(row["stores"]))


def wait_for_card(page, card: tuple[str, str]) -> None:
    """Wait until the stores card shows this label and figure (the page may still be rerunning)."""
    label, value = card
    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
    metric.wait_for(timeout=90_000)
    page.wait_for_function(
        "([label, value]) => Array.from(document.querySelectorAll('[data-testid=\"stMetric\"]')).some("
        "m => m.innerText.includes(label) && m.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() === value)",
        arg=[label, value], timeout=90_000)


def wait_for_scope(page, as_of: dt.date, commune_name: str) -> None:
    """Wait until the sidebar shows this day and this commune."""
    page.wait_for_function(
        "([day, name]) => {"
        " const input = document.querySelector('[data-testid=\"stSidebar\"] input[type=\"date\"]');"
        " const picks = Array.from(document.querySelectorAll('[data-testid=\"stSidebar\"] [data-testid=\"stSelectbox\"]'));"
        " return input && input.value === day && picks.some(p => (p.querySelector('input')?.value || '') === name); }",
        arg=[as_of.isoformat(), commune_name], timeout=90_000)


def wait_for_url(page, *parts: str) -> None:
    page.wait_for_function("(parts) => parts.every(p => window.location.href.includes(p))", arg=list(parts),
                           timeout=90_000)


def test_date_and_scope_survive_a_reload_a_new_browser_and_a_page_switch(dashboard):
    chromium = chromium_or_skip()
    url, db = dashboard
    card = stores_card(db, AS_OF, CHI_LANG, VAN_LINH)
    # the figure the link must not fall back to: the default day shows another one
    assert card != stores_card(db, load_settings().campaign_end, CHI_LANG, VAN_LINH)
    with browser_page(chromium, 1440, 900) as page:
        sign_in(page, url)
        page.goto(f"{url}/{LINK}")
        wait_for_app(page)
        wait_for_scope(page, AS_OF, "Xã Vạn Linh")
        wait_for_card(page, card)
        page.reload()
        wait_for_app(page)
        wait_for_scope(page, AS_OF, "Xã Vạn Linh")
        wait_for_card(page, card)
        shared = page.url

        fresh = page.context.browser.new_context(viewport={"width": 1440, "height": 900}, locale="vi-VN")
        other = fresh.new_page()
        other.set_default_timeout(60_000)
        try:
            sign_in(other, url)
            other.goto(shared)
            wait_for_app(other)
            wait_for_scope(other, AS_OF, "Xã Vạn Linh")
            wait_for_card(other, card)
        finally:
            fresh.close()

        # a page chosen in the menu keeps them, and so does the way back
        page.locator('[data-testid="stSidebarNav"] a', has_text=texts.NAV_PHASES).click()
        wait_for_url(page, "/giai-doan", f"ngay={AS_OF.isoformat()}", f"xa={VAN_LINH}")
        page.get_by_text(texts.DISTRICT_ONLY.split(":")[0]).first.wait_for(timeout=90_000)
        page.locator('[data-testid="stSidebarNav"] a', has_text=texts.NAV_OVERVIEW).click()
        wait_for_url(page, f"ngay={AS_OF.isoformat()}", f"xa={VAN_LINH}")
        wait_for_card(page, card)

        # a date typed in the field and Enter: applied, in the URL and on the page
        later = AS_OF + dt.timedelta(days=8)
        page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"] [data-type="day"]').click()
        page.keyboard.type(later.strftime("%d%m%Y"))
        page.keyboard.press("Enter")
        wait_for_url(page, f"ngay={later.isoformat()}", f"xa={VAN_LINH}")
        wait_for_card(page, stores_card(db, later, CHI_LANG, VAN_LINH))


def test_an_invalid_link_is_ignored_with_a_notice(dashboard):
    chromium = chromium_or_skip()
    url, _ = dashboard
    with browser_page(chromium, 1440, 900) as page:
        sign_in(page, url)
        page.goto(f"{url}/tien-do?ngay=2021-02-30&huyen=999")
        wait_for_app(page)
        page.get_by_text("2021-02-30").first.wait_for(timeout=90_000)
        page.get_by_text("«999»").first.wait_for(timeout=90_000)
        assert not page.locator('[data-testid="stException"]').count()


def test_a_warning_link_opens_the_drill_down_on_the_warning_day(dashboard):
    chromium = chromium_or_skip()
    url, db = dashboard
    with browser_page(chromium, 1440, 900) as page:
        sign_in(page, url)
        page.goto(f"{url}/canh-bao?ngay={AS_OF.isoformat()}&huyen={CHI_LANG}")
        wait_for_app(page)
        # the table is drawn on a canvas; its accessible copy holds each row's link
        row = page.locator('[data-testid="stDataFrame"] tr', has_text="Xã Vạn Linh").first
        row.wait_for(state="attached", timeout=90_000)
        link = row.locator("td", has_text="tien-do?").first.inner_text()
        assert f"ngay={AS_OF.isoformat()}" in link
        page.goto(page.evaluate("(href) => new URL(href, window.location.href).href", link))
        wait_for_app(page)
        wait_for_url(page, "/tien-do", f"xa={VAN_LINH}")
        wait_for_scope(page, AS_OF, "Xã Vạn Linh")
        wait_for_card(page, stores_card(db, AS_OF, CHI_LANG, VAN_LINH))


def sidebar_closed(page) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().right <= 0",
        timeout=60_000)


def test_on_a_phone_the_sidebar_closes_and_one_tap_drills_down(dashboard):
    chromium = chromium_or_skip()
    url, _ = dashboard
    with browser_page(chromium, **PHONE) as page:
        sign_in(page, url)
        page.goto(f"{url}/?ngay={AS_OF.isoformat()}")
        wait_for_app(page)
        sidebar_closed(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stSidebar\"]').getBoundingClientRect().left >= 0")
        page.locator('[data-testid="stSidebarNav"] a', has_text=texts.NAV_PROGRESS).click()
        wait_for_url(page, "/tien-do", f"ngay={AS_OF.isoformat()}")
        sidebar_closed(page)
        wait_for_app(page)

        chart = page.locator('[data-testid="stPlotlyChart"]').first
        chart.scroll_into_view_if_needed()
        bar = chart.locator(".barlayer .point path").nth(1)
        bar.wait_for()
        box = bar.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        wait_for_url(page, "huyen=")
        page.get_by_text(texts.PROGRESS_CHILDREN["commune"]).first.wait_for(timeout=90_000)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_screenshots_of_every_page(dashboard, tmp_path, screen):
    """Every page at 1440×900 and 390×844 into the artefact folder; on a phone the title stays in
    the top quarter of the screen and the KPI cards go two per row."""
    chromium = chromium_or_skip()
    url, _ = dashboard
    folder = artefacts(tmp_path)
    options = PHONE if screen == "phone" else {"viewport": {"width": 1440, "height": 900}}
    height = options["viewport"]["height"]
    with browser_page(chromium, **options) as page:
        page.goto(url)
        page.wait_for_selector('[data-testid="stForm"]')
        page.screenshot(path=str(folder / f"{screen}-dang-nhap.png"))
        sign_in(page, url)
        for path in PAGES:
            page.goto(f"{url}/{path}?ngay={AS_OF.isoformat()}&huyen={CHI_LANG}")
            wait_for_app(page)
            title = page.locator('[data-testid="stMain"] h1').first
            title.wait_for(timeout=90_000)
            page.screenshot(path=str(folder / f"{screen}-{path or 'tong-quan'}.png"))
            assert not page.locator('[data-testid="stException"]').count(), path
            if screen == "phone":
                assert title.bounding_box()["y"] + title.bounding_box()["height"] < height / 4, path
            if screen == "phone" and path == "":
                cards = [m.bounding_box() for m in page.locator('[data-testid="stMetric"]').all()[:4]]
                assert cards[0]["y"] == pytest.approx(cards[1]["y"], abs=2)          # side by side
                assert cards[2]["y"] > cards[0]["y"] + cards[0]["height"] - 2          # then the next row
                assert cards[0]["width"] < options["viewport"]["width"] / 2
