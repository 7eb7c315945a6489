"""What a title block says: report date, district and commune, decision number and date,
the reporting enterprise, the time the report was sent."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from analytics.ingest.values import parse_date, parse_time
from analytics.names import fold

_DATE_PATTERNS = (
    re.compile(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})"),
    re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)"),
)
_DECISION_NO = re.compile(r"(?:quyết định|qđ)?\s*số\s*:?\s*([0-9]*\s*/\s*[^\s,;)]+)", re.IGNORECASE)
_SENT = re.compile(r"(gửi|nhận)\D{0,25}?(\d{1,2}\s*(?::|h|giờ)\s*\d{0,2})")
# Title words (folded) that give the administrative level and kind of the name that follows them;
# _SPELT: how each full word is spelt with diacritics (a word typed without any still counts
# when the name after it is typed without any too).
UNIT_WORDS = {"huyen": "district", "thanh pho": "district", "tp": "district", "thi xa": "district",
              "tx": "district", "quan": "district", "xa": "commune", "phuong": "commune", "thi tran": "commune",
              "tt": "commune", "tinh": "province", "h": "district", "q": "district", "x": "commune", "p": "commune"}
UNIT_KINDS = {"huyen": "Huyện", "thanh pho": "Thành phố", "tp": "Thành phố", "thi xa": "Thị xã", "tx": "Thị xã",
              "quan": "Quận", "xa": "Xã", "phuong": "Phường", "thi tran": "Thị trấn", "tt": "Thị trấn",
              "tinh": "Tỉnh", "h": "Huyện", "q": "Quận", "x": "Xã", "p": "Phường"}
_SPELT = {"huyen": "huyện", "thanh pho": "thành phố", "thi xa": "thị xã", "quan": "quận", "xa": "xã",
          "phuong": "phường", "thi tran": "thị trấn", "tinh": "tỉnh"}
# Written without diacritics these are ordinary words ("cơ quan"): only the spelt form counts.
_SPELT_ONLY = {"quan"}
# One letter is an abbreviation only with its dot ("H.Chi Lăng").
_NEEDS_DOT = {"h", "q", "x", "p"}
# Phrases in which a unit word does not introduce a place name.
NOT_A_PLACE = ("xa hoi chu nghia", "kinh te xa hoi", "xa hoi hoa", "an sinh xa hoi", "chinh sach xa hoi",
               "bao hiem xa hoi", "thuong binh va xa hoi")
# Lines that name the addressee, not the sender.
NOT_A_SENDER = ("kinh gui", "noi nhan")
# Words after which a unit word heads the sender's name ("UBND HUYỆN ...").
AGENCY_WORDS = ("ubnd", "uy ban nhan dan", "hdnd", "hoi dong nhan dan", "dang uy", "ban chi dao", "bcd",
                "ubmttq", "chu tich")
BODY_WORDS = ("ủy", "uỷ", "đoàn")    # spelt out: "Huyện Đoan Hùng" is a name
_MAX_NAME_WORDS = 5
_DATELINE = re.compile(r"^\s*([^\d,;:()]{2,40}?)\s*,\s*ngày\s*\d", re.IGNORECASE)
SOURCE_WORDS = {
    "viettel": ("viettel", "viettelpost", "viettel post", "voso", "voso vn", "vtp"),
    "vnpost": ("buu dien", "vnpost", "vietnam post", "vietnampost", "postmart", "postmart vn", "buudien", "vn post"),
}


@dataclass
class PlaceMention:
    """A province, district or commune named in the title block ('UBND HUYỆN CHI LĂNG')."""

    level: str
    kind: str
    words: list[str]          # folded words of the name, to be matched longest first
    line: int = 0             # index of the title line
    text: str = ""            # the mention as written, prefix included ('HUYỆN CHI LĂNG')
    name: str = ""            # the name as written ('CHI LĂNG')
    heading: bool = False     # heads the sender's name: starts the line or follows UBND...


@dataclass
class TitleInfo:
    """Everything found in the lines above a table."""

    lines: list[str]
    report_date: dt.date | None = None
    other_dates: list[dt.date] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    datelines: list[tuple[int, str]] = field(default_factory=list)   # (line, place) of 'Lạng Sơn, ngày ...'
    decision_no: str | None = None
    decision_date: dt.date | None = None
    up_to: bool = False            # "đến ngày 05/8" (a state at a date, not the day's new counts)
    period: bool = False           # "từ ngày 01/8 đến ngày 05/8" (a total over several days)
    daily: bool = False            # "mở mới", "trong ngày", "phát sinh" (the day's new counts)
    sent_time: dt.time | None = None
    cumulative: bool = False


def _dates(line: str) -> list[dt.date]:
    text = unicodedata.normalize("NFC", line).lower()
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if pattern is _DATE_PATTERNS[0]:
                day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            else:
                day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
            try:
                found.append(dt.date(year, month, day))
            except ValueError:
                continue
    return found


def _date_rank(line: str) -> int:
    folded = fold(line)
    if folded.startswith(("quyet dinh", "ban hanh kem theo", "kem theo")) or "quyet dinh so" in folded:
        return 9
    if any(w in folded for w in ("bao cao", "so lieu", "tinh den", "den ngay", "trong ngay", "ket qua")):
        return 1
    if folded.startswith("ngay"):
        return 2
    return 3


@dataclass
class _Token:
    written: str
    folded: str
    before: str               # the characters between the previous word and this one
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    """The words of an NFC line, and an empty last token holding the line's trailing characters."""
    tokens, end = [], 0
    for match in re.finditer(r"\w+", text):
        for folded in fold(match.group()).split():
            tokens.append(_Token(match.group(), folded, text[end:match.start()], match.start(), match.end()))
        end = match.end()
    tokens.append(_Token("", "", text[end:], end, end))
    return tokens


