"""Rosters: community technology teams (one per village) and commune steering committees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics import texts
from analytics.ingest.common import FileContext, Sheet, body_frame, group_places, place_context, row_roles, texts_of
from analytics.ingest.statements import statement
from analytics.names import fold

VILLAGE_HEADS = ("truong thon", "truong ban", "truong khoi", "truong to dan pho", "to truong to dan pho",
                 "truong khu", "truong xom", "truong khu pho", "truong khoi pho")
HONORIFICS = {"ong", "ba", "anh", "chi", "ong ba"}
_IN_CHARGE = re.compile(r"phụ trách\s+(?:các\s+)?(?:thôn|bản|khối phố|khối|tổ dân phố|xóm)[:\s]+([^.;]+)", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|/|\bvà\b|\n)\s*")


def _has_word(text: str, word: str) -> bool:
    return f" {word} " in f" {fold(text)} "


def is_leader_note(notes: str, position: str) -> bool:
    """'Tổ trưởng' in the notes (or as the position) marks the team leader's row."""
    folded_position = fold(position)
    return _has_word(notes, "to truong") or folded_position in ("to truong", "to truong to cong nghe so",
                                                                "to truong to cong nghe cong dong")


def is_village_head(position: str) -> bool:
    """Trưởng thôn/bản/khối... but not their deputies (Phó trưởng thôn)."""
    folded = fold(position)
    return any(head in folded for head in VILLAGE_HEADS) and not folded.startswith("pho")


def is_youth_union(*parts: str) -> bool:
    """Đoàn Thanh niên: 'Bí thư chi đoàn', 'Đoàn viên', 'Bí thư Đoàn xã'."""
    return any(_has_word(p, "doan") or "doan vien" in fold(p) or "thanh nien" in fold(p) for p in parts if p)


@dataclass
class RosterOutput:
    """Rows to insert for teams or committees, with the preview and summary."""

    parents: pd.DataFrame
    members: pd.DataFrame
    preview: pd.DataFrame
    summary: dict
    rows: int


@dataclass
class _Team:
    village: str
    commune: str
    sheet: str
    row: int
    members: list[dict] = field(default_factory=list)


def _column_texts(frame: pd.DataFrame, table, name: str) -> pd.Series:
    column = table.first(name)
    if column is None:
        return pd.Series("", index=frame.index)
    return texts_of(frame[column.index])


def build_teams(ctx: FileContext, sheets: list[Sheet]) -> RosterOutput:
    """Teams in the Gia Cát shape: the leader's row names the village ('Phụ trách thôn') and
    says 'Tổ trưởng'; the rows below are its members (civil servants at 'UBND xã' included)."""
    issues = ctx.issues
    teams: dict[str, _Team] = {}
    communes: set[str] = set()
    decision_no = decision_date = None
    for sheet in sheets:
        table = sheet.table
        name_col = table.first("full_name")
        if name_col is None:
            issues.error(texts.IMPORT_MISSING_COLUMN.format(column=texts.IMPORT_COLUMN_NAME), table.sheet, table.header_rows[0] + 1)
            continue
        decision_no = decision_no or sheet.title.decision_no
        decision_date = decision_date or sheet.title.decision_date
        frame = body_frame(table)
        roles = row_roles(table, frame, [name_col])
        district, commune = place_context(ctx, sheet)
        groups = group_places(ctx, list(pd.unique(roles.loc[roles["role"] == "group", "label"])), district)
        cols = {n: _column_texts(frame, table, n) for n in
                ("position", "address", "villages_in_charge", "notes", "village", "commune", "tt")}
        current: _Team | None = None
        broken = False
        for position in range(len(frame)):
            role = roles["role"].iloc[position]
            row = int(roles["excel_row"].iloc[position])
            label = roles["label"].iloc[position]
            if role == "group":
                match = groups.get(label)
                if match is not None and match.level == "commune":
                    commune, district, current = match.code, ctx.units.district_of(match.code), None
                elif commune:
                    current = _start_team(ctx, teams, label, commune, district, sheet, row, name_col.header)
                    broken = current is None
                continue
            if role != "detail":
                continue
            if cols["commune"].iloc[position]:
                found = ctx.units.find("commune", cols["commune"].iloc[position], district)
                if found.code is None:
                    issues.error(found.message, table.sheet, row, table.first("commune").header, cols["commune"].iloc[position])
                    continue
                commune = found.code
            if commune is None:
                issues.error(texts.IMPORT_NO_COMMUNE, table.sheet, row, name_col.header, label)
                broken = True
                continue
            job, notes = cols["position"].iloc[position], cols["notes"].iloc[position]
            in_charge = cols["villages_in_charge"].iloc[position] or (
                cols["village"].iloc[position] if current is None or _differs(ctx, current, cols["village"].iloc[position], commune) else "")
            leader = is_leader_note(notes, job)
            if in_charge or (leader and current is None):
                village_text = in_charge or cols["address"].iloc[position]
                column = (table.first("villages_in_charge") or table.first("village") or table.first("address"))
                current = _start_team(ctx, teams, village_text, commune, district, sheet, row,
                                      column.header if column else name_col.header)
                broken = current is None
                if current is None:
                    continue
                leader = True
            elif current is None:
                if not broken:
                    issues.error(texts.IMPORT_MEMBER_WITHOUT_TEAM, table.sheet, row, name_col.header, label)
                continue
            communes.add(current.commune)
            tt = cols["tt"].iloc[position]
            current.members.append({
                "row_no": int(float(tt)) if re.match(r"^\d+(\.0)?$", tt) else row,
                "full_name": label, "position": job or None, "address": cols["address"].iloc[position] or None,
                "is_leader": bool(leader and not any(m["is_leader"] for m in current.members)),
                "youth_union": is_youth_union(job, notes), "notes": notes or None, "excel_row": row,
            })
    return _teams_output(ctx, teams, communes, decision_no, decision_date, sheets)


