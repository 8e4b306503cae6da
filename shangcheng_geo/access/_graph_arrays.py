"""A networkx graph (OSMnx conventions) read into the arrays the walking engine uses.

Private to :mod:`shangcheng_geo.access`: :func:`shangcheng_geo.network.prepare` is the door
that checks a graph once and assembles a :class:`~shangcheng_geo.access._walk.WalkNetwork`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._errors import CRSError, InputError
from ._walk import WalkNetwork, edges_of, segments

__all__ = ["assemble", "checked_graph_crs", "edge_arrays", "node_arrays"]


def checked_graph_crs(network: Any) -> Any:
    """The graph's CRS, after checking that it is a graph with edges and a CRS."""
    import networkx as nx
    from pyproj import CRS

    if not isinstance(network, nx.Graph):
        raise InputError(
            f"network must be a networkx graph (OSMnx conventions) or a WalkNetwork; received "
            f"{type(network).__name__}. Build one with shangcheng_geo.network.graph_from_osm("
            "path) or graph_from_lines(gdf), or use the embedded western streets "
            "(shangcheng_geo.datasets.streets())."
        )
    if "crs" not in network.graph:
        raise CRSError(
            "the graph has no graph['crs']; set G.graph['crs'] to the CRS of its x/y "
            "(OSMnx graphs carry one, usually EPSG:4326)."
        )
    try:
        src = CRS.from_user_input(network.graph["crs"])
    except Exception:  # pyproj's CRSError for None, '' or an unknown code
        raise CRSError(
            f"the graph's graph['crs'] is {network.graph['crs']!r}, which is not a CRS; set it "
            "to the CRS of its x/y, e.g. G.graph['crs'] = 'EPSG:4326' (OSMnx) or 'EPSG:4549'."
        ) from None
    if network.number_of_edges() == 0:
        raise InputError("the network has no edges.")
    return src


def node_arrays(network: Any, src: Any, target: Any) -> tuple[Any, Any, Any]:
    """Node ids, their coordinates in ``target`` and the transformer used (or None)."""
    from pyproj import Transformer

    nodes = network.nodes
    node_ids = np.fromiter(network, dtype=object, count=network.number_of_nodes())
    try:
        x = np.fromiter((nodes[n]["x"] for n in network), float, len(node_ids))
        y = np.fromiter((nodes[n]["y"] for n in network), float, len(node_ids))
    except KeyError:
        raise InputError("every node needs 'x' and 'y' attributes (OSMnx conventions).") from None
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise InputError("node coordinates must be finite numbers; some x/y are NaN or inf.")
    tf = None
    if target != src:
        tf = Transformer.from_crs(src, target, always_xy=True)
        x, y = tf.transform(x, y)
    return node_ids, np.column_stack([x, y]), tf


def edge_arrays(network: Any, node_ids: Any) -> tuple[Any, Any, Any, Any]:
    """Edge end positions, lengths (checked) and geometries (or None)."""
    us, vs, ds = edges_of(network)
    index = {n: i for i, n in enumerate(network)}
    u = np.fromiter((index[a] for a in us), np.int64, len(us))
    v = np.fromiter((index[b] for b in vs), np.int64, len(vs))
    try:
        length = np.fromiter((d.get("length", np.nan) for d in ds), float, len(ds))
    except (TypeError, ValueError):
        bad_value = next(
            d.get("length") for d in ds if not isinstance(d.get("length", 0.0), int | float)
        )
        raise InputError(
            f"edge 'length' must be a number of metres; received {bad_value!r}. Fix the "
            "graph's lengths (OSMnx: ox.distance.add_edge_lengths(G))."
        ) from None
    bad = ~np.isfinite(length) | (length < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{int(bad.sum())} edge(s) lack a finite, non-negative 'length' in metres, e.g. "
            f"({node_ids[u[i]]}, {node_ids[v[i]]})."
        )
    geoms = np.array([d.get("geometry") for d in ds], dtype=object)
    return u, v, length, geoms


def assemble(
    node_ids: Any, xy: Any, u: Any, v: Any, length: Any, geoms: Any, tf: Any, crs: Any
) -> WalkNetwork:
    """The WalkNetwork of node and edge arrays: each edge's straight segments (from its
    geometry, or u-v where it has none) and their offsets along the edge."""
    seg_edge, seg_a, seg_b = segments(xy, u, v, geoms, tf)
    seglen = np.hypot(*(seg_b - seg_a).T)
    start = np.r_[0, np.flatnonzero(np.diff(seg_edge)) + 1]
    cum = np.cumsum(seglen) - seglen
    seg_along = cum - np.repeat(cum[start], np.diff(np.r_[start, len(seg_edge)]))
    return WalkNetwork(
        node_ids=node_ids,
        xy=xy,
        u=u,
        v=v,
        length=length,
        seg_edge=seg_edge,
        seg_a=seg_a,
        seg_b=seg_b,
        seg_along=seg_along,
        crs=crs,
    )
