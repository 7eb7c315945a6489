"""Campaigns in the database: the registry (table main.campaign), one schema per campaign, and
the connection bound to a campaign that every page, command and import works through."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analytics import texts
from analytics.db import MAIN_SCHEMA, CampaignDB, migrate
from analytics.settings import Campaign, Settings


class CampaignNotReady(LookupError):
    """The campaign is in the settings but not in this database (or not in the settings); the
    message (Vietnamese) says how to create it."""


def registry(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per campaign of the database: id, schema_name, name, province_code, hierarchy,
    created_at, in order of creation."""
    return con.cursor().execute(
        "SELECT id, schema_name, name, province_code, hierarchy, created_at FROM main.campaign "
        "ORDER BY created_at, id"
    ).df()


def schema_for(campaign_id: str) -> str:
    return "campaign_" + campaign_id.replace("-", "_")


def _main_in_use(con: duckdb.DuckDBPyConnection) -> bool:
    """True when main already holds a campaign's data (registered, or units of a database made
    before campaigns existed)."""
    cur = con.cursor()
    registered = cur.execute("SELECT count(*) FROM main.campaign WHERE schema_name = ?", [MAIN_SCHEMA]).fetchone()[0]
    return bool(registered) or cur.execute("SELECT count(*) FROM main.unit").fetchone()[0] > 0


def adopt_legacy(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """A database made before campaigns (units in main, an empty registry) holds the settings'
    first campaign, on the hierarchy its units were loaded from."""
    cur = con.cursor()
    if cur.execute("SELECT count(*) FROM main.campaign").fetchone()[0]:
        return
    row = cur.execute("SELECT any_value(version) FROM main.unit WHERE level = 'province'").fetchone()
    if row is None or row[0] is None:
        return
    first = settings.campaigns[0]
    province = cur.execute("SELECT value FROM main.meta WHERE key = 'province_code'").fetchone()
    cur.execute(
        "INSERT INTO main.campaign VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [first.id, MAIN_SCHEMA, first.name, province[0] if province else first.province_code, row[0],
         dt.datetime.now().replace(microsecond=0)],
    )


def create(con: duckdb.DuckDBPyConnection, campaign: Campaign) -> CampaignDB:
    """Make the schema of a campaign that does not exist yet (main for a database's first
    campaign) and return the connection bound to it; `register` records it, in the transaction
    that fills it, so a campaign is in the registry only once it has its units."""
    root = con.root if isinstance(con, CampaignDB) else con
    cur = root.cursor()
    if cur.execute("SELECT count(*) FROM main.campaign WHERE id = ?", [campaign.id]).fetchone()[0]:
        raise CampaignNotReady(texts.CAMPAIGN_EXISTS.format(campaign=campaign.id))
    schema = schema_for(campaign.id) if _main_in_use(root) else MAIN_SCHEMA
    if schema != MAIN_SCHEMA:
        migrate(root, "", schema)  # idempotent: a schema left by an interrupted create is completed
    return CampaignDB(root, schema, campaign.id)


def register(cur: CampaignDB, campaign: Campaign, hierarchy: str, province_code: str) -> None:
    """Record the campaign `cur` is bound to in the registry (inside the caller's transaction)."""
    cur.execute(
        "INSERT INTO main.campaign VALUES (?, ?, ?, ?, ?, ?)",
        [campaign.id, cur.schema, campaign.name, province_code, hierarchy, dt.datetime.now().replace(microsecond=0)],
    )


def drop_all(con: duckdb.DuckDBPyConnection) -> None:
    """Remove every campaign's schema and the registry (the demo rebuilt from scratch); main's
    own data tables are cleared by the caller, in its transaction."""
    root = con.root if isinstance(con, CampaignDB) else con
    cur = root.cursor()
    for (schema,) in cur.execute("SELECT schema_name FROM main.campaign WHERE schema_name <> ?",
                                 [MAIN_SCHEMA]).fetchall():
        cur.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')  # names from the registry
    cur.execute("DELETE FROM main.campaign")


def bind(con: duckdb.DuckDBPyConnection, settings: Settings, campaign_id: str | None = None) -> CampaignDB:
    """The connection to campaign `campaign_id` (None: the settings' first campaign that the
    database holds). CampaignNotReady when the settings or the database do not know it."""
    root = con.root if isinstance(con, CampaignDB) else con
    known = [c.id for c in settings.campaigns]
    held = available(root, settings) if not campaign_id else []
    wanted = campaign_id or (held[0].id if held else known[0])
    if wanted not in known:
        raise CampaignNotReady(texts.CAMPAIGN_UNKNOWN.format(campaign=wanted, known=", ".join(known)))
    row = root.cursor().execute("SELECT schema_name FROM main.campaign WHERE id = ?", [wanted]).fetchone()
    if row is None:
        if wanted == known[0] and not _main_in_use(root):
            return CampaignDB(root, MAIN_SCHEMA, wanted)
        raise CampaignNotReady(texts.CAMPAIGN_NOT_IN_DATABASE.format(campaign=wanted))
    return CampaignDB(root, row[0], wanted)


def available(con: duckdb.DuckDBPyConnection, settings: Settings) -> list[Campaign]:
    """The settings' campaigns that this database holds, in the settings' order."""
    held = set(registry(con)["id"])
    return [c for c in settings.campaigns if c.id in held]


def settings_of(con: CampaignDB, settings: Settings) -> Settings:
    """The settings of the campaign `con` is bound to, with the hierarchy and province the
    database made it with."""
    row = con.root.cursor().execute("SELECT hierarchy, province_code FROM main.campaign WHERE id = ?",
                                    [con.campaign_id]).fetchone()
    if row is None:
        return settings.for_campaign(con.campaign_id)
    return settings.for_campaign(con.campaign_id, row[0], row[1])
