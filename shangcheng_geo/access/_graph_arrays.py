"""A networkx graph (OSMnx conventions) read into the arrays the walking engine uses.

Private to :mod:`shangcheng_geo.access`: :func:`shangcheng_geo.network.prepare` is the door
that checks a graph once and assembles a :class:`~shangcheng_geo.access._walk.WalkNetwork`.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter, methodcaller
from typing import Any

import numpy as np

from .._errors import CRSError, InputError
from ._walk import WalkNetwork, segments

__all__ = [
    "adjacency",
    "assemble",
    "checked_graph_crs",
    "edge_arrays",
    "edges_of",
    "node_arrays",
    "one_way_each",
]


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
    if not any(map(len, adjacency(network).values())):  # number_of_edges() walks every edge
        raise InputError("the network has no edges.")
    return src


def node_arrays(network: Any, src: Any, target: Any) -> tuple[Any, Any, Any]:
    """Node ids, their coordinates in ``target`` and the transformer used (or None)."""
    from pyproj import Transformer

    attrs = _node_data(network).values()
    n = network.number_of_nodes()
    node_ids = np.fromiter(network, dtype=object, count=n)
    try:
        x = np.fromiter(map(itemgetter("x"), attrs), float, n)
        y = np.fromiter(map(itemgetter("y"), attrs), float, n)
    except KeyError:
        raise InputError("every node needs 'x' and 'y' attributes (OSMnx conventions).") from None
    except (TypeError, ValueError):
        raise InputError("node 'x' and 'y' must be numbers (OSMnx conventions).") from None
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise InputError("node coordinates must be finite numbers; some x/y are NaN or inf.")
    tf = None
    if target != src:
        tf = Transformer.from_crs(src, target, always_xy=True)
        x, y = tf.transform(x, y)
    return node_ids, np.column_stack([x, y]), tf


def adjacency(G: Any) -> Any:
    """The graph's adjacency as plain dicts: networkx's own ``_adj`` mapping (read, never
    written) where it has one -- its public views build an object per node and per
    neighbour and take four times as long."""
    adj = getattr(G, "_adj", None)
    return adj if isinstance(adj, Mapping) else G.adj


def _node_data(G: Any) -> Any:
    """The node attribute dicts, from networkx's own ``_node`` mapping where it has one."""
    node = getattr(G, "_node", None)
    return node if isinstance(node, Mapping) else G.nodes


def edges_of(G: Any) -> tuple[Any, Any, list[dict[str, Any]]]:
    """Every edge once: (u positions, v positions, data dicts), one pass over the adjacency.

    Positions are the nodes' order in ``G``; an undirected edge is taken from its end with
    the lower position (a self-loop once), a directed one as it is stored.
    """
    index = {n: i for i, n in enumerate(G)}
    directed = G.is_directed()
    multi = G.is_multigraph()
    us: list[int] = []
    vs: list[int] = []
    ds: list[dict[str, Any]] = []
    push_u, push_v, push_d = us.append, vs.append, ds.append
    for a, nbrs in adjacency(G).items():
        ia = index[a]
        for b, data in nbrs.items():
            ib = index[b]
            if ib < ia and not directed:
                continue  # an undirected edge is listed from both ends
            if multi:
                for d in data.values():
                    push_u(ia)
                    push_v(ib)
                    push_d(d)
            else:
                push_u(ia)
                push_v(ib)
                push_d(data)
    return np.array(us, np.int64), np.array(vs, np.int64), ds


def edge_arrays(network: Any, node_ids: Any) -> tuple[Any, Any, Any, Any]:
    """Edge end positions, lengths (checked) and geometries (or None)."""
    u, v, ds = edges_of(network)
    try:
        length = np.fromiter(map(_LENGTH, ds), float, len(ds))
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
    geoms = np.fromiter(map(_GEOMETRY, ds), object, len(ds))
    return u, v, length, geoms


_LENGTH = methodcaller("get", "length", np.nan)
_GEOMETRY = methodcaller("get", "geometry")


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


def one_way_each(u: Any, v: Any, length: Any, geoms: Any, n: int) -> tuple[Any, ...]:
    """Directed edges a->b and b->a of equal length (to a micrometre) are one street."""
    a, b = np.minimum(u, v), np.maximum(u, v)
    order = np.lexsort((np.round(length, 6), a * n + b))
    code, lr = (a * n + b)[order], np.round(length, 6)[order]
    dup = np.r_[False, (code[1:] == code[:-1]) & (lr[1:] == lr[:-1])]
    keep = np.sort(order[~dup])
    return u[keep], v[keep], length[keep], geoms[keep]
