"""The chart panel: bars follow the active tab's filter, sort, language and selection.

Assertions are on the data the plot items carry (BarGraphItem opts, current_bars()), not pixels.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pyqtgraph")

from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage, QKeySequence, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hybrowser.app import create_window  # noqa: E402
from hybrowser.db.chart_data import available_views, chart_bars, group_rowids  # noqa: E402
from hybrowser.db.connection import open_database  # noqa: E402
from hybrowser.db.query import QueryState, SortKey  # noqa: E402
from hybrowser.qt.probes import chart_legend, chart_view, chart_views, drawn_bars, wait_for, wait_until_loaded  # noqa: E402

GROWTH = "rows:value:growth_yoy:%"
DOUBLE_DIGIT = {
    "固定资产投资增速",
    "规模工业增加值增速",
    "社会消费品零售总额增速",
    "地方一般公共预算收入增速",
}
MORE_THAN_20 = {"规模以上工业营业收入增速", "规模以上工业利润总额增速"}


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, built_db):
    monkeypatch.setenv("HYBROWSER_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("HYBROWSER_LOG_DIR", str(tmp_path / "logs"))
    win = create_window(built_db, lang="zh")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    wait_until_loaded(win)
    qtbot.waitUntil(lambda: win.chart_panel is not None, timeout=5000)
    yield win
    win.close()


@pytest.fixture
def panel(window):
    return window.chart_panel


def growth_rows(db_path, order: str = "rowid", where: str = "1") -> list[tuple]:
    with sqlite3.connect(db_path) as conn:
        return conn.execute(
            "SELECT rowid, name_zh, name_en, value, qualifier, lower_bound, category FROM indicators "
            f"WHERE measure = 'growth_yoy' AND unit = '%' AND ({where}) ORDER BY {order}"
        ).fetchall()


def table_order(tab, rowids) -> list[int]:
    """The rowids among `rowids` in the order the table shows them."""
    wanted = set(rowids)
    shown = (tab.model.rowid(row) for row in range(tab.model.rowCount()))
    return [r for r in shown if r in wanted]


def drawn_length(row: tuple) -> float:
    _rowid, _zh, _en, value, qualifier, lower, _category = row
    return lower if qualifier in ("more_than", "at_least", "double_digit", "odd") else value


def plotted(panel) -> tuple[list[float], list]:
    """The lengths and the Bar records the BarGraphItem itself carries."""
    opts = panel.canvas.bar_item.opts
    return [float(w) for w in opts["width"]], list(opts["bars"])


def apply(qtbot, tab, change) -> None:
    with qtbot.waitSignal(tab.stateChanged, timeout=5000):
        change()


# ---- indicators ---------------------------------------------------------------------------------


def test_growth_bars_in_table_order(window, panel, built_db):
    tab = window.current_tab()
    assert tab.table.name == "indicators"
    assert chart_view(panel).key == GROWTH
    rows = growth_rows(built_db)
    bars = drawn_bars(panel)
    assert [b.rowid for b in bars] == table_order(tab, [r[0] for r in rows]) == [r[0] for r in rows]
    assert [b.label for b in bars] == [r[1] for r in rows]
    assert [b.value for b in bars] == [drawn_length(r) for r in rows]
    widths, carried = plotted(panel)
    assert widths == [b.value for b in bars]
    assert [b.rowid for b in carried] == [b.rowid for b in bars]
    # one bar per row, y = position in the table's order
    assert list(panel.canvas.bar_item.opts["y"]) == list(range(len(bars)))
    assert all(b.category for b in bars)


def test_bounds_are_marked_and_drawn_open(panel):
    bars = drawn_bars(panel)
    bounds = {b.label for b in bars if b.is_bound}
    assert bounds == DOUBLE_DIGIT | MORE_THAN_20
    by_label = {b.label: b for b in bars}
    for label in DOUBLE_DIGIT:
        assert by_label[label].value == 10.0
        assert by_label[label].stated is None
        assert by_label[label].text == "≥10%"
    for label in MORE_THAN_20:
        assert by_label[label].value == 20.0
        assert by_label[label].text == ">20%"
    exact = by_label["高新技术产业投资增速"]
    assert (exact.value, exact.is_bound, exact.is_approx, exact.text) == (135.2, False, False, "135.2%")
    # open, dashed bars for bounds; filled, solid for exact figures
    pens, brushes = panel.canvas.bar_item.opts["pens"], panel.canvas.bar_item.opts["brushes"]
    for bar, pen, brush in zip(bars, pens, brushes, strict=True):
        if bar.is_bound:
            assert pen.style() == Qt.PenStyle.DashLine
            assert brush.style() == Qt.BrushStyle.NoBrush
        else:
            assert pen.style() == Qt.PenStyle.SolidLine
            assert brush.style() == Qt.BrushStyle.SolidPattern
    # a triangle marker at the end of each bound bar, and the labels say ≥ / >
    markers = [i for i in panel.canvas.items if getattr(i, "opts", {}).get("name") == "bounds"]
    assert len(markers) == 1
    points = markers[0].getData()
    assert sorted(points[0]) == sorted(b.value for b in bars if b.is_bound)
    assert {text.strip() for text in panel.canvas.end_labels.texts()} >= {"≥10%", ">20%", "135.2%"}
    assert any("≥" in entry for entry in chart_legend(panel))


def test_end_labels_sit_at_their_bars_ends_inside_the_plot(panel):
    from hybrowser.qt.chart.end_labels import GAP_PX

    bars = drawn_bars(panel)
    labels = panel.canvas.end_labels
    assert [text.strip() for text in labels.texts()] == [bar.text for bar in bars]
    view = panel.plot.vb.sceneBoundingRect()
    for index, bar in enumerate(bars):
        rect = labels.scene_rect(index)
        end = panel.plot.vb.mapViewToScene(QPointF(bar.value, index))
        # the text starts at the bar's end (after it for a value ≥ 0, before it otherwise) ...
        gap = rect.left() - end.x() if bar.value >= 0 else end.x() - rect.right()
        assert abs(gap - GAP_PX) < 0.5, bar.label
        assert abs(rect.center().y() - end.y()) < 0.5
        # ... and fit() left room for it: no label runs out of the plot
        assert view.contains(rect), (bar.label, rect, view)


def test_end_labels_are_painted_and_scale_with_an_export(panel):
    labels = panel.canvas.end_labels
    widest = max(range(len(labels.labels)), key=lambda i: labels.scene_rect(i).width())
    rect = labels.scene_rect(widest).translated(-panel.canvas.ci.sceneBoundingRect().topLeft())

    def ink(image, scale: int) -> int:
        """Pixels unlike the background inside the widest label's rectangle, at this scale."""
        background = image.pixelColor(int(rect.right() * scale) + 8, int(rect.center().y() * scale))
        return sum(
            image.pixelColor(x, y) != background
            for x in range(int(rect.left() * scale), int(rect.right() * scale))
            for y in range(int(rect.top() * scale), int(rect.bottom() * scale))
        )

    shown = panel.images.render()
    assert ink(shown, 1) > rect.width()  # text, not an empty box
    # twice as wide: the text is drawn twice as large, where the label is in the bigger image
    big = panel.images.render(width=2 * shown.width())
    assert ink(big, 2) > 2.5 * ink(shown, 1)


