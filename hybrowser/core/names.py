"""English names of imported figures from a curated glossary (resources/meta/indicator_names.csv)."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

from hybrowser.core.series import subject_of

# How a name ends, and what that ending says in English: 规模以上工业增加值增速 is the growth
# of 规模以上工业增加值.
_ENDINGS = (("增速", "{} growth"), ("增幅", "{} growth"), ("占比", "Share of {}"), ("比重", "Share of {}"))


def load_glossary(path: Path) -> dict[str, str]:
    """name_zh → name_en; empty when the file is missing."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["name_zh"].strip(): row["name_en"].strip() for row in csv.DictReader(handle)}


def english_name(name_zh: str, glossary: Mapping[str, str], synonyms: Mapping[str, str]) -> str | None:
    """The English of a name the glossary knows (through its synonyms), or None: never a guess."""
    for ending, pattern in _ENDINGS:
        if name_zh.endswith(ending) and len(name_zh) > len(ending):
            inner = english_name(name_zh[: -len(ending)], glossary, synonyms)
            return (
                pattern.format(inner if ending in ("增速", "增幅") else _lower_first(inner))
                if inner
                else None
            )
    if name_zh in glossary:
        return glossary[name_zh]
    subject = subject_of(name_zh, synonyms)
    return glossary.get(subject)


def _lower_first(text: str | None) -> str:
    if not text:
        return ""
    return text if text[:3].isupper() else text[0].lower() + text[1:]
