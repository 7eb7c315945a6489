"""Sign-in in a real browser against `streamlit run`: the cookie keeps you signed in across a
reload, sign-out ends it, a tampered cookie is refused, five wrong passwords lock the name."""

import pytest

from tests.e2e.browser import (
    browser_page, chromium_or_skip, running_dashboard, sign_in, submit_login, wait_for_app,
)

pytestmark = pytest.mark.e2e
COOKIE = "kts_session"


def session_cookie(page):
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def shows_login(page) -> bool:
    page.wait_for_selector('[data-testid="stForm"], [data-testid="stSidebar"] button:has-text("Đăng xuất")')
    wait_for_app(page)
    return page.query_selector('[data-testid="stForm"]') is not None


def test_sign_in_reload_logout_and_tampered_cookie(demo_db):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url, browser_page(chromium) as page:
        sign_in(page, url, "chilang", "chilang-mau-2021")
        cookie = session_cookie(page)
        assert cookie and cookie["httpOnly"] and cookie["expires"] > 0
        assert "Cán bộ huyện Chi Lăng" in page.inner_text('[data-testid="stSidebar"]')

        page.reload()
        assert not shows_login(page), "a reload keeps the session"

        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_selector('[data-testid="stForm"]')
        # the browser is sent to the route that clears the cookie: on a loaded machine that may
        # come a moment after the login form is drawn
        for _ in range(40):
            if session_cookie(page) is None:
                break
            page.wait_for_timeout(250)
        page.reload()
        assert shows_login(page), "after sign-out a reload shows the login page"
        assert session_cookie(page) is None

        # an ended session stays ended even if its old cookie comes back
        page.context.add_cookies([{**cookie}])
        page.reload()
        assert shows_login(page)

        sign_in(page, url, "chilang", "chilang-mau-2021")
        good = session_cookie(page)
        value = good["value"]
        tampered = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
        page.context.add_cookies([{**good, "value": tampered}])
        page.reload()
        assert shows_login(page), "a tampered cookie is refused"
        assert "hết hạn hoặc không hợp lệ" in page.inner_text('[data-testid="stMain"]')


def test_five_wrong_passwords_lock_the_account(demo_db):
    chromium = chromium_or_skip()
    with running_dashboard(demo_db) as url, browser_page(chromium) as page:
        page.goto(url)
        page.wait_for_selector('[data-testid="stForm"]')
        page.get_by_text("Dữ liệu mẫu").first.wait_for(timeout=60_000)
        for attempt in range(5):
            submit_login(page, "vanlinh", f"sai-{attempt}")
            page.wait_for_selector(f'[data-testid="stAlert"]:has-text("{"tạm khóa" if attempt == 4 else "không đúng"}")')
            wait_for_app(page)
        submit_login(page, "vanlinh", "vanlinh-mau-2021")
        page.wait_for_timeout(1500)
        wait_for_app(page)
        assert "tạm khóa" in page.inner_text('[data-testid="stMain"]')
        assert session_cookie(page) is None
