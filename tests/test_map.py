"""The map: placements from the database only, linked selection, filters, unplaced rows, images."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from hybrowser.core.geo import district_at, load_basemap, point_in_polygon
from hybrowser.db import map_data as md

ROOT = Path(__file__).resolve().parents[1]
DATA_DB = ROOT / "data.db"
BASEMAP = load_basemap()


def inside(district_id: str, lon: float, lat: float) -> bool:
    district = BASEMAP.district(district_id)
    return any(point_in_polygon(lon, lat, polygon) for polygon in district.polygons)


def sql(query: str, params: tuple = ()) -> list[tuple]:
    with sqlite3.connect(f"file:{DATA_DB}?mode=ro", uri=True) as conn:
        return conn.execute(query, params).fetchall()


# ---- the data, without Qt ------------------------------------------------------------------------


def test_every_stated_point_lies_in_the_district_its_record_names() -> None:
    places = sql(
        "SELECT id, district_id, lon, lat FROM places "
        "WHERE district_id IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL"
    )
    assert len(places) >= 8
    for place_id, district_id, lon, lat in places:
        assert inside(district_id, lon, lat), f"place {place_id} is not in {district_id}"
    projects = sql(
        "SELECT r.id, r.district_id, p.lon, p.lat FROM projects r JOIN places p ON p.id = r.place_id "
        "WHERE r.district_id IS NOT NULL AND p.lat IS NOT NULL AND p.lon IS NOT NULL"
    )
    assert {row[0] for row in projects} >= {"nanyue_airport_expansion", "shuikoushan_extension"}
    for project_id, district_id, lon, lat in projects:
        assert inside(district_id, lon, lat), f"project {project_id} is not in {district_id}"


def test_locate_uses_only_what_is_stated() -> None:
    site = md.Place("s", "站", "Station", "site", "zhuhui", 26.9, 112.7, 300.0, "high")
    estimate = md.Place("a", "区", "Area", "area", "yanfeng", 26.8, 112.6, 2000.0, "low")
    unlocated = md.Place("u", "度假区", "Resort", "site", None, None, None, None, "none")
    line = md.Place(
        "l", "大道", "Avenue", "line", None, None, None, None, "schematic", (((112.7, 26.9), (112.5, 26.88)),)
    )
    district = md.Place("hengnan", "衡南县", "Hengnan", "district", None, None, None, None, "outline")
    known = {"zhuhui", "yanfeng", "hengnan"}
    assert md.locate(site, None, known) == (md.POINT, "zhuhui")
    assert md.locate(estimate, None, known) == (md.AREA, "yanfeng")
    assert md.locate(unlocated, None, known) == (md.NONE, None)
    assert md.locate(unlocated, "hengnan", known) == (md.DISTRICT, "hengnan")
    assert md.locate(None, "hengnan", known) == (md.DISTRICT, "hengnan")
    assert md.locate(None, "gaoxin", known) == (md.NONE, "gaoxin")  # not a basemap district
    assert md.locate(line, None, known) == (md.LINE, None)
    assert md.locate(district, None, known) == (md.DISTRICT, "hengnan")
    assert md.locate(None, None, known) == (md.NONE, None)
    boundary = md.Place("b", "b", "b", "site", None, 26.9, 112.7, md.POINT_PRECISION_M, "x")
    assert md.locate(boundary, None)[0] == md.POINT


def test_parse_lines_rejects_bad_geometry() -> None:
    line = '{"type": "LineString", "coordinates": [[1, 2], [3, 4]]}'
    assert md.parse_lines(line) == (((1.0, 2.0), (3.0, 4.0)),)
    for bad in (
        None,
        "",
        "not json",
        '{"type": "Point", "coordinates": [1, 2]}',
        '{"type": "LineString", "coordinates": [[1, 2]]}',
        '{"type": "LineString"}',
    ):
        assert md.parse_lines(bad) == ()


def test_label_points_lie_inside_their_districts_and_projection_round_trips() -> None:
    projection = md.Projection.centred_on(BASEMAP)
    for district in BASEMAP.districts:
        lon, lat = md.district_label_point(district, projection)
        assert district_at(BASEMAP, lon, lat) == district.id
    lon, lat = projection.inverse(*projection.forward(112.6192, 26.7236))
    assert lon == pytest.approx(112.6192) and lat == pytest.approx(26.7236)
    # Equal scales: 1 km east and 1 km north are the same length on screen.
    x0, y0 = projection.forward(projection.lon0, projection.lat0)
    x1, _ = projection.forward(projection.lon0 + 1 / projection.kx * 1000, projection.lat0)
    _, y1 = projection.forward(projection.lon0, projection.lat0 + 1000 / md.M_PER_DEG)
    assert x1 - x0 == pytest.approx(1000) and y1 - y0 == pytest.approx(1000)


# ---- the panel -----------------------------------------------------------------------------------

pytest.importorskip("PySide6")
pytest.importorskip("pyqtgraph")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor, QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from hybrowser.app import create_window  # noqa: E402
from hybrowser.qt.probes import highlighted_districts, map_districts, map_lines, wait_until_loaded  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("HYBROWSER_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("HYBROWSER_LOG_DIR", str(tmp_path / "logs"))
    win = create_window(DATA_DB)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    wait_until_loaded(win)
    assert win.map_panel is not None, "the map panel did not load"
    yield win
    win.close()


def show(window, name: str):
    tab = window.tab_named(name)
    assert tab is not None
    wait_until_loaded(window)
    window.map_panel.wait()  # the map's rows are read on the query worker
    return tab, window.map_panel


def selected_rowids(tab) -> list[int]:
    rows = sorted({index.row() for index in tab.view.selectionModel().selectedIndexes()})
    return [tab.model.rowid(row) for row in rows]


def marker_named(panel, name: str):
    matches = [m for m in panel.markers() if m.name == name]
    assert len(matches) == 1, [m.name for m in panel.markers()]
    return matches[0]


@pytest.mark.parametrize("name", ["places", "projects", "parks", "enterprises"])
def test_markers_lie_in_their_districts_at_the_stated_coordinates(window, name) -> None:
    _, panel = show(window, name)
    markers = panel.markers()
    assert markers
    places = {row[0]: row[1:] for row in sql("SELECT id, lon, lat, precision_m FROM places")}
    stated = {(lon, lat, precision) for lon, lat, precision in places.values() if lon is not None}
    for marker in markers:
        assert (marker.lon, marker.lat, marker.precision_m) in stated  # never a made-up point
        if marker.district_id:
            assert inside(marker.district_id, marker.lon, marker.lat), marker
        assert marker.placement == ("point" if marker.precision_m <= 500 else "area")


def test_points_and_estimates_are_drawn_differently(window) -> None:
    _, panel = show(window, "places")
    kinds = {m.name: m.placement for m in panel.markers()}
    assert kinds["衡阳东站"] == "point"  # ±300 m
    assert kinds["衡阳南岳机场 (HNY/ZGHY)"] == "point"  # ±500 m
    assert kinds["衡山科学城"] == "area"  # ±2 km
    assert kinds["水口山 (常宁)"] == "area"  # ±3 km
    assert [r.name for r in map_lines(panel)] == ["衡州大道"]


def test_clicking_a_marker_selects_its_row(qtbot, window) -> None:
    tab, panel = show(window, "projects")
    airport = marker_named(panel, "南岳机场扩建")
    assert not airport.highlighted
    point = panel.canvas.widget_point(airport.lon, airport.lat).toPoint()
    assert panel.canvas.viewport().rect().contains(point)
    qtbot.mouseClick(panel.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: selected_rowids(tab) == [airport.rowid], timeout=3000)
    qtbot.waitUntil(lambda: marker_named(panel, "南岳机场扩建").highlighted, timeout=3000)
    assert [m.name for m in panel.markers() if m.highlighted] == ["南岳机场扩建"]


def test_clicking_an_estimate_circle_selects_its_row(qtbot, window) -> None:
    tab, panel = show(window, "projects")
    area = marker_named(panel, "水口山铜铅锌产业基地延伸产业")
    # A point inside the ±3 km circle but off its centre still hits it.
    point = panel.canvas.widget_point(area.lon + 0.01, area.lat).toPoint()
    qtbot.mouseClick(panel.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: selected_rowids(tab) == [area.rowid], timeout=3000)


def test_selecting_rows_highlights_their_markers(qtbot, window) -> None:
    tab, panel = show(window, "projects")
    area = marker_named(panel, "水口山铜铅锌产业基地延伸产业")
    tab.rowid_selection.select_rowids([area.rowid])
    qtbot.waitUntil(lambda: marker_named(panel, "水口山铜铅锌产业基地延伸产业").highlighted, timeout=3000)
    assert [m.rowid for m in panel.markers() if m.highlighted] == [area.rowid]
    # Selecting in the table itself (another row) moves the highlight.
    airport = marker_named(panel, "南岳机场扩建")
    row = tab.model.loaded_row_of(airport.rowid)
    tab.view.selectRow(row)
    qtbot.waitUntil(
        lambda: [m.rowid for m in panel.markers() if m.highlighted] == [airport.rowid], timeout=3000
    )
    assert panel.framing.zoom_to_selection()
    view = panel.canvas.view_rect()
    x, y = panel.projection.forward(airport.lon, airport.lat)
    assert view.contains(x, y) and view.width() < 30_000


def test_a_filter_changes_the_markers(qtbot, window) -> None:
    tab, panel = show(window, "projects")
    assert len(panel.markers()) == 2 and panel.unplaced()
    tab.set_filter("name_zh", "机场")
    qtbot.waitUntil(lambda: [m.name for m in panel.markers()] == ["南岳机场扩建"], timeout=3000)
    assert panel.unplaced() == [] and map_lines(panel) == [] and highlighted_districts(panel) == set()
    tab.clear_filters()
    qtbot.waitUntil(lambda: len(panel.markers()) == 2, timeout=3000)


UNPLACED_SQL = {
    "projects": "SELECT count(*) FROM projects r LEFT JOIN places p ON p.id = r.place_id "
    "WHERE p.lat IS NULL AND p.geometry IS NULL AND r.district_id IS NULL AND p.district_id IS NULL",
    "parks": "SELECT count(*) FROM parks r LEFT JOIN places p ON p.id = r.place_id "
    "WHERE p.lat IS NULL AND p.geometry IS NULL AND r.district_id IS NULL AND p.district_id IS NULL",
    "enterprises": "SELECT count(*) FROM enterprises r LEFT JOIN places p ON p.id = r.place_id "
    "WHERE p.lat IS NULL AND p.geometry IS NULL AND p.district_id IS NULL",
    "events": "SELECT count(*) FROM events r WHERE r.district_id IS NULL",
    "places": "SELECT count(*) FROM places r "
    "WHERE r.lat IS NULL AND r.geometry IS NULL AND r.district_id IS NULL AND r.kind <> 'district'",
}


@pytest.mark.parametrize("name", sorted(UNPLACED_SQL))
def test_unplaced_count_matches_sql(qtbot, window, name) -> None:
    tab, panel = show(window, name)
    expected = sql(UNPLACED_SQL[name])[0][0]
    assert expected > 0
    assert len(panel.unplaced()) == expected
    assert panel.unplaced_list.count() == expected
    assert panel.unplaced_button.text() == f"{expected} 条无位置"
    # The same under a filter: the count follows the filtered rows.
    tab.set_filter("name_zh", "项目")
    keyword = " AND instr(r.name_zh, '项目') > 0"
    expected = sql(UNPLACED_SQL[name] + keyword)[0][0]
    qtbot.waitUntil(lambda: len(panel.unplaced()) == expected, timeout=3000)
    # Every row is either drawn or listed, once.
    total = sql(f"SELECT count(*) FROM {name} r WHERE 1 {keyword}")[0][0]
    drawn = len(panel.markers()) + len(map_lines(panel)) + len(map_districts(panel))
    assert drawn + len(panel.unplaced()) == total


def test_district_only_records_fill_their_district(qtbot, window) -> None:
    tab, panel = show(window, "events")
    expected = {row[0] for row in sql("SELECT district_id FROM events WHERE district_id IS NOT NULL")}
    assert expected == {"hengyang_county", "changning"}
    assert highlighted_districts(panel) == expected
    assert panel.markers() == []
    record = next(r for r in map_districts(panel) if r.district_id == "changning")
    tab.rowid_selection.select_rowids([record.rowid])
    qtbot.waitUntil(
        lambda: [r.district_id for r in map_districts(panel) if r.highlighted] == ["changning"],
        timeout=3000,
    )
    # Clicking inside the district (far from any marker) selects the row.
    tab.rowid_selection.select_rowids([])
    lon, lat = panel.canvas.label_points["hengyang_county"]
    point = panel.canvas.widget_point(lon, lat).toPoint()
    qtbot.mouseClick(panel.canvas.viewport(), Qt.MouseButton.LeftButton, pos=point)
    county = next(r for r in map_districts(panel) if r.district_id == "hengyang_county")
    qtbot.waitUntil(lambda: selected_rowids(tab) == [county.rowid], timeout=3000)
    _, panel = show(window, "places")
    assert highlighted_districts(panel) == {d.id for d in BASEMAP.districts}


def test_a_table_without_places_shows_a_message_and_the_basemap(window) -> None:
    _, panel = show(window, "indicators")
    assert panel.markers() == [] and panel.unplaced() == [] and highlighted_districts(panel) == set()
    assert "没有地点" in panel.message()
    assert len(panel.canvas.basemap.districts) == 12
    assert not panel.unplaced_button.isVisible()


def test_hover_text_names_the_record_and_its_precision(window) -> None:
    _, panel = show(window, "projects")
    area = marker_named(panel, "水口山铜铅锌产业基地延伸产业")
    tip = panel.canvas.hover_text(*panel.projection.forward(area.lon, area.lat))
    assert "水口山铜铅锌产业基地延伸产业" in tip and "±3 km" in tip
    airport = marker_named(panel, "南岳机场扩建")
    tip = panel.canvas.hover_text(*panel.projection.forward(airport.lon, airport.lat))
    assert "南岳机场扩建" in tip and "±500 m" in tip


def test_language_switch_renames_markers_and_unplaced(qtbot, window) -> None:
    _, panel = show(window, "projects")
    window.set_language("en")
    wait_until_loaded(window)
    assert "Nanyue Airport expansion" in [m.name for m in panel.markers()]
    assert panel.unplaced_button.text().endswith("not on the map")
    assert panel.fit_button.text() == "Fit all"
    labels = panel.canvas.district_labels()
    assert labels["hengnan"][0] == "Hengnan County"


def test_export_png_and_copy_to_clipboard(qtbot, window, tmp_path) -> None:
    _, panel = show(window, "parks")
    path = tmp_path / "map.png"
    assert panel.images.save(path, 640)
    image = QImage(str(path))
    assert image.width() == 640 and image.height() >= 200
    # Not a blank image: the basemap and markers are drawn in several colours.
    colours = {image.pixel(x, y) for x in range(0, 640, 16) for y in range(0, image.height(), 16)}
    assert len(colours) > 5
    assert panel.images.save(tmp_path / "screen.png")  # on-screen size
    clipboard = QApplication.clipboard()
    clipboard.clear()
    panel.images.copy()
    assert not clipboard.image().isNull()
    clipboard.clear()
    panel.canvas.setFocus()
    qtbot.keyClick(
        panel.canvas, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: not clipboard.image().isNull(), timeout=3000)


def test_fit_all_and_whole_city(window) -> None:
    _, panel = show(window, "projects")
    panel.framing.whole_city()
    city = panel.canvas.view_rect()
    panel.framing.fit_all()
    fitted = panel.canvas.view_rect()
    assert fitted.width() < city.width()
    for marker in panel.markers():
        assert fitted.contains(*panel.projection.forward(marker.lon, marker.lat))


def test_marker_size_follows_investment(window) -> None:
    from dataclasses import replace

    from hybrowser.qt.map.panel import MAX_POINT_SIZE, POINT_SIZE

    _, panel = show(window, "projects")
    canvas = panel.canvas
    top = canvas.content.max_investment
    assert top == sql("SELECT max(investment_yi) FROM projects")[0][0]
    site = md.MapRecord(1, "x", "x", "x", "project", md.POINT, 112.6, 26.9, 300.0)
    small = canvas.point_size(replace(site, investment_yi=top / 4))
    assert canvas.point_size(site) == POINT_SIZE < small < canvas.point_size(replace(site, investment_yi=top))
    assert canvas.point_size(replace(site, investment_yi=top)) == MAX_POINT_SIZE


def test_district_names_show_where_they_fit(window) -> None:
    _, panel = show(window, "indicators")
    panel.framing.whole_city()
    labels = panel.canvas.district_labels()
    assert labels["hengnan"] == ("衡南县", True)
    shown_at_city_zoom = {d for d, (_, visible) in labels.items() if visible}
    yanfeng = md.MapRecord(1, "y", "", "", "", md.DISTRICT, district_id="yanfeng")
    panel.canvas.set_view(panel.canvas.rect_of([yanfeng]))
    labels = panel.canvas.district_labels()
    assert labels["yanfeng"] == ("雁峰区", True)
    assert "yanfeng" not in shown_at_city_zoom  # small districts wait for the zoom


def test_colours_follow_the_application_palette(window) -> None:
    from PySide6.QtGui import QPalette

    _, panel = show(window, "projects")
    app = QApplication.instance()
    light = app.palette()
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.WindowText, "#eeeeee"),
        (QPalette.ColorRole.Text, "#eeeeee"),
    ):
        dark.setColor(role, QColor(colour))
    try:
        app.setPalette(dark)
        QApplication.processEvents()
        assert panel.canvas.colours.dark
        assert panel.canvas.colours.background == QColor("#1e1e1e")
        # The copied or exported image is for a report: on white whatever the window's theme.
        image = panel.images.render(400)
        lightness = sorted(
            QColor(image.pixel(x, y)).lightness()
            for x in range(0, image.width(), 10)
            for y in range(0, image.height(), 10)
        )
        assert lightness[len(lightness) // 2] > 200  # mostly light: background and district fills
        assert image.pixelColor(1, 1).lightness() > 245  # white, under the legend's light panel
    finally:
        app.setPalette(light)
        QApplication.processEvents()
    assert not panel.canvas.colours.dark


ODD_PLACES = [
    "UPDATE places SET lat = 'not a number' WHERE id = 'hengyang_east_station'",
    "UPDATE places SET lon = 9e999 WHERE id = 'usc_yumu_campus'",  # +inf
    "UPDATE places SET precision_m = NULL WHERE id = 'hny_airport'",
    "UPDATE places SET geometry = '{broken' WHERE id = 'hengzhou_avenue'",
    "UPDATE projects SET place_id = 'no_such_place' WHERE id = 'shuikoushan_extension'",
    "UPDATE events SET district_id = 'atlantis' WHERE id = 'changning_ecommerce'",
    "UPDATE projects SET investment_yi = 9e999 WHERE id = 'batches_2021'",
]


def test_odd_place_data_is_shown_as_stated_or_listed_never_guessed(qtbot, tmp_path, monkeypatch) -> None:
    import shutil

    path = tmp_path / "odd.db"
    shutil.copy(DATA_DB, path)
    with sqlite3.connect(path) as conn:
        for statement in ODD_PLACES:
            conn.execute(statement)
    monkeypatch.setenv("HYBROWSER_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setenv("HYBROWSER_LOG_DIR", str(tmp_path / "logs"))
    win = create_window(path)
    qtbot.addWidget(win)
    win.show()
    wait_until_loaded(win)
    try:
        _, panel = show(win, "places")
        placements = {m.name: m.placement for m in panel.markers() + map_districts(panel)}
        assert placements["衡阳东站"] == "district"  # unreadable latitude: only its district is known
        assert placements["南华大学雨母校区"] == "district"  # infinite longitude
        assert placements["衡阳南岳机场 (HNY/ZGHY)"] == "point"  # precision not stated
        assert "衡州大道" in panel.unplaced()  # broken geometry: no line is drawn
        assert panel.canvas.schematic == []
        _, panel = show(win, "projects")
        assert "水口山铜铅锌产业基地延伸产业" in [r.name for r in map_districts(panel)]
        assert panel.canvas.content.max_investment == 408.0  # the infinite one is ignored
        _, panel = show(win, "events")
        assert highlighted_districts(panel) == {"hengyang_county"}
        assert any("常宁" in name for name in panel.unplaced())
        for tab in win.table_tabs:  # every tab draws without raising
            win.tab_named(tab.table.name)
            wait_until_loaded(win)
        assert panel.images.save(tmp_path / "odd.png", 300)
    finally:
        win.close()


def test_a_closed_map_reads_nothing_until_it_is_shown_again(qtbot, window) -> None:
    tab, panel = show(window, "projects")
    before = [r.name("zh") for r in panel._records]
    asked: list[str] = []
    window.panel_service.finished.connect(lambda result: asked.append(result.tag))
    window.map_dock.close()
    tab.set_filter("name_zh", "衡州大道")
    wait_until_loaded(window)
    assert not any(tag.startswith("map#") for tag in asked)  # the hidden map did not query
    assert [r.name("zh") for r in panel._records] == before  # and still shows the old rows
    window.map_dock.show()
    qtbot.waitUntil(lambda: any(tag.startswith("map#") for tag in asked), timeout=5000)
    panel.wait()
    names = {r.name("zh") for r in panel._records}
    assert names and all("衡州大道" in name for name in names)


def test_copied_map_is_for_a_report_without_the_selection(qtbot, window) -> None:
    tab, panel = show(window, "projects")
    plain = panel.images.copy()
    record = panel.markers()[0]
    tab.rowid_selection.select_rowids([record.rowid])
    qtbot.waitUntil(lambda: any(m.highlighted for m in panel.markers()), timeout=3000)
    copied = panel.images.copy()
    assert copied == plain  # no highlight, no selected names baked into the picture
    assert copied.pixelColor(1, 1).lightness() > 245
