"""Vietnamese number and date formats: 1.234.567 · 60,1 % · 31/12/2021."""

from __future__ import annotations

import datetime as dt
import math


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, decimals: int = 0) -> str:
    """1234567 -> '1.234.567'; 320.5 with decimals=1 -> '320,5'; missing -> '–'."""
    if _missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u00a0").replace(".", ",").replace("\u00a0", ".")


def percent(value, decimals: int = 1) -> str:
    """60.12 -> '60,1 %' (value already in 0–100)."""
    if _missing(value):
        return "–"
    return f"{number(value, decimals)} %"


def date(value: dt.date | dt.datetime | None) -> str:
    """date(2021, 12, 31) -> '31/12/2021'."""
    if value is None:
        return "–"
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def datetime(value: dt.datetime | None) -> str:
    """'31/12/2021 17:05'."""
    if value is None:
        return "–"
    return f"{date(value)} {value.hour:02d}:{value.minute:02d}"


def long_date(value: dt.date, place: str | None = None) -> str:
    """'ngày 31 tháng 12 năm 2021', with 'Lạng Sơn, ' in front when a place is given."""
    text = f"ngày {value.day:02d} tháng {value.month} năm {value.year}"
    return f"{place}, {text}" if place else text


def signed(value, decimals: int = 0) -> str:
    """+1.234 / −56 (for deltas)."""
    if _missing(value):
        return "–"
    sign = "+" if value > 0 else ("−" if value < 0 else "")
    return f"{sign}{number(abs(value), decimals)}"
