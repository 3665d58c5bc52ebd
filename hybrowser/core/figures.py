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

from hybrowser.core.labels import benchmark_text, code_label
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

# A negative value's sign seen from the other side of zero: a fall of more than 5 is <−5.
_MIRRORED = str.maketrans("<>≤≥", "><≥≤")

_MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}

# Units shown with no word after the number: a count of 个 or 条 reads as a bare number in
# English, a rank says "No. 2" instead, a structure or an index has no unit to name. Every
# other unit is shown in English as CODE_LABELS names it (one table for cells and figures).
_NO_UNIT_WORD = {"zh": frozenset({"ratio", "index"}), "en": frozenset({"个", "条", "位", "ratio", "index"})}
# Units written right after the number; every other unit after a space (180 亿元, 1.0 个百分点).
_ATTACHED_UNITS = ("%", "°")

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
    """The lower and upper bound that follow from a qualifier; None where the text gives none.

    A qualifier qualifies the figure as written, which is a size: "下降超过5%" is stored as −5
    and means a fall of more than 5, so below −5; for a negative value the bounds swap sides.
    """
    if qualifier == "double_digit":
        return DOUBLE_DIGIT_LOWER, None
    if value is None:
        return None, None
    if qualifier == "exact":
        return value, value
    if qualifier in ("more_than", "at_least", "odd"):
        beyond, short = value, None  # at least this size
    elif qualifier in ("nearly", "less_than"):
        beyond, short = None, value  # at most this size
    else:
        return None, None  # approx: the text gives no bound on either side
    return (short, beyond) if value < 0 else (beyond, short)


def is_bound(qualifier: str | None) -> bool:
    """True when the number is a bound rather than a stated value (≥, >)."""
    return qualifier in ("more_than", "at_least", "double_digit", "odd")


def is_upper_bound(qualifier: str | None) -> bool:
    """True when the number is a bound the value stays below (不足5亿元: <5)."""
    return qualifier == "less_than"


def qualifier_sign(qualifier: str | None) -> str:
    """The sign put before a number for its qualifier: '>' for more_than, '≥', '≈'; '' when exact."""
    return _SIGNS.get(qualifier or "exact", "")


def is_approximate(qualifier: str | None) -> bool:
    return qualifier in ("approx", "nearly")


def stored_number(value: object, *, parse_text: bool = True, allow_infinite: bool = False) -> float | None:
    """A stored value as a float: None for NULL, empty text, a flag and NaN; for ±∞ unless allow_infinite
    (a cell shows ∞%, a chart or map cannot place it); for text unless parse_text (a chart never draws
    text found in a number column)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str) and not parse_text:
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(number) or (math.isinf(number) and not allow_infinite):
        return None
    return number


def format_number(value: float, decimals: int | None = None) -> str:
    """A number as stated: 135.2, 7.26, 6,000,000, −3.5; no trailing .0, thousands separated.

    decimals: as many as the bulletin wrote ("1.0个百分点" → 1.0), where the caller knows.
    Negative numbers take a true minus sign (U+2212), as the typeset ∞ does.
    """
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if decimals is not None:
        text = f"{value:,.{decimals}f}"
    elif value == int(value) and abs(value) < 1e15:
        text = f"{int(value):,}"
    elif "e" in repr(value):
        text = f"{value:.6g}"
    else:
        text = f"{value:,.{len(repr(value).split('.')[1])}f}"
    return "−" + text[1:] if text.startswith("-") else text


def written_decimals(figure: str | None, value: float) -> int | None:
    """The decimals of the number written in figure, if that number is ±value ("1.0个百分点" → 1)."""
    match = _ARABIC.search(figure or "")
    if not match:
        return None
    written = match.group(1).replace(",", "").replace("−", "-")
    if abs(abs(float(written)) - abs(value)) > 1e-9:  # 600万套: the stated number is scaled
        return None
    return len(written.partition(".")[2])


def plain_number(value: float) -> str:
    """A number as plain text for other programs: '.' decimals, no separators, 408 not 408.0."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def unit_text(unit: str | None, lang: str) -> str:
    """A unit as shown after a number: 亿元 / ×10⁸ yuan; '' for a unit with no word (个 in English)."""
    if not unit or unit in _NO_UNIT_WORD.get(lang, _NO_UNIT_WORD["zh"]):
        return ""
    return code_label(unit, lang)


def format_figure(
    value: float | None,
    qualifier: str | None = "exact",
    unit: str | None = "",
    lang: str = "zh",
    measure: str | None = None,
    benchmark: str | None = None,
    figure: str | None = None,
) -> str:
    """Display text of a figure with its qualifier and unit; '' when there is nothing to show.

    benchmark: what a rank is in (全市第3; none given, none said); figure: the figure as the
    bulletin wrote it, for its decimals (1.0 stays 1.0) and for a structure (11.6:33.9:54.5),
    which states no single value.
    """
    qualifier = qualifier or "exact"
    if qualifier == "double_digit" and value is None:
        value = DOUBLE_DIGIT_LOWER
    if value is None:
        return (figure or "") if (unit == "ratio" or measure == "structure") else ""
    number = format_number(value, written_decimals(figure, value) if math.isfinite(value) else None)
    sign = qualifier_sign(qualifier)
    if value < 0:  # a fall of more than 5 is below −5: <−5% (see bounds)
        sign = sign.translate(_MIRRORED)
    if measure == "rank" or unit == "位":
        place = benchmark_text(benchmark, lang) if benchmark else ""
        if lang == "zh":
            return f"{sign}{place}第{number}"
        return f"{sign}No. {number} in {place}" if place else f"{sign}No. {number}"
    if qualifier == "odd" and lang == "zh":
        return with_unit(f"{number}余", unit_text(unit, lang))
    return with_unit(f"{sign}{number}", unit_text(unit, lang))


def with_unit(number: str, unit: str) -> str:
    """A number and its unit as shown: 135.2% but 180 亿元, 1.0 个百分点; the number alone without one."""
    if unit in _ATTACHED_UNITS:
        return f"{number}{unit}"
    return f"{number} {unit}".rstrip()
