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


# Letters and digits are exactly the characters str.isalnum() accepts: [^\W_].
# Every overlapping pair inside a run, and every run of one character.
_PAIR = re.compile(r"(?=([^\W_]{2}))")
_LONE = re.compile(r"(?<![^\W_])[^\W_](?![^\W_])")


def bigram_text(text: str | None) -> str:
    """The index text for a value: every run's overlapping bigrams (a lone character stays).

    Token order does not matter: the bigram index answers one-token queries only.
    """
    if not text:
        return ""
    folded = fold(text)
    return " ".join(_PAIR.findall(folded) + _LONE.findall(folded))


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
