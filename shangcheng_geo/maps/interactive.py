"""Interactive Folium maps: plan structure, metro coverage, green coverage (``maps`` extra).

Every function returns a :class:`folium.Map` and takes ``m=`` to draw onto an existing one.
Maps carry a title with the headline figure, a layer control with Chinese and English names,
legends for the layers present and colour bars in %, zone labels, the river and the district
outline, a scale bar and the data attributions. Pages are self-contained by default
(``assets='inline'``: Leaflet is written into the page, so it renders with no internet);
``assets='cdn'`` gives a smaller page that loads Leaflet online.

**Basemaps and datums.** ``tiles`` names one or more basemaps: ``"light"`` (CartoDB Positron)
and ``"osm"`` (OpenStreetMap) by default; ``"amap"`` and ``"tencent"`` are GCJ-02 basemaps, so
every overlay is shifted to GCJ-02 (:func:`shangcheng_geo.crs.to_datum`) to line up with them
-- never the basemap to WGS84; ``"tianditu"`` (CGCS2000, within a metre of WGS84) reads its
key from the ``TIANDITU_KEY`` environment variable; a local tile server is a dict with its URL
template and datum (see :func:`base_map`). ``tiles=None`` draws no basemap (a grey background
with the river and the district: the look for an intranet without a tile server).
A map cannot mix WGS84 and GCJ-02 basemaps: the overlays can only line up with one.

**Web weight.** Geometries are simplified for display with a tolerance in metres
(``simplify_m``) and coordinates rounded to 1e-6 degrees (~0.1 m).

Examples
--------
>>> from shangcheng_geo import maps
>>> m = maps.plan_map("14th", tiles=None)
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._errors import InputError
from ._mapkit import (
    BASEMAPS,
    CENTRE,
    ZONE_COLOURS,
    add_legend,
    colour_bar,
    credit,
    district_outline,
    finish,
    fit_to,
    folium_module,
    geojson_layer,
    points_layer,
    prepare_layer,
    require_map_units,
    scale_bar,
    tiles_list,
    title_box,
    zone_labels,
)
from ._markers import candidate_markers, planned_markers, station_markers

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["BASEMAPS", "base_map", "coverage_map", "green_map", "plan_map"]


def base_map(
    *,
    tiles: Any = ("light", "osm"),
    location: tuple[float, float] = CENTRE,
    zoom_start: int = 12,
    assets: str = "inline",
) -> Any:
    """An empty map with basemaps and a scale bar, self-contained by default.

    The map remembers its datum (``m.shangcheng_datum``): overlays added by this module are
    shifted to GCJ-02 when the basemap is GCJ-02 (Amap, Tencent, or a declared mirror).

    Parameters
    ----------
    tiles : str, dict, sequence of them, or None, default ('light', 'osm')
        Basemaps: names (``'light'``, ``'osm'``, ``'amap'``, ``'tencent'``, ``'tianditu'``),
        or a local tile server as ``{"url": "http://tiles.intranet/{z}/{x}/{y}.png",
        "datum": "wgs84" | "gcj02", "attribution": ..., "name": ...}``; None for no basemap
        (grey background: the river and the district are drawn by every map).
    location : (lat, lon), default the district's centre
        The opening centre (maps then fit their data).
    zoom_start : int, default 12
        The opening zoom.
    assets : {'inline', 'cdn'}, default 'inline'
        ``'inline'``: Leaflet's JS and CSS are written into the page (from the
        ``django-js-lib-leaflet`` package), so it renders with no internet; ``'cdn'``: a
        smaller page that loads Leaflet from jsdelivr.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> from shangcheng_geo import maps
    >>> m = maps.base_map(tiles=None)
    >>> m.shangcheng_datum, "cdn.jsdelivr.net" in m.get_root().render()
    ('wgs84', False)
    """
    folium = folium_module()
    from ._mapassets import set_assets

    specs = tiles_list(tiles)
    m = folium.Map(
        location=list(location),
        zoom_start=zoom_start,
        tiles=None,
        control_scale=False,
        zoom_snap=0.25,  # fractional zoom: the data fills the window, not half of it
    )
    set_assets(m, assets)
    for i, spec in enumerate(specs):
        url = spec["tiles"]
        if "{key}" in url:
            key = os.environ.get("TIANDITU_KEY")
            if not key:
                raise InputError(
                    "the Tianditu basemap needs a key: set the environment variable TIANDITU_KEY "
                    "(free from console.tianditu.gov.cn), or choose tiles='light'."
                )
            url = url.replace("{key}", key)
        folium.TileLayer(
            tiles=url,
            attr=spec["attr"],
            name=spec["name"],
            subdomains=spec["subdomains"],
            overlay=False,
            control=True,
            show=i == 0,
        ).add_to(m)
    scale_bar(m)
    m.shangcheng_datum = specs[0]["datum"] if specs else "wgs84"
    m.shangcheng_attribution = []
    return m


# ----------------------------------------------------------------------------- plan map


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
    unlocated = _site_layers(m)
    _plan_legend(m, version, indicative, unlocated)
    title_box(m, f"上城区 一轴双核五星 空间结构 ({version})", "Shangcheng plan structure")
    credit(m, datasets.attribution(district, datasets.water(), datasets.places()))
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


def _site_layers(m: Any) -> int:
    """Future communities and key projects as points; returns how many are unlocated."""
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
    return int(fc.is_empty.sum() + kp.is_empty.sum())


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


def _coverage_legend(
    m: Any, radii: Any, when: str, notes: list[str], *, network: Any, gaps: int, indicative: bool
) -> None:
    from ._coverage_layers import CATCHMENT_COLOURS

    keys = [(c, f"{r:g} m") for c, r in zip(CATCHMENT_COLOURS, radii, strict=False)]
    if network is not None:
        keys.append(("#41ab5d", "步行 Walking"))
    keys.append(("#636363", "在建 Under construction (OSM)"))
    if gaps:
        keys.append(("#000000", "空白 Gap (> 1 ha)"))
    if indicative:
        notes = ["示意范围，非官方边界 / indicative, not official", *notes]
    if isinstance(network, str):
        from .. import datasets

        share = datasets.catalog_value("streets_west", "district_not_served_share")
        notes = [
            *notes,
            f"步行: 仅西部街道 (OSM 2026-05-08), 区内 {share:.0%} 陆地无街道数据 "
            f"walking: west only, {share:.0%} of the district's land not served",
        ]
    add_legend(m, f"站点覆盖 Station coverage ({when})", keys, note="; ".join(notes))


def _model(stations: Any, as_of: Any) -> tuple[Any, bool, Any]:
    """The stations open on ``as_of`` for every layer (default today: one default date,
    stated in the title); an Access (e.g. a what-if) as it is, or on ``as_of``."""
    from ..access.model import Access

    if isinstance(stations, Access):
        return (stations if as_of is None else stations.on(as_of)), True, as_of
    from .. import datasets

    day = datasets.measured_day(as_of)
    return Access(stations, as_of=day), False, day


def _markers(m: Any, near: Any, acc: Any, stations: Any, as_of: Any) -> int:
    """Station markers (last, so they sit on top): open stations, the model's what-if
    candidates, the caller's planned stations; returns the number of candidates."""
    n_cand = len(acc.candidates)
    # what-if stations come last in the model's (renumbered) stations: drawn as candidates
    near = near[near.index < len(acc.stations) - n_cand] if n_cand else near
    station_markers(m, near.to_crs("EPSG:4326"))
    if n_cand:
        candidate_markers(m, acc.candidates.to_crs("EPSG:4326"))
    _planned_layer(m, stations, acc, as_of)
    return n_cand


