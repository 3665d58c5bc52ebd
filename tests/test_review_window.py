"""Import, review and save a bulletin through the window; the library beside the bundled data (issue 13).

The user's library is a temporary folder (XDG_DATA_HOME); the window starts on the bundled data.db.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from hybrowser import library
from hybrowser.extract.folder import write_folder
from hybrowser.import_command import prepare
from hybrowser.locations import library_database

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="platformdirs reads XDG_DATA_HOME on Linux")

ROOT = Path(__file__).resolve().parents[1]
LISHUI = ROOT / "tests" / "data" / "bulletins-dev" / "lishui-2024-01-05.txt"
LISHUI_ID = "lishui-2024-01-05"
XIANGTAN = LISHUI.with_name("xiangtan-2013-h1.txt")
XIANGTAN_ID = "xiangtan-2013-h1"
NAME_COLUMN, PERIOD_START_COLUMN, NAME_EN_COLUMN = 1, 6, 9
NO_FIGURES = (
    "安化县上半年经济运行简况\n发布日期：2024-07-18　来源：安化县统计局\n1—6月，全县经济运行总体平稳。\n"
)


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "hybrowser"


def open_review(qtbot, window, path: Path = LISHUI, **options):
    actions = window.library_actions()
    task = actions.import_file(path, **options)
    assert task is not None
    qtbot.waitUntil(lambda: actions.review is not None and actions.review.isVisible(), timeout=10000)
    return actions.review


def wait_for_successor(qtbot, window):
    from hybrowser.qt.probes import wait_until_loaded

    qtbot.waitUntil(lambda: getattr(window, "successor", None) is not None, timeout=20000)
    new = window.successor
    qtbot.addWidget(new)
    wait_until_loaded(new, panels=False)
    return new


def indicator_records(window) -> list[dict]:
    tab = window.tab_named("indicators")
    model = tab.model
    return [model.record(row) for row in range(model.rowCount())]


def test_import_edit_reject_accept_save_and_find_the_figures(qtbot, window, data_home: Path) -> None:
    review = open_review(qtbot, window)
    model = review.model
    assert model.rowCount() == 43 and not any(model.accepted)
    # Edit a fact: its name and when its period starts.
    qtbot.mouseClick(review.table.viewport(), Qt.MouseButton.LeftButton)
    assert model.setData(model.index(0, NAME_COLUMN), "全市规上工业增加值")
    assert model.setData(model.index(5, PERIOD_START_COLUMN), "2024-03")
    assert model.setData(model.index(0, NAME_EN_COLUMN), "Industrial value added")
    rejected_id = model.rows[1]["id"]
    # Accept all, then reject the second with Space on its row.
    qtbot.mouseClick(review.accept_all_button, Qt.MouseButton.LeftButton)
    assert all(model.accepted)
    review.table.setFocus()
    review.table.selectRow(1)
    qtbot.keyClick(review.table, Qt.Key.Key_Space)
    assert model.accepted[1] is False and sum(model.accepted) == 42
    qtbot.keyClick(review.table, Qt.Key.Key_Return)  # Enter toggles it back…
    assert model.accepted[1] is True
    qtbot.keyClick(review.table, Qt.Key.Key_Space)  # …and Space again
    # Ctrl+S saves: in a worker, then the window shows the library database.
    qtbot.keyClick(review, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    new = wait_for_successor(qtbot, window)
    assert new.db.path == data_home / "library.db"
    assert (data_home / "bulletins" / LISHUI_ID / "indicators.csv").is_file()
    records = indicator_records(new)
    imported = [r for r in records if r["bulletin_id"] == LISHUI_ID]
    assert len(imported) == 42
    assert {r["status"] for r in imported} == {"reviewed"}
    assert rejected_id not in {r["id"] for r in imported}
    edited = next(r for r in imported if r["id"] == model.rows[0]["id"])
    assert edited["name_zh"] == "全市规上工业增加值" and edited["name_en"] == "Industrial value added"
    assert next(r for r in imported if r["id"] == model.rows[5]["id"])["period_start"] == "2024-03"
    # The bundled bulletin is still there, beside the new one.
    assert sum(r["bulletin_id"] == "hengyang-2021-h1" for r in records) == 50


def test_the_window_stays_live_while_the_library_is_built(qtbot, window, data_home: Path) -> None:
    from PySide6.QtCore import QTimer

    review = open_review(qtbot, window)
    review.model.accept_all()
    ticks = []
    timer = QTimer(window, interval=10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    task = window.library_actions().save_review()
    assert task is not None, "no save started"
    assert task.running, "the save ran on the UI thread"  # it runs in a worker
    qtbot.waitUntil(lambda: not task.running, timeout=20000)
    timer.stop()
    # The UI thread kept turning while the bulletin was checked and the library built.
    assert len(ticks) >= 2, f"{len(ticks)} timer ticks during the save"
    wait_for_successor(qtbot, window)


def test_a_refused_edit_is_shown_in_the_review_and_nothing_is_written(qtbot, window, data_home: Path) -> None:
    review = open_review(qtbot, window)
    model = review.model
    model.accept_all()
    model.setData(model.index(1, 2), "9.9")  # the figure says 5.7%
    review.saveRequested.emit()
    qtbot.waitUntil(lambda: review.message.text() != "", timeout=10000)
    assert "does not match the figure" in review.message.text()
    assert str(data_home / "bulletins" / LISHUI_ID / "indicators.csv") in review.message.text()
    assert library.bulletin_ids(data_home / "bulletins") == []
    assert not (data_home / "library.db").exists()
    assert review.isVisible() and not hasattr(window, "successor")


def test_facts_and_text_follow_each_other(qtbot, window, data_home: Path) -> None:
    review = open_review(qtbot, window)
    start, end = review.spans[7]
    review.table.selectRow(7)
    cursor = review.text.textCursor()
    assert (cursor.selectionStart(), cursor.selectionEnd()) == (start, end)
    assert review.text.toPlainText()[start:end] == review.model.rows[7]["figure"]
    # Clicking inside another figure selects its fact.
    other_start, _ = review.spans[20]
    cursor.setPosition(other_start + 1)
    review.text.setTextCursor(cursor)
    assert review.table.currentIndex().row() == 20
    # Every figure and every number not taken is marked in the text.
    assert len(review.text.extraSelections()) == len(review.spans) + len(review.prepared.extraction.unclaimed)


def test_coded_fields_are_chosen_from_the_codes_the_build_allows(qtbot, window, data_home: Path) -> None:
    from PySide6.QtWidgets import QComboBox, QStyleOptionViewItem

    review = open_review(qtbot, window)
    qualifier = review.model.index(0, 3)
    assert review.model.data(qualifier) == "确数"  # shown by its label, stored as its code
    delegate = review.table.itemDelegateForIndex(qualifier)
    editor = delegate.createEditor(review.table.viewport(), QStyleOptionViewItem(), qualifier)
    assert isinstance(editor, QComboBox)
    codes = [editor.itemData(i) for i in range(editor.count())]
    assert "approx" in codes and "more_than" in codes and "about" not in codes
    editor.setCurrentIndex(codes.index("approx"))
    delegate.setModelData(editor, review.model, qualifier)
    assert review.model.rows[0]["qualifier"] == "approx" and review.dirty


def test_escape_with_unsaved_decisions_asks_first(qtbot, window, data_home: Path, monkeypatch) -> None:
    review = open_review(qtbot, window)
    asked = []

    def answer(button):
        def question(*args, **kwargs):
            asked.append(args[1:3])
            return button

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    review.model.set_accepted(0, True)
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert asked and review.isVisible()
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert len(asked) == 2
    qtbot.waitUntil(lambda: not review.isVisible(), timeout=3000)


def test_escape_without_edits_closes_without_asking(qtbot, window, data_home: Path, monkeypatch) -> None:
    review = open_review(qtbot, window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    qtbot.keyClick(review, Qt.Key.Key_Escape)
    assert not review.isVisible()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("scan.txt", b"\x00\x01\x02PNG\x00" * 200, "a binary file, not text"),
        ("nothing.txt", NO_FIGURES.encode(), "no figures found"),
        ("latin.txt", bytes(range(0x80, 0x100)) * 30, "cannot be read"),
        ("empty.txt", b"  \n", "the file is empty"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_message(
    qtbot, window, data_home: Path, tmp_path, name, content, says
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    actions = window.library_actions()
    actions.import_file(path)
    qtbot.waitUntil(lambda: actions.last_error != "", timeout=10000)
    assert actions.last_error.startswith(str(path)) and says in actions.last_error
    assert "Traceback" not in actions.last_error and "\n" not in actions.last_error
    assert actions.error_box is not None and actions.error_box.text() == actions.last_error
    assert actions.review is None


def test_an_id_taken_by_the_bundled_bulletin_is_refused(qtbot, window, data_home: Path) -> None:
    actions = window.library_actions()
    actions.import_file(LISHUI, bulletin_id="hengyang-2021-h1")
    qtbot.waitUntil(lambda: actions.last_error != "", timeout=10000)
    assert "hengyang-2021-h1" in actions.last_error and "already exists" in actions.last_error
    assert "--id" not in actions.last_error


def test_pasted_text_is_imported(qtbot, window, data_home: Path) -> None:
    actions = window.library_actions()
    actions.import_text(LISHUI.read_text(encoding="utf-8"), bulletin_id="lishui-pasted")
    qtbot.waitUntil(lambda: actions.review is not None, timeout=10000)
    assert actions.review.prepared.bulletin_id == "lishui-pasted"
    assert actions.review.model.rowCount() == 43


@pytest.mark.parametrize("how", ["button", "cancel()"])
def test_cancel_drops_the_import(qtbot, window, data_home: Path, how: str) -> None:
    actions = window.library_actions()
    task = actions.import_file(LISHUI)
    assert actions.progress is not None
    if how == "button":
        cancel = actions.progress.findChild(QPushButton)
        assert cancel is not None
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        assert task.cancelled
    else:
        actions.progress.cancel()  # what Escape on the progress dialog does
    qtbot.waitUntil(lambda: not task.running, timeout=10000)
    qtbot.wait(50)
    assert actions.review is None and actions.last_error == ""


def test_remove_from_library_through_the_window(qtbot, window, data_home: Path) -> None:
    folder = data_home / "bulletins"
    prepared = prepare(LISHUI, None, None, None, set())
    library.save(library.reviewed(prepared, prepared.rows, []), folder)
    task = window.library_actions().ask_remove(LISHUI_ID, confirm=False)
    assert task is not None
    new = wait_for_successor(qtbot, window)
    assert library.bulletin_ids(folder) == []
    # The library is empty again: the window shows the bundled data.
    assert new.db.path.name == "data.db"


@pytest.fixture
def proposed_db(tmp_path: Path) -> Path:
    """A library database with the dev text imported but not reviewed (status proposed)."""
    folder = tmp_path / "lib"
    prepared = prepare(LISHUI, None, None, None, set())
    write_folder(folder, prepared)
    database = tmp_path / "library.db"
    library.rebuild(folder, database)
    return database


def test_proposed_rows_look_different_and_say_so(qtbot, settings_file, proposed_db: Path) -> None:
    from hybrowser.app import create_window
    from hybrowser.core.selection import citations
    from hybrowser.qt.probes import wait_until_loaded
    from hybrowser.qt.table.clipboard import cell_block
    from hybrowser.qt.table.detail_pane import record_html

    window = create_window(proposed_db)
    qtbot.addWidget(window)
    window.show()
    wait_until_loaded(window, panels=False)
    tab = window.tab_named("indicators")
    model = tab.model
    rows = {model.record(r)["status"]: r for r in range(model.rowCount())}
    proposed, reviewed = rows["proposed"], rows["reviewed"]
    font_role, background_role = Qt.ItemDataRole.FontRole, Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(proposed, 0), font_role).italic()
    assert model.data(model.index(proposed, 0), background_role) is not None
    assert model.data(model.index(reviewed, 0), font_role) is None
    assert model.is_proposed(proposed) and not model.is_proposed(reviewed)
    html = record_html(tab.table, model.record(proposed), None, "zh")
    says = "未审核：导入后尚未经人工核对"
    assert says in html and says not in record_html(tab.table, model.record(reviewed), None, "zh")
    # A copy with citation marks the figure as unreviewed.
    tab.view.selectRow(proposed)
    text = citations(cell_block(tab), window.bulletins, "zh")
    assert text.endswith("；未审核）")
    # The Bulletins tab counts each bulletin's figures and those still proposed.
    bulletins = window.tab_named("bulletins").model
    counts = {
        bulletins.record(r)["id"]: (bulletins.record(r)["facts"], bulletins.record(r)["proposed"])
        for r in range(bulletins.rowCount())
    }
    assert counts == {"hengyang-2021-h1": (50, 0), LISHUI_ID: (43, 43)}
    window.close()


def test_the_bulletin_filter_limits_a_tab(qtbot, settings_file, proposed_db: Path) -> None:
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    window = create_window(proposed_db)
    qtbot.addWidget(window)
    window.show()
    wait_until_loaded(window, panels=False)
    tab = window.tab_named("indicators")
    column = tab.model.column_index("bulletin_id")
    assert column is not None  # a visible column, with a filter box like the others
    tab.set_filter("bulletin_id", "丽水")
    qtbot.waitUntil(lambda: tab.model.exact and tab.model.rowCount() == 43, timeout=10000)
    window.close()


def test_remove_offers_the_bulletin_of_the_current_row(qtbot, settings_file, data_home, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    folder = data_home / "bulletins"
    for text in (LISHUI, XIANGTAN):  # two, so that the second is offered only if it is chosen
        prepared = prepare(text, None, None, None, set())
        library.save(library.reviewed(prepared, prepared.rows, []), folder)
    window = create_window(library_database(folder))
    qtbot.addWidget(window)
    window.show()
    wait_until_loaded(window, panels=False)
    tab = window.tab_named("bulletins")
    row = next(r for r in range(tab.model.rowCount()) if tab.model.record(r)["id"] == XIANGTAN_ID)
    tab.view.setCurrentIndex(tab.model.index(row, 0))
    offered = []

    def get_item(_parent, _title, _label, items, current, _editable):
        offered.append(items[current])
        return items[current], False  # the user cancels

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    assert window.library_actions().ask_remove() is None
    assert offered == [XIANGTAN_ID] and library.bulletin_ids(folder) == [LISHUI_ID, XIANGTAN_ID]
    window.close()


def test_a_library_that_does_not_build_is_named_at_start_up(qtbot, window) -> None:
    from hybrowser.qt.review.actions import show_library_problems

    problem = "/home/u/.local/share/hybrowser/bulletins/x: no bulletin.csv"
    box = show_library_problems(window, [problem])
    assert box.isVisible() and problem in box.informativeText()
    assert "内置数据" in box.text() and window.db.path.name == "data.db"
    box.close()


def test_importing_a_library_bulletin_again_replaces_it(qtbot, window, data_home: Path) -> None:
    folder = data_home / "bulletins"
    prepared = prepare(LISHUI, None, None, None, set())
    library.save(library.reviewed(prepared, prepared.rows, []), folder)
    actions = window.library_actions()
    assert actions.import_file(LISHUI, replace=False) is None  # the user said no
    review = open_review(qtbot, window, replace=True)
    review.model.set_accepted(0, True)
    review.saveRequested.emit()
    new = wait_for_successor(qtbot, window)
    imported = [r for r in indicator_records(new) if r["bulletin_id"] == LISHUI_ID]
    assert [r["id"] for r in imported] == [prepared.rows[0]["id"]]
    assert sorted(p.name for p in folder.iterdir()) == [LISHUI_ID]


def test_the_import_dialog_takes_a_file_or_pasted_text(qtbot, window, data_home: Path, monkeypatch) -> None:
    from hybrowser.qt.review.source_dialog import SourceDialog

    dialog = SourceDialog("en", window)
    qtbot.addWidget(dialog)
    assert dialog.problem() == "Choose a file or paste a text."
    dialog.paste.setPlainText(LISHUI.read_text(encoding="utf-8"))
    dialog.published.setText("2024-13-01")
    assert "not a date" in dialog.problem()
    dialog.published.setText("")
    assert dialog.problem() == "" and dialog.path is None

    def filled(self) -> bool:
        self.file.setText(str(LISHUI))
        self.bulletin_id.setText("lishui-from-dialog")
        return True

    monkeypatch.setattr(SourceDialog, "exec", filled)
    window.library_actions().ask_import()
    actions = window.library_actions()
    qtbot.waitUntil(lambda: actions.review is not None, timeout=10000)
    assert actions.review.prepared.bulletin_id == "lishui-from-dialog"


def test_an_export_marks_proposed_rows(qtbot, settings_file, proposed_db: Path, tmp_path: Path) -> None:
    from hybrowser.app import create_window
    from hybrowser.qt.probes import wait_until_loaded

    window = create_window(proposed_db, lang="zh")
    qtbot.addWidget(window)
    window.show()
    wait_until_loaded(window, panels=False)
    window.tab_named("indicators")
    out = tmp_path / "indicators.csv"
    assert window.files.export_current(out).wait()  # written in the background
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    lishui = [line for line in lines if "丽水市2024年1—5月" in line]
    assert len(lishui) == 43 and all("未审核" in line for line in lishui)
    assert not any("未审核" in line for line in lines[1:] if line not in lishui)
    window.close()
