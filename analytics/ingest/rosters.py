"""Rosters: community technology teams (one per village) and commune steering committees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analytics import texts
from analytics.ingest.common import (
    ROMAN_NUMBER, ROW_NUMBER, FileContext, Sheet, body_frame, formula_name_message, formula_start, group_places,
    note_match, place_context, texts_of,
)
from analytics.ingest.layout import FOOTER_WORDS
from analytics.ingest.resolve import PREFIX_LEVELS, clean_name, prefix_kind
from analytics.ingest.statements import statement
from analytics.ingest.values import clean_text, is_blank, is_total_label
from analytics.names import fold, strip_prefix

VILLAGE_HEADS = ("truong thon", "truong ban", "truong khoi", "truong to dan pho", "to truong to dan pho",
                 "truong khu", "truong xom", "truong khu pho", "truong khoi pho")
HONORIFICS = {"ong", "ba", "anh", "chi", "ong ba"}
_IN_CHARGE = re.compile(r"phụ trách\s+(?:các\s+)?(?:thôn|bản|khối phố|khối|tổ dân phố|xóm)[:\s]+([^.;]+)", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|/|\bvà\b|\n)\s*")
TEAM_LEADER, TEAM_DEPUTY, TEAM_MEMBER = "Tổ trưởng", "Tổ phó", "Thành viên"
# "Tổ CNSCĐ", "Tổ CNS", "Tổ công nghệ số cộng đồng" (folded, numbering removed) open a team's heading row.
_TEAM_HEADING = re.compile(r"^to (?:cong nghe|cn[a-z]*)\b")
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*|[ivxlc]+|[a-z])\s*[.)/:-]\s*", re.IGNORECASE)
_VILLAGE_WORD = re.compile(r"(?<!\w)(?:thôn|bản|khối phố|khu phố|tổ dân phố|khối|xóm|khu|làng|buôn|ấp)\s+\S.*",
                           re.IGNORECASE)
_HEADING_TAIL = re.compile(r"\s*(?:[,;:(]|\s[-–]\s|\s(?:xã|gồm|có)\s).*$", re.IGNORECASE)
VILLAGE_KINDS = {"Thôn", "Bản", "Khối", "Khối phố", "Tổ dân phố", "Xóm", "Khu phố"}
# "Danh sách gồm 11 người", "Tổng số: 24 thành viên", "(Danh sách này có ... người)": a count, not a person.
_COUNTING = re.compile(r"\b(?:gom|co|la|tong so|tong cong|cong|an dinh|danh sach)\b.*\b(?:nguoi|thanh vien|dong chi)\b")
# Lines that read like a name but are an agency or a signature title.
_NOT_PEOPLE = ("uy ban", "ubnd", "hdnd", "hoi dong", "dang uy", "chi bo", "mttq", "mat tran", "danh sach")
_NOT_IN_NAMES = re.compile(r"[\d:;()\[\]/*!?\"“”]")


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


def team_role(text: str) -> str | None:
    """Tổ trưởng, Tổ phó or Thành viên from how a roster writes it; None when unclear."""
    folded = fold(text)
    if not folded:
        return None
    if folded.startswith("pho") or _has_word(folded, "pho") or folded == "tp":
        return TEAM_DEPUTY
    if _has_word(folded, "to truong") or folded in ("truong", "tt", "truong to"):
        return TEAM_LEADER
    if folded in ("tv", "uy vien", "to vien") or folded.startswith("thanh vien"):
        return TEAM_MEMBER
    return None


def phone_text(value) -> tuple[str | None, bool]:
    """(phone as text, lost_zero) from a phone column cell. Typed text is kept as typed (spaces
    normalised); a number of 9 digits gets back the leading 0 Excel dropped; any other number is
    kept as its digits and flagged, because its lost zeros cannot be known."""
    if is_blank(value):
        return None, False
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer():
            digits = str(int(value))
            if len(digits) == 9:
                return "0" + digits, False
            return digits, True
        return clean_text(value), True
    return clean_text(value) or None, False


def _place_kind(text: str) -> str | None:
    """The unit kind a line starts with, diacritics respected: 'Bản Nà Bó' names a village, while
    'Bàn Văn Minh' (a Dao surname) and 'Xa Văn Tư' are people."""
    name = clean_name(text)
    return prefix_kind(name) if strip_prefix(name) != name else None


def _heading(text: str) -> tuple[bool, str]:
    """(is a team heading, the village text it names or '') for a row's only text: 'Tổ CNSCĐ thôn
    Thượng Lâm', '1. Tổ công nghệ số cộng đồng thôn Bắc Nga', 'Thôn Nà Bó'."""
    body = _NUMBERING.sub("", text, count=1)
    if _TEAM_HEADING.match(fold(body)):
        found = _VILLAGE_WORD.search(body)
        return True, (_HEADING_TAIL.sub("", found.group(0)).strip(" .") if found else "")
    if _place_kind(body) in VILLAGE_KINDS:
        return True, _HEADING_TAIL.sub("", clean_name(body)).strip(" .")
    return False, ""


