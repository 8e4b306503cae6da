"""The layers of the coverage map, one step each (private to :mod:`shangcheng_geo.maps`).

:func:`shangcheng_geo.maps.coverage_map` checks and projects its inputs once at its door
(units and the district as :class:`~shangcheng_geo.access._units.Units`, the stations in an
:class:`~shangcheng_geo.access.Access`) and hands them to these steps, which trust them: every
layer is computed in the analysis CRS and converted to the map's datum once, when drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._mapkit import flat_fills, geojson_layer, prepare_layer, zone_labels

__all__ = [
    "CATCHMENT_COLOURS",
    "COVERAGE_COLOURS",
    "EMBEDDED_WALK_CELL_M",
    "NO_DATA",
    "catchment_layers",
    "choropleth_layer",
    "construction_layer",
    "gap_layer",
    "line_layer",
]

COVERAGE_COLOURS = ["#fee5d9", "#fcae91", "#fb6a4a", "#cb181d"]
EMBEDDED_WALK_CELL_M = 40.0  # display cells for walking on the embedded streets
CATCHMENT_COLOURS = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]


NO_DATA = "#cccccc"  # units measured as no data (NaN): grey, never the colour of 0 %
NO_DATA_TEXT = "无数据 no data"  # and so in their tooltip


def choropleth_layer(
    m: Any, cov: Any, units_m: Any, r_max: float, simplify_m: float
) -> tuple[Any, bool, Any]:
    """The per-unit choropleth and the unit labels (``name_zh``, else ``name``); returns (the
    drawn units in EPSG:4326, whether they are indicative zones, the label column or None)."""
    import branca.colormap as cm

    colormap = cm.LinearColormap(COVERAGE_COLOURS, vmin=0, vmax=1)
    pct = (cov["coverage_ratio"] * 100).round(1)
    shown = cov.assign(coverage_pct=[f"{v:.1f}" if v == v else NO_DATA_TEXT for v in pct])
    shown = shown.set_geometry(units_m.geometry.to_numpy(), crs=units_m.crs)  # metric, once
    label_col = next((c for c in ("name_zh", "name") if c in shown.columns), None)
    indicative = "status" in shown.columns and bool((shown["status"] == "indicative").any())
    if indicative:
        shown["status_zh"] = (
            shown["status"]
            .map({"indicative": "示意范围，非官方边界 / indicative, not official"})
            .fillna(shown["status"].astype(str))
        )
    fields = [c for c in (label_col, "coverage_pct", "status_zh" if indicative else None) if c]
    aliases = {"coverage_pct": "覆盖率 Coverage (%)", "status_zh": "范围 Extent"}

    def choropleth_style(feature: dict[str, Any]) -> dict[str, Any]:
        pct = feature["properties"].get("coverage_pct")
        if pct in (None, NO_DATA_TEXT):
            return {"color": "#888888", "weight": 1, "fillColor": NO_DATA, "fillOpacity": 0.5}
        return {
            "color": "#555555",
            "weight": 1,
            "fillColor": colormap(float(pct) / 100),
            "fillOpacity": 0.55,
        }

    geojson_layer(
        prepare_layer(flat_fills(shown), m, simplify_m),
        f"单元覆盖率 Coverage per unit ({r_max:g} m)",
        m=m,
        style={},
        style_function=choropleth_style,
        fields=fields,
        aliases=[aliases.get(f, "单元 Unit") for f in fields],
        class_name="sg-unit",
    )
    drawn = prepare_layer(shown, m, simplify_m)
    if label_col:
        zone_labels(m, drawn, label_col)
    return drawn, indicative, label_col


def catchment_layers(
    m: Any, reach: Any, radii: Sequence[float], units_box: Any, network: Any, simplify_m: float
) -> dict[str, Any]:
    """Straight-line catchments of the stations that reach the units, and, given a
    network, walking catchments.

    ``network='embedded'`` is the display layer of the western streets (switched off at
    first, not asked for): it is drawn from the stations that reach these streets, so the
    stations farther than ``max_snap_m`` from them are counted for the legend
    (``left_out``), not warned about; a network passed in is a walking measure asked for, and
    its stations too far from it are named in a warning.

    Returns what was drawn: ``straight`` and ``walking`` (the feature groups), ``embedded``,
    ``left_out`` (the stations near the embedded streets with no walking catchment)."""
    from .._coverage_shapes import catchments_metric
    from ..access.model import Access

    drawn: dict[str, Any] = {"straight": [], "walking": [], "embedded": False, "left_out": 0}
    straight = prepare_layer(catchments_metric(Access(reach), radii), m, simplify_m)
    for i, r in enumerate(radii):
        colour = CATCHMENT_COLOURS[i % 4]
        drawn["straight"].append(
            geojson_layer(
                straight[straight["radius_m"] == r],
                f"{r:g} 米直线覆盖 {r:g} m straight-line",
                m=m,
                style={"color": colour, "weight": 1, "fillColor": colour, "fillOpacity": 0.15},
                class_name=f"sg-catchment sg-catchment-{r:g}",
            )
        )
    if network is None:
        return drawn
    import shapely

    embedded = isinstance(network, str) and network == "embedded"
    drawn["embedded"] = embedded
    if embedded:  # the western streets, on display cells, over the part they cover
        from .. import datasets

        net = datasets.streets()
        usable, drawn["left_out"] = _reaching(reach, net)
        walking = Access(usable, method="network", network=net, cell_m=EMBEDDED_WALK_CELL_M)
        extent = units_box.intersection(shapely.box(*net.xy.min(axis=0), *net.xy.max(axis=0)))
    else:
        walking = Access(reach, method="network", network=network)
        extent = units_box.buffer(max(radii)).envelope
    if extent.is_empty or not len(walking.stations):
        return drawn
    walk = prepare_layer(catchments_metric(walking, radii, extent=extent), m, simplify_m)
    where = " (OSM 西部街道 western streets)" if embedded else ""
    for r in radii:
        drawn["walking"].append(
            geojson_layer(
                walk[walk["radius_m"] == r],
                f"{r:g} 米步行覆盖 {r:g} m walking{where}",
                m=m,
                style={"color": "#238b45", "weight": 1, "fillColor": "#41ab5d", "fillOpacity": 0.2},
                class_name=f"sg-catchment sg-walk-{r:g}",
                show=not embedded,  # the embedded layer is off at first: it covers the west only
            )
        )
    return drawn


def _reaching(stations_m: Any, net: Any) -> tuple[Any, int]:
    """The stations within the model's ``max_snap_m`` of the network's edges, and how many of
    those inside its extent are farther (the ones a walking measure would warn about)."""
    from .._geom import near_box
    from ..access import DEFAULT_MAX_SNAP_M

    on_net = stations_m.to_crs(net.crs) if stations_m.crs != net.crs else stations_m
    xy = np.column_stack([on_net.geometry.x, on_net.geometry.y]) if len(on_net) else None
    if xy is None:
        return stations_m, 0
    far = net.snap(xy).leg_m > DEFAULT_MAX_SNAP_M
    inside = near_box(xy, net.bounds, DEFAULT_MAX_SNAP_M)
    return stations_m[~far], int((far & inside).sum())


def construction_layer(m: Any) -> Any:
    """Metro lines OSM marks as under construction, dashed (not planned stations); returns
    the layer's feature group."""
    from .. import datasets

    return geojson_layer(
        prepare_layer(datasets.metro_construction(), m, 0),  # a few lines: drawn as mapped
        "在建地铁 (OSM, 2026-05) Metro under construction",
        m=m,
        style={"color": "#636363", "weight": 3, "opacity": 0.8, "dashArray": "8 6"},
        fields=["name", "status"],
        aliases=["线路", "状态 Status"],
        class_name="sg-construction",
        show=False,
    )


