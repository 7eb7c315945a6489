"""The login page in AppTest: wrong password, success shows the pages, the demo banner, roles."""

from streamlit.testing.v1 import AppTest

from analytics import texts
from analytics.access import Actor
from tests.conftest import ROOT
from tests.signin import signed_in
from ui.safe_text import md

TIMEOUT = 60


def dashboard():
    return AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)


def sign_in(at, username, password):
    at.text_input(key="kts_login_username").input(username)
    at.text_input(key="kts_login_password").input(password)
    at.button[0].click().run()
    return at


def titles(at):
    return [t.value for t in at.title]


def test_nobody_signed_in_sees_only_the_login_page_with_the_demo_accounts(app_env, demo_db):
    app_env(demo_db)
    at = dashboard().run()
    assert not at.exception
    assert titles(at) == [texts.LOGIN_TITLE]
    assert any(texts.DEMO_BANNER in w.value for w in at.warning)
    shown = at.dataframe[0].value
    assert "quantri-mau-2021" in shown[texts.DEMO_ACCOUNT_COLUMNS["password"]].tolist()
    assert not at.sidebar.button


def test_wrong_password_then_success_shows_the_pages(app_env, demo_db):
    app_env(demo_db)
    at = sign_in(dashboard().run(), "quantri", "sai-mat-khau")
    # messages are shown literally (escaped for Markdown: they may quote what was typed)
    assert [e.value for e in at.error] == [md("Tên đăng nhập hoặc mật khẩu không đúng.")]
    assert sign_in(at, "khong.co", "sai-mat-khau").error[0].value == md("Tên đăng nhập hoặc mật khẩu không đúng.")
    at = sign_in(at, "quantri", "quantri-mau-2021")
    assert not at.exception
    assert texts.LOGIN_TITLE not in titles(at) and titles(at)
    assert "Quản trị (mẫu)" in at.sidebar.markdown[0].value
    at.sidebar.button(key="kts_logout").click().run()
    assert titles(at) == [texts.LOGIN_TITLE]
    assert "kts_auth_actor" not in at.session_state


def test_no_demo_banner_on_a_database_from_init(app_env, empty_db):
    app_env(empty_db)
    at = dashboard().run()
    assert titles(at) == [texts.LOGIN_TITLE]
    assert not any(texts.DEMO_BANNER in w.value for w in at.warning)
    assert not at.dataframe


def cannot_open(at, page) -> bool:
    """AppTest refuses to switch to a page the navigation did not register."""
    try:
        at.switch_page(str(ROOT / page))
    except ValueError as exc:
        return "Could not find a navigation page" in str(exc)
    return False


def test_a_viewer_has_no_import_page_and_only_admins_have_the_audit_page(app_env, demo_db):
    app_env(demo_db)
    viewer = signed_in(dashboard(), Actor("xem", "viewer")).run()
    assert cannot_open(viewer, "pages/import_reports.py") and cannot_open(viewer, "pages/audit_log.py")
    officer = signed_in(dashboard(), Actor("vanlinh", "commune", "187", "06505")).run()
    assert cannot_open(officer, "pages/audit_log.py")
    officer.switch_page(str(ROOT / "pages/import_reports.py")).run()
    assert not officer.exception
    admin = signed_in(dashboard()).run()
    admin.switch_page(str(ROOT / "pages/audit_log.py")).run()
    assert texts.AUDIT_PAGE_TITLE in titles(admin)


AUTH_SECRETS = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "kiem-thu",
                "client_id": "dashboard", "client_secret": "kiem-thu",
                "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration"}


def with_provider(at):
    at.secrets["auth"] = AUTH_SECRETS
    return at


def provider_says(monkeypatch, email):
    """Stand in for `st.user` just after the provider's redirect (the real flow: tests/e2e/test_e2e_oidc.py)."""
    import time

    from ui import auth

    issued = int(time.time())  # one identity, issued once: a rerun sees the same one
    monkeypatch.setattr(auth, "_identity", lambda: {"is_logged_in": True, "email": email, "email_verified": None,
                                                    "iat": issued})


def test_the_provider_button_shows_only_when_auth_is_configured(app_env, demo_db):
    app_env(demo_db)
    assert not any(b.label == texts.LOGIN_OIDC for b in dashboard().run().button)
    at = with_provider(dashboard()).run()
    assert not at.exception
    assert at.button(key="kts_login_oidc").label == texts.LOGIN_OIDC


def test_a_provider_email_signs_in_its_account_and_an_unknown_one_is_refused(app_env, demo_db, monkeypatch):
    import duckdb

    con = duckdb.connect(str(demo_db))
    con.execute("UPDATE account SET email = 'chilang@langson.example' WHERE username = 'chilang'")
    con.close()
    app_env(demo_db)
    provider_says(monkeypatch, "ChiLang@LangSon.example")
    at = with_provider(dashboard()).run()
    assert not at.exception
    assert texts.LOGIN_TITLE not in titles(at)
    assert "Cán bộ huyện Chi Lăng" in at.sidebar.markdown[0].value
    assert at.session_state["kts_auth_actor"].district == "187"

    provider_says(monkeypatch, "nguoi.la@example.org")
    at = with_provider(dashboard()).run()
    assert titles(at) == [texts.LOGIN_TITLE]
    assert [e.value for e in at.error] == [md(texts.LOGIN_OIDC_UNKNOWN.format(email="nguoi.la@example.org"))]
    at.run()  # a rerun of the same identity is not a second attempt
    con = duckdb.connect(str(demo_db))  # the app's own connection is still open in this process
    rows = con.execute("SELECT username, action FROM audit_log WHERE action LIKE 'login_oidc%' ORDER BY id").fetchall()
    con.close()
    assert rows == [("chilang", "login_oidc_ok"), ("nguoi.la@example.org", "login_oidc_unknown")]
