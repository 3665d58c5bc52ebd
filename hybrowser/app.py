"""Composition root: command-line arguments, logging, QApplication and fonts, the main window.

    hybrowser [DB]                        open DB (default: the bundled data.db)
    hybrowser build [--check]             rebuild data.db from resources/
    hybrowser build --bulletins DIR --out FILE   resources/ plus imported bulletin folders
    hybrowser import FILE... [--out DIR]  bulletin texts → folders of proposed facts
    hybrowser --screenshot FILE [--tab NAME] [--lang zh|en] [--size WxH] [DB]
    hybrowser --version

Start-up is kept lean: only the standard library's sqlite3 and Qt widgets load before
the first paint; sqlite-utils is for the build, pyqtgraph loads after the window shows.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from hybrowser import __version__
from hybrowser.db.connection import BulletinDatabase, DatabaseOpenError, open_database

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = REPO_ROOT / "data.db"

log = logging.getLogger("hybrowser")

EXIT_BAD_INPUT = 2

#: How long a Python thread may keep the GIL while another waits for it, in seconds.
SWITCH_INTERVAL_S = 0.001


def log_file() -> Path:
    """The log file in the user's log folder (HYBROWSER_LOG_DIR overrides it, for tests)."""
    folder = os.environ.get("HYBROWSER_LOG_DIR")
    if not folder:
        import platformdirs

        folder = platformdirs.user_log_dir("hybrowser", appauthor=False)
    return Path(folder) / "hybrowser.log"


def setup_logging() -> Path | None:
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError:
        # No writable log folder: drop the records rather than print them over the one-line
        # error messages of the command line.
        logging.getLogger().addHandler(logging.NullHandler())
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, logging.FileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x800, not {text!r}") from None
    if not (100 <= width <= 10000 and 100 <= height <= 10000):
        raise argparse.ArgumentTypeError("width and height must be between 100 and 10000")
    return width, height


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hybrowser", description="Browse a city's economic bulletin.")
    parser.add_argument("db", nargs="?", type=Path, default=None, help="bulletin database (default: data.db)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE", help="render the window to a PNG and exit")
    parser.add_argument("--tab", help="tab to show (table name or title)")
    parser.add_argument("--lang", choices=("zh", "en"), help="language of the interface")
    parser.add_argument("--size", type=_size, default=None, metavar="WxH", help="window size, e.g. 1400x900")
    parser.add_argument("--version", action="version", version=f"hybrowser {__version__}")
    return parser.parse_args(argv)


def make_application():
    """The QApplication (created once), with the bundled Chinese font registered."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen: still able to render
    from PySide6.QtWidgets import QApplication

    # The UI thread calls into Python for every cell it paints; while a worker runs Python
    # (a chart or map query, the panels' import) each such call may wait for the GIL up to
    # the switch interval. 1 ms instead of 5 ms: a repaint measured 340 → 70 ms under load.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("hybrowser")
    app.setOrganizationName("hybrowser")
    from hybrowser.qt.fonts import start_loading_bundled_font

    # Read in a thread while the window's modules import; the window waits for it.
    start_loading_bundled_font()
    return app


def _main_window_class():
    """MainWindow, imported while the font loads, with the font in place once it returns."""
    from hybrowser.qt.fonts import register_bundled_font
    from hybrowser.qt.main_window import MainWindow

    register_bundled_font()
    return MainWindow


def create_window(db_path: Path | str | None = None, lang: str | None = None, settings=None):
    """The main window for a database, without starting the event loop (tests, screenshots).

    Raises DatabaseOpenError for a database that cannot be shown.
    """
    make_application()
    main_window = _main_window_class()
    from hybrowser.qt.settings import open_settings

    db = open_database(Path(db_path) if db_path else DEFAULT_DB)
    return main_window(db, settings or open_settings(), lang=lang, log_path=log_file())


def wait_until_loaded(window, timeout_s: float = 10.0, panels: bool = True) -> None:
    """Process events until every query has answered (and, with panels, the chart and map are in)."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if window.is_idle() and (window.panels_ready() or not panels):
            QApplication.processEvents()
            if window.is_idle():
                return
        time.sleep(0.005)


