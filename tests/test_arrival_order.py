"""Figures do not depend on the order reports arrive in: random sets of daily and cumulative
reports, corrections and undos, imported in random orders or in parallel threads, give the
figures of a plain recomputation from the reports that survive, and no village ever goes above
its households."""

from __future__ import annotations

import datetime as dt
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from analytics.db import open_database
from analytics.ingest import UndoError, undo_upload
from analytics.reference import initialise
from tests.ingest_fixtures import (  # noqa: F401  (con is a fixture)
    GIA_CAT_VILLAGES, TESTER, con, gia_cat_households, messages, run, write_xlsx,
)

GIA_CAT = "06235"
VILLAGES = ["Bắc Nga", "Liên Hòa"]
HOUSEHOLDS = dict(GIA_CAT_VILLAGES)
DAYS = [dt.date(2021, 10, day) for day in range(1, 5)]
KINDS = ("daily", "cumulative", "both")
HEADERS = {"daily": ["CHS mở mới"], "cumulative": ["CHS lũy kế"], "both": ["CHS mở mới", "CHS lũy kế"]}

# One report: its day, kind and, per village, the day's count and/or the running total.
report = st.fixed_dictionaries({
    "day": st.sampled_from(DAYS),
    "kind": st.sampled_from(KINDS),
    "rows": st.lists(st.tuples(st.sampled_from(VILLAGES), st.integers(0, 25), st.integers(0, 140)),
                     min_size=1, max_size=2, unique_by=lambda r: r[0]),
})
scenario = st.fixed_dictionaries({
    "reports": st.lists(report, min_size=1, max_size=6),
    "order": st.randoms(use_true_random=False),
    "undos": st.lists(st.integers(0, 5), max_size=2),
    "parallel": st.booleans(),
})


def _write(folder: Path, number: int, spec: dict) -> Path:
    header = ["TT", "Thôn"] + HEADERS[spec["kind"]]
    body = []
    for i, (village, daily, total) in enumerate(spec["rows"], 1):
        values = {"daily": [daily], "cumulative": [total], "both": [daily, total]}[spec["kind"]]
        body.append([i, village] + values)
    title = [["UBND XÃ GIA CÁT"], [f"Báo cáo ngày {spec['day']:%d/%m/%Y}"]]
    return write_xlsx(folder / f"bc_{number:02d}.xlsx", title + [header] + body)


def _observations(specs: dict[str, dict], surviving: list[tuple[int, str]]) -> dict:
    """(village, day, kind) -> value, the latest surviving upload's."""
    found = {}
    for _, file_name in sorted(surviving):
        spec = specs[file_name]
        for village, daily, total in spec["rows"]:
            if spec["kind"] in ("daily", "both"):
                found[(village, spec["day"], "daily")] = daily
            if spec["kind"] in ("cumulative", "both"):
                found[(village, spec["day"], "cumulative")] = total
    return found


def _expected_totals(found: dict) -> dict:
    """Running total of every village on each day it has a figure: a day's count adds to it; a
    running total alone sets it; on the first day a running total above the count stands for it
    (the difference opened before)."""
    totals = {}
    for village in VILLAGES:
        days = sorted({day for (v, day, _) in found if v == village})
        running = 0
        for day in days:
            daily, total = found.get((village, day, "daily")), found.get((village, day, "cumulative"))
            if daily is None:
                running = total
            elif day == days[0] and total is not None and total >= daily:
                running = total
            else:
                running += daily
            totals[(village, day)] = running
    return totals


def _database_totals(con) -> dict:
    rows = con.execute(
        """
        SELECT u.short_name, r.report_date, sum(r.value) OVER (PARTITION BY r.unit_code ORDER BY r.report_date)
        FROM report_effective r JOIN unit u ON u.code = r.unit_code
        WHERE u.parent_code = ? AND r.indicator = 'stores' AND r.source = 'commune'
        """, [GIA_CAT]).fetchall()
    return {(name, day): value for name, day, value in rows}


