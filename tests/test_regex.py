"""The /regex/ filter cannot hang: RE2 matches in linear time, and what it cannot do is a hint."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

from hybrowser.db.connection import open_database
from hybrowser.db.query import QueryState, TableQuery
from hybrowser.db.regex import regex_search

ROOT = Path(__file__).resolve().parents[1]

#: Patterns that backtrack exponentially in Python's re (minutes for 30 characters).
CATASTROPHIC = [("(.*)*x$", "a" * 40), ("^(.+)+!", "b" * 40), ("(a|aa)+$", "a" * 60 + "b")]


def finishes(job, timeout_s: float = 30.0) -> bool:
    """Whether job() returns within a generous bound (a backtracking engine never would)."""
    thread = threading.Thread(target=job, daemon=True)
    thread.start()
    thread.join(timeout_s)
    return not thread.is_alive()


def test_catastrophic_patterns_match_in_linear_time():
    for pattern, text in CATASTROPHIC:
        assert finishes(lambda p=pattern, t=text: regex_search(p, t * 1000))
        assert not regex_search(pattern, text)


def test_backtracking_filter_on_a_long_quote_returns(tmp_path):
    path = tmp_path / "long.db"
    shutil.copy(ROOT / "data.db", path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE indicators SET quote = printf('%.200000c', 'a') WHERE rowid = 1")
    conn.commit()
    conn.close()
    db = open_database(path)
    query = TableQuery(db.conn, db.table("indicators"))
    answers: list[int] = []
    state = QueryState(filters=(("quote", "/(.*)*x$/"),))
    assert finishes(lambda: answers.append(query.count(state)))
    assert answers == [0]
    db.close()


def test_what_re2_cannot_do_is_a_hint_in_the_box():
    db = open_database(ROOT / "data.db")
    query = TableQuery(db.conn, db.table("indicators"))
    hint = query.compile(QueryState(filters=(("name_en", r"/(a)\1/"),))).errors["name_en"]
    assert "back-references" in hint and "\n" not in hint
    db.close()
