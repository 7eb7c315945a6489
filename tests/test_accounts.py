"""Accounts: argon2 hashes, sign-in with locks (unknown names alike), disabled accounts,
sessions and the audit rows of each attempt."""

import datetime as dt
import json

import pytest

from analytics import accounts, texts
from analytics.access import AccessDenied, Actor, operator
from analytics.accounts import AccountError
from analytics.db import data_version, open_database
from analytics.demo import DEMO_ACCOUNTS, is_demo
from analytics.demo_today import TODAY_ACCOUNTS
from analytics.settings import AuthSettings

AUTH = AuthSettings(max_failed_logins=5, lock_minutes=15, idle_minutes=120, session_days=7)
T0 = dt.datetime(2026, 3, 2, 8, 0, 0)
ADMIN = operator("test")


@pytest.fixture()
def con(empty_db):
    con = open_database(empty_db)
    accounts.add_account(con, ADMIN, "hoa.nv", "commune", "06505", "mat-khau-dai", "Hoa@Example.org")
    yield con
    con.close()


def audit_rows(con, username):
    return con.execute("SELECT action, details FROM audit_log WHERE username = ? ORDER BY id", [username]).fetchall()


def test_password_is_stored_only_as_an_argon2_hash(con):
    stored = con.execute("SELECT password_hash FROM account WHERE username = 'hoa.nv'").fetchone()[0]
    assert stored.startswith("$argon2id$") and "mat-khau-dai" not in stored


def test_sign_in_gives_the_actor_with_its_scope_and_is_audited(con):
    version = data_version(con)
    result = accounts.authenticate(con, "Hoa.NV ", "mat-khau-dai", AUTH, client="10.0.0.7", now=T0)
    assert result.ok
    assert result.actor == Actor("hoa.nv", "commune", "187", "06505", "hoa.nv", "10.0.0.7")
    assert audit_rows(con, "hoa.nv")[-1][0] == "login_ok"
    assert data_version(con) == version, "a sign-in changes no figure: cached queries stay valid"


def test_wrong_password_and_unknown_name_get_the_same_message(con):
    wrong = accounts.authenticate(con, "hoa.nv", "sai-mat-khau", AUTH, now=T0)
    unknown = accounts.authenticate(con, "khong.co", "sai-mat-khau", AUTH, now=T0)
    assert not wrong.ok and not unknown.ok
    assert wrong.message == unknown.message == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert audit_rows(con, "khong.co")[-1][0] == "login_failed"


@pytest.mark.parametrize("name", ["hoa.nv", "khong.co"])
def test_five_failures_lock_for_fifteen_minutes_then_unlock(con, name):
    messages = [accounts.authenticate(con, name, "sai", AUTH, now=T0 + dt.timedelta(seconds=i)).message
                for i in range(5)]
    assert messages[:4] == ["Tên đăng nhập hoặc mật khẩu không đúng."] * 4
    assert "tạm khóa 15 phút" in messages[4]
    # even the right password is refused while locked, with the same message for both names
    during = accounts.authenticate(con, name, "mat-khau-dai", AUTH, now=T0 + dt.timedelta(minutes=14))
    assert during.locked and during.message == messages[4]
    after = accounts.authenticate(con, name, "mat-khau-dai", AUTH, now=T0 + dt.timedelta(minutes=15, seconds=5))
    assert not after.locked
    assert after.ok == (name == "hoa.nv")
    actions = [a for a, _ in audit_rows(con, name)]
    assert actions[:6] == ["login_failed"] * 5 + ["login_locked"]
    assert "login_while_locked" in actions


def test_a_success_resets_the_failure_count(con):
    for i in range(4):
        accounts.authenticate(con, "hoa.nv", "sai", AUTH, now=T0)
    assert accounts.authenticate(con, "hoa.nv", "mat-khau-dai", AUTH, now=T0).ok
    assert not accounts.authenticate(con, "hoa.nv", "sai", AUTH, now=T0).locked


def test_disabled_account_cannot_sign_in_and_its_sessions_end(con):
    actor = accounts.authenticate(con, "hoa.nv", "mat-khau-dai", AUTH, now=T0).actor
    token = accounts.start_session(con, actor, AUTH, now=T0)
    accounts.disable_account(con, ADMIN, "hoa.nv", now=T0)
    result = accounts.authenticate(con, "hoa.nv", "mat-khau-dai", AUTH, now=T0)
    assert not result.ok and result.message == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert accounts.session_actor(con, token, AUTH, now=T0) is None
    assert json.loads(audit_rows(con, "hoa.nv")[-1][1])["reason"] == "disabled"


def test_rehash_when_parameters_change(con, monkeypatch):
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("mat-khau-dai")
    con.execute("UPDATE account SET password_hash = ? WHERE username = 'hoa.nv'", [weak])
    assert accounts.authenticate(con, "hoa.nv", "mat-khau-dai", AUTH, now=T0).ok
    stored = con.execute("SELECT password_hash FROM account WHERE username = 'hoa.nv'").fetchone()[0]
    assert stored != weak and not PasswordHasher().check_needs_rehash(stored)


