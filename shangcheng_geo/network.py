"""Walking networks: build them, measure walking distance on compiled code, draw catchments.

**No Hangzhou street network is bundled** (no open offline extract exists). Bring one:

* :func:`graph_from_osm` -- a local OpenStreetMap file (``.osm``, ``.osm.bz2``, ``.osm.gz``
  read here; ``.osm.pbf`` through pyosmium, the ``osm`` extra);
* :func:`graph_from_osmnx` -- a graph made by OSMnx when online (e.g.
  ``ox.graph_from_place(..., network_type="walk")``);
* :func:`graph_from_lines` -- a planning institute's road centre lines (GeoDataFrame).

Graphs follow OSMnx conventions: a networkx graph with node attributes ``x``/``y`` (in
``graph.graph["crs"]``), and edge attribute ``length`` in metres (plus an optional LineString
``geometry``). Walking is undirected: every edge can be walked both ways.

networkx is the graph *model*, not the engine: :func:`network_distances` converts the graph
once into arrays (:class:`WalkNetwork`) and runs Dijkstra in scipy's compiled
``scipy.sparse.csgraph``.

**Snapping rule.** A point (station, site) is snapped onto the *nearest edge*, not merely the
nearest node: if it projects at distance ``t`` along an edge of length ``L`` from node ``u``,
walking to ``u`` costs ``t`` and to ``v`` costs ``L - t``. The perpendicular access distance
from the point to the edge is not added; points more than ``max_snap_m`` from every edge are
named in a warning.

**Catchment rule.** A network catchment of radius R is the set of edge pieces reachable
within R (a partly reached edge is cut at exactly the remaining distance; the snapped point's
own edge is covered R either side of it), each buffered by ``edge_buffer_m`` (default 30 m:
the street and its frontage) and dissolved.

Examples
--------
>>> import networkx as nx
>>> from shangcheng_geo import network
>>> G = nx.MultiGraph(crs="EPSG:4549")
>>> G.add_node(1, x=0.0, y=0.0); G.add_node(2, x=100.0, y=0.0); G.add_node(3, x=100.0, y=50.0)
>>> _ = G.add_edge(1, 2, length=100.0); _ = G.add_edge(2, 3, length=50.0)
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> station = gpd.GeoDataFrame(geometry=[Point(30.0, 2.0)], crs="EPSG:4549")
>>> network.network_distances(G, station, cutoff_m=1000).to_dict()
{1: 30.0, 2: 70.0, 3: 120.0}
"""

from __future__ import annotations

import itertools
import os
import warnings
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ._errors import CRSError, DataQualityWarning, InputError, MissingDependencyError
from ._validate import positive_metres, require_geodataframe

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx
    import pandas as pd

__all__ = [
    "WalkNetwork",
    "graph_from_lines",
    "graph_from_osm",
    "graph_from_osmnx",
    "network_catchments",
    "network_distances",
    "point_distances",
    "prepare",
]

# OSM highway values a pedestrian cannot use (as in OSMnx's "walk" filter).
_NOT_WALKABLE = {
    "motorway",
    "motorway_link",
    "trunk",
    "trunk_link",
    "construction",
    "proposed",
    "planned",
    "abandoned",
    "raceway",
    "bus_guideway",
    "escape",
    "busway",
}
_MIN_WEIGHT = 1e-9  # csgraph needs positive weights; zero-length edges get this


