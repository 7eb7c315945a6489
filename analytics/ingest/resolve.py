"""Match the unit names written in a file to unit codes, with district/commune context."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import cached_property

import duckdb
import pandas as pd

from analytics import texts
from analytics.ingest.statements import statement
from analytics.lineage import APPROXIMATE_END, former_units, is_token
from analytics.names import fold, loose_key, name_key, strip_prefix
from analytics.units import UnitLookupError, match_name, unit_label

# Prefix words (folded) and the unit kinds they name; abbreviations included.
PREFIX_KINDS = {
    "huyen": "Huyện", "thanh pho": "Thành phố", "tp": "Thành phố", "thi xa": "Thị xã", "tx": "Thị xã",
    "xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn", "tt": "Thị trấn",
    "thon": "Thôn", "ban": "Bản", "khoi": "Khối", "khoi pho": "Khối phố", "to dan pho": "Tổ dân phố",
    "xom": "Xóm", "khu pho": "Khu phố", "to": "Tổ",
}
PREFIX_LEVELS = {"Huyện": "district", "Thành phố": "district", "Thị xã": "district", "Xã": "commune",
                 "Phường": "commune", "Thị trấn": "commune"}
# Written with a dot, with or without a space after it ("TT.Đồng Mỏ", "P. Chi Lăng"); the
# two-letter forms also with only a space ("TT Đồng Mỏ"). One letter needs its dot.
_ABBREVIATIONS = (
    (re.compile(r"^tt(?:\.\s*|\s+)(?=\w)", re.IGNORECASE), "Thị trấn "),
    (re.compile(r"^tp(?:\.\s*|\s+)(?=\w)", re.IGNORECASE), "Thành phố "),
    (re.compile(r"^tx(?:\.\s*|\s+)(?=\w)", re.IGNORECASE), "Thị xã "),
    (re.compile(r"^h\.\s*(?=\w)", re.IGNORECASE), "Huyện "),
    (re.compile(r"^q\.\s*(?=\w)", re.IGNORECASE), "Quận "),
    (re.compile(r"^x\.\s*(?=\w)", re.IGNORECASE), "Xã "),
    (re.compile(r"^p\.\s*(?=\w)", re.IGNORECASE), "Phường "),
)
_HINT = re.compile(r"^(.*?)\s*[\(\[](.+?)[\)\]]\s*$")


def clean_name(text: str) -> str:
    """One spacing, NFC, abbreviations spelt out: 'TT.Đồng Mỏ' -> 'Thị trấn Đồng Mỏ'."""
    name = " ".join(unicodedata.normalize("NFC", str(text)).split()).strip(" .,;:-")
    for pattern, replacement in _ABBREVIATIONS:
        spelt = pattern.sub(replacement, name, count=1)
        if spelt != name:
            return spelt
    return name


def prefix_kind(name: str) -> str | None:
    """The unit kind a name's prefix states ('Xã Hòa Bình' -> 'Xã'), else None."""
    words = fold(name).split()
    for size in (3, 2, 1):
        if len(words) > size and " ".join(words[:size]) in PREFIX_KINDS:
            return PREFIX_KINDS[" ".join(words[:size])]
    return None


def split_hint(name: str) -> tuple[str, str | None]:
    """'Hòa Bình (Chi Lăng)' -> ('Hòa Bình', 'Chi Lăng')."""
    match = _HINT.match(name)
    if match and match.group(1):
        return match.group(1), match.group(2)
    return name, None


@dataclass
class Match:
    """A resolved name, or the reason it did not resolve. `exact`: the text is the unit's code,
    or its name spelt the same (case, tone position and Unicode form aside) with the unit's own
    prefix if it has one; typed without diacritics or with another tone is not exact.

    A name of an earlier administrative list (see analytics.lineage) resolves with a `warning`
    saying what it became. A district of an earlier list, in a campaign without districts, is no
    unit (`code` None) but a `hint` (its lineage token) that narrows the old communes named next
    to it. An old commune split between several of today's (`candidates`) waits for the row's
    village to decide (UnitIndex.settle); `message` says why it does not resolve alone. So do
    several old units of one name (`formers`: each old unit's label and today's units it went into)."""

    code: str | None
    level: str | None = None
    message: str | None = None
    ambiguous: bool = False
    exact: bool = False
    warning: str | None = None
    hint: str | None = None
    candidates: tuple[str, ...] = ()
    formers: tuple[tuple[str, tuple[str, ...]], ...] = ()
    former_name: str = ""


