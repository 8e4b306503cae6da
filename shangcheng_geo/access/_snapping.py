"""Exact nearest-segment search for many points: segments bucketed in uniform grids.

Private to :mod:`shangcheng_geo.access` (used by
:meth:`~shangcheng_geo.access._walk.WalkNetwork.snap`). Arrays and projected metres only.

The rule: a point's nearest segment is the one at the smallest Euclidean distance; among
segments equally near, the one with the lowest index (segments are sorted by edge, so the
lowest edge index). The search is exact, not approximate:

* every segment is cut into pieces no longer than the cell size ``c`` and each piece is
  registered in every grid cell its bounding box touches (widened by a micrometre, so that
  a piece on a cell's border is in both cells whatever the rounding);
* a point looks at its own cell, then at the 2 x 2 cells of its quadrant, then at the
  3 x 3 block around it: every segment passing within ``radius`` of the point (the distance
  from the point to the cells' outer border) is among the candidates, so the nearest
  candidate is the nearest segment whenever it is no farther than ``radius``;
* points not settled so look again in grids four times coarser (with a finite
  ``max_snap_m``, up to a grid of cells that wide), and the few still unsettled (far outside
  the network) go to GEOS's ``STRtree.query_nearest`` (through shapely);
* with a finite ``max_snap_m`` the search stops once ``radius`` passes it: such a point is
  farther than ``max_snap_m`` from every segment and gets distance ``inf``.

Every step is vectorised numpy (the distances are computed by the same formula for every
candidate), with points in chunks so memory stays bounded.
"""

from __future__ import annotations

import itertools
import os
import threading
from typing import Any

import numpy as np

from .._progress import progress

__all__ = ["SegmentGrid", "point_segment_distance"]

_CHUNK = 16_384  # points per vectorised pass (about 20 MB of candidate pairs)
_STRIDE = np.int64(1) << 32  # cell code = ix * _STRIDE + iy
_MARGIN = 1e-6  # metres: pieces register in every cell within this (far above rounding)
_LEVEL_FACTOR = 4.0
_CELL_PER_MEDIAN = 1.0  # level-0 cell: the median segment (measured best of 1, 1.5, 2, 3)
_MAX_CANDIDATES = 2_048  # per point and pass; beyond it GEOS's tree answers that point
_PAIR_BUDGET = 1_000_000  # candidate pairs evaluated at once
_DENSE_CELLS = 4_000_000  # grids up to this many cells keep a table of every cell (32 MB)