def gap_layer(
    m: Any, units: Any, acc: Any, r_max: float, base: str, simplify_m: float
) -> tuple[int, Any]:
    """The uncovered land over 1 ha (a layer switched off at first); returns how many, and
    the layer's feature group (None without gaps)."""
    from .._coverage_shapes import gaps_metric

    holes = gaps_metric(units, acc, r_max, base=base, water=None, min_area_m2=10_000)
    group = None
    if len(holes):
        group = geojson_layer(
            prepare_layer(holes, m, simplify_m),
            f"覆盖空白 Gaps (> 1 ha, {r_max:g} m)",
            m=m,
            style={
                "color": "#000000",
                "weight": 1,
                "fillColor": "#000000",
                "fillOpacity": 0.25,
                "dashArray": "3 3",
            },
            fields=["area_m2", "rank"],
            aliases=["面积 Area (m²)", "排名 Rank"],
            class_name="sg-gap",
            show=False,
        )
    return len(holes), group


def line_layer(m: Any, simplify_m: float) -> None:
    """The metro lines in their colours."""
    from .. import datasets

    geojson_layer(
        prepare_layer(datasets.in_analysis_crs("lines"), m, simplify_m),
        "地铁线路 Metro lines",
        m=m,
        style={},
        style_function=lambda f: {
            "color": f["properties"].get("colour") or "#777777",
            "weight": 3,
            "opacity": 0.8,
        },
        fields=["name_zh", "name_en", "geometry_kind"],
        aliases=["线路", "Line", "几何 Geometry"],
        keep=["colour"],
    )
