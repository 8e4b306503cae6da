"""Metro-station coverage (站点800米覆盖率): catchments, per-unit ratios, gaps, timelines, what-ifs.

"Coverage" is the share of a unit -- its whole area, its land, or a weight such as residents
-- that lies within ``radius_m`` of an open metro station. This module measures it by
straight-line (Euclidean) distance.

**Geometry rule.** Catchments are circles of ``radius_m`` around the stations, drawn as
256-sided polygons (shapely ``quad_segs=64``): a lone catchment's area is 0.010 % below
pi r^2 (the polygon is inscribed), well inside the 0.05 % the library promises. Overlapping
catchments are dissolved first, so no area counts twice. All areas are computed in the
analysis CRS (``options.analysis_crs``, EPSG:4549 by default); results come back aligned to
the input index, with every input column kept.

**Stations.** By default every placed Hangzhou Metro station (:func:`datasets.stations`), so
stations just across a district border cover the land near it. ``as_of`` keeps the stations
open on that date; stations with an unknown opening date are reported in a warning and left
out. The two Shangcheng stations no open source places (五堡, 六堡) are not in the data: any
coverage figure from the embedded stations is a lower bound near them.

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

import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ._errors import DataQualityWarning, InputError
from ._validate import (
    opening_dates,
    positive_metres,
    require_geodataframe,
    require_polygons,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "BASES",
    "catchments",
    "compare_methods",
    "coverage_gaps",
    "coverage_timeline",
    "site_access",
    "station_coverage",
    "what_if",
]

QUAD_SEGS = 64
BASES = ("unit", "land", "weights")
METHODS = ("euclidean", "network")


# ----------------------------------------------------------------------------- checks


def _radii(radius_m: Any) -> list[float]:
    values = (
        list(radius_m)
        if isinstance(radius_m, Iterable) and not isinstance(radius_m, str)
        else [radius_m]
    )
    if not values:
        raise InputError(
            "radius_m is empty; give one radius in metres (800) or a list ([500, 800])."
        )
    out = [positive_metres(v, "radius_m") for v in values]
    if len(set(out)) != len(out):
        raise InputError(f"radius_m lists a radius twice: {values}.")
    return out


def _suffix(r: float) -> str:
    return f"{r:g}".replace(".", "_")


def _metric(gdf: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    from .crs import require_crs, to_analysis_crs

    require_crs(gdf, what)
    return to_analysis_crs(gdf, what)


def _prepare_stations(stations: Any, as_of: Any) -> gpd.GeoDataFrame:
    """Validate a station layer, apply ``as_of`` and return it in the analysis CRS."""

    from . import datasets

    if stations is None:
        stations = datasets.stations()
    require_geodataframe(stations, "stations")
    if "station_id" in stations.columns:
        dup = stations["station_id"][stations["station_id"].duplicated()]
        if len(dup):
            raise InputError(
                f"stations have duplicate station_id values: {sorted(set(map(str, dup)))}. "
                "Give each station a unique id (an interchange is one station with several lines)."
            )
    elif not stations.index.is_unique:
        raise InputError("stations have a duplicate index; give each station a unique index or id.")
    geoms = stations.geometry
    bad = ~(geoms.geom_type == "Point") | geoms.is_empty | geoms.isna()
    if bad.any():
        raise InputError(
            f"stations must be non-empty points; {int(bad.sum())} row(s) are not "
            f"(types {sorted(set(geoms[bad].geom_type.dropna()))}). Use station centroids."
        )
    if as_of is not None:
        day = datasets.parse_date(as_of)
        if "opened" not in stations.columns:
            raise InputError(
                "as_of needs an 'opened' column of opening dates in the stations layer; it has "
                f"{list(stations.columns)}."
            )
        opened, unknown = opening_dates(stations, f"as_of={day.date()}", stacklevel=4)
        stations = stations[opened.le(day) & ~unknown]
    return _metric(stations, "stations")


def _land_mask(base: str, water: Any) -> Any:
    from . import datasets

    if base != "land":
        return None
    layer = datasets.water() if water is None else water
    require_geodataframe(layer, "water")
    return _metric(layer, "water").geometry.union_all()


# ----------------------------------------------------------------------------- catchments


def _catchment_geometry(stations_m: gpd.GeoDataFrame, radius: float, clip: Any = None) -> Any:
    import shapely

    if len(stations_m) == 0:
        return shapely.Polygon()
    pts = stations_m.geometry.values
    if clip is not None:
        minx, miny, maxx, maxy = clip.bounds
        x, y = shapely.get_x(pts), shapely.get_y(pts)
        near = (
            (x >= minx - radius)
            & (x <= maxx + radius)
            & (y >= miny - radius)
            & (y <= maxy + radius)
        )
        pts = pts[near]
    circles = shapely.buffer(pts, radius, quad_segs=QUAD_SEGS)
    return shapely.union_all(circles)


def catchments(
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float | Sequence[float] = 800,
    as_of: Any = None,
) -> gpd.GeoDataFrame:
    """Dissolved straight-line catchments, one row per radius (EPSG:4326).

    Examples
    --------
    >>> from shangcheng_geo import coverage
    >>> c = coverage.catchments(radius_m=[500, 800], as_of="2025-12-31")
    >>> c["radius_m"].tolist()
    [500.0, 800.0]
    """
    import geopandas as gpd

    from ._options import options

    radii = _radii(radius_m)
    st = _prepare_stations(stations, as_of)
    rows = [
        {
            "radius_m": r,
            "n_stations": len(st),
            "area_m2": 0.0,
            "geometry": _catchment_geometry(st, r),
        }
        for r in radii
    ]
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=options.analysis_crs)
    out["area_m2"] = out.area
    return out.to_crs("EPSG:4326")


def _near(stations_m: gpd.GeoDataFrame, extent: Any, reach: float) -> gpd.GeoDataFrame:
    """Stations within ``reach`` of the extent's bounding box (others cannot matter)."""
    minx, miny, maxx, maxy = extent.bounds
    x, y = stations_m.geometry.x, stations_m.geometry.y
    keep = (x >= minx - reach) & (x <= maxx + reach) & (y >= miny - reach) & (y <= maxy + reach)
    return stations_m[keep]


