"""The one place for header words: what people write above each column, and how to read it.

Every synonym is written as people type it; matching folds case, diacritics, NFC/NFD and
punctuation away (analytics.names.fold), so "Tài khoản TTĐT", "TK TTĐT" and "tk ttdt" are one
word list entry each at most. To teach the importer a new header, add it to the right tuple.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from analytics.names import fold

# Indicator columns of daily, enterprise and target files.
INDICATOR_SYNONYMS: dict[str, tuple[str, ...]] = {
    "stores": (
        "Cửa hàng số", "Số CHS", "CHS", "CHS mở mới", "Số cửa hàng số", "Cửa hàng số mở mới",
        "Số cửa hàng", "Cửa hàng", "Gian hàng", "Số gian hàng", "Hộ có cửa hàng số", "Hộ có CHS",
        "Số hộ có cửa hàng số", "Số hộ có CHS", "Hộ mở cửa hàng số",
    ),
    "accounts": (
        "Tài khoản thanh toán điện tử", "TK TTĐT", "Tài khoản TTĐT", "Số TK TTĐT", "TK thanh toán điện tử",
        "Số tài khoản", "Tài khoản thanh toán", "TK TT", "TKTT", "TK TTDT", "Ví điện tử",
        "Hộ có tài khoản thanh toán điện tử", "Hộ có TK TTĐT", "Số hộ có TK TTĐT", "Tài khoản",
    ),
    "active": (
        "Hộ có giao dịch", "Hộ có giao dịch thành công", "Hộ giao dịch thành công", "Hộ phát sinh giao dịch",
        "Hộ có phát sinh giao dịch", "Hộ bán hàng thành công", "Hộ có đơn hàng", "Số hộ có giao dịch",
        "Hộ kinh doanh trên sàn", "Hộ đầu tàu", "Đầu tàu",
    ),
    "orders": ("Số đơn hàng", "Đơn hàng", "Số đơn", "Đơn hàng thành công"),
    "volume": (
        "Sản lượng", "Sản lượng giao dịch thành công", "Mặt hàng giao dịch thành công", "Sản lượng/mặt hàng",
        "Số mặt hàng", "Sản phẩm giao dịch thành công", "Số sản phẩm",
    ),
    "revenue": ("Doanh số", "Doanh số bán hàng", "Doanh thu", "Giá trị giao dịch", "Tổng tiền"),
    "team_members": ("Thành viên tổ", "Số thành viên", "Thành viên tổ CNS", "Số thành viên tổ", "Thành viên tổ công nghệ"),
}

# Every other column the importer understands.
FIELD_SYNONYMS: dict[str, tuple[str, ...]] = {
    "tt": ("TT", "STT", "Số TT", "Số thứ tự"),
    "district": (
        "Huyện", "Tên huyện", "Huyện/Thành phố", "Huyện/TP", "Huyện, thành phố", "Đơn vị cấp huyện",
        "Quận/Huyện", "Huyện/thị xã/thành phố",
    ),
    "commune": (
        "Xã", "Tên xã", "Xã/Phường/Thị trấn", "Xã, phường, thị trấn", "Xã/Phường", "Xã/Thị trấn",
        "Tên xã/phường/thị trấn", "Đơn vị cấp xã", "Tên xã, phường, thị trấn",
    ),
    "village": (
        "Thôn", "Tên thôn", "Thôn/Bản", "Thôn/bản/khối phố", "Thôn, bản, tổ dân phố", "Thôn/Khối",
        "Khối phố", "Tổ dân phố", "Thôn/Xóm", "Thôn, bản", "Thôn/bản/tổ dân phố", "Thôn, bản, khối phố",
        "Tên thôn/bản", "Tên thôn, bản",
    ),
    # Lineage weights (file kind "lineage-weights"): the commune of the campaign's list and the
    # commune since 1/7/2025 that took it in, or part of it
    "old_commune": (
        "Xã cũ", "Tên xã cũ", "Xã trước sắp xếp", "Xã trước sáp nhập", "Đơn vị cũ", "Đơn vị hành chính cũ",
        "Xã, phường, thị trấn cũ", "Xã/phường/thị trấn cũ", "Đơn vị cấp xã cũ", "Xã trước 1/7/2025",
    ),
    "new_commune": (
        "Xã mới", "Tên xã mới", "Xã sau sắp xếp", "Xã sau sáp nhập", "Xã hiện nay", "Đơn vị mới",
        "Đơn vị hành chính mới", "Xã, phường mới", "Xã/phường mới", "Đơn vị cấp xã mới", "Xã sau 1/7/2025",
        "Xã, phường hiện nay", "Xã/phường hiện nay",
    ),
    "unit": ("Đơn vị", "Tên đơn vị", "Địa bàn", "Địa phương", "Đơn vị hành chính", "Tên địa bàn"),
    "date": ("Ngày", "Ngày báo cáo", "Ngày BC", "Ngày tháng", "Thời gian báo cáo", "Ngày số liệu"),
    "sent_at": ("Thời gian gửi", "Giờ gửi", "Thời điểm gửi", "Gửi lúc", "Thời gian nhận", "Giờ nhận"),
    "households": (
        "Số hộ", "Tổng số hộ", "Số hộ gia đình", "Hộ gia đình", "Tổng số hộ gia đình", "Số hộ dân",
        "Tổng số hộ dân", "Số hộ chuyển sang", "Số hộ chuyển về", "Số hộ chuyển sang xã mới",
    ),
    "full_name": ("Họ tên", "Họ và tên", "Họ, tên", "Tên thành viên"),
    "honorific": ("Ông/Bà", "Ông (bà)", "Danh xưng"),
    "position": ("Chức vụ", "Chức danh", "Chức vụ, chức danh", "Chức vụ/Chức danh", "Chức vụ hiện tại"),
    "committee_role": (
        "Chức vụ BCĐ", "Chức vụ trong BCĐ", "Chức vụ Ban chỉ đạo", "Chức vụ trong Ban chỉ đạo",
        "Chức danh BCĐ", "Chức danh trong BCĐ", "Vai trò", "Vai trò trong BCĐ", "Nhiệm vụ trong BCĐ",
    ),
    "duties": (
        "Công việc phụ trách", "Nhiệm vụ", "Nhiệm vụ được phân công", "Phân công nhiệm vụ",
        "Công việc được phân công", "Nhiệm vụ phụ trách",
    ),
    "team_role": (
        "Nhiệm vụ trong Tổ", "Vai trò trong Tổ", "Chức danh trong Tổ", "Chức vụ trong Tổ", "Nhiệm vụ trong Tổ CNS",
        "Vai trò trong Tổ CNS", "Nhiệm vụ trong Tổ CNSCĐ", "Vai trò trong Tổ CNSCĐ",
        "Nhiệm vụ trong Tổ công nghệ số cộng đồng", "Vai trò trong Tổ công nghệ số cộng đồng",
    ),
    "phone": (
        "Số điện thoại", "SĐT", "Điện thoại", "ĐT liên hệ", "Số ĐT", "SĐT liên hệ", "Điện thoại liên hệ",
        "Số điện thoại liên hệ", "Điện thoại di động", "ĐTDĐ",
    ),
    "villages_in_charge": ("Phụ trách thôn", "Thôn phụ trách", "Phụ trách địa bàn", "Địa bàn phụ trách", "Phụ trách thôn/tổ dân phố"),
    "address": ("Địa chỉ", "Nơi ở", "Nơi cư trú", "Địa chỉ thường trú", "Quê quán", "Nơi công tác"),
    "notes": ("Ghi chú",),
    "source": ("Doanh nghiệp", "Đơn vị cung cấp", "Nền tảng", "Đơn vị cung cấp dịch vụ", "Doanh nghiệp báo cáo"),
    "uom": ("Đơn vị tính", "ĐVT"),
}

# Words that qualify an indicator column.
CUMULATIVE_WORDS = ("Lũy kế", "Luỹ kế", "LK", "Cộng dồn", "Tổng số đến nay", "Đến nay", "Tính đến", "Tổng số", "Tổng cộng dồn")
DAILY_WORDS = ("Trong ngày", "Mở mới", "Phát sinh", "Tăng mới", "Trong kỳ", "Mới")
TARGET_WORDS = ("Chỉ tiêu", "Chỉ tiêu giao", "Giao chỉ tiêu", "Mục tiêu", "Kế hoạch")
PCT_WORDS = ("Tỷ lệ", "Tỉ lệ", "Phần trăm")
# Money written in thousands, millions or billions of đồng ("Doanh số (triệu đồng)").
_SCALES = (("nghin dong", 1e3), ("ngan dong", 1e3), ("1000 dong", 1e3), ("1 000 dong", 1e3), ("trieu dong", 1e6),
           ("trieu", 1e6), ("tr dong", 1e6), ("tr d", 1e6), ("trd", 1e6), ("ty dong", 1e9))
# Not a bare "Số": "Cửa hàng số" (digital store) contains it. "(số)" is read from the raw text.
COUNT_WORDS = ("Số lượng", "Số hộ", "Hộ", "Số người", "Người")
_COUNT_NOTE = re.compile(r"\(\s*(số|hộ|người|thành viên|tổ)\b", re.IGNORECASE)

# Columns that name the unit a row is about, from the most specific to the least.
NAME_FIELDS = ("village", "commune", "unit", "district")
LINEAGE_FIELDS = ("old_commune", "new_commune")
PERSON_FIELDS = ("full_name",)
# Header cells longer than this are sentences (instructions, notes), never column names.
MAX_HEADER_CHARS = 80
FIELD_COVERAGE = 0.45


@dataclass(frozen=True)
class HeaderMeaning:
    """What a header text says: the field, and for indicators the variant and kind of value."""

    field: str | None
    cumulative: bool = False
    daily: bool = False
    target: bool = False
    pct: bool = False
    count: bool = False
    scale: float = 1.0     # "(triệu đồng)": the figures are written in millions


def _folded(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({fold(w) for w in words if fold(w)}, key=len, reverse=True))


_INDICATORS = {field: _folded(words) for field, words in INDICATOR_SYNONYMS.items()}
_FIELDS = {field: _folded(words) for field, words in FIELD_SYNONYMS.items()}
_CUMULATIVE = _folded(CUMULATIVE_WORDS)
_DAILY = _folded(DAILY_WORDS)
_TARGET = _folded(TARGET_WORDS)
_PCT = _folded(PCT_WORDS)
_COUNT = _folded(COUNT_WORDS)


def _contains(text: str, word: str) -> bool:
    return f" {word} " in f" {text} "


def _longest(text: str, table: dict[str, tuple[str, ...]], coverage: float = 0.0) -> tuple[str | None, int]:
    best, length = None, 0
    for field, words in table.items():
        for word in words:
            if len(word) > length and len(word) >= coverage * len(text) and _contains(text, word):
                best, length = field, len(word)
    return best, length


@cache
def classify(header: str) -> HeaderMeaning:
    """Read a (flattened) header text. Indicators win over other fields: 'Số hộ có cửa hàng số'
    is a count of stores, not of households."""
    raw = str(header).strip()
    if not raw or len(raw) > MAX_HEADER_CHARS:
        return HeaderMeaning(None)
    text = fold(raw)
    if not text:
        return HeaderMeaning(None)
    indicator, _ = _longest(text, _INDICATORS)
    if indicator is None:
        # A name or role header is mostly the word itself: "UBND HUYỆN CAO LỘC" is a title line.
        field, _ = _longest(text, _FIELDS, FIELD_COVERAGE)
        return HeaderMeaning(field)
    return HeaderMeaning(
        indicator,
        cumulative=any(_contains(text, w) for w in _CUMULATIVE),
        daily=any(_contains(text, w) for w in _DAILY),
        target=any(_contains(text, w) for w in _TARGET),
        pct="%" in raw or any(_contains(text, w) for w in _PCT),
        count=(any(_contains(text, w) for w in _COUNT) or bool(_COUNT_NOTE.search(unicodedata.normalize("NFC", raw))))
        and "%" not in raw,
        scale=next((factor for word, factor in _SCALES if _contains(text, word)), 1.0),
    )


def indicator_in_text(text: str) -> str | None:
    """The indicator a sheet name or title line speaks of, if exactly one is named."""
    folded = fold(text)
    found = {field for field, words in _INDICATORS.items() if any(_contains(folded, w) for w in words)}
    return found.pop() if len(found) == 1 else None


def is_cumulative_text(text: str) -> bool:
    """True when a title or header part says the figures are cumulative ("Lũy kế")."""
    folded = fold(text)
    return any(_contains(folded, w) for w in _CUMULATIVE)