def _planned_layer(m: Any, stations: Any, acc: Any, as_of: Any) -> None:
    """The caller's planned stations not open on ``as_of``, drawn hollow and not counted."""
    if (
        stations is None
        or "status" not in stations.columns
        or not (stations["status"] == "planned").any()
    ):
        return
    opened = set(acc.stations["name_zh"]) if "name_zh" in acc.stations else set()
    todo = stations[(stations["status"] == "planned") & ~stations["name_zh"].isin(opened)]
    planned_markers(m, todo.to_crs("EPSG:4326"), str(as_of or "today"))


def coverage_map(
    units: gpd.GeoDataFrame | None = None,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float | Sequence[float] = (500, 800),
    as_of: Any = None,
    network: Any = "embedded",
    m: Any = None,
    tiles: Any = ("light", "osm"),
    simplify_m: float = 10.0,
    gaps: bool = True,
    base: str = "land",
    assets: str = "inline",
    datum: str = "wgs84",
) -> Any:
    """Metro coverage: stations by line colour, catchments, gaps and a per-unit choropleth.

    Parameters
    ----------
    units : GeoDataFrame, optional
        Units for the choropleth (default the plan zones of the 14th plan).
    stations : GeoDataFrame or Access, optional
        Default: the embedded stations (open on ``as_of``); markers are drawn for those
        within 5 km of the units. An :class:`~shangcheng_geo.access.Access` is drawn as it
        is: a what-if's stations (``acc.with_stations(...)``) appear as candidates, counted.
    radius_m : float or list
        Catchment radii drawn (the largest one drives the choropleth and the gaps).
    as_of : date or ISO str, optional
        Only stations open on that day; default today (the date is stated in the title).
    network : graph, 'embedded' or None, default 'embedded'
        Also draw walking catchments along this network (shown). ``'embedded'``: along the
        embedded streets of western Shangcheng, on 40 m cells over the part they cover, in a
        layer switched off at first (the east is not served by them); None: none.
    m : folium.Map, optional
        Draw on this map instead of a new one.
    tiles : str, sequence of str, xyzservices provider or None, default ('light', 'osm')
        Basemaps: names such as ``'light'``, ``'osm'``, ``'amap'`` (GCJ-02), or None.
    simplify_m : float, default 10
        Outline simplification tolerance in metres.
    gaps : bool, default True
        Draw the uncovered land (a layer switched off at first).
    base : {'land', 'unit'}, default 'land'
        The base of the choropleth's ratios.
    assets : {'inline', 'cdn'}, default 'inline'
        As in :func:`base_map`: a self-contained page, or one that loads Leaflet online.
    datum : {'wgs84', 'gcj02', 'bd09'}, default 'wgs84'
        The datum of ``units`` and ``stations`` given in lon/lat (Amap: ``'gcj02'``);
        converted to true WGS84 before anything is drawn.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import maps
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
    ...     html = maps.coverage_map(as_of="2025-12-31", tiles=None).get_root().render()
    >>> "sg-catchment" in html
    True
    """

    import numpy as np
    import shapely

    from .. import datasets
    from .._crs_layers import input_in_wgs84
    from .._geom import near_box
    from .._validate import radii as radius_list
    from ..access import Units
    from ..plan import layout as plan
    from ..transit import future_note, unknown_openings
    from ._coverage_layers import (
        COVERAGE_COLOURS,
        catchment_layers,
        choropleth_layer,
        construction_layer,
        gap_layer,
        line_layer,
    )

    units, stations = input_in_wgs84(units, datum), input_in_wgs84(stations, datum)
    radii = sorted(radius_list(radius_m))
    r_max = radii[-1]
    m = base_map(tiles=tiles, assets=assets) if m is None else m
    # the door: each input checked and projected once, then handed down (by default every
    # 14th-plan zone, located, as drawn in the analysis CRS)
    prepared = Units(plan.structure_metric("14th")) if units is None else require_map_units(units)
    district = Units(datasets.in_analysis_crs("district"), "district")
    acc, given, as_of = _model(stations, as_of)
    outline = district_outline(m, district.metric, simplify_m)
    cov = acc.coverage(prepared, radius_m=r_max, base=base)
    drawn, indicative, _ = choropleth_layer(m, cov, prepared.metric, r_max, simplify_m)
    fit_to(m, outline, drawn)
    units_box = shapely.box(*prepared.metric.total_bounds)
    st_xy = np.column_stack([acc.stations.geometry.x, acc.stations.geometry.y])
    near = acc.stations[near_box(st_xy, units_box.bounds, 2_000)]  # markers: within 2 km
    # catchments of the stations that reach the units; others are not drawn
    reach = acc.stations[near_box(st_xy, units_box.bounds, r_max)]
    catchment_layers(m, reach, radii, units_box, network, simplify_m)
    n_gaps = gap_layer(m, prepared, acc, r_max, base, simplify_m) if gaps else 0
    line_layer(m, simplify_m)
    construction_layer(m)
    n_cand = _markers(m, near, acc, None if given else stations, as_of)
    when = str(as_of) if as_of is not None else "所有已开通站点 all open stations"
    layer = datasets.stations() if stations is None or given else stations
    future = future_note(layer, as_of)
    notes = unknown_openings(layer, undated=False) + ([future] if future else [])
    _coverage_legend(m, radii, when, notes, network=network, gaps=n_gaps, indicative=indicative)
    colour_bar(m, f"单元覆盖率 Coverage per unit ({r_max:g} m, %)", COVERAGE_COLOURS)
    headline = float(acc.coverage(district, radius_m=r_max, base=base)["coverage_ratio"].iloc[0])
    m.shangcheng_headline = headline  # the district's ratio, for pages that embed the map
    base_zh = {"land": "陆地", "unit": "全域"}.get(base, str(base))
    title_box(
        m,
        f"上城区 站点{r_max:g}米覆盖率 {headline * 100:.1f} % ({base_zh}, 直线, {when})"
        + (" · 未含规划线路" if future else "")
        + (f" · 含 {n_cand} 个候选站点 incl. {n_cand} candidate(s)" if n_cand else ""),
        f"Shangcheng: {headline * 100:.1f} % of the {'land' if base == 'land' else 'area'} "
        f"within {r_max:g} m of a metro station (straight line)"
        + (f"; {future}" if future else ""),
    )
    drawn = [district.source, datasets.stations(), datasets.water(), datasets.metro_construction()]
    credit(m, datasets.attribution(*drawn))
    return finish(m)


