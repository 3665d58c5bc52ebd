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

# Words in the bulletin that carry a qualifier, and the qualifier they mean.
QUALIFIER_WORDS = {
    "超过": "more_than",
    "接近": "nearly",
    "约": "approx",
    "以上": "at_least",
    "余": "odd",
    "两位数": "double_digit",
}

QUALIFIERS = ("exact", "approx", "nearly", "more_than", "at_least", "double_digit", "odd")

# Display signs put before the number.
_SIGNS = {
    "exact": "",
    "approx": "≈",
    "nearly": "≈",
    "more_than": ">",
    "at_least": "≥",
    "double_digit": "≥",
    "odd": ">",
}

_CHINESE_DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
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
}

DOUBLE_DIGIT_LOWER = 10.0


@dataclass(frozen=True)
class ParsedFigure:
    """What a figure as written says: its number (if any) and qualifier."""

    value: float | None
    qualifier: str


def _chinese_number(text: str) -> float | None:
    """Small Chinese numerals as used in the bulletin (二, 两, 十四); None if not one."""
    if not text or any(c not in _CHINESE_DIGITS for c in text):
        return None
    if len(text) == 1:
        return float(_CHINESE_DIGITS[text])
    if "十" in text:
        tens, _, ones = text.partition("十")
        return float((_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0))
    return None


_ARABIC = re.compile(r"([-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([万亿]?)")
# Words that make a growth figure negative: "下降3.5%" is −3.5.
_FALLING = ("下降", "减少", "回落")


def parse_figure(figure: str, unit: str = "") -> ParsedFigure:
    """Read a figure as written: '超过20%' → (20, more_than), '600万套' → 6e6, '7亿元' in 亿元 → 7."""
    qualifier = "exact"
    for word, meaning in QUALIFIER_WORDS.items():
        if word in figure:
            qualifier = meaning
            break
    if qualifier == "double_digit":
        return ParsedFigure(None, qualifier)
    match = _ARABIC.search(figure)
    if match:
        multiplier = match.group(2)
        # In "7亿元" the 亿 belongs to the unit 亿元, not to the number.
        scale = 1 if unit.startswith(multiplier) else _MULTIPLIERS.get(multiplier, 1)
        value = float(match.group(1).replace(",", "").replace("−", "-")) * scale
        if any(word in figure for word in _FALLING):
            value = -abs(value)
        return ParsedFigure(value, qualifier)
    core = figure.removeprefix("第").removeprefix("居全省第")
    core = re.sub(r"[个家条套批天位名]$", "", core)
    return ParsedFigure(_chinese_number(core), qualifier)


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
    if qualifier == "nearly":
        return None, value
    return None, None  # approx: the text gives no bound on either side


def is_bound(qualifier: str | None) -> bool:
    """True when the number is a bound rather than a stated value (≥, >)."""
    return qualifier in ("more_than", "at_least", "double_digit", "odd")


def qualifier_sign(qualifier: str | None) -> str:
    """The sign put before a number for its qualifier: '>' for more_than, '≥', '≈'; '' when exact."""
    return _SIGNS.get(qualifier or "exact", "")


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


def plain_number(value: float) -> str:
    """A number as plain text for other programs: '.' decimals, no separators, 408 not 408.0."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


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
) -> str:
    """Display text of a figure with its qualifier and unit; '' when there is nothing to show."""
    qualifier = qualifier or "exact"
    if qualifier == "double_digit" and value is None:
        value = DOUBLE_DIGIT_LOWER
    if value is None:
        return ""
    number = format_number(value)
    sign = qualifier_sign(qualifier)
    if measure == "rank" or unit == "位":
        return f"{sign}全省第{number}" if lang == "zh" else f"{sign}No. {number} in province"
    if qualifier == "odd" and lang == "zh":
        return f"{number}余 {unit}".rstrip()
    shown_unit = unit_text(unit, lang)
    if shown_unit in ("%", "°"):
        return f"{sign}{number}{shown_unit}"
    return f"{sign}{number} {shown_unit}".rstrip()
