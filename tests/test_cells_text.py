"""A figure cell's text, shaped by its row's qualifier, unit, measure, benchmark and figure."""

from __future__ import annotations

import pytest

from hybrowser.core.cells import display_text
from hybrowser.db.connection import open_database


@pytest.fixture
def value_column(built_db):
    db = open_database(built_db)
    try:
        yield db.table("indicators").column("value")
    finally:
        db.close()


def row(**changes):
    base = {
        "value": 5.8,
        "qualifier": "exact",
        "unit": "%",
        "measure": "growth_yoy",
        "benchmark": None,
        "figure": None,
    }
    base.update(changes)
    return base


def test_a_plain_figure(value_column):
    assert display_text(value_column, row(), "zh") == "5.8%"
    assert display_text(value_column, row(qualifier=None), "zh") == "5.8%"
    assert display_text(value_column, row(qualifier="more_than", value=20.0), "en") == ">20%"


def test_a_rank_without_its_unit_is_known_by_its_measure(value_column):
    ranked = row(value=3.0, unit="", measure="rank", benchmark="全省")
    assert display_text(value_column, ranked, "zh") == "全省第3"
    assert display_text(value_column, ranked, "en") == "No. 3 in the province"
    assert display_text(value_column, row(value=3.0, unit="", measure="rank"), "zh") == "第3"


def test_a_figure_keeps_the_decimals_written(value_column):
    assert display_text(value_column, row(value=5.0, figure="5.0%"), "zh") == "5.0%"
    assert display_text(value_column, row(value=5.0, figure=""), "zh") == "5%"


def test_a_structure_shows_its_figure(value_column):
    shown = row(value=None, unit="", measure="structure", figure="11.6:33.9:54.5")
    assert display_text(value_column, shown, "zh") == "11.6:33.9:54.5"


def test_infinite_and_text_and_empty_values(value_column):
    assert display_text(value_column, row(value=float("inf")), "zh") == "∞%"
    assert display_text(value_column, row(value=float("-inf")), "en") == "−∞%"
    assert display_text(value_column, row(value="n/a"), "zh") == "n/a"
    assert display_text(value_column, row(value=None), "zh") == "—"
    assert display_text(value_column, row(value=None, qualifier="double_digit"), "zh") == "≥10%"


def test_name_columns_put_the_language_first():
    from hybrowser.core.labels import name_columns

    assert name_columns("zh") == ("name_zh", "name_en", "title_zh", "title_en")
    assert name_columns("en") == ("name_en", "name_zh", "title_en", "title_zh")
