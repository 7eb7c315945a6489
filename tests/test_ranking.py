"""Emulation ranking: points, shared places, movement, weights, and the ranking of real databases."""

from __future__ import annotations

import datetime as dt
import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings as hypothesis_settings, strategies as st

from analytics import texts
from analytics.access import Actor
from analytics.db import open_database, run_in_transaction
from analytics.export import to_csv, to_xlsx
from analytics.ingest import ImportOptions, import_file
from analytics.ranking import (
    RankingError, RankingOptions, movement_label, points, presets, rank, ranking, ranking_options, save_preset, score,
)
from analytics.access import operator

ADMIN = operator("tests")

GIA_CAT = "06235"          # Xã Gia Cát, Huyện Cao Lộc
EVIL = '=HYPERLINK("http://x","y")'
AS_OF = dt.date(2021, 12, 31)
EARLIER = dt.date(2021, 11, 30)


def test_points_scale_every_target_to_100_and_cap():
    values = pd.Series([50.0, 25.0, 90.0, None, 10.0])
    got = points(values, pd.Series([50.0, 50.0, 50.0, 50.0, 0.0]), cap_pct=150)
    assert got.tolist() == [100.0, 50.0, 150.0, 0.0, 100.0]
    assert points(pd.Series([10.0]), 10.0, cap_pct=150).tolist() == [100.0]


def test_ties_share_a_place_and_skip_the_next():
    scores = pd.Series([70.0, 90.0, 80.0, 80.0])
    assert rank(scores).tolist() == [4, 1, 2, 2]


def test_ties_are_decided_on_the_rounded_score():
    scores = pd.Series([80.001, 80.004, 79.99])
    assert rank(scores, decimals=2).tolist() == [1, 1, 3]
    assert rank(scores, decimals=3).tolist() == [2, 1, 3]


def test_tie_break_splits_only_what_it_can():
    scores = pd.Series([80.0, 80.0, 80.0, 60.0])
    tie = pd.DataFrame({"stores_pct": [55.0, 61.0, 55.0, 99.0]})
    assert rank(scores, tie_values=tie).tolist() == [2, 1, 2, 4]


def test_groups_are_ranked_separately():
    scores = pd.Series([90.0, 80.0, 70.0, 60.0])
    groups = pd.Series([1, 2, 1, 2])
    assert rank(scores, groups=groups).tolist() == [1, 1, 2, 2]


@pytest.mark.parametrize("previous, current, label", [(3, 1, "↑2"), (1, 2, "↓1"), (2, 2, "="), (None, 1, "mới"),
                                                      (float("nan"), 4, "mới")])
def test_movement_labels(previous, current, label):
    assert movement_label(previous, current) == label


def two_units() -> pd.DataFrame:
    """A: stores above target, teams weak. B: stores below target, every village has a team."""
    return pd.DataFrame({
        "code": ["A", "B"], "name": ["Đơn vị A", "Đơn vị B"], "phase": [1, 2],
        "value_stores_pct": [60.0, 40.0], "target_stores_pct": [50.0, 50.0],
        "value_teams": [50.0, 100.0], "target_teams": [100.0, 100.0],
    })


@pytest.mark.parametrize("weights, first, scores", [
    ({"stores_pct": 1}, "A", {"A": 120.0, "B": 80.0}),
    ({"stores_pct": 3, "teams": 1}, "A", {"A": 102.5, "B": 85.0}),
    ({"stores_pct": 1, "teams": 1}, "B", {"A": 85.0, "B": 90.0}),
    ({"stores_pct": 1, "teams": 3}, "B", {"A": 67.5, "B": 95.0}),
])
def test_weights_change_the_order_as_documented(weights, first, scores):
    table = score(two_units(), RankingOptions(weights))
    assert table["code"].iloc[0] == first
    assert dict(zip(table["code"], table["score"])) == scores
    assert table["rank"].tolist() == [1, 2]


def test_separate_phases_gives_each_phase_its_first_place():
    table = score(two_units(), RankingOptions({"stores_pct": 1}), separate_phases=True)
    assert dict(zip(table["code"], table["rank"])) == {"A": 1, "B": 1}


def test_settings_defaults_and_validation(settings):
    options = ranking_options(settings)
    assert options.cap_pct == 150 and options.decimals == 2
    assert options.weights["stores_pct"] == 30 and "timeliness" in options.criteria
    with pytest.raises(RankingError, match="không có"):
        ranking_options(settings, {"nope": 1})
    with pytest.raises(RankingError, match="không âm"):
        ranking_options(settings, {"stores_pct": -1})
    with pytest.raises(RankingError, match="lớn hơn 0"):
        ranking_options(settings, {"stores_pct": 0})