def _differs(ctx: FileContext, team: _Team, village_text: str, commune: str) -> bool:
    if not village_text:
        return False
    found = ctx.units.find("village", village_text, None, commune)
    return found.code is not None and found.code != team.village


def _start_team(ctx: FileContext, teams: dict[str, _Team], village_text: str, commune: str, district, sheet: Sheet,
                row: int, column: str) -> _Team | None:
    found = ctx.units.find("village", village_text, district, commune)
    if found.code is None:
        ctx.issues.error(found.message, sheet.table.sheet, row, column, village_text)
        return None
    if found.code in teams:
        first = teams[found.code]
        ctx.issues.error(texts.IMPORT_DUPLICATE_TEAM.format(row=first.row, sheet=first.sheet),
                         sheet.table.sheet, row, column, village_text)
        return None
    team = _Team(found.code, ctx.units.commune_of(found.code) or commune, sheet.table.sheet, row)
    teams[found.code] = team
    return team


def _teams_output(ctx, teams, communes, decision_no, decision_date, sheets) -> RosterOutput:
    issues = ctx.issues
    minimum = ctx.settings.targets.team_members_min
    team_rows, member_rows, preview = [], [], []
    current = ctx.con.cursor().execute(statement("current_teams")).df()
    old_members = dict(zip(current["village_code"], current["members"]))
    for number, team in enumerate(teams.values(), start=1):
        leaders = [m for m in team.members if m["is_leader"]]
        if not leaders and team.members:
            team.members[0]["is_leader"] = True
            leaders = team.members[:1]
        village = ctx.units.names.get(team.village, team.village)
        for leader in leaders:
            if not is_village_head(leader["position"] or ""):
                issues.warn(texts.IMPORT_LEADER_NOT_HEAD.format(village=village), team.sheet, leader["excel_row"],
                            texts.IMPORT_COLUMN_POSITION, leader["position"])
        others = len(team.members) - len(leaders)
        if others < minimum:
            issues.warn(texts.IMPORT_TEAM_TOO_SMALL.format(village=village, others=others, minimum=minimum),
                        team.sheet, team.row)
        team_rows.append({"id": number, "village_code": team.village, "commune_code": team.commune,
                          "decision_no": decision_no, "decision_date": decision_date})
        for member in team.members:
            member_rows.append({"team_id": number, **{k: v for k, v in member.items() if k != "excel_row"}})
        old = old_members.get(team.village)
        preview.append({
            texts.IMPORT_COL_CODE: team.village, texts.IMPORT_COL_UNIT: village,
            texts.IMPORT_COL_PARENT: ctx.units.names.get(team.commune),
            texts.IMPORT_COL_OLD: None if old is None else int(old), texts.IMPORT_COL_NEW: len(team.members),
            texts.IMPORT_COL_CHANGE: texts.IMPORT_CHANGE_ADDED if old is None else texts.IMPORT_CHANGE_REPLACED,
        })
    villages = ctx.units.live_villages
    for commune in sorted(communes):
        for code, name in villages.loc[villages["parent_code"] == commune, ["code", "name"]].itertuples(index=False):
            if code not in teams and code not in old_members:
                issues.warn(texts.IMPORT_VILLAGE_WITHOUT_TEAM.format(village=name, commune=ctx.units.names.get(commune)))
    if not team_rows and not issues.has_errors:
        issues.error(texts.IMPORT_NO_ROWS)
    parents = pd.DataFrame(team_rows, columns=["id", "village_code", "commune_code", "decision_no", "decision_date"])
    members = pd.DataFrame(member_rows, columns=["team_id", "row_no", "full_name", "position", "address",
                                                 "is_leader", "youth_union", "notes"])
    summary = {"teams": len(parents), "members": len(members), "communes": len(communes)}
    return RosterOutput(parents, members, pd.DataFrame(preview), summary, len(members))


