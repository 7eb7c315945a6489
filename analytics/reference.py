"""Reference hierarchies (official GSO codes of the lists of 2021, 2025-01 and 2025-07, in
data/reference/hierarchies/) and campaign settings in the database."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from functools import cache

import duckdb
import pandas as pd

from analytics import audit, texts
from analytics.access import Actor, operator
from analytics.db import campaign_of, meta_value, run_in_transaction
from analytics.names import loose_key, name_key
from analytics.paths import REFERENCE_DIR
from analytics.settings import HIERARCHIES, Settings, SettingsError

DEFAULT_PROVINCE = "20"
HIERARCHY_DIR = REFERENCE_DIR / "hierarchies"


@cache
def hierarchy_units() -> pd.DataFrame:
    """Every unit of every hierarchy version: version, level, code, name, kind, short_name,
    parent_code, valid_from, valid_to (data/reference/hierarchies/units.csv)."""
    frame = pd.read_csv(HIERARCHY_DIR / "units.csv", dtype=str, keep_default_na=False)
    for column in ("valid_from", "valid_to"):
        if column not in frame:
            frame[column] = ""
    return frame


@cache
def hierarchy_lineage() -> pd.DataFrame:
    """Lineage rows: from_version, from_code, to_version, to_code, level, share (whole / part)."""
    return pd.read_csv(HIERARCHY_DIR / "lineage.csv", dtype=str, keep_default_na=False)


def reference_units(province_code: str, version: str) -> pd.DataFrame:
    """The province and its units (districts, communes) in one hierarchy version, parents first:
    code, name, short_name, kind, level, parent_code, version, valid_from, valid_to."""
    if version not in HIERARCHIES:
        raise SettingsError("hierarchy", texts.SETTINGS_BAD_HIERARCHY.format(value=version,
                                                                            known=", ".join(HIERARCHIES)))
    units = hierarchy_units()
    units = units[units["version"] == version]
    province = units[(units["level"] == "province") & (units["code"] == province_code)]
    if province.empty:
        problem = texts.SETTINGS_UNKNOWN_PROVINCE_IN.format(code=province_code, version=version)
        raise SettingsError("province.code", f"{problem} {province_advice(province_code, version)}")
    districts = units[(units["level"] == "district") & (units["parent_code"] == province_code)]
    communes = units[(units["level"] == "commune")
                     & units["parent_code"].isin(set(districts["code"]) | {province_code})]
    frame = pd.concat([province.assign(parent_code=None), districts, communes], ignore_index=True)
    for column in ("valid_from", "valid_to"):
        frame[column] = pd.to_datetime(frame[column].replace("", None)).dt.date
    return frame[["code", "name", "short_name", "kind", "level", "parent_code", "version", "valid_from", "valid_to"]]


def province_advice(province_code: str, version: str) -> str:
    """Vietnamese: what became of a province of another list ("Tỉnh Hà Giang (mã 02) từ 1/7/2025
    thuộc Tỉnh Tuyên Quang (mã 08)."), else the provinces of `version` with their codes."""
    units = hierarchy_units()
    provinces = units[units["level"] == "province"]
    names = {(row.version, row.code): row for row in provinces.itertuples(index=False)}
    lineage = hierarchy_lineage()
    steps = lineage[lineage["level"] == "province"]
    known = [v for v in HIERARCHIES if (v, province_code) in names]
    if known and HIERARCHIES.index(known[-1]) < HIERARCHIES.index(version):
        codes, at = {province_code}, known[-1]
        while at != version:
            following = HIERARCHIES[HIERARCHIES.index(at) + 1]
            codes = set(steps.loc[(steps["from_version"] == at) & steps["from_code"].isin(codes), "to_code"])
            at = following
        old = names[(known[-1], province_code)]
        if codes:
            day = old.valid_to and dt.date.fromisoformat(old.valid_to) + dt.timedelta(days=1)
            successors = ", ".join(texts.PROVINCE_SUCCESSOR.format(province=names[(version, c)].name, code=c)
                                   for c in sorted(codes))
            return texts.PROVINCE_BECAME.format(province=old.name, code=province_code, successors=successors,
                                                day=f"{day.day}/{day.month}/{day.year}" if day else "")
    here = provinces[provinces["version"] == version].sort_values("code")
    return texts.PROVINCE_CODES_OF.format(version=version, codes=", ".join(
        f"{row.code} {row.short_name}" for row in here.itertuples(index=False)))


@cache
def hierarchy_unmapped() -> pd.DataFrame:
    """Units whose successor (or some predecessor) the sources do not give: version, level, code,
    name, missing (successor / predecessor), reason, detail (data/reference/hierarchies/unmapped.csv)."""
    return pd.read_csv(HIERARCHY_DIR / "unmapped.csv", dtype=str, keep_default_na=False)


def _units_inside(province_code: str) -> set[tuple[str, str]]:
    """(version, code) of the province's units in every version where the code is a province."""
    units = hierarchy_units()
    inside: set[tuple[str, str]] = set()
    for version in HIERARCHIES:
        of_version = units[units["version"] == version]
        parents = dict(zip(of_version["code"], of_version["parent_code"]))
        for code in of_version["code"]:
            seen, up = 0, code
            while up and up != province_code and seen < 4:
                up, seen = parents.get(up, ""), seen + 1
            if up == province_code:
                inside.add((version, code))
    return inside


def province_lineage(province_code: str) -> pd.DataFrame:
    """Lineage rows of the province: from its units (in any version) and from every unit whose
    lineage leads into them, so that a province made in 2025 of several (Tuyên Quang of Tuyên
    Quang and Hà Giang) brings the history of all of them."""
    lineage = hierarchy_lineage()
    sources: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in lineage.itertuples(index=False):
        sources.setdefault((row.to_version, row.to_code), []).append((row.from_version, row.from_code))
    wanted = frontier = _units_inside(province_code)
    while frontier:
        frontier = {source for key in frontier for source in sources.get(key, ())} - wanted
        wanted = wanted | frontier
    keys = list(zip(lineage["from_version"], lineage["from_code"]))
    return lineage[[key in wanted for key in keys]]


def load_reference(cur: duckdb.DuckDBPyConnection, province_code: str, version: str) -> int:
    """Insert the province, its districts and communes of one hierarchy version into the
    campaign's units, and the province's lineage into the shared table; return the units added."""
    units = reference_units(province_code, version)
    units["name_key"] = units["short_name"].map(name_key)
    units["loose_key"] = units["short_name"].map(loose_key)
    cur.execute(
        """
        INSERT INTO unit (code, name, short_name, kind, level, parent_code, name_key, loose_key, version,
                          valid_from, valid_to)
        SELECT code, name, short_name, kind, level, parent_code, name_key, loose_key, version, valid_from, valid_to
        FROM units
        """
    )
    lineage = province_lineage(province_code)
    cur.execute(
        """
        INSERT INTO main.unit_lineage SELECT from_version, from_code, to_version, to_code, level, share FROM lineage
        ON CONFLICT DO NOTHING
        """
    )
    for key, value in (("province_code", province_code), ("hierarchy", version)):
        cur.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    [key, value])
    return len(units)


