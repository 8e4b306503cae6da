"""Station markers on the interactive maps: open stations by line colour, the caller's
planned stations (hollow, not counted) and what-if candidates (gold squares, counted)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ._mapkit import LINE_COLOURS_FALLBACK, folium_module

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["candidate_markers", "planned_markers", "station_markers"]


def station_markers(m: Any, stations: gpd.GeoDataFrame) -> None:
    folium = folium_module()
    from .. import datasets

    colours: dict[str, str] = {}
    for _, row in datasets.lines().iterrows():
        if row["colour"]:
            colours.setdefault(str(row["line_id"]), str(row["colour"]))
    shown = stations
    if getattr(m, "shangcheng_datum", "wgs84") != "wgs84":
        from ..crs import to_datum

        shown = to_datum(stations, m.shangcheng_datum)
    group = folium.FeatureGroup(name="地铁站 Metro stations")
    for _, row in shown.iterrows():
        lines = str(row.get("lines", "")).split(";")
        colour = colours.get(lines[0], LINE_COLOURS_FALLBACK)
        opened = row.get("opened")
        opened_text = (
            opened.date().isoformat() if hasattr(opened, "date") and opened == opened else "?"
        )
        name_en = row.get("name_en")
        tip = (
            f"<b>{html.escape(str(row.get('name_zh', '')))}</b>"
            f"{' / ' + html.escape(str(name_en)) if isinstance(name_en, str) else ''}"
            f"<br>线路 Lines: {html.escape(', '.join(lines))}"
            f"<br>开通 Opened: {opened_text}"
        )
        folium.CircleMarker(
            location=[row.geometry.y, row.geometry.x],
            radius=5,
            color="#222222",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.95,
            tooltip=tip,
            className="sg-station",
        ).add_to(group)
    group.add_to(m)


# ----------------------------------------------------------------------------- green map


def planned_markers(m: Any, planned: gpd.GeoDataFrame, when: str) -> None:
    """Planned stations not open on the map's date: hollow dashed rings, named as planned,
    with no catchment (they are not counted)."""
    folium = folium_module()
    if not len(planned):
        return
    shown = planned
    if getattr(m, "shangcheng_datum", "wgs84") != "wgs84":
        from ..crs import to_datum

        shown = to_datum(planned, m.shangcheng_datum)
    group = folium.FeatureGroup(name="规划站点（未计入）Planned stations (not counted)")
    for _, row in shown.iterrows():
        opened = row.get("opened")
        year = opened.date().isoformat() if hasattr(opened, "date") and opened == opened else "?"
        tip = (
            f"<b>{html.escape(str(row.get('name_zh', '')))}</b> 规划 planned"
            f"<br>计划开通 Planned opening: {year}<br>不计入 {html.escape(when)} 的覆盖率"
            " (not counted)"
        )
        folium.CircleMarker(
            location=[row.geometry.y, row.geometry.x],
            radius=6,
            color="#444444",
            weight=2,
            dash_array="3,3",
            fill=False,
            tooltip=tip,
            className="sg-planned",
        ).add_to(group)
    group.add_to(m)


def candidate_markers(m: Any, candidates: gpd.GeoDataFrame) -> None:
    """What-if stations (an Access's candidates): black-ringed gold squares, named as
    candidates; their catchments count, as in the what-if."""
    folium = folium_module()
    if not len(candidates):
        return
    group = folium.FeatureGroup(name="候选站点 Candidate stations (what-if)")
    for _, row in candidates.iterrows():
        name = html.escape(str(row.get("name_zh", "candidate")))
        folium.RegularPolygonMarker(
            location=[row.geometry.y, row.geometry.x],
            number_of_sides=4,
            radius=7,
            color="#111111",
            weight=1.5,
            fill=True,
            fill_color="#ffd700",
            fill_opacity=1.0,
            tooltip=f"<b>{name}</b> 候选 candidate (what-if)",
            className="sg-candidate",
        ).add_to(group)
    group.add_to(m)
