"""Who is behind, on the pages (AppTest on the demo season): the home page lists the children
most behind first with their phase and the open warnings' count linking to Cảnh báo; the
warnings page lists the most severe first, each dated from the day its problem began."""

import datetime as dt
import json

import duckdb
from streamlit.testing.v1 import AppTest

from analytics import alerts, texts
from analytics import vnformat as fmt
from analytics.access import operator
from tests.conftest import ROOT
from tests.signin import signed_in

ADMIN = operator("tests")
TIMEOUT = 120
BEFORE_PHASE_TWO = dt.date(2021, 9, 1)


def on_day(day: dt.date, page: str | None = None) -> AppTest:
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)).run()
    at.date_input(key="kts_as_of").set_value(day).run()
    if page:
        at.switch_page(str(ROOT / page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def warnings_on(db, settings, day: dt.date):
    """The warnings as analytics computes them (before the app opens the file)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return alerts.alerts(con, settings, day, actor=ADMIN)


def test_home_lists_the_districts_most_behind_first(app_env, demo_db, settings):
    app_env(demo_db)
    at = on_day(BEFORE_PHASE_TWO)
    table = at.dataframe[0].value
    # what says who is behind comes first, before any column that needs a sideways scroll
    assert list(table.columns[:5]) == [texts.COLUMNS["name"], texts.COLUMNS["phase_name"], texts.PROGRESS_STATUS,
                                       texts.COLUMNS["stores_gap"], texts.PROGRESS_STORES]
    phase_two = next(p for p in settings.phases if p.number == 2)
    waiting = table[texts.PROGRESS_STATUS] == texts.NOT_STARTED.format(start=phase_two.start)
    assert waiting.sum() == len(phase_two.districts) and waiting.iloc[-waiting.sum():].all()
    assert set(table.loc[waiting, texts.COLUMNS["phase_name"]]) == {phase_two.name}
    assert table.loc[waiting, texts.PROGRESS_STORES].isna().all()
    assert (table.loc[waiting, texts.COLUMNS["stores_gap"]] == "–").all()
    gaps = [int(gap.replace(".", "")) for gap in table.loc[~waiting, texts.COLUMNS["stores_gap"]]]
    assert gaps == sorted(gaps, reverse=True) and len(set(gaps)) > 1
    assert set(table.loc[~waiting, texts.PROGRESS_STATUS]) <= {texts.PROGRESS_REACHED, texts.PROGRESS_NOT_REACHED}


def test_home_bars_green_when_reached_red_when_short(app_env, demo_db):
    app_env(demo_db)
    at = on_day(dt.date(2021, 10, 15))
    table = at.dataframe[0].value
    config = json.loads(at.dataframe[0].proto.columns)[texts.PROGRESS_STORES]
    # the grid draws a bar green above the middle of its scale and red below it
    middle = (config["type_config"]["min_value"] + config["type_config"]["max_value"]) / 2
    assert config["type_config"]["color"] == "auto"
    status = table[texts.PROGRESS_STATUS]
    assert {texts.PROGRESS_REACHED, texts.PROGRESS_NOT_REACHED} <= set(status)
    assert (table.loc[status == texts.PROGRESS_REACHED, texts.PROGRESS_STORES] > middle).all()
    assert (table.loc[status == texts.PROGRESS_NOT_REACHED, texts.PROGRESS_STORES] < middle).all()


def test_home_links_the_open_warnings_count(app_env, demo_db, settings):
    count = len(warnings_on(demo_db, settings, BEFORE_PHASE_TWO))
    assert count > 0
    app_env(demo_db)
    at = on_day(BEFORE_PHASE_TWO)
    link = at.get("page_link")[0].proto
    assert link.page == "canh-bao"
    assert link.label == texts.OVERVIEW_WARNINGS_LINK.format(count=fmt.number(count))


def test_warnings_most_severe_first_dated_from_their_start(app_env, demo_db, settings):
    day = dt.date(2021, 10, 15)
    found = warnings_on(demo_db, settings, day)
    app_env(demo_db)
    at = on_day(day, "pages/warnings.py")
    table = at.dataframe[0].value
    columns = texts.WARNING_COLUMNS
    assert "Chi tiết" not in table.columns and list(table.columns) == list(columns.values())
    severity = table[columns["severity"]].map({v: k for k, v in texts.ALERT_SEVERITIES.items()})
    assert severity.is_monotonic_increasing and severity.nunique() > 1
    assert table[columns["message"]].tolist() == found["message"].tolist()     # whole, in the same order
    assert table[columns["since"]].tolist() == [fmt.date(d) for d in found["since"]]
    assert (table[columns["since"]] != fmt.date(day)).any()


def test_van_linh_stall_shows_the_day_it_began(app_env, demo_db, settings):
    day = dt.date(2021, 8, 2)
    found = warnings_on(demo_db, settings, day)
    app_env(demo_db)
    at = on_day(day, "pages/warnings.py")
    table = at.dataframe[0].value.set_index(texts.WARNING_COLUMNS["name"])
    since = found.set_index("name").loc["Xã Vạn Linh", "since"]
    assert since < day
    assert table.loc["Xã Vạn Linh", texts.WARNING_COLUMNS["since"]] == fmt.date(since)


def test_phases_page_says_not_started_instead_of_never(app_env, demo_db, settings):
    app_env(demo_db)
    at = on_day(BEFORE_PHASE_TWO, "pages/phases.py")
    columns = texts.PHASE_COLUMNS
    districts = next(d.value for d in at.dataframe if columns["phase_name"] in d.value.columns)
    phase_two = next(p for p in settings.phases if p.number == 2)
    waiting = districts[districts[columns["phase_name"]] == phase_two.name]
    assert len(waiting) == len(phase_two.districts)
    assert (waiting[columns["projected_date"]] == texts.NOT_STARTED.format(start=phase_two.start)).all()
    assert (waiting[columns["status"]] == texts.NOT_STARTED.format(start=phase_two.start)).all()
    assert not any(texts.ALERT_NEVER in str(v) for v in waiting.to_numpy().ravel())
