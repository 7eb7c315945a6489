"""The one place where Streamlit meets the database: cached connection, cached queries,
shared sidebar filters. Pages call these functions; they never run SQL themselves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from analytics import access
from analytics import coverage as coverage_mod
from analytics import texts
from analytics.access import Actor
from analytics.db import data_version, is_empty, open_database
from analytics.paths import database_path
from analytics.reference import sync_settings
from analytics import campaigns as campaigns_mod
from analytics.campaigns import bind
from analytics.db import CampaignDB
from analytics.settings import Campaign, Settings, load_settings


KEY_PREFIX = "kts_"


CAMPAIGN_KEY = KEY_PREFIX + "campaign"


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    con = open_database(path)
    if is_empty(con):
        from analytics.access import operator
        from analytics.demo import build_demo

        with st.spinner(texts.BUILDING_DEMO):
            build_demo(con, load_settings(), replace=False, actor=operator("dashboard"))
    return con


def db_path() -> Path:
    return database_path()


def root_connection() -> duckdb.DuckDBPyConnection:
    """The process-wide connection to the database file (built with the demo when new), bound to
    no campaign: for the campaign registry and the shared tables."""
    return _connection(str(db_path()))


def connection(campaign: str | None = None) -> CampaignDB:
    """A connection to the chosen campaign (or `campaign`): its tables are the campaign's own.

    Callers use `.cursor()` per call: a DuckDB connection refuses overlapping calls from threads.
    """
    return bind(root_connection(), file_settings(), campaign or campaign_id())


@st.cache_resource(show_spinner=False)
def _settings(path: str, mtime: float) -> Settings:
    return load_settings(Path(path))


@st.cache_resource(show_spinner=False)
def _synced(db: str, path: str, mtime: float) -> bool:
    """Apply the settings file to the database once per database and version of the file."""
    return sync_settings(root_connection(), _settings(path, mtime))


def file_settings() -> Settings:
    """The validated settings file with every campaign; re-read (and applied to the database)
    when the file changes."""
    from analytics.paths import SETTINGS_PATH

    mtime = SETTINGS_PATH.stat().st_mtime if SETTINGS_PATH.exists() else 0.0
    current = _settings(str(SETTINGS_PATH), mtime)
    _synced(str(db_path()), str(SETTINGS_PATH), mtime)
    return current


def settings(campaign: str | None = None) -> Settings:
    """The settings of the chosen campaign (or `campaign`): its province, hierarchy, targets,
    deadline and phases."""
    return campaigns_mod.settings_of(connection(campaign), file_settings())


def campaigns() -> list[Campaign]:
    """The campaigns of the settings file that the database holds (the sidebar's choices)."""
    found = campaigns_mod.available(root_connection(), file_settings())
    return found or [file_settings().campaigns[0]]


def has_districts() -> bool:
    """Whether the chosen campaign's hierarchy has a district level (none since 1/7/2025)."""
    return settings().has_districts


@st.cache_data(show_spinner=False, max_entries=16)
def _last_report_day(path: str, version: int) -> dt.date | None:
    return coverage_mod.last_report_day(connection())


def last_report_day() -> dt.date | None:
    """The last day with a commune report in the chosen campaign (None before any)."""
    return _last_report_day(_place(), version())


def campaign_id() -> str:
    """The campaign this session works in: the sidebar's choice, else the first one."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ids = [c.id for c in campaigns()]
    # outside a script run (the API routes) there is no session: the default campaign
    chosen = st.session_state.get(CAMPAIGN_KEY) if get_script_run_ctx() is not None else None
    return chosen if chosen in ids else ids[0]


def _place() -> str:
    """The database and campaign: the first part of every cache key below."""
    return f"{db_path()}#{campaign_id()}"


def version() -> int:
    """The data version: part of every cache key, bumped by every import or undo."""
    return data_version(connection().cursor())


def invalidate() -> None:
    """Drop cached query results after a write (the data version also changes)."""
    st.cache_data.clear()


@st.cache_data(show_spinner=False, max_entries=64)
def _units(path: str, version: int, level: str) -> pd.DataFrame:
    from analytics.units import units_frame

    return units_frame(connection(), level)


def units(level: str) -> pd.DataFrame:
    """Live units of a level (code, name, short_name, parent_code, district_code, ...)."""
    return _units(_place(), version(), level)


def actor() -> Actor | None:
    """The acting account of this session (ui.auth), passed to every analytics call below."""
    from ui.auth import current_actor

    return current_actor()


def _key(who: Actor | None) -> tuple | None:
    """The actor as a cache-key part: what decides the result (role, scope, and why it has none
    in this campaign) and who asked; the client address is left out so one account shares its
    cached results across tabs."""
    if not isinstance(who, Actor):
        return None
    return (who.username, who.role, who.district, who.commune, who.unscoped)


def _actor(key: tuple | None) -> Actor | None:
    if not key:
        return None
    username, role, district, commune, unscoped = key
    return Actor(username, role, district, commune, unscoped=unscoped)


def home() -> tuple[str | None, str | None]:
    """(district, commune) codes of the acting account's own scope ((None, None): the province)."""
    return access.home(connection(), actor())


def visible_units(level: str) -> pd.DataFrame:
    """units(level) that the acting account may open in full (the sidebar's choices)."""
    return access.visible_units(actor(), units(level))


@st.cache_data(show_spinner=False, max_entries=256)
def _overview(path: str, version: int, who: tuple | None, as_of: dt.date, level: str, district: str | None,
              commune: str | None):
    return coverage_mod.overview(connection(), settings(), as_of, level, district, commune, actor=_actor(who))


def overview(as_of: dt.date, level: str, district: str | None = None, commune: str | None = None):
    """analytics.coverage.overview for the sidebar scope, cached on the actor, filters and data version."""
    return _overview(_place(), version(), _key(actor()), as_of, level, district, commune)


@st.cache_data(show_spinner=False, max_entries=256)
def _drill(path: str, version: int, who: tuple | None, as_of: dt.date, district: str | None, commune: str | None,
           village: str | None):
    from analytics.drilldown import drill as drill_fn

    return drill_fn(connection(), settings(), as_of, district, commune, village, actor=_actor(who))


def drill(as_of: dt.date, district: str | None = None, commune: str | None = None, village: str | None = None):
    """analytics.drilldown.drill for the page «Tiến độ theo địa bàn», cached on the actor and the
    selection; AccessDenied for a unit outside the actor's scope."""
    return _drill(_place(), version(), _key(actor()), as_of, district, commune, village)


@st.cache_data(show_spinner=False, max_entries=64)
def _phases_view(path: str, version: int, who: tuple | None, as_of: dt.date, district: str | None,
                 commune: str | None):
    from analytics.phases import phases_view as phases_fn

    return phases_fn(connection(), settings(), as_of, district, commune, actor=_actor(who))


def phases_view(as_of: dt.date, district: str | None = None, commune: str | None = None):
    """analytics.phases.phases_view, cached on the actor, as-of date, scope and data version."""
    return _phases_view(_place(), version(), _key(actor()), as_of, district, commune)


@st.cache_data(show_spinner=False, max_entries=64)
def _discipline_view(path: str, version: int, who: tuple | None, as_of: dt.date, district: str | None,
                     commune: str | None):
    from analytics.discipline import discipline_view as discipline_fn

    return discipline_fn(connection(), settings(), as_of, district, commune, actor=_actor(who))


def discipline_view(as_of: dt.date, district: str | None = None, commune: str | None = None):
    """analytics.discipline.discipline_view, cached on the actor, filters and data version."""
    return _discipline_view(_place(), version(), _key(actor()), as_of, district, commune)


@st.cache_data(show_spinner=False, max_entries=64)
def _alerts(path: str, version: int, who: tuple | None, as_of: dt.date, district: str | None, commune: str | None):
    from analytics.alerts import alerts as alerts_fn

    return alerts_fn(connection(), settings(), as_of, district, commune, actor=_actor(who))


def alerts(as_of: dt.date, district: str | None = None, commune: str | None = None) -> pd.DataFrame:
    """analytics.alerts.alerts, cached on the actor, filters and data version."""
    return _alerts(_place(), version(), _key(actor()), as_of, district, commune)


@st.cache_data(show_spinner=False, max_entries=64)
def _teams_view(path: str, version: int, who: tuple | None, district: str | None, commune: str | None):
    from analytics.teams import teams_view as teams_fn

    return teams_fn(connection(), settings(), district, commune, actor=_actor(who))


def teams_view(district: str | None = None, commune: str | None = None):
    """analytics.teams.teams_view, cached on the actor, scope and data version."""
    return _teams_view(_place(), version(), _key(actor()), district, commune)


@st.cache_data(show_spinner=False, max_entries=64)
def _ranking(path: str, version: int, who: tuple | None, level: str, as_of: dt.date, district: str | None,
             commune: str | None, compare: dt.date | None, weights: tuple, separate: bool, today: bool):
    from analytics import ranking as ranking_mod

    return ranking_mod.ranking(connection(), settings(), level, as_of, district=district, commune=commune,
                               compare=compare, weights=dict(weights), separate_phases=separate, today=today,
                               actor=_actor(who))


def ranking(level: str, as_of: dt.date, district: str | None, commune: str | None, compare: dt.date | None,
            weights: tuple, separate: bool, today: bool = False):
    """analytics.ranking.ranking, cached on the actor, its arguments and the data version (today:
    the communes since 1/7/2025)."""
    return _ranking(_place(), version(), _key(actor()), level, as_of, district, commune, compare, weights,
                    separate, today)


@st.cache_data(show_spinner=False, max_entries=16)
def _campaign_hierarchy(path: str, version: int) -> str | None:
    from analytics.reform import campaign_hierarchy as hierarchy_fn

    return hierarchy_fn(connection())


def campaign_hierarchy() -> str | None:
    """The hierarchy version the campaign's communes come from (2021, 2025-01, 2025-07)."""
    return _campaign_hierarchy(_place(), version())


def reform_applies() -> bool:
    """True when the campaign runs on a list older than 1/7/2025 (its figures can be shown by
    today's communes)."""
    from analytics.reform import older_than_today

    return older_than_today(campaign_hierarchy())


@st.cache_data(show_spinner=False, max_entries=64)
def _today_coverage(path: str, version: int, who: tuple | None, as_of: dt.date, district: str | None,
                    commune: str | None) -> pd.DataFrame:
    from analytics.reform import today_coverage as today_fn

    return today_fn(connection(), settings(), as_of, district, commune, actor=_actor(who))


def today_coverage(as_of: dt.date, district: str | None = None, commune: str | None = None) -> pd.DataFrame:
    """analytics.reform.today_coverage (the scope's communes re-aggregated to those since
    1/7/2025), cached on the actor, filters and data version."""
    return _today_coverage(_place(), version(), _key(actor()), as_of, district, commune)
