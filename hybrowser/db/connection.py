"""Opening a bulletin database read-only, with one clear message for every way it can be wrong.

Nothing here creates or changes a file: sqlite3 would create an empty database for
a mistyped path, so every connection is a ``mode=ro`` URI, checked first on disk, with
SQLite's options for WAL files that keep their -wal and -shm as they are (uri_options).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from hybrowser.core.tables import TableMeta
from hybrowser.db.regex import regex_search
from hybrowser.db.schema import META_COLUMNS, META_TABLES, SCHEMA_VERSION, load_metadata, quote_identifier
from hybrowser.db.text_index import fold

#: A read for a query worker: it gets the worker's own connection and returns the answer.
Job = Callable[[sqlite3.Connection], object]

SQLITE_MAGIC = b"SQLite format 3\x00"
#: Header bytes 18-19, the file format's write and read versions: 2 and 2 in WAL mode.
WAL_FLAG_OFFSET = 18

#: How long a read waits for another program's write lock before giving up, in seconds.
BUSY_TIMEOUT_S = 2.0

#: SQLite virtual-machine steps between two looks at a query's deadline or cancel flag.
PROGRESS_STEPS = 1000

T = TypeVar("T")


class DatabaseOpenError(Exception):
    """The database cannot be shown; str() is one line for the user."""


@dataclass
class BulletinDatabase:
    """An open read-only database and its table metadata."""

    path: Path
    conn: sqlite3.Connection
    tables: list[TableMeta]

    def table(self, name: str) -> TableMeta:
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(name)

    def close(self) -> None:
        self.conn.close()


def _hb_contains(value: object, needle: str) -> int:
    """hb_contains(value, folded_needle): case-insensitive 'contains' for every script."""
    if value is None:
        return 0
    return int(needle in fold(str(value)))


def _hb_fold(value: object) -> str | None:
    return None if value is None else fold(str(value))


def _hb_regexp(pattern: str, value: object) -> int:
    if value is None:
        return 0
    # The pattern was checked before reaching SQL; RE2 matches in linear time.
    return int(regex_search(pattern, str(value)))


def register_functions(conn: sqlite3.Connection) -> None:
    """The SQL functions the filters use (deterministic, so SQLite may reuse their results)."""
    conn.create_function("hb_contains", 2, _hb_contains, deterministic=True)
    conn.create_function("hb_fold", 1, _hb_fold, deterministic=True)
    conn.create_function("hb_regexp", 2, _hb_regexp, deterministic=True)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise DatabaseOpenError(f"{path}: no such file")
    if path.is_dir():
        raise DatabaseOpenError(f"{path}: is a directory, not a database file")
    if not path.is_file():
        # A named pipe or a device: open() on a pipe waits for a writer for ever.
        raise DatabaseOpenError(f"{path}: not a regular file (a pipe, socket or device), not a database")
    try:
        with path.open("rb") as handle:
            header = handle.read(WAL_FLAG_OFFSET + 2)
    except PermissionError:
        raise DatabaseOpenError(f"{path}: permission denied; the file cannot be read") from None
    except OSError as error:
        raise DatabaseOpenError(f"{path}: cannot be read ({error.strerror})") from None
    if not header:
        raise DatabaseOpenError(f"{path}: the file is empty, not a database")
    if header[: len(SQLITE_MAGIC)] != SQLITE_MAGIC:
        raise DatabaseOpenError(f"{path}: not a SQLite database")


def _is_wal(path: Path) -> bool:
    """Whether the file's header says WAL mode (read and write format versions 2)."""
    with path.open("rb") as handle:
        handle.seek(WAL_FLAG_OFFSET)
        return handle.read(2) == b"\x02\x02"


def uri_options(path: Path) -> str:
    """The URI query that opens path without creating or changing any file beside it.

    mode=ro alone still creates a WAL database's -wal and -shm files, and writes to an
    existing -shm. With both present, readonly_shm maps the -shm read-only (SQLite then
    reads the WAL into its own memory if it must); with no -wal there is nothing but the
    file to read, and immutable tells SQLite so (no side files, no locks). A -wal without
    its -shm (a crashed writer, the -shm deleted) is left unread: it cannot be read
    without writing a -shm.
    """
    if not _is_wal(path):
        return "mode=ro"
    if Path(f"{path}-wal").exists() and Path(f"{path}-shm").exists():
        return "mode=ro&readonly_shm=1"
    return "mode=ro&immutable=1"


