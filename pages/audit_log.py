"""Nhật ký: placeholder until the audit page lands (admins only, see dashboard.py)."""

import streamlit as st

from analytics import texts

st.title(texts.NAV_AUDIT)
st.info(texts.AUDIT_PLACEHOLDER)
