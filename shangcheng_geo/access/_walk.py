"""The walking-distance engine: a graph as arrays, nearest-edge snapping, compiled Dijkstra.

Private and at the bottom of the package: it knows arrays and projected metres only (no
GeoDataFrames, no CRS handling, no stations). :mod:`shangcheng_geo.network` builds a
:class:`WalkNetwork` from graphs; :mod:`shangcheng_geo.access` asks it for distances.

The model (see :mod:`shangcheng_geo.access`): a location's walking distance to the nearest
source is its access leg (straight line to the foot on its nearest edge) + the network
distance from that foot + the source's own access leg. Legs longer than ``max_snap_m`` are
not walked: such a location is not served by the network. Snapping goes to the *connected*
network: the edges of pieces (connected components) with less than ``min_component_m`` of
street in total are never snapped to, unless the piece is the largest.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .._errors import warn
from ._pieces import (
    DEFAULT_MIN_COMPONENT_M,
    components,
    far_detail,
    kept_edges,
    report_moved,
)
from ._snapping import SegmentGrid

__all__ = [
    "Snap",
    "SourceDistances",
    "WalkNetwork",
    "Walker",
    "segments",
]

# the point sets snapped last are kept (at most 8 sets, 2 million points: 48 MB): a life
# circle asks the same places once per facility type, and the snap of 100,000 places costs
# more than the network search that follows it
_SNAP_MEMO = (8, 2_000_000)


@dataclass(frozen=True)
class Snap:
    """Where points meet the network: nearest edge, position along it, access leg."""

    edge: Any  # edge index per point
    t: Any  # metres of edge length from the edge's u end to the foot
    leg_m: Any  # straight-line distance from the point to the foot (the access leg)


@dataclass(frozen=True, eq=False)
class WalkNetwork:
    """A walking graph as arrays, ready for compiled shortest paths and fast snapping.

    Made by :func:`shangcheng_geo.network.prepare`; the fields are the parameters.

    Parameters
    ----------
    node_ids, xy, u, v, length, seg_edge, seg_a, seg_b, seg_along, crs, min_component_m
        As under Attributes.

    Attributes
    ----------
    node_ids : ndarray
        The graph's node ids; position ``i`` is internal index ``i``.
    xy : ndarray of shape (n, 2)
        Node coordinates in ``crs`` (a projected CRS in metres).
    u, v : ndarray of int
        Edge end indices, one row per undirected edge.
    length : ndarray of float
        Edge lengths in metres (the graph's ``length`` attribute), the cost of walking it.
    seg_edge : ndarray of int
        For every straight segment of every edge's geometry: the edge it belongs to.
    seg_a, seg_b : ndarray of shape (s, 2)
        The segments' end points, oriented from the edge's ``u`` towards ``v``.
    seg_along : ndarray of float
        Geometric distance along the edge's geometry at each segment's start.
    crs : pyproj.CRS
        The projected CRS of every coordinate.
    min_component_m : float, default 5000
        Snapping uses only the pieces (connected components) with at least this many metres
        of edge length in total, and always the largest piece: a location whose nearest edge
        lies on a smaller piece cut off from the rest (a station staircase, a courtyard) is
        snapped to the connected network instead (:meth:`snap`). 0 snaps to every piece.

    Examples
    --------
    >>> import networkx as nx
    >>> from shangcheng_geo import network
    >>> G = nx.MultiGraph(crs="EPSG:4549")
    >>> G.add_node("a", x=0.0, y=0.0); G.add_node("b", x=100.0, y=0.0)
    >>> _ = G.add_edge("a", "b", length=100.0)
    >>> net = network.prepare(G)
    >>> net.n_nodes, net.n_edges, net.length.tolist()
    (2, 1, [100.0])
    """

    node_ids: Any
    xy: Any
    u: Any
    v: Any
    length: Any
    seg_edge: Any
    seg_a: Any
    seg_b: Any
    seg_along: Any
    crs: Any
    min_component_m: float = DEFAULT_MIN_COMPONENT_M
    _cache: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)
    _lock: Any = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Picklable (e.g. for a process pool): the lock, the query buffer and the snapping
        index are left out and made again on first use."""
        state = {k: v for k, v in self.__dict__.items() if k not in ("_lock", "_grid", "_cut_grid")}
        state["_cache"] = {}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.__dict__["_lock"] = threading.Lock()

    @property
    def node_index(self) -> Any:
        """The node ids as a pandas Index (built once)."""
        if "node_index" not in self._cache:
            import pandas as pd

            self._cache["node_index"] = pd.Index(self.node_ids)
        return self._cache["node_index"]

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.node_ids)

    @property
    def n_edges(self) -> int:
        """Number of (undirected) edges."""
        return len(self.u)

    @cached_property
    def geometric_length(self) -> Any:
        """Length of each edge's geometry in ``crs`` units."""
        seg = np.hypot(*(self.seg_b - self.seg_a).T)
        return np.bincount(self.seg_edge, weights=seg, minlength=self.n_edges)

    @cached_property
    def csr(self) -> tuple[Any, Any, Any]:
        """(indptr, indices, weights) of the symmetric node graph.

        Parallel edges are reduced to the shortest (a sparse matrix would add them up).
        Zero lengths stay zero: scipy's csgraph keeps explicit zeros as edges.
        """
        n = self.n_nodes
        rows = np.concatenate([self.u, self.v])
        cols = np.concatenate([self.v, self.u])
        wts = np.concatenate([self.length, self.length]).astype(float)
        order = np.argsort(rows * n + cols)
        rows, cols, wts = rows[order], cols[order], wts[order]
        same = (rows[1:] == rows[:-1]) & (cols[1:] == cols[:-1])
        if same.any():  # parallel edges: keep the shortest of each pair of nodes
            start = np.r_[0, np.flatnonzero(~same) + 1]
            wts = np.minimum.reduceat(wts, start)
            rows, cols = rows[start], cols[start]
        # csgraph works on int32 indices: storing them so avoids a conversion per query
        indptr = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        return indptr, cols.astype(np.int32), wts

    @contextmanager
    def _with_sources(self, cols: Any, wts: Any) -> Iterator[Any]:
        """The node graph with extra rows (two entries each: ``cols``, ``wts``) appended, as
        a scipy CSR matrix over one preallocated buffer reused by every query.

        The buffer grows when more rows are asked for than ever before; a lock keeps two
        threads from filling it at once (the matrix is valid inside the ``with`` only).
        """
        from scipy.sparse import csr_matrix

        indptr, indices, data = self.csr
        n, nnz, extra = self.n_nodes, len(indices), len(cols)
        with self._lock:
            buf = self._cache.get("source_buffer")
            if buf is None or len(buf[1]) < nnz + extra:
                room = max(extra, 2 * (len(buf[1]) - nnz if buf is not None else 0), 1_024)
                buf = (
                    np.concatenate([indptr, np.zeros(room // 2 + 1, np.int32)]),
                    np.concatenate([indices, np.zeros(room, np.int32)]),
                    np.concatenate([data, np.zeros(room)]),
                )
                self._cache["source_buffer"] = buf
            b_ptr, b_idx, b_dat = buf
            rows = extra // 2
            b_ptr[n + 1 : n + 1 + rows] = nnz + 2 * np.arange(1, rows + 1, dtype=np.int32)
            b_idx[nnz : nnz + extra] = cols
            b_dat[nnz : nnz + extra] = wts
            yield csr_matrix(
                (b_dat[: nnz + extra], b_idx[: nnz + extra], b_ptr[: n + 1 + rows]),
                shape=(n + rows, n + rows),
            )

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of the nodes, in ``crs``."""
        lo, hi = self.xy.min(axis=0), self.xy.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    @cached_property
    def components(self) -> tuple[Any, Any]:
        """(piece of every node, metres of edge length of every piece): the network's
        connected components, numbered by scipy.

        Examples
        --------
        >>> import networkx as nx
        >>> from shangcheng_geo import network
        >>> G = nx.MultiGraph(crs="EPSG:4549")
        >>> for n, (x, y) in enumerate([(0, 0), (100, 0), (50, 40), (80, 40)]):
        ...     G.add_node(n, x=float(x), y=float(y))
        >>> _ = G.add_edge(0, 1, length=100.0); _ = G.add_edge(2, 3, length=30.0)
        >>> piece, metres = network.prepare(G).components
        >>> piece.tolist(), metres.tolist()
        ([0, 0, 1, 1], [100.0, 30.0])
        """
        indptr, indices, _ = self.csr
        return components(indptr, indices, self.u, self.length)

    @cached_property
    def connected(self) -> Any:
        """Per edge: whether snapping may use it (its piece holds at least
        ``min_component_m`` of street, or is the largest)."""
        piece, metres = self.components
        return kept_edges(piece, metres, self.u, self.min_component_m)

    @cached_property
    def _kept_segments(self) -> Any:
        """Positions of the segments snapping may use (None: every segment)."""
        keep = self.connected[self.seg_edge]
        return None if keep.all() else np.flatnonzero(keep)

    @cached_property
    def _grid(self) -> SegmentGrid:
        """The snapping index: the segments of the connected network bucketed in uniform
        grids (built on first use)."""
        keep = self._kept_segments
        if keep is None:
            return SegmentGrid(self.seg_a, self.seg_b)
        return SegmentGrid(self.seg_a[keep], self.seg_b[keep])

    @cached_property
    def _cut_grid(self) -> tuple[Any, SegmentGrid]:
        """The segments snapping leaves out (positions, index): for naming what was cut off."""
        out = np.flatnonzero(~self.connected[self.seg_edge])
        return out, SegmentGrid(self.seg_a[out], self.seg_b[out])

    def cut_off(self, xy: Any, leg_m: Any) -> tuple[Any, Any]:
        """Which points lie nearer to a piece snapping leaves out than their ``leg_m``.

        Parameters
        ----------
        xy : array of shape (m, 2)
            Coordinates in ``crs`` (a few points: stations).
        leg_m : array of float
            Their access legs to the connected network (:meth:`snap`).

        Returns
        -------
        tuple of arrays
            The straight line to the nearest left-out edge and the metres of street of its
            piece, NaN for points whose nearest edge is on the connected network.

        Examples
        --------
        >>> import numpy as np, networkx as nx
        >>> from shangcheng_geo import network
        >>> G = nx.MultiGraph(crs="EPSG:4549")
        >>> for n, (x, y) in enumerate([(0, 0), (100, 0), (50, 40), (80, 40)]):
        ...     G.add_node(n, x=float(x), y=float(y))
        >>> _ = G.add_edge(0, 1, length=100.0); _ = G.add_edge(2, 3, length=30.0)
        >>> net = network.prepare(G)
        >>> xy = np.array([[60.0, 30.0], [20.0, 5.0]])  # 10 m below the 30 m piece; 5 m above
        >>> net.snap(xy).leg_m.tolist()  # the 30 m piece is left out
        [30.0, 5.0]
        >>> [v.tolist() for v in net.cut_off(xy, net.snap(xy).leg_m)]
        [[10.0, nan], [30.0, nan]]
        """
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        near, piece_m = np.full(len(xy), np.nan), np.full(len(xy), np.nan)
        out, grid = self._cut_grid
        if not len(out) or not len(xy):
            return near, piece_m
        seg, d, _ = grid.nearest(xy)
        hit = d < np.asarray(leg_m, dtype=float)
        piece, metres = self.components
        edge = self.seg_edge[out[seg]]
        near[hit] = d[hit]
        piece_m[hit] = metres[piece[self.u[edge[hit]]]]
        return near, piece_m

    def snap(self, xy: Any, *, max_snap_m: float = np.inf) -> Snap:
        """Snap points (array (m, 2) in ``crs``) onto their nearest edge, exactly.

        The nearest edge is the one with the nearest straight segment (Euclidean distance to
        its foot); among edges equally near, the one with the lowest index. The search is
        exact, in grids of buckets (:mod:`~shangcheng_geo.access._snapping` states how).
        Only edges of the connected network count (see ``min_component_m``): a point beside
        a small piece cut off from the rest is snapped past it. A point farther than a
        finite ``max_snap_m`` from every such edge gets ``leg_m`` = inf. The point sets
        snapped last are kept: the same points asked again get the same (read-only) arrays
        without a second search.

        Parameters
        ----------
        xy : array of shape (m, 2)
            Coordinates in ``crs``.
        max_snap_m : float, default inf
            The search stops here: farther points are not served, whatever edge is nearest.

        Returns
        -------
        Snap
            ``edge`` (index), ``t`` (metres of edge length from ``u``) and ``leg_m``.

        Examples
        --------
        >>> import numpy as np, networkx as nx
        >>> from shangcheng_geo import network
        >>> G = nx.MultiGraph(crs="EPSG:4549")
        >>> G.add_node(0, x=0.0, y=0.0); G.add_node(1, x=100.0, y=0.0)
        >>> _ = G.add_edge(0, 1, length=100.0)
        >>> s = network.prepare(G).snap(np.array([[30.0, 40.0]]))
        >>> float(s.t[0]), float(s.leg_m[0])
        (30.0, 40.0)
        """
        xy = np.ascontiguousarray(xy, dtype=float).reshape(-1, 2)
        key = (hashlib.blake2b(xy.tobytes(), digest_size=16).digest(), float(max_snap_m))
        with self._lock:
            memo = self._cache.setdefault("snaps", {})
            if key in memo:  # the same places asked again (one question per facility type)
                memo[key] = memo.pop(key)  # the most recently used is kept longest
                return memo[key]
        snapped = self._snap(xy, max_snap_m)
        for arr in (snapped.edge, snapped.t, snapped.leg_m):
            arr.setflags(write=False)  # shared by every caller of the memo
        with self._lock:
            memo[key] = snapped
            while len(memo) > _SNAP_MEMO[0] or sum(len(m.t) for m in memo.values()) > _SNAP_MEMO[1]:
                del memo[next(iter(memo))]  # the least recently used
        return snapped

    def _snap(self, xy: Any, max_snap_m: float) -> Snap:
        seg, d, f = self._grid.nearest(xy, max_snap_m)
        keep = self._kept_segments
        if keep is not None:  # positions in the connected network's segments
            seg = keep[seg]
        edge = self.seg_edge[seg]
        seglen = np.hypot(*(self.seg_b[seg] - self.seg_a[seg]).T)
        geo = self.geometric_length[edge]
        along = self.seg_along[seg] + f * seglen
        # the foot's position in edge-length metres: geometry scaled to the length attribute
        scale = np.divide(self.length[edge], geo, out=np.zeros(len(xy)), where=geo > 0)
        t = np.clip(along * scale, 0.0, self.length[edge])
        return Snap(edge=edge.astype(np.int64), t=t, leg_m=d)


@dataclass(frozen=True)
class SourceDistances:
    """Network distances from a set of snapped sources (stations), up to ``cutoff_m``.

    ``node_m[i]`` is the walking distance from node ``i`` to the nearest source, including
    the source's access leg (``inf`` beyond ``cutoff_m``); ``node_source[i]`` is that source
    (-1 if none). The sources' own snaps are kept to walk along a shared edge directly.
    """

    node_m: Any
    node_source: Any
    snap: Snap
    cutoff_m: float

    @classmethod
    def compute(
        cls, net: WalkNetwork, snap: Snap, cutoff_m: float, *, sources: bool = True
    ) -> SourceDistances:
        """Multi-source Dijkstra (scipy csgraph) with one virtual node per source.

        ``sources=False`` skips finding which source is nearest (``node_source`` is then -1
        everywhere), which saves scipy's predecessor arrays when only distances are needed.
        """
        from scipy.sparse.csgraph import dijkstra

        n, s = net.n_nodes, len(snap.edge)
        if s == 0:
            return cls(np.full(n, np.inf), np.full(n, -1, np.int64), snap, float(cutoff_m))
        # rows n .. n+s-1: source j joined to both ends of its edge, its leg included
        e = snap.edge
        L = net.length[e]
        cols = np.column_stack([net.u[e], net.v[e]]).ravel()
        wts = np.column_stack([snap.leg_m + snap.t, snap.leg_m + (L - snap.t)]).ravel()
        starts = np.arange(n, n + s)
        with net._with_sources(cols, wts) as graph:
            if not sources:
                dist = dijkstra(
                    graph, directed=True, indices=starts, limit=float(cutoff_m), min_only=True
                )
                return cls(dist[:n], np.full(n, -1, np.int64), snap, float(cutoff_m))
            dist, _pred, nearest = dijkstra(
                graph,
                directed=True,
                indices=starts,
                limit=float(cutoff_m),
                min_only=True,
                return_predecessors=True,
            )
        node_source = np.where(np.isfinite(dist[:n]), nearest[:n] - n, -1).astype(np.int64)
        return cls(dist[:n], node_source, snap, float(cutoff_m))

    def at(self, net: WalkNetwork, snap: Snap) -> tuple[Any, Any]:
        """Walking distance of snapped points to the nearest source, and that source.

        Distance = the point's access leg + the best of: along its edge to ``u`` then the
        network, along it to ``v`` then the network, or along it directly to a source on the
        same edge (plus that source's leg). ``inf`` / -1 beyond ``cutoff_m``.
        """
        e, t = snap.edge, snap.t
        L = net.length[e]
        du = t + self.node_m[net.u[e]]
        dv = (L - t) + self.node_m[net.v[e]]
        best = np.minimum(du, dv)
        src = np.where(du <= dv, self.node_source[net.u[e]], self.node_source[net.v[e]])
        se, st, sl = self.snap.edge, self.snap.t, self.snap.leg_m
        if len(se):
            order = np.argsort(se, kind="stable")
            se_sorted = se[order]
            lo = np.searchsorted(se_sorted, e, side="left")
            hi = np.searchsorted(se_sorted, e, side="right")
            for step in range(int((hi - lo).max(initial=0))):
                has = lo + step < hi
                if not has.any():
                    break
                j = order[np.minimum(lo + step, len(order) - 1)]
                direct = np.abs(t - st[j]) + sl[j]
                better = has & (direct < best)
                best = np.where(better, direct, best)
                src = np.where(better, j, src)
        total = snap.leg_m + best
        beyond = ~(total <= self.cutoff_m)
        total = np.where(beyond, np.inf, total)
        src = np.where(beyond, -1, src)
        return total, src.astype(np.int64)


class Walker:
    """Stations snapped onto a network, with their network distances cached by search limit.

    ``crs`` is the CRS of every coordinate passed in (the analysis CRS); the network may
    be in another projected CRS, and coordinates are carried over to it.
    """

    def __init__(
        self,
        net: WalkNetwork,
        stations_xy: Any,
        names: Any,
        crs: Any,
        cap: float,
        *,
        name_all: bool = False,
    ):
        from .._geom import near_box

        self.net, self.crs, self.cap = net, crs, float(cap)
        xy = self.to_net(stations_xy) if len(stations_xy) else np.zeros((0, 2))
        snap = net.snap(xy)  # exact legs: the warning names them
        far = snap.leg_m > self.cap
        # stations far outside the network's extent are expected (a city-wide station layer
        # on a district network) and are named only with name_all; those inside it point at
        # a gap in the network and are always named
        bounds = net.bounds
        named = far if name_all else far & near_box(xy, bounds, self.cap)
        cut_m, piece_m = net.cut_off(xy, snap.leg_m)  # nearest edge on a cut-off piece
        if named.any():
            detail = far_detail(
                names[named], snap.leg_m[named], cut_m[named], piece_m[named], self.cap
            )
            warn(
                f"{int(named.sum())} station(s) lie more than max_snap_m={self.cap:g} m from "
                f"every walkable edge of the connected network and contribute nothing: "
                f"{detail}. Check the network there, or raise max_snap_m if the access walk "
                "is real."
            )
        report_moved(names, snap.leg_m, cut_m, piece_m, ~far, net.min_component_m)
        self.used = np.flatnonzero(~far)
        self.snap = Snap(edge=snap.edge[~far], t=snap.t[~far], leg_m=snap.leg_m[~far])
        self._cache: dict[float, SourceDistances] = {}

    def to_net(self, xy: Any) -> Any:
        """Coordinates carried from ``crs`` to the network's CRS."""
        from pyproj import Transformer

        if self.net.crs == self.crs:
            return xy
        tf = Transformer.from_crs(self.crs, self.net.crs, always_xy=True)
        return np.column_stack(tf.transform(xy[:, 0], xy[:, 1]))

    def extent(self) -> tuple[float, float, float, float]:
        """The network's bounding box in ``crs``."""
        from pyproj import Transformer

        lo, hi = self.net.xy.min(axis=0), self.net.xy.max(axis=0)
        if self.net.crs == self.crs:
            return (*lo, *hi)
        tf = Transformer.from_crs(self.net.crs, self.crs, always_xy=True)
        x0, y0, x1, y1 = tf.transform_bounds(*lo, *hi)
        return x0, y0, x1, y1

    def sources(self, cutoff_m: float) -> SourceDistances:
        """Network distances from the used stations, searched to at least ``cutoff_m``."""
        for lim, sd in self._cache.items():
            if lim >= cutoff_m:
                return sd
        sd = SourceDistances.compute(self.net, self.snap, cutoff_m)
        self._cache = {cutoff_m: sd}
        return sd

    def at(self, snap: Snap, cutoff_m: float) -> tuple[Any, Any, Any]:
        """(distance, station position or -1, served) for snapped points."""
        served = snap.leg_m <= self.cap
        d, src = self.sources(cutoff_m).at(self.net, snap)
        n = len(d)
        pos = (
            np.where(src >= 0, self.used[np.maximum(src, 0)], -1)
            if len(self.used)
            else np.full(n, -1)
        )
        return np.where(served, d, np.nan), np.where(served, pos, -1), served


def segments(xy: Any, u: Any, v: Any, geoms: Any, tf: Any) -> tuple[Any, Any, Any]:
    """Straight segments of every edge, oriented from u to v, sorted by edge."""
    import shapely

    has = np.array([g is not None for g in geoms], dtype=bool)
    plain = np.flatnonzero(~has)
    edge = [plain]
    a = [xy[u[plain]]]
    b = [xy[v[plain]]]
    if has.any():
        idx = np.flatnonzero(has)
        coords, which = shapely.get_coordinates(geoms[idx].tolist(), return_index=True)
        if tf is not None:
            coords = np.column_stack(tf.transform(coords[:, 0], coords[:, 1]))
        firsts = np.r_[0, np.flatnonzero(np.diff(which)) + 1]
        start_xy = coords[firsts]
        ei = idx[which[firsts]]
        # orient each geometry from u to v: reverse those that start nearer v
        flip = np.hypot(*(start_xy - xy[u[ei]]).T) > np.hypot(*(start_xy - xy[v[ei]]).T)
        flip_pt = np.repeat(flip, np.diff(np.r_[firsts, len(which)]))
        pos = np.arange(len(which))
        grp_start = np.repeat(firsts, np.diff(np.r_[firsts, len(which)]))
        grp_end = np.repeat(np.r_[firsts[1:], len(which)] - 1, np.diff(np.r_[firsts, len(which)]))
        order = np.where(flip_pt, grp_start + grp_end - pos, pos)
        coords = coords[order]
        same = which[1:] == which[:-1]
        edge.append(idx[which[:-1][same]])
        a.append(coords[:-1][same])
        b.append(coords[1:][same])
        single = np.setdiff1d(np.arange(len(idx)), np.unique(which[:-1][same]))
        if len(single):  # a one-point geometry: the straight segment instead
            edge.append(idx[single])
            a.append(xy[u[idx[single]]])
            b.append(xy[v[idx[single]]])
    seg_edge = np.concatenate(edge).astype(np.int64)
    seg_a = np.concatenate(a).reshape(-1, 2)
    seg_b = np.concatenate(b).reshape(-1, 2)
    order = np.argsort(seg_edge, kind="stable")
    return seg_edge[order], seg_a[order], seg_b[order]
