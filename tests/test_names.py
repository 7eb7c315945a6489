"""Place names match whatever way people spell them, and stay distinct where they differ."""

import unicodedata

import pytest

from analytics.names import loose_key, name_key, strip_prefix, zalo_group_name


@pytest.mark.parametrize("spelling", ["Xã Hòa Bình", "Hoà Bình", "HÒA BÌNH", "hòa bình",
                                      unicodedata.normalize("NFD", "Xã Hoà Bình")])
def test_spellings_of_hoa_binh_share_a_key(spelling):
    assert name_key(spelling) == name_key("Hòa Bình")


def test_missing_diacritics_match_loosely_only():
    assert loose_key("xa hoa binh") == loose_key("Xã Hòa Bình")
    assert name_key("xa hoa binh") != name_key("Xã Hòa Bình")


def test_roman_numerals_stay_part_of_the_name():
    assert name_key("Thôn Bắc Đông I") != name_key("Thôn Bắc Đông II")
    assert loose_key("Bac Dong I") != loose_key("Bac Dong II")


@pytest.mark.parametrize(("name", "short"), [
    ("Thành phố Lạng Sơn", "Lạng Sơn"), ("Lạng Sơn", "Lạng Sơn"), ("Thị trấn Đồng Mỏ", "Đồng Mỏ"),
    ("Tổ dân phố Hoàng Văn Thụ", "Hoàng Văn Thụ"), ("Khối 3", "Khối 3"), ("thon Pho Cu", "Pho Cu"),
])
def test_prefixes_are_dropped_but_not_from_names(name, short):
    assert strip_prefix(name) == short


def test_zalo_group_name_convention():
    assert zalo_group_name("Xã Kiên Mộc", "Huyện Đình Lập", "viettel") == "KTS_KienMoc_DinhLap_Viettel"
    assert zalo_group_name("Vạn Linh", "Chi Lăng", "vnpost") == "KTS_VanLinh_ChiLang_Buudien"


def test_a_name_that_starts_like_a_prefix_keeps_its_first_word():
    assert strip_prefix("Xã Quan Sơn") == "Quan Sơn"
    assert name_key("Quan Sơn") != name_key("Sơn")
    assert strip_prefix("Ban Chang") == "Chang"          # typed without diacritics: read as "Bản"
    assert strip_prefix("Bàn Chang") == "Bàn Chang"