@dataclass(frozen=True)
class WalkNetwork:
    """A walking graph as arrays, ready for compiled shortest paths.

    Attributes
    ----------
    node_ids : ndarray
        The graph's node ids, position ``i`` = internal index ``i``.
    xy : ndarray (n, 2)
        Node coordinates in ``crs``.
    u, v : ndarray of int
        Edge end indices (one row per undirected edge, parallel edges kept).
    length : ndarray of float
        Edge lengths in metres (the graph's ``length`` attribute).
    geometry : ndarray of shapely LineString
        Edge geometries in ``crs``, oriented from ``u`` to ``v``.
    crs : pyproj.CRS
        A projected CRS in metres.
    """

    node_ids: Any
    xy: Any
    u: Any
    v: Any
    length: Any
    geometry: Any
    crs: Any

    @property
    def n_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def n_edges(self) -> int:
        return len(self.u)

    @cached_property
    def _csr(self) -> tuple[Any, Any, Any]:
        """(indptr, indices, weights) of the symmetric graph with one extra, empty row for a
        super source. Parallel edges are reduced to the shortest (a sparse matrix would add
        them up); zero lengths are raised to 1e-9 m (csgraph needs positive weights)."""
        n = self.n_nodes
        w = np.maximum(self.length, _MIN_WEIGHT)
        rows = np.concatenate([self.u, self.v])
        cols = np.concatenate([self.v, self.u])
        wts = np.concatenate([w, w])
        order = np.lexsort((wts, cols, rows))
        rows, cols, wts = rows[order], cols[order], wts[order]
        first = np.ones(len(rows), dtype=bool)
        first[1:] = (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])
        rows, cols, wts = rows[first], cols[first], wts[first]
        indptr = np.zeros(n + 2, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1 : n + 1])
        indptr[n + 1] = indptr[n]
        return indptr, cols.astype(np.int64), wts

    @cached_property
    def _tree(self) -> Any:
        import shapely

        return shapely.STRtree(self.geometry)


# ----------------------------------------------------------------------------- builders


def _metric_crs(crs: Any) -> Any:
    from pyproj import CRS

    from ._options import options

    out = options.analysis_crs if crs is None else CRS.from_user_input(crs)
    if not out.is_projected:
        raise CRSError(f"a network CRS must be projected in metres; received {out.to_string()}.")
    return out


def graph_from_lines(
    lines: gpd.GeoDataFrame, *, crs: Any = None, precision_m: float = 0.01
) -> nx.MultiGraph:
    """Build a walking graph from road centre lines (nodes where line ends meet).

    Lines are expected to be split at junctions, as road centre-line data from planning
    institutes usually is: two lines that cross without sharing an end point do not connect
    (a bridge over a road stays a bridge). Line ends closer than ``precision_m`` merge.

    Parameters
    ----------
    lines : GeoDataFrame
        LineStrings or MultiLineStrings in any CRS.
    crs : CRS, optional
        Projected CRS of the graph; default ``options.analysis_crs``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import LineString
    >>> from shangcheng_geo import network
    >>> roads = gpd.GeoDataFrame(geometry=[LineString([(0, 0), (100, 0)]),
    ...                                    LineString([(100, 0), (100, 80)])], crs="EPSG:4549")
    >>> G = network.graph_from_lines(roads)
    >>> lengths = sorted(d["length"] for *_, d in G.edges(data=True))
    >>> G.number_of_nodes(), G.number_of_edges(), lengths
    (3, 2, [80.0, 100.0])
    """
    import networkx as nx
    import shapely

    from .crs import require_crs

    require_geodataframe(lines, "lines")
    require_crs(lines, "lines")
    target = _metric_crs(crs)
    gdf = lines.to_crs(target).explode(index_parts=False)
    gdf = gdf[~gdf.geometry.isna() & ~gdf.geometry.is_empty]
    bad = ~gdf.geom_type.isin(["LineString", "LinearRing"])
    if bad.any():
        raise InputError(
            f"lines must be LineStrings; received {sorted(set(gdf.geom_type[bad]))}. Convert "
            "polygons to their boundaries or centre lines first."
        )
    G = nx.MultiGraph(crs=target.to_string())
    key: dict[tuple[int, int], int] = {}

    def node_for(x: float, y: float) -> int:
        k = (round(x / precision_m), round(y / precision_m))
        if k not in key:
            key[k] = len(key)
            G.add_node(key[k], x=float(x), y=float(y))
        return key[k]

    for geom in gdf.geometry:
        coords = shapely.get_coordinates(geom)
        a = node_for(*coords[0])
        b = node_for(*coords[-1])
        G.add_edge(a, b, length=float(geom.length), geometry=geom)
    return G


def _walkable(tags: dict[str, str]) -> bool:
    hw = tags.get("highway")
    if hw is None or hw in _NOT_WALKABLE or tags.get("area") == "yes":
        return False
    if tags.get("foot") in ("no", "private"):
        return False
    if tags.get("access") in ("private", "no") and tags.get("foot") not in ("yes", "designated"):
        return False
    return not (hw == "service" and tags.get("service") == "private")


