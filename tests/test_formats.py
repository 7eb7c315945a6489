"""Vietnamese number and date formats."""

import datetime as dt

from analytics import vnformat


def test_numbers_and_percentages():
    assert vnformat.number(1234567) == "1.234.567"
    assert vnformat.number(320.5, 1) == "320,5"
    assert vnformat.percent(60.123) == "60,1 %"
    assert vnformat.number(float("nan")) == "–"
    assert vnformat.signed(-1234) == "−1.234"


def test_dates():
    assert vnformat.date(dt.date(2021, 12, 31)) == "31/12/2021"
    assert vnformat.date(dt.date(2021, 8, 3)) == "03/08/2021"
    assert vnformat.long_date(dt.date(2021, 12, 31), "Lạng Sơn") == "Lạng Sơn, ngày 31 tháng 12 năm 2021"
    assert vnformat.long_date(dt.date(2021, 8, 4)) == "ngày 04 tháng 8 năm 2021"
