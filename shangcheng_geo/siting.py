"""Choose new station sites: greedy maximal coverage of uncovered land or weight.

The objective is the land (or weight -- residents, jobs) inside the units that no open
station covers today and that the chosen sites would cover, by straight-line distance. The
greedy rule picks, k times, the candidate that adds the most; it is within a factor
1 - 1/e (63 %) of the optimum for this coverage objective, and usually much closer.

Examples
--------
>>> import warnings
>>> from shangcheng_geo import datasets, siting
>>> cands = [(120.224, 30.345), (120.30, 30.30), (120.17, 30.25)]   # WGS84 lon/lat
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     pick = siting.greedy_siting(datasets.district(), cands, k=1, as_of="2025-12-31")
>>> pick.loc[pick["order"] == 1].index.tolist()
[0]
>>> round(pick.attrs["siting"]["objective"] / 1e6, 2)
1.68
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import InputError, warn
from ._options import STATION_RADIUS_M

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["greedy_siting"]


def greedy_siting(
    units: gpd.GeoDataFrame,
    candidates: Any,
    *,
    k: int,
    stations: Any = None,
    radius_m: float = STATION_RADIUS_M,
    base: str = "land",
    as_of: Any = None,
    water: gpd.GeoDataFrame | None = None,
    weights: gpd.GeoDataFrame | None = None,
    weight_col: str | None = None,
    datum: str = "wgs84",
) -> gpd.GeoDataFrame:
    """Pick ``k`` of the candidate sites that newly cover the most land or weight.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons whose uncovered land (or weight) counts.
    candidates : GeoDataFrame or list of (lon, lat)
        Candidate station points (pairs in ``datum``, e.g. ``'gcj02'`` from Amap).
    k : int
        How many sites to choose.
    stations, radius_m, as_of, water
        Existing stations (points, or an :class:`~shangcheng_geo.access.Access` model),
        catchment radius, date and water layer, as in
        :func:`shangcheng_geo.coverage.station_coverage`.
    base : {'land', 'unit', 'weights'}
        What counts: uncovered land, uncovered unit area, or uncovered weight points.
    weights : GeoDataFrame, optional
        For ``base='weights'``: weight points (population, jobs), any CRS.
    weight_col : str, optional
        The column of point weights.
    datum : {'wgs84', 'gcj02', 'bd09'}, default 'wgs84'
        Datum of candidates given as (lon, lat) pairs.

    Returns
    -------
    GeoDataFrame
        The candidates (their index kept) with ``order`` (1..k for the chosen, NA otherwise)
        and ``gain`` (what each chosen site added, m² or weight, at the time it was picked).
        ``attrs["siting"]`` holds the ``objective`` (total added), its unit and ``k``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import siting
    >>> unit = gpd.GeoDataFrame(geometry=[box(0, 0, 3000, 1000)], crs=4549)
    >>> far = gpd.GeoDataFrame(geometry=[Point(-9000, 0)], crs=4549)  # covers nothing
    >>> cands = gpd.GeoDataFrame(geometry=[Point(500, 500), Point(1500, 500)], crs=4549)
    >>> pick = siting.greedy_siting(unit, cands, k=1, stations=far, base="unit")
    >>> pick["order"].tolist()  # the central site covers more of the strip
    [<NA>, 1]
    """
    import numpy as np
    import shapely

    from ._geom import circles
    from ._validate import one_radius
    from .access import Units
    from .access.resolving import resolve
    from .crs import to_analysis_crs
    from .transit import candidate_points

    prepared = Units(units)  # checked and projected once
    r = one_radius(radius_m)
    cand = candidate_points(candidates, datum=datum)
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1 or k > len(cand):
        raise InputError(f"k must be an integer from 1 to {len(cand)} (the candidates); got {k!r}.")
    if base not in ("land", "unit", "weights"):
        raise InputError(f"base must be 'land', 'unit' or 'weights'; received {base!r}.")
    acc = resolve(stations, as_of=as_of)  # station points, or an access model as it is
    cand_m = to_analysis_crs(cand, "candidates")
    existing = acc.covered_geometry(r, extent=shapely.box(*prepared.metric.total_bounds))
    disks = circles(cand_m.geometry.values, r)
    cxy = np.column_stack([cand_m.geometry.x, cand_m.geometry.y])
    if base == "weights":
        given = (existing, weights, weight_col)
        order, gain_at_pick = _pick_by_weight(prepared, given, disks, cxy, k, r)
    else:
        target = shapely.union_all(prepared.bases(base, water)).difference(existing)
        order, gain_at_pick = _pick_by_area(target, disks, cxy, k, r)
    return _picks(cand, order, gain_at_pick, k, r, base)


def _pick_by_weight(
    units: Any, given: tuple[Any, Any, Any], disks: Any, cxy: Any, k: int, r: float
) -> tuple[Any, Any]:
    """Greedy picks by the uncovered weight inside each candidate's disk; ``given`` is the
    existing coverage, the weight points and their column."""
    import numpy as np
    import shapely
    from scipy.spatial import cKDTree

    from ._weights import point_weights
    from .crs import to_analysis_crs

    existing, weights, col = given
    layer, w = point_weights(weights, col)
    pts = to_analysis_crs(layer, "weights").geometry.values
    inside = shapely.intersects(units.metric.geometry.union_all(), pts)
    uncovered = inside & ~shapely.intersects(existing, pts)
    xy = np.column_stack([shapely.get_x(pts), shapely.get_y(pts)])
    reach = cKDTree(xy).query_ball_point(cxy, r)
    # the polygonal disk, not the exact circle, as in the coverage functions
    members = [
        np.array([j for j in js if shapely.contains_xy(disks[i], *xy[j])], dtype=int)
        for i, js in enumerate(reach)
    ]
    order = np.zeros(len(disks), dtype=int)
    gain_at_pick = np.full(len(disks), np.nan)
    for step in range(1, k + 1):
        gains = np.array([w[m][uncovered[m]].sum() if len(m) else 0.0 for m in members])
        gains[order > 0] = -1.0
        best = int(np.argmax(gains))
        order[best], gain_at_pick[best] = step, gains[best]
        uncovered[members[best]] = False
    return order, gain_at_pick


def _pick_by_area(target: Any, disks: Any, cxy: Any, k: int, r: float) -> tuple[Any, Any]:
    """Greedy picks by the uncovered base area inside each candidate's disk."""
    import numpy as np
    import shapely

    gains = shapely.area(shapely.intersection(disks, target))
    order = np.zeros(len(disks), dtype=int)
    gain_at_pick = np.full(len(disks), np.nan)
    for step in range(1, k + 1):
        masked = np.where(order > 0, -1.0, gains)
        best = int(np.argmax(masked))
        order[best], gain_at_pick[best] = step, masked[best]
        target = target.difference(disks[best])
        # only candidates whose disk overlaps the chosen one lose anything
        near = np.flatnonzero(np.hypot(*(cxy - cxy[best]).T) < 2 * r)
        gains[near] = shapely.area(shapely.intersection(disks[near], target))
    return order, gain_at_pick


def _picks(cand: Any, order: Any, gain_at_pick: Any, k: int, r: float, base: str) -> Any:
    """The candidates with their pick ``order`` and ``gain``; warns about picks that add
    nothing."""
    import numpy as np
    import pandas as pd

    zero = (order > 0) & ~(gain_at_pick > 0)
    if zero.any():
        warn(
            f"{int(zero.sum())} of the {int(k)} picks add nothing (index "
            f"{list(cand.index[zero])[:10]}): no remaining candidate newly covers any "
            f"{'weight' if base == 'weights' else 'land'} within {r:g} m. Their order is kept, "
            "but fewer sites suffice: lower k or add candidates nearer the uncovered areas."
        )
    out = cand.copy()
    out["order"] = pd.array(np.where(order > 0, order, 0), dtype="Int64").astype("Int64")
    out.loc[order == 0, "order"] = pd.NA
    out["gain"] = gain_at_pick
    out.attrs["siting"] = {
        "objective": float(np.nansum(gain_at_pick)),
        "objective_unit": "weight" if base == "weights" else "m2",
        "k": int(k),
        "radius_m": r,
        "method": "greedy maximal coverage",
    }
    return out