def _is_footer_text(text: str) -> bool:
    """A line under a roster: signature, notes, './.', a count of the people listed."""
    folded = fold(text)
    stripped = text.strip()
    return (not folded or stripped.startswith("*") or stripped.endswith("./.") or is_total_label(stripped)
            or (folded + " ").startswith(FOOTER_WORDS) or bool(_COUNTING.search(folded)))


def _looks_like_person(text: str) -> bool:
    words = text.strip(" .,;").split()
    return (2 <= len(words) <= 6 and not _NOT_IN_NAMES.search(text)
            and not (fold(text) + " ").startswith(_NOT_PEOPLE + FOOTER_WORDS))


@dataclass
class _Line:
    """What one body row of a roster is. kind: member, heading, group (a commune or district row),
    footer, late (a name under the end of the list), nameless (numbered, no name), formula (a
    member's name a spreadsheet would run), blank."""

    kind: str
    excel_row: int
    text: str = ""
    column: int | None = None     # where `text` sits
    village: str = ""             # the village a heading names
    roman: bool = False
    end: tuple[int, str] | None = None       # the footer line a late row sits under
    last_numbered: int | None = None         # the Excel row of the last numbered member


def roster_lines(table, frame: pd.DataFrame, name_index: int) -> list[_Line]:
    """Read a roster body row by row. A footer never becomes a member: lines that count the
    people, sign or annotate the list, sentences alone on their row, and (in a roster that numbers
    every member) names without a TT below the last numbered member. Once the list has ended,
    a row that still looks like a member is `late`: the caller refuses it rather than guess."""
    tt_col = table.first("tt")
    tt_index = tt_col.index if tt_col is not None else None
    blank = pd.Series("", index=frame.index, dtype=object)
    tts = texts_of(frame[tt_index]) if tt_index is not None else blank
    names = texts_of(frame[name_index])
    numbered = tts.str.fullmatch(ROW_NUMBER).fillna(False).to_numpy(dtype=bool) & (tts != "").to_numpy()
    roman = tts.str.fullmatch(ROMAN_NUMBER, case=False).fillna(False).to_numpy(dtype=bool) & (tts != "").to_numpy()
    named = (names != "").to_numpy()
    positions = np.flatnonzero(numbered & named)
    last_numbered = int(positions[-1]) if len(positions) else -1
    values = frame.drop(columns="excel_row").to_numpy(dtype=object)
    lines: list[_Line] = []
    members_seen = unnumbered_member = False
    end: tuple[int, str] | None = None
    for position in range(len(frame)):
        row = int(frame["excel_row"].iloc[position])
        number = bool(numbered[position] or roman[position])
        cells = [(i, clean_text(v)) for i, v in enumerate(values[position])
                 if not is_blank(v) and not (i == tt_index and number)]
        name = names.iloc[position]
        if not cells:
            lines.append(_Line("blank", row))
            continue
        lone = cells[0] if len(cells) == 1 else None
        heading, village = _heading(lone[1]) if lone else (False, "")
        column = lone[0] if lone else None
        if not heading and name and _TEAM_HEADING.match(fold(_NUMBERING.sub("", name, count=1))):
            (heading, village), column = _heading(name), name_index
        kind_of_place = _place_kind(lone[1]) if lone else None
        if (lone and kind_of_place in PREFIX_LEVELS and not numbered[position] and "," not in lone[1]
                and not _NOT_IN_NAMES.search(lone[1])):
            lines.append(_Line("group", row, lone[1], lone[0], roman=bool(roman[position])))
            end = None
            continue
        if heading or (roman[position] and lone):
            lines.append(_Line("heading", row, lone[1] if lone and column == lone[0] else name, column, village,
                               roman=bool(roman[position])))
            end = None
            continue
        first = cells[0][1]
        footer = (not numbered[position] and (_is_footer_text(first) or (lone and not _looks_like_person(lone[1])))
                  or (name and _is_footer_text(name) and not _looks_like_person(name)))
        if footer:
            if members_seen and end is None:
                end = (row, first)
            lines.append(_Line("footer", row, first, cells[0][0]))
            continue
        if not name:
            lines.append(_Line("nameless" if numbered[position] else "blank", row))
            continue
        after_last = (tt_index is not None and last_numbered >= 0 and position > last_numbered
                      and not unnumbered_member)
        if end is not None or after_last:
            last = int(frame["excel_row"].iloc[last_numbered]) if last_numbered >= 0 else None
            kind = "late" if numbered[position] or len(cells) > 1 else "footer"
            lines.append(_Line(kind, row, name, name_index, end=end, last_numbered=last))
            continue
        members_seen = True
        unnumbered_member = unnumbered_member or not numbered[position]
        raw_name = values[position][name_index]
        lines.append(_Line("formula", row, raw_name, name_index) if formula_start(raw_name) else
                     _Line("member", row, name, name_index))
    return lines


