"""Sign-in through a real OpenID Connect provider (oidc-provider-mock on localhost): the e-mail
of an account opens the dashboard with that account's role and scope, sign-out forgets both the
dashboard session and the provider's identity, and an e-mail no account has is refused."""

import contextlib
import secrets
import subprocess
import sys
import time
import urllib.request

import duckdb
import pytest

from tests.e2e.browser import browser_page, chromium_or_skip, free_port, running_dashboard, wait_for_app

pytestmark = pytest.mark.e2e
OFFICER_EMAIL = "Chi.Lang@langson.example"
SIGNED_IN = '[data-testid="stSidebar"] button:has-text("Đăng xuất")'


@contextlib.contextmanager
def oidc_provider(log_dir):
    """oidc-provider-mock on a free localhost port; yields its issuer URL. Any client id and
    secret are accepted; its form lets you type the subject, which is also the e-mail claim."""
    port = free_port()
    log = open(log_dir / f"oidc-{port}.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    issuer = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oidc-provider-mock did not start:\n" + (log_dir / f"oidc-{port}.log").read_text())
                time.sleep(0.2)
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def write_secrets(path, issuer: str, port: int):
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "dashboard-test"\n'
        'client_secret = "dashboard-test-secret"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n')
    return path


def audit_actions(db_path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute("SELECT username, action FROM audit_log WHERE action LIKE 'login_oidc%' ORDER BY id").fetchall()
    finally:
        con.close()


def sign_in_with_provider(page, url: str, subject: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Đăng nhập bằng tài khoản tổ chức").click()
    page.get_by_placeholder("sub").fill(subject)
    page.get_by_role("button", name="Authorize").click()


def test_sign_in_with_the_provider_and_a_refused_email(demo_db, tmp_path):
    chromium = chromium_or_skip()
    con = duckdb.connect(str(demo_db))
    con.execute("UPDATE account SET email = ? WHERE username = 'chilang'", [OFFICER_EMAIL.lower()])
    con.close()
    port = free_port()
    with oidc_provider(tmp_path) as issuer:
        secrets_file = write_secrets(tmp_path / "secrets.toml", issuer, port)
        with running_dashboard(demo_db, port=port, secrets_file=secrets_file) as url, browser_page(chromium) as page:
            sign_in_with_provider(page, url, OFFICER_EMAIL)
            page.wait_for_selector(SIGNED_IN, timeout=60_000)
            wait_for_app(page)
            assert "Cán bộ huyện Chi Lăng" in page.inner_text('[data-testid="stSidebar"]')
            assert any(c["name"] == "kts_session" for c in page.context.cookies())

            page.reload()
            page.wait_for_selector(SIGNED_IN, timeout=60_000)
            wait_for_app(page)

            page.get_by_role("button", name="Đăng xuất").click()
            page.get_by_role("button", name="End session").click()  # the provider asks to confirm
            page.wait_for_selector('[data-testid="stForm"]')
            wait_for_app(page)
            assert not any(c["name"] in ("kts_session", "_streamlit_user") for c in page.context.cookies())
            page.reload()
            page.wait_for_selector('[data-testid="stForm"]')
            wait_for_app(page)
            assert page.query_selector(SIGNED_IN) is None

            sign_in_with_provider(page, url, "nguoi.la@example.org")
            page.wait_for_selector('[data-testid="stAlert"]:has-text("chưa gắn với tài khoản nào")', timeout=60_000)
            wait_for_app(page)
            assert "nguoi.la@example.org" in page.inner_text('[data-testid="stMain"]')
            assert page.query_selector(SIGNED_IN) is None
    assert audit_actions(demo_db) == [("chilang", "login_oidc_ok"), ("nguoi.la@example.org", "login_oidc_unknown")]