def _read_osm_xml(
    path: Path,
) -> tuple[dict[int, tuple[float, float]], list[tuple[int, list[int], dict[str, str]]]]:
    from ._osm import read_osm_xml

    data = read_osm_xml(path)
    return data.nodes, [(wid, refs, tags) for wid, (refs, tags) in data.ways.items()]


def _read_osm_pbf(
    path: Path,
) -> tuple[dict[int, tuple[float, float]], list[tuple[int, list[int], dict[str, str]]]]:
    try:
        import osmium
    except ImportError:
        raise MissingDependencyError(
            "reading .osm.pbf files needs pyosmium: pip install 'shangcheng_geo[osm]'. "
            "Or convert the file to .osm XML (osmium cat in.osm.pbf -o out.osm)."
        ) from None
    nodes: dict[int, tuple[float, float]] = {}
    ways: list[tuple[int, list[int], dict[str, str]]] = []
    for obj in osmium.FileProcessor(str(path)).with_locations():
        if isinstance(obj, osmium.osm.Node):
            nodes[obj.id] = (obj.location.lon, obj.location.lat)
        elif isinstance(obj, osmium.osm.Way):
            ways.append((obj.id, [n.ref for n in obj.nodes], dict(obj.tags)))
    return nodes, ways


def graph_from_osm(path: str | os.PathLike[str], *, crs: Any = None) -> nx.MultiGraph:
    """Build a walking graph from a local OpenStreetMap file.

    Ways tagged ``highway=*`` that pedestrians may use are kept (motorways, trunk roads,
    construction and private ways are not). Every way node becomes a graph node; edge
    ``length`` is the geodesic length in metres (WGS84 ellipsoid), edge ``geometry`` the
    segment in the graph's projected CRS.

    Parameters
    ----------
    path : path
        ``.osm``, ``.osm.bz2``, ``.osm.gz`` (read with the standard library) or ``.osm.pbf``
        (needs pyosmium, the ``osm`` extra).
    crs : CRS, optional
        Projected CRS for ``x``/``y``; default ``options.analysis_crs`` (EPSG:4549, right
        for Hangzhou). Use a local UTM zone for data elsewhere.
    """
    import networkx as nx
    import shapely
    from pyproj import Geod, Transformer

    p = Path(path)
    if not p.exists():
        raise InputError(f"OSM file not found: {str(p)!r}.")
    target = _metric_crs(crs)
    try:
        nodes, ways = _read_osm_pbf(p) if p.name.lower().endswith(".pbf") else _read_osm_xml(p)
    except MissingDependencyError:
        raise
    except Exception as exc:
        raise InputError(f"could not read {str(p)!r} as an OSM file: {exc}") from None
    walk = [(wid, refs, tags) for wid, refs, tags in ways if _walkable(tags)]
    if not walk:
        raise InputError(f"{str(p)!r} has no walkable highway ways.")
    used = sorted({r for _, refs, _ in walk for r in refs if r in nodes})
    lon = np.array([nodes[n][0] for n in used])
    lat = np.array([nodes[n][1] for n in used])
    x, y = Transformer.from_crs("EPSG:4326", target, always_xy=True).transform(lon, lat)
    pos = {n: i for i, n in enumerate(used)}
    G = nx.MultiGraph(crs=target.to_string())
    for n, i in pos.items():
        G.add_node(n, x=float(x[i]), y=float(y[i]), lon=float(lon[i]), lat=float(lat[i]))
    geod = Geod(ellps="WGS84")
    for wid, refs, tags in walk:
        refs = [r for r in refs if r in pos]
        for a, b in itertools.pairwise(refs):
            if a == b:
                continue
            ia, ib = pos[a], pos[b]
            length = float(geod.line_length([lon[ia], lon[ib]], [lat[ia], lat[ib]]))
            G.add_edge(
                a,
                b,
                osmid=wid,
                highway=tags.get("highway"),
                name=tags.get("name"),
                length=length,
                geometry=shapely.LineString([(x[ia], y[ia]), (x[ib], y[ib])]),
            )
    return G