def day_text(day: dt.date) -> str:
    """'1/7/2025' (as Vietnamese documents write a day)."""
    return f"{day.day}/{day.month}/{day.year}"


def in_sentence(name: str) -> str:
    """'Xã Khánh Khê' -> 'xã Khánh Khê', as a unit is named inside a sentence."""
    return name[:1].lower() + name[1:]


def former_label(row) -> str:
    """'Xã Đồng Giáp, huyện Văn Quan (trước 1/12/2024)'; an end the sources do not date names the
    list instead ('danh mục 2021')."""
    place = f"{row.name}, {in_sentence(row.district_name)}" if row.district_name else row.name
    if row.valid_to is None or row.valid_to == APPROXIMATE_END:
        when = texts.FORMER_IN_LIST.format(version=row.version)
    else:
        when = texts.FORMER_BEFORE.format(day=day_text(row.valid_to + dt.timedelta(days=1)))
    return f"{place} ({when})"


class UnitIndex:
    """All units of the database, loaded once per import, with cached name lookups."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.frame = con.cursor().execute(statement("units")).df()
        # Object columns: numpy comparisons on them are much faster than on Arrow strings.
        for column in ("code", "name", "short_name", "kind", "level", "parent_code", "name_key", "loose_key",
                       "district_code", "district_name"):
            self.frame[column] = self.frame[column].astype(object)
        self.frame["kind_key"] = self.frame["kind"].map(fold)
        self.by_level = {level: self.frame[self.frame["level"] == level] for level in ("district", "commune", "village")}
        self.live_villages = self.by_level["village"][self.by_level["village"]["live"]]
        self.names = dict(zip(self.frame["code"], self.frame["name"]))
        self.parents = dict(zip(self.frame["code"], self.frame["parent_code"]))
        self.levels = dict(zip(self.frame["code"], self.frame["level"]))
        self.name_keys = dict(zip(self.frame["code"], self.frame["name_key"]))
        self.kind_keys = dict(zip(self.frame["code"], self.frame["kind_key"]))
        known = self.frame[self.frame["households"].notna()]
        self.households = {c: float(h) for c, h in zip(known["code"], known["households"])}
        self._cache: dict[tuple, Match] = {}
        self._frames: dict[tuple, pd.DataFrame] = {}
        self._con = con
        self.has_districts = len(self.by_level["district"]) > 0

    @cached_property
    def hierarchy(self) -> tuple[str, str]:
        """(list version, province code) of this campaign's units; ('', '') before any is loaded."""
        row = self._con.cursor().execute(
            "SELECT any_value(version), any_value(code) FROM unit WHERE level = 'province'").fetchone()
        return (row[0] or "", row[1] or "") if row else ("", "")

    @cached_property
    def former(self) -> pd.DataFrame:
        """Districts and communes of earlier lists that became units of this campaign's list (see
        analytics.lineage.former_units); empty on the first list."""
        frame = former_units(self._con, *self.hierarchy)
        frame["kind_key"] = frame["kind"].map(fold)
        return frame

    def district_of(self, code: str) -> str | None:
        """District code of a district, commune or village."""
        level = self.levels.get(code)
        if level == "district":
            return code
        if level == "commune":
            return self.parents.get(code)
        if level == "village":
            return self.parents.get(self.parents.get(code, ""))
        return None

    @staticmethod
    def real(district: str | None) -> str | None:
        """A district code of this campaign's list, None for a district of an earlier list."""
        return None if is_token(district) else district

    def commune_of(self, code: str) -> str | None:
        level = self.levels.get(code)
        if level == "commune":
            return code
        if level == "village":
            return self.parents.get(code)
        return None

    def _candidates(self, level: str, district: str | None, commune: str | None, all_villages: bool) -> pd.DataFrame:
        if is_token(district):
            district = None  # a district of an earlier list narrows old names only
        key = (level, district, commune, all_villages)
        if key in self._frames:
            return self._frames[key]
        frame = self.by_level[level] if (level != "village" or all_villages) else self.live_villages
        if level == "commune" and district:
            frame = frame[frame["parent_code"].to_numpy() == district]
        if level == "village":
            if commune:
                frame = frame[frame["parent_code"].to_numpy() == commune]
            elif district:
                frame = frame[frame["district_code"].to_numpy() == district]
        self._frames[key] = frame
        return frame

    def find(self, level: str, text: str, district: str | None = None, commune: str | None = None,
             all_villages: bool = False) -> Match:
        """Resolve a name at one level inside optional district/commune context."""
        key = (level, text, district, commune, all_villages)
        if key not in self._cache:
            self._cache[key] = self._find(level, text, district, commune, all_villages)
        return self._cache[key]

    def _find(self, level: str, text: str, district: str | None, commune: str | None, all_villages: bool) -> Match:
        if level == "district" and not self.has_districts:
            return self._former_district(text)
        name, hint = split_hint(clean_name(text))
        if hint and level in ("commune", "village") and not district:
            hinted = self.find("district", hint)
            if hinted.code or hinted.hint:
                district = hinted.code or hinted.hint
        found = self._find_current(level, text, name, district, commune, all_villages)
        if level not in ("district", "commune") or self.former.empty:
            return found
        if found.code is not None:
            if not district:
                return self._today_namesake(found, level, name)
            if self._descends(found.code, district):
                return found
            # A today's name outside the old district the row names: the old unit of that name, if any.
            return self._former_unit(level, name, district) or self._not_in_former_district(text, name, district)
        if found.ambiguous:
            return found
        return self._former_unit(level, name, district) or found

    def _find_current(self, level: str, text: str, name: str, district: str | None, commune: str | None,
                      all_villages: bool) -> Match:
        """A name among this campaign's own units."""
        frame = self._candidates(level, district, commune, all_villages)
        found = _same_name(frame, name)
        kind = prefix_kind(name)
        if len(found) > 1 and kind and level == "commune":
            # "Xã Chi Lăng" and "Thị trấn Chi Lăng" share a district: the prefix tells them apart.
            narrowed = found[found["kind_key"] == fold(kind)]
            if len(narrowed):
                found = narrowed
        if len(found) == 0:
            # A name typed without diacritics may start with a word that folds to a prefix
            # ("Quan Son": Quận Sơn or Quan Sơn?): try the name without that word too.
            inner = strip_prefix(name)
            if inner != name:
                found = _same_name(frame, inner)
        if len(found) == 1:
            code = found["code"].iloc[0]
            return Match(code, level, exact=self.is_exact(code, name))
        try:
            code = match_name(frame if len(found) == 0 else found, level, name)
            return Match(code, level, exact=self.is_exact(code, name))
        except UnitLookupError as exc:
            message = str(exc)
            ambiguous = len(found) > 1
            if not ambiguous and (district or commune):
                elsewhere = _same_name(self._candidates(level, None, None, all_villages), name)
                if len(elsewhere):
                    places = "; ".join(dict.fromkeys(unit_label(r) for r in elsewhere.itertuples()))
                    where = self.names.get(commune or district or "", "")
                    message = texts.IMPORT_UNIT_ELSEWHERE.format(name=text, where=where, places=places)
            if level == "village" and not all_villages and not ambiguous:
                message = f"{message} {texts.IMPORT_REGISTER_VILLAGES_FIRST}"
            return Match(None, level, message, ambiguous)

    def _today_namesake(self, found: Match, level: str, name: str) -> Match:
        """Today's unit of this name, warned when an old unit of the same name went into another
        one (Xã Chi Lăng of old Tràng Định is in Thất Khê today): a file of before the reform
        would put its figures on today's namesake, so the cell says which unit took them."""
        olds = self._former_rows(level, name, None)
        elsewhere = olds[[found.code not in targets and any(c in self.names for c in targets)
                          for targets in olds["targets"]]]
        if elsewhere.empty or found.warning:
            return found
        labels = "; ".join(dict.fromkeys(
            texts.IMPORT_FORMER_UNIT.format(old=former_label(row), new=self._names_of(
                [c for c in row.targets if c in self.names])).rstrip(".")
            for row in elsewhere.itertuples()))
        return replace(found, warning=texts.IMPORT_TODAY_NAMESAKE.format(name=self.names[found.code], olds=labels))

    def _former_rows(self, level: str, name: str, district: str | None) -> pd.DataFrame:
        """Units of earlier lists named `name` (exact key, then without diacritics), inside the
        old district `district` (a code of this campaign's list or a lineage token) if given."""
        frame = self.former[self.former["level"] == level]
        if district:
            frame = frame[frame["district_code"] == district.rsplit("/", 1)[-1]]
        for column, key in (("name_key", name_key(name)), ("loose_key", loose_key(name))):
            found = frame[frame[column] == key]
            if len(found):
                break
        kind = prefix_kind(name)
        if len(found) > 1 and kind:
            narrowed = found[found["kind_key"] == fold(kind)]
            if len(narrowed):
                found = narrowed
        # One unit in two lists (it went on unchanged): its latest row speaks for it.
        return found.sort_values("version").drop_duplicates(["code", "name_key", "targets"], keep="last")

    def _former_unit(self, level: str, name: str, district: str | None) -> Match | None:
        """The unit of this campaign an old name became; a Match waiting for the village when the old
        unit was split, or several old units bear the name; None when no old unit has the name."""
        found = self._former_rows(level, name, district)
        if found.empty:
            return None
        mapped = found[found["targets"].map(len) > 0]
        if mapped.empty:
            label = "; ".join(dict.fromkeys(former_label(row) for row in found.itertuples()))
            return Match(None, level, texts.IMPORT_FORMER_NO_SUCCESSOR.format(old=label))
        formers = tuple((former_label(row), tuple(c for c in row.targets if c in self.names))
                        for row in mapped.itertuples())
        targets = tuple(sorted({code for _, codes in formers for code in codes}))
        if len(targets) == 1 and mapped["whole"].all():
            label = "; ".join(dict.fromkeys(label for label, _ in formers))
            return Match(targets[0], level, exact=False, warning=texts.IMPORT_FORMER_UNIT.format(
                old=label, new=in_sentence(self.names[targets[0]])))
        if len(formers) == 1:
            message = texts.IMPORT_FORMER_SPLIT.format(old=formers[0][0], candidates=self._names_of(targets))
        else:
            message = texts.IMPORT_FORMER_NAMESAKES.format(name=name, olds=self._olds(formers))
        return Match(None, level, message, candidates=targets, formers=formers, former_name=name)

    def _olds(self, formers) -> str:
        """'Xã Hòa Bình, huyện Bình Gia (trước 1/7/2025), nay thuộc xã Hoa Thám; ...'"""
        return "; ".join(texts.IMPORT_FORMER_NAMESAKE_OLD.format(old=label, new=self._names_of(codes))
                         for label, codes in formers)

    def _names_of(self, codes) -> str:
        return ", ".join(in_sentence(self.names[code]) for code in codes)

    def _former_district(self, text: str) -> Match:
        """A district in a campaign without districts: the hint of an old district, or refused."""
        name, _ = split_hint(clean_name(text))
        districts = self.former[self.former["level"] == "district"]
        if districts.empty:
            return Match(None, "district", texts.UNIT_NOT_FOUND_NO_SUGGESTION.format(
                level=texts.LEVELS["district"].lower(), name=text))
        latest = districts.sort_values("version").drop_duplicates("code", keep="last")
        # an old district is told from its namesakes by its old province
        frame = latest.assign(parent_code="", district_code="", district_name=latest["province_name"], commune_name="")
        try:
            code = match_name(frame, "district", name)
        except UnitLookupError as exc:
            return Match(None, "district", str(exc))
        row = next(latest[latest["code"] == code].itertuples())
        day = day_text(row.valid_to + dt.timedelta(days=1)) if row.valid_to else ""
        return Match(None, "district", texts.IMPORT_FORMER_DISTRICT_NOT_A_UNIT.format(district=row.name, day=day),
                     warning=texts.IMPORT_FORMER_DISTRICT_HINT.format(district=row.name, day=day), hint=row.token)

    def _descends(self, code: str, district: str) -> bool:
        """Whether the unit `code` holds some of an old unit of the district (a lineage token of an
        earlier list); any district of this campaign's own list is checked by the lookup itself."""
        if not is_token(district):
            return True
        old = self.former[self.former["district_code"] == district.rsplit("/", 1)[-1]]
        return any(code in targets for targets in old["targets"])

    def _not_in_former_district(self, text: str, name: str, district: str) -> Match:
        row = next(self.former[self.former["token"] == district].itertuples(), None)
        where = in_sentence(row.name) if row is not None else district
        day = day_text(row.valid_to + dt.timedelta(days=1)) if row is not None and row.valid_to else ""
        places = "; ".join(dict.fromkeys(unit_label(r) for r in _same_name(self.by_level["commune"], name).itertuples()))
        return Match(None, "commune", texts.IMPORT_FORMER_NOT_IN_DISTRICT.format(name=text, district=where, day=day,
                                                                               places=places))

    def settle(self, match: Match, village_text: str | None, all_villages: bool = False) -> Match:
        """An old commune split between several of today's, or several old communes of one name: the
        one commune among the candidates that has the row's village, with a warning; refused,
        naming the candidates, when none or several have it."""
        if match.code is not None or not match.candidates or not village_text:
            return match
        holding = [code for code in match.candidates
                   if self.find("village", village_text, None, code, all_villages).code is not None]
        village = f"«{clean_name(village_text)}»"
        split = len(match.formers) == 1
        if len(holding) == 1:
            code = holding[0]
            new = in_sentence(self.names[code])
            owners = [(label, codes) for label, codes in match.formers if code in codes]
            label = "; ".join(label for label, _ in owners)
            if split or (len(owners) == 1 and len(owners[0][1]) > 1):
                warning = texts.IMPORT_FORMER_BY_VILLAGE.format(old=label, candidates=self._names_of(owners[0][1]),
                                                                village=village, new=new)
            else:
                warning = texts.IMPORT_FORMER_NAMESAKE_BY_VILLAGE.format(name=match.former_name, village=village,
                                                                         old=label, new=new)
            return Match(code, "commune", exact=False, warning=warning)
        names, olds = self._names_of(match.candidates), self._olds(match.formers)
        if holding and split:
            message = texts.IMPORT_FORMER_SPLIT_VILLAGE_SEVERAL.format(
                old=match.formers[0][0], candidates=names, village=village, found=self._names_of(holding))
        elif split:
            message = texts.IMPORT_FORMER_SPLIT_VILLAGE_NOWHERE.format(old=match.formers[0][0], candidates=names,
                                                                      village=village)
        elif holding:
            message = texts.IMPORT_FORMER_NAMESAKES_VILLAGE_SEVERAL.format(
                name=match.former_name, olds=olds, village=village, found=self._names_of(holding))
        else:
            message = texts.IMPORT_FORMER_NAMESAKES_VILLAGE_NOWHERE.format(name=match.former_name, olds=olds,
                                                                          village=village)
        return Match(None, "commune", message, candidates=match.candidates, formers=match.formers,
                     former_name=match.former_name)

    def is_exact(self, code: str, name: str) -> bool:
        """Whether a cleaned name (hint removed) states the unit exactly; see Match."""
        if name.strip() == code:
            return True
        if name_key(name) != self.name_keys.get(code):
            return False
        # Only a prefix that strip_prefix drops is one ("Bàn Chang" is a name, not "Bản Chang").
        kind = prefix_kind(name) if strip_prefix(name) != " ".join(name.split()) else None
        return kind is None or fold(kind) == self.kind_keys.get(code)

    def find_any(self, text: str, district: str | None, commune: str | None, prefer: str) -> Match:
        """Resolve a name of a 'Đơn vị' column: its prefix says the level when it has one;
        otherwise `prefer` first ('commune' or 'village'), then the other levels."""
        kind = prefix_kind(clean_name(text))
        level = PREFIX_LEVELS.get(kind or "")
        if kind and level is None:
            level = "village"
        order = [level] if level else [prefer] + [lv for lv in ("commune", "village", "district") if lv != prefer]
        first: Match | None = None
        for candidate in order:
            if candidate == "village" and not (commune or district):
                continue
            found = self.find(candidate, text, district, commune)
            if found.code:
                return found
            first = first or found
        return first or Match(None, prefer, texts.UNIT_NOT_FOUND_NO_SUGGESTION.format(level=texts.LEVELS[prefer].lower(), name=text))

    def title_place(self, level: str, kind: str, words: list[str], district: str | None) -> str | None:
        """Code of the unit a title line names after its prefix, longest name first (an old
        district's hint in a campaign without districts; see title_match)."""
        match = self.title_match(level, kind, words, district)
        return (match.code or match.hint) if match is not None else None

    def title_match(self, level: str, kind: str, words: list[str], district: str | None) -> Match | None:
        """The unit a title line names after its prefix (folded words), longest name first: one of
        this campaign's own, else a name of an earlier list as `find` reads it (a Match that may
        not resolve alone, with its message); None when neither knows the name."""
        code = self._title_current(level, kind, words, district)
        if code is not None:
            return Match(code, level)
        if level not in ("district", "commune") or self.former.empty:
            return None
        for size in range(len(words), 0, -1):
            name = f"{kind} {' '.join(words[:size])}"
            if level == "district" and not self.has_districts:
                found = self._former_district(name)
                if found.hint:
                    return found
                continue
            found = self._former_unit(level, name, district)
            if found is not None:
                return found
        return None

    def _title_current(self, level: str, kind: str, words: list[str], district: str | None) -> str | None:
        frame = self._candidates(level, district if level == "commune" else None, None, False)
        narrowed = frame[frame["kind_key"] == fold(kind)]
        for size in range(len(words), 0, -1):
            key = " ".join(words[:size])
            for pool in (narrowed, frame):
                found = pool[pool["loose_key"] == key]
                if len(found) == 1:
                    return found["code"].iloc[0]
                if len(found) > 1:
                    break
        return None

    def village_keys(self, commune: str) -> pd.DataFrame:
        """Every village ever registered in a commune (live or not), for households files."""
        frame = self.by_level["village"]
        return frame[frame["parent_code"] == commune]


def _same_name(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """Units whose code is the text, else whose exact key matches, else whose loose key does."""
    text = str(name).strip()
    for column, key in (("code", text), ("name_key", name_key(text)), ("loose_key", loose_key(text))):
        found = frame[frame[column].to_numpy() == key]
        if len(found):
            return found
    return frame.iloc[0:0]


def village_name_parts(text: str) -> tuple[str, str]:
    """(kind, short name) of a village name: 'Bản Nà Bó' -> ('Bản', 'Nà Bó'); default 'Thôn'."""
    name = clean_name(text)
    kind = prefix_kind(name)
    short = strip_prefix(name)
    if kind is None or kind in PREFIX_LEVELS:
        return "Thôn", name
    return kind, short


def keys_of(name: str) -> tuple[str, str]:
    """(name_key, loose_key) of a short name."""
    return name_key(name), loose_key(name)
