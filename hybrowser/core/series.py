"""Series: figures of one thing (subject, measure, unit, region) across bulletins, and kinds of period."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

# Endings that say how a thing is measured, not what it is: 规模以上工业增加值增速 and
# 规模以上工业增加值 are one subject, told apart by their measure.
_RATE_ENDINGS = ("增速", "增幅", "降幅", "涨幅")

PERIOD_KINDS = ("cumulative", "month", "quarter", "year", "stock", "span")


def load_synonyms(path: Path) -> dict[str, str]:
    """resources/meta/synonyms.csv: each way of writing a subject → the name it stands for."""
    synonyms: dict[str, str] = {}
    if not path.exists():
        return synonyms
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            synonyms[row["synonym"].strip()] = row["name"].strip()
    return synonyms


def subject_of(name: str, synonyms: Mapping[str, str]) -> str:
    """The subject a name measures, in its curated spelling: 规上工业增加值增速 → 规模以上工业增加值."""
    subject = name.strip()
    for ending in _RATE_ENDINGS:
        if subject.endswith(ending) and len(subject) > len(ending):
            subject = subject[: -len(ending)]
            break
    # The longest synonym written at the start wins: 规上工业增加值 before 规上工业.
    for synonym in sorted(synonyms, key=len, reverse=True):
        if subject.startswith(synonym):
            return synonyms[synonym] + subject[len(synonym) :]
    return subject


def series_key(region: str, name: str, measure: str, unit: str, synonyms: Mapping[str, str]) -> str:
    """A stable, readable key: '丽水市|规模以上工业增加值|growth_yoy|%'."""
    return "|".join((region.strip(), subject_of(name, synonyms), measure, unit))


def period_kind(start: str | None, end: str | None) -> str:
    """cumulative (1–5月, 一季度, 上半年), month (5月份), quarter (二季度), year (全年), stock (5月末)."""
    if not end:
        return "span"
    if not start:
        return "stock"
    start_year, start_month = (int(x) for x in start.split("-"))
    end_year, end_month = (int(x) for x in end.split("-"))
    if (start_year, start_month) == (end_year, end_month):
        return "month"
    if start_year == end_year and start_month == 1 and end_month == 12:
        return "year"
    if start_year == end_year and start_month == 1:
        return "cumulative"
    if start_year == end_year and end_month - start_month == 2 and start_month % 3 == 1:
        return "quarter"
    return "span"


def disagreements(
    rows: Iterable[Mapping[str, object]],
) -> list[tuple[Mapping[str, object], Mapping[str, object]]]:
    """Pairs of figures of one series and period whose values or qualifiers differ, the later one
    without a note saying it is a revision."""
    first: dict[tuple, Mapping[str, object]] = {}
    found = []
    for row in rows:
        key = (row.get("series_id"), row.get("period_start"), row.get("period_end"))
        seen = first.get(key)
        if seen is None:
            first[key] = row
            continue
        same = (seen.get("value"), seen.get("qualifier")) == (row.get("value"), row.get("qualifier"))
        if not same and not row.get("note") and not seen.get("note"):
            found.append((seen, row))
    return found
