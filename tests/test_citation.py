"""hybrowser.core.citation: the sentence each measure makes, rising and falling, in both languages."""

from __future__ import annotations

import pytest

from hybrowser.core.citation import cite_indicator
from hybrowser.core.figures import format_figure

BULLETIN = {
    "original_source": "某市统计局",
    "original_source_en": "City Bureau of Statistics",
    "published": "2023-07-15",
}


def cite(lang: str, **row: object) -> str:
    """The citation of one row, without its period, source and review mark."""
    row.setdefault("qualifier", "exact")
    shown = format_figure(
        row.get("value"),  # type: ignore[arg-type]
        str(row["qualifier"]),
        str(row.get("unit") or ""),
        lang,
        str(row.get("measure") or ""),
        row.get("benchmark"),  # type: ignore[arg-type]
        row.get("figure"),  # type: ignore[arg-type]
    )
    text = cite_indicator(row, shown, BULLETIN, lang)
    return text.partition("（" if lang == "zh" else " (")[0]


PP = {"unit": "个百分点", "name_zh": "工业", "name_en": "Industry"}


@pytest.mark.parametrize(
    ("row", "zh", "en"),
    [
        (
            {**PP, "measure": "contribution_pp", "value": 1.2, "figure": "1.2个百分点"},
            "工业拉动1.2个百分点",
            "Industry: adds 1.2 percentage points",
        ),
        (
            {**PP, "measure": "contribution_pp", "value": -0.4, "figure": "0.4个百分点"},
            "工业下拉0.4个百分点",
            "Industry: takes off 0.4 percentage points",
        ),
        # A change with no earlier period named is against the previous one.
        (
            {**PP, "measure": "pp_change", "value": 0.6, "figure": "0.6个百分点"},
            "工业比上期提高0.6个百分点",
            "Industry: up 0.6 percentage points from the previous period",
        ),
        # A gap to nothing named says no direction it cannot place.
        (
            {**PP, "measure": "pp_gap", "value": -0.3, "figure": "0.3个百分点"},
            "工业：−0.3 个百分点",
            "Industry: −0.3 percentage points",
        ),
        # A figure written with its verb does not get a second one.
        (
            {
                "name_zh": "出口增速",
                "name_en": "Exports growth",
                "measure": "growth_yoy",
                "unit": "%",
                "value": -7.1,
                "figure": "下降7.1%",
            },
            "出口同比下降7.1%",
            "Exports: down 7.1% year on year",
        ),
        # Without a figure as written, the magnitude is formatted, never signed after a verb.
        (
            {
                "name_zh": "出口增速",
                "name_en": "Exports growth",
                "measure": "growth_mom",
                "unit": "%",
                "value": -2.0,
                "qualifier": "more_than",
            },
            "出口环比下降>2%",
            "Exports: down >2% month on month",
        ),
        # A negative level states its sign (the figure as written has none to quote).
        (
            {
                "name_zh": "净流出",
                "name_en": "Net outflow",
                "measure": "amount",
                "unit": "亿元",
                "value": -3.0,
                "figure": "3亿元",
            },
            "净流出：−3 亿元",
            "Net outflow: −3 ×10⁸ yuan",
        ),
    ],
)
def test_sentence_of_each_measure(row: dict, zh: str, en: str) -> None:
    assert (cite("zh", **row), cite("en", **row)) == (zh, en)


def test_a_proposed_row_is_marked_unreviewed_and_a_reviewed_one_is_not() -> None:
    row = {
        "name_zh": "投资增速",
        "name_en": "Investment growth",
        "measure": "growth_yoy",
        "unit": "%",
        "value": 4.0,
        "figure": "4.0%",
        "qualifier": "exact",
        "period_start": "2023-01",
        "period_end": "2023-06",
    }
    for status, zh_mark, en_mark in (("proposed", "；未审核", "; unreviewed"), ("reviewed", "", "")):
        assert cite_indicator({**row, "status": status}, "4.0%", BULLETIN, "zh") == (
            f"投资同比增长4.0%（2023年1–6月；某市统计局，2023-07-15{zh_mark}）"
        )
        assert cite_indicator({**row, "status": status}, "4.0%", BULLETIN, "en") == (
            f"Investment: up 4.0% year on year (Jan–Jun 2023; City Bureau of Statistics, 2023-07-15{en_mark})"
        )


# ---- sources and magnitudes, field by field ---------------------------------------------------

from hybrowser.core.citation import _magnitude, _strip_verb, source_text  # noqa: E402


def test_source_text_in_both_languages() -> None:
    bulletin = {
        "original_source": "衡阳日报",
        "original_source_en": "Hengyang Daily",
        "published": "2021-06-29",
    }
    assert source_text(bulletin, "zh") == "衡阳日报，2021-06-29"
    assert source_text(bulletin, "en") == "Hengyang Daily, 2021-06-29"
    chinese_only = {"original_source": "衡阳日报", "published": "2021-06-29"}
    assert source_text(chinese_only, "en") == "衡阳日报, 2021-06-29"
    assert (
        source_text({"original_source_en": "", "original_source": "", "published": "2021"}, "en") == ", 2021"
    )
    assert source_text({"published": "2021"}, "zh") == "，2021"
    assert source_text({"original_source": "衡阳日报"}, "zh") == "衡阳日报，"
    assert source_text({"original_source_en": "X"}, "en") == "X, "
    assert source_text({}, "zh") == "出处不明"
    assert source_text({}, "en") == "source unknown"


def test_magnitude_is_unsigned_and_as_written() -> None:
    assert _magnitude({"figure": "下降3.5%", "value": -3.5, "unit": "%"}, "zh") == "3.5%"
    assert _magnitude({"figure": "增长3.50%", "value": 3.5, "unit": "%"}, "zh") == "3.50%"
    assert _magnitude({"figure": "下降3.50%", "value": -3.5, "unit": "%"}, "en") == "3.50%"
    assert _magnitude({"value": -3.5, "unit": "%"}, "en") == "3.5%"
    assert _magnitude({"value": -3.5, "unit": "%"}, "zh") == "3.5%"
    assert _magnitude({"value": -2, "unit": "个百分点"}, "zh") == "2 个百分点"
    assert _magnitude({"value": 20.0, "unit": "%", "qualifier": "more_than"}, "en") == ">20%"
    assert _magnitude({"value": 20.0, "unit": None, "qualifier": None}, "en") == "20"
    assert _magnitude({"value": None, "unit": "%", "qualifier": "double_digit"}, "en") == "≥10%"
    assert _magnitude({"value": 3.0, "unit": "", "measure": "rank"}, "en") == "No. 3"
    assert _magnitude({"value": "abc", "unit": "%"}, "en") == ""


def test_a_verb_is_stripped_once_from_the_front() -> None:
    assert _strip_verb("增长5%") == "5%"
    assert _strip_verb("提高1个百分点") == "1个百分点"
    assert _strip_verb("下降3%") == "3%"
    assert _strip_verb("回落0.5个百分点") == "0.5个百分点"
    assert _strip_verb("5%增长") == "5%增长"
