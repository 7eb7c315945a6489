"""The HTTP API of a real running dashboard (`streamlit run dashboard.py` on loopback, started once
for the module) and the CLI's --server: tokens, scope, and the same output and exit codes as the
same command run directly on an equivalent database (a copy of the server's file made before
it started; every write through the server is repeated on it)."""

from __future__ import annotations

import io
import json
import re
import shutil

import httpx
import openpyxl
import pytest

from analytics import texts
from analytics.access import operator
from analytics.api_tokens import create_token, revoke_token
from analytics.cli import main
from analytics.db import open_database
from tests.e2e.browser import running_dashboard
from tests.ingest_fixtures import write_xlsx

ACCOUNTS = {"admin": "quantri", "commune": "vanlinh", "viewer": "xem"}


@pytest.fixture(scope="module")
def server(tmp_path_factory, demo_db_template):
    """(url, tokens by role plus 'revoked', the twin database for direct runs, a work folder)."""
    folder = tmp_path_factory.mktemp("api")
    served, twin = folder / "served.duckdb", folder / "twin.duckdb"
    shutil.copy(demo_db_template, served)
    con = open_database(served)
    try:
        tokens = {role: create_token(con, operator("tester"), f"kiểm thử {role}", name)[1]
                  for role, name in ACCOUNTS.items()}
        revoked_id, tokens["revoked"] = create_token(con, operator("tester"), "đã thu hồi", "quantri")
        revoke_token(con, operator("tester"), revoked_id)
    finally:
        con.close()
    shutil.copy(served, twin)
    with running_dashboard(served) as url:
        yield url, tokens, twin, folder


def get(server, path, role="admin", **params):
    url, tokens, *_ = server
    headers = {"Authorization": f"Bearer {tokens[role]}"} if role else {}
    return httpx.get(url + "/api/v1" + path, params=params, headers=headers, timeout=120)


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    """main(argv) in this process: (exit code, stdout, stderr)."""
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_token_missing_invalid_or_revoked_is_401(server):
    for role in (None, "revoked"):
        answer = get(server, "/coverage", role, level="province")
        assert answer.status_code == 401 and "mã truy cập" in answer.json()["error"].lower()
    url, *_ = server
    forged = httpx.get(url + "/api/v1/imports", headers={"Authorization": "Bearer kts_forged"}, timeout=60)
    assert forged.status_code == 401
    assert get(server, "/coverage", "admin", level="province").status_code == 200


def test_scope_and_role_apply(server):
    other = get(server, "/coverage", "commune", level="village", district="Tràng Định")
    assert other.status_code == 403 and "không có quyền" in other.json()["error"]
    own = get(server, "/coverage", "commune", level="village", commune="Vạn Linh", format="json")
    assert own.status_code == 200 and {row["code"][:5] for row in own.json()} == {"06505"}
    assert get(server, "/imports", "viewer").status_code == 403
    bad = get(server, "/coverage", "admin", level="hamlet")
    assert bad.status_code == 400 and "level" in bad.json()["error"]


def test_imports_refused_to_a_viewer_and_outside_the_commune(server):
    url, tokens, _, folder = server
    other = write_xlsx(folder / "quan_son.xlsx", [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "CHS"], [1, "Quan Sơn", 4]])

    def post(role):
        with other.open("rb") as handle:
            return httpx.post(url + "/api/v1/imports", headers={"Authorization": f"Bearer {tokens[role]}"},
                              files={"file": (other.name, handle)}, data={"date": "2021-12-20", "dry_run": "true"},
                              timeout=120)

    viewer = post("viewer")
    assert viewer.status_code == 403 and "chỉ được xem" in viewer.json()["error"]
    commune = post("commune")
    assert commune.status_code == 422
    result = commune.json()
    assert result["status"] == "refused" and "ngoài phạm vi" in result["errors"][0]["message"]


def same_time(text: str) -> str:
    """Upload times differ between the two databases by the seconds between the runs."""
    return re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", "<time>", text)


def test_cli_server_ingest_and_undo_match_direct(server, capsys, monkeypatch):
    url, tokens, twin, folder = server
    report = write_xlsx(folder / "van_linh.xlsx", [["UBND HUYỆN CHI LĂNG"], ["TT", "Xã", "CHS"], [1, "Vạn Linh", 3]])
    remote = ["--server", url, "--token", tokens["commune"]]
    direct = ["--user", "vanlinh", "--password-stdin", "--db", str(twin)]
    password = "vanlinh-mau-2021\n"

    for extra in (["--dry-run"], ["--dry-run", "--json"], ["--json"]):
        argv = ["ingest", str(report), "--date", "2021-12-20", *extra]
        through = run(capsys, *argv, *remote)
        here = run(capsys, *argv, *direct, stdin=password, monkeypatch=monkeypatch)
        assert through == here and through[0] == 0
    upload_id = json.loads(through[1])["upload_id"]
    assert json.loads(through[1])["status"] == "accepted"

    uploads = [json.loads(run(capsys, "uploads", "--json", *args)[1]) for args in (remote, ["--db", str(twin)])]
    assert [(u["id"], u["file_name"], u["status"]) for u in uploads[0]] == \
           [(u["id"], u["file_name"], u["status"]) for u in uploads[1]]

    for extra in ([], ["--json"], ["--yes"]):
        argv = ["undo", str(upload_id), *extra]
        through = run(capsys, *argv, *remote)
        here = run(capsys, *argv, *direct, stdin=password, monkeypatch=monkeypatch)
        assert (through[0], same_time(through[1]), through[2]) == (here[0], same_time(here[1]), here[2])
    assert through[0] == 0 and f"Đã hoàn tác lần nhập số {upload_id}" in through[1]
    assert run(capsys, "undo", str(upload_id), "--yes", *remote)[0] == 1
    refused = run(capsys, "undo", "1", "--yes", *remote)
    assert refused[0] == 1 and "Lần nhập số 1" in refused[1] and "quản trị" in refused[2]