def _catchments_for(
    st: gpd.GeoDataFrame,
    radii: list[float],
    extent: Any,
    *,
    method: str,
    network: Any,
    edge_buffer_m: float,
) -> dict[float, Any]:
    """Catchment geometry per radius, in the stations' (analysis) CRS."""
    if method == "euclidean":
        return {r: _catchment_geometry(st, r, clip=extent) for r in radii}
    from .network import network_catchments

    if network is None:
        raise InputError(
            "method='network' needs network= (a walking graph). No Hangzhou street network is "
            "bundled; build one with shangcheng_geo.network.graph_from_osm('file.osm.pbf'), "
            "graph_from_lines(road_lines) or graph_from_osmnx(G)."
        )
    near = _near(st, extent, max(radii))
    polys = network_catchments(network, near, radius_m=radii, edge_buffer_m=edge_buffer_m)
    polys = polys.to_crs(st.crs)
    return dict(zip(polys["radius_m"], polys.geometry, strict=True))


# ----------------------------------------------------------------------------- coverage


def _bases(units_m: gpd.GeoDataFrame, land_cut: Any) -> Any:
    import shapely

    geoms = units_m.geometry.values
    if land_cut is None:
        return geoms
    return shapely.difference(geoms, land_cut)


def _use_dask(obj: Any, engine: str) -> bool:
    """Whether to run on dask: asked for, or given a dask GeoDataFrame / GeoParquet path."""
    if engine not in ("memory", "dask"):
        raise InputError(f"engine must be 'memory' or 'dask'; received {engine!r}.")
    if engine == "dask":
        return True
    if type(obj).__module__.startswith("dask_geopandas"):
        return True
    import os

    if isinstance(obj, str | os.PathLike):
        path = str(obj)
        return path.lower().endswith((".parquet", ".geoparquet")) or os.path.isdir(path)
    return False


