"""Ctrl+F says exactly what it searches: the box names the columns whose stored text it looks in."""

from __future__ import annotations

from hybrowser.db.query import QueryState, TableQuery


def test_search_box_names_the_columns_it_searches(qtbot, window):
    for lang in ("zh", "en"):
        window.set_language(lang)
        for tab in window.table_tabs:
            placeholder = tab.search.placeholderText()
            assert "全部" not in placeholder and "all text" not in placeholder
            for column in tab.table.search_columns:
                assert column.label(lang) in placeholder and column.label(lang) in tab.search.toolTip()


def test_what_the_box_names_is_what_is_searched(window):
    table = window.db.table("indicators")
    query = TableQuery(window.db.conn, table)
    compiled = query.compile(QueryState(search="投资"))
    searched = {c.name for c in table.search_columns}
    # The search's condition runs over these columns' full-text index, or them alone.
    assert compiled.only_index is not None and set(table.searchable_columns) == searched