def test_a_redraw_paints_the_chart_at_most_twice(qtbot, monkeypatch, window, panel):
    from PySide6.QtCore import QEvent, QObject

    class PaintCounter(QObject):
        paints = 0

        def eventFilter(self, watched, event):  # noqa: N802 - Qt override
            if event.type() == QEvent.Type.Paint:
                self.paints += 1
            return False

    counter = PaintCounter()
    draw = type(panel.canvas).draw

    def counted_draw(canvas, *args, **kwargs):
        counter.paints = 0  # count from the redraw on
        return draw(canvas, *args, **kwargs)

    monkeypatch.setattr(type(panel.canvas), "draw", counted_draw)
    viewport = panel.canvas.viewport()
    viewport.installEventFilter(counter)
    tab = window.current_tab()
    try:
        # other bars, other names: the axis gets another width, the view another range
        for text in ("投资", "", "增速", "产业"):
            apply(qtbot, tab, lambda t=text: tab.set_filter("name_zh", t))
            wait_for(panel)
            qtbot.wait(250)
            # pyqtgraph lays out and sets the view transform as it paints, and the scroll
            # area resizes the chart after it: three paints per redraw until both were done
            # before the first paint. (The second: the axes measure their tick texts as
            # they paint.)
            assert counter.paints <= 2, text
    finally:
        viewport.removeEventFilter(counter)


