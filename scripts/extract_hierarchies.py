"""Extract the dated administrative hierarchies of Vietnam and the lineage between them.

Reads, from the folder given as the first argument (the four published source files):

    gso-communes-2021-02-03.csv        GSO list of 3/2/2021            -> version 2021
    gso-communes-2025-01-04.csv        GSO list of 4/1/2025            -> version 2025-01
    gso-conversion-2025-07-01.csv      conversion table of 1/7/2025    -> version 2025-07
    langson-communes-2021-to-2025.csv  Lạng Sơn's 200 communes of 2021 -> 2025-01 -> 2025-07

Writes, under data/reference/hierarchies/ of this repository (or the folder given with --out):

    units.csv     version, level, code, name, kind, short_name, parent_code, valid_from, valid_to
                  One row per unit of each version: province, district (not in 2025-07) and
                  commune. Codes are text with leading zeros (2, 3 and 5 digits); parent_code is
                  within the same version; a 2025-07 commune's parent is its province. Dates are
                  ISO (YYYY-MM-DD); valid_to is empty while the unit is in force.
    lineage.csv   from_version, from_code, to_version, to_code, level, share (whole | part)
                  Which unit of one version became which unit of the same level in the next.
    unmapped.csv  version, level, code, name, missing (successor | predecessor), reason, detail
                  The units whose successor (or part of whose predecessors) the sources do not
                  give: they have no lineage row, and nothing downstream may guess one.

Validity (valid_from, valid_to). A unit that goes on unchanged into the next list (the same code
and name, its only lineage row goes whole to that unit, which has no other predecessor) is one
unit in both lists: the later row keeps the earlier valid_from and the earlier row the later
valid_to. Otherwise a unit begins on the day a source gives, else on the day of its list, and ends
the day before its first successor begins (without a successor, the day before the next list's).
A code names at most one unit on any day.
  Exact:  1/7/2025, the day the reform took effect: every 2025-07 unit that is new begins then,
          every 2025-01 unit that does not go on ends on 30/6/2025 (districts included);
          Lạng Sơn's 1/12/2024 round: the communes it made begin on 1/12/2024 and the 2021
          communes they came from end on 30/11/2024 (the day is in the notes of
          langson-communes-2021-to-2025.csv; "12/2024" alone takes the one day of that month the
          file gives).
  Approximate: valid_from of a 2021 unit is 3/2/2021, the day of the list (the unit may be older).
          Outside Lạng Sơn a 2021 unit that changed by the 2025-01 list ends on 3/1/2025 and the
          changed or new 2025-01 unit begins on 4/1/2025, the day of that list: the real day lies
          between the two lists (most changes of 2023-2024) and is in the province's resolution.
          2025-01 communes absent from the conversion table (changed during the first half of
          2025) end on 30/6/2025 at the latest.

Open cases, left unmapped and listed in unmapped.csv (never mapped by a guess):
  - 2021 communes outside Lạng Sơn whose code is gone from the 2025-01 list or names another unit
    there (reason no_source_mapping): the sources give a 2021 -> 2025-01 mapping only for Lạng Sơn.
    Outside it a 2021 unit maps to the 2025-01 unit of the same code and name ("whole"), which
    also says nothing of neighbours it may have absorbed.
  - 2025-01 communes absent from the conversion table (absent_from_conversion).
  - The five island districts without communes and the đặc khu they became on 1/7/2025
    (island_district): a district to a commune-level unit, where lineage links units of one level.
  - 2025-07 communes made in part from what was no commune (no_commune_in_2025_01) or from
    communes the 2025-01 list does not hold (predecessor_not_in_2025_01).

Re-run it after any change to the sources or to this script, then commit the three CSV files:

    python scripts/extract_hierarchies.py SOURCE_FOLDER

The tests in tests/test_reference_hierarchies.py read the committed files; with the environment
variable REFERENCE_SOURCES set to SOURCE_FOLDER they also check that a re-run reproduces them
byte for byte. What the script does not decide (communes without a counterpart, inconsistent
rows of the sources) it prints, and leaves out of the lineage.

Text is normalised to NFC with runs of whitespace collapsed (the conversion table has line breaks
and double spaces inside cells and mixes composed and decomposed letters). The kind word that
starts a name is written in its usual case ("Thị Trấn Mường Chà" -> "Thị trấn Mường Chà").
Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "reference" / "hierarchies"

SOURCE_2021 = "gso-communes-2021-02-03.csv"
SOURCE_2025_01 = "gso-communes-2025-01-04.csv"
SOURCE_CONVERSION = "gso-conversion-2025-07-01.csv"
SOURCE_LANGSON = "langson-communes-2021-to-2025.csv"

VERSIONS = ("2021", "2025-01", "2025-07")
LEVELS = ("province", "district", "commune")
LANG_SON = "20"

UNIT_COLUMNS = ("version", "level", "code", "name", "kind", "short_name", "parent_code", "valid_from", "valid_to")
LINEAGE_COLUMNS = ("from_version", "from_code", "to_version", "to_code", "level", "share")
UNMAPPED_COLUMNS = ("version", "level", "code", "name", "missing", "reason", "detail")

# The day each list speaks for: the GSO lists' dates, and the day the 2025 reform took effect.
LIST_DATES = {"2021": dt.date(2021, 2, 3), "2025-01": dt.date(2025, 1, 4), "2025-07": dt.date(2025, 7, 1)}

# Longest first, so "Thành phố" wins over a shorter prefix.
KINDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")
# Misspelt kind words found in the sources; the rest of the name is kept as published.
KIND_TYPOS = {"xa": "Xã", "thi trấn": "Thị trấn", "thi xã": "Thị xã"}

FULL_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
MONTH_ONLY = re.compile(r"(?<![/\d])(\d{1,2})/(\d{4})\b")
CODE_IN_PARENS = re.compile(r"^(?P<name>.*\S)\s*\((?P<code>\d+)\)$")
# Vietnamese tone marks; their placement in "Hòa"/"Hoà", "Thụy"/"Thuỵ" varies between lists.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def split_kind(name: str) -> tuple[str, str]:
    """'Thị Trấn Mường Chà' -> ('Thị trấn', 'Mường Chà'); ('', name) when no kind word."""
    lowered = name.casefold()
    for typo, kind in KIND_TYPOS.items():
        if lowered.startswith(typo + " "):
            return kind, name[len(typo) + 1 :]
    for kind in KINDS:
        if lowered.startswith(kind.casefold() + " "):
            return kind, name[len(kind) + 1 :]
    return "", name


def name_key(name: str) -> tuple[str, ...]:
    """A name compared word by word, blind to case and to where a word's tone mark sits."""
    words = []
    for word in unicodedata.normalize("NFD", name.casefold()).split():
        tones = "".join(sorted(ch for ch in word if ch in TONE_MARKS))
        letters = "".join(ch for ch in word if ch not in TONE_MARKS)
        words.append(unicodedata.normalize("NFC", letters) + tones)
    return tuple(words)


