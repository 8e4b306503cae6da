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

from .._errors import InputError, warn
from ..access import DEFAULT_CELL_M, DEFAULT_WALK_SPEED_M_S, walk_minutes
from ..access.network import DEFAULT_MAX_SNAP_M
from .standards import distances as standard_distances

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

from ._catchment import two_step_fca

__all__ = ["facility_coverage", "nearest", "two_step_fca"]


def _facilities(pois: Any) -> gpd.GeoDataFrame:
    import geopandas as gpd

    from .._validate import require_points
    from ..crs import require_crs

    if not isinstance(pois, gpd.GeoDataFrame):
        raise InputError(
            f"pois must be a GeoDataFrame of facility points; received {type(pois).__name__}."
        )
    if "category" not in pois.columns:
        raise InputError(
            "pois needs a 'category' column (e.g. 'kindergarten', 'primary_school'); it has "
            f"{list(pois.columns)}."
        )
    require_crs(pois, "pois")
    require_points(pois, "pois", "Use their entrances or centroids.")
    return pois


def _wanted(
    pois: gpd.GeoDataFrame,
    categories: Sequence[str] | None,
    standard: str,
    fifteen_min_m: float,
    distance_m: Mapping[str, float] | None,
) -> dict[str, float]:
    table = standard_distances(standard, fifteen_min_m=fifteen_min_m, distance_m=distance_m)
    cats = list(table) if categories is None else [str(c) for c in categories]
    unknown = [c for c in cats if c not in table]
    if unknown:
        raise InputError(
            f"no distance for {unknown}: pass distance_m={{{unknown[0]!r}: metres}} or use "
            f"categories among {sorted(table)}."
        )
    return {c: table[c] for c in cats}


