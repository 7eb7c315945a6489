"""Today's communes on the pages: the switch «Theo xã hiện nay (sau 1/7/2025)» and the table of
the scope's figures re-aggregated to the communes since 1/7/2025 (analytics.reform)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics import texts, vnformat as fmt
from analytics.coverage import behind_first
from ui import downloads, state, tables

STEM = "tien-do-xa-hien-nay"
EXPORT_COLUMNS = downloads.COVERAGE_EXPORT_COLUMNS + ["reform_note", "old_communes"]


def offered(level: str) -> bool:
    """The switch is shown when the campaign runs on a list older than 1/7/2025 and the scope's
    children are districts or communes that the account may read commune by commune (the
    province's communes: province accounts only)."""
    if level not in ("province", "district") or not state.reform_applies():
        return False
    who = state.actor()
    return level == "district" or (who is not None and who.scope_level == "province")


def toggle(level: str, key: str) -> bool:
    """The switch (when offered); its state."""
    if not offered(level):
        return False
    return st.toggle(texts.REFORM_TOGGLE, help=texts.REFORM_TOGGLE_HELP, key=state.KEY_PREFIX + key)


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Today's communes most behind first, then the parts kept apart."""
    apart = frame["split_part"].astype(bool)
    return pd.concat([behind_first(frame[~apart]), frame[apart]], ignore_index=True)


def caption(frame: pd.DataFrame) -> None:
    """How many communes of today, made of how many of the campaign's, and the parts kept apart."""
    apart = int(frame["split_part"].sum())
    old = int(frame["communes"].sum())   # each campaign commune counts once, even when divided
    version = state.campaign_hierarchy()
    st.caption(texts.REFORM_CAPTION.format(count=fmt.number(len(frame) - apart), old=fmt.number(old),
                                           version=texts.REFORM_HIERARCHIES.get(version, version)))
    if apart:
        st.warning(texts.REFORM_CAPTION_APART.format(count=fmt.number(apart)))


def table(frame: pd.DataFrame, target_pct: float, *, key: str, as_of, subtitle: str, total_row=None) -> None:
    """The table of today's communes with its progress bars, notes and download buttons."""
    styled, config = tables.progress_table(frame, target_pct)
    st.dataframe(styled, column_config=config, hide_index=True, width="stretch",
                 height=tables.all_rows_height(len(frame)))
    downloads.download_buttons(
        frame[EXPORT_COLUMNS], stem=STEM, title=texts.REFORM_EXPORT_TITLE,
        subtitle=texts.REFORM_SCOPE.format(scope=subtitle), key=key, as_of=as_of,
        percent_columns=downloads.COVERAGE_PERCENT_COLUMNS, total_row=total_row)
