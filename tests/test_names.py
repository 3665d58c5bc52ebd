"""English names of imported figures come from the curated glossary, never from a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from hybrowser.core.names import english_name, load_glossary
from hybrowser.core.series import load_synonyms

META = Path(__file__).parent.parent / "resources" / "meta"
GLOSSARY = load_glossary(META / "indicator_names.csv")
SYNONYMS = load_synonyms(META / "synonyms.csv")


@pytest.mark.parametrize(
    ("name_zh", "name_en"),
    [
        ("固定资产投资", "Fixed-asset investment"),
        ("固定资产投资增速", "Fixed-asset investment growth"),
        ("规上工业增加值增速", "Industrial value added (above designated size) growth"),  # a synonym
        ("社零总额", "Retail sales of consumer goods"),
        ("高技术制造业增加值占比", "Share of high-tech manufacturing value added"),
        ("GDP增速", "GDP growth"),  # an acronym keeps its capitals
    ],
)
def test_names_the_glossary_knows(name_zh: str, name_en: str) -> None:
    assert english_name(name_zh, GLOSSARY, SYNONYMS) == name_en


@pytest.mark.parametrize(
    "name_zh", ["生态环保交通能源和水利投资增速", "增速", "限上批零企业经由互联网实现的商品零售额"]
)
def test_a_name_the_glossary_does_not_know_has_none(name_zh: str) -> None:
    assert english_name(name_zh, GLOSSARY, SYNONYMS) is None


def test_the_glossary_has_one_english_name_per_chinese_name() -> None:
    text = (META / "indicator_names.csv").read_text(encoding="utf-8").splitlines()[1:]
    names = [line.split(",", 1)[0] for line in text]
    assert len(names) == len(set(names)) == len(GLOSSARY)
    assert all(GLOSSARY.values())
