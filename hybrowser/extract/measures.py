"""What kind of figure it is (growth, change in points, gap to a benchmark, share, amount…) and its sign."""

from __future__ import annotations

import re

from hybrowser.core.figures import FALLING_WORDS
from hybrowser.extract.subjects import masked

_RISING_WORDS = (
    "增长",
    "增加",
    "提高",
    "上升",
    "上涨",
    "加快",
    "高于",
    "快于",
    "高出",
    "提升",
    "扩大",
    "回升",
    "拉动",
)
_SIGN_WORDS = re.compile(
    "|".join(
        sorted(
            (re.escape(w) for w in (*FALLING_WORDS, *_RISING_WORDS, "快", "高", "低", "收窄")),
            key=len,
            reverse=True,
        )
    )
)
_SIGNED_MEASURES = {
    "growth_yoy",
    "growth_mom",
    "growth_two_year_avg",
    "pp_change",
    "pp_gap",
    "contribution_pp",
}

_COMPARE = re.compile(r"(?:比|较|高于|低于|快于|慢于|高出|低出|好于)")
_TIME_TARGET = re.compile(r"上年|去年|同期|上月|上期|年初|季度|\d\s*月|半年|同比|环比|前一|上一|初")
_SHARE_WORDS = re.compile(r"占|比重|增长面|利润率|覆盖率|率|成数")
_GROWTH_WORDS = re.compile(r"增长|下降|增加|减少|上涨|上升|下滑|降低|下跌|增速|增幅|降幅|回落|提高|同比|环比")

COUNT_UNITS = frozenset(
    ["个", "家", "户", "万户", "人", "万人", "项", "条", "套", "批", "所", "座", "辆", "台", "件", "名"]
)
FLOW_UNITS = frozenset({"人次", "万人次"})
_AREA_UNITS = {"亩", "万亩", "平方米", "万平方米", "平方公里", "km²"}
_DURATION_UNITS = {"天", "个月"}


def measure_of(
    unit: str,
    predicate: str,
    subject: str,
    is_rank: bool,
    after: str = "",
    qualifier: str = "exact",
    clause: str = "",
) -> tuple[str, str]:
    """(measure, unit) of a figure from its unit, the words before it and the few after it."""
    words = masked(predicate)
    if is_rank or unit == "位":
        return "rank", "位"
    if unit == "ratio":
        return "structure", "ratio"
    if unit == "倍":
        return "multiple", "倍"
    if unit == "index":
        return "index", "index"
    if unit == "个百分点":
        if "拉动" in predicate:
            return "contribution_pp", unit
        target = comparison_target(predicate)
        if target is not None and not _TIME_TARGET.search(target):
            return "pp_gap", unit
        return "pp_change", unit
    if unit == "%":
        about = subject + predicate
        if "贡献率" in about:
            return "contribution", unit
        if ("指数" in subject or "PMI" in subject) and not _GROWTH_WORDS.search(words):
            return "index", "index"
        if qualifier == "double_digit" or re.match(r"的?(增长|增幅|下降|降幅)", after):
            return "growth_yoy", unit  # 实现两位数增长, 实现8.5%的增长
        if "两年平均" in about or "两年平均" in clause:
            return "growth_two_year_avg", unit
        if "环比" in predicate or "环比" in clause:
            return "growth_mom", unit
        if re.search(r"(占比|比重|率|增长面)$", subject) or re.search(r"^在.*中的(占比|比重)", predicate):
            return "share", unit
        if re.search(r"占[^增降]*$", words):
            return "share", unit  # 实现增长的企业占58.7%: a share, whatever grew
        if _GROWTH_WORDS.search(words):
            return "growth_yoy", unit
        if _SHARE_WORDS.search(masked(subject)) or _SHARE_WORDS.search(words):
            return "share", unit
        return "growth_yoy" if not subject else "share", unit
    if unit in FLOW_UNITS:
        return "amount", unit  # 接待游客120万人次, 旅客吞吐量: flows
    if unit in COUNT_UNITS:
        return "count", unit
    if unit in _AREA_UNITS:
        return "area", unit
    if unit in ("公里", "km"):
        return "length", unit
    if unit in _DURATION_UNITS:
        return "duration", unit
    if "人均" in subject:
        return "per_capita", unit
    return "amount", unit


def comparison_target(predicate: str) -> str | None:
    """What a figure is compared with: '比全省高' → '全省'; '较1—4月加快' → '1—4月'; None if nothing."""
    hidden = masked(predicate)
    match = None
    for match in _COMPARE.finditer(hidden):  # noqa: B007 - the last one is the nearest
        pass  # the last comparison word before the figure
    if match is None:
        return None
    rest = predicate[match.end() :]
    end = re.search(
        r"(分别|增速|增幅|平均水平|的|快|慢|高|低|提高|回落|加快|放缓|上升|下降|增长|扩大|收窄|多|少)", rest
    )
    target = rest[: end.start()] if end else rest
    return target.strip(" ,，") or None


def sign_of(measure: str, predicate: str) -> int:
    """−1 when the words before the figure say it fell (下降, 回落, 低于, 慢, 降幅扩大), else +1.

    Growth rates and points take the nearest such word in the clause; other figures only the
    word right before them ("比上年减少9个", not "下降…，投资12亿元").
    """
    words = masked(predicate)
    last = None
    for last in _SIGN_WORDS.finditer(words):  # noqa: B007 - the last one is the nearest
        pass
    if last is None:
        return 1
    if measure not in _SIGNED_MEASURES and len(words) - last.end() > 1:
        return 1
    word = last.group()
    if "降幅" in words[: last.start()]:
        return -1 if word in ("扩大", "加深", "增加") else 1  # 降幅收窄 is a rise in points
    if word == "收窄":
        return 1
    return -1 if word in FALLING_WORDS or word == "低" else 1
