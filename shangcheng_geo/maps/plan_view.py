"""The plan-structure map: the district, the river, the riverfront axis, the zones of a plan
version (indicative unless the user's official drawings) and the plan's sites (``maps`` extra).

Examples
--------
>>> from shangcheng_geo import maps
>>> m = maps.plan_map("14th", tiles=None)
>>> "一轴" in m.shangcheng_title
True
"""

from __future__ import annotations

from typing import Any

from ._basemap import base_map
from ._mapkit import (
    ZONE_COLOURS,
    add_legend,
    credit,
    district_outline,
    finish,
    fit_to,
    geojson_layer,
    points_layer,
    prepare_layer,
    title_box,
    zone_labels,
)

__all__ = ["plan_map"]


def plan_map(
    version: Any = "14th",
    *,
    m: Any = None,
    tiles: Any = ("light", "osm"),
    simplify_m: float = 5.0,
    anchor_radius_m: float = 1000,
    assets: str = "inline",
) -> Any:
    """The plan structure: district, river, axis, zones of a plan version, sites.

    Zones are drawn as indicative (dashed outline) and the legend says "indicative zone, not
    official" unless the version was loaded from the user's official drawings.

    Parameters
    ----------
    version : str or PlanVersion, default '14th'
        A plan version (:func:`shangcheng_geo.plan.version`).
    m : folium.Map, optional
        Draw on this map instead of a new one.
    tiles : str, sequence of str, xyzservices provider or None, default ('light', 'osm')
        Basemaps: names such as ``'light'``, ``'osm'``, ``'amap'`` (GCJ-02), or None.
    simplify_m : float, default 5
        Outline simplification tolerance in metres.
    anchor_radius_m : float, default 1000
        Radius of the anchor circles that indicative zones are drawn from.
    assets : {'inline', 'cdn'}, default 'inline'
        As in :func:`base_map`.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> from shangcheng_geo import maps
    >>> html = maps.plan_map("14th", tiles=None).get_root().render()
    >>> "sg-zone" in html  # the zone layer (names are in its GeoJSON, \\u-escaped)
    True
    """
    from .. import datasets
    from ..plan import layout as plan

    m = base_map(tiles=tiles, assets=assets) if m is None else m
    district = datasets.district()
    fit_to(m, district)
    district_outline(m, district, simplify_m)
    axis = plan.riverfront_axis()
    geojson_layer(
        prepare_layer(axis, m, 0),
        "一轴 Riverfront axis (19 km)",
        m=m,
        style={"color": ZONE_COLOURS["axis"], "weight": 5},
        fields=["name_zh", "length_m"],
        aliases=["名称", "长度 (m)"],
    )
    zones = plan.structure_metric(version, anchor_radius_m=anchor_radius_m)
    indicative = _zone_layer(m, zones, version, simplify_m)
    unlocated, sites = _site_layers(m)
    _plan_legend(m, version, indicative, unlocated)
    title_box(m, f"上城区 一轴双核五星 空间结构 ({version})", "Shangcheng plan structure")
    credit(m, district, datasets.water(), datasets.places(), zones, *sites)
    return finish(m)


def _zone_layer(m: Any, zones: Any, version: str, simplify_m: float) -> bool:
    """The plan's zones (not the axis, drawn as a line) with their labels; returns whether
    they are indicative."""
    indicative = bool((zones.get("status", "indicative") == "indicative").all())
    dash = "6 4" if indicative else None

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        kind = feature["properties"].get("element_type", "area")
        colour = ZONE_COLOURS.get(kind, "#6a3d9a")
        return {
            "color": colour,
            "weight": 2,
            "fillColor": colour,
            "fillOpacity": 0.25,
            "dashArray": dash,
        }

    shown = zones[zones["element_type"] != "axis"] if "element_type" in zones else zones
    drawn = prepare_layer(shown, m, simplify_m)
    geojson_layer(
        drawn,
        f"规划分区 Plan zones ({version})",
        m=m,
        style={},
        style_function=style,
        fields=["name_zh", "name_en", "element_type", "confidence", "method"],
        aliases=["名称", "Name", "类型 Type", "置信度 Confidence", "方法 Method"],
        class_name="sg-zone",
        keep=["element_type"],
    )
    zone_labels(m, drawn, "name_zh")
    return indicative


def _site_layers(m: Any) -> tuple[int, tuple[Any, Any]]:
    """Future communities and key projects as points; returns how many are unlocated, and
    the two layers (for their credit)."""
    from ..plan import sites

    fc = sites.future_communities()
    kp = sites.key_projects()
    points_layer(
        m,
        prepare_layer(fc, m, 0),
        "未来社区 Future communities",
        "#31a354",
        ["name_zh", "name_en", "programme", "confidence"],
        "sg-site",
    )
    points_layer(
        m,
        prepare_layer(kp, m, 0),
        "标志性项目 Key projects",
        "#756bb1",
        ["name_zh", "name_en", "confidence"],
        "sg-site",
    )
    return int(fc.is_empty.sum() + kp.is_empty.sum()), (fc, kp)


def _plan_legend(m: Any, version: str, indicative: bool, unlocated: int) -> None:
    items = [
        (ZONE_COLOURS[k], label)
        for k, label in (
            ("axis", "一轴 Axis"),
            ("core", "核 Core"),
            ("star", "星 Star"),
            ("area", "片区 Area"),
        )
    ]
    items += [("#31a354", "未来社区 Future community"), ("#756bb1", "标志性项目 Key project")]
    note = (
        "示意范围，非官方边界 Indicative zone, not official"
        if indicative
        else "用户提供的官方范围 User-supplied official zones"
    )
    note += f"; {unlocated} sites unlocated (not drawn)"
    add_legend(m, f"规划结构 Plan structure ({version})", items, note=note)
