"""API tokens on a real database file: created for an account, shown once, stored as a hash,
acting with the account's role and scope, refused once revoked or when the account is
disabled; each step in the audit trail. And `python -m analytics user token ...`."""

from __future__ import annotations

import hashlib
import io
import re

import pytest

from analytics import api
from analytics.access import operator
from analytics.accounts import AccountError, disable_account, find_actor
from analytics.api_tokens import create_token, list_tokens, revoke_token, token_actor
from analytics.cli import main
from analytics.db import open_database


@pytest.fixture()
def con(demo_db):
    connection = open_database(demo_db)
    yield connection
    connection.close()


def audit_rows(con, action):
    return con.execute("SELECT username, client, object, details FROM audit_log WHERE action = ? ORDER BY id",
                       [action]).fetchall()


def test_token_acts_as_its_account_until_revoked(con):
    token_id, secret = create_token(con, operator("tester"), "nhập hằng đêm", "vanlinh")
    stored = con.execute("SELECT token_sha256, last_used_at FROM api_token WHERE id = ?", [token_id]).fetchone()
    assert stored == (hashlib.sha256(secret.encode()).hexdigest(), None)
    assert secret not in str(con.execute("SELECT * FROM api_token").fetchall())

    actor = token_actor(con, secret, "GET /api/v1/coverage")
    assert (actor.username, actor.role, actor.commune, actor.client) == ("vanlinh", "commune", "06505", "api")
    assert con.execute("SELECT last_used_at FROM api_token WHERE id = ?", [token_id]).fetchone()[0] is not None
    assert audit_rows(con, "api_request")[-1][:3] == ("vanlinh", "api", f"api token {token_id}")

    assert token_actor(con, secret + "x", "GET /api/v1/coverage") is None
    assert token_actor(con, None, "GET /api/v1/coverage") is None
    revoke_token(con, operator("tester"), token_id)
    assert token_actor(con, secret, "GET /api/v1/imports") is None
    username, client, _, details = audit_rows(con, "api_token_refused")[-1]
    assert (username, client) == ("vanlinh", "api") and '"revoked": true' in details
    with pytest.raises(AccountError, match="đã bị thu hồi"):
        revoke_token(con, operator("tester"), token_id)


def test_disabled_account_token_refused_and_401(con):
    _, secret = create_token(con, operator("tester"), "xuất xếp hạng", "chilang")
    assert api.authenticate(con, f"Bearer {secret}", "GET /api/v1/ranking").username == "chilang"
    disable_account(con, operator("tester"), "chilang")
    with pytest.raises(api.ApiError) as refused:
        api.authenticate(con, f"Bearer {secret}", "GET /api/v1/ranking")
    assert refused.value.status == 401 and "không hợp lệ" in refused.value.body["error"]
    with pytest.raises(api.ApiError) as missing:
        api.authenticate(con, None, "GET /api/v1/ranking")
    assert missing.value.status == 401 and "Bearer" in missing.value.body["error"]


def test_only_admins_manage_other_accounts_tokens(con):
    vanlinh = find_actor(con, "vanlinh")
    own_id, _ = create_token(con, vanlinh, "của tôi", "vanlinh")
    with pytest.raises(AccountError, match="chilang"):
        create_token(con, vanlinh, "của người khác", "chilang")
    admin_id, _ = create_token(con, operator("tester"), "khác", "chilang")
    with pytest.raises(AccountError):
        revoke_token(con, vanlinh, admin_id)
    assert list(list_tokens(con, vanlinh)["id"]) == [own_id]
    assert list(list_tokens(con, operator("tester"))["id"]) == [own_id, admin_id]
    with pytest.raises(AccountError, match="Không có tài khoản"):
        create_token(con, operator("tester"), "ma", "khong-co")


def test_token_commands_print_the_secret_once(demo_db, monkeypatch, capsys):
    assert main(["user", "token", "create", "nightly", "--for", "vanlinh", "--db", str(demo_db)]) == 2
    capsys.readouterr()
    assert main(["user", "token", "create", "nightly", "--for", "vanlinh", "--as-admin", "--db", str(demo_db)]) == 0
    secret = re.search(r"kts_\S+", capsys.readouterr().out).group(0)
    assert main(["user", "token", "list", "--format", "json", "--as-admin", "--db", str(demo_db)]) == 0
    listing = capsys.readouterr().out
    assert '"username": "vanlinh"' in listing and secret not in listing
    monkeypatch.setattr("sys.stdin", io.StringIO("vanlinh-mau-2021\n"))
    assert main(["user", "token", "revoke", "1", "--user", "vanlinh", "--password-stdin", "--db", str(demo_db)]) == 0
    assert "thu hồi" in capsys.readouterr().out
    con = open_database(demo_db)
    try:
        assert token_actor(con, secret, "GET /api/v1/imports") is None
        assert [row[0] for row in audit_rows(con, "api_token_revoke")] == ["vanlinh"]
    finally:
        con.close()


class Form(dict):
    """Request parameters as a Starlette form gives them."""

    def getlist(self, key):
        return [self[key]] if key in self else []


def test_api_writes_audited_as_api_with_the_undo_confirmation(con, settings, tmp_path):
    from tests.ingest_fixtures import write_xlsx

    _, secret = create_token(con, operator("tester"), "nhập", "vanlinh")
    actor = api.authenticate(con, f"Bearer {secret}", "POST /api/v1/imports")
    report = write_xlsx(tmp_path / "vl.xlsx", [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "CHS"], [1, "Vạn Linh", 3]])
    preview = api.ingest(con, settings, actor, report.read_bytes(), report.name,
                         Form(date="2021-12-20", dry_run="true"))
    assert (preview["status"], preview["upload_id"]) == ("dry_run", None)
    result = api.ingest(con, settings, actor, report.read_bytes(), report.name, Form(date="2021-12-20"))
    assert result["status"] == "accepted"
    assert audit_rows(con, "import")[-1][:2] == ("vanlinh", "api")

    with pytest.raises(api.ApiError) as unconfirmed:
        api.undo(con, actor, result["upload_id"], **api.undo_params(Form()))
    assert unconfirmed.value.status == 409 and unconfirmed.value.body["preview"]["unit_names"] == ["Xã Vạn Linh"]
    assert not audit_rows(con, "undo")
    done = api.undo(con, actor, result["upload_id"], **api.undo_params(Form(yes="true")))
    assert done["undone"]["undone_by"] == "vanlinh" and audit_rows(con, "undo")[-1][:2] == ("vanlinh", "api")
    with pytest.raises(api.ApiError) as demo:
        api.undo(con, actor, 1, yes=True)
    assert demo.value.status == 403 and demo.value.body["preview"]["upload_id"] == 1

    viewer = find_actor(con, "xem", "api")
    with pytest.raises(api.ApiError) as refused:
        api.ingest(con, settings, viewer, report.read_bytes(), report.name, Form())
    assert refused.value.status == 403
    with pytest.raises(api.ApiError) as bad:
        api.ingest(con, settings, actor, report.read_bytes(), report.name, Form(values="weekly"))
    assert bad.value.status == 400 and "values" in bad.value.body["error"]