def _is_raster(obj: Any) -> bool:
    import os

    if isinstance(obj, str | os.PathLike):
        return str(obj).lower().endswith((".tif", ".tiff", ".vrt", ".img", ".nc", ".asc"))
    return hasattr(obj, "read") and hasattr(obj, "transform")


def _weights(weights: Any, weight_col: str | None) -> tuple[Any, Any]:
    import numpy as np

    if weights is None:
        raise InputError(
            "base='weights' needs weights= (a point GeoDataFrame, e.g. buildings or residents) "
            "and weight_col= (the column of weights)."
        )
    require_geodataframe(weights, "weights")
    if weight_col is None or weight_col not in weights.columns:
        raise InputError(
            f"base='weights' needs weight_col naming a numeric column of weights; received "
            f"{weight_col!r}, columns: {list(weights.columns)}."
        )
    w = weights[weight_col].to_numpy(dtype=float)
    if np.isnan(w).any() or (w < 0).any():
        raise InputError(
            f"weights column {weight_col!r} has {int(np.isnan(w).sum())} NaN and "
            f"{int((w < 0).sum())} negative value(s); fill or drop them first."
        )
    pts = _metric(weights, "weights")
    if not (pts.geom_type == "Point").all():
        raise InputError("weights must be points (e.g. building centroids, residents).")
    return pts.geometry.values, w


