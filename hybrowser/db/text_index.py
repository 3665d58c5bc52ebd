"""Case folding and the bigram index text used to find 1-2 character words in Chinese text.

SQLite's trigram tokenizer cannot match queries shorter than three characters, and
Chinese words such as 投资 are two. The build therefore also stores, per searchable
column, the text's overlapping bigrams as space-separated tokens in a contentless
FTS5 table (unicode61 tokenizer); a two-character query then is one token lookup.
The same functions serve the build (writing) and the query layer (reading).
"""

from __future__ import annotations

import re


def fold(text: str) -> str:
    """Fold case for every script (ß→ss, Σ→σ), the one notion of 'same letters' in the app."""
    return text.casefold()


# Runs of letters and digits: exactly the characters str.isalnum() accepts.
_RUN = re.compile(r"[^\W_]+")


def _runs(text: str) -> list[str]:
    """Split folded text into runs of letters and digits; the bigrams never cross a run."""
    return _RUN.findall(fold(text))


def bigram_text(text: str | None) -> str:
    """The index text for a value: every run's overlapping bigrams (a lone character stays)."""
    if not text:
        return ""
    tokens: list[str] = []
    for run in _runs(text):
        if len(run) == 1:
            tokens.append(run)
        else:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(tokens)


def bigram_query(query: str) -> str | None:
    """An FTS5 MATCH expression for a 2-character query, or None if bigrams cannot answer it."""
    folded = fold(query)
    if len(folded) != 2 or not folded.isalnum():
        return None
    return f'"{folded}"'


def trigram_query(query: str) -> str | None:
    """An FTS5 MATCH string for the trigram index, or None if the query is too short."""
    if len(query) < 3:
        return None
    return '"' + query.replace('"', '""') + '"'