def pad(code: str, width: int) -> str:
    code = clean(code)
    if not code.isdigit():
        raise ValueError(f"not a code: {code!r}")
    return code.zfill(width)


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [[clean(cell) for cell in row] for row in csv.reader(handle)]


class Report:
    """What the script noticed and did not decide, printed at the end; `unmapped` holds the
    rows of unmapped.csv (units whose successor or predecessor the sources do not give)."""

    def __init__(self) -> None:
        self.sections: dict[str, list[str]] = defaultdict(list)
        self.unmapped: list[dict[str, str]] = []

    def leave_unmapped(self, unit: dict[str, str], missing: str, reason: str, detail: str) -> None:
        self.unmapped.append({
            "version": unit["version"], "level": unit["level"], "code": unit["code"], "name": unit["name"],
            "missing": missing, "reason": reason, "detail": detail,
        })

    def add(self, section: str, line: str) -> None:
        self.sections[section].append(line)

    def print(self, out=sys.stdout) -> None:
        for section, lines in self.sections.items():
            print(f"\n{section}: {len(lines)}", file=out)
            for line in lines:
                print(f"  {line}", file=out)


class Units:
    """The units of one version, keyed by (level, code)."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.rows: dict[tuple[str, str], dict[str, str]] = {}

    def add(self, level: str, code: str, name: str, parent_code: str, report: Report) -> None:
        kind, short_name = split_kind(name)
        if not kind:
            report.add("Names without a kind word", f"{self.version} {level} {code} {name}")
        row = {
            "version": self.version,
            "level": level,
            "code": code,
            "name": f"{kind} {short_name}" if kind else name,
            "kind": kind,
            "short_name": short_name,
            "parent_code": parent_code,
        }
        known = self.rows.get((level, code))
        if known is None:
            self.rows[(level, code)] = row
        elif known != row:
            report.add(
                "Codes given two different units (the first kept)",
                f"{self.version} {level} {code}: {known['name']} / {row['name']}",
            )

    def get(self, level: str, code: str) -> dict[str, str] | None:
        return self.rows.get((level, code))

    def codes(self, level: str) -> list[str]:
        return [code for (lvl, code) in self.rows if lvl == level]


def read_gso_list(path: Path, version: str, report: Report) -> Units:
    """The GSO list: province, code, district, code, commune, code, level, English name."""
    units = Units(version)
    for row in read_rows(path)[1:]:
        province, province_code, district, district_code, commune, commune_code, level = row[:7]
        province_code, district_code = pad(province_code, 2), pad(district_code, 3)
        units.add("province", province_code, province, "", report)
        units.add("district", district_code, district, province_code, report)
        if not commune_code:
            # Island districts (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have no commune.
            report.add(f"{version}: districts without communes", f"{district_code} {district}")
            continue
        commune_code = pad(commune_code, 5)
        units.add("commune", commune_code, commune, district_code, report)
        named_kind = split_kind(commune)[0]
        if named_kind and named_kind.casefold() != level.casefold():
            report.add(
                f"{version}: level column differs from the name (kind taken from the name)",
                f"{commune_code} {commune}: {level}",
            )
    return units


def share_of(note: str) -> str:
    """'Nhập toàn bộ', 'Giữ nguyên', 'Đổi tên' -> whole; any 'một phần' -> part."""
    folded = note.casefold().replace("nhâp", "nhập")
    if "một phần" in folded or "phần còn lại" in folded:
        return "part"
    if any(word in folded for word in ("toàn bộ", "giữ nguyên", "đổi tên", "đổi loại hình")):
        return "whole"
    raise ValueError(f"unknown conversion note: {note!r}")


def split_code(text: str, width: int) -> tuple[str, str]:
    """'Tỉnh Bắc Ninh (24)' -> ('Tỉnh Bắc Ninh', '24')."""
    match = CODE_IN_PARENS.match(text)
    if not match:
        raise ValueError(f"no code in {text!r}")
    return match["name"], pad(match["code"], width)


def correct_old_codes(records: list[dict], before: Units, report: Report) -> None:
    """Give a row the code its old commune has in the 2025-01 list, when the table's code is wrong.

    The table sometimes gives an old commune a code that the 2025-01 list gives to another commune
    or to none (Xã Mỹ Hưng as 01615, which is Xã Hồng Quang; 01651 then appears nowhere). A row is
    corrected only when the table's code belongs to no 2025-01 commune or to one the table also
    lists under its own name, and exactly one commune of the same old district bears the row's
    name and appears in no row of the table. Otherwise the row is left as published: a code
    taken over in a merger after 4/1/2025 (as 6040 was in Lạng Sơn in 2024) is not a typo.
    """
    used = {record["old_code"] for record in records}
    names_under: dict[str, set[tuple]] = defaultdict(set)
    for record in records:
        names_under[record["old_code"]].add(name_key(record["old_name"]))
    by_name: dict[tuple, list[str]] = defaultdict(list)
    for code in before.codes("commune"):
        unit = before.get("commune", code)
        by_name[(unit["parent_code"], name_key(unit["name"]))].append(code)
    for record in records:
        old = before.get("commune", record["old_code"]) if record["old_code"] else None
        if not record["old_code"] or (old and name_key(old["name"]) == name_key(record["old_name"])):
            continue
        if old and name_key(old["name"]) not in names_under[record["old_code"]]:
            continue
        candidates = by_name.get((record["old_district_code"], name_key(record["old_name"])), [])
        if len(candidates) == 1 and candidates[0] not in used:
            report.add("2025-07: old code corrected from the 2025-01 list (same district, same name)",
                       f"{record['old_code']} -> {candidates[0]} {record['old_name']}"
                       f" ({record['old_district']}) -> {record['code']} {record['name']}")
            record["old_code"] = candidates[0]


def read_conversion(path: Path, before: Units, report: Report) -> tuple[Units, list[dict]]:
    """The 1/7/2025 table: two header lines, then rows grouped under a province heading line."""
    rows = read_rows(path)[2:]
    records = []
    for row in rows:
        if not any(row[1:]):
            continue  # a province heading line
        new_province, new_name, new_code, old_name, old_code, note, old_district, old_province = row[:8]
        province_name, province_code = split_code(new_province, 2)
        records.append({
            "province_name": province_name,
            "province_code": province_code,
            "name": new_name,
            "code": pad(new_code, 5),
            "old_name": old_name,
            "old_code": pad(old_code, 5) if old_code else "",
            "note": note,
            "old_district": old_district,
            "old_district_code": split_code(old_district, 3)[1],
            "old_province_code": split_code(old_province, 2)[1],
        })

    after = Units("2025-07")
    for record in records:
        after.add("province", record["province_code"], record["province_name"], "", report)
    names_by_code: dict[str, Counter] = defaultdict(Counter)
    province_by_code: dict[str, str] = {}
    for record in records:
        names_by_code[record["code"]][record["name"]] += 1
        province_by_code.setdefault(record["code"], record["province_code"])
    for code, names in names_by_code.items():
        # Counter keeps first-seen order among ties, so the choice is stable.
        name = names.most_common(1)[0][0]
        if len(names) > 1:
            report.add("2025-07: communes spelt two ways (the more frequent kept)",
                       f"{code}: {' / '.join(names)} -> {name}")
        after.add("commune", code, name, province_by_code[code], report)

    correct_old_codes(records, before, report)
    lineage = []
    targets_of: dict[str, set[str]] = defaultdict(set)
    communes_under = Counter(before.get("commune", code)["parent_code"] for code in before.codes("commune"))
    for record in records:
        new = after.get("commune", record["code"])
        if not record["old_code"]:
            report.add("2025-07: new communes made from no commune of 2025-01 (no lineage row)",
                       f"{record['code']} {record['name']} <- {record['old_name'] or record['old_district']}"
                       f" ({record['note']})")
            island = before.get("district", record["old_district_code"])
            if island is not None and not communes_under[island["code"]]:
                # A district to a commune-level unit: lineage links units of one level only.
                report.leave_unmapped(island, "successor", "island_district",
                                      f"became {new['code']} {new['name']} on 1/7/2025 (no commune before)")
                report.leave_unmapped(new, "predecessor", "island_district",
                                      f"made from {island['code']} {island['name']} (a district with no commune)")
            else:
                report.leave_unmapped(new, "predecessor", "no_commune_in_2025_01",
                                      f"made in part from {record['old_name'] or record['old_district']},"
                                      f" which was no commune")
            continue
        old = before.get("commune", record["old_code"])
        if old is None:
            report.add("2025-07: old communes not in the 2025-01 list (no lineage row)",
                       f"{record['old_code']} {record['old_name']} ({record['old_district']})"
                       f" -> {record['code']} {record['name']}")
            report.leave_unmapped(new, "predecessor", "predecessor_not_in_2025_01",
                                  f"made in part from {record['old_code']} {record['old_name']}"
                                  f" ({record['old_district']}), which the 2025-01 list does not hold")
            continue
        if name_key(old["name"]) != name_key(record["old_name"]):
            report.add("2025-07: old commune named otherwise than in the 2025-01 list (code kept)",
                       f"{record['old_code']} {record['old_name']} / 2025-01: {old['name']}")
        old_province = before.get("district", old["parent_code"])["parent_code"]
        if old_province != record["old_province_code"]:
            report.add("2025-07: old province differs from the 2025-01 list (2025-01 kept)",
                       f"{record['old_code']} {record['old_name']}: {record['old_province_code']}"
                       f" / 2025-01: {old_province}")
        targets_of[record["old_code"]].add(record["code"])
        lineage.append({
            "from_version": "2025-01", "from_code": record["old_code"],
            "to_version": "2025-07", "to_code": record["code"],
            "level": "commune", "share": share_of(record["note"]),
        })

    for row in lineage:
        several = len(targets_of[row["from_code"]]) > 1
        if several != (row["share"] == "part"):
            report.add("2025-07: note disagrees with the number of new communes (note kept)",
                       f"{row['from_code']} -> {row['to_code']} {row['share']},"
                       f" {len(targets_of[row['from_code']])} new commune(s)")
    for code in before.codes("commune"):
        if code not in targets_of:
            unit = before.get("commune", code)
            report.add("2025-01 communes absent from the conversion table (no lineage row)",
                       f"{code} {unit['name']} ({unit['parent_code']})")
            report.leave_unmapped(unit, "successor", "absent_from_conversion",
                                  f"in {before.get('district', unit['parent_code'])['name']};"
                                  f" the conversion table of 1/7/2025 does not name it")

    provinces_of: dict[str, set[str]] = defaultdict(set)
    for row in lineage:
        old_district = before.get("commune", row["from_code"])["parent_code"]
        old_province = before.get("district", old_district)["parent_code"]
        provinces_of[old_province].add(after.get("commune", row["to_code"])["parent_code"])
    for old_province, new_provinces in provinces_of.items():
        for new_province in new_provinces:
            lineage.append({
                "from_version": "2025-01", "from_code": old_province,
                "to_version": "2025-07", "to_code": new_province,
                "level": "province", "share": "whole" if len(new_provinces) == 1 else "part",
            })
    return after, lineage


def lineage_2021(before: Units, after: Units, langson: Path, report: Report) -> list[dict]:
    """2021 -> 2025-01: Lạng Sơn from its own mapping; elsewhere the same code and name."""
    lineage = []
    for level in ("province", "district", "commune"):
        for code in before.codes(level):
            old = before.get(level, code)
            if level == "commune" and before.get("district", old["parent_code"])["parent_code"] == LANG_SON:
                continue
            new = after.get(level, code)
            if new is not None and name_key(new["short_name"]) == name_key(old["short_name"]):
                if new["kind"] != old["kind"]:
                    report.add("2021 -> 2025-01: same unit, new kind",
                               f"{level} {code} {old['name']} -> {new['name']}")
                lineage.append({
                    "from_version": "2021", "from_code": code, "to_version": "2025-01",
                    "to_code": code, "level": level, "share": "whole",
                })
            elif level == "commune":
                district = before.get("district", old["parent_code"])
                province = before.get("province", district["parent_code"])
                successor = f"2025-01: {new['name']}" if new else "code gone in 2025-01"
                report.add("2021 communes outside Lạng Sơn without a counterpart (no lineage row)",
                           f"{code} {old['name']}, {district['name']}, {province['name']} ({successor})")
                detail = (f"the code names {new['name']} in the 2025-01 list" if new
                          else "the code is not in the 2025-01 list")
                report.leave_unmapped(old, "successor", "no_source_mapping",
                                      f"in {district['name']}, {province['name']}; {detail}")

    targets: dict[str, set[str]] = defaultdict(set)
    for row in read_rows(langson)[1:]:
        code_2021, name_2021, _, _, code_2025_01, name_2025_01 = row[:6]
        code_2021, code_2025_01 = pad(code_2021, 5), pad(code_2025_01, 5)
        for units, code, name in ((before, code_2021, name_2021), (after, code_2025_01, name_2025_01)):
            unit = units.get("commune", code)
            if unit is None or name_key(unit["name"]) != name_key(name):
                raise SystemExit(f"{langson.name}: {code} {name} is not in the {units.version} list")
        targets[code_2021].add(code_2025_01)
    for code in before.codes("commune"):
        district = before.get("district", before.get("commune", code)["parent_code"])
        if district["parent_code"] == LANG_SON and code not in targets:
            raise SystemExit(f"{langson.name}: Lạng Sơn commune {code} of 2021 is missing")
    for code_2021, codes_2025_01 in targets.items():
        for code_2025_01 in codes_2025_01:
            lineage.append({
                "from_version": "2021", "from_code": code_2021, "to_version": "2025-01",
                "to_code": code_2025_01, "level": "commune",
                "share": "whole" if len(codes_2025_01) == 1 else "part",
            })
    return lineage


def langson_dates(langson: Path) -> dict[str, dt.date]:
    """The day each 2025-01 commune of Lạng Sơn made in the 2024 round began, from the notes of
    the file's rows that do not go `direct`: "01/12/2024", or a month ("split 12/2024") when the
    file gives exactly one day of that month elsewhere."""
    rows = [row for row in read_rows(langson)[1:] if row[9] != "direct"]
    days = {dt.date(int(y), int(m), int(d)) for row in rows for d, m, y in FULL_DATE.findall(row[8])}
    starts: dict[str, dt.date] = {}
    for row in rows:
        code, note = pad(row[4], 5), row[8]
        found = {dt.date(int(y), int(m), int(d)) for d, m, y in FULL_DATE.findall(note)}
        if not found:
            months = {(int(y), int(m)) for m, y in MONTH_ONLY.findall(note)}
            found = {day for day in days if (day.year, day.month) in months}
        if len(found) != 1:
            raise SystemExit(f"{langson.name}: no single date in the note of {row[0]} {row[1]}: {note!r}")
        if starts.setdefault(code, found.pop()) not in found | {starts[code]}:
            raise SystemExit(f"{langson.name}: two dates for {code} {row[5]}")
    return starts


def continues(old: dict[str, str], lineage_from: dict, lineage_into: dict, after: Units) -> bool:
    """The unit goes on unchanged into the next list: the same code and name there, its only
    lineage row goes whole to it, and that unit has no other predecessor."""
    new = after.get(old["level"], old["code"])
    if new is None or name_key(new["name"]) != name_key(old["name"]):
        return False
    out = lineage_from.get((old["level"], old["code"]), [])
    into = lineage_into.get((old["level"], old["code"]), [])
    return (len(out) == 1 and out[0]["to_code"] == old["code"] and out[0]["share"] == "whole"
            and len(into) == 1)


def set_validity(versions: list[Units], lineage: list[dict], starts: dict[tuple[str, str, str], dt.date],
                 report: Report) -> None:
    """valid_from and valid_to of every unit (ISO dates; valid_to empty while in force).

    A unit that goes on unchanged into the next list (see `continues`) is one unit in both: the
    later row keeps the earlier valid_from, the earlier row takes the later valid_to. Otherwise a
    unit begins on the day a source gives (`starts`, by version, level and code), else on its
    list's day; and ends the day before the first of its successors begins, or, without one, the
    day before the next list's day.
    """
    steps = list(zip(versions, versions[1:]))
    lineage_from: dict[tuple, dict] = {}
    lineage_into: dict[tuple, dict] = {}
    for before, after in steps:
        outgoing, incoming = defaultdict(list), defaultdict(list)
        for row in lineage:
            if row["from_version"] == before.version:
                outgoing[(row["level"], row["from_code"])].append(row)
                incoming[(row["level"], row["to_code"])].append(row)
        lineage_from[before.version], lineage_into[after.version] = outgoing, incoming
    same: dict[str, set[tuple[str, str]]] = {}
    for before, after in steps:
        same[before.version] = {
            key for key, row in before.rows.items()
            if continues(row, lineage_from[before.version], lineage_into[after.version], after)
        }
    for index, units in enumerate(versions):
        for key, row in units.rows.items():
            previous = versions[index - 1] if index else None
            dated = starts.get((units.version, *key))
            if previous is not None and key in same[previous.version]:
                if dated:
                    raise SystemExit(f"{units.version} {key}: a dated change, yet the unit goes on unchanged")
                row["valid_from"] = previous.get(*key)["valid_from"]
            else:
                row["valid_from"] = (dated or LIST_DATES[units.version]).isoformat()
    for index in range(len(versions) - 1, -1, -1):
        units = versions[index]
        following = versions[index + 1] if index + 1 < len(versions) else None
        for key, row in units.rows.items():
            if following is None:
                row["valid_to"] = ""
            elif key in same[units.version]:
                row["valid_to"] = following.get(*key)["valid_to"]
            else:
                successors = [following.get(key[0], r["to_code"])["valid_from"]
                              for r in lineage_from[units.version].get(key, [])]
                begins = min(successors) if successors else LIST_DATES[following.version].isoformat()
                row["valid_to"] = (dt.date.fromisoformat(begins) - dt.timedelta(days=1)).isoformat()
            if row["valid_to"] and row["valid_to"] < row["valid_from"]:
                raise SystemExit(f"{units.version} {key}: ends before it begins")
        if following is not None:
            changed = sum(1 for key in units.rows if key not in same[units.version])
            report.add("Units that do not go on unchanged into the next list (valid_to set)",
                       f"{units.version} -> {following.version}: {changed} of {len(units.rows)}")


def check_langson_2025(langson: Path, lineage: list[dict], report: Report) -> None:
    """The Lạng Sơn file's 2025 column must agree with the conversion table."""
    converted = defaultdict(set)
    for row in lineage:
        if row["from_version"] == "2025-01" and row["level"] == "commune":
            converted[row["from_code"]].add(row["to_code"])
    for row in read_rows(langson)[1:]:
        code_2025_01, code_2025_07 = pad(row[4], 5), pad(row[6], 5)
        if code_2025_07 not in converted[code_2025_01]:
            report.add(f"{langson.name}: 2025 commune not in the conversion table",
                       f"{code_2025_01} -> {code_2025_07}")