def station_coverage(
    units: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float | Sequence[float] = 800,
    method: str = "euclidean",
    base: str = "land",
    network: Any = None,
    as_of: Any = None,
    water: gpd.GeoDataFrame | None = None,
    weights: gpd.GeoDataFrame | None = None,
    weight_col: str | None = None,
    edge_buffer_m: float = 30.0,
    engine: str = "memory",
) -> gpd.GeoDataFrame:
    """Per-unit share within ``radius_m`` of a station (站点800米覆盖率).

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS: the district, plan zones, a corridor, a grid, your own.
    stations : GeoDataFrame, optional
        Station points; default every placed Hangzhou Metro station.
    radius_m : float or list of float, default 800
        One radius, or several (e.g. ``[300, 500, 800, 1000]``) in one call.
    base : {'land', 'unit', 'weights'}, default 'land'
        ``'land'``: the unit minus the water layer; ``'unit'``: the whole unit; ``'weights'``:
        the sum of ``weights[weight_col]`` over weight points inside the unit.
    method : {'euclidean', 'network'}
        Straight-line distance, or walking distance along ``network``.
    network : networkx graph, optional
        The walking network for ``method='network'`` (OSMnx conventions; see
        :mod:`shangcheng_geo.network`). No Hangzhou network is bundled.
    edge_buffer_m : float, default 30
        Network method: width either side of each reached street piece.
    as_of : date or ISO str, optional
        Only stations open on that day (needs an ``opened`` column).
    water : GeoDataFrame, optional
        Water polygons for ``base='land'``; default the embedded Qiantang layer.
    weights : GeoDataFrame, raster path or rasterio dataset
        For ``base='weights'``: weighted points (with ``weight_col``), or a population/jobs
        raster (GeoTIFF...) whose pixels count by the exact fraction of their area inside the
        unit and the catchment (:mod:`shangcheng_geo.raster`); ``nodata_share`` reports the
        unit's share of nodata pixels.
    weight_col : str
        Column of the point weights.
    engine : {'memory', 'dask'}, default 'memory'
        ``'dask'`` (automatic for a dask-geopandas GeoDataFrame or a GeoParquet path as
        ``weights``) sums point weights partition by partition on dask; same columns.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` (same index and columns, EPSG:4326 unchanged geometry) plus
        ``base_m2`` (or ``base_weight``) and, for one radius, ``covered_m2`` (``covered_weight``)
        and ``coverage_ratio``; for several radii the same with a ``_<radius>`` suffix, e.g.
        ``coverage_ratio_500``. A unit with an empty base gets ratio NaN.

    Examples
    --------
    >>> from shangcheng_geo import coverage, plan
    >>> z = coverage.station_coverage(plan.structure("14th"), radius_m=[500, 800])
    >>> bool((z["coverage_ratio_500"] <= z["coverage_ratio_800"]).all())
    True
    """
    import numpy as np
    import shapely

    if base == "weights" and _use_dask(weights, engine):
        if method != "euclidean" or weight_col is None:
            raise InputError(
                "engine='dask' takes weighted points with weight_col=, by straight-line distance."
            )
        from .dask_engine import weighted_coverage

        radii = _radii(radius_m)
        if len(radii) != 1:
            raise InputError("engine='dask' takes one radius per call.")
        return weighted_coverage(
            units,
            weights,
            weight_col=weight_col,
            stations=stations,
            radius_m=radii[0],
            as_of=as_of,
        )
    require_geodataframe(units, "units")
    require_polygons(units, "units")
    if method not in METHODS:
        raise InputError(f"method must be one of {list(METHODS)}; received {method!r}.")
    if network is not None and method != "network":
        raise InputError("network= is only used with method='network'; pass one or the other.")
    if base not in BASES:
        raise InputError(f"base must be one of {list(BASES)}; received {base!r}.")
    radii = _radii(radius_m)
    units_m = _metric(units, "units")
    st = _prepare_stations(stations, as_of)
    if len(st) == 0:
        warnings.warn(
            "no station is open in the given set (as_of or an empty layer): every ratio is 0.",
            DataQualityWarning,
            stacklevel=2,
        )
    extent = shapely.box(*units_m.total_bounds)
    catch_by_r = _catchments_for(
        st, radii, extent, method=method, network=network, edge_buffer_m=edge_buffer_m
    )
    out = units.copy()
    if base == "weights" and _is_raster(weights):
        from .raster import zonal_sums

        cells = units_m[[units_m.geometry.name]]
        whole = zonal_sums(cells, weights)
        out["base_weight"] = whole["value_sum"].to_numpy()
        total = whole["valid_weight"] + whole["nodata_weight"]
        out["nodata_share"] = (whole["nodata_weight"] / total.where(total > 0)).to_numpy()
        for r in radii:
            cut = shapely.intersection(units_m.geometry.values, catch_by_r[r])
            covered = zonal_sums(cells, weights, geometries=cut)["value_sum"].to_numpy()
            totals = out["base_weight"].to_numpy()
            ratio = np.divide(covered, totals, out=np.full(len(totals), np.nan), where=totals > 0)
            sfx = "" if len(radii) == 1 else f"_{_suffix(r)}"
            out[f"covered_weight{sfx}"] = covered
            out[f"coverage_ratio{sfx}"] = np.clip(ratio, 0.0, 1.0)
    elif base == "weights":
        pts, w = _weights(weights, weight_col)
        tree = shapely.STRtree(pts)
        unit_idx, pt_idx = tree.query(units_m.geometry.values, predicate="intersects")
        totals = np.bincount(unit_idx, weights=w[pt_idx], minlength=len(units_m))
        out["base_weight"] = totals
        for r in radii:
            catch = catch_by_r[r]
            inside = shapely.intersects(catch, pts[pt_idx]) if len(pt_idx) else np.array([], bool)
            covered = np.bincount(unit_idx, weights=w[pt_idx] * inside, minlength=len(units_m))
            ratio = np.divide(covered, totals, out=np.full(len(totals), np.nan), where=totals > 0)
            sfx = "" if len(radii) == 1 else f"_{_suffix(r)}"
            out[f"covered_weight{sfx}"] = covered
            out[f"coverage_ratio{sfx}"] = ratio
    else:
        bases = _bases(units_m, _land_mask(base, water))
        base_area = shapely.area(bases)
        out["base_m2"] = base_area
        for r in radii:
            catch = catch_by_r[r]
            covered = shapely.area(shapely.intersection(bases, catch))
            ratio = np.divide(
                covered, base_area, out=np.full(len(base_area), np.nan), where=base_area > 0
            )
            sfx = "" if len(radii) == 1 else f"_{_suffix(r)}"
            out[f"covered_m2{sfx}"] = covered
            out[f"coverage_ratio{sfx}"] = np.clip(ratio, 0.0, 1.0)
    out.attrs["coverage"] = {
        "method": method,
        "base": base,
        "radius_m": radii,
        "as_of": None if as_of is None else str(as_of),
        "n_stations": len(st),
        "analysis_crs": str(units_m.crs.to_string()),
    }
    return out


