"""The columns the build computes from other rows: link ids, status, bounds, series, subjects, counts."""

from __future__ import annotations

from pathlib import Path

from hybrowser.build.records import Record, Sources
from hybrowser.core.figures import bounds
from hybrowser.core.series import period_kind, series_key
from hybrowser.core.tables import TableMeta

# An indicator's subject "projects:q2_start" sets indicators.project_id.
SUBJECT_COLUMNS = {
    "projects": "project_id",
    "parks": "park_id",
    "enterprises": "enterprise_id",
    "funding": "funding_id",
}


def computed_columns(table: TableMeta) -> set[str]:
    """The table's columns the build fills; a source file that sets one is refused."""
    generated = {c.name for c in table.columns if c.name.endswith("_qualifier") and c.role == "code"}
    return _filled_columns(table) | generated | _derived_ids(table)


def _filled_columns(table: TableMeta) -> set[str]:
    """Columns the build computes rather than reads."""
    if table.name == "indicators":
        return {"lower_bound", "upper_bound", "series_id", "period_kind", *SUBJECT_COLUMNS.values()}
    if table.name == "bulletins":
        return {"source_text", "facts", "proposed"}
    return {c.name for c in table.columns if c.role == "figure"}


def _derived_ids(table: TableMeta) -> set[str]:
    return {"id"} if table.name == "enterprise_links" else set()


def derive(sources: Sources, problems: list[str]) -> None:
    """Fill every computed column and the series table; a subject that cannot be applied is a problem."""
    derive_columns(sources, problems)
    derive_bulletin_counts(sources)
    if any(t.name == "series" for t in sources.tables):
        derive_series(sources)


def derive_columns(sources: Sources, problems: list[str]) -> None:
    """Fill computed columns: link ids; status, bounds, series, subjects; entity figures from indicators."""
    for record in sources.records.get("enterprise_links", []):
        v = record.values
        target = next(
            (v[k] for k in ("park_id", "project_id", "chain_id", "funding_id", "event_id") if v.get(k)),
            None,
        )
        v["id"] = f"{v.get('enterprise_id')}.{v.get('relation')}.{target}"
    entities = {
        name: {r.values.get("id"): r for r in sources.records.get(name, [])} for name in SUBJECT_COLUMNS
    }
    for record in sources.records.get("indicators", []):
        v = record.values
        # A figure written by hand into resources/ is reviewed by whoever wrote it; an import
        # writes `proposed` until a person has checked it against its quote.
        v["status"] = v.get("status") or "reviewed"
        lower, upper = bounds(v.get("value"), str(v.get("qualifier")))  # type: ignore[arg-type]
        v["lower_bound"], v["upper_bound"] = lower, upper
        region, name = str(v.get("region") or ""), str(v.get("name_zh") or "")
        v["series_id"] = series_key(region, name, str(v.get("measure")), str(v.get("unit")), sources.synonyms)
        v["period_kind"] = period_kind(v.get("period_start"), v.get("period_end"))  # type: ignore[arg-type]
        subject = v.pop("subject", None)
        field_name = v.get("subject_field")
        if not subject:
            if field_name:
                problems.append(f"{record.where()}: subject_field {field_name!r} without a subject")
            continue
        table_name, _, subject_id = str(subject).partition(":")
        if table_name not in SUBJECT_COLUMNS:
            problems.append(f"{record.where()}: subject {subject!r} names an unknown table")
            continue
        v[SUBJECT_COLUMNS[table_name]] = subject_id
        target = entities[table_name].get(subject_id)
        if target is None:
            continue  # reported as a dangling reference by validate
        if not field_name:
            continue
        table = sources.table(table_name)
        if not table.has_column(str(field_name)) or table.column(str(field_name)).role != "figure":
            problems.append(f"{record.where()}: {table_name} has no figure column {field_name!r}")
            continue
        column = table.column(str(field_name))
        if target.values.get(column.name) is not None:
            problems.append(f"{record.where()}: {table_name}.{subject_id}.{field_name} set twice")
        value = v.get("value")
        if column.type == "INTEGER" and value is not None:
            value = int(value)  # type: ignore[call-overload]
        target.values[column.name] = value
        target.values[column.qualifier_column] = v.get("qualifier")


def derive_series(sources: Sources) -> None:
    """One row of the series table per series_id: its latest figure, name and how many periods."""
    published = {
        r.values.get("id"): str(r.values.get("published") or "") for r in sources.records["bulletins"]
    }
    groups: dict[str, list[dict[str, object]]] = {}
    for record in sources.records.get("indicators", []):
        groups.setdefault(str(record.values["series_id"]), []).append(record.values)
    records = []
    for key, figures in groups.items():
        # The latest period, then the latest bulletin, then the last row written.
        latest = max(
            enumerate(figures),
            key=lambda item: (
                str(item[1].get("period_end") or ""),
                published.get(item[1].get("bulletin_id"), ""),
                item[0],
            ),
        )[1]
        ends = sorted(str(f.get("period_end")) for f in figures if f.get("period_end"))
        values = {
            "id": key,
            "name_zh": latest.get("name_zh"),
            "name_en": latest.get("name_en"),
            "region": latest.get("region"),
            "measure": latest.get("measure"),
            "unit": latest.get("unit"),
            "latest_value": latest.get("value"),
            "latest_value_qualifier": latest.get("qualifier"),
            "latest_period_start": latest.get("period_start"),
            "latest_period_end": latest.get("period_end"),
            "periods": len({(f.get("period_start"), f.get("period_end")) for f in figures}),
            "first_period": ends[0] if ends else None,
            "last_period": ends[-1] if ends else None,
            "latest_indicator_id": latest.get("id"),
            "latest_bulletin_id": latest.get("bulletin_id"),
            # A rank's scope (全市第2, 全省第3) travels with the latest figure.
            "benchmark": latest.get("benchmark"),
        }
        records.append(Record("series", values, Path("(derived from indicators)"), 0))
    sources.records["series"] = records


def derive_bulletin_counts(sources: Sources) -> None:
    """Each bulletin's number of figures (`facts`) and how many of them are still `proposed`."""
    bulletins = sources.table("bulletins")
    if not (bulletins.has_column("facts") and bulletins.has_column("proposed")):
        return
    facts: dict[object, int] = {}
    proposed: dict[object, int] = {}
    for record in sources.records.get("indicators", []):
        key = record.values.get("bulletin_id")
        facts[key] = facts.get(key, 0) + 1
        proposed[key] = proposed.get(key, 0) + (record.values.get("status") == "proposed")
    for record in sources.records["bulletins"]:
        record.values["facts"] = facts.get(record.values.get("id"), 0)
        record.values["proposed"] = proposed.get(record.values.get("id"), 0)
