"""Links between the dashboard's pages: the one place that builds them, so every link carries
what a page needs to open the same way."""

from __future__ import annotations

import streamlit as st


def page_link(page: str, label: str, *, icon: str | None = None, container=None) -> None:
    """A link to another page of the dashboard (`page` is its script, e.g. "pages/warnings.py")."""
    (container or st).page_link(page, label=label, icon=icon)
