"""hybrowser.core.figures: reading figures as written, their bounds, and how they are shown."""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hybrowser.core.figures import (
    DOUBLE_DIGIT_LOWER,
    QUALIFIER_WORDS,
    QUALIFIERS,
    ParsedFigure,
    bounds,
    format_figure,
    format_number,
    is_approximate,
    is_bound,
    parse_figure,
    unit_text,
)

# --- parse_figure ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("figure", "unit", "expected"),
    [
        ("135.2%", "%", ParsedFigure(135.2, "exact")),
        ("超过20%", "%", ParsedFigure(20.0, "more_than")),
        ("超过180亿元", "亿元", ParsedFigure(180.0, "more_than")),
        ("超过5300家", "家", ParsedFigure(5300.0, "more_than")),
        ("两位数", "%", ParsedFigure(None, "double_digit")),
        ("接近7亿元", "亿元", ParsedFigure(7.0, "nearly")),
        ("约50平方公里", "km²", ParsedFigure(50.0, "approx")),
        ("30余家", "家", ParsedFigure(30.0, "odd")),
        ("10%以上", "%", ParsedFigure(10.0, "at_least")),
        ("7.26亿元", "亿元", ParsedFigure(7.26, "exact")),
        ("23公里", "km", ParsedFigure(23.0, "exact")),
        # 万 is a multiplier unless the unit itself starts with it.
        ("600万套", "套", ParsedFigure(6_000_000.0, "exact")),
        ("1.5万亿元", "亿元", ParsedFigure(15_000.0, "exact")),
        ("3亿", "元", ParsedFigure(300_000_000.0, "exact")),
        # Chinese numerals, ranks and counters.
        ("第二", "位", ParsedFigure(2.0, "exact")),
        ("居全省第三", "位", ParsedFigure(3.0, "exact")),
        ("两批", "批", ParsedFigure(2.0, "exact")),
        ("十四条", "条", ParsedFigure(14.0, "exact")),
        ("十条", "条", ParsedFigure(10.0, "exact")),
        ("二十个", "个", ParsedFigure(20.0, "exact")),
    ],
)
def test_parse_figure(figure: str, unit: str, expected: ParsedFigure) -> None:
    assert parse_figure(figure, unit) == expected


def test_parse_figure_more_than_is_never_exact() -> None:
    parsed = parse_figure("超过20%", "%")
    assert parsed.qualifier == "more_than"
    assert bounds(parsed.value, parsed.qualifier) == (20.0, None)


def test_parse_figure_without_a_number() -> None:
    assert parse_figure("若干", "个").value is None
    assert parse_figure("", "").value is None


@pytest.mark.parametrize("word", sorted(QUALIFIER_WORDS))
def test_every_qualifier_word_is_a_known_qualifier(word: str) -> None:
    assert QUALIFIER_WORDS[word] in QUALIFIERS
    assert parse_figure(f"{word}5", "").qualifier == QUALIFIER_WORDS[word]


@pytest.mark.parametrize(
    ("figure", "unit", "value"),
    [
        ("-3.5%", "%", -3.5),
        ("-12亿元", "亿元", -12.0),
    ],
)
def test_parse_figure_keeps_the_minus_sign(figure: str, unit: str, value: float) -> None:
    # A negative growth rate written with a minus is negative; reading 3.5 would pass the
    # build's value-vs-figure check with the wrong sign.
    assert parse_figure(figure, unit).value == value


def test_parse_figure_reads_thousands_separators() -> None:
    # format_number writes 6,000,000; the bulletin style "1,865个" must read as 1865, not 1.
    assert parse_figure("1,865个", "个").value == 1865.0


# --- bounds ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "qualifier", "expected"),
    [
        (135.2, "exact", (135.2, 135.2)),
        (20.0, "more_than", (20.0, None)),
        (10.0, "at_least", (10.0, None)),
        (30.0, "odd", (30.0, None)),
        (None, "double_digit", (DOUBLE_DIGIT_LOWER, None)),
        (7.0, "nearly", (None, 7.0)),
        (50.0, "approx", (None, None)),
        (None, "exact", (None, None)),
        (-3.5, "exact", (-3.5, -3.5)),
        # A qualifier qualifies the size written: 下降超过3.5% (−3.5) is below −3.5,
        # 下降不足1% (−1) above −1, 下降接近7% (−7) at or above −7.
        (-3.5, "more_than", (None, -3.5)),
        (-30.0, "odd", (None, -30.0)),
        (-1.0, "less_than", (-1.0, None)),
        (-7.0, "nearly", (-7.0, None)),
        (5.0, "less_than", (None, 5.0)),
    ],
)
def test_bounds(value: float | None, qualifier: str, expected: tuple) -> None:
    assert bounds(value, qualifier) == expected