def match_unit(cur: duckdb.DuckDBPyConnection, level: str, name: str) -> str | None:
    """Code of the district or commune whose name matches (exactly, then without diacritics),
    else None."""
    rows = cur.execute("SELECT code FROM unit WHERE level = ? AND name_key = ?", [level, name_key(name)]).fetchall()
    if len(rows) != 1:
        rows = cur.execute("SELECT code FROM unit WHERE level = ? AND loose_key = ?", [level, loose_key(name)]).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def match_district(cur: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """Code of the district whose name matches (exactly, then without diacritics), else None."""
    return match_unit(cur, "district", name)


def _phase_units(settings: Settings) -> list[list[str]]:
    return [list(p.districts or p.communes) for p in settings.phases]


def _campaign_key(settings: Settings) -> str:
    """'campaigns[N].' of the settings' campaign in the file (N from 1)."""
    ids = [c.id for c in settings.campaigns]
    if not ids or settings.campaign_id not in ids:
        return ""
    return f"campaigns[{ids.index(settings.campaign_id) + 1}]."


def apply_settings(cur: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Record the campaign's settings snapshot and phases; set each district's phase (each
    commune's, on a hierarchy without districts).

    Phases name units of the campaign's province; a database of another province keeps its
    units without a phase.
    """
    now = dt.datetime.now().replace(microsecond=0)
    snapshot = {
        "province_code": settings.province_code,
        "targets": asdict(settings.targets),
        "deadline": settings.deadline.strftime("%H:%M"),
        "max_file_mb": settings.max_file_mb,
        "phase_units": _phase_units(settings),
        **{k: v for k, v in settings.extra.items()},
    }
    cur.execute("DELETE FROM campaign_setting")
    for key, value in snapshot.items():
        cur.execute("INSERT INTO campaign_setting VALUES (?, ?, ?)", [key, json.dumps(value, default=str), now])
    cur.execute("DELETE FROM phase")
    cur.execute("UPDATE unit SET phase = NULL WHERE level IN ('district', 'commune') AND phase IS NOT NULL")
    if meta_value(cur, "province_code") != settings.province_code:
        return
    for phase in settings.phases:
        cur.execute("INSERT INTO phase VALUES (?, ?, ?, ?)", [phase.number, phase.name, phase.start, phase.end])
        level, names = ("district", phase.districts) if phase.districts else ("commune", phase.communes)
        if not cur.execute("SELECT count(*) FROM unit WHERE level = ?", [level]).fetchone()[0]:
            continue  # phases by district on a hierarchy without districts (`init --hierarchy 2025-07`)
        for name in names:
            code = match_unit(cur, level, name)
            if code is None:
                known = [r[0] for r in cur.execute(
                    "SELECT short_name FROM unit WHERE level = ? ORDER BY code", [level]).fetchall()]
                message = texts.SETTINGS_UNKNOWN_DISTRICT if level == "district" else texts.SETTINGS_UNKNOWN_COMMUNE
                raise SettingsError(
                    f"{_campaign_key(settings)}phases[{phase.number}].{level}s",
                    message.format(district=name, known=", ".join(known)),
                )
            cur.execute("UPDATE unit SET phase = ? WHERE code = ? AND level = ?", [phase.number, code, level])


def settings_changed(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """True when the phases recorded in the database differ from the settings file."""
    con = con.cursor()  # a cursor of its own: sessions share the connection
    recorded = con.execute("SELECT number, name, start_date, end_date FROM phase ORDER BY number").fetchall()
    if meta_value(con, "province_code") != settings.province_code:
        return bool(recorded)
    wanted = [(p.number, p.name, p.start, p.end) for p in settings.phases]
    if recorded != wanted:
        return True
    stored = {key: json.loads(value) for key, value in con.execute(
        "SELECT key, value FROM campaign_setting WHERE key IN ('deadline', 'targets', 'phase_units')").fetchall()}
    return (
        stored.get("deadline") != settings.deadline.strftime("%H:%M")
        or stored.get("targets") != asdict(settings.targets)
        or stored.get("phase_units") != _phase_units(settings)
    )


def initialise(con: duckdb.DuckDBPyConnection, settings: Settings, province_code: str | None = None,
               actor: Actor | None = None, hierarchy: str | None = None) -> int:
    """Create the settings' campaign (`settings.campaign_id`) in the database, with its reference
    hierarchy (the campaign's, or `hierarchy`) for its province (or `province_code`) and its
    settings, audited in the name of `actor` (default: the machine's operator); return units added."""
    from analytics import campaigns

    code = province_code or settings.province_code
    version = hierarchy or settings.campaign.hierarchy
    reference_units(code, version)  # an unknown province or version stops before anything is made
    actor = actor or operator()
    bound = campaigns.create(con, settings.campaign)

    def work(cur):
        campaigns.register(cur, settings.campaign, version, code)
        added = load_reference(cur, code, version)
        apply_settings(cur, settings)
        audit.record(cur, actor, "init", f"province {code}",
                     {"province": code, "hierarchy": version, "units": added, "campaign": settings.campaign_id})
        return added

    return run_in_transaction(bound, work)


def sync_settings(con: duckdb.DuckDBPyConnection, settings: Settings) -> bool:
    """Re-apply the settings file to every campaign of the database whose settings changed since
    the database last saw them; True when one was."""
    from analytics import campaigns

    if campaign_of(con) is not None:
        if not settings_changed(con, settings):
            return False
        run_in_transaction(con, lambda cur: apply_settings(cur, settings))
        return True
    campaigns.adopt_legacy(con, settings)
    changed = False
    for campaign in campaigns.available(con, settings):
        bound = campaigns.bind(con, settings, campaign.id)
        own = settings.for_campaign(campaign.id)
        if settings_changed(bound, own):
            run_in_transaction(bound, lambda cur, own=own: apply_settings(cur, own))
            changed = True
    return changed