def test_sessions_expire_when_idle_and_absolutely_and_end_on_logout(con):
    actor = accounts.find_actor(con, "hoa.nv")
    token = accounts.start_session(con, actor, AUTH, now=T0)
    assert accounts.session_actor(con, token, AUTH, now=T0 + dt.timedelta(minutes=119)) == actor
    assert accounts.session_actor(con, token, AUTH, now=T0 + dt.timedelta(minutes=119 + 121)) is None
    # kept alive by activity, a session still ends after session_days
    token = accounts.start_session(con, actor, AUTH, now=T0)
    for hours in range(1, 7 * 24, 1):
        alive = accounts.session_actor(con, token, AUTH, now=T0 + dt.timedelta(hours=hours))
        if alive is None:
            break
    assert hours == 7 * 24 - 1 or alive is None
    assert accounts.session_actor(con, token, AUTH, now=T0 + dt.timedelta(days=7, minutes=1)) is None
    token = accounts.start_session(con, actor, AUTH, now=T0)
    accounts.end_session(con, token, actor, now=T0)
    assert accounts.session_actor(con, token, AUTH, now=T0) is None
    assert accounts.session_actor(con, "forged", AUTH, now=T0) is None
    assert audit_rows(con, "hoa.nv")[-1][0] == "logout"


@pytest.mark.parametrize(("role", "scope", "words"), [
    ("admin", "187", "toàn tỉnh"),
    ("district", None, "cần phạm vi"),
    ("district", "06505", "không phải huyện"),
    ("commune", "187", "không phải xã"),
    ("viewer", "99999", "không phải huyện hoặc xã"),
    ("boss", None, "không hợp lệ"),
])
def test_scopes_must_fit_the_role(con, role, scope, words):
    with pytest.raises(AccountError, match=words):
        accounts.add_account(con, ADMIN, "moi", role, scope, "mat-khau-dai")


def test_viewer_scopes_and_email_lookup(con):
    assert accounts.add_account(con, ADMIN, "xem.huyen", "viewer", "187", "mat-khau-dai").district == "187"
    assert accounts.add_account(con, ADMIN, "xem.tinh", "viewer", None, "mat-khau-dai").scope_level == "province"
    assert accounts.find_by_email(con, "hoa@example.ORG").username == "hoa.nv"
    with pytest.raises(AccountError, match="đã gắn"):
        accounts.add_account(con, ADMIN, "hoa2", "viewer", None, "mat-khau-dai", "HOA@example.org")


def test_only_admins_manage_accounts(con):
    officer = accounts.find_actor(con, "hoa.nv")
    with pytest.raises(AccessDenied):
        accounts.add_account(con, officer, "moi", "viewer", None, "mat-khau-dai")
    with pytest.raises(AccessDenied):
        accounts.disable_account(con, officer, "hoa.nv")
    with pytest.raises(AccountError, match="ít nhất 8"):
        accounts.set_password(con, officer, "hoa.nv", "ngan")
    actions = [a for a, _ in audit_rows(con, ADMIN.username)]
    assert actions == ["account_add"]


def test_demo_has_one_account_per_role_and_init_has_none(demo_con, empty_db):
    frame = accounts.list_accounts(demo_con)
    # one per role for the first campaign, and the 2026 campaign's commune officer
    assert sorted(frame["role"]) == sorted(a[2] for a in DEMO_ACCOUNTS + TODAY_ACCOUNTS)
    assert is_demo(demo_con)
    for username, password, *_ in DEMO_ACCOUNTS + TODAY_ACCOUNTS:
        stored = demo_con.execute("SELECT password_hash FROM account WHERE username = ?", [username]).fetchone()[0]
        assert stored.startswith("$argon2") and password not in stored
    fresh = open_database(empty_db)
    try:
        assert not accounts.has_accounts(fresh) and not is_demo(fresh)
    finally:
        fresh.close()


def test_provider_email_signs_in_the_account_case_insensitively_and_is_audited(con):
    result = accounts.authenticate_email(con, " HOA@example.ORG", client="10.0.0.7", now=T0)
    assert result.ok and result.actor.username == "hoa.nv"
    assert (result.actor.role, result.actor.district, result.actor.commune) == ("commune", "187", "06505")
    action, details = audit_rows(con, "hoa.nv")[-1]
    assert action == "login_oidc_ok" and json.loads(details) == {"email": "hoa@example.org"}


def test_provider_email_of_no_account_or_a_disabled_one_is_refused_and_audited(con):
    refused = accounts.authenticate_email(con, "la@example.org", now=T0)
    assert not refused.ok and refused.message == texts.LOGIN_OIDC_UNKNOWN.format(email="la@example.org")
    assert [(a, json.loads(d)["reason"]) for a, d in audit_rows(con, "la@example.org")] == [
        ("login_oidc_unknown", "unknown")]
    accounts.disable_account(con, ADMIN, "hoa.nv", now=T0)
    assert not accounts.authenticate_email(con, "hoa@example.org", now=T0).ok
    action, details = audit_rows(con, "hoa.nv")[-1]
    assert action == "login_oidc_unknown" and json.loads(details)["reason"] == "disabled"


def test_only_a_fresh_verified_provider_identity_gives_an_email():
    now = 1_800_000_000
    fresh = {"is_logged_in": True, "email": "hoa@example.org", "iat": now - 10}
    assert accounts.fresh_oidc_email(fresh, now) == "hoa@example.org"
    assert accounts.fresh_oidc_email({**fresh, "email_verified": True}, now) == "hoa@example.org"
    assert accounts.fresh_oidc_email({**fresh, "email_verified": False}, now) is None
    assert accounts.fresh_oidc_email({**fresh, "iat": now - accounts.OIDC_FRESH_SECONDS - 1}, now) is None
    assert accounts.fresh_oidc_email({**fresh, "iat": now + 3600}, now) is None
    assert accounts.fresh_oidc_email({**fresh, "iat": None}, now) is None
    assert accounts.fresh_oidc_email({**fresh, "email": ""}, now) is None
    assert accounts.fresh_oidc_email({**fresh, "is_logged_in": False}, now) is None
    assert accounts.fresh_oidc_email({}, now) is None
