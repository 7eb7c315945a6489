"""The signed-in account of this browser session (the Streamlit side of analytics.access)."""

from __future__ import annotations

import streamlit as st

from analytics.access import Actor, operator

ACTOR_KEY = "kts_auth_actor"


def current_actor() -> Actor | None:
    """The Actor of this session. Until sign-in lands, a session without one acts as the
    operator (the whole province, admin), as the product did before accounts."""
    return st.session_state.get(ACTOR_KEY) or operator("dashboard")
