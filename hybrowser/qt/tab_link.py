"""How a dock follows the active table tab: its selected rowids, and its signals connected and let go."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from hybrowser.qt.table_tab import STATS_ROW_LIMIT

#: At most this many selected rows are read: as many as the tab's selectionChanged signal
#: sends, so a dock sees the same rows whether it reads the selection or is sent it.
SELECTION_LIMIT = STATS_ROW_LIMIT


def selected_rowids(tab, limit: int = SELECTION_LIMIT) -> set[int]:
    """rowids of the tab's selected rows (the first `limit` rows)."""
    rows: set[int] = set()
    # Selection ranges, not selectedIndexes(): a whole-table selection is one range, not a cell each.
    for selected in tab.view.selectionModel().selection():
        rows.update(range(selected.top(), min(selected.bottom() + 1, selected.top() + limit)))
        if len(rows) >= limit:
            break
    rowids = (tab.model.rowid(row) for row in sorted(rows)[:limit])
    return {r for r in rowids if r is not None}


def connect_tab(tab, on_state: Callable[..., object], on_selection: Callable[[list], object]) -> None:
    """Call on_state when the tab's filter or sort changes, on_selection with its selected rowids."""
    tab.stateChanged.connect(on_state)
    tab.selectionChanged.connect(on_selection)


def disconnect_tab(tab, on_state: Callable[..., object], on_selection: Callable[[list], object]) -> None:
    """Undo connect_tab; quietly, since the tab may already be gone (its database closed)."""
    for signal, slot in ((tab.stateChanged, on_state), (tab.selectionChanged, on_selection)):
        with contextlib.suppress(RuntimeError, TypeError):
            signal.disconnect(slot)
