"""Series keys, kinds of period and the build's refusal of figures of one series that disagree."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hybrowser.build.records import SourceError
from hybrowser.build.sources import load_sources
from hybrowser.build.validate import validate
from hybrowser.core.series import disagreements, load_synonyms, period_kind, series_key, subject_of

RESOURCES = Path(__file__).parent.parent / "resources"
SYNONYMS = load_synonyms(RESOURCES / "meta" / "synonyms.csv")


@pytest.mark.parametrize(
    ("name", "subject"),
    [
        ("规模以上工业增加值增速", "规模以上工业增加值"),
        ("规模工业增加值增速", "规模以上工业增加值"),
        ("规上工业增加值", "规模以上工业增加值"),
        ("社零总额增速", "社会消费品零售总额"),
        ("地方一般公共预算收入增速", "一般公共预算收入"),
        ("装备制造业增加值增速", "装备制造业增加值"),  # no synonym: as written
    ],
)
def test_names_of_one_subject_meet(name: str, subject: str) -> None:
    assert subject_of(name, SYNONYMS) == subject


def test_a_series_is_subject_measure_unit_and_region() -> None:
    a = series_key("丽水市", "规上工业增加值增速", "growth_yoy", "%", SYNONYMS)
    b = series_key("丽水市", "规模以上工业增加值增速", "growth_yoy", "%", SYNONYMS)
    assert a == b == "丽水市|规模以上工业增加值|growth_yoy|%"
    assert series_key("湘潭市", "规模以上工业增加值增速", "growth_yoy", "%", SYNONYMS) != a
    assert series_key("丽水市", "规模以上工业增加值增速", "pp_change", "个百分点", SYNONYMS) != a
    assert series_key("丽水市", "规模以上工业增加值", "amount", "亿元", SYNONYMS) != a


@pytest.mark.parametrize(
    ("start", "end", "kind"),
    [
        ("2024-01", "2024-05", "cumulative"),
        ("2024-01", "2024-03", "cumulative"),  # 一季度 is also 1–3月
        ("2024-05", "2024-05", "month"),
        ("2024-04", "2024-06", "quarter"),
        ("2023-01", "2023-12", "year"),
        (None, "2024-05", "stock"),
        ("2024-02", "2024-05", "span"),
    ],
)
def test_kinds_of_period(start: str | None, end: str, kind: str) -> None:
    assert period_kind(start, end) == kind


def test_disagreements_need_a_note() -> None:
    first = {
        "series_id": "s",
        "period_start": "2024-01",
        "period_end": "2024-05",
        "value": 5.0,
        "qualifier": "exact",
    }
    same = dict(first)
    other = {**first, "value": 5.2}
    noted = {**other, "note": "修订：5.2"}
    assert disagreements([first, same]) == []
    assert disagreements([first, other]) == [(first, other)]
    assert disagreements([first, noted]) == []


def _library_with(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    """A bulletin folder of reviewed figures of our own, beside a copy of resources/."""
    library = tmp_path / "library"
    folder = library / "yunling-2024-05"
    folder.mkdir(parents=True)
    text = (
        "云岭市2024年1—5月经济运行情况\n"
        "1—5月，全市规模以上工业增加值增长5.0%。修订后，1—5月规模以上工业增加值增长5.2%。\n"
    )
    (folder / "source.txt").write_text(text, encoding="utf-8")
    with (folder / "bulletin.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "id",
                "title_zh",
                "title_en",
                "publisher",
                "original_source",
                "original_source_en",
                "published",
                "region",
                "period_start",
                "period_end",
                "source_file",
                "note",
            ]
        )
        writer.writerow(
            [
                "yunling-2024-05",
                "云岭市2024年1—5月经济运行情况",
                "Yunling Jan–May 2024",
                "云岭市统计局",
                "云岭市统计局",
                "Yunling statistics bureau",
                "2024-06-20",
                "云岭市",
                "2024-01",
                "2024-05",
                "source.txt",
                "",
            ]
        )
    columns = [
        "id",
        "name_zh",
        "name_en",
        "category",
        "region",
        "period_start",
        "period_end",
        "period_inferred",
        "measure",
        "unit",
        "value",
        "qualifier",
        "figure",
        "quote",
        "status",
        "note",
    ]
    with (folder / "indicators.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return library


def _row(ident: str, value: str, quote: str, note: str = "") -> dict[str, str]:
    return {
        "id": ident,
        "name_zh": "规模以上工业增加值增速",
        "name_en": "Industrial value added growth",
        "category": "industry",
        "region": "云岭市",
        "period_start": "2024-01",
        "period_end": "2024-05",
        "period_inferred": "0",
        "measure": "growth_yoy",
        "unit": "%",
        "value": value,
        "qualifier": "exact",
        "figure": f"{value}%",
        "quote": quote,
        "status": "reviewed",
        "note": note,
    }


def test_the_build_refuses_a_second_figure_that_disagrees(tmp_path: Path) -> None:
    library = _library_with(
        tmp_path,
        [
            _row("yl.1", "5.0", "1—5月，全市规模以上工业增加值增长5.0%"),
            _row("yl.2", "5.2", "修订后，1—5月规模以上工业增加值增长5.2%"),
        ],
    )
    with pytest.raises(SourceError, match="a revision needs a note"):
        validate(load_sources(RESOURCES, library))


def test_a_revision_with_a_note_builds_and_every_figure_has_its_series(tmp_path: Path) -> None:
    library = _library_with(
        tmp_path,
        [
            _row("yl.1", "5.0", "1—5月，全市规模以上工业增加值增长5.0%"),
            _row("yl.2", "5.2", "修订后，1—5月规模以上工业增加值增长5.2%", note="修订数"),
        ],
    )
    sources = load_sources(RESOURCES, library)
    validate(sources)
    rows = {r.values["id"]: r.values for r in sources.records["indicators"]}
    assert rows["yl.1"]["series_id"] == rows["yl.2"]["series_id"] == "云岭市|规模以上工业增加值|growth_yoy|%"
    assert rows["yl.1"]["period_kind"] == "cumulative"
    # The seed's 规模工业增加值 belongs to the same subject, in its own region.
    assert rows["industrial_value_added_growth"]["series_id"] == "衡阳市|规模以上工业增加值|growth_yoy|%"


def test_proposed_figures_that_disagree_are_left_for_the_reviewer(tmp_path: Path) -> None:
    first = _row("yl.1", "5.0", "1—5月，全市规模以上工业增加值增长5.0%")
    second = {**_row("yl.2", "5.2", "修订后，1—5月规模以上工业增加值增长5.2%"), "status": "proposed"}
    validate(load_sources(RESOURCES, _library_with(tmp_path, [first, second])))


def test_synonyms_file_is_two_columns_and_no_synonym_is_its_own_name() -> None:
    with (RESOURCES / "meta" / "synonyms.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all(set(r) == {"name", "synonym"} for r in rows)
    assert all(r["name"] != r["synonym"] for r in rows)
