"""Đăng nhập: the only page shown while nobody is signed in."""

import pandas as pd
import streamlit as st

from analytics import texts
from ui import auth
from ui.safe_text import md

st.title(texts.LOGIN_TITLE)
st.caption(texts.LOGIN_INTRO)
notice = auth.take_notice()
if notice:
    st.info(md(notice))

PROBLEM_KEY = "kts_login_problem"


def submit() -> None:
    """Sign in from the form's values. A callback, not a rerun after the form: a rerun would
    drop the redirect that takes the browser through the cookie route."""
    st.session_state[PROBLEM_KEY] = auth.sign_in(st.session_state.get("kts_login_username", ""),
                                                 st.session_state.get("kts_login_password", ""))


with st.form("kts_login_form"):
    st.text_input(texts.LOGIN_USERNAME, key="kts_login_username", autocomplete="username")
    st.text_input(texts.LOGIN_PASSWORD, type="password", key="kts_login_password", autocomplete="current-password")
    st.form_submit_button(texts.LOGIN_SUBMIT, type="primary", on_click=submit)
problem = st.session_state.pop(PROBLEM_KEY, None)
if problem:
    st.error(md(problem))

if auth.oidc_configured():
    refusal = auth.oidc_refusal()
    if refusal:
        st.error(md(refusal))
    if st.button(texts.LOGIN_OIDC, key="kts_login_oidc", icon=":material/badge:"):
        auth.oidc_sign_in_start()

demo = auth.demo_accounts()
if demo:
    with st.container(border=True, key="kts_demo_accounts"):
        st.warning(f"**{texts.DEMO_BANNER}**: {texts.DEMO_ACCOUNTS_INTRO}", icon=":material/science:")
        st.dataframe(pd.DataFrame(demo).rename(columns=texts.DEMO_ACCOUNT_COLUMNS), hide_index=True)