def connect_readonly(path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """A read-only connection with the app's SQL functions; never creates or changes a file.

    busy_timeout_s: how long a read waits for another program's write lock; 0 for the UI
    thread, which must never wait.
    """
    path = Path(path)
    _check_file(path)
    resolved = path.resolve()
    uri = f"file:{quote(str(resolved))}?{uri_options(resolved)}"
    conn = sqlite3.connect(uri, uri=True, timeout=busy_timeout_s, check_same_thread=False)
    conn.execute("PRAGMA query_only = 1")
    register_functions(conn)
    return conn


def explain(error: sqlite3.Error) -> str:
    """An SQLite error in words a user can act on (one line, no file name)."""
    text = str(error)
    name = getattr(error, "sqlite_errorname", "")
    if "locked" in text or "busy" in text:
        return "the file is busy: another program is writing to it; try again when it has finished"
    # (sqlite_errorname is new in Python 3.11; before, the text is all there is.)
    if name == "SQLITE_READONLY_ROLLBACK" or (not name and "readonly" in text):
        return (
            "another program's change to it was left unfinished (a -journal file beside it); "
            "open it once in that program to complete or undo the change"
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "the database is damaged (corrupt or truncated)"
    if "unable to open" in text:
        return "cannot be opened (check the file's permissions)"
    return f"cannot be read ({text})"


def _describe(error: sqlite3.Error, path: Path) -> str:
    return f"{path}: {explain(error)}"


def _check_schema(conn: sqlite3.Connection, path: Path) -> list[TableMeta]:
    names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if META_TABLES not in names or META_COLUMNS not in names:
        raise DatabaseOpenError(
            f"{path}: not a bulletin database (it lacks hybrowser's tables; another program's?)"
        )
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise DatabaseOpenError(
            f"{path}: written by a newer hybrowser (schema {version}; this one reads up to "
            f"{SCHEMA_VERSION}); please update hybrowser"
        )
    tables = load_metadata(conn)
    if not tables:
        raise DatabaseOpenError(f"{path}: holds no bulletin tables")
    for table in tables:
        if table.name not in names:
            raise DatabaseOpenError(f"{path}: the table {table.name!r} is missing")
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({quote_identifier(table.name)})")}
        # A figure's qualifier column must be one of the table's too (export writes it beside the figure).
        expected = [c.name for c in table.columns] + [c.qualifier_column for c in table.columns]
        missing = [name for name in expected if name and name not in present]
        if missing:
            raise DatabaseOpenError(
                f"{path}: the table {table.name!r} lacks the column {missing[0]!r} the app expects"
            )
    return tables


#: Files up to this size get SQLite's quick check as they open (data.db: a few ms); a larger
#: one is checked by the window in the background (seconds at a million rows).
QUICK_CHECK_BYTES = 64 * 1024 * 1024


def checked_later(path: Path) -> bool:
    """Whether the file is too large for a quick check as it opens (the window checks it later)."""
    try:
        return path.stat().st_size > QUICK_CHECK_BYTES
    except OSError:  # gone since it was opened: the queries will say so
        return False


def integrity_problem(conn: sqlite3.Connection) -> str | None:
    """SQLite's quick check (every page and index, not their agreement): None if sound, else why not."""
    try:
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as error:
        return explain(error)
    if rows == [("ok",)]:
        return None
    return "the database is damaged (corrupt or truncated; SQLite's quick check failed)"


def open_database(path: Path | str) -> BulletinDatabase:
    """Open and check a bulletin database; raise DatabaseOpenError with a one-line message."""
    path = Path(path).expanduser()
    try:
        # Opened on the UI thread (at start-up, File → Open): never waits for a lock.
        conn = connect_readonly(path, busy_timeout_s=0)
    except sqlite3.Error as error:
        raise DatabaseOpenError(_describe(error, path)) from None
    try:
        tables = _check_schema(conn, path)
        if not checked_later(path):
            problem = integrity_problem(conn)
            if problem:
                raise DatabaseOpenError(f"{path}: {problem}")
    except DatabaseOpenError:
        conn.close()
        raise
    except sqlite3.Error as error:
        conn.close()
        raise DatabaseOpenError(_describe(error, path)) from None
    except UnicodeDecodeError:
        # Damage inside the schema's own text: sqlite3 cannot even decode a table's name.
        conn.close()
        raise DatabaseOpenError(f"{path}: the database is damaged (its schema is not text)") from None
    return BulletinDatabase(path=path, conn=conn, tables=tables)


def run_within(conn: sqlite3.Connection, job: Callable[[sqlite3.Connection], T], seconds: float) -> T | None:
    """job(conn) if it finishes within `seconds`, else None (its SQL is interrupted).

    For the UI thread's connection: a page that an index answers in milliseconds is
    read at once, anything slower is left to a worker rather than freeze the window.
    """
    deadline = time.perf_counter() + seconds
    conn.set_progress_handler(lambda: time.perf_counter() > deadline, PROGRESS_STEPS)
    try:
        return job(conn)
    except sqlite3.OperationalError as error:
        if "interrupted" in str(error):
            return None
        raise
    finally:
        conn.set_progress_handler(None, 0)