def unit_order(row: dict) -> tuple:
    return VERSIONS.index(row["version"]), LEVELS.index(row["level"]), row["code"]


def lineage_order(row: dict) -> tuple:
    return (VERSIONS.index(row["from_version"]), LEVELS.index(row["level"]),
            row["from_code"], row["to_code"])


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def extract(sources: Path, out: Path, report: Report) -> tuple[list[dict], list[dict]]:
    units_2021 = read_gso_list(sources / SOURCE_2021, "2021", report)
    units_2025_01 = read_gso_list(sources / SOURCE_2025_01, "2025-01", report)
    units_2025_07, lineage = read_conversion(sources / SOURCE_CONVERSION, units_2025_01, report)
    check_langson_2025(sources / SOURCE_LANGSON, lineage, report)
    lineage += lineage_2021(units_2021, units_2025_01, sources / SOURCE_LANGSON, report)
    starts = {("2025-01", "commune", code): day for code, day in langson_dates(sources / SOURCE_LANGSON).items()}
    set_validity([units_2021, units_2025_01, units_2025_07], lineage, starts, report)

    units = sorted(
        (row for version in (units_2021, units_2025_01, units_2025_07) for row in version.rows.values()),
        key=unit_order,
    )
    lineage = sorted(lineage, key=lineage_order)
    unmapped = sorted(report.unmapped, key=lambda row: (*unit_order(row), row["missing"], row["detail"]))
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "units.csv", UNIT_COLUMNS, units)
    write_csv(out / "lineage.csv", LINEAGE_COLUMNS, lineage)
    write_csv(out / "unmapped.csv", UNMAPPED_COLUMNS, unmapped)
    return units, lineage


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", type=Path, help="folder holding the four source files")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for units.csv and lineage.csv")
    parser.add_argument("--quiet", action="store_true", help="print only the counts")
    args = parser.parse_args(argv)
    report = Report()
    units, lineage = extract(args.sources, args.out, report)
    counts = Counter((row["version"], row["level"]) for row in units)
    for version in VERSIONS:
        print(version, ", ".join(f"{counts[(version, level)]} {level}s" for level in LEVELS))
    print(f"{len(lineage)} lineage rows")
    if not args.quiet:
        report.print()


if __name__ == "__main__":
    main()