def graph_from_osmnx(G: Any, *, crs: Any = None) -> nx.MultiGraph:
    """Take an OSMnx graph (any CRS) as an undirected walking graph in a projected CRS.

    Node ``x``/``y`` and edge geometries are reprojected; edge ``length`` (metres) is kept.
    """
    import networkx as nx
    import shapely
    from pyproj import CRS, Transformer

    if not isinstance(G, nx.Graph):
        raise InputError(f"expected a networkx graph from OSMnx; received {type(G).__name__}.")
    if "crs" not in G.graph:
        raise CRSError("the graph has no graph['crs']; OSMnx graphs carry one (usually EPSG:4326).")
    target = _metric_crs(crs)
    src = CRS.from_user_input(G.graph["crs"])
    tf = Transformer.from_crs(src, target, always_xy=True)
    H = nx.MultiGraph(crs=target.to_string())
    ids = list(G.nodes)
    xs = np.array([G.nodes[n]["x"] for n in ids], dtype=float)
    ys = np.array([G.nodes[n]["y"] for n in ids], dtype=float)
    px, py = tf.transform(xs, ys)
    for n, x, y in zip(ids, px, py, strict=True):
        H.add_node(n, **{**G.nodes[n], "x": float(x), "y": float(y)})
    for a, b, data in G.edges(data=True):
        if "length" not in data:
            raise InputError(f"edge ({a}, {b}) has no 'length' attribute in metres.")
        attrs = dict(data)
        if data.get("geometry") is not None:
            attrs["geometry"] = shapely.transform(
                data["geometry"], lambda c: np.column_stack(tf.transform(c[:, 0], c[:, 1]))
            )
        H.add_edge(a, b, **attrs)
    return H


# ----------------------------------------------------------------------------- arrays


def prepare(network: Any) -> WalkNetwork:
    """Convert a graph (OSMnx conventions) to a :class:`WalkNetwork` once, for repeated queries.

    Conversion walks the graph in Python (about 2 s for 500,000 edges); every query on the
    result then runs on compiled code. Pass the result instead of the graph when measuring
    several radii, dates or scenarios on one network.
    """
    import networkx as nx
    import shapely
    from pyproj import CRS

    if isinstance(network, WalkNetwork):
        return network
    if not isinstance(network, nx.Graph):
        raise InputError(
            f"network must be a networkx graph (OSMnx conventions) or a WalkNetwork; received "
            f"{type(network).__name__}. No Hangzhou network is bundled: build one with "
            "shangcheng_geo.network.graph_from_osm(path) or graph_from_lines(gdf)."
        )
    if "crs" not in network.graph:
        raise CRSError("the graph has no graph['crs']; set G.graph['crs'] to its projected CRS.")
    crs = CRS.from_user_input(network.graph["crs"])
    if not crs.is_projected:
        raise CRSError(
            f"the graph's CRS {crs.to_string()} is geographic; project it first: "
            "shangcheng_geo.network.graph_from_osmnx(G) or osmnx.project_graph(G)."
        )
    if network.number_of_edges() == 0:
        raise InputError("the network has no edges.")
    node_ids = np.array(list(network.nodes), dtype=object)
    index = {n: i for i, n in enumerate(node_ids)}
    try:
        xy = np.array(
            [(network.nodes[n]["x"], network.nodes[n]["y"]) for n in node_ids], dtype=float
        )
    except KeyError:
        raise InputError("every node needs 'x' and 'y' attributes (OSMnx conventions).") from None
    us, vs, lengths, given = [], [], [], []
    for a, b, data in network.edges(data=True):
        us.append(index[a])
        vs.append(index[b])
        lengths.append(data.get("length", np.nan))
        given.append(data.get("geometry"))
    u = np.array(us, dtype=np.int64)
    v = np.array(vs, dtype=np.int64)
    length = np.array(lengths, dtype=float)
    bad = ~np.isfinite(length) | (length < 0)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{int(bad.sum())} edge(s) lack a finite, non-negative 'length' in metres, e.g. "
            f"({node_ids[u[i]]}, {node_ids[v[i]]})."
        )
    geoms = np.empty(len(u), dtype=object)
    missing = np.array([g is None for g in given], dtype=bool)
    # straight segments where the graph has no geometry, made in one vectorised call
    segs = np.stack([xy[u[missing]], xy[v[missing]]], axis=1)
    geoms[missing] = shapely.linestrings(segs) if len(segs) else []
    for i in np.flatnonzero(~missing).tolist():
        geom = given[i]
        start = np.asarray(geom.coords[0])
        if np.hypot(*(start - xy[u[i]])) > np.hypot(*(start - xy[v[i]])):
            geom = shapely.reverse(geom)  # orient every edge from u to v
        geoms[i] = geom
    net = WalkNetwork(node_ids=node_ids, xy=xy, u=u, v=v, length=length, geometry=geoms, crs=crs)
    _ = net._csr, net._tree  # build the cached search structures once, here
    return net


