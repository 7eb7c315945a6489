"""Cell values as people type them: Vietnamese numbers, dates, roman numerals, labels."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

from analytics.names import fold

_VN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_VN_DECIMAL = re.compile(r"^[+-]?\d+(,\d+)?$")
_EN_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^[+-]?\d*\.\d+$|^[+-]?\d+\.?$")
_ROMAN = re.compile(r"^(?=[ivxlc])(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{2,4}))?")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME_TEXT = re.compile(r"(\d{1,2})\s*(?::|h|giờ|g)\s*(\d{2})?")
ZERO_MARKS = {"-", "–", "—"}
ZERO_WORDS = {"khong", "ko"}      # "Không": none that day
# "x" marks a cell that does not apply: no figure, not zero.
BLANK_MARKS = {"x", "X", "…", "..."}


# Words people write after a count ("215 hộ", "12 cửa hàng"): they name what is counted and do
# not change the number. Scale words ("triệu", "nghìn") do, and are refused rather than guessed.
UNIT_WORDS = ("ho", "ho dan", "ho gia dinh", "cua hang", "cua hang so", "chs", "gian hang", "tai khoan", "tk",
              "nguoi", "thanh vien", "don", "don hang", "san pham", "mat hang", "dong", "d", "vnd", "vnđ")
_NUMBER_THEN_WORDS = re.compile(r"^([+-]?[\d.,\s\u00a0]*\d)\s*([^\d].*)$")
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Unit words that name one indicator: "12 tài khoản" cannot be a number of stores.
UNIT_WORD_INDICATORS = {
    "cua hang": "stores", "cua hang so": "stores", "chs": "stores", "gian hang": "stores",
    "tai khoan": "accounts", "tk": "accounts", "don": "orders", "don hang": "orders",
    "dong": "revenue", "d": "revenue", "vnd": "revenue",
}


class NotANumber(ValueError):
    """The text is not a number in any way people write one."""


def is_blank(value: Any) -> bool:
    """Empty cell: None, '', whitespace, NaN."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and (not value.strip() or value.strip() in BLANK_MARKS)


def parse_number(value: Any) -> float | None:
    """A number from a cell: 4.250.000 and 320,5 (Vietnamese), 4,250,000.5, '-' for zero.
    None for a blank cell; NotANumber for text."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        raise NotANumber(str(value))
    text = unicodedata.normalize("NFC", str(value)).strip().replace("\u00a0", " ")
    with_words = _NUMBER_THEN_WORDS.match(text)
    if with_words and fold(with_words.group(2)).strip() in UNIT_WORDS:
        text = with_words.group(1).strip()
    text = text.rstrip("%").strip().replace(" ", "")
    if text in ZERO_MARKS or fold(text) in ZERO_WORDS:
        return 0.0
    if _VN_THOUSANDS.match(text):
        return float(text.replace(".", "").replace(",", "."))
    if _EN_THOUSANDS.match(text):
        return float(text.replace(",", ""))
    if _VN_DECIMAL.match(text):
        return float(text.replace(",", "."))
    if _PLAIN.match(text):
        return float(text)
    raise NotANumber(text)


def unit_word(value: Any) -> str | None:
    """The unit word written after a number ('12 cửa hàng' -> 'cua hang'), folded; else None."""
    if not isinstance(value, str):
        return None
    match = _NUMBER_THEN_WORDS.match(unicodedata.normalize("NFC", value).strip())
    return fold(match.group(2)).strip() if match else None


def is_percent_text(value: Any) -> bool:
    """A typed percentage: '25%', '0,75 %'."""
    return isinstance(value, str) and value.strip().endswith("%")


def serial_date(value: Any) -> dt.date | None:
    """The day an Excel date serial number stands for (44421 -> 13/8/2021), for whole numbers
    in the range Excel uses for dates of this century; None otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    if not float(value).is_integer() or not 36526 <= value <= 73050:   # 2000-01-01 .. 2099-12-31
        return None
    return EXCEL_EPOCH + dt.timedelta(days=int(value))


def parse_date(value: Any, default_year: int | None = None) -> dt.date | None:
    """A date from an Excel date, a datetime, or text dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy,
    yyyy-mm-dd, 'ngày 5 tháng 8 năm 2021'); dd/mm alone takes default_year. None if not a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = unicodedata.normalize("NFC", value).strip().lower()
    match = _ISO_DATE.match(text)
    if match:
        return _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    spelled = re.search(r"ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})", text)
    if spelled:
        return _safe_date(int(spelled.group(3)), int(spelled.group(2)), int(spelled.group(1)))
    text = re.sub(r"^(ngày|ngay)\s*", "", text)
    match = _DATE_TEXT.match(text)
    if not match:
        return None
    rest = text[match.end():].strip()
    if rest and not re.match(r"^(\d{1,2}\s*[:h]\s*\d{0,2}|lúc|\(|$)", rest):
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    if year is None:
        if default_year is None:
            return None
        year_number = default_year
    else:
        year_number = int(year) + (2000 if len(year) == 2 else 0)
    return _safe_date(year_number, month, day)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_time(value: Any) -> dt.time | None:
    """A time of day from an Excel time, a datetime or text like 16:30, 16h30, 16 giờ 30."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return dt.time(minutes // 60, minutes % 60)
    if not isinstance(value, str):
        return None
    match = _TIME_TEXT.search(value.lower())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return dt.time(hour, minute) if hour < 24 and minute < 60 else None


def parse_datetime(value: Any, default_date: dt.date | None) -> dt.datetime | None:
    """When a report was sent: a datetime, or a time (with the report date), or text."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(0, 0))
    day = parse_date(value) if isinstance(value, str) else None
    time = parse_time(value.split(" ", 1)[1] if day and isinstance(value, str) and " " in value.strip() else value)
    if day is None:
        day = default_date
    if day is None or time is None:
        return None
    return dt.datetime.combine(day, time)


def is_roman(value: Any) -> bool:
    """TT cells of group rows: I, II, III., IV (case-insensitive)."""
    if not isinstance(value, str):
        return False
    text = value.strip().rstrip(".").strip().lower()
    return bool(text) and bool(_ROMAN.match(text))


def is_row_number(value: Any) -> bool:
    """TT cells of detail rows: 1, 1.0, '1.', '1)'."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return not (isinstance(value, float) and math.isnan(value))
    return isinstance(value, str) and bool(re.match(r"^\d+(\.\d+)*[.)]?$", value.strip()))


def clean_text(value: Any) -> str:
    """A cell as one line of NFC text (blank for None/NaN); whole floats lose their '.0'."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%d/%m/%Y")
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def is_total_label(label: str) -> bool:
    """'Tổng cộng', 'Cộng', 'Tổng số', 'Toàn huyện': rows that add up the rows above them."""
    text = unicodedata.normalize("NFC", label).strip().lower()
    if not text:
        return False
    if text.startswith(("tổng", "cộng", "toàn tỉnh", "toàn huyện", "toàn xã")):
        return True
    folded = fold(text)
    return folded in {"tong", "cong", "tong cong", "tong so", "tong so chung"} or folded.startswith("tong cong")
