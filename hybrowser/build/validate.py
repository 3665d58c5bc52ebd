"""The build's rules, shared by the build, the import and the library: derive, then check every record."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from hybrowser.build.derive import derive
from hybrowser.build.records import Record, SourceError, Sources
from hybrowser.core.figures import FALLING_WORDS, parse_figure
from hybrowser.core.series import disagreements

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def validate(sources: Sources) -> None:
    """Derive computed columns and check everything; raise SourceError listing all problems."""
    problems: list[str] = []
    derive(sources, problems)
    _check_values(sources, problems)
    _check_references(sources, problems)
    _check_quotes(sources, problems)
    _check_series(sources, problems)
    if problems:
        raise SourceError(problems)


def folder_problems(resources: Path, bulletins: Path) -> list[str]:
    """What the build would refuse in resources/ plus the bulletin folders under `bulletins` ([] if none).

    The import checks a new bulletin with it, and the library a reviewed one, before writing.
    """
    from hybrowser.build.sources import load_sources

    try:
        validate(load_sources(resources, bulletins))
    except SourceError as error:
        return list(error.problems)
    return []


def _valid_date(text: str) -> bool:
    """YYYY, YYYY-MM or YYYY-MM-DD, and a day that exists."""
    if not _DATE.match(text):
        return False
    parts = [int(p) for p in text.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def _check_values(sources: Sources, problems: list[str]) -> None:
    """Required fields, allowed codes, dates and months, duplicate ids."""
    for table in sources.tables:
        seen: dict[object, Record] = {}
        for record in sources.records[table.name]:
            for column in table.columns:
                value = record.values.get(column.name)
                if value is None:
                    if column.required:
                        problems.append(f"{record.where()}: {column.name} is required")
                    continue
                if column.allowed and str(value) not in column.allowed:
                    unit_word = "unit" if column.name == "unit" else column.name
                    problems.append(
                        f"{record.where()}: unknown {unit_word} {value!r} "
                        f"(allowed: {', '.join(column.allowed)})"
                    )
                if column.role == "date" and not _valid_date(str(value)):
                    problems.append(f"{record.where()}: {column.name} {value!r} is not an ISO date")
                if column.role == "month" and not _MONTH.match(str(value)):
                    problems.append(f"{record.where()}: {column.name} {value!r} is not YYYY-MM")
            ident = record.values.get("id")
            if ident in seen:
                problems.append(f"{record.where()}: duplicate id {ident!r} (also {seen[ident].where()})")
            seen[ident] = record


def _check_references(sources: Sources, problems: list[str]) -> None:
    ids = {t.name: {r.values.get("id") for r in sources.records[t.name]} for t in sources.tables}
    for table in sources.tables:
        for column in table.columns:
            if not column.references:
                continue
            for record in sources.records[table.name]:
                value = record.values.get(column.name)
                if value is not None and value not in ids.get(column.references, set()):
                    problems.append(
                        f"{record.where()}: {column.name} {value!r} refers to no row of "
                        f"{column.references} (dangling reference)"
                    )


def _check_quotes(sources: Sources, problems: list[str]) -> None:
    """Every quote is verbatim in its bulletin; every figure is in its quote and says its value."""
    for table in sources.tables:
        if not table.has_column("quote"):
            continue
        for record in sources.records[table.name]:
            quote = record.values.get("quote")
            text = sources.bulletin_texts.get(str(record.values.get("bulletin_id")), "")
            if quote and str(quote) not in text:
                problems.append(f"{record.where()}: quote not found verbatim in the bulletin text")
    for record in sources.records.get("indicators", []):
        v = record.values
        figure, quote = str(v.get("figure") or ""), str(v.get("quote") or "")
        if figure not in quote:
            problems.append(f"{record.where()}: figure {figure!r} is missing from its quote")
            continue
        parsed = parse_figure(figure, str(v.get("unit") or ""))
        value = v.get("value")
        if parsed.qualifier != v.get("qualifier"):
            problems.append(
                f"{record.where()}: figure {figure!r} says qualifier {parsed.qualifier!r}, "
                f"the record says {v.get('qualifier')!r}"
            )
        if parsed.value is None and value is not None:
            problems.append(f"{record.where()}: figure {figure!r} states no number, value is {value}")
        if parsed.value is not None and not _states_value(parsed.value, value, figure, quote):
            problems.append(
                f"{record.where()}: value {value} does not match the figure {figure!r} ({parsed.value:g})"
            )
        start, end = v.get("period_start"), v.get("period_end")
        if start and end and str(start) > str(end):
            problems.append(f"{record.where()}: period_start {start} is after period_end {end}")


def _states_value(parsed: float, value: object, figure: str, quote: str) -> bool:
    """The record's value is the figure's number, negated only where the quote says it fell.

    "同比下降10.5%" is stored as −10.5 with the figure "10.5%": the sign comes from the
    words before the figure in its quote, never from nowhere.
    """
    if value is None:
        return False
    if abs(parsed - float(value)) <= 1e-9:  # type: ignore[arg-type]
        return True
    before = quote[: quote.find(figure)]
    return parsed > 0 and abs(parsed + float(value)) <= 1e-9 and any(w in before for w in FALLING_WORDS)  # type: ignore[arg-type]


def _check_series(sources: Sources, problems: list[str]) -> None:
    """Two reviewed figures of one series and period must agree, or one must say it is a revision."""
    reviewed = [
        r.values for r in sources.records.get("indicators", []) if r.values.get("status") == "reviewed"
    ]
    by_values = {id(r.values): r for r in sources.records.get("indicators", [])}
    for first, second in disagreements(reviewed):
        problems.append(
            f"{by_values[id(second)].where()}: series {second.get('series_id')} already has "
            f"{first.get('figure')} for {second.get('period_start') or ''}..{second.get('period_end')} "
            f"({by_values[id(first)].where()}); a revision needs a note saying so"
        )
