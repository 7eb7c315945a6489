"""Đăng nhập: the only page shown while nobody is signed in."""

import pandas as pd
import streamlit as st

from analytics import texts
from ui import auth

st.title(texts.LOGIN_TITLE)
st.caption(texts.LOGIN_INTRO)
notice = auth.take_notice()
if notice:
    st.info(notice)

with st.form("kts_login_form"):
    username = st.text_input(texts.LOGIN_USERNAME, key="kts_login_username", autocomplete="username")
    password = st.text_input(texts.LOGIN_PASSWORD, type="password", key="kts_login_password",
                             autocomplete="current-password")
    submitted = st.form_submit_button(texts.LOGIN_SUBMIT, type="primary")
if submitted:
    problem = auth.sign_in(username, password)
    if problem:
        st.error(problem)
    else:
        st.success(texts.LOGIN_REDIRECTING)
        st.rerun()

if auth.oidc_configured():
    refusal = auth.oidc_refusal()
    if refusal:
        st.error(refusal)
    if st.button(texts.LOGIN_OIDC, key="kts_login_oidc", icon=":material/badge:"):
        auth.oidc_sign_in_start()

demo = auth.demo_accounts()
if demo:
    with st.container(border=True, key="kts_demo_accounts"):
        st.warning(f"**{texts.DEMO_BANNER}**: {texts.DEMO_ACCOUNTS_INTRO}", icon=":material/science:")
        st.dataframe(pd.DataFrame(demo).rename(columns=texts.DEMO_ACCOUNT_COLUMNS), hide_index=True)
