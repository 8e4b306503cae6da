"""The two-step floating catchment (Luo & Wang 2003): supply against the demand that can
reach it, with optional distance decay (:mod:`shangcheng_geo.lifecircle.decay`).

:func:`two_step_fca` is reachable as ``shangcheng_geo.lifecircle.two_step_fca`` and from
:mod:`shangcheng_geo.lifecircle.measures`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .._errors import InputError

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
) -> pd.DataFrame:
    """The two-step floating catchment (Luo & Wang 2003), straight-line distance.

    R_j = S_j / Σ_{k: d_kj ≤ r} P_k f(d_kj), then A_i = Σ_{j: d_ij ≤ r} R_j f(d_ij), with
    the decay ``f`` of :func:`shangcheng_geo.lifecircle.decay.weights` (``step``: the
    original method).

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

    Returns
    -------
    DataFrame
        Aligned to ``demand``: ``supply_ratio`` (capacity per person reachable) and
        ``n_supply`` (facilities within the radius). ``attrs["supply"]`` holds each
        facility's ``R_j`` aligned to ``supply``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import lifecircle
    >>> people = gpd.GeoDataFrame({"pop": [100.0, 300.0]},
    ...                           geometry=[Point(0, 0), Point(400, 0)], crs=4549)
    >>> school = gpd.GeoDataFrame({"places": [40.0]}, geometry=[Point(200, 0)], crs=4549)
    >>> lifecircle.two_step_fca(people, school, population_col="pop", capacity_col="places",
    ...                         radius_m=500)["supply_ratio"].tolist()
    [0.1, 0.1]
    """
    import pandas as pd
    from scipy.spatial import cKDTree

    from .._geom import point_xy
    from .._options import options
    from .._validate import require_points
    from ..crs import require_crs
    from .decay import weights

    for layer, what, col in ((demand, "demand", population_col), (supply, "supply", capacity_col)):
        require_points(layer, what, "Use centroids.")
        if col not in layer.columns:
            raise InputError(f"{what} has no column {col!r}; it has {list(layer.columns)}.")
        values = pd.to_numeric(layer[col], errors="coerce")
        if values.isna().any() or (values < 0).any():
            raise InputError(f"{what}[{col!r}] must be numbers >= 0 (no NaN).")
    p = pd.to_numeric(demand[population_col]).to_numpy(float)
    s = pd.to_numeric(supply[capacity_col]).to_numpy(float)
    dxy = point_xy(demand.geometry.values, require_crs(demand, "demand"), options.analysis_crs)
    sxy = point_xy(supply.geometry.values, require_crs(supply, "supply"), options.analysis_crs)
    pairs = cKDTree(sxy).sparse_distance_matrix(cKDTree(dxy), radius_m, output_type="ndarray")
    j, i, d = pairs["i"], pairs["j"], pairs["v"]
    w = weights(d, radius_m=radius_m, kind=decay)
    demand_j = np.bincount(j, weights=p[i] * w, minlength=len(s))
    r_j = np.divide(s, demand_j, out=np.zeros(len(s)), where=demand_j > 0)
    a_i = np.bincount(i, weights=r_j[j] * w, minlength=len(p))
    n_i = np.bincount(i, weights=(w > 0).astype(float), minlength=len(p)).astype(int)
    out = pd.DataFrame({"supply_ratio": a_i, "n_supply": n_i}, index=demand.index)
    out.attrs["supply"] = pd.Series(r_j, index=supply.index, name="R_j")
    return out
