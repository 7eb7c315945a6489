"""Units across hierarchy versions: which units of one version became which of another
(main.unit_lineage, chained through the versions in between), whether a campaign's hierarchy has
a district level, and what an account's scope, given in one version, covers in another."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import texts
from analytics.reference import hierarchy_units
from analytics.settings import HIERARCHIES

LINEAGE_COLUMNS = ["from_code", "to_code", "level", "share"]


def hierarchy_of(con: duckdb.DuckDBPyConnection) -> str | None:
    """The hierarchy version of the units a connection's campaign holds (None: no units yet)."""
    row = con.cursor().execute("SELECT any_value(version) FROM unit WHERE level = 'province'").fetchone()
    return row[0] if row else None


def main_hierarchy(con: duckdb.DuckDBPyConnection) -> str | None:
    """The hierarchy version of the first campaign's units (in main): that of an account's scope
    code when the account does not say (accounts made before campaigns)."""
    row = con.cursor().execute("SELECT any_value(version) FROM main.unit WHERE level = 'province'").fetchone()
    return row[0] if row else None


def has_districts(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the campaign's hierarchy has a district level (read from its units: after
    1/7/2025 communes sit directly under the province)."""
    return con.cursor().execute("SELECT count(*) FROM unit WHERE level = 'district'").fetchone()[0] > 0


def _steps(from_version: str, to_version: str) -> list[tuple[str, str]]:
    """The consecutive (from, to) version pairs between two versions, in either direction."""
    order = list(HIERARCHIES)
    i, j = order.index(from_version), order.index(to_version)
    path = order[i:j + 1] if i <= j else order[j:i + 1][::-1]
    return list(zip(path, path[1:]))


def descendants(con: duckdb.DuckDBPyConnection, from_version: str, to_version: str) -> pd.DataFrame:
    """One row per (unit of `from_version`, unit of `to_version` it went into, wholly or in
    part): from_code, to_code, level, share ('whole' only when every step was whole). Chained
    through the versions in between; read backwards (to_version older) it says which older units
    a newer one was made from, with the same shares."""
    lineage = con.cursor().execute(
        "SELECT from_version, from_code, to_version, to_code, level, share FROM main.unit_lineage").df()
    if from_version == to_version:
        return pd.DataFrame(columns=LINEAGE_COLUMNS)
    chain = None
    for old, new in _steps(from_version, to_version):
        forward = lineage[(lineage["from_version"] == old) & (lineage["to_version"] == new)]
        if forward.empty:
            backward = lineage[(lineage["from_version"] == new) & (lineage["to_version"] == old)]
            forward = backward.rename(columns={"from_code": "to_code", "to_code": "from_code"})
        step = forward[LINEAGE_COLUMNS]
        if chain is None:
            chain = step
            continue
        chain = chain.merge(step, left_on=["to_code", "level"], right_on=["from_code", "level"],
                            suffixes=("", "_next"))
        chain = chain.assign(
            to_code=chain["to_code_next"],
            share=["whole" if a == "whole" and b == "whole" else "part"
                   for a, b in zip(chain["share"], chain["share_next"])],
        )[LINEAGE_COLUMNS]
    if chain is None:
        return pd.DataFrame(columns=LINEAGE_COLUMNS)
    # the same pair reached along two paths: part if any path is
    chain = chain.groupby(["from_code", "to_code", "level"], as_index=False)["share"].agg(
        lambda s: "whole" if (s == "whole").all() else "part")
    return chain.sort_values(["from_code", "to_code"]).reset_index(drop=True)[LINEAGE_COLUMNS]


@dataclass(frozen=True)
class CampaignScope:
    """An account's scope in one campaign: the district and commune codes it covers there, or
    none and the reason (Vietnamese) when its scope, given in another hierarchy version, has no
    unit of the campaign's hierarchy that lies wholly inside it."""

    district: str | None
    commune: str | None
    problem: str | None = None


