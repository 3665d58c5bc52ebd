"""Falling figures from a built database: how each shows in its cell and reads in its citation."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from hybrowser.core.cells import display_text
from hybrowser.core.citation import cite_indicator
from hybrowser.db.connection import BulletinDatabase, open_database

SOURCE_ZH = "衡南县统计局，2023-06-20"
SOURCE_EN = "Hengnan County Bureau of Statistics, 2023-06-20"
# A rate's change and gap keep its name's 增速 / growth: 增速回落1.0个百分点.
INDUSTRY_ZH = "规模以上工业增加值增速"
INDUSTRY_EN = "Industrial value added growth (above designated size)"


@pytest.fixture(scope="module")
def database(falling_db: Path) -> Iterator[BulletinDatabase]:
    db = open_database(falling_db)
    yield db
    db.close()


def record(db: BulletinDatabase, table: str, ident: str) -> dict[str, object]:
    db.conn.row_factory = sqlite3.Row
    try:
        row = db.conn.execute(f'SELECT * FROM "{table}" WHERE id = ?', (ident,)).fetchone()
    finally:
        db.conn.row_factory = None
    assert row is not None, ident
    return dict(row)


def cell(db: BulletinDatabase, ident: str, lang: str) -> str:
    return display_text(db.table("indicators").column("value"), record(db, "indicators", ident), lang)


def citation(db: BulletinDatabase, ident: str, lang: str) -> str:
    row = record(db, "indicators", ident)
    bulletin = record(db, "bulletins", str(row["bulletin_id"]))
    return cite_indicator(row, cell(db, ident, lang), bulletin, lang)


@pytest.mark.parametrize(
    ("ident", "zh", "en"),
    [
        ("hn23_industry_growth", "−3.5%", "−3.5%"),
        ("hn23_industry_change", "−1.0 个百分点", "−1.0 percentage points"),
        ("hn23_industry_gap", "−0.5 个百分点", "−0.5 percentage points"),
        ("hn23_fai_gap", "1.7 个百分点", "1.7 percentage points"),
        ("hn23_industry_rank", "全市第3", "No. 3 in the city"),
        ("hn23_hitech_growth", "≥15%", "≥15%"),
        ("hn23_energy_growth", "<−10%", "<−10%"),
        ("hn23_import_growth", ">−1%", ">−1%"),
        ("hn23_trade_total", "<5 亿元", "<5 ×10⁸ yuan"),
        ("hn23_structure", "17.2:38.5:44.3", "17.2:38.5:44.3"),
        # The seed bulletin's ranks are in the province, as its rows say.
        ("new_projects_50m_q1_rank", "全省第2", "No. 2 in the province"),
    ],
)
def test_cells(database: BulletinDatabase, ident: str, zh: str, en: str) -> None:
    assert (cell(database, ident, "zh"), cell(database, ident, "en")) == (zh, en)


@pytest.mark.parametrize(
    ("ident", "zh"),
    [
        ("hn23_industry_growth", "规模以上工业增加值同比下降3.5%（2023年1–5月；{source}；未审核）"),
        ("hn23_real_estate_growth", "房地产开发投资同比下降12.6%（2023年1–5月；{source}；未审核）"),
        ("hn23_industry_change", f"{INDUSTRY_ZH}比1-4月回落1.0个百分点（2023年1–5月；{{source}}；未审核）"),
        ("hn23_fai_change", "固定资产投资增速比一季度提高2.3个百分点（2023年1–5月；{source}；未审核）"),
        ("hn23_industry_gap", f"{INDUSTRY_ZH}低于全省0.5个百分点（2023年1–5月；{{source}}；未审核）"),
        ("hn23_fai_gap", "固定资产投资增速高于全省1.7个百分点（2023年1–5月；{source}；未审核）"),
        ("hn23_retail_two_year", "社会消费品零售总额两年平均增长5.1%（2023年1–5月；{source}；未审核）"),
        ("hn23_retail_mom", "社会消费品零售总额环比下降0.8%（2023年5月；{source}；未审核）"),
        ("hn23_hitech_growth", "高新技术产业增加值同比增长15%以上（2023年1–5月；{source}；未审核）"),
        ("hn23_energy_growth", "六大高耗能行业增加值同比下降超过10%（2023年1–5月；{source}；未审核）"),
        ("hn23_import_growth", "进口额同比下降不足1%（2023年1–5月；{source}；未审核）"),
        ("hn23_trade_total", "进出口总额：不足5亿元（2023年1–5月；{source}；未审核）"),
        ("hn23_industry_rank", "规模以上工业增加值增速全市排名：第3位（2023年1–5月；{source}；未审核）"),
        ("hn23_structure", "三次产业结构：17.2:38.5:44.3（2022年1–12月；{source}；未审核）"),
        # A reviewed row carries no mark.
        ("hn23_fai_growth", "固定资产投资同比增长8.2%（2023年1–5月；{source}）"),
    ],
)
def test_citations_in_chinese(database: BulletinDatabase, ident: str, zh: str) -> None:
    text = citation(database, ident, "zh")
    assert text == zh.format(source=SOURCE_ZH)
    assert text.count("未审核") == (record(database, "indicators", ident)["status"] == "proposed")


@pytest.mark.parametrize(
    ("ident", "en"),
    [
        ("hn23_real_estate_growth", "Real estate development investment: down 12.6% year on year"),
        ("hn23_industry_change", f"{INDUSTRY_EN}: down 1.0 percentage points from 1-4月"),
        ("hn23_industry_gap", f"{INDUSTRY_EN}: 0.5 percentage points below the province"),
        ("hn23_fai_gap", "Fixed-asset investment growth: 1.7 percentage points above the province"),
        ("hn23_retail_two_year", "Retail sales of consumer goods: up 5.1% a year, two-year average"),
        ("hn23_retail_mom", "Retail sales of consumer goods: down 0.8% month on month"),
        ("hn23_hitech_growth", "High-tech industry value added: up ≥15% year on year"),
        ("hn23_energy_growth", "Six energy-intensive industries' value added: down >10% year on year"),
        ("hn23_import_growth", "Imports: down <1% year on year"),
        ("hn23_trade_total", "Total imports and exports: <5 ×10⁸ yuan"),
        ("hn23_industry_rank", "City rank in industrial value added growth: No. 3 in the city"),
        ("hn23_fai_growth", "Fixed-asset investment: up 8.2% year on year"),
    ],
)
def test_citations_in_english(database: BulletinDatabase, ident: str, en: str) -> None:
    text = citation(database, ident, "en")
    period = "May 2023" if ident == "hn23_retail_mom" else "Jan–May 2023"
    mark = "; unreviewed" if record(database, "indicators", ident)["status"] == "proposed" else ""
    assert text == f"{en} ({period}; {SOURCE_EN}{mark})"


def test_bounds_of_falling_figures_lie_on_the_side_their_words_say(database: BulletinDatabase) -> None:
    """下降超过10% is below −10; 降幅不足1% above −1; 不足5亿元 below 5 (derived by the build)."""
    found = {
        ident: (
            record(database, "indicators", ident)["lower_bound"],
            record(database, "indicators", ident)["upper_bound"],
        )
        for ident in ("hn23_energy_growth", "hn23_import_growth", "hn23_trade_total", "hn23_industry_growth")
    }
    assert found == {
        "hn23_energy_growth": (None, -10.0),
        "hn23_import_growth": (-1.0, None),
        "hn23_trade_total": (None, 5.0),
        "hn23_industry_growth": (-3.5, -3.5),
    }
