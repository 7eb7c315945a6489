"""Text from files is shown literally: unit, person and file names escaped for Streamlit's
Markdown and for plotly's HTML labels (issue 10, item 6)."""

from __future__ import annotations

import datetime as dt
import json
import re

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.access import Actor
from tests.conftest import ROOT
from tests.ingest_fixtures import gia_cat_households
from tests.signin import signed_in
from ui import charts
from ui.safe_text import label, md

IMAGE, BOLD, LINK_HTML, HEADING, LINK = (
    "![p](http://host/x.png)", "**x**", '<a href="http://x">y</a>', "# Tiêu đề", "[l](http://x)")
HOSTILE = [IMAGE, BOLD, LINK_HTML, HEADING, LINK]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def markdown_texts(at: AppTest) -> list[str]:
    """Every text Streamlit renders as Markdown on the page (sidebar included)."""
    values = [e.value for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                                   "error", "success") for e in getattr(at, kind)]
    values += [b.label for b in at.button] + [m.label for m in at.metric] + [e.label for e in at.expander]
    return [str(v) for v in values]


def unescaped(value: str, name: str) -> bool:
    """True when `name` occurs in `value` as Markdown would read it (not after a backslash)."""
    return any(match.start() == 0 or value[match.start() - 1] != "\\"
               for match in re.finditer(re.escape(name), value))


def assert_literal(values: list[str], names: list[str]) -> None:
    """Each name is shown, and only in its escaped form: no image, link, bold or heading survives."""
    for name in names:
        assert any(md(name) in value for value in values), name
        for value in values:
            assert not unescaped(value, name), (name, value)


def figure_strings(at: AppTest) -> list[str]:
    """Every string of every plotly figure on the page (titles, ticks, hover, labels, data)."""
    found: list[str] = []

    def walk(node):
        if isinstance(node, str):
            found.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for chart in at.get("plotly_chart"):
        walk(json.loads(chart.proto.spec))
    return found


def test_markdown_escape_leaves_no_markup():
    assert md(IMAGE) == r"\!\[p\](http\://host/x\.png)"
    assert md(BOLD) == r"\*\*x\*\*"
    assert md(HEADING) == r"\# Tiêu đề"
    assert md("Xã Vạn Linh") == "Xã Vạn Linh"
    assert label(LINK_HTML) == '&lt;a href="http://x"&gt;y&lt;/a&gt;'


@pytest.fixture()
def hostile_db(demo_db):
    """The demo season with Vạn Linh, its district and its villages renamed like hostile files."""
    con = duckdb.connect(str(demo_db))
    con.execute("UPDATE unit SET name = ?, short_name = ? WHERE code = '06505'", [IMAGE, IMAGE])
    con.execute("UPDATE unit SET name = ?, short_name = ? WHERE code = '187'", [HEADING, HEADING])
    villages = [r[0] for r in con.execute(
        "SELECT code FROM unit WHERE parent_code = '06505' ORDER BY code LIMIT 3").fetchall()]
    for code, name in zip(villages, [BOLD, LINK_HTML, LINK]):
        con.execute("UPDATE unit SET name = ?, short_name = ? WHERE code = ?", [name, name, code])
    con.close()
    return demo_db


def test_drill_down_shows_hostile_names_literally(hostile_db, app_env):
    app_env(hostile_db)
    actor = Actor("test.admin", "admin", display_name=BOLD)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60), actor)
    at.query_params["huyen"] = "187"
    at.query_params["xa"] = "06505"
    at.run()
    at.date_input(key="kts_as_of").set_value(dt.date(2021, 8, 10)).run()
    at.switch_page(str(ROOT / "pages/progress.py")).run()
    assert not at.exception, [e.message for e in at.exception]
    texts_shown = markdown_texts(at)
    assert_literal(texts_shown, [IMAGE, HEADING, BOLD])     # heading, crumbs, signed-in line
    strings = figure_strings(at)
    for name in (BOLD, LINK_HTML, LINK):                  # the villages' bars: ticks and hover
        assert label(name) in strings and not any(LINK_HTML in s for s in strings)
    assert any(label(LINK_HTML) in s for s in strings)


def test_scope_caption_shows_hostile_names_literally(hostile_db, app_env):
    app_env(hostile_db)
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60))
    at.run()
    at.radio(key="kts_level").set_value("commune").run()
    at.selectbox(key="kts_district").set_value("187").run()
    at.selectbox(key="kts_commune").set_value("06505").run()
    assert not at.exception, [e.message for e in at.exception]
    assert_literal(markdown_texts(at), [IMAGE, HEADING])
    for page in ("pages/daily_reports.py", "pages/warnings.py", "pages/teams.py", "pages/phases.py"):
        at.switch_page(str(ROOT / page)).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert_literal(markdown_texts(at), [IMAGE])


def test_upload_with_a_hostile_file_name(app_env, empty_db, tmp_path):
    app_env(empty_db)
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / "import_reports.py"), default_timeout=60)).run()
    data = gia_cat_households(tmp_path).read_bytes()
    name = f"{IMAGE} {LINK} {BOLD}.xlsx"
    at.file_uploader(key="kts_import_files_0").set_value((name, data, XLSX)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert_literal(markdown_texts(at), [name])
    at.button(key="kts_import_confirm").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert_literal(markdown_texts(at), [name])           # the message after the import


def test_chart_builders_escape_labels():
    days = pd.DataFrame({"commune_name": [LINK_HTML], "district_short": ["<b>"], "report_date": [dt.date(2021, 8, 1)],
                         "status": ["late"]})
    heatmap = charts.report_heatmap(days).to_plotly_json()
    assert list(heatmap["data"][0]["y"]) == [label(LINK_HTML) + " (&lt;b&gt;)"]
    curves = pd.DataFrame({"code": ["1"], "name": [LINK_HTML + "%{x}"], "phase": [1], "date": [dt.date(2021, 8, 1)],
                           "day": [0], "stores_pct": [1.0], "target_pct": [50.0]})
    trace = charts.phase_curves(curves, False, "t").to_plotly_json()["data"][0]
    assert trace["name"] == label(LINK_HTML) + "%{x}" and LINK_HTML not in trace["hovertemplate"]
    ranking = pd.DataFrame({"rank": [1], "name": [IMAGE + LINK_HTML], "score": [90.0], "phase_name": [LINK_HTML]})
    bars = charts.ranking_chart(ranking, 150, by_phase=True).to_plotly_json()["data"][0]
    assert list(bars["y"]) == [f"1 · {IMAGE}{label(LINK_HTML)}"] and bars["name"] == label(LINK_HTML)