def _budget_groups(per_point: Any) -> list[Any]:
    """Row ranges of consecutive points whose candidate pairs stay within the budget."""
    cum = np.cumsum(per_point)
    cuts = np.searchsorted(cum, np.arange(_PAIR_BUDGET, int(cum[-1]) + 1, _PAIR_BUDGET))
    bounds = np.unique(np.r_[0, cuts, len(per_point)])
    return [np.arange(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def point_segment_distance(p: Any, a: Any, b: Any) -> tuple[Any, Any]:
    """Distance from points ``p`` to segments ``a``-``b`` and the foot's fraction along them.

    All arrays broadcast over their leading axes, with coordinates on the last axis (2).
    """
    ab = b - a
    ap = p - a
    den = np.einsum("...i,...i->...", ab, ab)
    num = np.einsum("...i,...i->...", ap, ab)
    frac = np.clip(np.divide(num, den, out=np.zeros_like(num), where=den > 0), 0.0, 1.0)
    foot = a + frac[..., None] * ab
    d = np.hypot(p[..., 0] - foot[..., 0], p[..., 1] - foot[..., 1])
    return d, frac


class _Level:
    """One grid: sorted cell codes, and per cell (CSR) the segments registered there."""

    def __init__(self, seg_a: Any, seg_b: Any, origin: Any, cell_m: float):
        self.cell_m, self.origin = float(cell_m), origin
        length = np.hypot(*(seg_b - seg_a).T)
        pieces = np.maximum(1, np.ceil(length / self.cell_m)).astype(np.int64)
        if pieces.max(initial=1) == 1:  # every segment fits a cell: no cutting
            seg, p0, p1 = np.arange(len(seg_a)), seg_a, seg_b
        else:
            seg = np.repeat(np.arange(len(seg_a)), pieces)
            k = np.arange(len(seg)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
            n = pieces[seg]
            d = (seg_b - seg_a)[seg]
            p0 = seg_a[seg] + (k / n)[:, None] * d
            p1 = seg_a[seg] + ((k + 1) / n)[:, None] * d
        lo = self._cell(np.minimum(p0, p1) - _MARGIN)
        hi = self._cell(np.maximum(p0, p1) + _MARGIN)
        span = hi - lo + 1
        count = span[:, 0] * span[:, 1]
        if count.max(initial=1) == 1:  # every piece in one cell
            reg, ix, iy = np.arange(len(seg)), lo[:, 0], lo[:, 1]
        else:
            reg = np.repeat(np.arange(len(seg)), count)
            j = np.arange(len(reg)) - np.repeat(np.cumsum(count) - count, count)
            ny = span[reg, 1]
            ix, iy = lo[reg, 0] + j // ny, lo[reg, 1] + j % ny
        self.shape = (int(ix.max(initial=0)) + 1, int(iy.max(initial=0)) + 1)
        # a dense table of cells where it is small (one lookup per cell), else sorted codes
        self.dense = self.shape[0] * self.shape[1] <= _DENSE_CELLS
        code = ix * (self.shape[1] if self.dense else _STRIDE) + iy
        order = np.argsort(code)  # order within a cell is free: ties are settled by index
        code = code[order]
        self.segs = seg[reg[order]]
        if self.dense:
            self.cells = np.zeros(0, np.int64)
            self.ptr = np.zeros(self.shape[0] * self.shape[1] + 1, np.int64)
            np.cumsum(np.bincount(code, minlength=len(self.ptr) - 1), out=self.ptr[1:])
        else:
            start = np.r_[0, np.flatnonzero(np.diff(code)) + 1] if len(code) else np.zeros(0, int)
            self.cells = code[start]
            self.ptr = np.r_[start, len(code)].astype(np.int64)

    def _cell(self, xy: Any) -> Any:
        return np.floor((xy - self.origin) / self.cell_m).astype(np.int64)

    def block(self, xy: Any, r: int) -> tuple[Any, Any, Any]:
        """Cells around each point: their first CSR positions and counts (rows: points), and
        each point's guaranteed radius (every segment nearer is registered in them).

        ``r`` = 0: the point's own cell; ``r`` = -1: the 2 x 2 cells of the quadrant it lies
        in (radius at least half a cell); ``r`` >= 1: the (2r+1)^2 cells around it.
        """
        cell = self._cell(xy)
        low = self.origin + cell * self.cell_m
        if r < 0:
            upper = (xy - low) >= self.cell_m / 2  # the half of the cell the point is in
            lo = np.where(upper, low, low - self.cell_m)
            near = np.minimum(xy - lo, lo + 2 * self.cell_m - xy).min(axis=1)
            radius = near + _MARGIN / 2
            x0 = cell[:, 0] - ~upper[:, 0]
            y0 = cell[:, 1] - ~upper[:, 1]
            ix = np.column_stack([x0, x0, x0 + 1, x0 + 1])
            iy = np.column_stack([y0, y0 + 1, y0, y0 + 1])
        else:
            inner = np.minimum(xy - low, low + self.cell_m - xy).min(axis=1)
            radius = r * self.cell_m + inner + _MARGIN / 2
            offsets = np.arange(-r, r + 1)
            ix = (cell[:, 0, None] + offsets).repeat(len(offsets), axis=1)
            iy = np.tile(cell[:, 1, None] + offsets, (1, len(offsets)))
        if self.dense:
            valid = (ix >= 0) & (iy >= 0) & (ix < self.shape[0]) & (iy < self.shape[1])
            j = np.where(valid, ix * self.shape[1] + iy, 0)
            cnt = np.where(valid, self.ptr[j + 1] - self.ptr[j], 0)
            return self.ptr[j], cnt, radius
        valid = (ix >= 0) & (iy >= 0) & (iy < _STRIDE)
        code = np.where(valid, ix * _STRIDE + iy, -1)
        j = np.minimum(np.searchsorted(self.cells, code), len(self.cells) - 1)
        found = self.cells[j] == code
        cnt = np.where(found, self.ptr[j + 1] - self.ptr[j], 0)
        return self.ptr[j], cnt, radius

    def pairs(self, first: Any, cnt: Any) -> tuple[Any, Any]:
        """(owner row, candidate segment) pairs of the cells ``first``/``cnt`` (rows: points)."""
        flat_cnt = cnt.ravel()
        total = int(flat_cnt.sum())
        base = np.repeat(first.ravel() - (np.cumsum(flat_cnt) - flat_cnt), flat_cnt)
        cand = self.segs[base + np.arange(total)]
        owner = np.repeat(np.repeat(np.arange(cnt.shape[0]), cnt.shape[1]), flat_cnt)
        return owner, cand


class SegmentGrid:
    """Exact nearest segments of points (see the module's rule), levels built on first use."""

    def __init__(self, seg_a: Any, seg_b: Any):
        self.seg_a, self.seg_b = seg_a, seg_b
        length = np.hypot(*(seg_b - seg_a).T)
        positive = length[length > 0]
        median = float(np.median(positive)) if len(positive) else 1.0
        self.base_m = max(_CELL_PER_MEDIAN * median, 1.0)
        if len(seg_a):
            lo = np.minimum(seg_a.min(axis=0), seg_b.min(axis=0))
            hi = np.maximum(seg_a.max(axis=0), seg_b.max(axis=0))
        else:
            lo = hi = np.zeros(2)
        # an origin off any round lattice: gridded streets would otherwise lie on cell borders
        self.origin = lo - self.base_m * (1 + np.array([0.3819660, 0.2360680]))
        extent = float((hi - lo).max()) + 2 * self.base_m
        self.n_levels = 1 + max(0, int(np.ceil(np.log(extent / self.base_m) / np.log(4))))
        self._levels: dict[float, _Level] = {}
        self._tree: Any = None
        self._lock = threading.Lock()

    def level(self, cell_m: float) -> _Level:
        """The grid with cells of ``cell_m`` metres (built once)."""
        with self._lock:
            if cell_m not in self._levels:
                self._levels[cell_m] = _Level(self.seg_a, self.seg_b, self.origin, cell_m)
            return self._levels[cell_m]

    def passes(self, cap: float) -> list[tuple[float, int]]:
        """(cell size, block) of each pass: own cell, quadrant and 3 x 3 at the finest grid,
        then 3 x 3 in grids four times coarser -- with a finite ``cap``, up to one grid whose
        cells are ``cap`` wide (its 3 x 3 block settles every point: nearer than ``cap``
        found, or none within it)."""
        out = [(self.base_m, 0), (self.base_m, -1)]
        for k in range(self.n_levels):
            cell = self.base_m * _LEVEL_FACTOR**k
            if cell >= cap:
                out.append((max(float(cap), self.base_m), 1))
                break
            out.append((cell, 1))
        return out

    def nearest(self, xy: Any, max_snap_m: float = np.inf) -> tuple[Any, Any, Any]:
        """(segment index, distance, foot fraction) for every point; distance ``inf`` (and
        segment 0) where no segment lies within ``max_snap_m``."""
        m = len(xy)
        seg = np.zeros(m, np.int64)
        dist = np.full(m, np.inf)
        frac = np.zeros(m)
        if m == 0 or len(self.seg_a) == 0:
            return seg, dist, frac
        parts = [slice(i, min(i + _CHUNK, m)) for i in range(0, m, _CHUNK)]

        def one(part: slice) -> None:
            seg[part], dist[part], frac[part] = self._nearest_chunk(xy[part], max_snap_m)

        workers = min(len(parts), os.cpu_count() or 1)
        desc = "snapping to the network"
        if workers > 1:  # numpy releases the GIL in the array work: chunks run side by side
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(workers) as pool:
                for _ in progress(pool.map(one, parts), desc=desc, total=len(parts)):
                    pass
        else:
            for part in progress(parts, desc=desc, total=len(parts)):
                one(part)
        return seg, dist, frac

    def _nearest_chunk(self, xy: Any, cap: float) -> tuple[Any, Any, Any]:
        m = len(xy)
        seg = np.zeros(m, np.int64)
        dist = np.full(m, np.inf)
        frac = np.zeros(m)
        todo = np.arange(m)
        far = [np.zeros(0, np.int64)]
        if np.isfinite(cap):  # first drop the points with no segment anywhere near cap
            cell, r = self.passes(cap)[-1]
            _, cnt, radius = self.level(cell).block(xy, r)
            todo = todo[(cnt.sum(axis=1) > 0) | (radius < cap)]
        for cell, r in self.passes(cap):
            if not len(todo):
                break
            level = self.level(cell)
            first, cnt, radius = level.block(xy[todo], r)
            per_point = cnt.sum(axis=1)
            heavy = per_point > _MAX_CANDIDATES  # a dense block: the tree is cheaper
            far.append(todo[heavy])
            cnt[heavy] = 0
            for rows in _budget_groups(per_point * ~heavy):
                pts = todo[rows]
                owner, cand = level.pairs(first[rows], cnt[rows])
                s, d, f = self._best(xy[pts], owner, cand)
                better = (d < dist[pts]) | ((d == dist[pts]) & (s < seg[pts]))
                seg[pts] = np.where(better, s, seg[pts])
                frac[pts] = np.where(better, f, frac[pts])
                dist[pts] = np.where(better, d, dist[pts])
            exact = dist[todo] <= radius
            settled = (exact | (radius >= cap)) & ~heavy
            dist[todo[settled & ~exact]] = np.inf  # farther than max_snap_m from every segment
            todo = todo[~settled & ~heavy]
        rest = np.concatenate([*far, todo])
        if len(rest):  # far outside the network, or in a dense block: GEOS's tree
            seg[rest], dist[rest], frac[rest] = self._far(xy[rest], cap)
        return seg, dist, frac

    def _best(self, xy: Any, owner: Any, cand: Any) -> tuple[Any, Any, Any]:
        """Per point: the nearest candidate (lowest index among ties), its distance, foot."""
        m = len(xy)
        seg = np.zeros(m, np.int64)
        dist = np.full(m, np.inf)
        frac = np.zeros(m)
        if not len(owner):
            return seg, dist, frac
        d, f = point_segment_distance(xy[owner], self.seg_a[cand], self.seg_b[cand])
        start = np.r_[0, np.flatnonzero(owner[1:] != owner[:-1]) + 1]
        has = owner[start]
        size = np.diff(np.r_[start, len(owner)])
        dmin = np.minimum.reduceat(d, start)
        tie = d == np.repeat(dmin, size)
        big = np.iinfo(np.int64).max
        smin = np.minimum.reduceat(np.where(tie, cand, big), start)
        mine = tie & (cand == np.repeat(smin, size))
        pick = np.minimum.reduceat(np.where(mine, np.arange(len(owner)), big), start)
        seg[has], dist[has], frac[has] = smin, dmin, f[pick]
        return seg, dist, frac

    def _far(self, xy: Any, cap: float) -> tuple[Any, Any, Any]:
        import shapely

        with self._lock:
            if self._tree is None:
                lines = shapely.linestrings(np.stack([self.seg_a, self.seg_b], axis=1))
                self._tree = shapely.STRtree(lines)
        kwargs = {"max_distance": cap} if np.isfinite(cap) else {}
        pi, si = self._tree.query_nearest(shapely.points(xy), all_matches=True, **kwargs)
        order = np.argsort(pi, kind="stable")
        return self._best(xy, pi[order].astype(np.int64), si[order].astype(np.int64))