@dataclass(frozen=True)
class _Snap:
    edge: Any  # edge index per point
    t: Any  # distance in metres (length units) from u along the edge
    offset_m: Any  # perpendicular distance to the edge


def _snap(net: WalkNetwork, points: gpd.GeoDataFrame, max_snap_m: float) -> _Snap:
    import shapely

    require_geodataframe(points, "points")
    from .crs import require_crs

    require_crs(points, "points")
    pts = points.to_crs(net.crs).geometry
    if not (pts.geom_type == "Point").all() or pts.is_empty.any():
        raise InputError("points must be non-empty Point geometries (stations, sites).")
    pidx, eidx = net._tree.query_nearest(pts.values, return_distance=False, all_matches=False)
    order = np.argsort(pidx)
    eidx = eidx[order]
    geoms = net.geometry[eidx]
    along = shapely.line_locate_point(geoms, pts.values)
    glen = shapely.length(geoms)
    frac = np.divide(along, glen, out=np.zeros_like(along), where=glen > 0)
    t = frac * net.length[eidx]
    offset = shapely.distance(geoms, pts.values)
    far = offset > max_snap_m
    if far.any():
        names = points["name_zh"] if "name_zh" in points.columns else points.index.to_series()
        detail = ", ".join(f"{n} ({d:.0f} m)" for n, d in zip(names[far], offset[far], strict=True))
        warnings.warn(
            f"{int(far.sum())} point(s) lie more than {max_snap_m:g} m from every network edge: "
            f"{detail}. The network may not cover them; their distances start at the nearest "
            "edge anyway.",
            DataQualityWarning,
            stacklevel=3,
        )
    return _Snap(edge=eidx, t=t, offset_m=offset)