def _line_issue(ctx: FileContext, table, line: _Line, header: str) -> bool:
    """Report a late or nameless line (an error) or a name under the list (a warning); True when
    the line was one of them."""
    if line.kind == "nameless":
        ctx.issues.error(texts.IMPORT_MEMBER_NAME_MISSING, table.sheet, line.excel_row, header)
    elif line.kind == "formula":
        ctx.issues.error(formula_name_message(formula_start(line.text)), table.sheet, line.excel_row, header, line.text)
    elif line.kind == "late" and line.end is not None:
        ctx.issues.error(texts.IMPORT_ROW_AFTER_FOOTER.format(end=line.end[0], text=line.end[1]), table.sheet,
                         line.excel_row, header, line.text)
    elif line.kind == "late":
        ctx.issues.error(texts.IMPORT_ROW_AFTER_LAST_NUMBER.format(last=line.last_numbered), table.sheet,
                         line.excel_row, header, line.text)
    elif line.kind == "footer" and line.column is not None and line.last_numbered is not None and line.end is None:
        ctx.issues.warn(texts.IMPORT_NAME_AFTER_LAST_NUMBER.format(last=line.last_numbered), table.sheet,
                        line.excel_row, header, line.text)
    else:
        return False
    return True


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
    from_heading: bool = False       # started by a heading row, not by its leader's row
    role_column: bool = False        # the table says each member's role
    members: list[dict] = field(default_factory=list)


def _column_texts(frame: pd.DataFrame, table, name: str) -> pd.Series:
    column = table.first(name)
    if column is None:
        return pd.Series("", index=frame.index)
    return texts_of(frame[column.index])


