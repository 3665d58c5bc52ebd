"""The window's library actions: import a bulletin, review and save it, remove one; each in a worker."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox, QProgressDialog

from hybrowser import library
from hybrowser.core.labels import tr
from hybrowser.extract.folder import Prepared
from hybrowser.extract.read import ImportInputError, decode_bulletin
from hybrowser.import_command import id_from_name, prepare, prepare_text
from hybrowser.locations import BUNDLED_DATABASE, bundled_bulletin_ids, library_database, library_folder
from hybrowser.qt.review.task import Task
from hybrowser.qt.review.view import ReviewDialog

log = logging.getLogger(__name__)

#: Show the progress dialog only for work that takes longer than this.
PROGRESS_AFTER_MS = 300
PASTED = Path("pasted text")

# The command's hints name its options; in the window they are fields of the import dialog.
_HINTS = {
    "; give --id": "; give another id",
    "; give --published YYYY-MM-DD": "; give the date it was published",
    "; give --region": "; give the region",
}


def window_message(error: BaseException) -> str:
    """An error as one or more lines for a dialog: the build's problems, or the import's one line."""
    text = "\n".join(error.problems) if isinstance(error, library.LibraryError) else str(error)
    if isinstance(error, OSError) and not isinstance(error, ImportInputError):
        text = f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
    for hint, replacement in _HINTS.items():
        text = text.replace(hint, replacement)
    return text


class LibraryActions(QObject):
    """Import → review → save into the library → the window reopened on the library database."""

    def __init__(self, window, reopen: Callable[[Path], None] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.reopen = reopen or (lambda path: replace_window(window, path))
        self.task: Task | None = None
        self.progress: QProgressDialog | None = None
        self.review: ReviewDialog | None = None
        self.last_error = ""
        self.error_box: QMessageBox | None = None

    @property
    def lang(self) -> str:
        return self.window.lang

    @property
    def folder(self) -> Path:
        return library_folder()

    # ---- import ------------------------------------------------------------------------------

    def ask_import(self) -> None:
        """File → Import bulletin…: the source dialog, then the import."""
        from hybrowser.qt.review.source_dialog import SourceDialog

        dialog = SourceDialog(self.lang, self.window, str(Path.home()))
        if not dialog.exec():
            return
        if dialog.path is not None:
            self.import_file(dialog.path, **dialog.options())
        else:
            self.import_text(dialog.pasted, **dialog.options())

    def import_file(self, path: Path, replace: bool | None = None, **options: str | None) -> Task | None:
        """Read, extract and check a text file in a worker; the review opens when it is done."""
        bulletin_id = options.get("bulletin_id") or id_from_name(path)
        taken = self._taken(bulletin_id, replace)
        if taken is None:
            return None
        return self._run(
            lambda: prepare(path, options.get("bulletin_id"), options.get("region"), options.get("published"),
                            taken),
            tr("Reading {name}…", self.lang, name=path.name),
            self._review,
        )  # fmt: skip

    def import_text(self, text: str, replace: bool | None = None, **options: str | None) -> Task | None:
        """The same for pasted text (named 'pasted text' in messages)."""
        bulletin_id = options.get("bulletin_id") or id_from_name(PASTED)
        taken = self._taken(bulletin_id, replace)
        if taken is None:
            return None

        def work() -> Prepared:
            decoded, encoding = decode_bulletin(text.encode("utf-8"), str(PASTED))
            return prepare_text(
                PASTED, decoded, encoding, bulletin_id, options.get("region"), options.get("published"), taken
            )

        return self._run(work, tr("Reading the pasted text…", self.lang), self._review)

    def _taken(self, bulletin_id: str, replace: bool | None) -> set[str] | None:
        """Ids the import may not use; a bulletin of the library may be replaced (asked first)."""
        taken = bundled_bulletin_ids() | set(library.bulletin_ids(self.folder))
        if bulletin_id in library.bulletin_ids(self.folder):
            if replace is None:
                answer = QMessageBox.question(
                    self.window,
                    tr("Import bulletin…", self.lang),
                    tr("{id} is already in the library. Import again and replace it when saved?", self.lang,
                       id=bulletin_id),
                )  # fmt: skip
                replace = answer == QMessageBox.StandardButton.Yes
            if not replace:
                return None
            taken.discard(bulletin_id)
        return taken

    def _review(self, prepared: Prepared) -> None:
        self.review = ReviewDialog(prepared, self.lang, self.window)
        self.review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.review.saveRequested.connect(self.save_review)
        self.review.show()

    # ---- save --------------------------------------------------------------------------------

    def save_review(self) -> Task | None:
        """Write the reviewed bulletin and rebuild the library database, in a worker."""
        review = self.review
        if review is None or (self.task is not None and self.task.running):
            return None
        model = review.model
        reviewed = library.reviewed(review.prepared, model.accepted_rows(), model.rejected_rows())
        folder = self.folder
        review.setEnabled(False)

        def saved(_target: object) -> None:
            review.setEnabled(True)
            review.mark_saved()
            review.close()
            self.window.statusBar().showMessage(
                tr("Saved {id} to the library", self.lang, id=reviewed.bulletin_id), 5000
            )
            self.reopen(library_database(folder))

        def refused(error: BaseException) -> None:
            review.setEnabled(True)
            if not isinstance(error, (library.LibraryError, OSError)):
                log.error("saving %s failed", reviewed.bulletin_id, exc_info=error)
            review.show_problems(window_message(error).splitlines())

        return self._run(
            lambda: library.save(reviewed, folder),
            tr("Saving {id} and rebuilding the library…", self.lang, id=reviewed.bulletin_id),
            saved,
            refused,
            cancellable=False,
        )

    # ---- remove ------------------------------------------------------------------------------

    def ask_remove(self, bulletin_id: str | None = None, confirm: bool = True) -> Task | None:
        """Bulletin → Remove from library…: which one, asked for confirmation, then removed."""
        ids = library.bulletin_ids(self.folder)
        if not ids:
            self._show_error(tr("The library has no bulletins.", self.lang))
            return None
        if bulletin_id is None:
            current = self._current_bulletin()
            chosen, ok = QInputDialog.getItem(
                self.window,
                tr("Remove from library…", self.lang),
                tr("Bulletin", self.lang),
                ids,
                ids.index(current) if current in ids else 0,
                False,
            )
            if not ok:
                return None
            bulletin_id = chosen
        if bulletin_id not in ids:
            self._show_error(tr("{id} is not in the library", self.lang, id=bulletin_id))
            return None
        if confirm:
            answer = QMessageBox.question(
                self.window,
                tr("Remove from library…", self.lang),
                tr("Remove {id} and its figures from the library?", self.lang, id=bulletin_id),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        folder = self.folder

        def removed(_result: object) -> None:
            database = library_database(folder)
            self.reopen(database if library.bulletin_ids(folder) else BUNDLED_DATABASE)

        return self._run(
            lambda: library.remove(bulletin_id, folder),
            tr("Removing {id}…", self.lang, id=bulletin_id),
            removed,
            cancellable=False,
        )

    def _current_bulletin(self) -> str | None:
        """The bulletin of the current tab's current row (a row of the Bulletins tab, or its bulletin_id)."""
        tab = self.window.current_tab()
        index = tab.view.currentIndex()
        record = tab.model.record(index.row()) if index.isValid() else None
        if not record:
            return None
        return str(record.get("id") if tab.table.name == "bulletins" else record.get("bulletin_id"))

    # ---- work beside the UI thread -----------------------------------------------------------

    def _run(
        self,
        work: Callable[[], object],
        label: str,
        done: Callable,
        failed: Callable | None = None,
        cancellable: bool = True,
    ) -> Task:
        task = self.task = Task(work, self)
        progress = self.progress = QProgressDialog(label, tr("Cancel", self.lang), 0, 0, self.window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(PROGRESS_AFTER_MS)
        if not cancellable:
            progress.setCancelButton(None)
        progress.canceled.connect(task.cancel)

        def finish(answer: object, handle: Callable) -> None:
            cancelled = progress.wasCanceled()
            progress.reset()
            progress.deleteLater()
            if not cancelled:
                handle(answer)

        task.done.connect(lambda result: finish(result, done))
        task.failed.connect(lambda error: finish(error, failed or self._show_error))
        return task.start()

    def _show_error(self, error: BaseException | str) -> None:
        """A message naming the file and the problem; not modal, so the window stays live."""
        self.last_error = error if isinstance(error, str) else window_message(error)
        if isinstance(error, (str, ImportInputError, library.LibraryError, OSError)):
            log.info("library action refused: %s", self.last_error)
        else:  # a bug, not bad input: its traceback goes to the log file, one line to the user
            log.error("library action failed", exc_info=error)
        box = QMessageBox(QMessageBox.Icon.Warning, "hybrowser", self.last_error, parent=self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.error_box = box


#: Windows opened in place of another: kept referenced while they are open.
_WINDOWS: list = []


def replace_window(window, path: Path):
    """Show the database at `path` in a new window where `window` was, then close `window`.

    The tabs, panels and queries are all made for one database; a new window is simpler and
    safer than re-pointing each of them. The old window's settings carry over.
    """
    import shiboken6

    from hybrowser.db.connection import DatabaseOpenError, open_database

    try:
        db = open_database(path)
    except DatabaseOpenError as error:
        window.library_actions()._show_error(str(error))
        return None
    window.save_settings()
    new = type(window)(
        db, window.settings, window.lang, open_database=window._open_database, log_path=window.log_path
    )
    new.setGeometry(window.geometry())
    new.show()
    _WINDOWS[:] = [w for w in _WINDOWS if shiboken6.isValid(w) and w.isVisible()] + [new]
    window.successor = new
    window.close()
    return new


def show_library_problems(window, problems: list[str]) -> QMessageBox:
    """At start-up: the library does not build; the build's problems, naming each folder and file."""
    text = tr("The library does not build; the bundled data is shown.", window.lang)
    box = QMessageBox(QMessageBox.Icon.Warning, "hybrowser", text, parent=window)
    box.setInformativeText("\n".join(problems[:10]))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
