"""The command line, run as users run it: `python -m analytics ...` in a subprocess."""

import json

import pytest

from tests.conftest import run_cli


run = run_cli


def test_demo_then_province_coverage_shows_the_seed_figures(tmp_path):
    db = tmp_path / "x.duckdb"
    run("demo", "--db", db)
    rows = json.loads(run("coverage", "--level", "province", "--as-of", "2021-12-31", "--format", "json",
                          "--db", db).stdout)
    assert len(rows) == 1
    row = rows[0]
    for key in ("code", "name", "households", "stores", "accounts", "active", "stores_pct", "accounts_pct",
                "active_pct", "teams", "members"):
        assert key in row
    assert row["teams"] == 1702 and row["members"] == 6214
    assert row["stores"] >= 116_000 and 59.5 <= row["stores_pct"] <= 60.5
    refused = run("demo", "--db", db, check=False)
    assert refused.returncode == 1 and "--force" in refused.stderr
    run("demo", "--force", "--as-admin", "--db", db)
    again = json.loads(run("coverage", "--level", "province", "--as-of", "2021-12-31", "--format", "json",
                           "--db", db).stdout)
    assert again == rows


def test_levels_and_scopes(demo_db):
    import pandas as pd
    from io import StringIO

    districts = pd.read_csv(StringIO(run("coverage", "--level", "district", "--db", demo_db).stdout), dtype={"code": str})
    assert len(districts) == 11
    communes = pd.read_csv(StringIO(run("coverage", "--level", "commune", "--district", "chi lang",
                                        "--as-of", "2021-08-02", "--db", demo_db).stdout), dtype={"code": str})
    assert len(communes) == 20 and "06505" in set(communes["code"])
    villages = pd.read_csv(StringIO(run("coverage", "--level", "village", "--db", demo_db).stdout))
    assert villages["stores"].sum() == districts["stores"].sum()
    unknown = run("coverage", "--level", "commune", "--district", "Chi Lanh", "--db", demo_db, check=False)
    assert unknown.returncode == 1 and "Chi Lăng" in unknown.stderr


def test_init_builds_an_empty_database_once(tmp_path):
    db = tmp_path / "init.duckdb"
    run("init", "--db", db)
    rows = json.loads(run("coverage", "--level", "district", "--format", "json", "--db", db).stdout)
    assert len(rows) == 11 and all(r["stores"] == 0 for r in rows)
    again = run("init", "--db", db, check=False)
    assert again.returncode == 1 and "đã có dữ liệu" in again.stderr


@pytest.mark.parametrize("command", ["init", "demo", "coverage"])
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert "--db" in result.stdout
