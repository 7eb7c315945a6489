"""Whose report is it: a title block that names another province, a district this province does
not have, or a commune outside the title's district refuses the file before any figure is read.
Commune names repeat across the country, so the rows alone cannot tell a Cao Bằng report from a
Lạng Sơn one; the title can."""

from __future__ import annotations

from functools import cache

import pandas as pd

from analytics import texts
from analytics.ingest.common import FileContext, Sheet, note_match
from analytics.ingest.context import PlaceMention
from analytics.ingest.resolve import Match
from analytics.lineage import former_provinces
from analytics.names import fold, loose_key
from analytics.reference import hierarchy_units


@cache
def _country() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(provinces, districts) of the whole country in every hierarchy version (a title may name a
    province or district as it was before a reform), newest name first, with loose keys and
    kinds folded; read once, never changed."""
    units = hierarchy_units().sort_values("version", ascending=False, kind="stable")
    provinces, districts = (units[units["level"] == level].drop_duplicates(["code", "name"]).reset_index(drop=True)
                            for level in ("province", "district"))
    for frame in (provinces, districts):
        frame["loose_key"] = frame["short_name"].map(loose_key)
        frame["kind_key"] = frame["kind"].map(fold)
    return provinces, districts


def _province_phrase(row) -> str:
    """'tỉnh Cao Bằng', 'thành phố Hà Nội' (as it reads inside a sentence)."""
    return f"{row.kind.lower()} {row.short_name}"


def _longest(words: list[str], frame: pd.DataFrame, kind: str | None = None) -> tuple[int, pd.DataFrame]:
    """(number of words, rows) of the longest start of `words` naming rows of `frame`, rows of the
    written kind first."""
    narrowed = frame[frame["kind_key"] == fold(kind)] if kind else frame
    for size in range(len(words), 0, -1):
        key = " ".join(words[:size])
        for pool in (narrowed, frame):
            found = pool[pool["loose_key"] == key]
            if len(found):
                return size, found
    return 0, frame.iloc[0:0]


class _TitleCheck:
    def __init__(self, ctx: FileContext):
        self.ctx = ctx
        units = ctx.units
        provinces, districts = _country()
        own = units.frame[units.frame["level"] == "province"]
        self.own_code = own["code"].iloc[0] if len(own) else ctx.settings.province_code
        self.own = provinces[provinces["code"] == self.own_code]
        self.own_phrase = _province_phrase(next(self.own.itertuples())) if len(self.own) else ""
        # Provinces merged into this one on 1/7/2025 (Hà Giang into Tuyên Quang) are its own past.
        version, _ = units.hierarchy
        mine = {self.own_code} | former_provinces(ctx.con, version, self.own_code)
        self.other_provinces = provinces[~provinces["code"].isin(mine)]
        self.other_districts = districts[~districts["parent_code"].isin(mine)]
        self.province_names = dict(zip(provinces["code"], (_province_phrase(r) for r in provinces.itertuples())))
        self.own_keys = set(own["loose_key"]) | set(units.by_level["district"]["loose_key"]) | set(
            units.by_level["commune"]["loose_key"]) | set(units.former["loose_key"]) | set(
            provinces.loc[provinces["code"].isin(mine), "loose_key"])

    def error(self, sheet: Sheet, line: int, message: str) -> None:
        table = sheet.table
        row = table.title_rows[line] if line < len(table.title_rows) else None
        self.ctx.issues.error(message, table.sheet, row, None, table.title[line] if line < len(table.title) else None)

    def check(self, sheet: Sheet) -> bool:
        ok = True
        district = self.ctx.district
        places = sheet.title.places
        for mention in [m for m in places if m.level in ("province", "district")]:
            found = self.province(sheet, mention) if mention.level == "province" else self.district(sheet, mention)
            ok = ok and found is not False
            if isinstance(found, str) and district is None:
                district = found
        for mention in [m for m in places if m.level == "commune"]:
            ok = self.commune(sheet, mention, district) and ok
        for line, place in sheet.title.datelines:
            key = loose_key(place)
            if key in self.own_keys:
                continue
            found = self.other_provinces[self.other_provinces["loose_key"] == key]
            if len(found):
                self.error(sheet, line, texts.IMPORT_TITLE_OTHER_PROVINCE.format(
                    text=place, province=_province_phrase(next(found.itertuples())), own=self.own_phrase))
                ok = False
        return ok

    def province(self, sheet: Sheet, mention: PlaceMention) -> bool | None:
        size, found = _longest(mention.words, pd.concat([self.own, self.other_provinces]))
        if size == 0 or self.own_code in set(found["code"]):
            # "tỉnh" followed by no province name is an ordinary word.
            return None
        self.error(sheet, mention.line, texts.IMPORT_TITLE_OTHER_PROVINCE.format(
            text=mention.text, province=texts.IMPORT_OR.join(_province_phrase(r) for r in found.itertuples()),
            own=self.own_phrase))
        return False

    def district(self, sheet: Sheet, mention: PlaceMention) -> str | bool | None:
        """The district's code (an old district's hint in a campaign without districts), False when
        the title names one this province does not have."""
        match = self.ctx.units.title_match("district", mention.kind, mention.words, None)
        if match is not None and match.code:
            self.note(sheet, mention, match.code)
            return match.code
        if match is not None and match.hint:
            self.note_former(sheet, mention, match)
            return match.hint
        if fold(mention.kind) == "thanh pho":
            # Hà Nội, Hải Phòng...: cities that are provinces.
            size, found = _longest(mention.words, self.other_provinces[self.other_provinces["kind_key"] == "thanh pho"])
            if size:
                self.error(sheet, mention.line, texts.IMPORT_TITLE_OTHER_PROVINCE.format(
                    text=mention.text, province=_province_phrase(next(found.itertuples())), own=self.own_phrase))
                return False
        size, found = _longest(mention.words, self.other_districts, mention.kind)
        if size:
            provinces = texts.IMPORT_OR.join(dict.fromkeys(self.province_names[c] for c in found["parent_code"]))
            units = texts.IMPORT_OR.join(dict.fromkeys(found["name"]))
            self.error(sheet, mention.line, texts.IMPORT_TITLE_OTHER_DISTRICT.format(
                text=mention.text, unit=units, province=provinces, own=self.own_phrase))
            return False
        if mention.heading:
            self.error(sheet, mention.line, texts.IMPORT_TITLE_UNKNOWN_DISTRICT.format(
                text=mention.text, own=self.own_phrase, name=mention.name))
            return False
        return None

    def commune(self, sheet: Sheet, mention: PlaceMention, district: str | None) -> bool:
        units = self.ctx.units
        match = units.title_match("commune", mention.kind, mention.words, district)
        if match is not None and match.code and not match.warning:
            self.note(sheet, mention, match.code)
            return True
        if match is not None:
            # A commune of an earlier list: what it became, or (split, or mapped nowhere) why the
            # title gives the rows no commune.
            self.note_former(sheet, mention, match)
            return True
        communes = units.by_level["commune"]
        size, found = _longest(mention.words, communes, mention.kind)
        if size and district and not (found["parent_code"] == district).any():
            places = "; ".join(dict.fromkeys(f"{r.name} ({r.district_name})" for r in found.itertuples()))
            self.error(sheet, mention.line, texts.IMPORT_TITLE_COMMUNE_ELSEWHERE.format(
                text=mention.text, where=units.names.get(district, ""), places=places))
            return False
        if size == 0 and mention.heading:
            where = units.names.get(district, "") if district else self.own_phrase
            self.error(sheet, mention.line, texts.IMPORT_TITLE_UNKNOWN_COMMUNE.format(
                text=mention.text, where=where, name=mention.name))
            return False
        # A name shared by several communes of the province, with no district to choose: the
        # title gives no context and the rows are resolved on their own.
        return True

    def note(self, sheet: Sheet, mention: PlaceMention, code: str) -> None:
        """Record the title's name as a match (not exact when typed without diacritics...)."""
        units = self.ctx.units
        key = units.frame.loc[units.frame["code"] == code, "loose_key"].iloc[0]
        words = mention.name.split()
        size = next((n for n in range(len(words), 0, -1) if loose_key(" ".join(words[:n])) == key), len(words))
        match = Match(code, units.levels[code], exact=units.is_exact(code, f"{mention.kind} {' '.join(words[:size])}"))
        table = sheet.table
        row = table.title_rows[mention.line] if mention.line < len(table.title_rows) else None
        note_match(self.ctx, table.sheet, row, None, mention.text, match)

    def note_former(self, sheet: Sheet, mention: PlaceMention, match: Match) -> None:
        table = sheet.table
        row = table.title_rows[mention.line] if mention.line < len(table.title_rows) else None
        if match.code or match.hint:
            note_match(self.ctx, table.sheet, row, None, mention.text, match)
        else:
            self.ctx.issues.warn(match.message, table.sheet, row, None, mention.text)


def check_titles(ctx: FileContext, sheets: list[Sheet]) -> bool:
    """Refuse (errors in ctx.issues) the tables whose title names another province, a district
    that is not this province's, or a commune that is not in its district; True when all agree."""
    check = _TitleCheck(ctx)
    results = [check.check(sheet) for sheet in sheets]
    return all(results)
