"""Links between the dashboard's pages: the one place that builds them, so every link carries
what a page needs to open the same way."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError


def page_link(page: str, label: str, *, scope=None, icon: str | None = None, container=None, **codes) -> None:
    """A link to another page of the dashboard (`page` is its script, e.g. "pages/warnings.py")
    that keeps the as-of date and the scope of `scope` (ui.filters.Filters), or opens the units
    given in `codes` (district=, commune=, village=). A page run on its own, outside the entry
    script's navigation, shows the label as text."""
    where = container or st
    params = scope.params(**codes) if scope is not None else None
    try:
        where.page_link(page, label=label, icon=icon, query_params=params)
    except StreamlitPageNotFoundError:
        where.caption(label)
