"""Shared fixtures: real DuckDB files built in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analytics.db import open_database
from analytics.demo import build_demo
from analytics.reference import initialise
from analytics.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: end-to-end test in headless Chromium against streamlit run")


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory, settings) -> Path:
    """The demo season, built once per test session (never modified: copy it to write)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    con = open_database(path)
    build_demo(con, settings)
    con.close()
    return path


@pytest.fixture()
def demo_db(tmp_path, demo_db_template) -> Path:
    """A private copy of the demo database file for one test."""
    path = tmp_path / "demo.duckdb"
    shutil.copy(demo_db_template, path)
    return path


@pytest.fixture()
def demo_con(demo_db_template):
    """A read-only connection to the shared demo database."""
    import duckdb

    con = duckdb.connect(str(demo_db_template), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def empty_db(tmp_path, settings) -> Path:
    """A database from `init`: the reference hierarchy and settings, no villages, no reports."""
    path = tmp_path / "empty.duckdb"
    con = open_database(path)
    initialise(con, settings)
    con.close()
    return path


@pytest.fixture()
def app_env(monkeypatch):
    """Point the dashboard at a database file and start from clean Streamlit caches."""
    import streamlit as st

    def use(path: Path):
        monkeypatch.setenv("DASHBOARD_DB", str(path))
        st.cache_resource.clear()
        st.cache_data.clear()
        return path

    yield use
    st.cache_resource.clear()
    st.cache_data.clear()


def chromium_path() -> str | None:
    """The system Chromium for browser tests, or None (tests then skip unless REQUIRE_BROWSER=1)."""
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(candidate):
            return candidate
    return None


def run_cli(*args, check=True):
    """`python -m analytics ARGS` in a child process from the repository root; asserts success
    unless check=False."""
    result = subprocess.run([sys.executable, "-m", "analytics", *map(str, args)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    if check:
        assert result.returncode == 0, result.stderr
    return result
