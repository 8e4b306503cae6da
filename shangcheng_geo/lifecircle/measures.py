"""Life-circle measures, asked of the access model (one distance engine for everything).

- :func:`facility_coverage`: per unit and facility category, the share of the unit's land (or
  weights) within that category's walking distance of the nearest facility of the category
  (straight line, or walking by :class:`shangcheng_geo.access.Access`); a category absent
  from the data is *no data* (NaN and a warning), never 0 %.
- :func:`nearest`: per place and category, the distance to the nearest facility and whether
  it is within the category's distance.
- :func:`two_step_fca`: supply against demand (Luo & Wang 2003), with optional decay.

Facilities are points with a ``category`` column (ids of
:data:`shangcheng_geo.lifecircle.standards.CATEGORIES`, or the user's own). The standard's
distances come from :func:`shangcheng_geo.lifecircle.standards.distances`.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point, box
>>> from shangcheng_geo import lifecircle
>>> unit = gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 1000)], crs=4549)
>>> pois = gpd.GeoDataFrame({"category": ["kindergarten"]}, geometry=[Point(0, 0)], crs=4549)
>>> cov = lifecircle.facility_coverage(unit, pois, categories=["kindergarten"], base="unit")
>>> round(float(cov["share_kindergarten"].iloc[0]), 4)  # a quarter disc of 300 m
0.0707
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError
from .._options import DEFAULT_CUTOFF_M, options
from .._validate import positive_metres, require_geodataframe
from ..access import DEFAULT_CELL_M, DEFAULT_WALK_SPEED_M_S, walk_minutes
from ..access.network import DEFAULT_MAX_SNAP_M
from . import _inputs
from ._catchment import two_step_fca
from ._inputs import MIN_REACH_SHARE
from .standards import STANDARDS

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["facility_coverage", "nearest", "two_step_fca"]


def _model(method: str, network: Any, max_snap_m: float, **more: Any) -> Any:
    """One access model for every category (network, sample cells and snaps shared)."""
    import geopandas as gpd

    from ..access.model import Access

    nothing = gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326))
    return Access(nothing, method=method, network=network, max_snap_m=max_snap_m, **more)


def _boolean(values: Any, unknown: Any) -> Any:
    import pandas as pd

    return pd.arrays.BooleanArray(np.asarray(values, bool), np.asarray(unknown, bool))


def facility_coverage(
    units: gpd.GeoDataFrame,
    pois: gpd.GeoDataFrame,
    *,
    standard: str = "GB50180-2018",
    categories: Sequence[str] | None = None,
    distance_m: Mapping[str, float] | None = None,
    fifteen_min_m: float = 1000.0,
    base: str = "land",
    weights: Any = None,
    weight_col: str | None = None,
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cell_m: float = DEFAULT_CELL_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
    min_reach_share: float = MIN_REACH_SHARE,
) -> gpd.GeoDataFrame:
    """Per unit and category: the share of the base within the category's distance.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    pois : GeoDataFrame
        Facility points with ``category``, in any CRS.
    standard : {'GB50180-2018', 'TD/T1062-2021'}
        The preset of distances (:mod:`shangcheng_geo.lifecircle.standards`).
    categories : list of str, optional
        The categories to measure (default: those of the standard that the data has).
    distance_m : mapping, optional
        The user's own distances by category (metres).
    fifteen_min_m : {800, 1000}, default 1000
        The 15-minute tier's distance.
    base : {'land', 'unit', 'weights'}, default 'land'
        What the share is of: the unit minus water, the whole unit, or the sum of
        ``weights[weight_col]`` over the weight points inside the unit (population,
        buildings), as in :func:`shangcheng_geo.coverage.station_coverage`.
    weights : GeoDataFrame, raster path or rasterio dataset, optional
        For ``base='weights'``: weighted points, or (straight line) a population raster.
    weight_col : str, optional
        The column of the point weights.
    method, network, max_snap_m, cell_m, walk_speed_m_s
        The access model's options (:class:`shangcheng_geo.access.ModelOptions`); walking
        defaults to the embedded streets of western Shangcheng.
    min_reach_share : float, default 0.2
        A category whose facilities could together reach less than this share of the
        units' area is too sparse to measure (:mod:`shangcheng_geo.lifecircle._inputs`
        states the rule); 0 measures every category that has a facility.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` (every column kept) with ``share_<category>`` (0-1; NaN where
        the data has no facility of the category, or too few to measure) and
        ``n_inside_<category>`` (the facilities of the category inside the unit or on its
        boundary; NA without data); ``base='weights'`` adds ``base_weight``, walking
        ``not_served_share``. ``attrs["lifecircle"]`` holds the standard, the distances,
        which are verified, the facilities of each category in the data (``n_facilities``),
        and the categories with no data (``no_data``) or too sparse (``sparse``).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import lifecircle
    >>> unit = gpd.GeoDataFrame({"name_zh": ["甲"]}, geometry=[box(0, 0, 1000, 1000)], crs=4549)
    >>> pois = gpd.GeoDataFrame({"category": ["primary_school"]}, geometry=[Point(500, 500)],
    ...                         crs=4549)
    >>> cov = lifecircle.facility_coverage(unit, pois, categories=["primary_school"], base="unit")
    >>> cov[["name_zh", "share_primary_school", "n_inside_primary_school"]].round(3).values.tolist()
    [['甲', 0.785, 1]]
    """
    import pandas as pd
    import shapely

    from ..access import Units
    from ..crs import to_analysis_crs

    prepared = Units(units)
    fac = _inputs.facilities(pois)
    wanted = _inputs.wanted(fac, categories, standard, fifteen_min_m, distance_m)
    reach_share = _inputs.check_reach_share(min_reach_share)
    out = prepared.source.copy()
    model = _model(method, network, max_snap_m, cell_m=cell_m, walk_speed_m_s=walk_speed_m_s)
    counts = {c: int((fac["category"] == c).sum()) for c in wanted}
    geoms = np.asarray(prepared.metric.geometry.values)
    area = float(shapely.area(shapely.union_all(geoms))) if len(geoms) else 0.0
    sparse = _inputs.sparse_categories(counts, wanted, area, reach_share)
    fac_m = to_analysis_crs(fac, "pois")
    unit_idx, fac_idx = shapely.STRtree(np.asarray(fac_m.geometry.values)).query(
        geoms, predicate="intersects"
    )
    no_geometry = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    absent = [c for c, n in counts.items() if n == 0]
    for cat, d in wanted.items():
        mine = (fac["category"] == cat).to_numpy()
        inside = np.bincount(unit_idx[mine[fac_idx]], minlength=len(geoms))
        unknown = no_geometry | (cat in absent) | (cat in sparse)
        out[f"n_inside_{cat}"] = pd.array(np.where(unknown, 0, inside), dtype="Int64")
        out.loc[unknown, f"n_inside_{cat}"] = pd.NA
        if cat in absent or cat in sparse:
            out[f"share_{cat}"] = np.nan
            continue
        cov = model.using(fac[mine]).coverage(
            prepared, radius_m=d, base=base, weights=weights, weight_col=weight_col
        )
        out[f"share_{cat}"] = cov["coverage_ratio"].to_numpy()
        for extra in ("base_weight", "not_served_share"):
            if extra in cov.columns:
                out[extra] = cov[extra].to_numpy()
    _inputs.report(absent, sparse, wanted, reach_share)
    preset = STANDARDS[standard]["categories"]
    out.attrs["lifecircle"] = {
        "standard": standard,
        "distance_m": wanted,
        "walk_min": {c: walk_minutes(d, walk_speed_m_s) for c, d in wanted.items()},
        "verified": {c: bool(preset.get(c, {}).get("verified", False)) for c in wanted},
        "method": method,
        "base": base,
        "n_facilities": counts,
        "no_data": absent,
        "sparse": sparse,
        "min_reach_share": reach_share,
    }
    if "provenance" in fac.attrs:
        out.attrs["provenance"] = fac.attrs["provenance"]
    return out


def _places_xy(points: Any) -> tuple[Any, Any]:
    """(located mask, coordinates of the located places in the analysis CRS)."""
    from .._geom import point_xy
    from ..crs import require_crs

    require_geodataframe(points, "points")
    src = require_crs(points, "points")
    geoms = points.geometry
    located = ~(geoms.isna() | geoms.is_empty).to_numpy()
    xy = point_xy(geoms.values[located], src, options.analysis_crs)
    return located, xy


def _hull_points(xy: Any) -> Any:
    """The places' convex-hull vertices (all places when they are too few or collinear)."""
    from scipy.spatial import ConvexHull, QhullError

    if len(xy) < 4:
        return xy
    try:
        return xy[ConvexHull(xy).vertices]
    except (QhullError, ValueError):  # collinear or repeated: the hull is not a polygon
        return xy


def nearest(
    points: gpd.GeoDataFrame,
    pois: gpd.GeoDataFrame,
    *,
    standard: str = "GB50180-2018",
    categories: Sequence[str] | None = None,
    distance_m: Mapping[str, float] | None = None,
    fifteen_min_m: float = 1000.0,
    k: int | None = None,
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cutoff_m: float = DEFAULT_CUTOFF_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
    min_reach_share: float = MIN_REACH_SHARE,
) -> pd.DataFrame:
    """Per place and category: distance to the nearest facility (or the k nearest), whether
    it is within the category's distance (inclusive), and how many are.

    Parameters
    ----------
    points : GeoDataFrame
        Places (other geometries use their representative point), any CRS; places without
        a location (empty geometry) get no data.
    pois : GeoDataFrame
        Facility points with ``category``.
    standard, categories, distance_m, fifteen_min_m
        As in :func:`facility_coverage` (default: the standard's categories that the data
        has; a category asked for and absent is no data).
    k : int, optional
        Also give the ``k`` nearest facilities of each category and the count within the
        category's distance (walking asks the model facility by facility: slower).
    method, network, max_snap_m
        The access model's options.
    cutoff_m : float, default 5000
        Walking: farther is ``inf`` (also for the k nearest).
    walk_speed_m_s : float, default 1.2
        Walking speed for ``min_<category>`` (:func:`shangcheng_geo.access.walk_minutes`).
    min_reach_share : float, default 0.2
        The sparse-data rule of :func:`facility_coverage`, over the area of the places'
        convex hull grown by the category's distance.

    Returns
    -------
    DataFrame
        Aligned to ``points``, its non-geometry columns first, then per category
        ``dist_<category>`` (metres; NaN with no facility of the category, no location, or
        not served by the network), ``min_<category>`` (the same in walking minutes) and
        ``within_<category>`` (nullable boolean: ``<NA>`` where the distance is NaN, and for
        a category too sparse to measure wherever no facility is within reach). With ``k``:
        ``dist_<category>_1`` .. ``dist_<category>_<k>`` and ``min_<category>_<i>``
        (``inf`` where there are fewer), and ``count_<category>`` (facilities within the
        category's distance; NA without data). ``attrs["lifecircle"]`` as in
        :func:`facility_coverage`.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import lifecircle
    >>> home = gpd.GeoDataFrame({"name_zh": ["家"]}, geometry=[Point(0, 0)], crs=4549)
    >>> pois = gpd.GeoDataFrame({"category": ["kindergarten"] * 3},
    ...                         geometry=[Point(300, 0), Point(0, 250), Point(0, -900)], crs=4549)
    >>> r = lifecircle.nearest(home, pois, categories=["kindergarten"], k=2)
    >>> float(r["dist_kindergarten"].iloc[0]), bool(r["within_kindergarten"].iloc[0])
    (250.0, True)
    >>> r[["name_zh", "dist_kindergarten_2", "count_kindergarten"]].values.tolist()
    [['家', 300.0, 2]]
    """
    import pandas as pd

    from ..crs import to_analysis_crs

    fac = _inputs.facilities(pois)
    wanted = _inputs.wanted(fac, categories, standard, fifteen_min_m, distance_m)
    reach_share = _inputs.check_reach_share(min_reach_share)
    if k is not None and (isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1):
        raise InputError(f"k must be a whole number >= 1 (or None); received {k!r}.")
    limit = positive_metres(cutoff_m, "cutoff_m", allow_inf=True)
    located, xy = _places_xy(points)
    model = _model(method, network, max_snap_m, walk_speed_m_s=walk_speed_m_s)
    fac_m = to_analysis_crs(fac, "pois")
    counts = {c: int((fac["category"] == c).sum()) for c in wanted}
    hull = _hull_points(xy)  # the same convex hull for every category's distance
    areas = {c: _inputs.places_area_m2(hull, d) for c, d in wanted.items()}
    sparse = _inputs.sparse_categories(counts, wanted, areas, reach_share)
    absent = [c for c, n in counts.items() if n == 0]
    n = len(points)
    cols: dict[str, Any] = {}
    for cat, d in wanted.items():
        dist = np.full(n, np.nan)
        mine = (fac["category"] == cat).to_numpy()
        cat_model = None
        if cat not in absent:
            cat_model = model.using(fac_m[mine])
            dist[located], _, _ = cat_model.distance_xy(xy, cutoff_m=limit)
        unknown = np.isnan(dist)
        reached = np.nan_to_num(dist, nan=np.inf) <= d
        if cat in sparse:
            unknown = unknown | ~reached
        cols[f"dist_{cat}"] = dist
        cols[f"min_{cat}"] = walk_minutes(dist, walk_speed_m_s)
        cols[f"within_{cat}"] = _boolean(reached, unknown)
        if k is None:
            continue
        near, count = _k_nearest(cat_model, fac_m[mine], xy, located, dist, d, limit, k)
        for r in range(int(k)):
            cols[f"dist_{cat}_{r + 1}"] = near[:, r]
            cols[f"min_{cat}_{r + 1}"] = walk_minutes(near[:, r], walk_speed_m_s)
        no_count = np.isnan(dist) | (cat in sparse)
        cols[f"count_{cat}"] = pd.array(
            [pd.NA if u else int(c) for u, c in zip(no_count, count, strict=True)], dtype="Int64"
        )
    _inputs.report(absent, sparse, wanted, reach_share)
    out = _inputs.identifying(points)
    for name, values in cols.items():
        out[name] = values
    out.attrs["lifecircle"] = {
        "standard": standard,
        "distance_m": wanted,
        "method": method,
        "k": k,
        "n_facilities": counts,
        "no_data": absent,
        "sparse": sparse,
        "min_reach_share": reach_share,
    }
    return out


def _k_nearest(
    cat_model: Any, fac_m: Any, xy: Any, located: Any, dist: Any, d: float, limit: float, k: int
) -> tuple[Any, Any]:
    """(n, k) distances to the k nearest facilities of one category, and the count within
    ``d``; NaN rows where the place has no data (``dist`` NaN)."""
    from scipy.spatial import cKDTree

    from ._pairs import k_smallest, pair_distances, xy_of

    n, k = len(dist), int(k)
    near, count = np.full((n, k), np.nan), np.zeros(n)
    if cat_model is None:
        return near, count
    known = ~np.isnan(dist)
    here = np.flatnonzero(known)
    sub = xy[known[located]]
    if cat_model.method == "euclidean":
        tree = cKDTree(xy_of(fac_m))
        dk, _ = tree.query(sub, k=k)
        near[here] = np.asarray(dk, float).reshape(len(sub), k)
        count[here] = tree.query_ball_point(sub, d, return_length=True)
    else:
        i, _, dd = pair_distances(cat_model, fac_m, sub, max(limit, d))
        near[here] = k_smallest(i[dd <= limit], dd[dd <= limit], len(sub), k)
        count[here] = np.bincount(i[dd <= d], minlength=len(sub))
    return near, count
