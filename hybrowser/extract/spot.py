"""Spot every number of a bulletin's text: figures with their unit and hedge, the rest with why not."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hybrowser.core.figures import QUALIFIER_WORDS
from hybrowser.core.numerals import NUMERAL_CHARS, NUMERAL_START, chinese_number

# Units as written → the unit stored. Longest first, so 个百分点 wins over 个 and 亿元 over 元.
UNITS: dict[str, str] = {
    "个百分点": "个百分点",
    "万人次": "万人次",
    "万人": "万人",
    "万户": "万户",
    "百分点": "个百分点",
    "%": "%",
    "亿吨公里": "亿吨公里",
    "亿千瓦时": "亿千瓦时",
    "平方公里": "平方公里",
    "万平方米": "万平方米",
    "平方米": "平方米",
    "亿美元": "亿美元",
    "万美元": "万美元",
    "亿元": "亿元",
    "万元": "万元",
    "万吨": "万吨",
    "万亩": "万亩",
    "人次": "人次",
    "个月": "个月",
    "公里": "公里",
    "千米": "公里",
    "元": "元",
    "吨": "吨",
    "亩": "亩",
    "个": "个",
    "家": "家",
    "户": "户",
    "人": "人",
    "项": "项",
    "条": "条",
    "套": "套",
    "批": "批",
    "所": "所",
    "座": "座",
    "辆": "辆",
    "台": "台",
    "件": "件",
    "倍": "倍",
    "天": "天",
    "位": "位",
    "名": "名",
}
_UNIT_PATTERN = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

# A unit that takes a multiplier into its name (亿元, 万吨); others are scaled (600万套 → 6,000,000 套).
_NAMED_MULTIPLES = {
    "万元", "亿元", "万吨", "万亩", "亿美元", "万美元", "亿千瓦时", "亿吨公里", "万人", "万人次", "万户",
    "万平方米",
}  # fmt: skip
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "万亿": 1e12}

# Counts written in Chinese numerals that are statistics rather than figures of speech
# ("两批", "十四条" are counted; "三个方面", "一个重要" are not).
_CHINESE_COUNT_UNITS = {"批", "家", "户", "所", "座", "倍", "条", "项", "个"}

# A minus sign belongs to the number unless it joins two numbers (1-5月 is a range).
_ARABIC = r"(?<![\d.])(?<!\d,)((?:(?<![\dA-Za-z])-)?(?:\d{1,3}(?:,\d{3})+|\d+))(?:\.(\d+))?"
_NAMED_PATTERN = "|".join(sorted(_NAMED_MULTIPLES, key=len, reverse=True))
_TAIL = (
    rf"\s*(?P<odd1>[余多])?(?:(?P<named>{_NAMED_PATTERN})|(?P<mult>万亿|万|亿)?(?P<odd2>[余多])?"
    rf"(?P<unit>{_UNIT_PATTERN})?)(?P<post>以上|左右|多)?"
)
_NUMBER = re.compile(_ARABIC + _TAIL)
_CHINESE = re.compile(
    rf"(?P<num>[{NUMERAL_START}][{NUMERAL_CHARS}]*|(?<=[近逾超约上])[百千])(?P<cheng>成)?(?P<odd>[余多])?"
    rf"(?P<unit>{_UNIT_PATTERN})?(?P<post>以上|左右)?"
)
_DASH = r"(?:-{1,2}|—{1,2}|–|~|至|到)"
_CALENDAR = re.compile(
    rf"(?P<range>(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*{_DASH}\s*\d{{1,2}}\s*月(?:份)?)"
    rf"|(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*月\s*\d{{1,2}}\s*[日号]"
    rf"|(?P<month>(?:\d{{4}}\s*年\s*)?\d{{1,2}}\s*月(?:份|末|底)?(?:当月)?(?![\d]))"
    rf"|(?P<year_only>(?<![\d.])\d{{4}}\s*年(?:度)?)"
)
_STRUCTURE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?::\d+(?:\.\d+)?){1,3}(?![\d:])")
_STRUCTURE_CONTEXT = re.compile(r"结构|比例|之比|比为|比值|调整为")
_RANK = re.compile(r"第(?P<num>\d+|[一二三四五六七八九十]+)(?P<unit>位|名)?")
_RANK_CONTEXT = re.compile(r"(居|排名|排|位居|位列|列|名列|排在|居于|位次)[^,;。:]{0,12}$")
_RANK_SCOPE = re.compile(r"(全[省市国州县区]|[省市国州县区类]|同类城市|[A-Z]类市州)$")
# A number an index is said to be: 指数为102.1, PMI为50.8, 指数(上年=100)为103.2.
_INDEX_BEFORE = re.compile(
    r"(指数|PMI|CPI|PPI)(\([^)]{0,10}\))?[^,;。:\d]{0,8}(为|是|达到|达|录得|回升至|回落至|升至|降至)\s*$"
)
# Hedge words that stand before a number ("超过20%", "近3年" is not a figure: no unit).
_BEFORE = sorted((w for w in QUALIFIER_WORDS if w not in ("以上", "余", "多", "左右")), key=len, reverse=True)


@dataclass
class Spot:
    """A number found in the text; a figure when `unit` is set and `reason` is empty."""

    start: int  # of the figure as written, hedge words included
    end: int
    number_start: int
    value: float | None
    unit: str
    qualifier: str
    reason: str = ""  # why this number is not a figure (date, period, name, …)
    benchmark: str = ""  # for ranks: 全省, 全市, …
    is_rank: bool = False

    @property
    def is_figure(self) -> bool:
        return not self.reason


def spot_numbers(text: str) -> list[Spot]:
    """Every number in `text` (normalized), in order; overlapping readings resolved longest first."""
    spots: list[Spot] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    def add(spot: Spot) -> None:
        spots.append(spot)
        taken.append((spot.number_start, spot.end))

    # Dates and period words are numbers too, listed as unclaimed with what they are.
    for match in _CALENDAR.finditer(text):
        reason = "period" if match.group("range") or match.group("month") else "date"
        if match.group("year_only"):
            reason = "year"
        add(Spot(match.start(), match.end(), match.start(), None, "", "exact", reason=reason))
    for match in re.finditer("两位数", text):
        add(Spot(match.start(), match.end(), match.start(), None, "%", "double_digit"))
    for match in _STRUCTURE.finditer(text):
        clause = text[max(0, match.start() - 30) : match.start()]
        if _STRUCTURE_CONTEXT.search(clause) and free(match.start(), match.end()):
            add(Spot(match.start(), match.end(), match.start(), None, "ratio", "exact"))
    for match in _RANK.finditer(text):
        spot = _rank(text, match)
        if spot and free(spot.number_start, spot.end):
            add(spot)
    for match in _NUMBER.finditer(text):
        if free(match.start(), match.end()):
            add(_arabic(text, match))
    for match in _CHINESE.finditer(text):
        spot = _chinese(text, match)
        if spot and free(spot.number_start, spot.end):
            add(spot)
    return sorted(spots, key=lambda s: s.number_start)


def _hedge_before(text: str, start: int) -> tuple[int, str]:
    """The hedge word just before a number ('超过', '约'), and where the figure then starts."""
    for word in _BEFORE:
        if text.startswith(word, start - len(word)):
            return start - len(word), QUALIFIER_WORDS[word]
    return start, "exact"


def _arabic(text: str, match: re.Match[str]) -> Spot:
    whole, decimals = match.group(1), match.group(2)
    value = float(whole.replace(",", "") + (f".{decimals}" if decimals else ""))
    number_end = match.end(2) if decimals else match.end(1)
    unit_text, mult = match.group("named") or match.group("unit") or "", match.group("mult") or ""
    odd = match.group("odd1") or match.group("odd2") or (match.group("post") == "多" and "多")
    post = match.group("post") if match.group("post") != "多" else ""
    start, qualifier = _hedge_before(text, match.start())
    end = match.end() if unit_text or odd or mult else number_end
    if not unit_text and post:
        end = number_end  # "5000以上": no unit, no figure
    spot = Spot(start, end, match.start(), value, "", qualifier)
    reason = _not_a_figure(text, match.start(), number_end, unit_text, mult)
    if reason:
        spot.start, spot.end, spot.reason = match.start(), number_end, reason
        return spot
    unit = UNITS.get(unit_text, "")
    if mult and unit and mult + unit_text in _NAMED_MULTIPLES:
        unit = mult + unit_text
    elif mult and unit or mult:
        value *= _MULTIPLIERS[mult]
    spot.value, spot.unit = value, unit
    if odd:
        qualifier = "odd"
    if post == "以上":
        qualifier = "at_least"
        if _names_a_threshold(text, match.end()):
            spot.reason = "threshold"  # "5000万元以上项目": part of a name, not a figure
    elif post == "左右":
        qualifier = "approx"
    spot.qualifier = qualifier
    if not unit and _INDEX_BEFORE.search(text[max(0, match.start() - 24) : match.start()]):
        spot.unit = "index"  # 居民消费价格指数为102.1, PMI为50.8: an index has no unit
    elif not unit:
        spot.reason = "no unit"
    return spot


def _not_a_figure(text: str, start: int, end: int, unit: str, mult: str) -> str:
    """Why the number at start..end is no figure: a date, a period, part of a name; '' if it may be one."""
    after = text[end : end + 2]
    before = text[max(0, start - 1) : start]
    if re.match(r"\s*年", after) and not unit:
        return "year"
    if re.match(r"\s*(月|日|号|时|:\d)", after) and not unit:
        return "date"
    if re.match(r"\s*(?:-{1,2}|—{1,2}|–|~|至|到)\s*\d{1,2}\s*月", text[end : end + 8]):
        return "period"
    if re.match(r"[A-Za-z]", after) or re.match(r"[A-Za-z]", before):
        return "name"  # 5G, A股, 4K
    quoted = before in '“"《「『' and re.match(r"[^,。;]{0,12}[”\"》」』]", text[start : start + 14])
    if quoted and not unit:
        return "name"  # “135”工程, “881314”格局
    if before == "第" and not mult:
        return "ordinal"
    if re.match(r"\s*(届|次|大|是|季度|产业|号|期|类|级|代|批次)", after) and not unit:
        return "name"
    return ""


def _names_a_threshold(text: str, end: int) -> bool:
    """'5000万元以上项目', '超过5000万元以上的投资项目': 以上 followed by the noun it qualifies."""
    following = text[end : end + 1]
    return bool(following) and (following == "的" or "\u4e00" <= following <= "\u9fff")


def _chinese(text: str, match: re.Match[str]) -> Spot | None:
    numeral = match.group("num")
    if numeral in ("百", "千"):
        numeral = "一" + numeral  # 近百家: about a hundred
    cheng, unit_text = match.group("cheng"), match.group("unit") or ""
    if text[max(0, match.start() - 1) : match.start()] == "第":
        return None  # ordinals: 第一产业, 第三次
    if cheng:
        number = chinese_number(numeral)
        if number is None:
            return None
        value, unit = number * 10, "%"
        end = match.end("cheng")
    else:
        if not unit_text or UNITS.get(unit_text) not in _CHINESE_COUNT_UNITS:
            return None
        if unit_text == "个" and text.startswith("百分点", match.end("unit")):
            return None
        number = chinese_number(numeral)
        if number is None or number < 2 or (number < 10 and numeral.endswith(("百", "千"))):
            return None  # "一个", "一批": an article, not a count
        if number < 10 and UNITS[unit_text] in ("个", "条", "项"):
            return None  # "三个方面", "两条主线": figures of speech
        value, unit = number, UNITS[unit_text]
        end = match.end("unit")
    start, qualifier = _hedge_before(text, match.start())
    if text[match.start() - 1 : match.start()] == "上" and numeral[-1] in "百千":
        start, qualifier = match.start() - 1, "at_least"  # 上百家: a hundred or more
    post = match.group("post")
    if match.group("odd"):
        qualifier = "odd"
    if post:
        end = match.end("post")
        qualifier = "at_least" if post == "以上" else "approx"
    return Spot(start, end, match.start(), value, unit, qualifier)


def _rank(text: str, match: re.Match[str]) -> Spot | None:
    """'居全省第二', '排名全市第3位', '全省第5': a rank, with what it ranks among."""
    before = text[max(0, match.start() - 16) : match.start()]
    cut = max(before.rfind(c) for c in ",;。:、")
    before = before[cut + 1 :]
    verb = _RANK_CONTEXT.search(before)
    scope = _RANK_SCOPE.search(before)
    if not verb and not scope:
        return None
    raw = match.group("num")
    value = float(raw) if raw.isdigit() else chinese_number(raw)
    if value is None:
        return None
    following = text[match.end() : match.end() + 2]
    # "第一产业", "第三季度": an ordinal inside a name unless a rank word frames it.
    inside_name = not match.group("unit") and re.match(r"[\u4e00-\u9fff]", following)
    inside_name = inside_name and not re.match(r"(,|。|;|、|$|位|名|的)", following)
    if inside_name and (not verb or re.match(r"(产业|季度|批|次|届|大|类)", following)):
        return None
    benchmark = ""
    if verb:
        benchmark = before[verb.end(1) :].strip()
    elif scope:
        benchmark = scope.group(1)
    benchmark = re.sub(r"^(于|在)", "", benchmark)
    return Spot(
        match.start(), match.end(), match.start(), value, "位", "exact", benchmark=benchmark, is_rank=True
    )
