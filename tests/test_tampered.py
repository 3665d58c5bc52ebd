"""Tampered databases: odd table names open, metadata that names a missing column is refused in one line."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from hybrowser.db.connection import DatabaseOpenError, open_database
from hybrowser.db.query import QueryState, SortKey, TableQuery

ROOT = Path(__file__).resolve().parents[1]


def edited_copy(tmp_path: Path, *statements: str) -> Path:
    path = tmp_path / "tampered.db"
    shutil.copy(ROOT / "data.db", path)
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("name", ["ev]ents", 'ev"ents', "ev[e]nts; --"])
def test_table_name_with_quote_characters_opens_and_reads(tmp_path, name):
    quoted = '"' + name.replace('"', '""') + '"'
    literal = "'" + name.replace("'", "''") + "'"
    path = edited_copy(
        tmp_path,
        f"ALTER TABLE events RENAME TO {quoted}",
        f"UPDATE _meta_tables SET [table] = {literal} WHERE [table] = 'events'",
        f"UPDATE _meta_columns SET [table] = {literal} WHERE [table] = 'events'",
    )
    db = open_database(path)
    table = db.table(name)
    query = TableQuery(db.conn, table)
    first = table.columns[0].name
    state = QueryState(filters=((first, "a"),), search="投资", sort=(SortKey(first, True),))
    assert query.total() > 0
    assert query.count(state) == len(query.fetch(state, 0, 1000))
    db.close()


def test_qualifier_column_naming_a_missing_column_is_refused_in_one_line(tmp_path):
    path = edited_copy(
        tmp_path,
        "UPDATE _meta_columns SET qualifier_column = 'no_such_qualifier' "
        "WHERE [table] = 'parks' AND [column] = 'area_km2'",
    )
    with pytest.raises(DatabaseOpenError) as caught:
        open_database(path)
    assert "'no_such_qualifier'" in str(caught.value) and "\n" not in str(caught.value)
