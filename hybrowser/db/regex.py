"""Regular expressions for the /regex/ filter, matched by RE2 in time linear in the text.

Python's re backtracks: /(.*)*x$/ on a long cell runs for hours inside a SQLite function,
holding the GIL, so neither the query's cancel flag nor the window gets to run. RE2 has
no backtracking (and so no back-references or look-arounds): every match is bounded.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re2


#: What only a backtracking engine offers: back-references (\1) and look-arounds ((?=, (?<!...).
_BACKTRACKING_ONLY = re.compile(r"\\[1-9]|\(\?<?[=!]")


class RegexError(ValueError):
    """The pattern cannot be used; str() says why in a few words."""


def _options() -> re2.Options:
    import re2  # here, not at the top: start-up never needs it (~4 ms)

    options = re2.Options()
    options.case_sensitive = False  # the filters ignore case for every script
    options.log_errors = False  # RE2 would print parse errors to stderr
    return options


@lru_cache(maxsize=64)
def compile_regex(pattern: str) -> re2._Regexp:
    """The compiled pattern (cached: SQLite calls the filter once per row)."""
    import re2

    try:
        return re2.compile(pattern, _options())
    except re2.error as error:
        reason = error.args[0] if error.args else "cannot be read"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        if _BACKTRACKING_ONLY.search(pattern):
            reason += " (back-references and look-arounds are not supported: they can take forever)"
        raise RegexError(reason) from None


def regex_search(pattern: str, text: str) -> bool:
    """Whether pattern occurs in text, case-insensitively; linear time in len(text)."""
    return compile_regex(pattern).search(text) is not None
