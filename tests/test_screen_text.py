"""Every page, at the province, a district and a commune, on the demo season and on an `init`
database, read as an officer reads it: no Python missing values ("None", "nan", "NaT") and no
developer text (Streamlit's Deploy, file names, command lines) anywhere in the rendered text."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

from analytics.demo import DEMO_ACCOUNTS
from analytics.access import Actor
from tests.conftest import ROOT
from tests.signin import ADMIN, signed_in

PAGES = ["pages/overview.py", "pages/progress.py", "pages/phases.py", "pages/daily_reports.py",
         "pages/warnings.py", "pages/teams.py", "pages/ranking.py", "pages/import_reports.py", "pages/audit_log.py"]
FORBIDDEN = re.compile(r"\b(None|nan|NaN|NaT)\b|Deploy|settings\.toml|--kind|python -m|\.duckdb")
# protobuf fields that hold identifiers or payloads, never text a reader sees
SKIPPED_FIELDS = {"id", "form_id", "key", "spec", "data", "uuid", "styles", "display_values", "selection_state",
                  "selection_default", "columns", "url", "icon", "page_script_hash", "element_hash"}
SCOPES = {"province": {}, "district": {"kts_district": "187"}, "commune": {"kts_district": "187", "kts_commune": "06505"}}
DISTRICT_OFFICER, COMMUNE_OFFICER = (Actor(u, role, district="187" if role == "district" else None,
                                           commune="06505" if role == "commune" else None, display_name=name)
                                     for u, _, role, _, name in DEMO_ACCOUNTS[1:3])


def proto_strings(message, path: str = ""):
    """(field path, text) of every string a protobuf message carries, identifiers left out."""
    for field, value in message.ListFields():
        if field.name in SKIPPED_FIELDS:
            continue
        values = value if field.is_repeated else [value]
        for item in values:
            if isinstance(item, str):
                yield f"{path}{field.name}", item
            elif hasattr(item, "ListFields"):
                yield from proto_strings(item, f"{path}{field.name}.")


def table_strings(proto):
    """The cells of a st.dataframe as the grid shows them: the Styler's display values when
    the table is styled, else the values, a missing one shown as the placeholder ("None" when
    none is set)."""
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(proto.arrow_data.data)
    yield from (str(c) for c in shown.columns)
    if proto.arrow_data.styler.display_values:
        shown = dataframe_util.convert_arrow_bytes_to_pandas_df(proto.arrow_data.styler.display_values)
        yield from (str(v) for v in shown.to_numpy().ravel())
        return
    placeholder = proto.placeholder if proto.HasField("placeholder") else "None"
    for value in shown.to_numpy().ravel():
        yield placeholder if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def screen_text(at: AppTest) -> list[tuple[str, str]]:
    """(element type, text) of everything rendered in the main area and the sidebar."""
    found = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if node.type == "dataframe":
            found.extend(("dataframe", text) for text in table_strings(proto))
        elif proto is not None and hasattr(proto, "ListFields") and node.type != "plotly_chart":
            found.extend((f"{node.type}.{name}", text) for name, text in proto_strings(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def offending(at: AppTest) -> list[tuple[str, str]]:
    return [(kind, text) for kind, text in screen_text(at) if FORBIDDEN.search(text)]


def walk_pages(actor: Actor, scope: dict, as_of: dt.date | None) -> dict:
    """Every page once, in one session: {page: [(element, text), ...]} of what should not be there."""
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90), actor)
    at.run()
    if as_of:
        at.date_input(key="kts_as_of").set_value(as_of).run()
    if scope:
        at.radio(key="kts_level").set_value("commune" if "kts_commune" in scope else "district").run()
        for key, code in scope.items():
            if any(w.key == key for w in at.selectbox):
                at.selectbox(key=key).set_value(code).run()
    problems = {}
    for page in PAGES if actor.can_write else [p for p in PAGES if "import" not in p and "audit" not in p]:
        if page == "pages/audit_log.py" and not actor.is_admin:
            continue
        at.switch_page(str(ROOT / page)).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        bad = offending(at)
        if bad:
            problems[page] = bad
    return {page: "\n".join(f"{kind}: {text!r}" for kind, text in bad) for page, bad in problems.items()}


@pytest.mark.parametrize("scope", list(SCOPES))
def test_demo_pages_show_no_missing_values_or_developer_text(scope, demo_db, app_env):
    app_env(demo_db)
    # 1/9: phase 2 has not started, phase 1 is under way
    assert walk_pages(ADMIN, SCOPES[scope], dt.date(2021, 9, 1)) == {}


@pytest.mark.parametrize("scope", list(SCOPES))
def test_empty_database_pages_show_no_missing_values_or_developer_text(scope, empty_db, app_env):
    app_env(empty_db)
    assert walk_pages(ADMIN, SCOPES[scope], None) == {}


@pytest.mark.parametrize("actor", [DISTRICT_OFFICER, COMMUNE_OFFICER], ids=["district", "commune"])
def test_officers_see_no_missing_values_or_developer_text(actor, demo_db, app_env):
    app_env(demo_db)
    assert walk_pages(actor, {}, None) == {}


def test_the_walker_sees_a_missing_value():
    """The check itself: a table with a missing cell and no placeholder reads "None"."""
    at = AppTest.from_string("import streamlit as st\nst.dataframe({'a': [1, None]})\nst.caption('ok')").run()
    assert ("dataframe", "None") in offending(at)
    at = AppTest.from_string("import streamlit as st\nst.dataframe({'a': ['x', None]}, placeholder='')\n"
                             "st.metric('a', 'nan')").run()
    assert offending(at) == [("metric.body", "nan")]
