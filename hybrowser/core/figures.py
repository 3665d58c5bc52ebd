"""Figures as the bulletin states them: parsing what is written, bounds, and display text.

One place decides what a qualifier means. "超过20%" is more than 20, never 20;
"两位数增长" is at least 10 with no exact value; "接近7亿元" is approximately 7.
The build uses the parser to check every figure against its quote; the UI uses
the formatter to show it (≥10%, >180 亿元, ≈7 亿元, 全省第2).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from hybrowser.core.normalize import normalize
from hybrowser.core.numerals import NUMERAL_CHARS, NUMERAL_START, chinese_number, tenths_percent

# Words in a bulletin that carry a qualifier, and the qualifier they mean; the first
# found wins, so longer words come before the words they contain (超过 before 超, 过).
QUALIFIER_WORDS = {
    "两位数": "double_digit",
    "上百": "at_least",
    "上千": "at_least",
    "上万": "at_least",
    "超过": "more_than",
    "不少于": "at_least",
    "不低于": "at_least",
    "不足": "less_than",
    "不到": "less_than",
    "少于": "less_than",
    "接近": "nearly",
    "将近": "nearly",
    "左右": "approx",
    "大约": "approx",
    "约": "approx",
    "逾": "more_than",
    "突破": "more_than",
    "超": "more_than",
    "过": "more_than",
    "近": "nearly",
    "以上": "at_least",
    "余": "odd",
    "多": "odd",
}

QUALIFIERS = ("exact", "approx", "nearly", "more_than", "at_least", "less_than", "double_digit", "odd")

# Words before a figure that make it negative: "下降3.5%" is −3.5, "低于全省0.5个百分点" −0.5.
FALLING_WORDS = ("下降", "减少", "回落", "降低", "下滑", "下跌", "低于", "低", "慢", "收缩", "回调", "降幅")

# Display signs put before the number.
_SIGNS = {
    "exact": "",
    "approx": "≈",
    "nearly": "≈",
    "more_than": ">",
    "at_least": "≥",
    "less_than": "<",
    "double_digit": "≥",
    "odd": ">",
}

_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}

# Units in English. 亿 is 10^8: written as such rather than converted, so the
# number shown is the number stated.
_UNITS_EN = {
    "亿元": "×10⁸ yuan",
    "个": "",
    "家": "firms",
    "条": "",
    "套": "units",
    "批": "batches",
    "天": "days",
    "位": "",
    "个百分点": "percentage points",
    "万元": "×10⁴ yuan",
    "元": "yuan",
    "亿美元": "×10⁸ US$",
    "万美元": "×10⁴ US$",
    "户": "households",
    "人": "persons",
    "人次": "person-times",
    "万户": "×10⁴ households",
    "万人": "×10⁴ persons",
    "万人次": "×10⁴ person-times",
    "吨": "t",
    "万吨": "×10⁴ t",
    "亿吨公里": "×10⁸ t·km",
    "倍": "times",
    "项": "items",
    "亩": "mu",
    "万亩": "×10⁴ mu",
    "平方米": "m²",
    "万平方米": "×10⁴ m²",
    "公里": "km",
    "平方公里": "km²",
    "亿千瓦时": "×10⁸ kWh",
    "个月": "months",
    "ratio": "",
    "index": "",
}

DOUBLE_DIGIT_LOWER = 10.0


@dataclass(frozen=True)
class ParsedFigure:
    """What a figure as written says: its number (if any) and qualifier."""

    value: float | None
    qualifier: str


_ARABIC = re.compile(r"([-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([万亿]?)")


def parse_figure(figure: str, unit: str = "") -> ParsedFigure:
    """Read a figure as written: '超过20%' → (20, more_than), '600万套' → 6e6, '7亿元' in 亿元 → 7.

    Chinese numerals are read too: '十四个' → 14, '八成以上' in % → (80, at_least), '第二' → 2.
    A structure (11.6:33.9:54.5, unit 'ratio') states no single number.
    """
    # ３９．１亿元 is 39.1亿元: full-width forms read as ASCII.
    figure = normalize(figure)
    qualifier = "exact"
    for word, meaning in QUALIFIER_WORDS.items():
        if word in figure:
            qualifier = meaning
            break
    if qualifier == "double_digit" or unit == "ratio":
        return ParsedFigure(None, qualifier)
    match = _ARABIC.search(figure)
    if match:
        multiplier = match.group(2)
        # In "7亿元" the 亿 belongs to the unit 亿元, not to the number.
        scale = 1 if unit.startswith(multiplier) else _MULTIPLIERS.get(multiplier, 1)
        value = float(match.group(1).replace(",", "").replace("−", "-")) * scale
        if any(word in figure for word in FALLING_WORDS):
            value = -abs(value)
        return ParsedFigure(value, qualifier)
    return ParsedFigure(_chinese_figure(figure, unit), qualifier)


_CHINESE_FIGURE = re.compile(f"[{NUMERAL_START}][{NUMERAL_CHARS}]*成?|[百千]")


def _chinese_figure(figure: str, unit: str) -> float | None:
    """The number of a figure written in Chinese numerals: 十四个 → 14, 三成 → 30, 两千万元 in 亿元."""
    match = _CHINESE_FIGURE.search(figure.removeprefix("第"))
    if not match:
        return None
    text = match.group()
    if text in ("百", "千"):
        text = "一" + text  # 近百家, 上千人
    if text.endswith("成"):
        return tenths_percent(text)
    # "两千万元" in 万元: the 万 belongs to the unit.
    if text[-1] in _MULTIPLIERS and unit.startswith(text[-1]) and len(text) > 1:
        text = text[:-1]
    return chinese_number(text)


def bounds(value: float | None, qualifier: str) -> tuple[float | None, float | None]:
    """The lower and upper bound that follow from a qualifier; None where the text gives none."""
    if qualifier == "double_digit":
        return DOUBLE_DIGIT_LOWER, None
    if value is None:
        return None, None
    if qualifier == "exact":
        return value, value
    if qualifier in ("more_than", "at_least", "odd"):
        return value, None
    if qualifier in ("nearly", "less_than"):
        return None, value
    return None, None  # approx: the text gives no bound on either side


def is_bound(qualifier: str | None) -> bool:
    """True when the number is a bound rather than a stated value (≥, >)."""
    return qualifier in ("more_than", "at_least", "double_digit", "odd")


def is_approximate(qualifier: str | None) -> bool:
    return qualifier in ("approx", "nearly")


def format_number(value: float) -> str:
    """A number as stated: 135.2, 7.26, 6,000,000; no trailing .0, thousands separated."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    text = repr(value)
    if "e" in text:
        return f"{value:.6g}"
    decimals = len(text.split(".")[1])
    return f"{value:,.{decimals}f}"


