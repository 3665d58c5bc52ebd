"""Period words in a bulletin (1—5月, 5月份, 一季度, 上半年, 全年, 5月末) and the months they cover."""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_DASH = r"(?:-{1,2}|—{1,2}|–|~|至|到)"
_YEAR = r"(?:(?P<year>\d{4})\s*年\s*)?"

# Each pattern names the months it covers; `point` marks a stock at the period's end (5月末).
_PATTERNS: list[tuple[str, str]] = [
    ("range", _YEAR + rf"(?P<m1>\d{{1,2}})\s*{_DASH}\s*(?P<m2>\d{{1,2}})\s*月(?:份)?(?P<end>末|底)?"),
    ("quarters", _YEAR + r"前(?P<q>[一二三1-3])(?:个)?季度"),
    ("quarter", _YEAR + r"(?:第)?(?P<q>[一二三四1-4])季度(?P<end>末|底)?"),
    ("half", _YEAR + r"(?P<h>上|下)半年(?P<end>末|底)?"),
    ("to_date", r"(?:今年|年初)以来"),
    ("year_end", _YEAR + r"(?:年末|年底)"),
    ("year", r"(?P<year>\d{4})\s*年\s*(?:全年)?(?=[,，、])|(?:(?P<year2>\d{4})\s*年)?全年"),
    (
        "month",
        _YEAR + r"(?P<m>\d{1,2})\s*月(?P<kind>份|当月|末|底)?(?!\s*\d|日|号|上旬|中旬|下旬|\s*[-—–~至到])",
    ),
    ("current", r"当月"),
    ("now", r"截至目前|目前|截至发稿"),
]
#: Any period word, for cutting them out of a subject ("1—5月规模以上工业…").
PERIOD_WORDS = (
    rf"(?:\d{{4}}\s*年\s*)?(?:\d{{1,2}}\s*{_DASH}\s*\d{{1,2}}\s*月(?:份)?|\d{{1,2}}\s*月(?:份|末|底)?(?:当月)?|"
    r"前?(?:第)?[一二三四1-4](?:个)?季度(?:末)?|[上下]半年(?:末)?|全年|年末|年底|当月|今年以来|年初以来)"
)
_COMPILED = [(kind, re.compile(pattern)) for kind, pattern in _PATTERNS]

# A period right after these words is what a figure is compared with, not the period it covers
# ("增速比1—4月回落", "较一季度加快", "与上半年相比").
_COMPARISON_BEFORE = re.compile(r"(比|较|与|同|于|相比|比上年|比去年|较上年|较去年|上年|去年)\s*$")


@dataclass(frozen=True)
class Period:
    """Months covered, as (year or None, month) pairs; start None for a stock at its end."""

    start_month: int | None
    end_month: int
    year: int | None = None
    single: bool = False  # one month or one quarter (5月份), not cumulative from January
    now: bool = False  # 目前: the state at publication, which says nothing of a rate's period

    def resolve(self, default_year: int) -> tuple[str | None, str]:
        year = self.year or default_year
        end = f"{year:04d}-{self.end_month:02d}"
        start = None if self.start_month is None else f"{year:04d}-{self.start_month:02d}"
        return start, end


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    period: Period
    is_comparison: bool


def find_periods(
    text: str, latest_month: int | None = None, now_month: int | None = None
) -> list[PeriodMention]:
    """Every period word in `text` (normalized), in order, the longest reading at each place.

    `latest_month` is the month of the bulletin's own period ("当月" means it); `now_month`
    the month of publication ("目前").
    """
    found: list[PeriodMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if any(match.start() < b and match.end() > a for a, b in taken):
                continue
            period = _period(kind, match, latest_month, now_month)
            if period is None:
                continue
            before = text[max(0, match.start() - 4) : match.start()]
            after = text[match.end() : match.end() + 3]
            comparison = bool(_COMPARISON_BEFORE.search(before)) or after.startswith("相比")
            found.append(PeriodMention(match.start(), match.end(), period, comparison))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _period(kind: str, match: re.Match[str], latest: int | None, now: int | None) -> Period | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    point = bool(groups.get("end"))
    if kind == "range":
        first, last = int(groups["m1"]), int(groups["m2"])
        if not (1 <= first <= last <= 12):
            return None
        return Period(None if point else first, last, year)
    if kind == "quarters":
        return Period(1, 3 * _QUARTERS[groups["q"]], year)
    if kind == "quarter":
        quarter = _QUARTERS[groups["q"]]
        return Period(None if point else 3 * quarter - 2, 3 * quarter, year, single=True)
    if kind == "half":
        last = 6 if groups["h"] == "上" else 12
        return Period(None if point else last - 5, last, year, single=groups["h"] == "下")
    if kind == "to_date":
        return Period(1, latest, None) if latest else None
    if kind == "year_end":
        return Period(None, 12, year)
    if kind == "year":
        year = year or (int(groups["year2"]) if groups.get("year2") else None)
        return Period(1, 12, year)
    if kind == "month":
        month = int(groups["m"])
        if not 1 <= month <= 12:
            return None
        if groups.get("kind") in ("末", "底"):
            return Period(None, month, year)
        return Period(month, month, year, single=True)
    if kind == "current":
        return Period(latest, latest, None, single=True) if latest else None
    if kind == "now":
        return Period(None, now, None, now=True) if now else None
    return None