@given(
    value=st.floats(allow_nan=False, allow_infinity=False),
    qualifier=st.sampled_from(QUALIFIERS),
)
@settings(max_examples=200, deadline=None)
def test_bounds_contain_the_value(value: float, qualifier: str) -> None:
    lower, upper = bounds(value, qualifier)
    if qualifier == "double_digit":
        assert (lower, upper) == (DOUBLE_DIGIT_LOWER, None)
        return
    assert lower is None or lower <= value
    assert upper is None or value <= upper
    assert (lower is not None and upper is not None) == (qualifier == "exact")


def test_is_bound_and_is_approximate_partition_the_qualifiers() -> None:
    assert {q for q in QUALIFIERS if is_bound(q)} == {"more_than", "at_least", "double_digit", "odd"}
    assert {q for q in QUALIFIERS if is_approximate(q)} == {"approx", "nearly"}
    assert not is_bound(None)
    assert not is_approximate("exact")


# --- format_number --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (135.2, "135.2"),
        (7.26, "7.26"),
        (20.0, "20"),
        (6_000_000.0, "6,000,000"),
        (1865.0, "1,865"),
        (0.0, "0"),
        (-0.0, "0"),
        (-3.5, "−3.5"),
        (-1234.5, "−1,234.5"),
        (-7.0, "−7"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(("value", "text"), [(math.nan, "NaN"), (math.inf, "∞"), (-math.inf, "−∞")])
def test_format_number_non_finite(value: float, text: str) -> None:
    assert format_number(value) == text


def test_format_number_huge_and_tiny_stay_short() -> None:
    assert format_number(1e300) == "1e+300"
    assert format_number(1e-7) == "1e-07"
    assert format_number(2.5e20) == "2.5e+20"


@given(st.floats(allow_nan=False, allow_infinity=False))
@settings(max_examples=200, deadline=None)
def test_format_number_reads_back(value: float) -> None:
    text = format_number(value)
    assert float(text.replace(",", "").replace("−", "-")) == pytest.approx(value, rel=1e-5, abs=0.0)


# --- format_figure --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((None, "double_digit", "%"), "≥10%"),
        ((135.2, "exact", "%"), "135.2%"),
        ((180.0, "more_than", "亿元"), ">180 亿元"),
        ((7.0, "nearly", "亿元"), "≈7 亿元"),
        ((50.0, "approx", "km²"), "≈50 km²"),
        ((10.0, "at_least", "%"), "≥10%"),
        ((2.0, "exact", "位", "zh", "rank", "全省"), "全省第2"),
        ((3.0, "exact", "", "zh", "rank", "全市"), "全市第3"),
        # A rank whose benchmark is not known does not claim one.
        ((2.0, "exact", "位"), "第2"),
        ((30.0, "odd", "家"), "30余 家"),
        ((6_000_000.0, "exact", "套"), "6,000,000 套"),
        ((23.0, "exact", "km"), "23 km"),
        ((120.0, None, "个"), "120 个"),
        ((-3.5, "exact", "%"), "−3.5%"),
        # The sign says which side of the number the value is on: a fall of more than 12 is <−12.
        ((-12.0, "more_than", "亿元"), "<−12 亿元"),
        ((-10.0, "at_least", "%"), "≤−10%"),
        ((-1.0, "less_than", "%"), ">−1%"),
        ((-7.0, "nearly", "%"), "≈−7%"),
        ((5.0, "less_than", "%"), "<5%"),
        ((-1.0, "exact", "个百分点", "zh", "pp_change", None, "1.0个百分点"), "−1.0 个百分点"),
        ((1.7, "exact", "个百分点", "zh", "pp_gap", "全省", "1.7个百分点"), "1.7 个百分点"),
        ((None, "exact", "ratio", "zh", "structure", None, "11.6:33.9:54.5"), "11.6:33.9:54.5"),
        ((None, "exact", "ratio", "zh", "structure"), ""),
        ((50.3, "exact", "index", "zh", "index"), "50.3"),
        # The decimals as written, where the written number is the value's ...
        ((10.0, "exact", "%", "zh", "growth_yoy", None, "10.0%"), "10.0%"),
        # ... not where the figure is scaled (600万套) or states another number.
        ((6_000_000.0, "exact", "套", "zh", None, None, "600.0万套"), "6,000,000 套"),
        ((None, "exact", "%"), ""),
        ((None, "approx", "亿元"), ""),
    ],
)
def test_format_figure_zh(args: tuple, text: str) -> None:
    assert format_figure(*args) == text


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((7.0, "nearly", "亿元", "en"), "≈7 ×10⁸ yuan"),
        ((180.0, "more_than", "亿元", "en"), ">180 ×10⁸ yuan"),
        ((2.0, "exact", "位", "en", "rank", "全省"), "No. 2 in the province"),
        ((3.0, "exact", "位", "en", "rank", "全市"), "No. 3 in the city"),
        ((1.0, "exact", "位", "en", "rank", "A类市州"), "No. 1 in A类市州"),
        ((2.0, "exact", "位", "en"), "No. 2"),
        ((-3.5, "exact", "%", "en"), "−3.5%"),
        ((5.0, "less_than", "%", "en"), "<5%"),
        ((-0.5, "exact", "个百分点", "en", "pp_gap", "全省", "0.5个百分点"), "−0.5 percentage points"),
        ((None, "exact", "ratio", "en", "structure", None, "11.6:33.9:54.5"), "11.6:33.9:54.5"),
        ((120.0, "exact", "户", "en"), "120 households"),
        ((3.2, "exact", "万元", "en"), "3.2 ×10⁴ yuan"),
        ((30.0, "odd", "家", "en"), ">30 firms"),
        ((5300.0, "more_than", "家", "en"), ">5,300 firms"),
        ((6_000_000.0, "exact", "套", "en"), "6,000,000 units"),
        ((20.0, "exact", "天", "en"), "20 days"),
        ((2.0, "exact", "批", "en"), "2 batches"),
        ((14.0, "exact", "条", "en"), "14"),
        ((None, "double_digit", "%", "en"), "≥10%"),
        ((23.0, "exact", "km", "en"), "23 km"),
    ],
)
def test_format_figure_en(args: tuple, text: str) -> None:
    assert format_figure(*args) == text


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("qualifier", QUALIFIERS)
@pytest.mark.parametrize("unit", ["%", "亿元", "位", ""])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_format_figure_non_finite_does_not_crash(value: float, qualifier: str, unit: str, lang: str) -> None:
    text = format_figure(value, qualifier, unit, lang)
    assert format_number(value) in text