def build_teams(ctx: FileContext, sheets: list[Sheet]) -> RosterOutput:
    """Teams in two shapes: the Gia Cát one, where the leader's row names the village ('Phụ trách
    thôn') and the rows below are its members (civil servants at 'UBND xã' included); and one
    heading row per team ('Tổ CNSCĐ thôn Thượng Lâm') above its members. A 'Nhiệm vụ trong Tổ'
    column decides the leader; phones are kept as text."""
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
        lines = roster_lines(table, frame, name_col.index)
        district, commune = place_context(ctx, sheet)
        groups = group_places(ctx, [line.text for line in lines if line.kind == "group" or line.roman], district)
        cols = {n: _column_texts(frame, table, n) for n in
                ("position", "address", "villages_in_charge", "notes", "village", "commune", "tt", "team_role")}
        role_col, phone_col = table.first("team_role"), table.first("phone")
        current: _Team | None = None
        broken = False
        for position, line in enumerate(lines):
            row = line.excel_row
            header = table.columns[line.column].header if line.column is not None else name_col.header
            if _line_issue(ctx, table, line, header):
                continue
            if line.kind in ("group", "heading"):
                match = groups.get(line.text)
                if match is not None and match.level == "commune":
                    commune, district, current, broken = match.code, ctx.units.district_of(match.code), None, False
                    continue
                if match is not None and match.level == "district":
                    if commune and ctx.units.district_of(commune) != match.code:
                        commune = None
                    district, current, broken = match.code or match.hint, None, False
                    continue
                if line.kind == "group":
                    issues.error(ctx.units.find("commune", line.text, district).message, table.sheet, row, header,
                                 line.text)
                    current, broken = None, True
                elif commune is None:
                    issues.error(texts.IMPORT_NO_COMMUNE, table.sheet, row, header, line.text)
                    current, broken = None, True
                elif not line.village and not line.roman:
                    issues.error(texts.IMPORT_TEAM_HEADING_NO_VILLAGE.format(text=line.text), table.sheet, row,
                                 header, line.text)
                    current, broken = None, True
                else:
                    current = _start_team(ctx, teams, line.village or line.text, commune, district, sheet, row, header)
                    broken = current is None
                    if current is not None:
                        current.from_heading, current.role_column = True, role_col is not None
                continue
            if line.kind != "member":
                continue
            label = line.text
            if cols["commune"].iloc[position]:
                found = ctx.units.find("commune", cols["commune"].iloc[position], district)
                if found.code is None:
                    issues.error(found.message, table.sheet, row, table.first("commune").header, cols["commune"].iloc[position])
                    continue
                note_match(ctx, table.sheet, row, table.first("commune").header, cols["commune"].iloc[position], found)
                commune = found.code
            if commune is None:
                issues.error(texts.IMPORT_NO_COMMUNE, table.sheet, row, name_col.header, label)
                broken = True
                continue
            job, notes = cols["position"].iloc[position], cols["notes"].iloc[position]
            role_text = cols["team_role"].iloc[position]
            role = team_role(role_text)
            if role is None and role_text:
                issues.warn(texts.IMPORT_TEAM_ROLE_UNCLEAR.format(role=role_text), table.sheet, row, role_col.header,
                            role_text)
                role = role_text
            leader = role == TEAM_LEADER if role_col is not None else is_leader_note(notes, job)
            in_charge = cols["villages_in_charge"].iloc[position] or (
                cols["village"].iloc[position] if current is None or _differs(ctx, current, cols["village"].iloc[position], commune) else "")
            village_text = in_charge or (cols["address"].iloc[position] if leader and current is None else "")
            if village_text and not (broken and current is None and not in_charge):
                column = (table.first("villages_in_charge") or table.first("village") or table.first("address"))
                current = _start_team(ctx, teams, village_text, commune, district, sheet, row,
                                      column.header if column else name_col.header, current)
                broken = current is None
                if current is None:
                    continue
                current.role_column = current.role_column or role_col is not None
            elif current is None:
                if not broken:
                    issues.error(texts.IMPORT_MEMBER_WITHOUT_TEAM, table.sheet, row, name_col.header, label)
                continue
            communes.add(current.commune)
            tt = cols["tt"].iloc[position]
            phone, lost_zero = phone_text(frame[phone_col.index].iloc[position]) if phone_col is not None else (None, False)
            if lost_zero:
                issues.warn(texts.IMPORT_PHONE_AS_NUMBER.format(phone=phone), table.sheet, row, phone_col.header, phone)
            current.members.append({
                "row_no": int(float(tt.rstrip("."))) if re.match(r"^\d+(\.0)?\.?$", tt) else row,
                "full_name": label, "position": job or None, "address": cols["address"].iloc[position] or None,
                "is_leader": False, "youth_union": is_youth_union(job, notes), "notes": notes or None,
                "role": role or None, "phone": phone, "excel_row": row, "marked_leader": leader,
            })
    return _teams_output(ctx, teams, communes, decision_no, decision_date, sheets)


def _differs(ctx: FileContext, team: _Team, village_text: str, commune: str) -> bool:
    if not village_text:
        return False
    found = ctx.units.find("village", village_text, None, commune)
    return found.code is not None and found.code != team.village


