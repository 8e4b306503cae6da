"""The two-step floating catchment (Luo & Wang 2003): supply against the demand that can
reach it, with optional distance decay (:mod:`shangcheng_geo.lifecircle.decay`).

:func:`two_step_fca` is reachable as ``shangcheng_geo.lifecircle.two_step_fca`` and from
:mod:`shangcheng_geo.lifecircle.measures`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError
from .._options import options
from .._validate import positive_metres, require_geodataframe, require_points
from ..access import Access
from ..access.network import DEFAULT_MAX_SNAP_M

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["two_step_fca"]


def two_step_fca(
    demand: gpd.GeoDataFrame,
    supply: gpd.GeoDataFrame,
    *,
    population_col: str,
    capacity_col: str,
    radius_m: float,
    decay: str = "step",
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    units: gpd.GeoDataFrame | None = None,
) -> pd.DataFrame:
    """The two-step floating catchment (Luo & Wang 2003), by straight line or walking.

    R_j = S_j / Σ_{k: d_kj ≤ r} P_k f(d_kj), then A_i = Σ_{j: d_ij ≤ r} R_j f(d_ij), with
    the decay ``f`` of :func:`shangcheng_geo.lifecircle.decay.weights` (``step``: the
    original method) and ``d`` the access model's distance (walking: access legs plus the
    network, :mod:`shangcheng_geo.access`). The radius is inclusive.

    Parameters
    ----------
    demand : GeoDataFrame
        Demand points with ``population_col`` (e.g. residents per building or grid cell).
    supply : GeoDataFrame
        Facility points with ``capacity_col`` (places, beds, park area).
    population_col, capacity_col : str
        The columns.
    radius_m : float
        The catchment radius.
    decay : {'step', 'linear', 'exponential', 'gaussian'}, default 'step'
        The distance decay in both steps.
    method : {'euclidean', 'network'}, default 'euclidean'
        Straight line, or walking along ``network`` (default the embedded streets of
        western Shangcheng).
    network : networkx graph or WalkNetwork, optional
        The walking network.
    max_snap_m : float, default 250
        Walking: the longest access leg; demand beyond it is not served (no data) and
        counts in no catchment, supply beyond it serves nobody.
    units : GeoDataFrame, optional
        Polygons: return, per unit, the population-weighted mean of ``supply_ratio`` over
        the demand points inside it (or on its boundary).

    Returns
    -------
    DataFrame or GeoDataFrame
        Without ``units``: aligned to ``demand``, its non-geometry columns first, then
        ``supply_ratio`` (capacity per person reachable; NaN where not served by the
        network) and ``n_supply`` (facilities within the radius). With ``units``: a copy of
        ``units`` with ``supply_ratio`` (population-weighted mean; NaN where no served
        demand lies inside), ``population`` and ``n_demand`` (served demand inside), and
        ``attrs["demand"]``, the per-point ``supply_ratio``. ``attrs["supply"]`` holds each
        facility's ``R_j`` aligned to ``supply``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import lifecircle
    >>> people = gpd.GeoDataFrame({"pop": [100.0, 300.0]},
    ...                           geometry=[Point(0, 0), Point(400, 0)], crs=4549)
    >>> school = gpd.GeoDataFrame({"places": [40.0]}, geometry=[Point(200, 0)], crs=4549)
    >>> lifecircle.two_step_fca(people, school, population_col="pop", capacity_col="places",
    ...                         radius_m=500)["supply_ratio"].tolist()
    [0.1, 0.1]
    >>> unit = gpd.GeoDataFrame({"name_zh": ["甲"]}, geometry=[box(-50, -50, 450, 50)], crs=4549)
    >>> per_unit = lifecircle.two_step_fca(people, school, population_col="pop",
    ...                                    capacity_col="places", radius_m=500, units=unit)
    >>> per_unit[["name_zh", "supply_ratio", "population"]].values.tolist()
    [['甲', 0.1, 400.0]]
    """
    import pandas as pd

    from .._geom import point_xy
    from ..crs import require_crs, to_analysis_crs
    from ._inputs import identifying
    from ._pairs import pair_distances, xy_of

    r = positive_metres(radius_m, "radius_m")
    for layer, what, col in ((demand, "demand", population_col), (supply, "supply", capacity_col)):
        require_geodataframe(layer, what)
        require_points(layer, what, "Use centroids.")
        if col not in layer.columns:
            raise InputError(f"{what} has no column {col!r}; it has {list(layer.columns)}.")
        values = pd.to_numeric(layer[col], errors="coerce")
        if values.isna().any() or (values < 0).any():
            raise InputError(f"{what}[{col!r}] must be numbers >= 0 (no NaN).")
    prepared = None
    if units is not None:
        from ..access import Units

        prepared = Units(units)
    p = pd.to_numeric(demand[population_col]).to_numpy(float)
    s = pd.to_numeric(supply[capacity_col]).to_numpy(float)
    dxy = point_xy(demand.geometry.values, require_crs(demand, "demand"), options.analysis_crs)
    supply_m = to_analysis_crs(supply, "supply")
    model = Access(supply_m, method=method, network=network, max_snap_m=max_snap_m)
    served = np.ones(len(p), bool)
    if model.method == "network" and len(p):
        served = model.distance_xy(dxy, cutoff_m=r)[2]
    found = _step_in_a_line(xy_of(supply_m), dxy, p, s, r) if _by_discs(model, decay) else None
    if found is None:
        i, j, d = pair_distances(model, supply_m, dxy, r)
        found = _two_steps(i, j, d, p, s, r, decay)
    r_j, a_i, n_i = found
    ratio = np.where(served, a_i, np.nan)
    r_series = pd.Series(r_j, index=supply.index, name="R_j")
    if prepared is None:
        out = identifying(demand)
        out["supply_ratio"] = ratio
        out["n_supply"] = pd.arrays.IntegerArray(np.where(served, n_i, 0).astype(np.int64), ~served)
        out.attrs["supply"] = r_series
        return out
    return _per_unit(prepared, dxy, p, ratio, served, demand.index, r_series)


def _by_discs(model: Any, decay: str) -> bool:
    from .decay import weights

    weights(np.zeros(0), radius_m=1.0, kind=decay)  # checks the decay's name
    return bool(model.method == "euclidean" and decay == "step")


def _step_in_a_line(sxy: Any, dxy: Any, p: Any, s: Any, r: float) -> tuple[Any, ...] | None:
    """R_j, A_i and the facilities within reach, straight line and step decay, from the
    discs around the facilities (:class:`~shangcheng_geo.lifecircle._pairs.Discs`: no list
    of pairs); None where a grid would not pay (the caller lists the pairs)."""
    from ._pairs import Discs

    if not len(sxy) or not len(dxy) or not (np.isfinite(sxy).all() and np.isfinite(dxy).all()):
        return None
    discs = Discs(sxy, dxy, r)
    if not discs.fits:
        return None
    demand_j = discs.to_centres(p)
    r_j = np.divide(s, demand_j, out=np.zeros(len(s)), where=demand_j > 0)
    return r_j, discs.to_places(r_j), discs.counts()


def _two_steps(i: Any, j: Any, d: Any, p: Any, s: Any, r: float, decay: str) -> tuple[Any, ...]:
    """R_j, A_i and the facilities within reach, from the pairs (i, j, d) within ``r``."""
    from .decay import weights

    weights(np.zeros(0), radius_m=r, kind=decay)  # checks the decay's name
    if decay == "step":  # every pair is within the radius and weighs 1: no weight arrays
        demand_j = np.bincount(j, weights=p[i], minlength=len(s))
        r_j = np.divide(s, demand_j, out=np.zeros(len(s)), where=demand_j > 0)
        a_i = np.bincount(i, weights=r_j[j], minlength=len(p))
        return r_j, a_i, np.bincount(i, minlength=len(p))
    w = weights(d, radius_m=r, kind=decay)
    demand_j = np.bincount(j, weights=p[i] * w, minlength=len(s))
    r_j = np.divide(s, demand_j, out=np.zeros(len(s)), where=demand_j > 0)
    a_i = np.bincount(i, weights=r_j[j] * w, minlength=len(p))
    n_i = np.bincount(i, weights=(w > 0).astype(float), minlength=len(p)).astype(int)
    return r_j, a_i, n_i


def _per_unit(
    prepared: Any, dxy: Any, p: Any, ratio: Any, served: Any, index: Any, r_series: Any
) -> Any:
    """Population-weighted mean of the served demand points' ratios inside each unit."""
    import pandas as pd
    import shapely

    from .._geom import safe_ratio

    geoms = np.asarray(prepared.metric.geometry.values)
    pts = shapely.points(dxy[served]) if served.any() else np.zeros(0, object)
    k = len(geoms)
    u_idx, p_idx = shapely.STRtree(pts).query(geoms, predicate="intersects")
    pop, val = p[served][p_idx], np.nan_to_num(ratio[served][p_idx])
    population = np.bincount(u_idx, weights=pop, minlength=k)
    out = prepared.source.copy()
    out["supply_ratio"] = safe_ratio(np.bincount(u_idx, weights=pop * val, minlength=k), population)
    out["population"] = population
    out["n_demand"] = np.bincount(u_idx, minlength=k)
    out.attrs["supply"] = r_series
    out.attrs["demand"] = pd.Series(ratio, index=index, name="supply_ratio")
    return out