def unit_text(unit: str | None, lang: str) -> str:
    if not unit:
        return ""
    return _UNITS_EN.get(unit, unit) if lang == "en" else unit


def format_figure(
    value: float | None,
    qualifier: str | None = "exact",
    unit: str | None = "",
    lang: str = "zh",
    measure: str | None = None,
    benchmark: str | None = None,
) -> str:
    """Display text of a figure with its qualifier and unit; '' when there is nothing to show.

    A rank names what it is ranked in: 全市第2 where the benchmark is 全市, else 全省.
    """
    qualifier = qualifier or "exact"
    if qualifier == "double_digit" and value is None:
        value = DOUBLE_DIGIT_LOWER
    if value is None:
        return ""
    number = format_number(value)
    sign = _SIGNS.get(qualifier, "")
    if measure == "rank" or unit == "位":
        scope = benchmark or "全省"
        if lang == "zh":
            return f"{sign}{scope}第{number}"
        return f"{sign}No. {number} in {'city' if scope == '全市' else 'province'}"
    if qualifier == "odd" and lang == "zh":
        return f"{number}余 {unit}".rstrip()
    shown_unit = unit_text(unit, lang)
    if shown_unit in ("%", "°"):
        return f"{sign}{number}{shown_unit}"
    return f"{sign}{number} {shown_unit}".rstrip()