ROLES = (("pho", "Phó ban"), ("truong", "Trưởng ban"), ("uy vien", "Ủy viên"), ("thanh vien", "Ủy viên"),
         ("thu ky", "Ủy viên"))


def committee_role(text: str) -> str | None:
    """Trưởng ban, Phó ban or Ủy viên from how a decision writes it; None when unclear."""
    folded = fold(text)
    if not folded:
        return None
    if folded.startswith("pho") or " pho " in f" {folded} ":
        return "Phó ban"
    if "truong" in folded:
        return "Trưởng ban"
    if "uy vien" in folded or "thanh vien" in folded or "thu ky" in folded:
        return "Ủy viên"
    return None


def _honorific_column(table, frame: pd.DataFrame) -> tuple[int | None, int | None]:
    """(honorific column, name column): 'Họ và tên' is often merged over 'Ông/Bà' and the name."""
    honorific = table.first("honorific")
    names = [c for c in table.columns if c.field == "full_name"]
    candidates = [c for c in table.columns if c.field in (None, "full_name", "honorific")]
    for column in candidates:
        values = texts_of(frame[column.index]).map(lambda t: fold(t).rstrip(":"))
        filled = values[values != ""]
        if len(filled) and filled.isin(HONORIFICS).mean() >= 0.8:
            following = [c for c in table.columns if c.index > column.index and c.field in (None, "full_name")]
            name = next((c.index for c in following), None)
            return column.index, name
    return (honorific.index if honorific else None), (names[0].index if names else None)


def build_committees(ctx: FileContext, sheets: list[Sheet]) -> RosterOutput:
    """Steering committee members: role (Trưởng ban/Phó ban/Ủy viên), position, duties and the
    villages each member is in charge of. Several tables of one commune merge by member name."""
    issues = ctx.issues
    committees: dict[str, dict] = {}
    for sheet in sheets:
        table = sheet.table
        frame = body_frame(table)
        honorific_index, name_index = _honorific_column(table, frame)
        role_col = table.first("committee_role")
        if name_index is None or role_col is None:
            missing = texts.IMPORT_COLUMN_NAME if name_index is None else texts.IMPORT_COLUMN_ROLE
            issues.error(texts.IMPORT_MISSING_COLUMN.format(column=missing), table.sheet, table.header_rows[0] + 1)
            continue
        name_col = table.columns[name_index]
        roles = row_roles(table, frame, [name_col])
        district, commune = place_context(ctx, sheet)
        names = texts_of(frame[name_index])
        honorifics = texts_of(frame[honorific_index]) if honorific_index is not None else pd.Series("", index=frame.index)
        cols = {n: _column_texts(frame, table, n) for n in ("position", "duties", "villages_in_charge", "commune", "tt")}
        role_texts = texts_of(frame[role_col.index])
        for position in np.flatnonzero((roles["role"] == "detail").to_numpy()):
            row = int(roles["excel_row"].iloc[position])
            full_name = names.iloc[position]
            if not full_name:
                continue
            row_commune = commune
            if cols["commune"].iloc[position]:
                found = ctx.units.find("commune", cols["commune"].iloc[position], district)
                if found.code is None:
                    issues.error(found.message, table.sheet, row, table.first("commune").header, cols["commune"].iloc[position])
                    continue
                row_commune = found.code
            if row_commune is None:
                issues.error(texts.IMPORT_NO_COMMUNE, table.sheet, row, name_col.header, full_name)
                continue
            role_text = role_texts.iloc[position]
            role = committee_role(role_text)
            if role is None and role_text:
                issues.warn(texts.IMPORT_ROLE_UNCLEAR.format(role=role_text), table.sheet, row, role_col.header, role_text)
                role = role_text
            villages = _villages_in_charge(ctx, sheet, row, row_commune, cols, position)
            committee = committees.setdefault(row_commune, {
                "decision_no": sheet.title.decision_no, "decision_date": sheet.title.decision_date, "members": {},
                "sheet": table.sheet, "row": row})
            key = fold(full_name)
            tt = cols["tt"].iloc[position]
            member = committee["members"].get(key)
            record = {
                "row_no": int(float(tt.rstrip("."))) if re.match(r"^\d+(\.0)?\.?$", tt) else row,
                "honorific": honorifics.iloc[position].rstrip(":").strip() or None, "full_name": full_name,
                "position": cols["position"].iloc[position] or None, "committee_role": role,
                "duties": cols["duties"].iloc[position] or None, "villages_in_charge": villages,
            }
            if member is None:
                committee["members"][key] = record
            else:
                for name, value in record.items():
                    if value and not member.get(name):
                        member[name] = value
    return _committees_output(ctx, committees)