def _unit_word(tokens: list[_Token], i: int) -> str | None:
    """The unit word starting at token i, when it is written as one (see _SPELT)."""
    for size in (2, 1):
        parts = tokens[i:i + size]
        prefix = " ".join(t.folded for t in parts)
        if len(parts) < size or prefix not in UNIT_WORDS or any(t.before.strip() for t in parts[1:]):
            continue
        written = " ".join(t.written for t in parts).lower()
        following = tokens[i + size] if i + size < len(tokens) else tokens[-1]
        if prefix in _NEEDS_DOT:
            if not following.before.startswith("."):
                continue
        elif prefix in _SPELT and written != _SPELT[prefix]:
            if prefix in _SPELT_ONLY or not (written.isascii() and following.written.isascii()):
                continue
        return prefix
    return None


def _places(line: str, position: int = 0) -> list[PlaceMention]:
    text = unicodedata.normalize("NFC", line)
    tokens = _tokens(text)
    folded = [t.folded for t in tokens[:-1]]
    if " ".join(folded).startswith(NOT_A_SENDER):
        return []
    skip: set[int] = set()
    for phrase in NOT_A_PLACE:
        size = len(phrase.split())
        for i in range(len(folded) - size + 1):
            if " ".join(folded[i:i + size]) == phrase:
                skip.update(range(i, i + size))
    mentions: list[PlaceMention] = []
    last_end = -1
    i = 0
    while i < len(folded):
        prefix = None if i in skip else _unit_word(tokens, i)
        if prefix is None:
            i += 1
            continue
        start = i + len(prefix.split())
        # "HUYỆN ỦY CHI LĂNG", "HUYỆN ĐOÀN ...": the party or youth body of the place named after.
        if (UNIT_WORDS[prefix] in ("province", "district") and start < len(folded) - 1
                and tokens[start].written.lower() in BODY_WORDS and not tokens[start + 1].before.strip()):
            start += 1
        end = start
        # The name runs to the next unit word or punctuation ("XÃ GIA CÁT, HUYỆN CAO LỘC"); it
        # follows its prefix after a space, a dot or a colon ("TP.Lạng Sơn", "Xã: Vạn Linh").
        if start < len(folded) and not tokens[start].before.strip(" .:"):
            while (end < len(folded) and end - start < _MAX_NAME_WORDS and (end == start or not tokens[end].before.strip())
                   and _unit_word(tokens, end) is None):
                end += 1
        if end > start:
            before = " ".join(folded[:i])
            # "UBND XÃ GIA CÁT, HUYỆN CAO LỘC": a name right after a heading one heads too.
            chained = bool(mentions) and last_end == i and mentions[-1].heading
            mentions.append(PlaceMention(
                UNIT_WORDS[prefix], UNIT_KINDS[prefix], folded[start:end], position,
                text=text[tokens[i].start:tokens[end - 1].end],
                name=text[tokens[start].start:tokens[end - 1].end],
                # A lone letter heads nothing ("P. CHỦ TỊCH" signs for the chairman).
                heading=prefix not in _NEEDS_DOT and (not before or before.endswith(AGENCY_WORDS) or chained),
            ))
            last_end = end
        i = max(end, i + 1)
    return mentions