def _distances(net: WalkNetwork, snap: _Snap, cutoff_m: float) -> Any:
    """Distances from the nearest point to every node (array of length n_nodes)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import dijkstra

    n = net.n_nodes
    indptr, indices, data = net._csr
    # the super source (row n) is joined to both ends of every snapped edge
    su = net.u[snap.edge]
    sv = net.v[snap.edge]
    lengths = net.length[snap.edge]
    src_cols = np.concatenate([su, sv])
    src_wts = np.maximum(np.concatenate([snap.t, lengths - snap.t]), _MIN_WEIGHT)
    indptr = indptr.copy()
    indptr[n + 1] = indptr[n] + len(src_cols)
    graph = csr_matrix(
        (np.concatenate([data, src_wts]), np.concatenate([indices, src_cols]), indptr),
        shape=(n + 1, n + 1),
    )
    src = n
    dist = dijkstra(graph, directed=True, indices=src, limit=cutoff_m, min_only=True)
    return dist[:n]


def network_distances(
    network: Any,
    points: gpd.GeoDataFrame,
    *,
    cutoff_m: float,
    max_snap_m: float = 250.0,
) -> pd.Series:
    """Walking distance in metres from every node to the nearest of ``points``.

    Parameters
    ----------
    network : networkx graph or WalkNetwork
        OSMnx conventions, projected CRS, edge ``length`` in metres.
    points : GeoDataFrame
        Points in any CRS, snapped onto their nearest edge (see the module notes).
    cutoff_m : float
        Distances beyond this are ``inf`` (and not computed: Dijkstra stops there).
    max_snap_m : float, default 250
        Points farther than this from every edge are named in a warning.

    Returns
    -------
    pandas.Series
        Indexed by the network's node ids, named ``distance_m``.
    """
    import pandas as pd

    cutoff = positive_metres(cutoff_m, "cutoff_m", allow_inf=True)
    net = prepare(network)
    if len(points) == 0:
        return pd.Series(np.inf, index=pd.Index(net.node_ids), name="distance_m")
    snap = _snap(net, points, max_snap_m)
    dist = _distances(net, snap, cutoff)
    return pd.Series(dist, index=pd.Index(net.node_ids), name="distance_m")


def _pieces(net: WalkNetwork, dist: Any, snap: _Snap, radius: float) -> list[Any]:
    """Reached edge pieces (LineStrings in the network CRS) within ``radius``."""
    from shapely.ops import substring

    du, dv, length = dist[net.u], dist[net.v], net.length
    a = np.clip(radius - du, 0.0, length)  # reached from u
    b = np.clip(radius - dv, 0.0, length)  # reached from v
    full = (a + b >= length) & ((a > 0) | (b > 0) | (length == 0))
    pieces: list[Any] = list(net.geometry[full])

    def cut(e: int, start: float, end: float) -> None:
        if end <= start:
            return
        geom = net.geometry[e]
        scale = geom.length / length[e] if length[e] > 0 else 0.0
        pieces.append(substring(geom, start * scale, end * scale))

    for e in np.flatnonzero(~full & ((a > 0) | (b > 0))).tolist():
        cut(e, 0.0, a[e])
        cut(e, length[e] - b[e], length[e])
    for e, t in zip(snap.edge, snap.t, strict=True):  # the points' own edges
        cut(int(e), max(0.0, t - radius), min(length[e], t + radius))
    return pieces


def network_catchments(
    network: Any,
    points: gpd.GeoDataFrame,
    *,
    radius_m: float | list[float] = 800,
    edge_buffer_m: float = 30.0,
    max_snap_m: float = 250.0,
) -> gpd.GeoDataFrame:
    """Walking catchments: reached street pieces within each radius, buffered and dissolved.

    Returns one row per radius (``radius_m``, ``n_points``, ``area_m2``, geometry), EPSG:4326.
    """
    import geopandas as gpd
    import shapely

    from .coverage import _radii

    radii = _radii(radius_m)
    buffer_m = positive_metres(edge_buffer_m, "edge_buffer_m")
    net = prepare(network)
    rows = []
    if len(points):
        snap = _snap(net, points, max_snap_m)
        dist = _distances(net, snap, max(radii))
    for r in radii:
        if len(points):
            pieces = _pieces(net, dist, snap, r)
            geom = shapely.union_all(shapely.buffer(np.array(pieces, dtype=object), buffer_m))
        else:
            geom = shapely.Polygon()
        rows.append(
            {"radius_m": r, "n_points": len(points), "area_m2": float(geom.area), "geometry": geom}
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=net.crs).to_crs("EPSG:4326")


def point_distances(
    network: Any,
    sources: gpd.GeoDataFrame,
    targets: gpd.GeoDataFrame,
    *,
    cutoff_m: float,
    max_snap_m: float = 250.0,
) -> Any:
    """Walking distance in metres from each target point to the nearest source point.

    Both sets are snapped onto their nearest edges (module notes); a target on the same edge
    as a source may reach it directly along the edge. Returns a float array aligned to
    ``targets`` (``inf`` beyond ``cutoff_m``).
    """
    cutoff = positive_metres(cutoff_m, "cutoff_m", allow_inf=True)
    net = prepare(network)
    if len(targets) == 0:
        return np.zeros(0)
    if len(sources) == 0:
        return np.full(len(targets), np.inf)
    src = _snap(net, sources, max_snap_m)
    dist = _distances(net, src, cutoff)
    tgt = _snap(net, targets, max_snap_m)
    e, t = tgt.edge, tgt.t
    length = net.length[e]
    best = np.minimum(dist[net.u[e]] + t, dist[net.v[e]] + (length - t))
    # a source on the same edge is reached along it
    same: dict[int, list[float]] = {}
    for edge, ts in zip(src.edge.tolist(), src.t.tolist(), strict=True):
        same.setdefault(edge, []).append(ts)
    for i, (edge, tt) in enumerate(zip(e.tolist(), t.tolist(), strict=True)):
        if edge in same:
            best[i] = min(best[i], min(abs(tt - ts) for ts in same[edge]))
    best[best > cutoff] = np.inf
    return best