def _check(con, specs: dict[str, dict]) -> None:
    surviving = con.execute(
        "SELECT id, file_name FROM upload WHERE kind = 'daily' AND status = 'accepted' AND undone_at IS NULL").fetchall()
    expected = _expected_totals(_observations(specs, surviving))
    found = _database_totals(con)
    assert {key: found.get(key) for key in expected} == expected
    for (village, _), value in found.items():
        assert value <= HOUSEHOLDS[village]


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, settings):
    """A database with Gia Cát's villages and households, copied for every example."""
    folder = tmp_path_factory.mktemp("order")
    path = folder / "base.duckdb"
    connection = open_database(path)
    initialise(connection, settings)
    assert run(connection, settings, gia_cat_households(folder)).status == "accepted"
    connection.close()
    return path


@hypothesis_settings(max_examples=12, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(scenario)
def test_figures_equal_a_recomputation_whatever_the_order(base_db, settings, data):
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        db = folder / "t.duckdb"
        db.write_bytes(base_db.read_bytes())
        con = open_database(db)
        try:
            paths = [_write(folder, n, spec) for n, spec in enumerate(data["reports"])]
            specs = {p.name: spec for p, spec in zip(paths, data["reports"])}
            order = list(paths)
            data["order"].shuffle(order)
            if data["parallel"]:
                with ThreadPoolExecutor(max_workers=3) as pool:
                    results = list(pool.map(lambda p: run(con, settings, p), order))
            else:
                results = [run(con, settings, p) for p in order]
            for result in results:
                assert result.status in ("accepted", "refused"), messages(result.errors)
            accepted = [r.upload_id for r in results if r.status == "accepted"]
            for index in data["undos"]:
                if index < len(accepted):
                    try:
                        undo_upload(con, accepted[index], TESTER, confirm_id=accepted[index])
                    except UndoError as exc:  # the same upload drawn twice
                        assert "đã được hoàn tác" in str(exc)
            _check(con, specs)
        finally:
            con.close()


def test_late_report_for_an_earlier_day_keeps_the_later_total(con_gia_cat, tmp_path):
    """The issue's case: 2/10 = 150 imported, then 1/10 = 100; a correction of 1/10 to 120; undo."""
    con, settings = con_gia_cat
    later = {"day": DAYS[1], "kind": "cumulative", "rows": [("Liên Hòa", 0, 140)]}
    earlier = {"day": DAYS[0], "kind": "cumulative", "rows": [("Liên Hòa", 0, 100)]}
    corrected = {"day": DAYS[0], "kind": "cumulative", "rows": [("Liên Hòa", 0, 120)]}
    specs = {}
    ids = []
    for number, spec in enumerate([later, earlier, corrected]):
        path = _write(tmp_path, number, spec)
        specs[path.name] = spec
        result = run(con, settings, path)
        assert result.status == "accepted", messages(result.errors)
        ids.append(result.upload_id)
        assert _database_totals(con)[("Liên Hòa", DAYS[1])] == 140
    assert _database_totals(con)[("Liên Hòa", DAYS[0])] == 120
    undo_upload(con, ids[2], TESTER)
    assert _database_totals(con)[("Liên Hòa", DAYS[0])] == 100
    undo_upload(con, ids[1], TESTER)
    assert _database_totals(con) == {("Liên Hòa", DAYS[1]): 140}
    _check(con, specs)


def test_parallel_imports_cannot_pass_the_households_together(con_gia_cat, tmp_path):
    """Two files each within Bắc Nga's 120 households, together above: one is refused, with the
    message a file arriving after the other gets."""
    con, settings = con_gia_cat
    first = _write(tmp_path, 1, {"day": DAYS[0], "kind": "daily", "rows": [("Bắc Nga", 70, 0)]})
    second = _write(tmp_path, 2, {"day": DAYS[1], "kind": "daily", "rows": [("Bắc Nga", 60, 0)]})
    for _ in range(3):
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda p: run(con, settings, p), [first, second]))
        statuses = sorted(r.status for r in results)
        assert statuses == ["accepted", "refused"], [messages(r.errors) for r in results]
        refused = next(r for r in results if r.status == "refused")
        assert "vượt số hộ (120)" in refused.errors[0].message and "130" in refused.errors[0].message
        assert refused.errors[0].row == 4
        assert con.execute("SELECT count(*) FROM upload WHERE status = 'refused' AND id = ?",
                           [refused.upload_id]).fetchone()[0] == 1
        for result in results:
            if result.status == "accepted":
                undo_upload(con, result.upload_id, TESTER)
        # the same bytes again are a new attempt only once the earlier import is undone
        first = _write(tmp_path, 1, {"day": DAYS[0], "kind": "daily", "rows": [("Bắc Nga", 70, 0)]})
        second = _write(tmp_path, 2, {"day": DAYS[1], "kind": "daily", "rows": [("Bắc Nga", 60, 0)]})