def test_unit_text() -> None:
    assert unit_text("亿元", "zh") == "亿元"
    assert unit_text("亿元", "en") == "×10⁸ yuan"
    assert unit_text("km²", "en") == "km²"
    assert unit_text(None, "en") == ""
    assert unit_text("个", "en") == ""
    assert unit_text("ratio", "zh") == unit_text("index", "en") == ""


def test_every_allowed_unit_has_its_english_text_in_one_place(repo_root) -> None:
    """The figures' English units are the unit codes' English labels (one table, CODE_LABELS)."""
    import csv

    from hybrowser.core.labels import CODE_LABELS

    with (repo_root / "resources" / "meta" / "columns.csv").open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if (r["table"], r["column"]) == ("indicators", "unit"))
    units = row["allowed"].split("|")
    chinese = re.compile("[\u4e00-\u9fff]")
    # Units that are their own English (%, km²) need no entry; every Chinese one needs one.
    assert [u for u in units if chinese.search(u) and u not in CODE_LABELS] == []
    for unit in units:
        shown = unit_text(unit, "en")
        assert not chinese.search(shown), (unit, shown)
        if shown:
            assert shown == CODE_LABELS.get(unit, (unit, unit))[1]


@given(
    value=st.floats(min_value=0, max_value=1e12, allow_nan=False).map(lambda v: round(v, 2)),
    qualifier=st.sampled_from([q for q in QUALIFIERS if q not in ("double_digit", "odd")]),
)
@settings(max_examples=200, deadline=None)
def test_format_figure_shows_the_stated_number(value: float, qualifier: str) -> None:
    text = format_figure(value, qualifier, "亿元")
    assert format_number(value) in text
    assert text.endswith("亿元")
    if qualifier == "exact":
        assert text == f"{format_number(value)} 亿元"
