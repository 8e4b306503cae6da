"""The metro-coverage map: stations by line colour, straight-line and walking catchments, gaps,
lines under construction and a per-unit choropleth, with the district's figure in the title
(``maps`` extra).

Examples
--------
>>> import warnings
>>> from shangcheng_geo import maps
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
...     m = maps.coverage_map(as_of="2025-12-31", network=None, tiles=None)
>>> 0 < m.shangcheng_headline < 1
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._validate import radii as radius_list
from ._basemap import base_map
from ._coverage_layers import (
    CATCHMENT_COLOURS,
    COVERAGE_COLOURS,
    NO_DATA,
    catchment_layers,
    choropleth_layer,
    construction_layer,
    gap_layer,
    line_layer,
)
from ._mapkit import (
    add_legend,
    colour_bar,
    credit,
    district_outline,
    finish,
    fit_to,
    require_map_units,
    title_box,
)
from ._markers import candidate_markers, planned_markers, station_markers

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["coverage_map"]


def _coverage_legend(
    m: Any,
    radii: Any,
    when: str,
    notes: list[str],
    *,
    drawn: dict[str, Any],
    indicative: bool,
    no_data: list[str],
) -> None:
    """The legend of the layers drawn; each row is listed while its layer is shown."""
    keys: list[Any] = [
        (c, f"{r:g} m", [g])
        for c, r, g in zip(CATCHMENT_COLOURS, radii, drawn["straight"], strict=False)
    ]
    if drawn["walking"]:
        label = "步行 Walking"
        if drawn["embedded"]:
            from .. import datasets

            share = datasets.catalog_value("streets_west", "district_not_served_share")
            label += (
                f": 仅西部街道 (OSM 2026-05-08), 区内 {share:.0%} 陆地无街道数据 "
                f"walking: west only, {share:.0%} of the district's land not served"
            )
            if drawn["left_out"]:
                n = drawn["left_out"]
                label += (
                    f"; {n} 个站点距街道超过 250 米, 无步行范围 {n} station(s) more than "
                    "250 m from these streets have no walking catchment"
                )
        keys.append(("#41ab5d", label, drawn["walking"]))
    keys.append(("#636363", "在建 Under construction (OSM)", [drawn["construction"]]))
    if drawn["gaps"] is not None:
        keys.append(("#000000", "空白 Gap (> 1 ha)", [drawn["gaps"]]))
    if no_data:
        keys.append((NO_DATA, f"无数据 No data: {', '.join(no_data)} (无边界 no boundary)"))
    if indicative:
        notes = ["示意范围，非官方边界 / indicative, not official", *notes]
    add_legend(m, f"站点覆盖 Station coverage ({when})", keys, note="; ".join(notes))


def _no_boundary(units: Any) -> list[str]:
    """The names of the units without a boundary (not drawn: no data)."""
    if units is None:
        return []
    empty = units.geometry.isna() | units.geometry.is_empty
    col = next((c for c in ("name_zh", "name") if c in units.columns), None)
    names = units.loc[empty, col] if col else units.index[empty].to_series()
    return [str(n) for n in names]


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
        Also draw walking catchments along this network (shown): walking asked for, so the
        stations farther than ``max_snap_m`` from it are named in a warning.
        ``'embedded'``: the embedded streets of western Shangcheng as a display layer (not a
        measure), on 40 m cells over the part they cover, switched off at first (the east is
        not served by them); drawn from the stations that reach these streets, the others
        counted in the legend rather than warned about. Pass ``datasets.streets()`` to ask
        for walking on them. None: no walking layer.
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
    from ..access import Units
    from ..plan import layout as plan
    from ..transit import future_note, unknown_openings

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
    drawn_layers = catchment_layers(m, reach, radii, units_box, network, simplify_m)
    drawn_layers["gaps"] = gap_layer(m, prepared, acc, r_max, base, simplify_m)[1] if gaps else None
    line_layer(m, simplify_m)
    drawn_layers["construction"] = construction_layer(m)
    n_cand = _markers(m, near, acc, None if given else stations, as_of)
    when = str(as_of) if as_of is not None else "所有已开通站点 all open stations"
    layer = datasets.stations() if stations is None or given else stations
    future = future_note(layer, as_of)
    notes = unknown_openings(layer, undated=False) + ([future] if future else [])
    _coverage_legend(
        m,
        radii,
        when,
        notes,
        drawn=drawn_layers,
        indicative=indicative,
        no_data=_no_boundary(units),
    )
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
    credit(
        m,
        units if units is not None else prepared.metric,
        district.source,
        layer,
        acc.stations,
        datasets.water(),
        datasets.lines(),
        datasets.metro_construction(),
        *(
            [datasets.catalog_value("streets_west", "attribution")]
            if drawn_layers["embedded"]
            else []
        ),
    )
    return finish(m)
