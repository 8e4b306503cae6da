"""Distances pair by pair between places and facilities, asked of the access model.

The access model answers "how far is the nearest"; the k nearest, the count within a
distance and the two-step catchment need every place-facility pair within a limit. Straight
line: the pairs of a k-d tree (the straight-line model's own distance). Walking: each
facility is asked of the model on its own (:meth:`shangcheng_geo.access.Access.using`), for
the places within the limit of it in a straight line only -- walking is never shorter than
the straight line (the model's legs and edges), so no pair within the limit is missed.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

__all__ = ["k_smallest", "pair_distances", "xy_of"]

# a pair exactly at the limit by walking may sit a rounding error beyond it in a straight line
_SLACK = 1e-9


def xy_of(layer_m: Any) -> Any:
    """Point coordinates (n, 2) of a layer already in the analysis CRS."""
    import shapely

    return shapely.get_coordinates(np.asarray(layer_m.geometry.values)).reshape(-1, 2)


def pair_distances(model: Any, fac_m: Any, xy: Any, limit_m: float) -> tuple[Any, Any, Any]:
    """Every (place i, facility j, distance) with distance <= ``limit_m``.

    ``model`` is an :class:`~shangcheng_geo.access.Access`; ``fac_m`` facility points in the
    analysis CRS; ``xy`` the places' coordinates there. Walking: places not served by the
    network have no pair (the caller marks them), facilities beyond ``max_snap_m`` none.
    """
    from scipy.spatial import cKDTree

    from .._errors import DataQualityWarning

    fxy = xy_of(fac_m)
    empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if len(fxy) == 0 or len(xy) == 0:
        return empty
    places = cKDTree(xy)
    if model.method == "euclidean":
        pairs = cKDTree(fxy).sparse_distance_matrix(places, limit_m, output_type="ndarray")
        return pairs["j"], pairs["i"], pairs["v"]  # index fields are intp already
    reach = limit_m * (1 + _SLACK) + _SLACK
    near = places.query_ball_point(fxy, reach)
    ii, jj, dd = [], [], []
    with warnings.catch_warnings():  # the category's model named the far facilities already
        warnings.simplefilter("ignore", DataQualityWarning)
        for j, cand in enumerate(near):
            if not cand:
                continue
            one = model.using(fac_m.iloc[[j]])
            if one.n_used == 0:
                continue
            cand = np.asarray(cand, dtype=np.int64)
            d, _, _ = one.distance_xy(xy[cand], cutoff_m=limit_m)
            keep = np.isfinite(d) & (d <= limit_m)
            ii.append(cand[keep])
            jj.append(np.full(int(keep.sum()), j, np.int64))
            dd.append(d[keep])
    if not ii:
        return empty
    return np.concatenate(ii), np.concatenate(jj), np.concatenate(dd)


def k_smallest(i: Any, d: Any, n: int, k: int) -> Any:
    """(n, k) array: for each place the k smallest distances of its pairs (inf if fewer)."""
    out = np.full((n, k), np.inf)
    if len(i) == 0:
        return out
    order = np.lexsort((d, i))
    i_s, d_s = i[order], d[order]
    first = np.r_[0, np.flatnonzero(i_s[1:] != i_s[:-1]) + 1]
    start = np.repeat(first, np.diff(np.r_[first, len(i_s)]))
    rank = np.arange(len(i_s)) - start
    keep = rank < k
    out[i_s[keep], rank[keep]] = d_s[keep]
    return out