def facility_coverage(
    units: gpd.GeoDataFrame,
    pois: gpd.GeoDataFrame,
    *,
    standard: str = "GB50180-2018",
    categories: Sequence[str] | None = None,
    distance_m: Mapping[str, float] | None = None,
    fifteen_min_m: float = 1000.0,
    base: str = "land",
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cell_m: float = DEFAULT_CELL_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
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
        The categories to measure (default every category of the standard).
    distance_m : mapping, optional
        The user's own distances by category (metres).
    fifteen_min_m : {800, 1000}, default 1000
        The 15-minute tier's distance.
    base : {'land', 'unit'}, default 'land'
        What the share is of.
    method, network, max_snap_m, cell_m, walk_speed_m_s
        The access model's options (:class:`shangcheng_geo.access.ModelOptions`); walking
        defaults to the embedded streets of western Shangcheng.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``share_<category>`` (0-1; NaN where the data has no
        facility of the category) and ``n_<category>`` (facilities of it in the data);
        walking adds ``not_served_share``. ``attrs["lifecircle"]`` holds the standard, the
        distances and which are verified.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import lifecircle
    >>> unit = gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 1000)], crs=4549)
    >>> pois = gpd.GeoDataFrame({"category": ["primary_school"]}, geometry=[Point(500, 500)],
    ...                         crs=4549)
    >>> lifecircle.facility_coverage(unit, pois, categories=["primary_school"],
    ...                              base="unit")["share_primary_school"].round(3).tolist()
    [0.785]
    """
    from ..access import Units
    from ..access.model import Access
    from .standards import STANDARDS

    prepared = Units(units)
    fac = _facilities(pois)
    wanted = _wanted(fac, categories, standard, fifteen_min_m, distance_m)
    out = prepared.source.copy()
    # one model for every category (network, sample cells and snaps shared via using())
    model = Access(fac.iloc[:0], method=method, network=network, max_snap_m=max_snap_m,
                   cell_m=cell_m, walk_speed_m_s=walk_speed_m_s)  # fmt: skip
    absent = []
    for cat, d in wanted.items():
        mine = fac[fac["category"] == cat]
        out[f"n_{cat}"] = len(mine)
        if len(mine) == 0:
            absent.append(cat)
            out[f"share_{cat}"] = np.nan
            continue
        cov = model.using(mine).coverage(prepared, radius_m=d, base=base)
        out[f"share_{cat}"] = cov["coverage_ratio"].to_numpy()
        if "not_served_share" in cov.columns:
            out["not_served_share"] = cov["not_served_share"].to_numpy()
    if absent:
        warn(
            f"no facility of {absent} in the data: their shares are NaN (no data), not 0 %. "
            "Bring those facilities (OSM under-maps kindergartens, community health stations "
            "and elderly care in China)."
        )
    preset = STANDARDS[standard]["categories"]
    out.attrs["lifecircle"] = {
        "standard": standard,
        "distance_m": wanted,
        "walk_min": {c: walk_minutes(d, walk_speed_m_s) for c, d in wanted.items()},
        "verified": {c: bool(preset.get(c, {}).get("verified", False)) for c in wanted},
        "method": method,
        "no_data": absent,
    }
    if "provenance" in fac.attrs:
        out.attrs["provenance"] = fac.attrs["provenance"]
    return out


def nearest(
    points: gpd.GeoDataFrame,
    pois: gpd.GeoDataFrame,
    *,
    standard: str = "GB50180-2018",
    categories: Sequence[str] | None = None,
    distance_m: Mapping[str, float] | None = None,
    fifteen_min_m: float = 1000.0,
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cutoff_m: float = 5_000.0,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
) -> pd.DataFrame:
    """Per place and category: distance to the nearest facility, and whether it is within
    the category's distance (inclusive).

    Parameters
    ----------
    points : GeoDataFrame
        Places (other geometries use their representative point), any CRS.
    pois : GeoDataFrame
        Facility points with ``category``.
    standard, categories, distance_m, fifteen_min_m
        As in :func:`facility_coverage`.
    method, network, max_snap_m
        The access model's options.
    cutoff_m : float, default 5000
        Walking: farther is ``inf``.
    walk_speed_m_s : float, default 1.2
        Walking speed for ``min_<category>`` (:func:`shangcheng_geo.access.walk_minutes`).

    Returns
    -------
    DataFrame
        Aligned to ``points``: ``dist_<category>`` (metres; NaN with no facility of the
        category or not served by the network), ``min_<category>`` (the same in walking
        minutes) and ``within_<category>`` (bool).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import lifecircle
    >>> home = gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549)
    >>> pois = gpd.GeoDataFrame({"category": ["kindergarten"]}, geometry=[Point(300, 0)],
    ...                         crs=4549)
    >>> r = lifecircle.nearest(home, pois, categories=["kindergarten"])
    >>> float(r["dist_kindergarten"].iloc[0]), bool(r["within_kindergarten"].iloc[0])
    (300.0, True)
    """
    import pandas as pd

    from ..access.model import Access

    fac = _facilities(pois)
    wanted = _wanted(fac, categories, standard, fifteen_min_m, distance_m)
    model = Access(fac.iloc[:0], method=method, network=network, max_snap_m=max_snap_m,
                   walk_speed_m_s=walk_speed_m_s)  # fmt: skip
    cols: dict[str, Any] = {}
    absent = []
    for cat, d in wanted.items():
        mine = fac[fac["category"] == cat]
        if len(mine) == 0:
            absent.append(cat)
            cols[f"dist_{cat}"] = np.full(len(points), np.nan)
            cols[f"min_{cat}"] = np.full(len(points), np.nan)
            cols[f"within_{cat}"] = np.zeros(len(points), bool)
            continue
        got = model.using(mine).distances(points, cutoff_m=cutoff_m)
        dist = got["distance_m"].to_numpy()
        cols[f"dist_{cat}"] = dist
        cols[f"min_{cat}"] = got["walk_min"].to_numpy()
        cols[f"within_{cat}"] = np.nan_to_num(dist, nan=np.inf) <= d
    if absent:
        warn(f"no facility of {absent} in the data: their distances are NaN (no data).")
    return pd.DataFrame(cols, index=points.index)
