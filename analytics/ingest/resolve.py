"""Match the unit names written in a file to unit codes, with district/commune context."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import duckdb
import pandas as pd

from analytics import texts
from analytics.ingest.statements import statement
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
    prefix if it has one; typed without diacritics or with another tone is not exact."""

    code: str | None
    level: str | None = None
    message: str | None = None
    ambiguous: bool = False
    exact: bool = False


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

    def commune_of(self, code: str) -> str | None:
        level = self.levels.get(code)
        if level == "commune":
            return code
        if level == "village":
            return self.parents.get(code)
        return None

    def _candidates(self, level: str, district: str | None, commune: str | None, all_villages: bool) -> pd.DataFrame:
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
        name, hint = split_hint(clean_name(text))
        if hint and level in ("commune", "village") and not district:
            hinted = self.find("district", hint)
            if hinted.code:
                district = hinted.code
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
        """Code of the unit a title line names after its prefix, longest name first."""
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