def test_approximate_amount_is_hatched(panel):
    assert panel.set_view("rows:value:amount:亿元")
    bars = drawn_bars(panel)
    nearly = next(b for b in bars if b.qualifier == "nearly")
    assert nearly.is_approx and not nearly.is_bound
    assert nearly.text.startswith("≈")
    index = bars.index(nearly)
    assert panel.canvas.bar_item.opts["brushes"][index].style() == Qt.BrushStyle.BDiagPattern
    turnover = next(b for b in bars if b.text.startswith(">180"))
    assert turnover.is_bound
    # one unit per chart: every bar of this view is in 亿元
    assert chart_view(panel).unit == "亿元"
    assert all("亿元" in b.text for b in bars)


def test_views_never_mix_units(window, panel):
    keys = [v.key for v in chart_views(panel)]
    assert keys[0] == GROWTH
    assert "rows:value:amount:亿元" in keys
    assert "rows:value:share:%" in keys
    # counts are split by unit: 个 and 家 are different charts
    assert "rows:value:count:个" in keys and "rows:value:count:家" in keys
    assert panel.view_combo.count() == len(keys)
    panel.view_combo.setCurrentIndex(keys.index("rows:value:count:家"))
    assert chart_view(panel).key == "rows:value:count:家"
    assert {b.text.split()[-1] for b in drawn_bars(panel)} == {"家"}


def test_filter_changes_bars(qtbot, window, panel, built_db):
    tab = window.current_tab()
    apply(qtbot, tab, lambda: tab.set_filter("category", "investment"))
    rows = growth_rows(built_db, where="category = 'investment'")
    bars = drawn_bars(panel)
    assert [b.label for b in bars] == [r[1] for r in rows]
    assert [b.value for b in bars] == [10.0, 135.2, 30.1, 47.9]
    assert {b.category for b in bars} == {"investment"}
    assert plotted(panel)[0] == [10.0, 135.2, 30.1, 47.9]
    apply(qtbot, tab, lambda: tab.sort_by((SortKey("value", True),)))
    bars = drawn_bars(panel)
    assert [b.value for b in bars] == [135.2, 47.9, 30.1, 10.0]
    assert [b.rowid for b in bars] == table_order(tab, [b.rowid for b in bars])
    assert bars[-1].is_bound


def test_search_shows_the_rows_the_table_shows(qtbot, window, panel, built_db):
    tab = window.current_tab()
    apply(qtbot, tab, lambda: tab.set_search("投资"))  # a full-text search: the index drives the query
    growth = [r[0] for r in growth_rows(built_db)]
    bars = drawn_bars(panel)
    assert bars and [b.rowid for b in bars] == table_order(tab, growth)
    assert len(bars) < len(growth)
    apply(qtbot, tab, lambda: tab.set_filter("name_zh", "制造业"))
    assert [b.label for b in drawn_bars(panel)] == ["制造业投资增速"]


def test_sort_changes_order(qtbot, window, panel, built_db):
    tab = window.current_tab()
    apply(qtbot, tab, lambda: tab.sort_by((SortKey("value", True),)))
    bars = drawn_bars(panel)
    assert [b.rowid for b in bars] == table_order(tab, [r[0] for r in growth_rows(built_db)])
    assert [b.value for b in bars] == [135.2, 70.3, 47.9, 46.3, 39.5, 30.1, 28.5, 20, 20, 10, 10, 10, 10]
    assert plotted(panel)[0] == [b.value for b in bars]
    apply(qtbot, tab, lambda: tab.sort_by((SortKey("value", False),)))
    bars = drawn_bars(panel)
    assert [b.value for b in bars][:3] == [20, 20, 28.5]
    assert [b.rowid for b in bars] == table_order(tab, [b.rowid for b in bars])


