"""Spreadsheet cells for a copy: an exact figure as a number with the format that shows it as the table does.

408 亿元 pastes as the number 408 formatted `0" 亿元"`, 135.2% as 1.352 formatted `0.0%`,
全省第2 as 2 formatted `"全省第"0`: SUM works and the cell still reads as in the window.
The format is derived from the text the table shows (hybrowser.core.figures made it), so
the two cannot disagree. Bounds and approximations (≥10%, >20%, ≈7 亿元) are never made
numbers: the caller passes no value for them and they stay text with their sign.

Each spreadsheet reads its own convention from the clipboard's HTML, so a cell carries both:
Excel and WPS read `x:num` and the CSS property `mso-number-format` (what Excel writes when
it copies), LibreOffice reads `sdval` and `sdnum` (what LibreOffice writes).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from decimal import Decimal

from hybrowser.core.figures import format_number, plain_number

#: sdnum's two languages (LibreOffice: the value's, then the format code's): en-US, in which
#: the codes below are written ('.' decimals, ',' thousands) whatever the user's locale.
_SDNUM_LANG = "1033;1033"


@dataclass(frozen=True)
class NumberCell:
    """A cell shown as `text` that holds `value` in the number format `code` (en-US syntax)."""

    text: str
    value: float
    code: str

    def html_attributes(self) -> str:
        """Its <td> attributes: x:num and mso-number-format for Excel/WPS, sdval/sdnum for LibreOffice."""
        value = plain_number(self.value)
        return f' x:num="{value}" sdval="{value}"' + _format_attributes(self.code)


@functools.lru_cache(maxsize=1024)
def _format_attributes(code: str) -> str:
    """sdnum and style for a format code (a copy has few distinct codes, and many cells)."""
    # As Excel writes it: style='mso-number-format:"0\.0%"' (a CSS string in a single-quoted attribute).
    style = _attribute(f'mso-number-format:"{_css_escape(code)}"', quote="'")
    return f" sdnum=\"{_attribute(_SDNUM_LANG + ';' + code)}\" style='{style}'"


def number_cell(shown: str, value: float | None) -> NumberCell | str:
    """`shown` as a number cell holding `value`, or `shown` itself when it cannot be one.

    It cannot when there is no value (a bound, NULL, text), when the shown text is not the
    value's digits with words around them, or when the words would need escaping no format
    code allows.
    """
    if value is None or isinstance(value, bool) or not math.isfinite(value):
        return shown
    digits = format_number(value)
    if "e" in digits:
        return shown
    # The first digits of the text are the value's (units may hold digits after it: ×10⁸ yuan).
    prefix, found, suffix = shown.partition(digits)
    if not found or _has_digit(prefix) or '"' in prefix + suffix:
        return shown
    pattern = _pattern(digits.lstrip("-−"))
    if suffix == "%":
        # A percentage is stored as a fraction, as a spreadsheet does: 135.2% is 1.352.
        return NumberCell(shown, float(Decimal(repr(value)) / 100), _literal(prefix) + pattern + "%")
    return NumberCell(shown, value, _literal(prefix) + pattern + _literal(suffix))


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _pattern(digits: str) -> str:
    """The number format that writes digits as format_number does: 6,000,000 → #,##0; 7.26 → 0.00."""
    whole, _, decimals = digits.partition(".")
    return ("#,##0" if "," in whole else "0") + ("." + "0" * len(decimals) if decimals else "")


def _literal(text: str) -> str:
    return f'"{text}"' if text else ""


def _css_escape(code: str) -> str:
    # Excel writes mso-number-format as a CSS string with punctuation backslash-escaped (0\.0%);
    # a quote must be escaped in any case. Letters, digits and CJK pass as they are.
    return re.sub(r"([^\w\s%])", r"\\\1", code).replace(" ", "\\ ")


def _attribute(text: str, quote: str = '"') -> str:
    """Text for an attribute value in the given quotes."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.replace(quote, "&quot;" if quote == '"' else "&#39;")