def green_map(
    result: gpd.GeoDataFrame,
    *,
    target_pct: float | None = None,
    m: Any = None,
    tiles: Any = ("light", "osm"),
    simplify_m: float = 10.0,
    data_source: str = "user data",
    assets: str = "inline",
) -> Any:
    """Green coverage ratio per unit (a :func:`shangcheng_geo.green.green_coverage` result),
    coloured against the plan's target (40.5 % by 2025 unless ``target_pct`` is given).

    Parameters
    ----------
    result : GeoDataFrame
        A :func:`shangcheng_geo.green.green_coverage` result.
    target_pct : float, optional
        The target in percent; default the plan's 40.5.
    m : folium.Map, optional
        Draw on this map instead of a new one.
    tiles : str, sequence of str, xyzservices provider or None, default ('light', 'osm')
        Basemaps: names such as ``'light'``, ``'osm'``, ``'amap'`` (GCJ-02), or None.
    simplify_m : float, default 10
        Outline simplification tolerance in metres.
    data_source : str, default 'user data'
        Named in the attribution.
    assets : {'inline', 'cdn'}, default 'inline'
        As in :func:`base_map`.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import green, maps, plan
    >>> zones = plan.structure("14th").iloc[[1]]
    >>> centre = zones.to_crs(4549).geometry.iloc[0].centroid
    >>> trees = gpd.GeoDataFrame(geometry=[centre.buffer(300)], crs=4549)
    >>> html = maps.green_map(green.green_coverage(zones, trees), tiles=None).get_root().render()
    >>> "sg-unit" in html and "Green coverage ratio" in html
    True
    """
    import branca.colormap as cm

    from .. import datasets
    from ..indicators import get

    if "green_ratio" not in result.columns:
        raise InputError("result must come from green.green_coverage() (no 'green_ratio' column).")
    target = float(get("green_coverage_ratio")["target"]) if target_pct is None else target_pct
    m = base_map(tiles=tiles, assets=assets) if m is None else m
    district = datasets.district()
    fit_to(m, district, result)
    district_outline(m, district, simplify_m)
    colours = ["#f7fcf5", "#a1d99b", "#31a354", "#00441b"]
    colormap = cm.LinearColormap(colours, vmin=0, vmax=1)
    shown = result.assign(green_pct=(result["green_ratio"] * 100).round(1))
    shown["vs_target"] = (shown["green_pct"] - target).round(1)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        pct = feature["properties"].get("green_pct")
        value = float(pct) / 100 if pct not in (None, "nan") else 0.0
        below = float(pct) < target if pct not in (None, "nan") else True
        return {
            "color": "#d7301f" if below else "#1a9850",
            "weight": 2.5 if below else 1.5,
            "fillColor": colormap(value),
            "fillOpacity": 0.6,
        }

    label = [c for c in ("name_zh", "cell_id", "element_id") if c in shown.columns][:1]
    geojson_layer(
        prepare_layer(shown, m, simplify_m),
        "绿化覆盖率 Green coverage",
        m=m,
        style={},
        style_function=style,
        fields=[*label, "green_pct", "vs_target"],
        aliases=[
            *(["单元 Unit"] if label else []),
            "绿化覆盖率 Green coverage (%)",
            f"与目标之差 vs {target:g} % target (points)",
        ],
        class_name="sg-unit",
    )
    if label and label[0] == "name_zh":
        zone_labels(m, prepare_layer(shown, m, simplify_m), "name_zh")
    colour_bar(m, "绿化覆盖率 Green coverage ratio (%)", colours)
    add_legend(
        m,
        f"规划目标 Plan target {target:g} %",
        [
            ("#1a9850", f"达到目标 Meets the {target:g} % target"),
            ("#d7301f", f"低于目标 Below the {target:g} % target"),
        ],
        note=f"Plan: 39.2 % (2020) → 40.5 % (2025). Data: {data_source}",
    )
    total = float(result["green_m2"].sum()) / max(float(result["base_m2"].sum()), 1e-9)
    title_box(
        m,
        f"绿化覆盖率 {total * 100:.1f} % (目标 {target:g} %)",
        f"Green coverage of the units shown: {total * 100:.1f} % (target {target:g} %); "
        f"data: {data_source}",
    )
    credit(m, datasets.attribution(district, datasets.water()), data_source)
    return finish(m)