def test_a_new_sort_keeps_the_views_a_new_filter_counts_them_again(
    qtbot, monkeypatch, window, panel, built_db
):
    from hybrowser.db import chart_data

    counted: list[QueryState] = []
    count_views = chart_data.available_views

    def counting(conn, table, state):
        counted.append(state)
        return count_views(conn, table, state)

    monkeypatch.setattr(chart_data, "available_views", counting)
    tab = window.current_tab()
    apply(qtbot, tab, lambda: tab.sort_by((SortKey("value", True),)))
    bars = drawn_bars(panel)
    # the views (which measures and units, how many rows each) do not depend on the order
    assert counted == []
    assert [b.value for b in bars][:2] == [135.2, 70.3]
    apply(qtbot, tab, lambda: tab.set_filter("name_zh", "投资"))
    drawn_bars(panel)
    assert len(counted) == 1 and counted[0].filters == (("name_zh", "投资"),)
    investment = growth_rows(built_db, where="name_zh LIKE '%投资%'")
    growth = next(v for v in chart_views(panel) if v.key == GROWTH)
    assert growth.count == len(drawn_bars(panel)) == len(investment)
    apply(qtbot, tab, lambda: tab.sort_by((SortKey("value", False),)))
    bars = drawn_bars(panel)
    assert len(counted) == 1
    assert [b.rowid for b in bars] == table_order(tab, [r[0] for r in investment])


def test_labels_follow_language(window, panel):
    assert "高新技术产业投资增速" in [b.label for b in drawn_bars(panel)]
    assert "投资" in chart_legend(panel)
    ticks = panel.plot.getAxis("left")._tickLevels[0]
    assert "高新技术产业投资增速" in [label for _y, label in ticks]
    window.set_language("en")
    labels = [b.label for b in drawn_bars(panel)]
    assert "High-tech industry investment growth" in labels
    assert not any("增速" in label for label in labels)
    assert "Investment" in chart_legend(panel)
    assert panel.view_combo.currentText().startswith("YoY growth (%)")
    assert panel.copy_button.text() == "Copy image"
    ticks = panel.plot.getAxis("left")._tickLevels[0]
    assert any(label.startswith("High-tech industry") for _y, label in ticks)


def test_row_selection_highlights_bar(qtbot, window, panel):
    tab = window.current_tab()
    target = next(b for b in drawn_bars(panel) if b.value == 135.2)
    tab.rowid_selection.select_rowids([target.rowid])
    bars = drawn_bars(panel)
    assert [b.rowid for b in bars if b.highlighted] == [target.rowid]
    pens = panel.canvas.bar_item.opts["pens"]
    index = [b.rowid for b in bars].index(target.rowid)
    assert pens[index].widthF() > max(p.widthF() for i, p in enumerate(pens) if i != index)
    # the highlight follows the selection away
    tab.view.clearSelection()
    assert not any(b.highlighted for b in drawn_bars(panel))


def test_clicking_a_bar_selects_its_row(qtbot, window, panel):
    tab = window.current_tab()
    bars = drawn_bars(panel)
    index = next(i for i, b in enumerate(bars) if b.value == 47.9)

    @dataclass
    class Click:  # what pyqtgraph's scene hands to sigMouseClicked
        pos: QPointF
        accepted: bool = False

        def button(self):
            return Qt.MouseButton.LeftButton

        def scenePos(self):  # noqa: N802 - pyqtgraph API
            return self.pos

        def accept(self):
            self.accepted = True

    centre = panel.plot.vb.mapViewToScene(QPointF(bars[index].value / 2, index))
    with qtbot.waitSignal(tab.selectionChanged, timeout=2000) as blocker:
        click = Click(centre)
        panel.selection.mouse_clicked(click)
    assert click.accepted
    assert blocker.args[0] == [bars[index].rowid]
    current = tab.view.selectionModel().currentIndex()
    assert tab.model.rowid(current.row()) == bars[index].rowid
    assert [b.rowid for b in drawn_bars(panel) if b.highlighted] == [bars[index].rowid]
    # far right of a short bar is not a hit
    outside = panel.plot.vb.mapViewToScene(QPointF(bars[index].value * 2.5, index))
    assert panel.selection.bar_at(outside) is None


def test_hover_shows_tooltip(panel):
    from PySide6.QtWidgets import QToolTip

    bars = drawn_bars(panel)
    index = next(i for i, b in enumerate(bars) if b.value == 135.2)
    panel.selection.mouse_moved(panel.plot.vb.mapViewToScene(QPointF(100.0, index)))
    assert QToolTip.isVisible()
    assert "135.2%" in QToolTip.text() and bars[index].label in QToolTip.text()
    QToolTip.hideText()


def test_first_rows_only_says_so(monkeypatch, panel):
    from hybrowser.db import chart_data

    monkeypatch.setattr(chart_data, "ROW_LIMIT", 5)
    panel.refresh()
    assert len(drawn_bars(panel)) == 5
    assert "前 5 行，共 13 行" in panel.title.text


