"""Copies that paste as numbers: exact figures as number cells in the clipboard's HTML, bounds as text.

The LibreOffice test converts the clipboard's HTML with LibreOffice itself (headless) and
reads the cells back with openpyxl.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from hybrowser.core.selection import CellBlock, clipboard_text
from hybrowser.core.spreadsheet import NumberCell, number_cell
from hybrowser.db.query import QueryState, TableQuery
from hybrowser.db.schema import load_metadata

DATA_DB = Path(__file__).resolve().parent.parent / "data.db"
DOUBLE_DIGIT_ID = "fai_growth"  # 两位数增长
SHOWN = ("name_zh", "name_en", "value", "qualifier")


@pytest.mark.parametrize(
    ("shown", "value", "stored", "code"),
    [
        ("408 亿元", 408.0, 408.0, '0" 亿元"'),
        ("135.2%", 135.2, 1.352, "0.0%"),
        ("−3.5%", -3.5, -0.035, "0.0%"),  # the table shows a true minus
        ("7.26 亿元", 7.26, 7.26, '0.00" 亿元"'),
        ("6,000,000 套", 6e6, 6e6, '#,##0" 套"'),
        ("全省第2", 2.0, 2.0, '"全省第"0'),
        ("408 ×10⁸ yuan", 408.0, 408.0, '0" ×10⁸ yuan"'),
        ("No. 2 in province", 2.0, 2.0, '"No. "0" in province"'),
    ],
)
def test_an_exact_figure_is_a_number_shown_as_in_the_table(shown, value, stored, code):
    cell = number_cell(shown, value)
    assert cell == NumberCell(shown, stored, code)


@pytest.mark.parametrize("shown", ["≥10%", ">20%", "≈7 亿元", "30余 家", "—"])
def test_a_figure_without_an_exact_value_stays_text(shown):
    assert number_cell(shown, None) == shown


def test_number_cell_attributes_for_each_spreadsheet():
    html = number_cell("408 亿元", 408.0).html_attributes()
    assert 'x:num="408"' in html and 'sdval="408"' in html
    assert 'sdnum="1033;1033;0&quot; 亿元&quot;"' in html
    # Excel's own form: a CSS string, its punctuation backslash-escaped.
    assert """style='mso-number-format:"0\\"\\ 亿元\\""'""" in html


def indicator_rows() -> tuple[list, list[dict]]:
    conn = sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True)
    try:
        table = next(t for t in load_metadata(conn) if t.name == "indicators")
        names = [c.name for c in table.columns]
        fetched = TableQuery(conn, table).fetch(QueryState(), 0, 1000)
        rows = [dict(zip(names, r[1:], strict=True)) for r in fetched]
    finally:
        conn.close()
    return [table.column(n) for n in SHOWN], rows


def copy_html(lang: str) -> tuple[str, list[dict]]:
    columns, rows = indicator_rows()
    used = [c for c in columns if c.name != ("name_en" if lang == "zh" else "name_zh")]
    block = CellBlock(used, [(r, frozenset(c.name for c in used)) for r in rows])
    return clipboard_text(block, lang).html(), rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_both_languages_mark_the_same_cells_as_numbers(lang):
    html, rows = copy_html(lang)
    exact = [r for r in rows if r["qualifier"] == "exact" and r["value"] is not None]
    assert html.count("x:num=") == len(exact) > 20
    assert "x:num=" not in html.split("&gt;20%")[0].rsplit("<tr>", 1)[-1]  # >20% has no value


def test_raw_values_keep_the_sign_of_a_bound():
    columns, rows = indicator_rows()
    value = columns[SHOWN.index("value")]
    texts = {
        r["id"]: clipboard_text(CellBlock([value], [(r, frozenset({"value"}))]), "zh", kind="raw").text()
        for r in rows
    }
    assert texts["industrial_revenue_growth"] == ">20"  # 超过20%
    assert texts[DOUBLE_DIGIT_ID] == "≥10"  # 两位数增长
    assert texts["onemore_output_value"] == "≈7"  # 接近7亿元
    assert texts["hitech_investment_growth"] == "135.2"


def test_one_cell_copied_alone_has_no_line_break_and_two_cells_do():
    columns, rows = indicator_rows()
    value = columns[SHOWN.index("value")]
    one = CellBlock([value], [(rows[4], frozenset({"value"}))])
    two = CellBlock([value], [(rows[4], frozenset({"value"})), (rows[5], frozenset({"value"}))])
    for kind in ("shown", "raw"):
        assert not clipboard_text(one, "zh", kind=kind).text().endswith("\n")
        assert clipboard_text(two, "zh", kind=kind).text().endswith("\r\n")


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("LibreOffice (soffice) is missing on CI: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed (apt-get install libreoffice-calc-nogui)")
    return found


def test_libreoffice_reads_exact_figures_as_numbers_and_bounds_as_text(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    program = soffice()
    expected: dict[str, list[dict]] = {}
    for lang in ("zh", "en"):
        html, rows = copy_html(lang)
        (tmp_path / f"{lang}.html").write_text(html, encoding="utf-8")
        expected[lang] = rows
    subprocess.run(
        [
            program,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # not the user's profile
            "--headless",
            "--infilter=HTML (StarCalc)",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "zh.html"),
            str(tmp_path / "en.html"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    for lang, rows in expected.items():
        sheet = openpyxl.load_workbook(tmp_path / f"{lang}.xlsx").active
        values = [row[1].value for row in sheet.iter_rows(min_row=1, max_row=len(rows))]
        assert len(values) == len(rows)
        for row, cell in zip(rows, values, strict=True):
            if row["qualifier"] == "exact":
                stored = row["value"] / 100 if row["unit"] == "%" else row["value"]
                assert isinstance(cell, (int, float)) and cell == pytest.approx(stored, rel=1e-12), row["id"]
            else:
                assert isinstance(cell, str) and cell[0] in "≥>≈" or "余" in cell, (row["id"], cell)
