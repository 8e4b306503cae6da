"""Metro-station coverage (站点800米覆盖率): ratios, catchments, gaps, timelines, what-ifs.

"Coverage" is the share of a unit -- its whole area, its land, or a weight such as residents
-- that lies within ``radius_m`` of an open metro station. Every function here is a question
asked of one access model (:class:`shangcheng_geo.access.Access`): the stations open on a
date and how distance is measured -- straight line (exact areas, 256-gon circles) or walking
along a network (access legs capped at ``max_snap_m``, areas on ``cell_m`` cells). Build the
model once and pass it as ``stations`` to ask several questions without repeating the work::

    acc = access.Access(as_of="2025-12-31", method="network", network=G)
    station_coverage(zones, acc); coverage_gaps(zones, acc); site_access(sites, acc)

Areas are computed in the analysis CRS (``options.analysis_crs``, EPSG:4549 by default);
results come back aligned to the input index, with every input column kept.

**Stations.** By default every placed Hangzhou Metro station (:func:`datasets.stations`), so
stations just across a district border cover the land near it. ``as_of`` keeps the stations
open on that date; stations with an unknown opening date are named in a warning and left out.

Examples
--------
>>> from shangcheng_geo import coverage, datasets
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: reported, left out
...     cov = coverage.station_coverage(datasets.district(), as_of="2025-12-31")
>>> round(float(cov["coverage_ratio"].iloc[0]), 3)
0.61
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ._coverage_shapes import catchments_metric, gaps_metric
from ._crs_layers import input_in_wgs84
from ._errors import InputError, warn
from ._validate import one_radius, positive_metres, radii, require_geodataframe, split_located
from .access import DEFAULT_WALK_SPEED_M_S, walk_minutes
from .access.model import BASES, DEFAULT_CELL_M, DEFAULT_MAX_SNAP_M, METHODS, Access
from .access.resolving import resolve
from .crs import normalize_datum, to_analysis_crs

if TYPE_CHECKING:
    import geopandas as gpd

# timelines and what-ifs live in :mod:`shangcheng_geo.scenarios`; kept here by name too
from ._options import DEFAULT_CUTOFF_M, STATION_RADIUS_M
from .scenarios import coverage_timeline, what_if

__all__ = [
    "BASES",
    "METHODS",
    "catchments",
    "compare_methods",
    "coverage_gaps",
    "coverage_timeline",
    "site_access",
    "station_coverage",
    "what_if",
]


def _use_dask(obj: Any, engine: str) -> bool:
    """Whether to run on dask: asked for, or given a dask GeoDataFrame / GeoParquet path."""
    if engine not in ("memory", "dask"):
        raise InputError(f"engine must be 'memory' or 'dask'; received {engine!r}.")
    if engine == "dask":
        return True
    if type(obj).__module__.startswith("dask_geopandas"):
        return True
    if isinstance(obj, str | os.PathLike):
        path = str(obj)
        return path.lower().endswith((".parquet", ".geoparquet")) or os.path.isdir(path)
    return False


def catchments(
    stations: Any = None,
    *,
    radius_m: float | Sequence[float] = STATION_RADIUS_M,
    as_of: Any = None,
    extent: Any = None,
) -> gpd.GeoDataFrame:
    """Dissolved straight-line catchments, one row per radius (EPSG:4326).

    Parameters
    ----------
    stations : GeoDataFrame or Access, optional
        Station points (default the embedded ones), or an access model (walking
        catchments for a walking model, see :meth:`Access.catchments`).
    radius_m : float or list of float, default 800
        Radii in metres.
    as_of : date or ISO str, optional
        Only stations open on that day.
    extent : GeoDataFrame or shapely geometry, optional
        Limit to this area (a bare geometry is in the analysis CRS). Walking catchments
        default to the network's bounding box.

    Returns
    -------
    GeoDataFrame
        ``radius_m``, ``n_stations``, ``area_m2`` and the dissolved polygon per radius,
        EPSG:4326. Walking catchments are unions of the model's ``cell_m`` cells.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import coverage
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
    ...     c = coverage.catchments(radius_m=[500, 800], as_of="2025-12-31")
    >>> c["radius_m"].tolist()
    [500.0, 800.0]
    """
    import shapely

    acc = resolve(stations, as_of=as_of)
    rs = radii(radius_m)
    if extent is not None and hasattr(extent, "geometry"):
        extent = shapely.box(*to_analysis_crs(extent, "extent").total_bounds)
    return catchments_metric(acc, rs, extent=extent).to_crs("EPSG:4326")


def station_coverage(
    units: gpd.GeoDataFrame,
    stations: Any = None,
    *,
    radius_m: float | Sequence[float] = STATION_RADIUS_M,
    method: str = "euclidean",
    base: str = "land",
    network: Any = None,
    as_of: Any = None,
    water: gpd.GeoDataFrame | None = None,
    weights: Any = None,
    weight_col: str | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cell_m: float = DEFAULT_CELL_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
    datum: str = "wgs84",
    engine: str = "memory",
) -> gpd.GeoDataFrame:
    """Per-unit share within ``radius_m`` of a station (站点800米覆盖率).

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS: the district, plan zones, a corridor, a grid, your own.
    stations : GeoDataFrame or Access, optional
        Station points (default every placed Hangzhou Metro station), or an access model.
    radius_m : float or list of float, default 800
        One radius, or several (e.g. ``[300, 500, 800, 1000]``) in one call.
    method : {'euclidean', 'network'}, default 'euclidean'
        Straight-line distance, or walking distance along ``network``
        (:mod:`shangcheng_geo.access` states the model).
    base : {'land', 'unit', 'weights'} or GeoDataFrame, default 'land'
        ``'land'``: the unit minus the water layer; ``'unit'``: the whole unit; polygons: the
        unit within them (e.g. the built-up area); ``'weights'``: the sum of
        ``weights[weight_col]`` over weight points inside the unit (:mod:`shangcheng_geo.bases`).
    network : networkx graph or WalkNetwork, optional
        The walking network for ``method='network'`` (OSMnx conventions, any CRS); default
        the embedded streets of western Shangcheng (:func:`shangcheng_geo.datasets.streets`;
        the east is not served by them).
    as_of : date or ISO str, optional
        Only stations open on that day (needs an ``opened`` column).
    water : GeoDataFrame, optional
        Water polygons for ``base='land'``; default the embedded Qiantang layer.
    weights : GeoDataFrame, raster path or rasterio dataset, optional
        For ``base='weights'``: weighted points (with ``weight_col``), or (straight line) a
        population raster whose pixels count by the exact fraction of their area inside the
        unit and the catchment; ``nodata_share`` reports the unit's share of nodata pixels.
    weight_col : str, optional
        Column of the point weights.
    max_snap_m : float, default 250
        Walking: the longest access leg from a place or station to its nearest edge.
    cell_m : float, default 10
        Walking: side of the sample cells that measure covered land.
    walk_speed_m_s : float, default 1.2
        Walking speed for the radius in minutes that ``attrs["coverage"]["walk_min"]``
        reports beside metres (:func:`shangcheng_geo.access.walk_minutes`).
    datum : {'wgs84', 'gcj02', 'bd09'}, default 'wgs84'
        The datum of lon/lat inputs: GCJ-02 (Amap, Tencent) or BD-09 (Baidu) layers are
        converted to true WGS84 first (never relabelled); results come back in WGS84.
    engine : {'memory', 'dask'}, default 'memory'
        ``'dask'`` (automatic for a dask-geopandas GeoDataFrame or a GeoParquet path as
        ``weights``) sums point weights partition by partition; same columns.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` plus ``base_m2`` (or ``base_weight``) and, for one radius,
        ``covered_m2`` (``covered_weight``) and ``coverage_ratio``; for several radii the
        same with a ``_<radius>`` suffix, e.g. ``coverage_ratio_500``. Walking adds
        ``not_served_m2`` and ``not_served_share``. A unit with an empty base gets NaN.

    Examples
    --------
    >>> from shangcheng_geo import coverage, plan
    >>> z = coverage.station_coverage(plan.structure("14th"), radius_m=[500, 800])
    >>> bool((z["coverage_ratio_500"] <= z["coverage_ratio_800"]).all())
    True
    """
    units, stations = input_in_wgs84(units, datum), input_in_wgs84(stations, datum)
    on_dask = _use_dask(weights, engine)  # also refuses an unknown engine, whatever the base
    if base == "weights" and on_dask:
        if method != "euclidean" or weight_col is None or isinstance(stations, Access):
            raise InputError(
                "engine='dask' takes weighted points with weight_col=, by straight-line "
                "distance, and a station layer (not an Access model)."
            )
        from .dask_engine import weighted_coverage

        return weighted_coverage(
            units,
            weights,
            weight_col=weight_col,
            stations=stations,
            radius_m=one_radius(radius_m),
            as_of=as_of,
        )
    acc = resolve(
        stations,
        as_of=as_of,
        method=method,
        network=network,
        max_snap_m=max_snap_m,
        cell_m=cell_m,
        walk_speed_m_s=walk_speed_m_s,
    )
    return acc.coverage(
        units, radius_m=radius_m, base=base, water=water, weights=weights, weight_col=weight_col
    )


def compare_methods(
    units: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame | None = None,
    *,
    network: Any = None,
    radius_m: float = STATION_RADIUS_M,
    base: str = "land",
    as_of: Any = None,
    water: gpd.GeoDataFrame | None = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cell_m: float = DEFAULT_CELL_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
) -> gpd.GeoDataFrame:
    """Straight-line and walking coverage side by side, measured on the same cells.

    Circles cross rivers, rail lines and walls; walking cannot. Both ratios are measured on
    the same ``cell_m`` sample, so their difference is the effect of walking alone (the
    exact straight-line ratio is :func:`station_coverage` with the default method).

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    stations : GeoDataFrame, optional
        Station points; default the embedded stations.
    network : networkx graph or WalkNetwork, optional
        The walking network; default the embedded streets of western Shangcheng.
    radius_m, base, as_of, water, max_snap_m, cell_m, walk_speed_m_s
        As in :func:`station_coverage`.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``coverage_euclidean``, ``coverage_network``,
        ``difference`` (euclidean minus network, never negative) and ``not_served_share``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import LineString, Point, box
    >>> from shangcheng_geo import coverage, network
    >>> street = gpd.GeoDataFrame(geometry=[LineString([(-900, 0), (900, 0)])], crs=4549)
    >>> st = gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549)
    >>> sq = gpd.GeoDataFrame(geometry=[box(-200, -200, 200, 200)], crs=4549)
    >>> r = coverage.compare_methods(sq, st, network=network.graph_from_lines(street),
    ...                              radius_m=300, base="unit")
    >>> r[["coverage_euclidean", "coverage_network"]].round(2).values.tolist()  # exact: 1, 7/8
    [[1.0, 0.89]]
    """
    r = one_radius(radius_m)
    walk = resolve(
        stations,
        as_of=as_of,
        method="network",
        network=network,
        max_snap_m=max_snap_m,
        cell_m=cell_m,
        walk_speed_m_s=walk_speed_m_s,
    )
    walking = walk.coverage(units, radius_m=r, base=base, water=water)
    straight = walk.straight_line().coverage(units, radius_m=r, base=base, water=water)
    out = units.copy()
    out["coverage_euclidean"] = straight["coverage_ratio"]
    out["coverage_network"] = walking["coverage_ratio"]
    out["difference"] = out["coverage_euclidean"] - out["coverage_network"]
    out["not_served_share"] = walking["not_served_share"]
    return out


def coverage_gaps(
    units: gpd.GeoDataFrame,
    stations: Any = None,
    *,
    radius_m: float = STATION_RADIUS_M,
    base: str = "land",
    as_of: Any = None,
    water: gpd.GeoDataFrame | None = None,
    min_area_m2: float = 0.0,
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cell_m: float = DEFAULT_CELL_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
) -> gpd.GeoDataFrame:
    """The uncovered part of each unit's base, as separate polygons, largest first.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    stations : GeoDataFrame or Access, optional
        Station points or an access model.
    radius_m : float, default 800
        One radius.
    base : {'land', 'unit'}, default 'land'
        What may be a gap.
    as_of, water, method, network, max_snap_m, cell_m, walk_speed_m_s
        As in :func:`station_coverage`.
    min_area_m2 : float, default 0
        Drop smaller pieces.

    Returns
    -------
    GeoDataFrame
        EPSG:4326 polygons with ``unit`` (the unit's index label), ``kind`` (``uncovered``
        or, walking, ``not served by the network``), ``area_m2`` and ``rank`` (1 = largest).

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import coverage, datasets
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
    ...     gaps = coverage.coverage_gaps(datasets.district(), as_of="2025-12-31", min_area_m2=1e5)
    >>> bool(gaps["area_m2"].is_monotonic_decreasing)
    True
    """
    from .access import Units

    r = one_radius(radius_m)
    if isinstance(base, str) and base not in ("unit", "land"):
        raise InputError(f"base must be 'unit', 'land' or a mask for gaps; received {base!r}.")
    floor = positive_metres(min_area_m2, "min_area_m2", allow_zero=True)
    acc = resolve(
        stations,
        as_of=as_of,
        method=method,
        network=network,
        max_snap_m=max_snap_m,
        cell_m=cell_m,
        walk_speed_m_s=walk_speed_m_s,
    )
    return gaps_metric(Units(units), acc, r, base=base, water=water, min_area_m2=floor).to_crs(
        "EPSG:4326"
    )


def site_access(
    sites: Any,
    stations: Any = None,
    *,
    radius_m: float = STATION_RADIUS_M,
    as_of: Any = None,
    method: str = "euclidean",
    network: Any = None,
    cutoff_m: float = DEFAULT_CUTOFF_M,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
    datum: str = "wgs84",
    engine: str = "memory",
) -> gpd.GeoDataFrame:
    """Distance from each site to the nearest open station, straight or walking.

    Parameters
    ----------
    sites : GeoDataFrame, dask GeoDataFrame or GeoParquet path
        Sites in any CRS (non-points use their representative point). Sites without a
        location (e.g. unlocated future communities) get NA and are named in a warning.
    stations : GeoDataFrame or Access, optional
        Station points or an access model.
    radius_m : float, default 800
        The radius for ``within_radius``.
    as_of, method, network, max_snap_m
        As in :func:`station_coverage`.
    cutoff_m : float, default 5000
        Walking: distances beyond this are ``inf``.
    walk_speed_m_s : float, default 1.2
        Walking speed for ``walk_min`` (:func:`shangcheng_geo.access.walk_minutes`).
    datum : {'wgs84', 'gcj02', 'bd09'}, default 'wgs84'
        The datum of lon/lat inputs: GCJ-02 (Amap, Tencent) or BD-09 (Baidu) layers are
        converted to true WGS84 first (never relabelled); results come back in WGS84.
    engine : {'memory', 'dask'}, default 'memory'
        ``'dask'`` (automatic for dask or GeoParquet input) runs the straight-line method
        partition by partition (:mod:`shangcheng_geo.dask_engine`).

    Returns
    -------
    GeoDataFrame
        A copy of ``sites`` with ``nearest_station`` (categorical: its ``name_zh`` or index
        label; a planned station is marked "(规划 planned)"), ``distance_m``, ``walk_min``
        (minutes at ``walk_speed_m_s``) and ``within_radius``; walking adds ``served`` (False where
        the site is farther than ``max_snap_m`` from every edge: distance NaN).

    Examples
    --------
    >>> from shangcheng_geo import coverage, sites
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     acc = coverage.site_access(sites.future_communities(), as_of="2025-12-31")
    >>> acc.set_index("name_zh").loc["景芳", "nearest_station"]
    '景芳'
    """
    import pandas as pd

    r = one_radius(radius_m)
    if _use_dask(sites, engine) and normalize_datum(datum) != "wgs84":
        raise InputError(
            f"engine='dask' reads sites as they are; received datum={datum!r}. Convert the "
            "GeoParquet to WGS84 first (shangcheng-geo convert, or crs.from_datum)."
        )
    sites, stations = input_in_wgs84(sites, datum), input_in_wgs84(stations, datum)
    if _use_dask(sites, engine):
        if method != "euclidean" or isinstance(stations, Access):
            raise InputError(
                "engine='dask' measures straight-line distance from a station layer "
                "(method='euclidean', stations a GeoDataFrame)."
            )
        from .dask_engine import site_access as dask_site_access

        return dask_site_access(
            sites, stations, radius_m=r, as_of=as_of, walk_speed_m_s=walk_speed_m_s
        )
    require_geodataframe(sites, "sites")
    acc = resolve(
        stations,
        as_of=as_of,
        method=method,
        network=network,
        max_snap_m=max_snap_m,
        walk_speed_m_s=walk_speed_m_s,
    )
    id_col = "name_zh" if "name_zh" in sites.columns else None
    located, _missing = split_located(sites, "sites", id_col=id_col)
    if len(acc.stations) == 0 and len(located):
        warn("no station is open (as_of or an empty layer): every distance is NaN.")
    res = acc.distances(located, cutoff_m=cutoff_m)
    st = acc.stations
    labels = st["name_zh"] if "name_zh" in st.columns else st.index.to_series()
    if "status" in st.columns:  # the caller's planned stations are named as planned
        labels = labels.astype(str).where(st["status"] != "planned", labels + " (规划 planned)")
    # by position, not label: the sites' index may repeat labels (results follow each row)
    where = np.flatnonzero(~(sites.geometry.isna() | sites.geometry.is_empty).to_numpy())

    def aligned(col: str, fill: Any = np.nan) -> Any:
        values = res[col].to_numpy()
        if len(where) == len(sites):  # every site located: res is in their order already
            return values
        part = pd.Series(values, index=where, dtype="boolean" if fill is pd.NA else None)
        return part.reindex(range(len(sites)), fill_value=fill).to_numpy()

    codes = aligned("station", -1)
    out = sites.copy()
    # a categorical built from integer codes: no text column of 2 million names
    inverse, uniques = pd.factorize(labels.astype(str).to_numpy())
    codes = np.where(codes >= 0, inverse[np.maximum(codes, 0)], -1) if len(inverse) else codes
    categories: Any = pd.Index(uniques)
    out["nearest_station"] = pd.Categorical.from_codes(codes, categories=categories)
    dist = np.array(aligned("distance_m"), dtype=float)
    if len(st) == 0:
        dist[:] = np.nan
    out["distance_m"] = dist
    out["walk_min"] = walk_minutes(dist, acc.walk_speed_m_s)
    out["within_radius"] = pd.arrays.BooleanArray(dist <= r, np.isnan(dist))
    if acc.method == "network":
        served = pd.array(aligned("served", pd.NA), dtype="boolean")
        out["served"] = served
    return out
