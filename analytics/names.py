"""Normalise Vietnamese place names so that the spellings people type match each other."""

from __future__ import annotations

import re
import unicodedata

# Administrative prefixes, longest first so "Thị trấn" wins over "Thị". A word matches a prefix
# word when it is spelt the same (any case), or typed without any diacritics.
UNIT_PREFIXES = (
    "thành phố", "thị trấn", "thị xã", "tổ dân phố", "khối phố", "khu phố",
    "huyện", "quận", "phường", "xã", "thôn", "bản", "khối", "xóm", "tổ", "tỉnh",
)

# Combining tone marks: their position inside a syllable differs between the old (hoà) and
# new (hòa) spelling rules, so keys carry the tone at the end of the syllable instead.
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ROMAN = re.compile(r"^(i|ii|iii|iv|v|vi|vii|viii|ix|x)$")


def _syllable_key(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    tones = [c for c in decomposed if c in _TONES]
    base = "".join(c for c in decomposed if c not in _TONES)
    return unicodedata.normalize("NFC", base + "".join(tones))


def fold(text: str) -> str:
    """Lower case, no diacritics, đ -> d, single spaces: 'Hòa  Bình' -> 'hoa binh'."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("Đ", "D").replace("đ", "d"))
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(re.sub(r"[^0-9a-zA-Z]+", " ", stripped).lower().split())


def _is_prefix_word(word: str, prefix_word: str, typed_without_diacritics: bool) -> bool:
    word = unicodedata.normalize("NFC", word).lower()
    if word == prefix_word:
        return True
    return typed_without_diacritics and word == fold(prefix_word)


def strip_prefix(name: str) -> str:
    """'Xã Vạn Linh' -> 'Vạn Linh'; a name that is only a prefix and a number keeps both words.

    A word spelt without diacritics counts as a prefix only when the whole name is, so that
    'Quan Sơn' keeps 'Quan' while 'xa Van Linh' loses 'xa'.
    """
    words = str(name).split()
    ascii_name = str(name).isascii()
    for prefix in UNIT_PREFIXES:
        parts = prefix.split()
        if len(words) > len(parts) and all(_is_prefix_word(w, p, ascii_name) for w, p in zip(words, parts)):
            if len(words) == len(parts) + 1 and words[-1].isdigit():
                return " ".join(words)
            return " ".join(words[len(parts):])
    return " ".join(words)


def name_key(name: str) -> str:
    """Exact matching key: prefix dropped, NFC, lower case, tone position normalised."""
    text = unicodedata.normalize("NFC", strip_prefix(name)).lower()
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(_syllable_key(s) for s in text.split())


def loose_key(name: str) -> str:
    """Matching key for names typed without diacritics: prefix dropped, folded to ASCII."""
    return fold(strip_prefix(name))


def is_roman_numeral(word: str) -> bool:
    return bool(_ROMAN.match(fold(word)))


def zalo_token(name: str) -> str:
    """'Kiên Mộc' -> 'KienMoc' (the Zalo group naming convention)."""
    return "".join(w.capitalize() for w in fold(strip_prefix(name)).split())


def zalo_group_name(commune: str, district: str | None, partner: str) -> str:
    """KTS_<Xã>_<Huyện>_<Viettel|Buudien>, as the department's letter 1966/STTTT-CNTT asks; on a
    hierarchy without districts (since 1/7/2025) KTS_<Xã>_<Viettel|Buudien>, commune names being
    unique in a province."""
    suffix = "Viettel" if partner == "viettel" else "Buudien"
    if not district:
        return f"KTS_{zalo_token(commune)}_{suffix}"
    return f"KTS_{zalo_token(commune)}_{zalo_token(district)}_{suffix}"
