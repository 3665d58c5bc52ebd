"""The main window's menu bar: its actions and shortcuts, their texts in each language, the log and About."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from hybrowser import __version__
from hybrowser.core.labels import ABOUT, tr

if TYPE_CHECKING:
    from hybrowser.qt.main_window import MainWindow

LANGUAGES = (("zh", "中文"), ("en", "English"))


class WindowMenus:
    """Builds a MainWindow's menus; each action calls the window, its current tab or its file flows."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.build()

    def action(self, menu, key: str, slot: Callable[[], object], shortcut=None) -> QAction:
        action = QAction(self.window)
        action.setData(key)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        menu.addAction(action)
        self._actions.append(action)
        return action

    def build(self) -> None:
        window = self.window
        self._actions: list[QAction] = []
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.action(self.file_menu, "Open…", window.files.ask_open, QKeySequence.StandardKey.Open)
        self.action(
            self.file_menu, "Export visible rows as CSV…", lambda: window.files.export_dialog("csv"), "Ctrl+E"
        )
        self.action(
            self.file_menu,
            "Export visible rows as XLSX…",
            lambda: window.files.export_dialog("xlsx"),
            "Ctrl+Shift+E",
        )
        # Exports show what the window shows; a checked box exports the stored codes instead.
        codes = self.action(self.file_menu, "Export codes instead of labels", lambda: None)
        self.export_codes_action = codes
        self.export_codes_action.setCheckable(True)
        self.export_codes_action.setChecked(window.settings.value("export/codes", False, type=bool))
        self.export_codes_action.toggled.connect(lambda on: window.settings.setValue("export/codes", on))
        self.file_menu.addSeparator()
        # issue 13: the library (hybrowser/qt/review), loaded when first used.
        self.action(
            self.file_menu, "Import bulletin…", lambda: window.library_actions().ask_import(), "Ctrl+I"
        )
        self.file_menu.addSeparator()
        self.action(self.file_menu, "Quit", window.close, QKeySequence.StandardKey.Quit)
        self.bulletin_menu = bar.addMenu("")
        self.bulletin_menu.menuAction().setData("Bulletin")
        self._actions.append(self.bulletin_menu.menuAction())
        self.action(self.bulletin_menu, "Remove from library…", lambda: window.library_actions().ask_remove())
        self.edit_menu = bar.addMenu("")
        self.action(
            self.edit_menu,
            "Copy",
            lambda: window.current_tab().clipboard.copy(False),
            QKeySequence.StandardKey.Copy,
        )
        self.action(
            self.edit_menu,
            "Copy with headers",
            lambda: window.current_tab().clipboard.copy(True),
            "Ctrl+Shift+C",
        )
        self.action(self.edit_menu, "Copy raw values", lambda: window.current_tab().clipboard.copy_raw())
        self.action(self.edit_menu, "Copy as CSV", lambda: window.current_tab().clipboard.copy_csv())
        self.action(
            self.edit_menu,
            "Copy with citation",
            lambda: window.current_tab().clipboard.copy_citation(),
            "Ctrl+Alt+C",
        )
        self.edit_menu.addSeparator()
        self.action(
            self.edit_menu, "Find", lambda: window.current_tab().focus_search(), QKeySequence.StandardKey.Find
        )
        self.action(self.edit_menu, "Filter row", lambda: window.current_tab().focus_filters(), "Ctrl+L")
        self.action(self.edit_menu, "Clear filters", lambda: window.current_tab().clear_filters(), "Escape")
        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        group = QActionGroup(window)
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES:
            action = QAction(name, window, checkable=True)
            action.setChecked(code == window.lang)
            action.triggered.connect(lambda _checked=False, c=code: window.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.view_menu.addAction(window.chart_dock.toggleViewAction())
        self.view_menu.addAction(window.map_dock.toggleViewAction())
        self.view_menu.addAction(window.series_dock.toggleViewAction())
        next_tab = QAction(window)
        next_tab.setShortcut(QKeySequence("Ctrl+Tab"))
        next_tab.triggered.connect(
            lambda: window.tabs.setCurrentIndex((window.tabs.currentIndex() + 1) % window.tabs.count())
        )
        previous_tab = QAction(window)
        previous_tab.setShortcut(QKeySequence("Ctrl+Shift+Tab"))
        previous_tab.triggered.connect(
            lambda: window.tabs.setCurrentIndex((window.tabs.currentIndex() - 1) % window.tabs.count())
        )
        window.addActions([next_tab, previous_tab])
        self.help_menu = bar.addMenu("")
        self.action(self.help_menu, "Open log file", self.open_log)
        self.action(self.help_menu, "About", self.about)

    def retranslate(self, lang: str) -> None:
        self.file_menu.setTitle(tr("File", lang))
        self.edit_menu.setTitle(tr("Edit", lang))
        self.view_menu.setTitle(tr("View", lang))
        self.language_menu.setTitle(tr("Language", lang))
        self.help_menu.setTitle(tr("Help", lang))
        for action in self._actions:
            action.setText(tr(str(action.data()), lang))

    def open_log(self) -> None:
        log_path = self.window.log_path
        if log_path is not None:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            log_path.touch(exist_ok=True)
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path)))

    def about_text(self) -> str:
        """The About box's text in the window's language: version, database, sources, licences."""
        return tr(ABOUT, self.window.lang, version=__version__, path=self.window.db.path)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(self.window, tr("About", self.window.lang), self.about_text())