def _start_team(ctx: FileContext, teams: dict[str, _Team], village_text: str, commune: str, district, sheet: Sheet,
                row: int, column: str, current: _Team | None = None) -> _Team | None:
    """The team a row names. The village of the team being read (a 'Phụ trách thôn' cell merged
    down over its members) continues it; a village whose team came earlier is an error."""
    found = ctx.units.find("village", village_text, district, commune)
    if found.code is None:
        ctx.issues.error(found.message, sheet.table.sheet, row, column, village_text)
        return None
    note_match(ctx, sheet.table.sheet, row, column, village_text, found)
    if current is not None and found.code == current.village:
        return current
    if found.code in teams:
        first = teams[found.code]
        ctx.issues.error(texts.IMPORT_DUPLICATE_TEAM.format(row=first.row, sheet=first.sheet),
                         sheet.table.sheet, row, column, village_text)
        return None
    team = _Team(found.code, ctx.units.commune_of(found.code) or commune, sheet.table.sheet, row)
    teams[found.code] = team
    return team


def _choose_leader(ctx: FileContext, team: _Team, village: str) -> None:
    """Mark the team leader: the one member the file marks (role column, or 'Tổ trưởng' in the
    notes or position); with no role column and no mark, the first member (in the Gia Cát shape
    the row that names the village), said aloud when the team came from a heading row."""
    marked = [m for m in team.members if m["marked_leader"]]
    if len(marked) > 1:
        ctx.issues.warn(texts.IMPORT_TEAM_LEADERS.format(village=village, count=len(marked), row=marked[0]["excel_row"]),
                        team.sheet, marked[1]["excel_row"], texts.IMPORT_COLUMN_NAME, marked[1]["full_name"])
    if marked:
        marked[0]["is_leader"] = True
    elif team.role_column:
        ctx.issues.warn(texts.IMPORT_TEAM_NO_LEADER.format(village=village), team.sheet, team.row)
    elif team.members:
        team.members[0]["is_leader"] = True
        if team.from_heading:
            first = team.members[0]
            ctx.issues.warn(texts.IMPORT_TEAM_LEADER_GUESSED.format(village=village, name=first["full_name"]),
                            team.sheet, first["excel_row"], texts.IMPORT_COLUMN_NAME, first["full_name"])


def _teams_output(ctx, teams, communes, decision_no, decision_date, sheets) -> RosterOutput:
    issues = ctx.issues
    minimum = ctx.settings.targets.team_members_min
    team_rows, member_rows, preview = [], [], []
    current = ctx.con.cursor().execute(statement("current_teams")).df()
    old_members = dict(zip(current["village_code"], current["members"]))
    for number, team in enumerate(teams.values(), start=1):
        village = ctx.units.names.get(team.village, team.village)
        _choose_leader(ctx, team, village)
        leaders = [m for m in team.members if m["is_leader"]]
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
            member_rows.append({"team_id": number, **{k: v for k, v in member.items()
                                                      if k not in ("excel_row", "marked_leader")}})
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
                                                 "is_leader", "youth_union", "notes", "role", "phone"])
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
        lines = roster_lines(table, frame, name_index)
        district, commune = place_context(ctx, sheet)
        names = texts_of(frame[name_index])
        honorifics = texts_of(frame[honorific_index]) if honorific_index is not None else pd.Series("", index=frame.index)
        cols = {n: _column_texts(frame, table, n) for n in ("position", "duties", "villages_in_charge", "commune", "tt")}
        role_texts = texts_of(frame[role_col.index])
        for position, line in enumerate(lines):
            row = line.excel_row
            full_name = names.iloc[position]
            if _line_issue(ctx, table, line, name_col.header) or line.kind != "member":
                continue
            row_commune = commune
            if cols["commune"].iloc[position]:
                found = ctx.units.find("commune", cols["commune"].iloc[position], district)
                if found.code is None:
                    issues.error(found.message, table.sheet, row, table.first("commune").header, cols["commune"].iloc[position])
                    continue
                note_match(ctx, table.sheet, row, table.first("commune").header, cols["commune"].iloc[position], found)
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
            note_match(ctx, sheet.table.sheet, row, column, name.strip(" ."), found)
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