def households_workbook(path, villages) -> bytes:
    """A commune's households file as sent by the commune (names written as text cells)."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["UBND XÃ GIA CÁT"], ["DANH SÁCH THÔN VÀ SỐ HỘ GIA ĐÌNH"], [], ["TT", "Tên thôn", "Số hộ gia đình"]):
        sheet.append(row)
    for number, (name, households) in enumerate(villages, start=1):
        sheet.append([number, None, households])
        cell = sheet.cell(sheet.max_row, 2)
        cell.value = name
        cell.data_type = "s"   # a text cell, even when it looks like a formula
    book.save(path)
    return path.read_bytes()


def add_stores(con, rows) -> None:
    """Daily commune reports of new stores, the way imports store them: (village, day, value)."""
    def work(cur):
        upload = cur.execute(
            "INSERT INTO upload (file_name, sha256, kind, user_name, uploaded_at, rows, status, source) "
            "VALUES ('bao_cao_ngay.xlsx', 'test', 'daily', 'tester', TIMESTAMP '2021-12-31 18:00', ?, 'accepted', "
            "'commune') RETURNING id", [len(rows)]).fetchone()[0]
        for village, day, value in rows:
            cur.execute("INSERT INTO report (unit_code, report_date, indicator, source, value, upload_id, "
                        "received_at) VALUES (?, ?, 'stores', 'commune', ?, ?, ?)",
                        [village, day, value, upload, dt.datetime.combine(day, dt.time(16))])
    run_in_transaction(con, work)


@pytest.fixture()
def gia_cat(empty_db, settings, tmp_path):
    """Three villages of Gia Cát registered by a households import, one then renamed like a
    formula (the importer refuses such a name today: a database may hold one from before), with
    stores reported on 20/11 and 20/12/2021."""
    con = open_database(empty_db)
    data = households_workbook(tmp_path / "so_ho.xlsx", [("Bắc Nga", 120), ("Khuổi Phầy", 80), ("Nà Bó", 110)])
    result = import_file(con, settings, data, "so_ho.xlsx", ImportOptions(actor=Actor("tester", "admin"), now=dt.datetime(2021, 12, 31, 18)))
    assert result.status == "accepted"
    con.execute("UPDATE unit SET name = ?, short_name = ? WHERE parent_code = ? AND short_name = 'Khuổi Phầy'",
                ["Thôn " + EVIL, EVIL, GIA_CAT])
    codes = dict(con.execute("SELECT short_name, code FROM unit WHERE parent_code = ?", [GIA_CAT]).fetchall())
    add_stores(con, [
        (codes["Bắc Nga"], dt.date(2021, 11, 20), 12), (codes["Nà Bó"], dt.date(2021, 11, 20), 33),
        (codes["Bắc Nga"], dt.date(2021, 12, 20), 60), (codes[EVIL], dt.date(2021, 12, 20), 48),
    ])
    yield con, codes
    con.close()


def test_villages_ranked_with_ties_and_movement(gia_cat, settings):
    con, codes = gia_cat
    result = ranking(con, settings, "village", AS_OF, commune=GIA_CAT, compare=EARLIER, weights={"stores_pct": 1}, actor=ADMIN)
    table = result.table.set_index("code")
    # 72/120 = 60 % and 48/80 = 60 % -> 120 points each (target 50 %), 33/110 = 30 % -> 60 points
    assert table.loc[codes["Bắc Nga"], "score"] == 120 and table.loc[codes[EVIL], "score"] == 120
    assert table.loc[codes["Nà Bó"], "score"] == 60
    assert result.table["code"].tolist() == [codes["Bắc Nga"], codes[EVIL], codes["Nà Bó"]]
    assert result.table["rank"].tolist() == [1, 1, 3]
    # on 30/11: Nà Bó 30 % first, Bắc Nga 10 % second, the formula village had reported nothing
    assert result.table["movement_label"].tolist() == ["↑1", "mới", "↓2"]
    assert result.table["stores_reached"].tolist() == [True, True, False]
    assert result.scope_name == "Xã Gia Cát, Huyện Cao Lộc"


def test_villages_leave_timeliness_out_and_say_so(gia_cat, settings):
    con, _ = gia_cat
    result = ranking(con, settings, "village", AS_OF, commune=GIA_CAT, actor=ADMIN)
    assert "timeliness" not in result.options.criteria and result.dropped == ("timeliness",)
    assert "Không áp dụng cho cấp thôn" in result.method()
    with pytest.raises(RankingError):
        ranking(con, settings, "village", AS_OF, commune=GIA_CAT, weights={"timeliness": 1}, actor=ADMIN)
    with pytest.raises(RankingError):
        ranking(con, settings, "village", AS_OF, actor=ADMIN)


def test_formula_village_exports_as_text(gia_cat, settings, tmp_path):
    con, codes = gia_cat
    result = ranking(con, settings, "village", AS_OF, commune=GIA_CAT, compare=EARLIER, weights={"stores_pct": 1}, actor=ADMIN)
    data = to_xlsx(result.export_frame(), title=result.title, settings=settings, as_of=AS_OF,
                   **result.export_options())
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    evil = [c for c in cells if EVIL in str(c.value)]
    assert len(evil) == 1 and evil[0].data_type == "s"
    csv = pd.read_csv(io.BytesIO(to_csv(result.export_frame())), encoding="utf-8-sig")
    assert any(EVIL in name for name in csv[texts.COLUMNS["name"]])


def test_unit_named_exactly_like_a_formula_is_neutralised(gia_cat, settings):
    """A name registered without the village prefix (as the demo loader does) starts with '='."""
    con, codes = gia_cat
    con.execute("UPDATE unit SET name = short_name WHERE code = ?", [codes[EVIL]])
    result = ranking(con, settings, "village", AS_OF, commune=GIA_CAT, weights={"stores_pct": 1}, actor=ADMIN)
    data = to_xlsx(result.export_frame(), title=result.title, settings=settings, **result.export_options())
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == EVIL)
    assert cell.data_type == "s" and cell.quotePrefix
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    csv = to_csv(result.export_frame()).decode("utf-8-sig")
    assert "'" + EVIL.replace('"', '""') in csv


ADMIN = Actor("tester", "admin")


def test_presets_saved_in_the_database(gia_cat, settings):
    con, _ = gia_cat
    save_preset(con, settings, "Ưu tiên tổ CNS", {"teams": 70, "stores_pct": 30, "active_pct": 0}, ADMIN)
    found = presets(con, settings)
    assert list(found)[:3] == list(settings.section("ranking")["presets"])
    assert found["Ưu tiên tổ CNS"] == {"teams": 70.0, "stores_pct": 30.0}
    save_preset(con, settings, "Ưu tiên tổ CNS", {"teams": 1}, ADMIN)
    assert presets(con, settings)["Ưu tiên tổ CNS"] == {"teams": 1.0}
    with pytest.raises(RankingError):
        save_preset(con, settings, "Độ phủ hộ gia đình", {"teams": 1}, ADMIN)
    stored = con.execute("SELECT weights FROM ranking_preset").fetchone()[0]
    assert json.loads(stored) == {"teams": 1.0}


def test_demo_districts_as_of_31_12_2021(demo_con, settings):
    result = ranking(demo_con, settings, "district", AS_OF, compare=EARLIER, actor=ADMIN)
    table = result.table
    assert len(table) == 11 and sorted(table["rank"]) == list(range(1, 12))
    assert table["score"].is_monotonic_decreasing
    assert table["households"].sum() == 193_600 and table["stores"].sum() == 116_392
    assert set(table["movement_label"]) <= {"="} | {f"↑{i}" for i in range(1, 11)} | {f"↓{i}" for i in range(1, 11)}
    assert result.totals()["stores_pct"] == round(100 * 116_392 / 193_600, 2)


def test_demo_separate_phases(demo_con, settings):
    result = ranking(demo_con, settings, "district", AS_OF, separate_phases=True, actor=ADMIN)
    table = result.table
    assert table.groupby("phase")["rank"].min().tolist() == [1, 1]
    assert table["phase"].tolist() == sorted(table["phase"].tolist())
    assert (table["phase"] == 1).sum() == 5
    assert texts.RANKING_METHOD_PHASES in result.method()


def test_demo_growth_criteria(demo_con, settings):
    result = ranking(demo_con, settings, "commune", dt.date(2021, 8, 31), district="187",
                     weights={"growth_7": 1, "growth_30": 1}, actor=ADMIN)
    table = result.table
    assert len(table) == 20 and table["value_growth_30"].max() > 0
    # phase 1 lasts 62 days: the 7-day pace that reaches 50 % is 50 × 7 / 62
    assert table["target_growth_7"].round(2).eq(round(50 * 7 / 62, 2)).all()


def test_official_ranking_workbook_is_ready_to_sign(demo_con, settings):
    """The signed document read back: number line under the agency, score beside the rank,
    reached columns right after the unit, space and a line for the signer's name, recipients at
    the bottom left, rows tall enough and cells padded for print."""
    import dataclasses

    result = ranking(demo_con, settings, "district", AS_OF, compare=EARLIER, actor=ADMIN)
    frame = result.export_frame()
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, title=result.title, settings=settings, as_of=AS_OF,
                                                      **result.export_options()))).active
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value is not None}
    agency, number = cells[settings.agency], cells[texts.EXPORT_DOCUMENT_NUMBER]
    assert number.column == agency.column == 1 and number.row == cells[settings.department].row + 2
    assert number.value.startswith("Số:") and number.value.endswith("/BC-STTTT")
    assert number.row == next(c for v, c in cells.items() if str(v).startswith(f"{settings.place}, ngày")).row
    rank = cells[texts.RANKING_COLUMNS["rank"]]
    header = [sheet.cell(rank.row, col).value for col in range(1, sheet.max_column + 1)]
    assert header[1] == texts.RANKING_COLUMNS["score"]
    assert header.index(texts.RANKING_COLUMNS["stores_reached"]) < header.index(texts.COLUMNS["households"])
    first = rank.row + 1
    assert sheet.cell(first, 1).value == 1 and sheet.cell(first, 2).value == pytest.approx(result.table["score"].iloc[0])
    assert sheet.row_dimensions[first].height >= 20
    assert sheet.cell(first, header.index(texts.COLUMNS["name"]) + 1).alignment.indent >= 1
    assert sheet.cell(first, 2).alignment.indent >= 1 and sheet.cell(first, 2).alignment.horizontal == "right"
    signer, line = cells[settings.signer], cells[texts.EXPORT_NAME_LINE]
    assert line.column == signer.column and line.row - signer.row >= 5 and line.font.b
    for empty in range(signer.row + 2, line.row):
        assert sheet.cell(empty, signer.column).value is None       # room for the signature and the seal
    recipients = cells[texts.EXPORT_RECIPIENTS_TITLE]
    assert recipients.column == 1 and recipients.row > line.row and recipients.font.b
    lines = [sheet.cell(recipients.row + i, 1).value for i in range(1, len(texts.EXPORT_RECIPIENTS) + 1)]
    assert lines[0] == "- Như trên;" and lines[-1].startswith("- Lưu: VT")
    assert recipients.row + len(lines) == sheet.max_row

    named = dataclasses.replace(settings, signer_name="Nguyễn Văn Bình")
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, title=result.title, settings=named, as_of=AS_OF,
                                                      **result.export_options()))).active
    names = [c for row in sheet.iter_rows() for c in row if c.value == "Nguyễn Văn Bình"]
    assert len(names) == 1 and names[0].font.b
    assert texts.EXPORT_NAME_LINE not in {c.value for row in sheet.iter_rows() for c in row}


def _pairwise_rank(scores, decimals, ties, groups):
    """The definition: 1 + the units of the group whose keys are strictly ahead."""
    keys = pd.DataFrame({"score": scores.round(decimals)})
    if ties is not None:
        for i, column in enumerate(ties.columns):
            keys[f"tie_{i}"] = ties[column].round(decimals)
    keys = keys.fillna(-np.inf)
    group = groups.fillna(-1) if groups is not None else pd.Series(0, index=scores.index)
    rows = list(keys.itertuples(index=True, name=None))
    return pd.Series([1 + sum(1 for j, *other in rows if group[j] == group[i] and tuple(other) > tuple(key))
                      for i, *key in rows], index=scores.index, dtype="int64")


@hypothesis_settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from([None, 0.0, 10.004, 10.0, 10.01, 55.5, 99.999]),
                          st.sampled_from([None, 1.0, 2.0]), st.sampled_from([1, 2, None])), min_size=1, max_size=25))
def test_rank_is_the_definition_of_competition_ranking(rows):
    scores = pd.Series([r[0] for r in rows], dtype="float64")
    ties = pd.DataFrame({"teams": [r[1] for r in rows]}, dtype="float64")
    groups = pd.Series([r[2] for r in rows], dtype="float64")
    for tie_values, by in ((None, None), (ties, None), (None, groups), (ties, groups)):
        assert rank(scores, 2, tie_values, by).tolist() == _pairwise_rank(scores, 2, tie_values, by).tolist()
