"""Download buttons under a table: the same rows as Excel (analytics.export.to_xlsx) and CSV."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import texts
from analytics.export import to_csv, to_xlsx
from ui import state

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def file_name(stem: str, as_of: dt.date | None, extension: str) -> str:
    """'xep-hang-huyen' + 31/12/2021 + 'xlsx' -> 'xep-hang-huyen-2021-12-31.xlsx'."""
    return f"{stem}-{as_of.isoformat()}.{extension}" if as_of else f"{stem}.{extension}"


def download_buttons(frame: pd.DataFrame, *, stem: str, title: str, key: str, as_of: dt.date | None = None,
                     **xlsx_options) -> None:
    """An Excel and a CSV download button side by side for `frame` (see analytics.export.to_xlsx
    for the options: official, subtitle, note, percent_columns, total_row, signatures...).

    The files are built only when a button is clicked (deferred data), so a page rerun costs
    nothing; clicking does not rerun the page.
    """
    settings = state.settings()
    rows = frame.copy()

    def xlsx() -> bytes:
        return to_xlsx(rows, title=title, settings=settings, as_of=as_of, **xlsx_options)

    def csv() -> bytes:
        return to_csv(rows)

    left, right = st.columns(2, width=520)
    left.download_button(texts.DOWNLOAD_EXCEL, xlsx, file_name=file_name(stem, as_of, "xlsx"), mime=XLSX_MIME,
                         key=state.KEY_PREFIX + key + "_xlsx", on_click="ignore", icon=":material/table_view:",
                         help=texts.DOWNLOAD_EXCEL_HELP, width="stretch")
    right.download_button(texts.DOWNLOAD_CSV, csv, file_name=file_name(stem, as_of, "csv"), mime=CSV_MIME,
                          key=state.KEY_PREFIX + key + "_csv", on_click="ignore", icon=":material/download:",
                          help=texts.DOWNLOAD_CSV_HELP, width="stretch")


COVERAGE_EXPORT_COLUMNS = ["code", "name", "phase_name", "households", "stores", "stores_pct", "accounts", "accounts_pct",
                           "active", "active_pct", "teams", "members", "full_teams", "stores_gap"]
COVERAGE_PERCENT_COLUMNS = ["stores_pct", "accounts_pct", "active_pct"]
COVERAGE_STEMS = {"district": "tien-do-huyen", "commune": "tien-do-xa", "village": "tien-do-thon"}


def coverage_title(level: str) -> str:
    """Title of an exported coverage table of a level's units."""
    return texts.EXPORT_COVERAGE_TITLES[level]
