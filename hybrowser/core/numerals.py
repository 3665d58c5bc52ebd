"""Chinese numerals as bulletins write them (十四, 两, 一千二百, 三成), read in one place."""

from __future__ import annotations

import functools

#: Characters a Chinese numeral is written with.
NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿点"
#: Characters a Chinese numeral can start with (万 and 亿 alone are units of a name: 万元GDP).
NUMERAL_START = "零〇一二两三四五六七八九十"

_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))


def chinese_number(text: str) -> float | None:
    """十四 → 14, 两 → 2, 一千二百 → 1200, 三万 → 30000; None when the text is not a numeral."""
    if not text or text[0] not in NUMERAL_START or any(c not in NUMERAL_CHARS for c in text):
        return None
    if len(text) == 1:
        return float(_DIGITS[text]) if text in _DIGITS else 10.0  # 十
    if len(text) <= 3 and "十" in text and "点" not in text:
        # The common case (十四, 二十, 三十五) without loading cn2an (~150 ms to import).
        tens, _, ones = text.partition("十")
        if (not tens or tens in _DIGITS) and (not ones or ones in _DIGITS):
            return float((_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0))
    return _cn2an(text)


@functools.lru_cache(maxsize=1024)
def _cn2an(text: str) -> float | None:
    import cn2an  # a kept library for the general case; imported only when needed

    try:
        return float(cn2an.cn2an(text.replace("两", "二").replace("〇", "零"), "strict"))
    except (ValueError, KeyError, TypeError):
        return None


def tenths_percent(text: str) -> float | None:
    """三成 → 30 (per cent); 八成 → 80; None when the text is not 'N成'."""
    if not text.endswith("成"):
        return None
    number = chinese_number(text[:-1])
    return None if number is None else number * 10
