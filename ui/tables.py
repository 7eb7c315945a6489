"""Tables for display: Vietnamese headers and number formats, progress bars."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import texts, vnformat
from analytics import vnformat as fmt

PROGRESS_MAX = 150


def progress_table(frame: pd.DataFrame, target_pct: float) -> tuple[pd.io.formats.style.Styler, dict]:
    """Coverage rows -> (styled table, column_config): counts as 1.234, percentages as 60,1 %,
    and a progress bar of stores against the target (100 = target reached). The unit, its stores
    and their % come first and the unit stays pinned: a phone shows them without scrolling."""
    table = pd.DataFrame({
        texts.COLUMNS["name"]: frame["name"],
        texts.COLUMNS["stores"]: frame["stores"],
        texts.COLUMNS["stores_pct"]: frame["stores_pct"],
        texts.PROGRESS_STORES: (100 * frame["stores"] / frame["stores_target"].where(frame["stores_target"] > 0))
        .clip(upper=PROGRESS_MAX).round(0),
        texts.COLUMNS["stores_gap"]: frame["stores_gap"],
        texts.COLUMNS["accounts"]: frame["accounts"],
        texts.COLUMNS["accounts_pct"]: frame["accounts_pct"],
        texts.COLUMNS["active"]: frame["active"],
        texts.COLUMNS["active_pct"]: frame["active_pct"],
        texts.COLUMNS["households"]: frame["households"],
        texts.COLUMNS["teams"]: frame["teams"],
        texts.COLUMNS["members"]: frame["members"],
    })
    counts = [texts.COLUMNS[c] for c in ("households", "stores", "accounts", "active", "teams", "members", "stores_gap")]
    pcts = [texts.COLUMNS[c] for c in ("stores_pct", "accounts_pct", "active_pct")]
    styled = table.style.format(vnformat.number, subset=counts).format(vnformat.percent, subset=pcts)
    config = {
        texts.COLUMNS["name"]: st.column_config.TextColumn(texts.COLUMNS["name"], pinned=True),
        texts.PROGRESS_STORES: st.column_config.ProgressColumn(
            texts.PROGRESS_STORES, min_value=0, max_value=PROGRESS_MAX, format="%d",
            help=texts.PROGRESS_HELP.format(target=vnformat.percent(target_pct, 0), max=PROGRESS_MAX),
        ),
    }
    return styled, config


def preview_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """An import preview as text the reader expects: dates dd/mm/yyyy, numbers 1.234,5, and an
    empty cell (never 'None') where there is no old value."""
    def cell(value):
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if isinstance(value, (dt.datetime, pd.Timestamp)):
            return fmt.datetime(value) if value.time() != dt.time(0, 0) else fmt.date(value)
        if isinstance(value, dt.date):
            return fmt.date(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return fmt.number(value, 0 if float(value).is_integer() else 2)
        return str(value)

    return frame.astype(object).map(cell) if not frame.empty else frame


def layout_frame(table: dict) -> pd.DataFrame:
    """The columns of one imported table: letter, header, use, meaning (Vietnamese headers)."""
    return pd.DataFrame(table["columns"], columns=["column", "header", "use", "meaning"]).rename(
        columns=texts.IMPORT_LAYOUT_COLUMNS)


def matches_frame(matches: list[dict]) -> pd.DataFrame:
    """Names read in a file that matched a unit only loosely (wrong tone, no diacritics...)."""
    loose = [m for m in matches if not m.get("exact", True)]
    return pd.DataFrame(loose, columns=["sheet", "row", "column", "text", "unit", "district"]).rename(
        columns=texts.IMPORT_MATCH_COLUMNS)