def test_cli_server_coverage_matches_direct(server, capsys):
    url, tokens, twin, _ = server
    for fmt in ("csv", "json"):
        argv = ["coverage", "--level", "village", "--commune", "Vạn Linh", "--as-of", "2021-09-30", "--format", fmt]
        through = run(capsys, *argv, "--server", url, "--token", tokens["commune"])
        here = run(capsys, *argv, "--user", "vanlinh", "--db", str(twin))
        assert through == here and through[0] == 0 and "Thôn" in through[1]
    outside = run(capsys, "coverage", "--level", "commune", "--district", "Tràng Định", "--server", url,
                  "--token", tokens["commune"])
    assert outside[0] == 2 and "không có quyền" in outside[2]


def test_cli_server_ranking_writes_the_same_file(server, capsys, tmp_path):
    url, tokens, twin, _ = server
    for suffix in ("csv", "xlsx"):
        argv = ["ranking", "--level", "commune", "--district", "Chi Lăng", "--criteria", "stores_pct", "teams",
                "--weights", "3", "1"]
        through = run(capsys, *argv, "--out", str(tmp_path / f"server.{suffix}"), "--server", url,
                      "--token", tokens["admin"])
        here = run(capsys, *argv, "--out", str(tmp_path / f"direct.{suffix}"), "--db", str(twin))
        assert through[0] == here[0] == 0
        assert through[1].replace("server.", "direct.") == here[1] and "Huyện Chi Lăng" in here[1]
        if suffix == "csv":
            assert (tmp_path / "server.csv").read_bytes() == (tmp_path / "direct.csv").read_bytes()
        else:
            sheets = [[list(row) for row in openpyxl.load_workbook(tmp_path / f"{name}.xlsx").active.values]
                      for name in ("server", "direct")]
            assert sheets[0] == sheets[1] and len(sheets[0]) > 10


def test_the_api_works_in_the_campaign_a_request_names(server, capsys, settings):
    """`campaign=` (and `--campaign` with --server) chooses the campaign; one without districts
    refuses the district level with the same message as the command run directly."""
    url, tokens, twin, _ = server
    today = settings.campaigns[1]
    rows = get(server, "/coverage", level="commune", format="json", campaign=today.id).json()
    assert len(rows) == len(today.phases[0].communes) + len(today.phases[1].communes)
    refused = get(server, "/coverage", level="district", campaign=today.id)
    assert refused.status_code == 400 and refused.json()["error"] == texts.NO_DISTRICT_LEVEL.format(campaign=today.name)
    assert get(server, "/coverage", level="province", campaign="khong-co").status_code == 404
    argv = ["coverage", "--level", "province", "--format", "json", "--campaign", today.id]
    through = run(capsys, *argv, "--server", url, "--token", tokens["admin"])
    here = run(capsys, *argv, "--db", str(twin))
    assert through == here and through[0] == 0 and json.loads(through[1])[0]["households"] > 0


def test_locked_file_uses_the_configured_server(server, capsys, monkeypatch):
    url, tokens, twin, folder = server
    served = folder / "served.duckdb"
    argv = ["coverage", "--level", "district", "--format", "json", "--db", str(served)]
    locked = run(capsys, *argv)
    assert locked[0] == 1 and "--server" in locked[2] and "đang được một tiến trình khác sử dụng" in locked[2]
    monkeypatch.setenv("DASHBOARD_URL", url)
    monkeypatch.setenv("DASHBOARD_TOKEN", tokens["viewer"])
    through = run(capsys, *argv)
    assert through[0] == 0 and url in through[2]
    assert through[1] == run(capsys, "coverage", "--level", "district", "--format", "json", "--user", "xem",
                             "--db", str(twin))[1]


def test_the_api_and_the_cli_work_inside_the_named_campaign(server, capsys):
    url, tokens, twin, _ = server
    today = get(server, "/coverage", level="commune", format="json", campaign="2026")
    assert today.status_code == 200
    default = get(server, "/coverage", level="commune", format="json")
    assert len(today.json()) == 65 and len(default.json()) > 65
    unknown = get(server, "/coverage", level="commune", campaign="2030")
    assert unknown.status_code == 404 and "2030" in unknown.json()["error"]
    argv = ["coverage", "--level", "commune", "--campaign", "2026", "--format", "json"]
    through = run(capsys, *argv, "--server", url, "--token", tokens["admin"])
    here = run(capsys, *argv, "--user", "quantri", "--db", str(twin))
    assert through == here and through[0] == 0
    assert {r["name"] for r in json.loads(through[1])} >= {"Xã Vạn Linh", "Phường Đông Kinh"}