def scope_in_campaign(con: duckdb.DuckDBPyConnection, scope_code: str, scope_version: str | None) -> CampaignScope:
    """Where a district or commune scope given in `scope_version` lies in the campaign `con` is
    bound to. The same version: the unit itself. Another version: the one unit of the campaign's
    hierarchy made wholly of that unit and of nothing else (a scope is never widened: a commune
    merged with its neighbours gives nothing, nor does a district in a campaign without districts);
    otherwise no scope, with a problem naming the units its area went into."""
    campaign_version = hierarchy_of(con)
    cur = con.cursor()
    scope_version = scope_version or main_hierarchy(con)
    if not scope_version or not campaign_version or scope_version == campaign_version:
        row = cur.execute("SELECT level, parent_code FROM unit WHERE code = ? AND level IN ('district', 'commune')",
                          [scope_code]).fetchone()
        if row is None:
            return CampaignScope(None, None, texts.SCOPE_NOT_IN_CAMPAIGN.format(code=scope_code))
        return _scope_of_unit(cur, scope_code, row[0], row[1])
    # the old unit and its communes (itself, or a district's) from the reference list of its version
    reference = hierarchy_units()
    reference = reference[reference["version"] == scope_version]
    old = reference[(reference["code"] == scope_code) & reference["level"].isin(["district", "commune"])]
    old_name = old["name"].iloc[0] if len(old) else scope_code
    old_level = old["level"].iloc[0] if len(old) else None
    if old_level == "district":
        members = set(reference.loc[(reference["parent_code"] == scope_code) & (reference["level"] == "commune"), "code"])
    else:
        members = {scope_code}
    forward = descendants(con, scope_version, campaign_version)
    backward = descendants(con, campaign_version, scope_version)
    reached = forward[forward["from_code"].isin(members) & (forward["level"] == "commune")]
    names = _names(cur, sorted(set(reached["to_code"])))
    if old_level == "district":
        if not has_districts(con):
            return CampaignScope(None, None, texts.SCOPE_DISTRICT_GONE.format(
                name=old_name, version=scope_version, units=names or "–"))
        same = forward[(forward["from_code"] == scope_code) & (forward["level"] == "district")]
        made_of = backward[(backward["level"] == "district") & backward["from_code"].isin(same["to_code"])]
        if len(same) == 1 and (same["share"] == "whole").all() and set(made_of["to_code"]) == {scope_code} \
                and (made_of["share"] == "whole").all():
            code = same["to_code"].iloc[0]
            return _scope_of_unit(cur, code, "district", None)
        return CampaignScope(None, None, texts.SCOPE_CHANGED.format(name=old_name, version=scope_version,
                                                                   units=names or "–", others=""))
    targets = set(reached["to_code"])
    made_of = backward[backward["from_code"].isin(targets) & (backward["level"] == "commune")]
    if len(targets) == 1 and (reached["share"] == "whole").all():
        if set(made_of["to_code"]) == {scope_code} and (made_of["share"] == "whole").all():
            code = next(iter(targets))
            row = cur.execute("SELECT parent_code FROM unit WHERE code = ? AND level = 'commune'", [code]).fetchone()
            if row is not None:
                return _scope_of_unit(cur, code, "commune", row[0])
    others = sorted(set(made_of["to_code"]) - {scope_code})
    old_names = dict(zip(reference["code"], reference["name"]))
    merged = texts.SCOPE_CHANGED_OTHERS.format(others=", ".join(old_names.get(c, c) for c in others)) if others else ""
    return CampaignScope(None, None, texts.SCOPE_CHANGED.format(name=old_name, version=scope_version,
                                                               units=names or "–", others=merged))


def _scope_of_unit(cur, code: str, level: str, parent: str | None) -> CampaignScope:
    if level == "district":
        return CampaignScope(code, None)
    district = cur.execute("SELECT code FROM unit WHERE code = ? AND level = 'district'", [parent]).fetchone()
    return CampaignScope(district[0] if district else None, code)


def _names(cur, codes: list[str]) -> str:
    if not codes:
        return ""
    rows = cur.execute("SELECT name FROM unit WHERE code IN (SELECT unnest(?)) ORDER BY code", [codes]).fetchall()
    return ", ".join(name for (name,) in rows)