def test_tooltip_has_exact_figure_period_and_quote(panel):
    bars = drawn_bars(panel)
    exact = next(i for i, b in enumerate(bars) if b.value == 135.2)
    tip = panel.selection.bar_tooltip(exact)
    assert "135.2%" in tip and "2021年1–5月" in tip and "高新技术产业投资增长135.2%" in tip
    bound = next(i for i, b in enumerate(bars) if b.label == "固定资产投资增速")
    tip = panel.selection.bar_tooltip(bound)
    assert "≥10%" in tip and "两位数" in tip


# ---- copy and export -----------------------------------------------------------------------------


def test_copy_image_to_clipboard(panel):
    image = panel.images.copy(width=900)
    assert not image.isNull() and image.width() == 900
    clipboard = QApplication.clipboard().image()
    assert not clipboard.isNull()
    assert (clipboard.width(), clipboard.height()) == (image.width(), image.height())
    source = panel.canvas.ci.sceneBoundingRect()
    assert abs(image.height() - 900 * source.height() / source.width()) <= 1
    shown = panel.images.render()
    assert shown.width() == round(source.width())


def test_copy_shortcut_and_menu(qtbot, panel):
    assert panel.images.shortcut.key() == QKeySequence("Ctrl+Shift+I")
    assert panel.images.shortcut.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    QApplication.clipboard().clear()
    panel.images.shortcut.activated.emit()
    assert not QApplication.clipboard().image().isNull()
    menu = panel.images.context_menu()
    texts = [a.text() for a in menu.actions() if a.text()]
    assert texts[0] == "复制图像"
    assert any(t.startswith("SVG") for t in texts)


def test_export_png_and_svg(panel, tmp_path):
    png = panel.images.save(tmp_path / "growth.png", width=1600)
    image = QImage(str(png))
    assert image.width() == 1600 and not image.isNull()
    svg = panel.images.save(tmp_path / "growth.svg", width=800)
    content = svg.read_text(encoding="utf-8")
    assert content.lstrip().startswith("<?xml") and "<svg" in content
    assert 'viewBox="0 0 800 ' in content
    assert "同比增速" in content  # the title is text, in Chinese
    with pytest.raises(OSError):
        panel.images.save(tmp_path / "missing" / "folder" / "x.png")


# ---- other tables -----------------------------------------------------------------------------


def test_projects_investment_and_counts(window, panel):
    window.tab_named("projects")
    keys = [v.key for v in chart_views(panel)]
    assert "rows:investment_yi" in keys and "rows:project_count" in keys
    assert panel.set_view("rows:investment_yi")
    values = [b.value for b in drawn_bars(panel)]
    assert 408 in values and 941 in values
    assert chart_view(panel).unit == "亿元"
    assert panel.set_view("rows:project_count")
    assert [b.value for b in drawn_bars(panel)] == [120, 222, 183]
    assert panel.set_view("groups:kind")
    bars = drawn_bars(panel)
    assert sum(b.value for b in bars) == 9
    assert bars[0].label == "项目" and bars[0].value == 6
    # the view stays chosen for this table across tab changes
    window.tab_named("indicators")
    assert chart_view(panel).key == GROWTH
    window.tab_named("projects")
    assert chart_view(panel).key == "groups:kind"


def test_group_bar_click_selects_group_rows(qtbot, window, panel):
    tab = window.tab_named("projects")
    panel.set_view("groups:kind")
    bars = drawn_bars(panel)
    index = next(i for i, b in enumerate(bars) if b.group == "project")
    with qtbot.waitSignal(tab.selectionChanged, timeout=2000):
        panel.selection.click_bar(index)
    selected = {index.row() for index in tab.view.selectionModel().selectedRows()}
    assert {tab.model.record(row)["kind"] for row in selected} == {"project"}
    assert len(selected) == 6
    assert [b.group for b in drawn_bars(panel) if b.highlighted] == ["project"]


def test_group_counts_by_reference_show_names(window, panel):
    window.tab_named("places")
    assert panel.set_view("groups:district_id")
    labels = [b.label for b in drawn_bars(panel)]
    assert "雁峰区" in labels  # the district's name, not its id
    assert "（空）" in labels


