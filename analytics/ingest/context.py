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
# Title words that give the administrative level of the name that follows them.
UNIT_WORDS = {"huyen": "district", "thanh pho": "district", "tp": "district", "xa": "commune",
              "phuong": "commune", "thi tran": "commune"}
UNIT_KINDS = {"huyen": "Huyện", "thanh pho": "Thành phố", "tp": "Thành phố", "xa": "Xã", "phuong": "Phường",
              "thi tran": "Thị trấn"}
# Phrases in which "xã" does not introduce a commune name.
NOT_A_PLACE = ("xa hoi chu nghia",)
SOURCE_WORDS = {
    "viettel": ("viettel", "viettelpost", "viettel post", "voso", "voso vn", "vtp"),
    "vnpost": ("buu dien", "vnpost", "vietnam post", "vietnampost", "postmart", "postmart vn", "buudien", "vn post"),
}


@dataclass
class PlaceMention:
    """A district or commune named in the title block ('UBND HUYỆN CHI LĂNG')."""

    level: str
    kind: str
    words: list[str]          # folded words after the prefix, to be matched longest first


@dataclass
class TitleInfo:
    """Everything found in the lines above a table."""

    lines: list[str]
    report_date: dt.date | None = None
    other_dates: list[dt.date] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    decision_no: str | None = None
    decision_date: dt.date | None = None
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


def _places(line: str) -> list[PlaceMention]:
    folded = fold(line)
    for phrase in NOT_A_PLACE:
        folded = folded.replace(phrase, " ")
    words = folded.split()
    mentions = []
    i = 0
    while i < len(words):
        two = " ".join(words[i:i + 2])
        prefix = two if two in UNIT_WORDS else words[i] if words[i] in UNIT_WORDS else None
        if prefix is None:
            i += 1
            continue
        rest = words[i + len(prefix.split()):i + len(prefix.split()) + 5]
        if rest:
            mentions.append(PlaceMention(UNIT_WORDS[prefix], UNIT_KINDS[prefix], rest))
        i += len(prefix.split())
    return mentions


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
        info.places.extend(_places(line))
        sent = _SENT.search(unicodedata.normalize("NFC", line).lower())
        if sent and info.sent_time is None:
            info.sent_time = parse_time(sent.group(2))
        if "luy ke" in folded or "cong don" in folded or "tinh den" in folded:
            info.cumulative = True
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
