"""Composition root: command-line arguments, logging, QApplication and fonts, the main window.

    hybrowser [DB]                        open DB (default: the bundled data.db)
    hybrowser build [--check]             rebuild data.db from resources/
    hybrowser build --bulletins DIR --out FILE   resources/ plus imported bulletin folders
    hybrowser import FILE... [--out DIR]  bulletin texts → folders of proposed facts
    hybrowser --screenshot FILE [--tab NAME] [--lang zh|en] [--size WxH] [DB]
    hybrowser --install-desktop-entry     add hybrowser to the desktop's applications
    hybrowser --version

Qt's own options (-style Fusion, -platform xcb, -reverse, ...) are passed to Qt.

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
from hybrowser.locations import BUNDLED_DATABASE

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


#: Qt's own command-line options (QApplication and QGuiApplication), with and without a value.
QT_OPTIONS_WITH_VALUE = (
    "-style",
    "-stylesheet",
    "-platform",
    "-platformpluginpath",
    "-platformtheme",
    "-plugin",
    "-qwindowgeometry",
    "-qwindowicon",
    "-qwindowtitle",
    "-session",
    "-display",
    "-geometry",
    "-name",
)
QT_FLAGS = ("-reverse", "-widgetcount", "-nograb", "-dograb", "-sync", "-qmljsdebugger")

COMMANDS_HELP = """commands:
  hybrowser build [--check]   rebuild data.db from resources/ (--check: exit 1 if it is not current)
  hybrowser build --bulletins DIR --out FILE
                              build FILE from resources/ plus the bulletin folders under DIR
  hybrowser import FILE... [--out DIR] [--id ID] [--region R] [--published YYYY-MM-DD]
                              bulletin texts -> folders of proposed facts (default: your library)

Qt's own options are passed to Qt, e.g. hybrowser -style Fusion
"""


def split_qt_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """(Qt's options, ours): '-style Fusion' and '-style=Fusion' go to Qt, not to argparse."""
    qt: list[str] = []
    ours: list[str] = []
    arguments = iter(argv)
    for argument in arguments:
        name = argument.split("=", 1)[0]
        if argument == "--":
            ours.append(argument)
            ours.extend(arguments)
        elif name in QT_OPTIONS_WITH_VALUE:
            qt.append(argument)
            if "=" not in argument:
                qt.append(next(arguments, ""))
        elif name in QT_FLAGS:
            qt.append(argument)
        else:
            ours.append(argument)
    return qt, ours


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    qt_options, argv = split_qt_options(argv)
    parser = argparse.ArgumentParser(
        prog="hybrowser",
        usage=(
            "%(prog)s [options] [DB]\n       %(prog)s build [--check]\n"
            "       %(prog)s import FILE... [--out DIR]"
        ),
        description="Browse a city's economic bulletin.",
        epilog=COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("db", nargs="?", type=Path, default=None, help="bulletin database (default: data.db)")
    parser.add_argument("--screenshot", type=Path, metavar="FILE", help="render the window to a PNG and exit")
    parser.add_argument("--tab", help="tab to show (table name or title)")
    parser.add_argument("--lang", choices=("zh", "en"), help="language of the interface")
    parser.add_argument("--size", type=_size, default=None, metavar="WxH", help="window size, e.g. 1400x900")
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add hybrowser (launcher, icon, AppStream metadata) to the desktop's applications and exit",
    )
    parser.add_argument("--version", action="version", version=f"hybrowser {__version__}")
    args = parser.parse_args(argv)
    args.qt_options = qt_options
    return args


def make_application(qt_options: list[str] | None = None):
    """The QApplication (created once, with Qt's own options), its icon, the bundled font."""
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
    app = QApplication.instance() or QApplication(sys.argv[:1] + list(qt_options or ()))
    app.setApplicationName("hybrowser")
    app.setOrganizationName("hybrowser")
    from hybrowser.desktop_entry import APP_ID
    from hybrowser.qt.app_icon import app_icon

    app.setWindowIcon(app_icon())
    app.setDesktopFileName(APP_ID)  # Wayland finds the launcher, and its icon, by this name
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


def create_window(
    db_path: Path | str | None = None,
    lang: str | None = None,
    settings=None,
    qt_options: list[str] | None = None,
):
    """The main window for a database, without starting the event loop (tests, screenshots).

    Raises DatabaseOpenError for a database that cannot be shown.
    """
    make_application(qt_options)
    main_window = _main_window_class()
    from hybrowser.qt.settings import open_settings

    db = open_database(Path(db_path) if db_path else BUNDLED_DATABASE)
    return main_window(db, settings or open_settings(), lang=lang, log_path=log_file())


def take_screenshot(args: argparse.Namespace) -> int:
    from hybrowser.qt.probes import wait_until_loaded
    from hybrowser.qt.settings import temporary_settings

    # A screenshot never reads or changes the user's settings, and leaves no file of its own.
    with temporary_settings() as settings:
        window = create_window(args.db, lang=args.lang or "zh", settings=settings, qt_options=args.qt_options)
        width, height = args.size or (1400, 900)
        window.resize(width, height)
        if args.tab and window.tab_named(args.tab) is None:
            window.close()
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
    app = make_application(args.qt_options)
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    main_window = _main_window_class()
    from hybrowser.qt.settings import open_settings

    log_path = setup_logging()
    windows: list = []
    path = args.db or BUNDLED_DATABASE
    opened: BulletinDatabase | None = getattr(args, "opened", None)
    while True:
        try:
            db: BulletinDatabase = opened if opened is not None else open_database(path)
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
        from hybrowser.build.command import main as build_main

        return build_main(argv[1:])
    if argv[:1] == ["import"]:
        from hybrowser.import_command import main as import_main

        return import_main(argv[1:])
    args = parse_arguments(argv)
    if args.install_desktop_entry:
        from hybrowser.desktop_entry import main as install_main

        return install_main()
    setup_logging()
    # Check the database before any window: a bad path gets one line and exit 2.
    path = args.db or BUNDLED_DATABASE
    if args.db is None and args.screenshot is None:
        path, problems = _library_or_bundled()  # issue 13: the user's library, if it has bulletins
        args.db, args.library_problems = path, problems
    args.opened = None
    try:
        # Opened once: the window shows this connection (a screenshot opens its own).
        args.opened = open_database(path)
        if args.screenshot is not None:
            args.opened.close()
            args.opened = None
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

    path, problems = startup_database(BUNDLED_DATABASE)
    if problems:
        print("hybrowser: the library does not build; showing the bundled data:", file=sys.stderr)
        print("\n".join(problems[:10]), file=sys.stderr)
        log.warning("library does not build: %s", "; ".join(problems))
    return path, problems


def _has_display() -> bool:
    return sys.platform != "linux" or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