def test_nothing_to_chart(window, panel):
    window.tab_named("bulletins")
    assert panel.message() == "此表无可绘制的数值"
    assert drawn_bars(panel) == []
    assert panel.canvas.bar_item is None
    assert panel.stack.currentWidget() is panel.message_label
    window.set_language("en")
    assert panel.message() == "Nothing to chart in this table"


def test_filters_leaving_no_rows(qtbot, window, panel):
    tab = window.current_tab()
    apply(qtbot, tab, lambda: tab.set_filter("name_zh", "没有这样的指标"))
    assert drawn_bars(panel) == []
    assert "筛选" in panel.message()
    apply(qtbot, tab, tab.clear_filters)
    assert panel.message() == "" and len(drawn_bars(panel)) == 13


# ---- fonts and palette -------------------------------------------------------------------------


def test_text_uses_application_font(panel):
    family = QApplication.font().family()
    assert panel.plot.getAxis("left").style["tickFont"].family() == family
    assert panel.canvas.end_labels.texts() and panel.canvas.end_labels.font.family() == family
    assert panel.title.item.font().family() == family


def test_background_follows_palette(panel):
    original = QApplication.palette()
    assert panel.canvas.backgroundBrush().color() == original.color(QPalette.ColorRole.Base)
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8eaed"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2c2f"))
    QApplication.setPalette(dark)
    try:
        QApplication.processEvents()
        assert panel.canvas.backgroundBrush().color() == QColor("#202124")
        assert panel.canvas.end_labels.colour == QColor("#e8eaed")
    finally:
        QApplication.setPalette(original)
        QApplication.processEvents()


# ---- the SQL behind the chart (no widgets) -----------------------------------------------------


def test_views_are_counted_from_their_own_index(built_db):
    from hybrowser.db.chart_data import unit_view_index

    db = open_database(built_db)
    try:
        indicators = db.table("indicators")
        assert unit_view_index(indicators) == ["measure", "unit", "value", "qualifier", "lower_bound"]
        assert unit_view_index(db.table("projects")) == []  # its figures have a fixed unit
        plans: list[str] = []
        db.conn.set_trace_callback(plans.append)
        views = available_views(db.conn, indicators, QueryState())
        db.conn.set_trace_callback(None)
        grouping = next(sql for sql in plans if "GROUP BY" in sql)
        plan = " ".join(str(row) for row in db.conn.execute("EXPLAIN QUERY PLAN " + grouping))
        # unfiltered, the count walks the narrow index, not a million wide rows
        assert "COVERING INDEX idx_indicators_chart_views" in plan, plan
        growth = next(v for v in views if v.key == GROWTH)
        assert growth.count == len(growth_rows(built_db))
    finally:
        db.close()


def test_row_limit_and_group_limit(built_db):
    db = open_database(built_db)
    try:
        indicators = db.table("indicators")
        state = QueryState(sort=(SortKey("value", True),))
        growth = next(v for v in available_views(db.conn, indicators, state) if v.key == GROWTH)
        data = chart_bars(db.conn, indicators, state, growth, "zh", limit=3)
        assert [b.value for b in data.bars] == [135.2, 70.3, 47.9]
        assert data.total == 13 and data.truncated
        places = db.table("places")
        kinds = next(v for v in available_views(db.conn, places, QueryState()) if v.key == "groups:kind")
        data = chart_bars(db.conn, places, QueryState(), kinds, "en", limit=2)
        assert len(data.bars) == 3 and data.bars[-1].others
        assert sum(b.value for b in data.bars) == data.rows == 23
        assert data.bars[-1].label.startswith("Others")
        rowids = group_rowids(db.conn, places, QueryState(), "kind", data.bars[0].group)
        assert len(rowids) == data.bars[0].value
    finally:
        db.close()


# ---- falling figures ----------------------------------------------------------------------------

FALLING_GROWTH = {
    "规模以上工业增加值增速": -3.5,
    "高新技术产业增加值增速": 15.0,
    "六大高耗能行业增加值增速": -10.0,
    "固定资产投资增速": 8.2,
    "房地产开发投资增速": -12.6,
    "社会消费品零售总额增速": 6.4,
    "出口额增速": -20.3,
    "进口额增速": -1.0,
}
#: Bounds among them, and the side of the bar's end the value lies on.
FALLING_BOUNDS = {
    "高新技术产业增加值增速": "lower",
    "六大高耗能行业增加值增速": "upper",
    "进口额增速": "lower",
}