@pytest.fixture()
def con_gia_cat(con, settings, tmp_path):
    assert run(con, settings, gia_cat_households(tmp_path)).status == "accepted"
    return con, settings



def test_households_below_the_stores_already_reported_are_refused(con_gia_cat, tmp_path):
    """The cap holds from the other side too: a households file may not take a village (or its
    commune) below the stores it already reported; the error is on the village's row."""
    con, settings = con_gia_cat
    report = _write(tmp_path, 1, {"day": DAYS[0], "kind": "cumulative", "rows": [("Bắc Nga", 0, 100)]})
    assert run(con, settings, report).status == "accepted"
    lower = [(name, 90 if name == "Bắc Nga" else households) for name, households in GIA_CAT_VILLAGES]
    rows = [["UBND XÃ GIA CÁT"], ["DANH SÁCH THÔN VÀ SỐ HỘ GIA ĐÌNH"], [], ["TT", "Tên thôn", "Số hộ gia đình"]]
    rows += [[i, name, households] for i, (name, households) in enumerate(lower, start=1)]
    refused = run(con, settings, write_xlsx(tmp_path / "so_ho_moi.xlsx", rows))
    assert refused.status == "refused"
    error = refused.errors[0]
    assert (error.row, error.column, error.value) == (5, "Số hộ gia đình", "90")
    assert "Thôn Bắc Nga" in error.message and "(90)" in error.message and "(100)" in error.message
    assert con.execute("SELECT households FROM village_households_current v JOIN unit u ON u.code = v.village_code "
                       "WHERE u.short_name = 'Bắc Nga'").fetchone()[0] == 120
    kept = [(name, 100 if name == "Bắc Nga" else households) for name, households in GIA_CAT_VILLAGES]
    rows = rows[:4] + [[i, name, households] for i, (name, households) in enumerate(kept, start=1)]
    assert run(con, settings, write_xlsx(tmp_path / "so_ho_sua.xlsx", rows)).status == "accepted"


def test_a_file_that_contradicts_a_stored_running_total_says_so(con_gia_cat, tmp_path):
    """A running total imported earlier, then the same day's count (daily wins) or an earlier day's
    higher running total (the stored one now goes down): accepted, never silently."""
    con, settings = con_gia_cat
    stored = [{"day": DAYS[0], "kind": "daily", "rows": [("Liên Hòa", 20, 0)]},
              {"day": DAYS[2], "kind": "cumulative", "rows": [("Liên Hòa", 0, 60)]}]
    for number, spec in enumerate(stored):
        assert run(con, settings, _write(tmp_path, number, spec)).status == "accepted"
    same_day = run(con, settings, _write(tmp_path, 5, {"day": DAYS[2], "kind": "daily", "rows": [("Liên Hòa", 5, 0)]}))
    assert same_day.status == "accepted"
    warning = next(w for w in same_day.warnings if "đã nhập trước đó" in w.message)
    assert (warning.row, warning.value) == (4, "5")
    assert "ghi 60" in warning.message and "được 25" in warning.message and "03/10/2021" in warning.message
    higher = run(con, settings, _write(tmp_path, 6, {"day": DAYS[1], "kind": "cumulative",
                                                     "rows": [("Liên Hòa", 0, 40)]}))
    assert higher.status == "accepted"
    assert not [w for w in higher.warnings if "thấp hơn" in w.message]
    lower = run(con, settings, _write(tmp_path, 7, {"day": DAYS[3], "kind": "cumulative",
                                                    "rows": [("Liên Hòa", 0, 30)]}))
    assert any("Lũy kế giảm" in w.message for w in lower.warnings)
    # a higher running total for an earlier day: the stored 4/10 total now goes down
    earlier = run(con, settings, _write(tmp_path, 8, {"day": DAYS[1], "kind": "cumulative",
                                                      "rows": [("Liên Hòa", 0, 70)]}))
    assert earlier.status == "accepted"
    down = next(w for w in earlier.warnings if "thấp hơn tổng đến ngày trước đó" in w.message)
    assert (down.row, down.value) == (4, "70") and "04/10/2021" in down.message and "(30)" in down.message
