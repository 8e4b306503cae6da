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

__all__ = ["Discs", "k_smallest", "pair_distances", "xy_of"]

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


# the grid of the places: cells of a sixteenth of the radius (fewer pairs to check at the discs'
# rims, more runs per disc), at most this many cells (a coarser grid beyond it)
_CELLS_PER_RADIUS = 16
_MAX_CELLS = 4_000_000
_ROWS_AT_ONCE = 1_000_000  # (centre, grid row) entries worked on at once: about 100 MB


class Discs:
    """The places within ``r`` of each centre (straight line, inclusive), without listing
    every pair.

    The places are sorted by the cells of a grid, row by row, so the places of a run of
    cells in one row are one run of sorted positions. For each centre and grid row, the
    cells that lie wholly inside the disc (every corner nearer than ``r`` by a micrometre)
    give one run whose places are all within ``r``; the cells cut by the disc's rim give at
    most two runs whose places are checked one by one with the k-d tree's rule
    (``dx² + dy² <= r²``). Sums over the places within each disc come from prefix sums over
    the runs, sums over the discs around each place from the runs' ends, in extended
    precision; a place in no run gets exactly 0.

    ``Discs.fits`` says whether the grid is fine enough to pay (else the caller lists the
    pairs with a k-d tree).
    """

    def __init__(self, centres: Any, places: Any, r: float):
        self.n, self.m, self.r = len(places), len(centres), float(r)
        self.lo = places.min(axis=0)
        span = places.max(axis=0) - self.lo
        cell = max(self.r / _CELLS_PER_RADIUS, float(np.sqrt(span[0] * span[1] / _MAX_CELLS)))
        self.cell = max(cell, float(max(span.max(), 1.0)) / _MAX_CELLS)  # a long thin layer
        self.fits = self.cell <= self.r / 2
        if not self.fits:
            return
        start = self._sort(places)
        rows_per_centre = 2 * int(np.ceil(self.r / self.cell)) + 3
        step = max(1, _ROWS_AT_ONCE // rows_per_centre)  # memory stays bounded
        found = []
        for first in range(0, self.m, step):
            mine = np.arange(first, min(first + step, self.m))
            a, b, a_in, b_in, owner = self._rows(centres[mine], start)
            owner = mine[owner]
            keep = a_in < b_in
            # the rim, [a, a_in) and [b_in, b), checked place by place
            rim = self._rim(
                centres, np.concatenate([a, b_in]), np.concatenate([a_in, b]), np.tile(owner, 2)
            )
            found.append((owner[keep], a_in[keep], b_in[keep], *rim))
        self.run_owner, self.run_a, self.run_b, self.rim_pos, self.rim_owner = (
            np.concatenate(col) for col in zip(*found, strict=True)
        )

    def _sort(self, places: Any) -> Any:
        """Sort the places by cell, row by row; the first sorted position of every cell."""
        ix = np.floor((places[:, 0] - self.lo[0]) / self.cell).astype(np.int64)
        iy = np.floor((places[:, 1] - self.lo[1]) / self.cell).astype(np.int64)
        self.nx, self.ny = int(ix.max()) + 1, int(iy.max()) + 1
        code = iy * self.nx + ix
        self.order = np.argsort(code)  # the order within a cell does not matter
        start = np.zeros(self.nx * self.ny + 1, np.int64)
        np.cumsum(np.bincount(code, minlength=self.nx * self.ny), out=start[1:])
        self.x, self.y = places[self.order, 0], places[self.order, 1]
        return start

    def _rows(self, centres: Any, start: Any) -> tuple[Any, ...]:
        """Per centre and grid row within reach: the runs [a, b) of the places in the cells
        the disc touches and [a_in, b_in) of those in the cells wholly inside (flattened)."""
        lo, cell, nx, ny = self.lo, self.cell, self.nx, self.ny
        cx, cy = centres[:, 0][:, None], centres[:, 1][:, None]
        k = int(np.ceil(self.r / cell)) + 1
        rows = np.floor((cy - lo[1]) / cell).astype(np.int64) + np.arange(-k, k + 1)
        y0 = lo[1] + rows * cell
        near = np.maximum(0.0, np.maximum(y0 - cy, cy - (y0 + cell)))
        far = np.maximum(np.abs(cy - y0), np.abs(cy - (y0 + cell)))
        margin = 1e-6 + self.r * 1e-9  # metres: far above the rounding of any coordinate
        r_out, r_in = self.r + margin, self.r - margin
        w_out = np.sqrt(np.clip(r_out**2 - near**2, 0.0, None))
        w_in = np.sqrt(np.clip(r_in**2 - far**2, 0.0, None))
        t_lo = np.floor((cx - w_out - lo[0]) / cell).astype(np.int64)
        t_hi = np.floor((cx + w_out - lo[0]) / cell).astype(np.int64)
        touched = (rows >= 0) & (rows < ny) & (near <= r_out) & (t_hi >= 0) & (t_lo < nx)
        t_lo, t_hi = np.clip(t_lo, 0, nx - 1), np.clip(t_hi, 0, nx - 1)
        i_lo = np.maximum(np.ceil((cx - w_in - lo[0]) / cell).astype(np.int64), t_lo)
        i_hi = np.minimum(np.floor((cx + w_in - lo[0]) / cell).astype(np.int64) - 1, t_hi)
        inside = touched & (far <= r_in) & (i_lo <= i_hi)
        base = np.clip(rows, 0, ny - 1) * nx
        a = np.where(touched, start[base + t_lo], 0)
        b = np.where(touched, start[base + t_hi + 1], 0)
        a_in = np.where(inside, start[base + np.minimum(i_lo, nx - 1)], b)
        b_in = np.where(inside, start[base + np.minimum(i_hi, nx - 1) + 1], b)
        owner = np.broadcast_to(np.arange(len(centres))[:, None], rows.shape)
        return a.ravel(), b.ravel(), a_in.ravel(), b_in.ravel(), owner.ravel()

    def _rim(self, centres: Any, lo_run: Any, hi_run: Any, who: Any) -> tuple[Any, Any]:
        """The (sorted position, centre) pairs of the rim runs within ``r``."""
        size = hi_run - lo_run
        has = size > 0
        lo_run, size, who = lo_run[has], size[has], who[has]
        pos = np.arange(int(size.sum())) + np.repeat(lo_run - (np.cumsum(size) - size), size)
        cen = np.repeat(who, size)
        dx = self.x[pos] - centres[:, 0][cen]
        dy = self.y[pos] - centres[:, 1][cen]
        ok = dx * dx + dy * dy <= self.r * self.r
        return pos[ok], cen[ok]

    def to_centres(self, w: Any) -> Any:
        """Per centre: the sum of ``w`` (one value per place) over the places in its disc."""
        ws = np.asarray(w, float)[self.order]
        cum = np.zeros(self.n + 1, np.longdouble)
        np.cumsum(ws, dtype=np.longdouble, out=cum[1:])
        runs = (cum[self.run_b] - cum[self.run_a]).astype(float)
        out = np.bincount(self.run_owner, weights=runs, minlength=self.m)
        return out + np.bincount(self.rim_owner, weights=ws[self.rim_pos], minlength=self.m)

    def to_places(self, v: Any) -> Any:
        """Per place: the sum of ``v`` (one value per centre) over the discs around it."""
        v = np.asarray(v, float)
        steps = np.zeros(self.n + 1, np.longdouble)
        np.add.at(steps, self.run_a, v[self.run_owner])
        np.subtract.at(steps, self.run_b, v[self.run_owner])
        runs = np.cumsum(steps[: self.n]).astype(float)
        live = v[self.run_owner] != 0
        runs[self._run_counts(live) == 0] = 0.0  # exactly 0 where only zeros pass
        sorted_sum = runs + np.bincount(self.rim_pos, weights=v[self.rim_owner], minlength=self.n)
        out = np.empty(self.n)
        out[self.order] = sorted_sum
        return out

    def counts(self) -> Any:
        """Per place: how many discs hold it."""
        sorted_n = self._run_counts() + np.bincount(self.rim_pos, minlength=self.n)
        out = np.empty(self.n, np.int64)
        out[self.order] = sorted_n
        return out

    def _run_counts(self, which: Any = None) -> Any:
        """Per sorted place: how many runs (of those ``which`` marks) pass over it."""
        a, b = (self.run_a, self.run_b) if which is None else (self.run_a[which], self.run_b[which])
        steps = np.bincount(a, minlength=self.n + 1) - np.bincount(b, minlength=self.n + 1)
        return np.cumsum(steps[: self.n])
