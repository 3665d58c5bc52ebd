"""The series dock on a library of imported bulletins: lines, open bounds, gaps, hover, click, compare, ranks.

Assertions are on the data the plot items carry, not on pixels.
"""

from __future__ import annotations

import math
import sqlite3

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pyqtgraph")

import series_library  # noqa: E402
from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from series_library import CITY_INDUSTRY, HIGH_TECH, INDUSTRY, RETAIL  # noqa: E402

from hybrowser.app import create_window  # noqa: E402
from hybrowser.qt.draw_style import ThemeColours  # noqa: E402
from hybrowser.qt.probes import wait_for, wait_until_loaded  # noqa: E402
from hybrowser.qt.series.chart import ARROW_DOWN, ARROW_UP, x_of  # noqa: E402

series_db = series_library.series_db
COUNTIES = [f"青溪县|{INDUSTRY}", f"白沙县|{INDUSTRY}"]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, series_db):
    monkeypatch.setenv("HYBROWSER_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("HYBROWSER_LOG_DIR", str(tmp_path / "logs"))
    win = create_window(series_db, lang="zh")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    win.tab_named("series")
    wait_until_loaded(win)
    qtbot.waitUntil(lambda: win.series_panel is not None, timeout=5000)
    yield win
    win.close()


def select(window, ids: list[str]):
    """Select these series in the Series tab and wait for the dock to draw them."""
    with sqlite3.connect(window.db.path) as conn:
        rowids = [conn.execute("SELECT rowid FROM series WHERE id = ?", (i,)).fetchone()[0] for i in ids]
    tab = window.tab_named("series")
    tab.rowid_selection.select_rowids(rowids)
    panel = window.series_panel
    assert wait_for(panel)
    return panel


def line_of(panel, series_id: str) -> dict:
    chart = panel.answer.chart
    index = next(i for i, line in enumerate(chart.lines) if line.info.id == series_id)
    return panel.plot.line_items[index]


def test_selected_series_are_drawn_over_time(window) -> None:
    panel = select(window, [CITY_INDUSTRY, RETAIL])
    assert panel.mode() == "chart" and panel.stack.currentWidget() is panel.plot
    assert panel.answer.chart.view == "cumulative"
    assert "累计" in panel.shows.text()
    line = line_of(panel, CITY_INDUSTRY)
    xs, ys = line["curve"].getData()
    assert list(xs) == [x_of("2024-03"), x_of("2024-04"), x_of("2024-05")]
    assert list(ys) == [6.1, 5.9, 5.4]  # 5.9: the revision, not the 5.8 it revised
    assert line["curve"].opts["connect"] == "finite"
    assert len(line["points"].data) == 3
    assert len(panel.plot.legend.items) == 2
    ticks = panel.plot.getPlotItem().getAxis("bottom")._tickLevels[0]
    assert [t for _x, t in ticks] == ["1–3月", "1–4月", "1–5月"]  # one year: the title names it


def test_the_single_month_view_is_its_own_line(window) -> None:
    panel = select(window, [CITY_INDUSTRY])
    panel.set_view("month")
    assert wait_for(panel)
    assert panel.answer.chart.view == "month"
    assert "当月" in panel.shows.text()
    xs, ys = line_of(panel, CITY_INDUSTRY)["curve"].getData()
    assert list(xs) == [x_of("2024-04"), x_of("2024-05")]
    assert list(ys) == [5.0, 4.6]


def test_bounds_are_open_markers_with_arrows_never_points_and_gaps_stay_gaps(window) -> None:
    panel = select(window, [HIGH_TECH])
    line = line_of(panel, HIGH_TECH)
    _xs, ys = line["curve"].getData()
    # 超过20% (1—3月), nothing for 1—4月, 两位数 (1—5月): nothing on the line at all.
    assert all(math.isnan(y) for y in ys)
    assert len(line["points"].data) == 0
    bounds = line["bounds"]
    assert [tuple(p) for p in zip(bounds.data["x"], bounds.data["y"], strict=True)] == [
        (x_of("2024-03"), 20.0),
        (x_of("2024-05"), 10.0),
    ]
    assert bounds.opts["symbol"] == "t1" and set(bounds.data["symbol"]) <= {None, "t1"}
    # Open: the outline in the line's colour, the inside the background's.
    background = ThemeColours.of(panel.palette()).background
    assert bounds.opts["brush"].color().rgb() == background.rgb()
    assert bounds.opts["pen"].color().rgb() == line["curve"].opts["pen"].color().rgb() != background.rgb()
    arrows = line["arrows"]
    assert list(arrows.data["x"]) == list(bounds.data["x"]) and list(arrows.data["y"]) == [20.0, 10.0]
    assert arrows.opts["symbol"] is ARROW_UP


def test_a_missing_period_breaks_the_line(window) -> None:
    panel = select(window, [CITY_INDUSTRY, HIGH_TECH, f"{series_library.CITY}|固定资产投资|growth_yoy|%"])
    assert panel.answer.chart.ends == ["2024-03", "2024-04", "2024-05"]
    _xs, ys = line_of(panel, CITY_INDUSTRY)["curve"].getData()
    assert not any(math.isnan(y) for y in ys)


def test_hover_names_the_figure_and_its_bulletin(window) -> None:
    panel = select(window, [CITY_INDUSTRY])
    april = panel.answer.chart.lines[0].points[1]
    where = panel.plot.scene_pos_of(april)
    assert panel.plot.point_at(where) is april
    text = panel.point_tooltip(april)
    assert "5.9%" in text and "云岭市2024年1—4月经济运行情况（修订）" in text and "修订前：5.8%" in text


def test_clicking_a_point_selects_its_row_and_shows_its_quote(window, qtbot) -> None:
    panel = select(window, [CITY_INDUSTRY])
    window.series_dock.raise_()
    QApplication.processEvents()
    may = panel.answer.chart.lines[0].points[2]
    where = panel.plot.mapFromScene(panel.plot.scene_pos_of(may))
    QTest.mouseClick(panel.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)
    indicators = window.tab_named("indicators")
    qtbot.waitUntil(
        lambda: window.current_tab() is indicators and bool(indicators.view.selectionModel().selection())
    )
    row = indicators.view.currentIndex().row()
    assert indicators.model.rowid(row) == may.rowid
    assert "“全市规模工业增加值同比增长5.4%”" in indicators.detail.toPlainText()


def test_the_compare_table_copies_as_cells(window) -> None:
    panel = select(window, [CITY_INDUSTRY, HIGH_TECH])
    panel.set_mode("periods")
    assert panel.stack.currentWidget() is panel.compare
    panel.compare.copy(header=True)
    mime = QApplication.clipboard().mimeData()
    lines = mime.text().split("\r\n")
    assert lines[0].split("\t")[3:] == ["2024年1–3月", "2024年1–4月", "2024年1–5月"]
    assert lines[1].split("\t")[3:] == ["6.1%", "5.9%", "5.4%"]
    assert lines[2].split("\t")[3:] == [">20%", "", "≥10%"]
    assert "<th>2024年1–5月</th>" in mime.html() and "<td>≥10%</td>" in mime.html()


def test_regions_of_one_period_are_ranked_with_their_stated_ranks(window) -> None:
    panel = select(window, [CITY_INDUSTRY, *COUNTIES])
    panel.set_mode("ranks")
    assert panel.stack.currentWidget() is panel.bars
    assert panel.answer.end == "2024-05"
    bars = panel.bars
    assert [b.region for b in bars.bars] == ["青溪县", "白沙县", "云岭市"]
    assert list(bars.exact_item.opts["width"]) == [7.2, 6.3, 5.4]
    assert [label.textItem.toPlainText() for label in bars.labels] == [
        "7.2%  全市第2",
        "6.3%  全市第5",
        "5.4%  全省第3",
    ]
    panel.set_mode("regions")
    assert panel.compare.compare.table.rows == [["规模以上工业增加值", "同比增速", "5.4%", "6.3%", "7.2%"]]


def test_the_series_tab_shows_a_county_rank_in_its_city(window) -> None:
    tab = window.tab_named("series")
    tab.set_filter("measure", "=rank")
    tab.set_filter("region", "青溪县")
    qtbot_wait(window)
    column = tab.model.column_index("latest_value")
    texts = {tab.model.index(r, column).data() for r in range(tab.model.rowCount())}
    assert texts == {"全市第2", "全市第1"}


def qtbot_wait(window) -> None:
    wait_until_loaded(window, panels=False)


def test_the_map_fills_districts_by_the_selected_series(window, qtbot) -> None:
    qtbot.waitUntil(lambda: window.map_panel is not None, timeout=5000)
    select(window, [f"衡南县|{INDUSTRY}", f"祁东县|{INDUSTRY}", f"青溪县|{INDUSTRY}"])
    layer = window.series_map
    assert layer.texts == {"hengnan": "8.1%", "qidong": ">10%"}
    assert layer.brushes["hengnan"].style() == Qt.BrushStyle.SolidPattern
    assert layer.brushes["qidong"].style() == Qt.BrushStyle.BDiagPattern  # a bound is hatched, never solid
    legend = layer.legend_text()
    assert "2024年1–5月" in legend and "不在地图上：青溪县" in legend
    # Another tab: the map is the table's again.
    window.tab_named("indicators")
    wait_until_loaded(window)
    assert layer.texts == {} and not layer.legend.isVisible()


def test_the_map_legend_in_english_keeps_every_line(window, qtbot) -> None:
    qtbot.waitUntil(lambda: window.map_panel is not None, timeout=5000)
    window.set_language("en")
    select(window, [f"衡南县|{INDUSTRY}", f"祁东县|{INDUSTRY}", f"青溪县|{INDUSTRY}"])
    wait_until_loaded(window)
    wait_for(window.series_panel)
    legend = window.series_map.legend_text()
    assert "hatched: a bound only (&gt;, ≥, &lt;)" in legend and "Not on the map: 青溪县" in legend


def test_ctrl_c_in_the_compare_table_copies_its_cells(window) -> None:
    panel = select(window, [CITY_INDUSTRY])
    panel.set_mode("periods")
    window.series_dock.raise_()
    panel.compare.setFocus()
    QApplication.clipboard().setText("before")
    QTest.keyClick(panel.compare, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text().split("\t")[3:] == ["6.1%", "5.9%", "5.4%\r\n"]
    QTest.keyClick(
        panel.compare, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert QApplication.clipboard().text().startswith("指标\t地区\t度量\t2024年1–3月")


def test_a_falling_bound_points_down(window) -> None:
    panel = select(window, ["白沙县|房地产开发投资|growth_yoy|%"])
    line = line_of(panel, "白沙县|房地产开发投资|growth_yoy|%")
    assert list(line["bounds"].data["y"]) == [-10.0]
    assert line["bounds"].opts["symbol"] == "t" and line["arrows"].opts["symbol"] is ARROW_DOWN
    assert all(math.isnan(y) for y in line["curve"].getData()[1])


def test_a_clicked_figure_hidden_by_the_indicators_filters_is_shown_anyway(window, qtbot) -> None:
    indicators = window.tab_named("indicators")
    indicators.set_filter("region", "衡阳市")  # hides every 云岭市 figure
    wait_until_loaded(window, panels=False)
    window.tab_named("series")
    panel = select(window, [CITY_INDUSTRY])
    march = panel.answer.chart.lines[0].points[0]
    panel.figureChosen.emit(march.rowid)
    qtbot.waitUntil(lambda: bool(indicators.view.selectionModel().selection()))
    assert not indicators.model.state.filters
    assert indicators.model.rowid(indicators.view.currentIndex().row()) == march.rowid


def test_an_approximate_figure_is_on_its_line_as_a_diamond(window) -> None:
    panel = select(window, ["青溪县|社会消费品零售总额|growth_yoy|%", CITY_INDUSTRY])
    approx = line_of(panel, "青溪县|社会消费品零售总额|growth_yoy|%")
    assert list(approx["curve"].getData()[1])[-1] == 6.0  # 约6%: on the line
    assert approx["points"].opts["symbol"] == "d"
    assert line_of(panel, CITY_INDUSTRY)["points"].opts["symbol"] == "o"


def test_the_compare_table_exports_as_shown(window, tmp_path) -> None:
    import csv

    import openpyxl

    panel = select(window, [CITY_INDUSTRY, HIGH_TECH])
    panel.set_mode("periods")
    assert panel.compare.export(tmp_path / "series.csv") == 2
    with (tmp_path / "series.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][3:] == ["2024年1–3月", "2024年1–4月", "2024年1–5月"]
    assert rows[2][3:] == [">20%", "", "≥10%"]  # a bound stays a bound, never a bare 20
    panel.compare.export(tmp_path / "series.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "series.xlsx").active
    assert [c.value for c in sheet[2]][3:] == ["6.1%", "5.9%", "5.4%"]


def test_periods_of_several_years_keep_their_year_on_the_axis(window) -> None:
    from hybrowser.db.series_data import SeriesChart

    plot = window.series_panel.plot
    plot.draw(SeriesChart("cumulative", ["2023-12", "2024-03"], []), "zh", ThemeColours.of(plot.palette()))
    ticks = plot.getPlotItem().getAxis("bottom")._tickLevels[0]
    assert [t for _x, t in ticks] == ["2023年1–12月", "2024年1–3月"]


def test_a_ranked_bar_hovers_and_clicks_like_a_point(window, qtbot) -> None:
    panel = select(window, [CITY_INDUSTRY, *COUNTIES])
    panel.set_mode("ranks")
    window.series_dock.raise_()
    QApplication.processEvents()
    bars = panel.bars
    first = bars.bars[0]  # 青溪县 7.2%
    middle = bars.getPlotItem().vb.mapViewToScene(QPointF(first.point.y / 2, 0))
    assert bars.bar_at(middle) is first
    assert bars.bar_at(bars.getPlotItem().vb.mapViewToScene(QPointF(first.point.y + 1, 0))) is None
    assert "青溪县2024年1—5月经济运行情况" in panel.point_tooltip(first.point)
    QTest.mouseClick(bars.viewport(), Qt.MouseButton.LeftButton, pos=bars.mapFromScene(middle))
    indicators = window.tab_named("indicators")
    qtbot.waitUntil(lambda: window.current_tab() is indicators and indicators.view.currentIndex().isValid())
    assert indicators.model.rowid(indicators.view.currentIndex().row()) == first.point.rowid
