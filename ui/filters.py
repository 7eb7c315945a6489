"""The sidebar filters every page shares: as-of date and scope (province, district, commune)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from analytics import access, texts
from analytics import vnformat
from ui import state
from ui.safe_text import md

KEY = state.KEY_PREFIX + "filters"


@dataclass(frozen=True)
class Filters:
    as_of: dt.date
    level: str                 # province | district | commune
    district: str | None       # district code
    commune: str | None        # commune code
    scope_name: str            # for captions: 'Toàn tỉnh', 'Huyện Chi Lăng', ...

    @property
    def child_level(self) -> str:
        return {"province": "district", "district": "commune", "commune": "village"}[self.level]


def _default_as_of(start: dt.date, end: dt.date) -> dt.date:
    return min(max(dt.date.today(), start), end)


def sidebar(remember: bool = True) -> Filters:
    """Render the shared filters in the sidebar; the entry script remembers them for the page
    it runs next (`current`)."""
    settings = state.settings()
    start, end = settings.campaign_start, settings.campaign_end
    with st.sidebar:
        as_of = st.date_input(texts.AS_OF, value=_default_as_of(start, end), min_value=start, max_value=end,
                              format="DD/MM/YYYY", key=state.KEY_PREFIX + "as_of")
        actor = state.actor()
        allowed = access.scope_levels(actor)
        levels = {"province": texts.SCOPE_PROVINCE, "district": texts.SCOPE_DISTRICT, "commune": texts.SCOPE_COMMUNE}
        levels = {key: label for key, label in levels.items() if key in allowed}
        level = st.radio(texts.SCOPE_LEVEL, list(levels), format_func=levels.get, key=state.KEY_PREFIX + "level")
        district = commune = None
        scope_name = texts.SCOPE_PROVINCE
        if level == "district" or (level == "commune" and "district" in levels):
            districts = state.visible_units("district")
            names = dict(zip(districts["code"], districts["name"]))
            district = st.selectbox(texts.SCOPE_PICK_DISTRICT, list(names), format_func=names.get,
                                    key=state.KEY_PREFIX + "district")
            scope_name = names.get(district, scope_name)
        if level == "commune":
            communes = state.visible_units("commune")
            if "district" in levels:
                communes = communes[communes["parent_code"] == district]
            names = dict(zip(communes["code"], communes["name"]))
            commune = st.selectbox(texts.SCOPE_PICK_COMMUNE, list(names), format_func=names.get,
                                   key=state.KEY_PREFIX + "commune")
            if "district" not in levels:
                # a commune officer picks no district: the commune's own
                row = communes[communes["code"] == commune]
                district = row["parent_code"].iloc[0] if len(row) else None
                scope_name = row["district_name"].iloc[0] if len(row) else scope_name
            scope_name = f"{names.get(commune, '')}, {scope_name}"
        st.caption(texts.SIDEBAR_DB.format(path=md(state.db_path().name), as_of=vnformat.date(as_of)))
    filters = Filters(as_of, level, district, commune, scope_name)
    if remember:
        st.session_state[KEY] = filters
    return filters


def current() -> Filters:
    """The filters the entry script's sidebar set for this run; a page run on its own (in
    tests) renders the sidebar itself. Call once per run, at the top of a page."""
    return st.session_state.pop(KEY, None) or sidebar(remember=False)


def watched_name(filters: Filters) -> str:
    """The scope a watch list (warnings, reporting discipline, teams) really covers: the whole
    province asked by an account scoped below it is narrowed to the account's own unit."""
    if filters.level != "province":
        return filters.scope_name
    district, commune = state.home()
    code, level = (commune, "commune") if commune else (district, "district")
    if code is None:
        return filters.scope_name
    names = dict(zip(state.units(level)["code"], state.units(level)["name"]))
    return names.get(code, filters.scope_name)
