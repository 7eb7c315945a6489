"""Every page, at the province, a district and a commune, on the demo season and on an `init`
database, read as an officer reads it: no Python missing values ("None", "nan", "NaT") and no
developer text (Streamlit's Deploy, file names, command lines) anywhere in the rendered text."""

from __future__ import annotations

import datetime as dt
import io
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
FORBIDDEN = re.compile(
    r"\b(None|nan|NaN|NaT)\b|Deploy|settings\.toml|--kind|python -m|\.duckdb"
    r"|(?<![=\w/-])\d{4}-\d{2}-\d{2}\b"     # an ISO date outside a link (dd/mm/yyyy expected)
    r"|\b\d+\.\d+ ?%")                      # a percentage with a decimal point (95,2 % expected)
# protobuf fields that hold identifiers or payloads, never text a reader sees
SKIPPED_FIELDS = {"id", "form_id", "key", "spec", "data", "uuid", "styles", "display_values", "selection_state",
                  "selection_default", "columns", "url", "icon", "page_script_hash", "element_hash",
                  # widget values travel in ISO form; the widget shows them in its own `format`
                  "default", "min", "max", "value", "format"}
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


def walk_pages(actor: Actor, scope: dict, as_of: dt.date | None) -> str:
    """Every page once, in one session: the texts that should not be there, one line each (empty: none)."""
    at = signed_in(AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=90), actor)
    at.run()
    if as_of:
        at.date_input(key="kts_as_of").set_value(as_of).run()
    if scope:
        at.radio(key="kts_level").set_value("commune" if "kts_commune" in scope else "district").run()
        for key, code in scope.items():
            at.selectbox(key=key).set_value(code).run()
            assert at.selectbox(key=key).value == code
    pages = [p for p in PAGES if (actor.can_write or "import" not in p) and (actor.is_admin or "audit" not in p)]
    problems = {}
    for page in pages:
        at.switch_page(str(ROOT / page)).run()
        assert not at.exception, (page, [e.message for e in at.exception])
        assert at.title, page                                   # the page itself ran, not only the sidebar
        problems[page] = offending(at)
    return "\n".join(f"{page}: {kind}: {text!r}" for page, bad in problems.items() for kind, text in dict.fromkeys(bad))


@pytest.mark.parametrize("scope", list(SCOPES))
def test_demo_pages_show_no_missing_values_or_developer_text(scope, demo_db, app_env):
    app_env(demo_db)
    # 1/9: phase 2 has not started, phase 1 is under way
    assert walk_pages(ADMIN, SCOPES[scope], dt.date(2021, 9, 1)) == ""


@pytest.mark.parametrize("scope", list(SCOPES))
def test_empty_database_pages_show_no_missing_values_or_developer_text(scope, empty_db, app_env):
    app_env(empty_db)
    assert walk_pages(ADMIN, SCOPES[scope], None) == ""


@pytest.mark.parametrize("actor", [ADMIN, DISTRICT_OFFICER, COMMUNE_OFFICER], ids=["province", "district", "commune"])
def test_accounts_at_the_campaign_end_see_no_missing_values_or_developer_text(actor, demo_db, app_env):
    """Each scoped account on its own scope, on the default day (the campaign's end)."""
    app_env(demo_db)
    assert walk_pages(actor, {}, None) == ""


def test_the_walker_sees_a_missing_value():
    """The check itself: a table with a missing cell and no placeholder reads "None"."""
    at = AppTest.from_string("import streamlit as st\nst.dataframe({'a': [1, None]})\nst.caption('ok')").run()
    assert ("dataframe", "None") in offending(at)
    at = AppTest.from_string("import streamlit as st\nst.dataframe({'a': ['x', None]}, placeholder='')\n"
                             "st.metric('a', 'nan')").run()
    assert offending(at) == [("metric.body", "nan")]


def test_import_preview_errors_and_their_workbook_show_no_missing_values(demo_db, app_env, tmp_path, settings):
    """A report that replaces demo figures (old values beside new ones, a percentage column) and
    one refused with errors that have no sheet, row or value: the page and the errors workbook."""
    from openpyxl import load_workbook

    from analytics.db import open_database
    from analytics.ingest.exports import issues_workbook
    from analytics.ingest.pipeline import import_file
    from tests.ingest_fixtures import title_block, write_xlsx

    app_env(demo_db)
    replacing = write_xlsx(tmp_path / "bc_thay.xlsx", title_block("UBND HUYỆN CHI LĂNG", "BÁO CÁO NGÀY 05/8/2021") + [
        ["TT", "Xã", "Ngày", "Cửa hàng số mở mới", "TK TTĐT mở mới", "Tỷ lệ hộ có CHS (%)"],
        [1, "Vạn Linh", dt.datetime(2021, 8, 5), 26, 20, None], [2, "Vân An", dt.datetime(2021, 8, 5), 9, 4, "12,5"]])
    refused = write_xlsx(tmp_path / "khong_ngay.xlsx", [["TT", "Xã", "CHS"], [1, "Vạn Linh", 3.5]])
    at = signed_in(AppTest.from_file(str(ROOT / "pages" / "import_reports.py"), default_timeout=90)).run()
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    for i, path in enumerate((replacing, refused)):
        at.file_uploader(key="kts_import_files_0").set_value((path.name, path.read_bytes(), xlsx)).run()
        assert not at.exception
        assert at.dataframe, path.name
        assert "\n".join(f"{kind}: {text!r}" for kind, text in dict.fromkeys(offending(at))) == ""
    con = open_database(demo_db)
    try:
        results = [import_file(con, settings, p.read_bytes(), p.name, dry_run=True) for p in (replacing, refused)]
    finally:
        con.close()
    assert any(r.errors for r in results)
    sheet = load_workbook(io.BytesIO(issues_workbook(results, settings))).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c for c in cells if FORBIDDEN.search(c)] == []
