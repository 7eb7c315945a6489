"""Two campaigns in a real browser: the sidebar's «Chiến dịch» switches from the 2021 campaign
(with its districts) to Chiến dịch 2026 (communes directly under the province since 1/7/2025) and
back; a page of each shows that campaign's own figures, and the 2026 pages name no district."""

import pytest

from analytics import campaigns, texts, vnformat
from analytics.access import operator
from analytics.alerts import alerts
from analytics.coverage import overview
from analytics.db import open_database
from analytics.demo_today import LAST_DAY
from analytics.settings import load_settings
from tests.e2e.browser import artefacts, browser_page, chromium_or_skip, running_dashboard, sign_in, wait_for_app

pytestmark = pytest.mark.e2e

TODAY = "2026"


def expected(db, campaign: str) -> dict:
    """What the pages must show, computed on the demo's template: the province's households on
    the campaign's default day, and the number of stalled communes on the 2026 campaign's last day."""
    settings = load_settings()
    con = open_database(db, read_only=True)
    try:
        bound = campaigns.bind(con, settings, campaign)
        own = campaigns.settings_of(bound, settings)
        day = LAST_DAY if campaign == TODAY else own.campaign_end
        households = overview(bound, own, day, "province", actor=operator("tests")).summary["households"]
        stalled = int((alerts(bound, own, day, actor=operator("tests"))["type"] == "stalled").sum())
    finally:
        con.close()
    return {"name": own.campaign.name, "day": vnformat.date(day), "households": vnformat.number(households),
            "stalled": vnformat.number(stalled)}


def pick_campaign(page, name: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stSelectbox"]', has_text=texts.CAMPAIGN_PICK).first.click()
    page.get_by_role("option", name=name).click()
    wait_for_app(page)


def wait_for_metric(page, label: str, value: str) -> None:
    page.wait_for_function(
        "([label, value]) => Array.from(document.querySelectorAll('[data-testid=\"stMetric\"]')).some("
        "m => m.innerText.includes(label) && m.querySelector('[data-testid=\"stMetricValue\"]').innerText.trim() === value)",
        arg=[label, value], timeout=90_000)


def test_the_sidebar_switches_campaign_and_each_shows_its_own_pages(demo_db, demo_db_template, tmp_path):
    chromium = chromium_or_skip()
    first, today = expected(demo_db_template, load_settings().campaigns[0].id), expected(demo_db_template, TODAY)
    folder = artefacts(tmp_path)
    with running_dashboard(demo_db) as url, browser_page(chromium, width=1440, height=1400) as page:
        sign_in(page, url)
        sidebar = page.locator('[data-testid="stSidebar"]')
        main = page.locator('[data-testid="stMain"]')
        sidebar.get_by_text(texts.SCOPE_DISTRICT, exact=True).wait_for()
        wait_for_metric(page, texts.KPI_HOUSEHOLDS, first["households"])

        pick_campaign(page, today["name"])
        page.wait_for_function("() => window.location.href.includes('chien_dich=2026')", timeout=90_000)
        wait_for_metric(page, texts.KPI_HOUSEHOLDS, today["households"])
        main.get_by_text(texts.TABLE_COMMUNES, exact=True).wait_for()
        sidebar.get_by_text(texts.SCOPE_COMMUNE_TODAY, exact=True).wait_for()
        assert sidebar.get_by_text(texts.SCOPE_DISTRICT, exact=True).count() == 0
        assert "huyện" not in main.inner_text().lower()
        page.screenshot(path=str(folder / "campaign-2026-overview.png"))

        sidebar.get_by_role("link", name=texts.NAV_WARNINGS).click()
        wait_for_app(page)
        page.wait_for_function("() => window.location.href.includes('canh-bao') && "
                               "window.location.href.includes('chien_dich=2026')", timeout=90_000)
        main.get_by_text(today["day"]).first.wait_for()
        wait_for_metric(page, texts.ALERT_TYPES["stalled"], today["stalled"])
        assert "huyện" not in main.inner_text().lower()
        page.screenshot(path=str(folder / "campaign-2026-warnings.png"))

        pick_campaign(page, first["name"])
        page.wait_for_function("() => window.location.href.includes('chien_dich=2021')", timeout=90_000)
        sidebar.get_by_text(texts.SCOPE_DISTRICT, exact=True).wait_for()
        main.get_by_text(first["day"]).first.wait_for()
        assert main.get_by_text(texts.WARNINGS_FILTER_DISTRICT, exact=True).count() >= 1
