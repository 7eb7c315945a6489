"""Tables for display: Vietnamese headers and number formats, progress bars."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analytics import coverage, texts, vnformat
from analytics import vnformat as fmt

PROGRESS_MAX = 200


STATUS_COLORS = {"reached": "#c8e6c9", "not_reached": "#ffcdd2", "not_started": "#eeeeee"}
NOT_STARTED_TEXT = "#757575"


def status_label(status: str, phase_start) -> str:
    """'Đạt chỉ tiêu', 'Chưa đạt' or 'chưa bắt đầu (từ 20/09)'."""
    if status == "not_started":
        return texts.NOT_STARTED.format(start=phase_start)
    return texts.PROGRESS_REACHED if status == "reached" else texts.PROGRESS_NOT_REACHED


def progress_table(frame: pd.DataFrame, target_pct: float) -> tuple[pd.io.formats.style.Styler, dict]:
    """Coverage rows -> (styled table, column_config), in the rows' order. First what says who is
    behind (unit, phase, status coloured reached / not reached / not started, gap, a progress bar
    of stores against the target), then the figures: counts as 1.234, percentages as 60,1 %. A
    unit whose phase has not begun is grey, with no bar and no gap."""
    status = coverage.status(frame)
    started = frame["started"].astype(bool)
    progress = (100 * frame["stores"] / frame["stores_target"].where(frame["stores_target"] > 0))
    table = pd.DataFrame({
        texts.COLUMNS["name"]: frame["name"],
        texts.COLUMNS["phase_name"]: frame["phase_name"].fillna("–"),
        texts.PROGRESS_STATUS: [status_label(s, d) for s, d in zip(status, frame["phase_start"])],
        # text: the grid shows an empty number as "None", a unit not started has "–"
        texts.COLUMNS["stores_gap"]: frame["stores_gap"].astype("float64").map(vnformat.number),
        # a unit short of its target never shows 100: its bar must stay red (see the config below)
        texts.PROGRESS_STORES: progress.clip(upper=PROGRESS_MAX).where(
            frame["stores_reached"].fillna(False).astype(bool), progress.clip(upper=99.4)).where(started),
        texts.COLUMNS["stores_pct"]: frame["stores_pct"],
        texts.COLUMNS["stores"]: frame["stores"],
        texts.COLUMNS["households"]: frame["households"],
        texts.COLUMNS["accounts"]: frame["accounts"],
        texts.COLUMNS["accounts_pct"]: frame["accounts_pct"],
        texts.COLUMNS["active"]: frame["active"],
        texts.COLUMNS["active_pct"]: frame["active_pct"],
        texts.COLUMNS["households"]: frame["households"],
        texts.COLUMNS["teams"]: frame["teams"],
        texts.COLUMNS["members"]: frame["members"],
    })
    for key in ("reform_note", "old_communes"):   # today's communes (analytics.reform) say what they are made of
        if key in frame:
            table[texts.COLUMNS[key]] = frame[key].to_numpy()
    counts = [texts.COLUMNS[c] for c in ("households", "stores", "accounts", "active", "teams", "members")]
    pcts = [texts.COLUMNS[c] for c in ("stores_pct", "accounts_pct", "active_pct")]
    status_column = table.columns.get_loc(texts.PROGRESS_STATUS)

    def colours(row: pd.Series) -> list[str]:
        kind = status.iloc[row.name]
        grey = f"color: {NOT_STARTED_TEXT};" if kind == "not_started" else ""
        return [grey + (f"background-color: {STATUS_COLORS[kind]};" if i == status_column else "")
                for i in range(len(row))]

    styled = (table.reset_index(drop=True).style.apply(colours, axis=1)
              .format(vnformat.number, subset=counts).format(vnformat.percent, subset=pcts)
              .format(vnformat.number, subset=[texts.PROGRESS_STORES]))  # no households yet: '–', never 'nan'
    config = {
        # the unit stays pinned: a phone scrolls the figures beside it
        texts.COLUMNS["name"]: st.column_config.TextColumn(texts.COLUMNS["name"], width="medium", pinned=True),
        texts.COLUMNS["phase_name"]: st.column_config.TextColumn(width="small"),
        texts.PROGRESS_STATUS: st.column_config.TextColumn(width="medium"),
        texts.COLUMNS["stores_gap"]: st.column_config.TextColumn(
            texts.PROGRESS_GAP_SHORT, width=100, alignment="right", help=texts.COLUMNS["stores_gap"]),
        # color "auto": green above the middle of the scale, red below; the middle is put between
        # 99 and 100 so that a bar is green exactly when its unit has reached the target
        texts.PROGRESS_STORES: st.column_config.ProgressColumn(
            texts.PROGRESS_STORES, min_value=-1, max_value=PROGRESS_MAX, format="%d", width="medium", color="auto",
            help=texts.PROGRESS_HELP.format(target=vnformat.percent(target_pct, 0), max=PROGRESS_MAX),
        ),
    }
    return styled, config


def all_rows_height(rows: int, most: int = 30) -> int | str:
    """A dataframe height showing every row up to `most` rows (then it scrolls)."""
    return 38 + 35 * min(rows, most) if rows else "auto"


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