def compare_methods(
    units: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame | None = None,
    *,
    network: Any,
    radius_m: float = 800,
    base: str = "land",
    as_of: Any = None,
    water: gpd.GeoDataFrame | None = None,
    edge_buffer_m: float = 30.0,
) -> gpd.GeoDataFrame:
    """Straight-line and walking coverage side by side, and their difference.

    Circles cross rivers, rail lines and walls; walking catchments cannot. Returns the units
    with ``coverage_euclidean``, ``coverage_network`` and ``difference`` (euclidean minus
    network, in ratio points).
    """
    from .network import prepare

    net = prepare(network)
    common = {"radius_m": radius_m, "base": base, "as_of": as_of, "water": water}
    straight = station_coverage(units, stations, **common)
    walking = station_coverage(
        units, stations, method="network", network=net, edge_buffer_m=edge_buffer_m, **common
    )
    out = units.copy()
    out["coverage_euclidean"] = straight["coverage_ratio"]
    out["coverage_network"] = walking["coverage_ratio"]
    out["difference"] = out["coverage_euclidean"] - out["coverage_network"]
    return out


def coverage_gaps(
    units: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float = 800,
    base: str = "land",
    as_of: Any = None,
    water: gpd.GeoDataFrame | None = None,
    min_area_m2: float = 0.0,
    method: str = "euclidean",
    network: Any = None,
    edge_buffer_m: float = 30.0,
) -> gpd.GeoDataFrame:
    """The uncovered part of each unit's base, as separate polygons, largest first.

    Returns a GeoDataFrame (EPSG:4326) with ``unit`` (the unit's index label), ``area_m2``
    and ``rank`` (1 = largest gap overall).

    Examples
    --------
    >>> from shangcheng_geo import coverage, datasets
    >>> gaps = coverage.coverage_gaps(datasets.district(), as_of="2025-12-31", min_area_m2=1e5)
    >>> bool(gaps["area_m2"].is_monotonic_decreasing)
    True
    """
    import geopandas as gpd
    import shapely

    require_geodataframe(units, "units")
    require_polygons(units, "units")
    if base not in ("unit", "land"):
        raise InputError(f"base must be 'unit' or 'land' for gaps; received {base!r}.")
    (r,) = _radii(radius_m)
    units_m = _metric(units, "units")
    st = _prepare_stations(stations, as_of)
    if method not in METHODS:
        raise InputError(f"method must be one of {list(METHODS)}; received {method!r}.")
    bases = _bases(units_m, _land_mask(base, water))
    extent = shapely.box(*units_m.total_bounds)
    catch = _catchments_for(
        st, [r], extent, method=method, network=network, edge_buffer_m=edge_buffer_m
    )[r]
    holes = shapely.difference(bases, catch)
    gaps = gpd.GeoDataFrame(
        {"unit": list(units.index)}, geometry=list(holes), crs=units_m.crs
    ).explode(index_parts=False)
    gaps = gaps[~gaps.is_empty & gaps.geom_type.isin(["Polygon", "MultiPolygon"])]
    gaps["area_m2"] = gaps.area
    gaps = gaps[gaps["area_m2"] > float(min_area_m2)]
    gaps = gaps.sort_values("area_m2", ascending=False, ignore_index=True)
    gaps["rank"] = range(1, len(gaps) + 1)
    return gaps.to_crs("EPSG:4326")