def _dateline(line: str) -> str | None:
    """The place of a line 'Lạng Sơn, ngày 06 tháng 8 năm 2021'."""
    match = _DATELINE.match(unicodedata.normalize("NFC", line))
    return match.group(1).strip() if match else None


def _short_dates(folded: str) -> list[str]:
    """Day/month pairs written without a year ('01/8'), as in 'từ 01/8 đến 05/8/2021'."""
    return re.findall(r"\b\d{1,2} \d{1,2}\b", folded)


def read_title(lines: list[str]) -> TitleInfo:
    """Parse the title block of a table."""
    info = TitleInfo(lines)
    ranked: list[tuple[int, int, dt.date]] = []
    for position, line in enumerate(lines):
        dates = _dates(line)
        rank = _date_rank(line)
        for day in dates:
            ranked.append((rank, position, day))
        folded = fold(line)
        if rank == 9 and dates and info.decision_date is None:
            info.decision_date = dates[0]
        if ("quyet dinh" in folded or "qd" in folded.split()) and info.decision_no is None:
            match = _DECISION_NO.search(unicodedata.normalize("NFC", line))
            if match:
                info.decision_no = re.sub(r"\s+", "", match.group(1))
        info.places.extend(_places(line, position))
        place = _dateline(line)
        if place:
            info.datelines.append((position, place))
        sent = _SENT.search(unicodedata.normalize("NFC", line).lower())
        if sent and info.sent_time is None:
            info.sent_time = parse_time(sent.group(2))
        if "luy ke" in folded or "cong don" in folded or "tinh den" in folded:
            info.cumulative = True
        if re.search(r"\btu (ngay )?\d.*\bden (ngay )?\d", folded) and len(dates) + len(_short_dates(folded)) >= 2:
            info.period = True
        elif re.search(r"\bden (het )?ngay\b", folded):
            info.up_to = True
        if any(f" {w} " in f" {folded} " for w in ("mo moi", "trong ngay", "phat sinh", "tang moi")):
            info.daily = True
    usable = sorted(r for r in ranked if r[0] < 9)
    if usable:
        info.report_date = usable[0][2]
        info.other_dates = [d for _, _, d in usable[1:]]
    return info


def source_in_text(*texts: str) -> str | None:
    """'viettel' or 'vnpost' when the texts name exactly one of the two enterprises."""
    found = set()
    for text in texts:
        folded = f" {fold(text)} "
        compact = folded.replace(" ", "")
        for source, words in SOURCE_WORDS.items():
            if any(f" {w} " in folded or (len(w) > 6 and w.replace(" ", "") in compact) for w in words):
                found.add(source)
    return found.pop() if len(found) == 1 else None


def date_in_title(value: str, default_year: int | None = None) -> dt.date | None:
    """A date written in a cell of the title block (kept for callers that read one cell)."""
    return parse_date(value, default_year)
