"""The main window's file flows: open another database, export the current tab's rows (CSV, XLSX)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from hybrowser.core.figures import format_number
from hybrowser.core.labels import tr

if TYPE_CHECKING:
    from hybrowser.qt.export_job import ExportJob
    from hybrowser.qt.main_window import MainWindow


class FileFlows:
    """File → Open… and the exports; the export running, if any, is cancelled when the window closes."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.export_job: ExportJob | None = None

    def ask_open(self) -> None:
        """File → Open…: another bulletin database, in a new window."""
        from PySide6.QtWidgets import QFileDialog  # dialogs load when first used, not at start-up

        window = self.window
        path, _ = QFileDialog.getOpenFileName(
            window,
            tr("Open…", window.lang),
            str(window.db.path.parent),
            "SQLite (*.db *.sqlite *.sqlite3);;* (*)",
        )
        if path and window._open_database is not None:
            window._open_database(Path(path))

    def export_dialog(self, kind: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        from hybrowser.core.export import EXPORT_KINDS, with_extension  # when first used, not at start-up

        window = self.window
        tab = window.current_tab()
        suggested = str(Path.home() / f"{tab.table.name}.{kind}")
        filters = {f"{k.upper()} (*.{k})": k for k in sorted(EXPORT_KINDS, key=lambda k: k != kind)}
        path, chosen = QFileDialog.getSaveFileName(
            window, tr("File", window.lang), suggested, ";;".join(filters), next(iter(filters))
        )
        if path:
            # The type chosen in the dialog wins, and its extension is added to a bare name.
            chosen_kind = filters.get(chosen, kind)
            self.export_current(with_extension(Path(path), chosen_kind), chosen_kind)

    def export_current(self, path: Path, kind: str | None = None) -> ExportJob:
        """Export the current tab's filtered rows in the background, with progress and Cancel.

        kind is "csv" or "xlsx" (by default the path's extension); the rows are written as the
        window shows them, or as stored codes when File → "Export codes instead of labels" is on.
        An error is shown in a message box, never raised; the job's wait() is for tests.
        """
        from PySide6.QtWidgets import QProgressDialog

        from hybrowser.qt.export_job import ExportJob

        window = self.window
        if self.export_job is not None:
            self.export_job.cancel()
        tab = window.current_tab()
        job = ExportJob(
            window.db.path,
            tab.table,
            tab.model.columns,
            tab.state(),
            window.lang,
            path,
            window,
            kind=kind,
            codes=window.menus.export_codes_action.isChecked(),
            ref_labels=tab.model.ref_labels,
        )
        self.export_job = job
        rows = tab.model.rowCount()
        dialog = QProgressDialog(
            tr("Exporting {n} rows to {path}…", window.lang, n=format_number(rows), path=path),
            tr("Cancel", window.lang),
            0,
            max(rows, 1),
            window,
        )
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(500)  # a small export finishes before the dialog would show
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(job.cancel)
        job.progress.connect(lambda n: dialog.setValue(min(n, dialog.maximum())))

        def done() -> None:
            dialog.canceled.disconnect(job.cancel)
            dialog.close()
            dialog.deleteLater()  # and its timer, which would show it later

        def finished(written: int) -> None:
            done()
            window.statusBar().showMessage(
                tr("Exported {n} rows to {path}", window.lang, n=format_number(written), path=path), 5000
            )

        def failed(message: str) -> None:
            from PySide6.QtWidgets import QMessageBox

            done()
            QMessageBox.warning(window, tr("Export failed", window.lang), message)

        def cancelled() -> None:
            done()
            window.statusBar().showMessage(tr("Export cancelled", window.lang), 5000)

        job.finished.connect(finished)
        job.failed.connect(failed)
        job.cancelled.connect(cancelled)
        job.start()
        return job
