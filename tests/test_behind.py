"""Who is behind: units whose phase has not begun are out of gaps, projections and warnings;
warnings come most severe and largest first, dated from the day their problem began."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from analytics import alerts, phases
from analytics.access import operator
from analytics.coverage import behind_first, coverage, status
from tests.test_progress_analytics import CHI_LANG, DONG_MO, VAN_LINH, world  # noqa: F401 (fixture)

ADMIN = operator("tests")
D = dt.date
BEFORE_PHASE_TWO = D(2021, 9, 1)


def phase_two_start(settings) -> dt.date:
    return next(p.start for p in settings.phases if p.number == 2)


def test_phase_two_districts_are_not_started_and_out_of_the_gaps(demo_con, settings):
    districts = coverage(demo_con, settings, "district", BEFORE_PHASE_TWO, actor=ADMIN)
    waiting = districts[~districts["started"]]
    assert set(waiting["phase"]) == {2} and len(waiting) == len(next(p for p in settings.phases if p.number == 2).districts)
    assert (waiting["phase_start"] == phase_two_start(settings)).all()
    assert waiting["stores_gap"].isna().all() and waiting["accounts_gap"].isna().all()
    assert set(status(waiting)) == {"not_started"}
    started = districts[districts["started"]]
    assert started["stores_gap"].notna().all() and (started["phase"] == 1).all()
    # the province's gap counts the started districts only: its target scaled to their households
    province = coverage(demo_con, settings, "province", BEFORE_PHASE_TWO, actor=ADMIN).iloc[0]
    share = started["households"].sum() / province["households"]
    expected = max(math.ceil(province["stores_target"] * share) - started["stores"].sum(), 0)
    assert province["stores_gap"] == expected
    assert province["stores_gap"] < math.ceil(province["stores_target"]) - province["stores"]
    # once phase 2 has begun, every district counts again
    later = coverage(demo_con, settings, "district", phase_two_start(settings), actor=ADMIN)
    assert later["started"].all() and later["stores_gap"].notna().all()


def test_villages_and_communes_carry_their_districts_phase(demo_con, settings):
    communes = coverage(demo_con, settings, "commune", BEFORE_PHASE_TWO, CHI_LANG, actor=ADMIN)
    assert (communes["phase"] == 1).all() and communes["started"].all()
    villages = coverage(demo_con, settings, "village", BEFORE_PHASE_TWO, CHI_LANG, VAN_LINH, actor=ADMIN)
    assert (villages["phase_name"] == "Giai đoạn 1").all() and villages["started"].all()


def test_behind_first_orders_by_gap_and_puts_not_started_last(demo_con, settings):
    ordered = behind_first(coverage(demo_con, settings, "district", BEFORE_PHASE_TWO, actor=ADMIN))
    started = ordered["started"].tolist()
    assert started == sorted(started, reverse=True) and not all(started)
    gaps = ordered.loc[ordered["started"], "stores_gap"].tolist()
    assert gaps == sorted(gaps, reverse=True)


def test_no_projection_for_a_phase_not_begun(demo_con, settings):
    frame = phases.progress(demo_con, settings, BEFORE_PHASE_TWO, "district", actor=ADMIN)
    waiting = frame[frame["phase"] == 2]
    assert len(waiting) and (waiting["status"] == "not_started").all()
    assert waiting["projected_date"].isna().all() and waiting["stores_pace"].isna().all()


def test_no_warning_for_a_commune_whose_phase_has_not_begun(demo_con, settings):
    found = alerts.alerts(demo_con, settings, BEFORE_PHASE_TWO, actor=ADMIN)
    plan = phases.commune_plan(demo_con, settings)
    waiting = set(plan.loc[plan["phase_start"] > BEFORE_PHASE_TWO, "code"])
    assert len(found) and waiting
    assert not waiting & set(found["code"])
    assert (found["phase_start"] <= BEFORE_PHASE_TWO).all()


def test_warnings_most_severe_then_largest_gap(demo_con, settings):
    found = alerts.alerts(demo_con, settings, D(2021, 10, 15), actor=ADMIN)
    assert found["severity"].nunique() > 1 or found["gap"].nunique() > 1
    assert found["severity"].is_monotonic_increasing
    for _, part in found.groupby("severity"):
        assert part["gap"].is_monotonic_decreasing


def test_stall_dated_from_its_first_quiet_day(demo_con, settings):
    as_of = D(2021, 8, 2)
    found = alerts.alerts(demo_con, settings, as_of, CHI_LANG, actor=ADMIN)
    stall = found[(found["type"] == "stalled")].set_index("code").loc[VAN_LINH]
    since = stall["since"]
    assert since < as_of
    limits = alerts.Thresholds.from_settings(settings)
    quiet = limits.stalled_max_new_pct * stall["households"] / 100 / limits.stalled_days
    daily = phases.commune_daily(demo_con, as_of, CHI_LANG)
    daily = daily[daily["commune_code"] == VAN_LINH].groupby("report_date")["stores"].sum()
    assert daily.get(since - dt.timedelta(days=1), 0) > quiet          # the last busy day
    assert (daily[daily.index >= since] <= quiet).all()                 # nothing much since


def test_falling_behind_dated_from_the_day_it_began(world, settings):  # noqa: F811
    as_of = D(2021, 8, 10)

    def behind(day):
        found = alerts.alerts(world, settings, day, CHI_LANG, actor=ADMIN)
        return found[(found["type"] == "behind") & (found["code"] == VAN_LINH)]

    since = behind(as_of)["since"].iloc[0]
    assert since < as_of
    assert len(behind(since)) == 1 and behind(since)["since"].iloc[0] == since
    assert behind(since - dt.timedelta(days=1)).empty


def test_enterprise_gap_dated_from_when_the_figures_parted(world, settings):  # noqa: F811
    found = alerts.alerts(world, settings, D(2021, 8, 2), CHI_LANG, actor=ADMIN)
    gap = found[(found["kind"] == "enterprise_gap")].set_index("code").loc[DONG_MO]
    enterprise = world.execute("SELECT min(report_date) FROM report WHERE unit_code = ? AND source <> 'commune'",
                               [DONG_MO]).fetchone()[0]
    assert gap["since"] == enterprise and gap["since"] < D(2021, 8, 2)
    assert np.isfinite(gap["value"]) and pd.notna(gap["severity"])


def test_bars_grey_for_not_started_green_reached_red_short(demo_con, settings):
    from ui import charts

    districts = coverage(demo_con, settings, "district", BEFORE_PHASE_TWO, actor=ADMIN)
    figure = charts.children_bar(districts, settings.targets.stores_pct, "")
    colour = dict(zip(figure.data[0].customdata[:, 0], figure.data[0].marker.color))
    kinds = dict(zip(districts["code"], status(districts)))
    assert {kinds[code] for code in colour} >= {"not_started", "not_reached"}
    for code, kind in kinds.items():
        assert colour[code] == charts.STATUS_BAR_COLORS[kind]
    assert len(set(charts.STATUS_BAR_COLORS.values())) == 3
