"""What the map shows for a tab (MapContent), and what it reports about one row (MarkerInfo)."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtGui import QColor

from hybrowser.db import map_data as md

#: Colours for a table's kinds, in their fixed order: Okabe–Ito (colour-blind safe) without
#: its blues, which would read as the river, then a purple, a brown and grey.
KIND_COLOURS = ("#D55E00", "#009E73", "#CC79A7", "#E69F00", "#6A3D9A", "#8C6D31", "#7F7F7F")


@dataclass(frozen=True)
class MarkerInfo:
    """What the map shows for one row (inspectable state for tests)."""

    rowid: int
    name: str
    lon: float | None
    lat: float | None
    precision_m: float | None
    kind: str
    placement: str
    district_id: str | None
    highlighted: bool

    @classmethod
    def of(cls, record: md.MapRecord, lang: str, selected: frozenset[int]) -> MarkerInfo:
        return cls(
            rowid=record.rowid,
            name=record.name(lang),
            lon=record.lon,
            lat=record.lat,
            precision_m=record.precision_m,
            kind=record.kind,
            placement=record.placement,
            district_id=record.district_id,
            highlighted=record.rowid in selected,
        )


@dataclass
class MapContent:
    """Everything a canvas needs to draw the rows of a tab."""

    lang: str = "zh"
    records: list[md.MapRecord] = field(default_factory=list)
    selected: frozenset[int] = frozenset()
    kinds: list[str] = field(default_factory=list)
    max_investment: float | None = None
    has_places: bool = True

    def colour(self, kind: str) -> QColor:
        index = self.kinds.index(kind) if kind in self.kinds else len(self.kinds)
        return QColor(KIND_COLOURS[index % len(KIND_COLOURS)])

    def placed(self) -> list[md.MapRecord]:
        return [r for r in self.records if r.placement != md.NONE]
