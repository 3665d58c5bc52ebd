"""A comparison on text follows the labels shown, so switching the language runs it again."""

from __future__ import annotations

from hybrowser.core.labels import code_label
from hybrowser.qt.probes import wait_until_loaded


def shown_categories(tab) -> set[str]:
    return {str(tab.model.record(r)["category"]) for r in range(tab.model.rowCount())}


def test_category_comparison_follows_the_interface_language(qtbot, window):
    window.set_language("en")
    tab = window.tab_named("indicators")
    tab.set_filter("category", "<f")
    wait_until_loaded(window, panels=False)
    english = shown_categories(tab)
    assert english and all(code_label(c, "en").casefold() < "f" for c in english)
    window.set_language("zh")
    wait_until_loaded(window, panels=False)
    # Every Chinese label sorts after "f": nothing is below it.
    assert tab.model.rowCount() == 0
    window.set_language("en")
    wait_until_loaded(window, panels=False)
    assert shown_categories(tab) == english
