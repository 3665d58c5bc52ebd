"""What the chart reads, as jobs for the query worker: views, bars, groups of rows (plain data, no Qt)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from hybrowser.core.tables import TableMeta
from hybrowser.db import chart_data
from hybrowser.db.chart_data import ChartData, ChartView
from hybrowser.db.connection import Job
from hybrowser.db.query import QueryState


@dataclass
class ChartAnswer:
    """One read of the chart: the views the rows offer, the bars of the one picked."""

    views: list[ChartView]
    data: ChartData
    #: the selection the groups below were read for.
    selected: frozenset[int]
    #: groups view: the groups the selected rows fall in (None when not read).
    groups: set[object] | None = None
    #: the rows the views were counted for (see views_key).
    views_key: tuple = ()


def views_key(table: TableMeta, state: QueryState) -> tuple:
    """What a table's views depend on: its filters and search, not its sort."""
    return (table.name, state.filters, state.search)


def pick_view(views: list[ChartView], wanted: str) -> ChartView | None:
    """The view to draw: the one wanted, else one of the same column, else the first."""
    if not views:
        return None
    for view in views:
        if view.key == wanted:
            return view
    # The chosen view is gone (filtered out): the same column, else the first.
    column = wanted.split(":")[1] if wanted.count(":") else ""
    return next((v for v in views if v.column == column), views[0])


def chart_job(
    table: TableMeta,
    state: QueryState,
    wanted: str,
    lang: str,
    selected: frozenset[int],
    views: list[ChartView] | None = None,
) -> Job:
    """Read the views of the filtered rows (unless given: a new sort keeps them), then the bars of one.

    The view drawn is the one wanted, or another (see pick_view).
    """
    key = views_key(table, state)

    def job(conn: sqlite3.Connection) -> ChartAnswer:
        # Counting the views reads every filtered row (up to ~0.2 s at a million rows);
        # the bars are the first rows in the table's order, which an index finds.
        found = chart_data.available_views(conn, table, state) if views is None else views
        view = pick_view(found, wanted)
        if view is None:
            return ChartAnswer(found, ChartData(None), selected, views_key=key)
        data = chart_data.chart_bars(conn, table, state, view, lang)
        groups = None
        if view.kind == "groups" and selected and data.bars:
            groups = chart_data.groups_of_rowids(conn, table, view.column, selected)
        return ChartAnswer(found, data, selected, groups, key)

    return job


def groups_job(table: TableMeta, column: str, selected: frozenset[int]) -> Job:
    """The values of column among the selected rows (which group bars to highlight)."""
    return lambda conn: chart_data.groups_of_rowids(conn, table, column, selected)


def group_rows_job(table: TableMeta, state: QueryState, column: str, value: object) -> Job:
    """rowids of the filtered rows in one group (what a click on its bar selects)."""
    return lambda conn: chart_data.group_rowids(conn, table, state, column, value)