def take_screenshot(args: argparse.Namespace) -> int:
    from hybrowser.qt.settings import temporary_settings

    # A screenshot never reads or changes the user's settings.
    settings = temporary_settings()
    window = create_window(args.db, lang=args.lang or "zh", settings=settings)
    width, height = args.size or (1400, 900)
    window.resize(width, height)
    if args.tab and window.tab_named(args.tab) is None:
        print(f"hybrowser: no tab named {args.tab!r}", file=sys.stderr)
        return EXIT_BAD_INPUT
    window.show()
    wait_until_loaded(window)
    image = window.grab()
    window.close()
    if not image.save(str(args.screenshot), "PNG"):
        print(f"hybrowser: cannot write {args.screenshot}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"wrote {args.screenshot} ({image.width()}x{image.height()})")
    return 0


def run_gui(args: argparse.Namespace) -> int:
    if not _has_display() and not os.environ.get("QT_QPA_PLATFORM"):
        print("hybrowser: no display to show the window on (try --screenshot FILE)", file=sys.stderr)
        return EXIT_BAD_INPUT
    app = make_application()
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    main_window = _main_window_class()
    from hybrowser.qt.settings import open_settings

    log_path = setup_logging()
    windows: list = []
    path = args.db or DEFAULT_DB
    while True:
        try:
            db: BulletinDatabase = open_database(path)
            break
        except DatabaseOpenError as error:
            log.warning("cannot open: %s", error)
            box = QMessageBox(QMessageBox.Icon.Warning, "hybrowser", str(error))
            other = box.addButton("Open another file…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton(QMessageBox.StandardButton.Close)
            box.exec()
            if box.clickedButton() is not other:
                return EXIT_BAD_INPUT
            chosen, _ = QFileDialog.getOpenFileName(None, "hybrowser", str(Path(path).parent))
            if not chosen:
                return EXIT_BAD_INPUT
            path = Path(chosen)

    def open_other(new_path: Path) -> None:
        try:
            new_db = open_database(new_path)
        except DatabaseOpenError as error:
            QMessageBox.warning(windows[-1] if windows else None, "hybrowser", str(error))
            return
        window = main_window(new_db, open_settings(), args.lang, open_database=open_other, log_path=log_path)
        window.show()
        windows.append(window)

    window = main_window(db, open_settings(), args.lang, open_database=open_other, log_path=log_path)
    if args.size:
        window.resize(*args.size)
    if args.tab:
        window.tab_named(args.tab)
    window.show()
    windows.append(window)
    problems = getattr(args, "library_problems", None)
    if problems:
        from hybrowser.qt.review.actions import show_library_problems

        show_library_problems(window, problems)
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["build"]:
        from hybrowser.build import main as build_main

        return build_main(argv[1:])
    if argv[:1] == ["import"]:
        from hybrowser.extract.command import main as import_main

        return import_main(argv[1:])
    args = parse_arguments(argv)
    setup_logging()
    # Check the database before any window: a bad path gets one line and exit 2.
    path = args.db or DEFAULT_DB
    if args.db is None and args.screenshot is None:
        path, problems = _library_or_bundled()  # issue 13: the user's library, if it has bulletins
        args.db, args.library_problems = path, problems
    try:
        open_database(path).close()
    except DatabaseOpenError as error:
        print(f"hybrowser: {error}", file=sys.stderr)
        log.warning("cannot open: %s", error)
        if args.screenshot is not None:
            return EXIT_BAD_INPUT
        if not sys.stdin or not _has_display():
            return EXIT_BAD_INPUT
    if args.screenshot is not None:
        return take_screenshot(args)
    return run_gui(args)


def _library_or_bundled() -> tuple[Path, list[str]]:
    """The library database when the library has bulletins (rebuilt if stale), else data.db."""
    from hybrowser.library import startup_database

    path, problems = startup_database(DEFAULT_DB)
    if problems:
        print("hybrowser: the library does not build; showing the bundled data:", file=sys.stderr)
        print("\n".join(problems[:10]), file=sys.stderr)
        log.warning("library does not build: %s", "; ".join(problems))
    return path, problems


def _has_display() -> bool:
    return sys.platform != "linux" or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