def _villages_in_charge(ctx: FileContext, sheet: Sheet, row: int, commune: str, cols, position: int) -> list[str]:
    explicit = cols["villages_in_charge"].iloc[position]
    duties = cols["duties"].iloc[position]
    names, column, strict = [], None, False
    if explicit:
        names, column, strict = [n for n in _SPLIT.split(explicit) if n.strip()], sheet.table.first("villages_in_charge").header, True
    elif duties:
        match = _IN_CHARGE.search(duties)
        if match:
            names, column = [n for n in _SPLIT.split(match.group(1)) if n.strip()], sheet.table.first("duties").header
    codes = []
    for name in names:
        found = ctx.units.find("village", name.strip(" ."), None, commune)
        if found.code:
            codes.append(found.code)
        elif strict:
            ctx.issues.error(found.message, sheet.table.sheet, row, column, name)
        else:
            ctx.issues.warn(texts.IMPORT_VILLAGE_IN_DUTIES_UNKNOWN.format(village=name.strip(" .")),
                            sheet.table.sheet, row, column, name)
    return codes


def _committees_output(ctx: FileContext, committees: dict[str, dict]) -> RosterOutput:
    issues = ctx.issues
    current = ctx.con.cursor().execute(statement("current_committees")).df()
    old_members = dict(zip(current["commune_code"], current["members"]))
    parents, members, preview = [], [], []
    for number, (commune, committee) in enumerate(committees.items(), start=1):
        rows = list(committee["members"].values())
        if not any(m["committee_role"] == "Trưởng ban" for m in rows):
            issues.warn(texts.IMPORT_NO_COMMITTEE_HEAD.format(commune=ctx.units.names.get(commune)),
                        committee["sheet"], committee["row"])
        parents.append({"id": number, "commune_code": commune, "decision_no": committee["decision_no"],
                        "decision_date": committee["decision_date"]})
        members.extend({"committee_id": number, **m} for m in rows)
        old = old_members.get(commune)
        preview.append({
            texts.IMPORT_COL_CODE: commune, texts.IMPORT_COL_UNIT: ctx.units.names.get(commune),
            texts.IMPORT_COL_PARENT: ctx.units.names.get(ctx.units.district_of(commune)),
            texts.IMPORT_COL_OLD: None if old is None else int(old), texts.IMPORT_COL_NEW: len(rows),
            texts.IMPORT_COL_CHANGE: texts.IMPORT_CHANGE_ADDED if old is None else texts.IMPORT_CHANGE_REPLACED,
        })
    if not parents and not issues.has_errors:
        issues.error(texts.IMPORT_NO_ROWS)
    parent_frame = pd.DataFrame(parents, columns=["id", "commune_code", "decision_no", "decision_date"])
    member_frame = pd.DataFrame(members, columns=["committee_id", "row_no", "honorific", "full_name", "position",
                                                  "committee_role", "duties", "villages_in_charge"])
    summary = {"committees": len(parent_frame), "members": len(member_frame)}
    return RosterOutput(parent_frame, member_frame, pd.DataFrame(preview), summary, len(member_frame))
