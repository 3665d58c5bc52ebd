"""Chinese numerals and the figures written with them, read without the build."""

from __future__ import annotations

import pytest

from hybrowser.core import numerals
from hybrowser.core.figures import _chinese_figure, stored_number
from hybrowser.core.numerals import chinese_number, tenths_percent


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("零", 0), ("〇", 0), ("一", 1), ("二", 2), ("两", 2), ("三", 3), ("四", 4), ("五", 5),
        ("六", 6), ("七", 7), ("八", 8), ("九", 9), ("十", 10),
        ("十四", 14), ("二十", 20), ("三十五", 35), ("两十", 20), ("九十九", 99), ("十一", 11),
        ("一百", 100), ("一千二百", 1200), ("三万", 30000), ("两千", 2000), ("一百零五", 105),
        ("三点五", 3.5), ("十点五", 10.5), ("二十三万", 230000), ("一亿", 100_000_000),
    ],
)  # fmt: skip
def test_chinese_numerals(text, number):
    numerals._cn2an.cache_clear()
    assert chinese_number(text) == number
    assert isinstance(chinese_number(text), float)


@pytest.mark.parametrize("text", ["", "万", "亿", "百", "点", "几", "十几", "三x", "x三", "5", "三成"])
def test_not_numerals(text):
    assert chinese_number(text) is None


def test_tenths_percent():
    assert tenths_percent("五成") == 50
    assert tenths_percent("十成") == 100
    assert tenths_percent("成") is None


@pytest.mark.parametrize(
    ("figure", "unit", "number"),
    [
        ("十四个", "个", 14),
        ("第二", "位", 2),
        ("三成", "%", 30),
        ("八成以上", "%", 80),
        ("近百家", "家", 100),
        ("上千人", "人", 1000),
        ("两千万元", "万元", 2000),
        ("两千万元", "元", 20_000_000),
        ("三亿元", "亿元", 3),
        ("一万", "个", 10000),
        ("增长", "%", None),
        ("5个", "个", None),
    ],
)
def test_figures_in_chinese_numerals(figure, unit, number):
    assert _chinese_figure(figure, unit) == number


def test_stored_numbers():
    assert stored_number(None) is None
    assert stored_number(True) is None and stored_number(False) is None
    assert stored_number("") is None
    assert stored_number("3.5") == 3.5
    assert stored_number("3.5", parse_text=False) is None
    assert stored_number(float("nan")) is None
    assert stored_number(float("inf")) is None
    assert stored_number(float("-inf"), allow_infinite=True) == float("-inf")
    assert stored_number(7) == 7.0 and isinstance(stored_number(7), float)
    assert stored_number("abc") is None
    assert stored_number([1]) is None


# ---- figures shown -----------------------------------------------------------------------------

from hybrowser.core.figures import format_figure, parse_figure, written_decimals  # noqa: E402


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        ((5.8, "exact", "%"), "5.8%", "5.8%"),
        ((5.8, None, "%"), "5.8%", "5.8%"),
        ((20.0, "more_than", "%"), ">20%", ">20%"),
        ((-5.0, "more_than", "%"), "<−5%", "<−5%"),
        ((5.0, "less_than", "%"), "<5%", "<5%"),
        ((-5.0, "less_than", "%"), ">−5%", ">−5%"),
        ((10.0, "at_least", "%"), "≥10%", "≥10%"),
        ((7.0, "approx", "亿元"), "≈7 亿元", "≈7 ×10⁸ yuan"),
        ((7.0, "nearly", "亿元"), "≈7 亿元", "≈7 ×10⁸ yuan"),
        ((None, "double_digit", "%"), "≥10%", "≥10%"),
        ((300.0, "odd", "个"), "300余 个", ">300"),
        ((25.0, "exact", "个"), "25 个", "25"),
        ((3.0, "exact", "位"), "第3", "No. 3"),
        ((None, "exact", "%"), "", ""),
    ],
)
def test_figures_shown_in_both_languages(args, zh, en):
    assert format_figure(*args, lang="zh") == zh
    assert format_figure(*args, lang="en") == en


def test_a_rank_says_what_it_is_in():
    assert format_figure(3.0, "exact", "位", "zh", "rank", "全省") == "全省第3"
    assert format_figure(3.0, "exact", "", "zh", "rank", "全省") == "全省第3"
    assert format_figure(3.0, "exact", "位", "en", "rank", "全省") == "No. 3 in the province"
    assert format_figure(3.0, "exact", "位", "en", "rank", None) == "No. 3"


def test_a_figure_keeps_its_written_decimals():
    assert format_figure(1.0, "exact", "个百分点", "zh", figure="1.0个百分点") == "1.0 个百分点"
    assert format_figure(5.0, "exact", "%", "zh", figure="5.00%") == "5.00%"
    assert format_figure(-3.5, "exact", "%", "zh", figure="下降3.50%") == "−3.50%"
    assert format_figure(6e6, "exact", "套", "zh", figure="600万套") == "6,000,000 套"
    assert written_decimals("1.0个百分点", 1.0) == 1
    assert written_decimals("下降3.50%", -3.5) == 2
    assert written_decimals("600万套", 6e6) is None
    assert written_decimals("12", 12.0) == 0
    assert written_decimals(None, 1.0) is None
    assert written_decimals("1,234.5", 1234.5) == 1


def test_a_structure_shows_its_figure():
    assert format_figure(None, "exact", "ratio", "zh", figure="11.6:33.9:54.5") == "11.6:33.9:54.5"
    assert format_figure(None, "exact", "", "en", "structure", figure="1:2") == "1:2"
    assert format_figure(None, "exact", "ratio", "zh") == ""


@pytest.mark.parametrize(
    ("figure", "unit", "value", "qualifier"),
    [
        ("超过20%", "%", 20.0, "more_than"),
        ("600万套", "套", 6e6, "exact"),
        ("7亿元", "亿元", 7.0, "exact"),
        ("下降3.5%", "%", -3.5, "exact"),
        ("１２．５％", "%", 12.5, "exact"),
        ("1,234个", "个", 1234.0, "exact"),
        ("两位数", "%", None, "double_digit"),
        ("11.6:33.9:54.5", "ratio", None, "exact"),
        ("八成以上", "%", 80.0, "at_least"),
        ("十四个", "个", 14.0, "exact"),
        ("3亿元", "万元", 3e8, "exact"),
    ],
)
def test_figures_read(figure, unit, value, qualifier):
    parsed = parse_figure(figure, unit)
    assert (parsed.value, parsed.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("text", "number"),
    [("十", 10), ("三", 3), ("两", 2), ("十四", 14), ("二十", 20), ("三十五", 35), ("两十", 20)],
)
def test_common_numerals_are_read_without_cn2an(monkeypatch, text, number):
    # cn2an takes ~150 ms to import: tens and units are read by hand
    def refuse(_text):
        raise AssertionError("cn2an called")

    monkeypatch.setattr(numerals, "_cn2an", refuse)
    assert chinese_number(text) == number


@pytest.mark.parametrize("text", ["一百", "十点五", "三十五万", "一千二百"])
def test_other_numerals_go_to_cn2an(monkeypatch, text):
    monkeypatch.setattr(numerals, "_cn2an", lambda t: ("cn2an", t))
    assert chinese_number(text) == ("cn2an", text)
