"""A bulletin's header lines: title, publication date, source and region, where the text states them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hybrowser.core.normalize import normalize

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*(?:-|/|\.|年)\s*(?P<m>\d{1,2})\s*(?:-|/|\.|月)\s*(?P<d>\d{1,2})")
_SOURCE = re.compile(r"来源\s*[:：]\s*(?P<source>[^\s　|｜]+)")
_REGION = re.compile(
    r"(?<![全我本该城各省县])(?P<name>[\u4e00-\u9fff]{2,5}?(?:自治州|自治县|市|县|区|州|旗|省))"
)
_NOT_REGIONS = {
    "城市",
    "县市",
    "市区",
    "全市",
    "全县",
    "全区",
    "全省",
    "地区",
    "园区",
    "城区",
    "开发区",
    "高新区",
    "经开区",
}
#: Lines of this many characters or fewer that hold a date or a source are header lines.
_HEADER_LINE = 80


@dataclass
class Header:
    title: str
    published: str | None  # YYYY-MM-DD
    source: str | None
    region: str | None
    body_start: int  # offset of the first body line


def read_header(text: str) -> Header:
    """The title is the first non-empty line; date and source lines right after it are header too."""
    lines = text.splitlines(keepends=True)
    offset = 0
    title = ""
    published = source = None
    body_start = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not title:
            offset += len(line)
            if stripped:
                title = stripped
                body_start = offset
            continue
        if index > 8 or len(stripped) > _HEADER_LINE:
            break
        date, src = _DATE.search(normalize(stripped)), _SOURCE.search(stripped)
        if not stripped or date or src:
            published = published or (date and _iso(date))
            source = source or (src and src.group("source"))
            offset += len(line)
            body_start = offset
            continue
        break
    return Header(title, published, source, find_region(title) or find_region(text[body_start:]), body_start)


def _iso(match: re.Match[str]) -> str | None:
    year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def find_region(text: str) -> str | None:
    """The place a text is about: in a title the first place name (丽水市, 永兴县); in a body the
    place name written most often, since prose puts other words before 市."""
    if len(text) < 100:
        for match in _REGION.finditer(text):
            if _is_region(match.group("name")):
                return match.group("name")
        return None
    counts: dict[str, int] = {}
    for match in re.finditer(r"(?=([\u4e00-\u9fff]{2}(?:市|县)))", text[:5000]):
        name = match.group(1)
        if _is_region(name) and name[0] not in "全我本该城各省":
            counts[name] = counts.get(name, 0) + 1
    best = max(counts.items(), key=lambda item: item[1], default=(None, 0))
    return best[0]


def _is_region(name: str) -> bool:
    if any(c in name for c in "年月季全我本"):
        return False  # "上半年全市"
    return name not in _NOT_REGIONS and not name.endswith(
        ("园区", "开发区", "高新区", "经开区", "城区", "强市")
    )
