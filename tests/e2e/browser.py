"""Run `streamlit run dashboard.py` on a free localhost port and drive it with headless Chromium."""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]


def chromium_or_skip() -> str:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(candidate):
            return candidate
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail("REQUIRE_BROWSER=1 but no Chromium at /usr/bin/chromium (apt-get install chromium)")
    pytest.skip("no Chromium at /usr/bin/chromium: browser tests need `apt-get install chromium`")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_dashboard(db_path: Path, timeout: float = 90.0, script: Path = ROOT / "dashboard.py",
                      port: int | None = None, secrets_file: Path | None = None):
    """Start the dashboard (or one page script on its own) on the given database, with its own
    secrets.toml when given (the repository's .streamlit/ stays untouched); yield its base URL;
    stop it afterwards."""
    port = port or free_port()
    options = ["--secrets.files", str(secrets_file)] if secrets_file else []
    env = {**os.environ, "DASHBOARD_DB": str(db_path), "PYTHONPATH": str(ROOT),
           "DASHBOARD_SECRET": secrets.token_urlsafe(32)}
    log = open(db_path.parent / f"streamlit-{port}.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", *options],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError("streamlit did not start:\n" + (db_path.parent / f"streamlit-{port}.log").read_text())
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True}


@contextlib.contextmanager
def browser_page(executable: str, width: int = 1400, height: int = 2200, **options):
    """A Playwright page in headless Chromium (downloads allowed); `options` go to the browser
    context (e.g. `**PHONE`: a 390×844 touch screen)."""
    from playwright.sync_api import sync_playwright

    options = {"viewport": {"width": width, "height": height}, **options}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS, headless=True)
        context = browser.new_context(accept_downloads=True, locale="vi-VN", **options)
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def wait_for_app(page) -> None:
    """Wait until the script run finished and the charts are drawn."""
    page.wait_for_selector('[data-testid="stApp"]')
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const state = app && app.getAttribute('data-test-script-state');
            return state && !['initial', 'running', 'rerunRequested'].includes(state)
                && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]');
        }""",
        timeout=120_000,
    )
    # elements whose code loads lazily (tables, charts) show skeletons until it has arrived
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stMain\"] [data-testid=\"stSkeleton\"]')",
                           timeout=60_000)
    if page.query_selector('[data-testid="stPlotlyChart"]'):
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)


DEMO_ADMIN = ("quantri", "quantri-mau-2021")
SESSION_COOKIE = "kts_session"


def submit_login(page, username: str, password: str) -> None:
    """Fill the login form and press «Đăng nhập» (the page must show the form)."""
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu", exact=True).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def sign_in(page, url: str, username: str = DEMO_ADMIN[0], password: str = DEMO_ADMIN[1]) -> None:
    """Open the dashboard, sign in (the demo admin by default) and wait until the pages show:
    the session cookie then keeps this browser signed in for later `goto`s."""
    page.goto(url)
    page.wait_for_selector('[data-testid="stForm"]')
    submit_login(page, username, password)
    page.wait_for_selector('[data-testid="stSidebar"] button:has-text("Đăng xuất")', timeout=60_000)
    # the browser then goes through the route that sets the cookie: a `goto` before it is set
    # would land on the login page again
    for _ in range(240):
        if any(c["name"] == SESSION_COOKIE for c in page.context.cookies()):
            break
        page.wait_for_timeout(250)
    wait_for_app(page)


IMPORT_ADMIN = ("boss", "mat-khau-quan-tri")


def add_import_admin(db_path: Path) -> None:
    """A database from `init` has no account: the first admin is made as the machine's operator."""
    from analytics.access import operator
    from analytics.accounts import add_account
    from analytics.db import open_database

    con = open_database(db_path)
    try:
        add_account(con, operator("tests"), IMPORT_ADMIN[0], "admin", password=IMPORT_ADMIN[1])
    finally:
        con.close()


def open_import_page(page, url: str) -> None:
    """Sign in as the import admin and open «Nhập báo cáo»."""
    sign_in(page, url, *IMPORT_ADMIN)
    page.goto(f"{url}/nhap-bao-cao")
    wait_for_app(page)


def artefacts(tmp_path: Path) -> Path:
    """Where browser tests leave screenshots to look at: $TEST_ARTEFACTS when set, else the
    test's temporary folder (never the repository)."""
    folder = Path(os.environ.get("TEST_ARTEFACTS") or tmp_path / "artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder
