"""Opening a database: the SQL functions registered, the URI chosen, the file checked first."""

from __future__ import annotations

import os
import sqlite3

import pytest

from hybrowser.db.connection import DatabaseOpenError, _check_file, register_functions, uri_options


def test_the_filter_functions_are_deterministic_so_an_index_may_use_them():
    conn = sqlite3.connect(":memory:")
    register_functions(conn)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.execute("INSERT INTO t VALUES ('ABC衡阳')")
    # SQLite refuses a function that is not deterministic in an index expression
    conn.execute("CREATE INDEX t_fold ON t (hb_fold(x))")
    conn.execute("CREATE INDEX t_contains ON t (hb_contains(x, 'b'))")
    conn.execute("CREATE INDEX t_regexp ON t (hb_regexp('^a', x))")
    assert conn.execute("SELECT hb_contains(x, 'abc'), hb_regexp('衡阳$', x) FROM t").fetchone() == (1, 1)


def test_uri_options_follow_the_journal_and_the_side_files(tmp_path):
    rollback = tmp_path / "rollback.db"
    sqlite3.connect(rollback).execute("CREATE TABLE t (x)").connection.commit()
    assert uri_options(rollback) == "mode=ro"
    db = tmp_path / "data.db"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()  # the last connection removes -wal and -shm
    assert not (tmp_path / "data.db-wal").exists()
    assert uri_options(db) == "mode=ro&immutable=1"
    (tmp_path / "data.db-wal").write_bytes(b"")
    assert uri_options(db) == "mode=ro&immutable=1"  # a -wal without its -shm is left unread
    (tmp_path / "data.db-shm").write_bytes(b"")
    assert uri_options(db) == "mode=ro&readonly_shm=1"
    os.remove(tmp_path / "data.db-wal")
    assert uri_options(db) == "mode=ro&immutable=1"


def test_each_wrong_file_is_named_with_what_is_wrong(tmp_path):
    def message(path):
        with pytest.raises(DatabaseOpenError) as error:
            _check_file(path)
        return str(error.value)

    missing = tmp_path / "missing.db"
    assert message(missing) == f"{missing}: no such file"
    assert message(tmp_path) == f"{tmp_path}: is a directory, not a database file"
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert message(pipe) == f"{pipe}: not a regular file (a pipe, socket or device), not a database"
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert message(empty) == f"{empty}: the file is empty, not a database"
    text = tmp_path / "text.db"
    text.write_bytes(b"hello, this is not a database file at all, just text " * 4)
    assert message(text) == f"{text}: not a SQLite database"
    short = tmp_path / "short.db"
    short.write_bytes(b"SQLite format 3")  # the magic without its final NUL
    assert message(short) == f"{short}: not a SQLite database"
    good = tmp_path / "good.db"
    sqlite3.connect(good).execute("CREATE TABLE t (x)").connection.commit()
    _check_file(good)  # raises nothing
    if os.geteuid() != 0:
        locked = tmp_path / "locked.db"
        locked.write_bytes(good.read_bytes())
        locked.chmod(0)
        assert message(locked) == f"{locked}: permission denied; the file cannot be read"