def coverage_timeline(
    units: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float = 800,
    base: str = "land",
    dates: Sequence[Any] | str | None = None,
    water: gpd.GeoDataFrame | None = None,
    method: str = "euclidean",
    network: Any = None,
    edge_buffer_m: float = 30.0,
) -> pd.DataFrame:
    """Coverage of each unit at each opening date (or at the ``dates`` given), in one call.

    ``dates`` may be a list of dates, ``"yearly"`` (31 December of every year from the first
    opening to the last) or None (every opening date). ``method='network'`` measures walking
    coverage on ``network`` (prepared once for all dates).

    Returns a long DataFrame: ``date``, ``unit`` (index label), ``n_stations``, ``base_m2``,
    ``covered_m2``, ``coverage_ratio``. Stations with an unknown opening date are named in a
    warning and left out.

    Examples
    --------
    >>> from shangcheng_geo import coverage, datasets
    >>> t = coverage.coverage_timeline(datasets.district(), dates=["2012-12-31", "2025-12-31"])
    >>> bool(t["coverage_ratio"].is_monotonic_increasing)
    True
    """
    import pandas as pd

    from . import datasets

    if stations is None:
        stations = datasets.stations()
    require_geodataframe(stations, "stations")
    if "opened" not in stations.columns:
        raise InputError("a timeline needs an 'opened' column of opening dates in the stations.")
    opened, unknown = opening_dates(stations, "the timeline", stacklevel=3)
    if dates is None:
        days = sorted(opened.dropna().unique())
    elif isinstance(dates, str):
        if dates != "yearly":
            raise InputError(f"dates must be a list of dates, 'yearly' or None; got {dates!r}.")
        first, last = opened.min().year, opened.max().year
        days = [pd.Timestamp(year, 12, 31) for year in range(first, last + 1)]
    else:
        days = sorted(datasets.parse_date(d, name="dates") for d in dates)
    known = stations[~unknown]
    if method == "network":
        from .network import prepare

        network = prepare(network) if network is not None else None
    frames = []
    from ._progress import progress

    for day in progress(days, desc="coverage timeline", total=len(days)):
        open_now = known[opened[~unknown] <= day]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)  # empty early dates
            cov = station_coverage(
                units,
                open_now,
                radius_m=radius_m,
                base=base,
                water=water,
                method=method,
                network=network,
                edge_buffer_m=edge_buffer_m,
            )
        frames.append(
            pd.DataFrame(
                {
                    "date": pd.Timestamp(day),
                    "unit": list(units.index),
                    "n_stations": len(open_now),
                    "base_m2": cov["base_m2"].to_numpy(),
                    "covered_m2": cov["covered_m2"].to_numpy(),
                    "coverage_ratio": cov["coverage_ratio"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _candidates(candidates: Any, datum: str) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import numpy as np

    from .crs import convert_datum

    if isinstance(candidates, gpd.GeoDataFrame):
        require_geodataframe(candidates, "candidates")
        return candidates
    arr = np.asarray(candidates, dtype=float)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise InputError(
            "candidates must be a point GeoDataFrame or a list of (lon, lat) pairs; received "
            f"an array of shape {arr.shape}."
        )
    lon, lat = convert_datum(arr[:, 0], arr[:, 1], from_datum=datum, to_datum="wgs84")
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def what_if(
    units: gpd.GeoDataFrame,
    candidates: Any,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float = 800,
    base: str = "land",
    as_of: Any = None,
    datum: str = "wgs84",
    water: gpd.GeoDataFrame | None = None,
    method: str = "euclidean",
    network: Any = None,
    edge_buffer_m: float = 30.0,
) -> gpd.GeoDataFrame:
    """Coverage gain per unit from adding candidate stations.

    ``candidates`` is a point GeoDataFrame or a list of ``(lon, lat)`` pairs in ``datum``
    (``'gcj02'`` for points picked on Amap). Returns the units with ``coverage_before``,
    ``coverage_after``, ``gain`` (ratio points) and ``gain_m2``.

    Examples
    --------
    >>> from shangcheng_geo import coverage, datasets
    >>> # a candidate inside the largest uncovered area (north of 丁桥)
    >>> r = coverage.what_if(datasets.district(), [(120.224, 30.345)], as_of="2025-12-31")
    >>> round(float(r["gain_m2"].iloc[0]) / 1e6, 2)
    1.68
    """
    import geopandas as gpd
    import pandas as pd

    from . import datasets

    st = datasets.stations() if stations is None else stations
    cand = _candidates(candidates, datum)
    if as_of is not None:
        st = _prepare_stations(st, as_of)
    if method == "network" and network is not None:
        from .network import prepare

        network = prepare(network)
    common = {
        "radius_m": radius_m,
        "base": base,
        "water": water,
        "method": method,
        "network": network,
        "edge_buffer_m": edge_buffer_m,
    }
    before = station_coverage(units, st, **common)
    combined = gpd.GeoDataFrame(
        geometry=pd.concat(
            [st.geometry, cand.to_crs(st.crs).geometry], ignore_index=True
        ).to_numpy(),
        crs=st.crs,
    )
    after = station_coverage(units, combined, **common)
    out = units.copy()
    out["coverage_before"] = before["coverage_ratio"]
    out["coverage_after"] = after["coverage_ratio"]
    out["gain"] = out["coverage_after"] - out["coverage_before"]
    out["gain_m2"] = after["covered_m2"] - before["covered_m2"]
    return out


def _bbox(gdf: gpd.GeoDataFrame) -> Any:
    import shapely

    return shapely.box(*gdf.total_bounds)


def site_access(
    sites: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float = 800,
    as_of: Any = None,
    method: str = "euclidean",
    network: Any = None,
    cutoff_m: float = 5_000.0,
    engine: str = "memory",
) -> gpd.GeoDataFrame:
    """Distance from each site to the nearest open station, straight or walking.

    ``engine="dask"`` (or a dask-geopandas GeoDataFrame / GeoParquet path as ``sites``) runs
    the straight-line method partition by partition (:mod:`shangcheng_geo.dask_engine`) and
    returns the same columns.

    Returns a copy of ``sites`` with ``distance_m`` and ``within_radius``, and for the
    straight-line method ``nearest_station`` (its ``name_zh`` or index). With
    ``method='network'`` the distance is walked along ``network`` (``inf`` beyond
    ``cutoff_m``). Sites without a location (empty geometry, e.g.
    unlocated future communities) get NaN / NA and are named in a warning.

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
    import numpy as np
    import pandas as pd
    from scipy.spatial import cKDTree

    from ._validate import split_located

    if _use_dask(sites, engine):
        if method != "euclidean":
            raise InputError("engine='dask' measures straight-line distance (method='euclidean').")
        from .dask_engine import site_access as dask_site_access

        return dask_site_access(sites, stations, radius_m=radius_m, as_of=as_of)
    require_geodataframe(sites, "sites")
    (r,) = _radii(radius_m)
    st = _prepare_stations(stations, as_of)
    id_col = "name_zh" if "name_zh" in sites.columns else None
    located, _missing = split_located(sites, "sites", id_col=id_col)
    out = sites.copy()
    out["nearest_station"] = pd.Series(pd.NA, index=out.index, dtype="object")
    out["distance_m"] = np.nan
    out["within_radius"] = pd.Series(pd.NA, index=out.index, dtype="boolean")
    if method not in METHODS:
        raise InputError(f"method must be one of {list(METHODS)}; received {method!r}.")
    if method == "network":
        from .network import point_distances

        if network is None:
            raise InputError("method='network' needs network= (a walking graph).")
        if len(located):
            pts = _metric(located, "sites")
            if not (pts.geom_type == "Point").all():
                pts = pts.set_geometry(pts.representative_point())
            near = _near(st, _bbox(pts), cutoff_m)
            d = point_distances(network, near, pts, cutoff_m=cutoff_m)
            out.loc[located.index, "distance_m"] = d
            out.loc[located.index, "within_radius"] = d <= r
        return out
    if len(located) and len(st):
        pts = _metric(located, "sites").geometry
        if not (pts.geom_type == "Point").all():
            pts = pts.representative_point()
        sxy = np.column_stack([st.geometry.x, st.geometry.y])
        dist, idx = cKDTree(sxy).query(np.column_stack([pts.x, pts.y]))
        names = st["name_zh"].to_numpy() if "name_zh" in st else st.index.to_numpy()
        out.loc[located.index, "nearest_station"] = names[idx]
        out.loc[located.index, "distance_m"] = dist
        out.loc[located.index, "within_radius"] = dist <= r
    return out