@pytest.fixture
def falling_panel(qtbot, tmp_path, monkeypatch, falling_db):
    """The chart of tests/data/hengnan-2023-m5's rows alone (the table filtered to its region)."""
    monkeypatch.setenv("HYBROWSER_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("HYBROWSER_LOG_DIR", str(tmp_path / "logs"))
    win = create_window(falling_db, lang="zh")
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    wait_until_loaded(win)
    qtbot.waitUntil(lambda: win.chart_panel is not None, timeout=5000)
    tab = win.current_tab()
    apply(qtbot, tab, lambda: tab.set_filter("region", "=衡南县"))
    yield win.chart_panel
    win.close()


def test_falling_bars_extend_left_of_zero_with_their_labels_before_them(falling_panel):
    from hybrowser.qt.chart.end_labels import GAP_PX

    panel = falling_panel
    assert chart_view(panel).key == GROWTH
    bars = drawn_bars(panel)
    assert {b.label: b.value for b in bars} == FALLING_GROWTH
    # Every bar starts at zero; a falling one has a negative width, so it lies left of zero.
    widths, carried = plotted(panel)
    assert widths == [b.value for b in bars]
    assert list(panel.canvas.bar_item.opts["x0"]) == [0.0] * len(bars)
    assert [b.rowid for b in carried] == [b.rowid for b in bars]
    left, right = panel.canvas.bar_item.dataBounds(0)
    assert (left, right) == (-20.3, 15.0)
    # The value axis shows zero inside the plot, marked by a line, with room for every label.
    zero = panel.canvas.zero_line
    assert zero in panel.canvas.items and zero.value() == 0.0 and zero.angle == 90
    x_low, x_high = panel.plot.vb.viewRange()[0]
    assert x_low < -20.3 and x_high > 15.0
    view = panel.plot.vb.sceneBoundingRect()
    for index, bar in enumerate(bars):
        rect = panel.canvas.end_labels.scene_rect(index)
        end = panel.plot.vb.mapViewToScene(QPointF(bar.value, index))
        zero_x = panel.plot.vb.mapViewToScene(QPointF(0.0, index)).x()
        if bar.value < 0:
            assert end.x() < zero_x
            assert abs(end.x() - rect.right() - GAP_PX) < 0.5, bar.label
        else:
            assert end.x() > zero_x
            assert abs(rect.left() - end.x() - GAP_PX) < 0.5, bar.label
        assert view.left() <= rect.left() and rect.right() <= view.right(), bar.label
    texts = {b.label: b.text for b in bars}
    assert texts["出口额增速"] == "−20.3%" and texts["高新技术产业增加值增速"] == "≥15%"
    assert texts["六大高耗能行业增加值增速"] == "<−10%" and texts["进口额增速"] == ">−1%"
    assert [text.strip() for text in panel.canvas.end_labels.texts()] == [b.text for b in bars]


def test_bounds_among_falling_bars_are_still_drawn_open(falling_panel):
    """≥15% is open to the right; 下降超过10% (<−10%) open to the left; 降幅不足1% (>−1%) to the right."""
    panel = falling_panel
    bars = drawn_bars(panel)
    pens, brushes = panel.canvas.bar_item.opts["pens"], panel.canvas.bar_item.opts["brushes"]
    pen_styles = {
        "lower": Qt.PenStyle.DashLine,
        "upper": Qt.PenStyle.DashDotLine,
        None: Qt.PenStyle.SolidLine,
    }
    for bar, pen, brush in zip(bars, pens, brushes, strict=True):
        side = FALLING_BOUNDS.get(bar.label)
        assert (bar.is_bound, bar.is_upper) == (side == "lower", side == "upper"), bar.label
        assert pen.style() == pen_styles[side], bar.label
        assert (brush.style() == Qt.BrushStyle.NoBrush) == (side is not None), bar.label
    markers = next(i for i in panel.canvas.items if getattr(i, "opts", {}).get("name") == "bounds")
    drawn = {(p.pos().x(), p.symbol()) for p in markers.points()}
    assert drawn == {(15.0, "t2"), (-10.0, "t3"), (-1.0, "t2")}
    legend = chart_legend(panel)
    assert "下限（≥、>），非确数" in legend and "上限（≤、<），非确数" in legend


def test_percentage_point_views_hold_gaps_and_changes(falling_panel):
    panel = falling_panel
    assert panel.set_view("rows:value:pp_gap:个百分点")
    bars = drawn_bars(panel)
    assert [(b.value, b.text) for b in bars] == [(-0.5, "−0.5 个百分点"), (1.7, "1.7 个百分点")]
    assert plotted(panel)[0] == [-0.5, 1.7]
    assert panel.set_view("rows:value:rank:位")
    assert [b.text for b in drawn_bars(panel)] == ["全市第3"]


def test_a_bound_marker_points_where_the_value_may_lie(qtbot):
    from hybrowser.db.chart_data import Bar
    from hybrowser.qt.chart.canvas import ChartCanvas, end_label
    from hybrowser.qt.draw_style import ThemeColours

    canvas = ChartCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(800, 300)
    bars = [
        Bar("跌幅", -10.0, 1, qualifier="more_than", is_upper=True, text="<−10%"),
        Bar("涨幅", 10.0, 2, qualifier="more_than", is_bound=True, text=">10%"),
    ]
    theme = ThemeColours.of(canvas.palette())
    canvas.draw(bars, {}, theme, "%", None, [])
    markers = next(i for i in canvas.items if getattr(i, "opts", {}).get("name") == "bounds")
    assert [(p.pos().x(), p.symbol()) for p in markers.points()] == [(-10.0, "t3"), (10.0, "t2")]
    # The label keeps clear of the marker on the bar's own side.
    assert [(label.after, label.text) for label in map(end_label, bars, (0, 1))] == [
        (False, "<−10%\u2002"),
        (True, "\u2002>10%"),
    ]


def test_every_indicator_category_has_a_colour_of_its_own(built_db):
    from hybrowser.qt.chart.style import category_colours

    db = open_database(built_db)
    try:
        table = db.table("indicators")
        colours = category_colours(table, [])
    finally:
        db.close()
    assert list(colours) == list(table.column("category").allowed)
    names = [colour.name() for colour in colours.values()]
    assert len(set(names)) == len(names)


def test_a_less_than_figure_is_drawn_open_with_its_marker_pointing_back(falling_panel):
    panel = falling_panel
    assert panel.set_view("rows:value:amount:亿元")
    bars = drawn_bars(panel)
    assert [(b.value, b.text, b.is_upper, b.is_bound) for b in bars] == [(5.0, "<5 亿元", True, False)]
    pen, brush = panel.canvas.bar_item.opts["pens"][0], panel.canvas.bar_item.opts["brushes"][0]
    assert (pen.style(), brush.style()) == (Qt.PenStyle.DashDotLine, Qt.BrushStyle.NoBrush)
    markers = next(i for i in panel.canvas.items if getattr(i, "opts", {}).get("name") == "bounds")
    assert [(p.pos().x(), p.symbol()) for p in markers.points()] == [(5.0, "t3")]
    assert "上限（≤、<），非确数" in chart_legend(panel)
    assert not any("下限" in label for label in chart_legend(panel))


def test_a_percentage_point_view_names_its_unit_once(falling_panel, qtbot):
    panel = falling_panel
    assert panel.set_view("rows:value:pp_gap:个百分点")
    panel.set_language("en")
    drawn_bars(panel)
    assert panel.view_combo.currentText().startswith("Gap to benchmark (percentage points)"), (
        panel.view_combo.currentText()
    )


def test_copied_image_is_for_a_report_white_and_without_the_selection(qtbot, window, panel):
    tab = window.current_tab()
    plain = panel.images.render()
    original = QApplication.palette()
    dark = QPalette(original)
    dark.setColor(QPalette.ColorRole.Base, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8eaed"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    QApplication.setPalette(dark)
    try:
        QApplication.processEvents()
        tab.view.selectRow(0)
        qtbot.waitUntil(lambda: any(bar.highlighted for bar in panel.data.bars), timeout=3000)
        image = panel.images.copy()
        assert image.pixelColor(2, 2) == QColor("#ffffff")
        assert image == plain  # no dimming, no highlight, no dark theme baked in
        # The window itself still shows the theme and the selection.
        assert panel.canvas.backgroundBrush().color() == QColor("#202124")
        assert any(bar.highlighted for bar in panel.data.bars)
    finally:
        QApplication.setPalette(original)
        QApplication.processEvents()
