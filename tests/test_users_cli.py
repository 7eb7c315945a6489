"""`python -m analytics user ...` and who acts for a writing command (--user / --as-admin)."""

import io
import json

import duckdb

from analytics.cli import main


def stdin(monkeypatch, *lines):
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))


def last_audit(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT username, action, object FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()


def test_first_admin_then_accounts_by_name(empty_db, monkeypatch, capsys):
    assert main(["user", "list", "--db", str(empty_db)]) == 2
    assert "--as-admin" in capsys.readouterr().err
    stdin(monkeypatch, "mat-khau-quan-tri")
    assert main(["user", "add", "boss", "--role", "admin", "--as-admin", "--password-stdin", "--db", str(empty_db)]) == 0
    assert last_audit(empty_db)[0].startswith("operator:")
    stdin(monkeypatch, "mat-khau-quan-tri", "mat-khau-can-bo")
    assert main(["user", "add", "hoa.nv", "--role", "commune", "--scope", "van linh", "--email", "hoa@example.org",
                 "--user", "boss", "--password-stdin", "--db", str(empty_db)]) == 0
    assert "Xã Vạn Linh" in capsys.readouterr().out
    assert last_audit(empty_db) == ("boss", "account_add", "account hoa.nv")
    stdin(monkeypatch, "mat-khau-quan-tri")
    assert main(["user", "list", "--format", "json", "--user", "boss", "--password-stdin", "--db", str(empty_db)]) == 0
    rows = {r["username"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["hoa.nv"]["scope_code"] == "06505" and "password_hash" not in rows["hoa.nv"]


def test_refusals_exit_2_in_vietnamese(empty_db, monkeypatch, capsys):
    stdin(monkeypatch, "mat-khau-quan-tri")
    main(["user", "add", "boss", "--role", "admin", "--as-admin", "--password-stdin", "--db", str(empty_db)])
    stdin(monkeypatch, "mat-khau-can-bo")
    main(["user", "add", "hoa.nv", "--role", "commune", "--scope", "06505", "--as-admin", "--password-stdin",
          "--db", str(empty_db)])
    capsys.readouterr()
    stdin(monkeypatch, "sai")
    assert main(["user", "list", "--user", "boss", "--password-stdin", "--db", str(empty_db)]) == 2
    assert "Không dùng được tài khoản «boss»" in capsys.readouterr().err
    stdin(monkeypatch, "x")
    assert main(["user", "list", "--user", "khong.co", "--password-stdin", "--db", str(empty_db)]) == 2
    stdin(monkeypatch, "mat-khau-can-bo")
    assert main(["user", "list", "--user", "hoa.nv", "--password-stdin", "--db", str(empty_db)]) == 2
    assert "quản trị" in capsys.readouterr().err
    assert main(["user", "list", "--user", "boss", "--as-admin", "--db", str(empty_db)]) == 2
    assert main(["user", "add", "x", "--role", "district", "--scope", "Vạn Linh", "--as-admin", "--password-stdin",
                 "--db", str(empty_db)]) == 1
    assert "Không tìm thấy huyện" in capsys.readouterr().err


def test_disable_and_passwd(empty_db, monkeypatch, capsys):
    stdin(monkeypatch, "mat-khau-can-bo")
    main(["user", "add", "hoa.nv", "--role", "viewer", "--as-admin", "--password-stdin", "--db", str(empty_db)])
    stdin(monkeypatch, "mat-khau-moi-1")
    assert main(["user", "passwd", "hoa.nv", "--as-admin", "--password-stdin", "--db", str(empty_db)]) == 0
    assert last_audit(empty_db)[1] == "account_password"
    assert main(["user", "disable", "hoa.nv", "--as-admin", "--db", str(empty_db)]) == 0
    assert main(["user", "disable", "khong.co", "--as-admin", "--db", str(empty_db)]) == 1


def test_writes_act_as_a_named_account_or_the_operator(demo_db, tmp_path, monkeypatch, capsys):
    assert main(["undo", "1", "--db", str(demo_db)]) == 2
    assert "--user" in capsys.readouterr().err
    stdin(monkeypatch, "xem-mau-2021")
    assert main(["demo", "--force", "--user", "xem", "--password-stdin", "--db", str(demo_db)]) == 2
    stdin(monkeypatch, "sai")
    assert main(["demo", "--force", "--user", "quantri", "--password-stdin", "--db", str(demo_db)]) == 2
    stdin(monkeypatch, "quantri-mau-2021")
    assert main(["demo", "--force", "--user", "quantri", "--password-stdin", "--db", str(demo_db)]) == 0
    assert last_audit(demo_db)[:2] == ("quantri", "demo_replace")
