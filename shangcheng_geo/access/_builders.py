"""Walking networks straight from files and road lines, as arrays first.

Private to :mod:`shangcheng_geo.access`: :func:`shangcheng_geo.network.graph_from_osm` and
:func:`~shangcheng_geo.network.graph_from_lines` read their input here into
:class:`Arrays` (vectorised: node ids mapped once, lengths computed as arrays), then either
assemble a :class:`~shangcheng_geo.access._walk.WalkNetwork` directly (``prepared=True``:
no networkx graph is built) or build the networkx graph from the same arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .._errors import InputError, MissingDependencyError
from .._osm import read_walk_pbf, read_walk_xml, walkable
from ._graph_arrays import assemble
from ._walk import WalkNetwork

__all__ = ["Arrays", "lines_arrays", "osm_arrays"]


@dataclass
class Arrays:
    """Nodes and undirected edges of a walking network, in a projected CRS.

    ``geoms`` holds each edge's geometry (oriented from ``u`` to ``v``) or None for a
    straight u-v segment; ``node_attrs`` and ``edge_attrs`` are extra columns carried to a
    networkx graph (one value per node / edge).
    """

    node_ids: Any
    xy: Any
    u: Any
    v: Any
    length: Any
    geoms: Any
    crs: Any
    node_attrs: dict[str, Any] = field(default_factory=dict)
    edge_attrs: dict[str, Any] = field(default_factory=dict)

    def network(self) -> WalkNetwork:
        """The WalkNetwork of these arrays (no networkx graph)."""
        return assemble(
            self.node_ids, self.xy, self.u, self.v, self.length, self.geoms, None, self.crs
        )

    def graph(self) -> Any:
        """The networkx MultiGraph of these arrays (OSMnx conventions)."""
        import networkx as nx
        import shapely

        G = nx.MultiGraph(crs=self.crs.to_string())
        cols = {"x": self.xy[:, 0], "y": self.xy[:, 1], **self.node_attrs}
        names = list(cols)
        values = [np.asarray(c).tolist() for c in cols.values()]
        G.add_nodes_from(
            (n, dict(zip(names, row, strict=True)))
            for n, row in zip(self.node_ids.tolist(), zip(*values, strict=True), strict=True)
        )
        geoms = self.geoms
        straight = np.array([g is None for g in geoms], bool)
        if straight.any():
            geoms = geoms.copy()
            ends = np.stack([self.xy[self.u[straight]], self.xy[self.v[straight]]], axis=1)
            geoms[straight] = shapely.linestrings(ends)
        ecols = {**self.edge_attrs, "length": self.length, "geometry": geoms}
        enames = list(ecols)
        evalues = [c.tolist() if isinstance(c, np.ndarray) else list(c) for c in ecols.values()]
        ids = self.node_ids
        G.add_edges_from(
            (ids[a], ids[b], dict(zip(enames, row, strict=True)))
            for a, b, row in zip(
                self.u.tolist(), self.v.tolist(), zip(*evalues, strict=True), strict=True
            )
        )
        return G


def osm_arrays(path: Path, target: Any) -> Arrays:
    """The walkable ways of a local OSM file (OSMnx's walk filter) as arrays: every way node
    a node, every pair of consecutive way nodes an edge with its geodesic length."""
    from pyproj import Geod, Transformer

    if not path.exists():
        raise InputError(f"OSM file not found: {str(path)!r}.")
    try:
        reader = read_walk_pbf if path.name.lower().endswith(".pbf") else read_walk_xml
        nodes, ways = reader(path)
    except MissingDependencyError:
        raise
    except Exception as exc:
        raise InputError(f"could not read {str(path)!r} as an OSM file: {exc}") from None
    walk = [(wid, [r for r in refs if r in nodes], tags) for wid, refs, tags in ways]
    walk = [w for w in walk if walkable(w[2]) and len(w[1]) > 1]
    if not walk:
        raise InputError(f"{str(path)!r} has no walkable highway ways.")
    sizes = np.array([len(refs) for _, refs, _ in walk])
    refs = np.fromiter((r for _, rs, _ in walk for r in rs), np.int64, int(sizes.sum()))
    way = np.repeat(np.arange(len(walk)), sizes)
    a, b = refs[:-1], refs[1:]
    keep = (way[:-1] == way[1:]) & (a != b)
    a, b, w = a[keep], b[keep], way[:-1][keep]
    used = np.unique(np.concatenate([a, b]))
    lonlat = np.array([nodes[int(n)] for n in used], float).reshape(-1, 2)
    x, y = Transformer.from_crs("EPSG:4326", target, always_xy=True).transform(*lonlat.T)
    u, v = np.searchsorted(used, a), np.searchsorted(used, b)
    _, _, length = Geod(ellps="WGS84").inv(lonlat[u, 0], lonlat[u, 1], lonlat[v, 0], lonlat[v, 1])
    tags = [walk[i][2] for i in range(len(walk))]
    return Arrays(
        node_ids=used.astype(object),
        xy=np.column_stack([x, y]),
        u=u.astype(np.int64),
        v=v.astype(np.int64),
        length=np.asarray(length, float),
        geoms=np.full(len(u), None, object),
        crs=target,
        node_attrs={"lon": lonlat[:, 0], "lat": lonlat[:, 1]},
        edge_attrs={
            "osmid": np.array([walk[i][0] for i in range(len(walk))], np.int64)[w],
            "highway": np.array([t.get("highway") for t in tags], object)[w],
            "name": np.array([t.get("name") for t in tags], object)[w],
        },
    )


def lines_arrays(lines: Any, target: Any, precision_m: float) -> Arrays:
    """Road centre lines (a GeoDataFrame, already checked) as arrays: line ends closer than
    ``precision_m`` are one node, every line an edge of its geometry's length."""
    import shapely

    gdf = lines.to_crs(target).explode(index_parts=False)
    gdf = gdf[~gdf.geometry.isna() & ~gdf.geometry.is_empty]
    bad = ~gdf.geom_type.isin(["LineString", "LinearRing"])
    if bad.any():
        raise InputError(
            f"lines must be LineStrings; received {sorted(set(gdf.geom_type[bad]))}. Convert "
            "polygons to their boundaries or centre lines first."
        )
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    coords, which = shapely.get_coordinates(geoms, return_index=True)
    finite = np.isfinite(coords).all(axis=1)
    if not finite.all():
        rows = np.unique(which[~finite])
        raise InputError(
            f"{len(rows)} line(s) have NaN or infinite vertices (index "
            f"{list(gdf.index[rows])[:8]}); drop or repair them before building the graph."
        )
    if not len(geoms):
        raise InputError("lines has no line geometries to build a network from.")
    first = np.r_[0, np.flatnonzero(np.diff(which)) + 1]
    last = np.r_[first[1:], len(which)] - 1
    ends = np.concatenate([coords[first], coords[last]])
    key = np.round(ends / precision_m).astype(np.int64)
    # nodes in order of first appearance (start of line 0, end of line 0, start of line 1, ...)
    order = np.column_stack([np.arange(len(geoms)), len(geoms) + np.arange(len(geoms))]).ravel()
    uniq, first_at, inverse = np.unique(key[order], axis=0, return_index=True, return_inverse=True)
    rank = np.empty(len(uniq), np.int64)
    rank[np.argsort(first_at, kind="stable")] = np.arange(len(uniq))
    node_of = np.empty(len(ends), np.int64)
    node_of[order] = rank[inverse.ravel()]
    xy = np.empty((len(uniq), 2))
    xy[rank] = ends[order][first_at]  # a node sits where its first line end is
    return Arrays(
        node_ids=np.arange(len(uniq)).astype(object),
        xy=xy,
        u=node_of[: len(geoms)],
        v=node_of[len(geoms) :],
        length=shapely.length(geoms).astype(float),
        geoms=geoms,
        crs=target,
    )
