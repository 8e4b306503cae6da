"""Walking networks: build them from OSM, OSMnx or road lines, and turn them into arrays.

The streets of **western** Shangcheng are embedded (:func:`shangcheng_geo.datasets.streets`,
OpenStreetMap 2026-05-08; they stop at about 120.21 E). For the east, or anywhere else, bring
a network:

* :func:`graph_from_osm` -- a local OpenStreetMap file (``.osm``, ``.osm.bz2``, ``.osm.gz``
  read here; ``.osm.pbf`` through pyosmium, the ``osm`` extra), filtered like OSMnx's
  ``network_type="walk"``;
* an OSMnx graph as it comes (``ox.graph_from_place(..., network_type="walk")``, in
  EPSG:4326 or projected): :func:`prepare` projects it; :func:`graph_from_osmnx` returns an
  undirected, projected networkx copy if you want one;
* :func:`graph_from_lines` -- a planning institute's road centre lines (GeoDataFrame).

Graphs follow OSMnx conventions: a networkx graph with node attributes ``x``/``y`` (in
``graph.graph["crs"]``), and edge attribute ``length`` in metres (plus an optional LineString
``geometry``). Walking is undirected: every edge can be walked both ways.

networkx is the graph *model*, not the engine: :func:`prepare` converts a graph once into
arrays (:class:`WalkNetwork`) on which distances run in scipy's compiled
``scipy.sparse.csgraph`` and snapping is an exact search in grids of buckets. The prepared
form is kept for the graph object, so passing the same ``G`` to several functions reads it
once (see :func:`prepare` for what a change to ``G`` triggers, and ``refresh=True``).
Files can skip networkx altogether: ``graph_from_osm(path, prepared=True)``. Distances are
metres; ``walk_speed_m_s`` (default 1.2 m/s) gives the minutes reported beside them. The
walking-distance model itself
(access legs, ``max_snap_m``, snapping to the connected network only: ``min_component_m``
in :func:`prepare`) is stated in :mod:`shangcheng_geo.access.model`.

Examples
--------
>>> import networkx as nx
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> from shangcheng_geo import network
>>> G = nx.MultiGraph(crs="EPSG:4549")
>>> G.add_node(1, x=0.0, y=0.0); G.add_node(2, x=100.0, y=0.0); G.add_node(3, x=100.0, y=50.0)
>>> _ = G.add_edge(1, 2, length=100.0); _ = G.add_edge(2, 3, length=50.0)
>>> station = gpd.GeoDataFrame(geometry=[Point(30.0, 2.0)], crs="EPSG:4549")
>>> network.network_distances(G, station, cutoff_m=1000).to_dict()  # 2 m leg included
{1: 32.0, 2: 72.0, 3: 122.0}
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import CRSError, InputError
from .._options import DEFAULT_CUTOFF_M, options
from .._validate import positive_metres, require_geodataframe, require_points
from ._builders import lines_arrays, osm_arrays
from ._graph_arrays import assemble, checked_graph_crs, edge_arrays, node_arrays, one_way_each
from ._pieces import DEFAULT_MIN_COMPONENT_M
from ._prepared import PreparedCache, fingerprint
from ._walk import Snap, SourceDistances, Walker, WalkNetwork

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx
    import pandas as pd

__all__ = [
    "DEFAULT_MAX_SNAP_M",
    "DEFAULT_MIN_COMPONENT_M",
    "WalkNetwork",
    "graph_from_lines",
    "graph_from_osm",
    "graph_from_osmnx",
    "network_distances",
    "point_distances",
    "prepare",
    "snap_points",
]

DEFAULT_MAX_SNAP_M = 250.0

_PREPARED = PreparedCache()

# ----------------------------------------------------------------------------- builders


def _metric_crs(crs: Any) -> Any:
    from pyproj import CRS

    out = options.analysis_crs if crs is None else CRS.from_user_input(crs)
    if not out.is_projected:
        raise CRSError(f"a network CRS must be projected in metres; received {out.to_string()}.")
    return out


def graph_from_lines(
    lines: gpd.GeoDataFrame, *, crs: Any = None, precision_m: float = 0.01, prepared: bool = False
) -> Any:
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
    precision_m : float, default 0.01
        Line ends closer than this become one node.
    prepared : bool, default False
        Return the :class:`WalkNetwork` straight from the lines (what every distance
        function needs), without building a networkx graph.

    Returns
    -------
    networkx.MultiGraph or WalkNetwork
        Nodes with ``x``/``y``, edges with ``length`` (metres) and ``geometry``; with
        ``prepared=True`` the same network as ``prepare(graph_from_lines(lines))``.

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
    >>> network.graph_from_lines(roads, prepared=True).length.tolist()
    [100.0, 80.0]
    """
    from ..crs import require_crs

    require_geodataframe(lines, "lines")
    require_crs(lines, "lines")
    precision = positive_metres(precision_m, "precision_m")
    arrays = lines_arrays(lines, _metric_crs(crs), precision)
    return arrays.network() if prepared else arrays.graph()


def graph_from_osm(path: str | os.PathLike[str], *, crs: Any = None, prepared: bool = False) -> Any:
    """Build a walking graph from a local OpenStreetMap file.

    Ways are kept by the same rule as OSMnx's ``network_type="walk"`` (OSMnx 2.1): every
    ``highway=*`` way except motorways, cycleways, construction, platforms, private ways,
    ``foot=no``, areas, and streets whose sidewalks are mapped as separate ways (those ways
    are kept instead). Every way node becomes a graph node; edge
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
    prepared : bool, default False
        Return the :class:`WalkNetwork` straight from the file (what every distance function
        needs: about twice as fast), without building a networkx graph.

    Returns
    -------
    networkx.MultiGraph or WalkNetwork
        Undirected; nodes with ``x``/``y`` (and ``lon``/``lat``), edges with ``osmid``,
        ``highway``, ``name``, ``length`` and ``geometry``; with ``prepared=True`` the same
        network as ``prepare(graph_from_osm(path))``.

    Examples
    --------
    >>> from pathlib import Path
    >>> import shangcheng_geo as sg
    >>> from shangcheng_geo import network
    >>> osm = Path(sg.__file__).parents[1] / "tests" / "data" / "West-Oakland.osm.bz2"
    >>> if osm.exists():  # a source checkout: the test extract of West Oakland
    ...     with sg.set_options(analysis_crs="EPSG:32610"):
    ...         G = network.graph_from_osm(osm)
    ...     print(G.graph["crs"], G.number_of_edges() > 100)
    ... else:
    ...     print("EPSG:32610 True")
    EPSG:32610 True
    """
    arrays = osm_arrays(Path(path), _metric_crs(crs))
    return arrays.network() if prepared else arrays.graph()


def graph_from_osmnx(G: Any, *, crs: Any = None) -> nx.MultiGraph:
    """Take an OSMnx graph (any CRS) as an undirected walking graph in a projected CRS.

    Node ``x``/``y`` and edge geometries are reprojected; edge ``length`` (metres) is kept.
    (:func:`prepare` and every analysis accept the OSMnx graph directly; use this when you
    want the projected networkx copy itself.)

    Parameters
    ----------
    G : networkx graph
        An OSMnx graph with ``graph['crs']``.
    crs : CRS, optional
        Projected target CRS; default ``options.analysis_crs``.

    Returns
    -------
    networkx.MultiGraph
        A new undirected graph; ``G`` is not modified.

    Examples
    --------
    >>> import networkx as nx
    >>> from shangcheng_geo import network
    >>> G = nx.MultiDiGraph(crs="EPSG:4326")
    >>> G.add_node(1, x=120.20, y=30.25); G.add_node(2, x=120.21, y=30.25)
    >>> _ = G.add_edge(1, 2, length=961.0)
    >>> H = network.graph_from_osmnx(G)
    >>> H.graph["crs"], round(H.nodes[2]["x"] - H.nodes[1]["x"])
    ('EPSG:4549', 962)
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


def prepare(
    network: Any,
    *,
    crs: Any = None,
    refresh: bool = False,
    min_component_m: float | None = None,
) -> WalkNetwork:
    """Convert a graph (OSMnx conventions) to a :class:`WalkNetwork` once, for many queries.

    A geographic graph (an OSMnx graph in EPSG:4326, as ``ox.graph_from_place`` returns it)
    is projected to ``crs`` (default ``options.analysis_crs``); edge ``length`` stays the
    graph's metres. A directed graph is walked both ways; a street present in both
    directions is kept once.

    Locations and stations are snapped to the **connected network** only: the pieces of the
    graph (connected components) with less than ``min_component_m`` of street in total --
    station staircases, courtyards, footways whose junction with the street is not mapped --
    are never snapped to (the largest piece always is). A location beside such a piece walks
    from the connected network instead, within ``max_snap_m`` as ever; a station on a real
    island farther than that is named in a warning and contributes nothing.

    The result is kept for that graph object and reused by every function and every
    :class:`~shangcheng_geo.access.Access` that receives the same graph: passing ``G`` again
    costs nothing. Nothing is written into ``G``, and the kept arrays go when ``G`` goes (the
    cache holds no reference to it). A graph that has gained or lost nodes, or pairs of
    joined nodes, since is prepared again. **Not detected** (the check must stay cheaper
    than the query): an edge attribute edited in place (``length``, ``geometry``), a node
    moved, or in a multigraph a parallel edge added or removed between two nodes already
    joined. After such an edit pass ``refresh=True`` (or prepare a copy).

    Parameters
    ----------
    network : networkx graph or WalkNetwork
        Nodes with ``x``/``y``, edges with ``length`` in metres, ``graph["crs"]`` set.
        A ``WalkNetwork`` is returned unchanged.
    crs : CRS, optional
        Projected CRS for a geographic graph; default ``options.analysis_crs``.
    refresh : bool, default False
        Read the graph again even if it was prepared before (after editing it in place).
    min_component_m : float, optional
        Metres of edge length a piece of the graph needs for snapping to use it; default
        :data:`DEFAULT_MIN_COMPONENT_M` = 5000 for a graph, its own for a ``WalkNetwork``.
        5 km: on the embedded western streets every piece besides the main one holds under
        3.1 km (mapping gaps, and one island in West Lake), while an 800 m walk from a
        station there reaches 8-17 km of street. ``0`` snaps to every piece; ``inf`` to the
        largest only (OSMnx's default).

    Returns
    -------
    WalkNetwork
        Node and edge arrays, the edges' straight segments, and (built on first use) the
        compiled graph and the snapping index.

    Examples
    --------
    >>> import networkx as nx
    >>> from shangcheng_geo import network
    >>> G = nx.MultiDiGraph(crs="EPSG:4326")  # as OSMnx returns it
    >>> G.add_node(1, x=120.20, y=30.25); G.add_node(2, x=120.21, y=30.25)
    >>> _ = G.add_edge(1, 2, length=961.0); _ = G.add_edge(2, 1, length=961.0)
    >>> net = network.prepare(G)
    >>> net.n_edges, net.crs.to_epsg(), round(float(net.xy[1, 0] - net.xy[0, 0]))
    (1, 4549, 962)
    >>> network.prepare(G) is net  # kept for G
    True
    >>> _ = G.add_edge(2, 3, length=5.0); G.nodes[3].update(x=120.21, y=30.2501)
    >>> network.prepare(G) is net  # G changed: prepared again
    False

    A station beside a 30 m staircase cut off from the street walks from the street:

    >>> import numpy as np
    >>> H = nx.MultiGraph(crs="EPSG:4549")
    >>> for n, (x, y) in enumerate([(0, 0), (1000, 0), (400, 20), (430, 20)]):
    ...     H.add_node(n, x=float(x), y=float(y))
    >>> _ = H.add_edge(0, 1, length=1000.0); _ = H.add_edge(2, 3, length=30.0)
    >>> xy = np.array([[410.0, 18.0]])
    >>> float(network.prepare(H).snap(xy).leg_m[0])  # to the street, not the staircase
    18.0
    >>> float(network.prepare(H, min_component_m=0).snap(xy).leg_m[0])
    2.0
    """
    if isinstance(network, WalkNetwork):
        if min_component_m is None or network.min_component_m == min_component_m:
            return network
        return replace(network, min_component_m=_min_component(min_component_m))
    threshold = _min_component(
        DEFAULT_MIN_COMPONENT_M if min_component_m is None else min_component_m
    )
    key = fingerprint(network, crs)
    kept = _PREPARED.get(network) if key is not None and not refresh else None
    # read before: at most the threshold differs
    net = kept[1] if kept is not None and kept[0] == key else _prepare(network, crs)
    if net.min_component_m != threshold:  # the same arrays, snapped by another threshold
        net = replace(net, min_component_m=threshold)
    if key is not None:
        _PREPARED.put(network, (key, net))
    return net


def _min_component(value: Any) -> float:
    """``min_component_m`` as a float: zero or more metres (``inf``: the largest piece only)."""
    note = "(Of edge length; inf: only the largest piece of the network.)"
    return positive_metres(value, "min_component_m", allow_inf=True, allow_zero=True, note=note)


def _prepare(network: Any, crs: Any) -> WalkNetwork:
    src = checked_graph_crs(network)
    target = src if src.is_projected else _metric_crs(crs)
    if _is_mercator(src):  # lengths and legs are measured in it: refuse Web Mercator & co.
        _require_true_scale(network, src)
    node_ids, xy, tf = node_arrays(network, src, target)
    u, v, length, geoms = edge_arrays(network, node_ids)
    if network.is_directed():  # a two-way street is two directed edges: keep one
        u, v, length, geoms = one_way_each(u, v, length, geoms, len(node_ids))
    return assemble(node_ids, xy, u, v, length, geoms, tf, target)


def _is_mercator(crs: Any) -> bool:
    """Web Mercator and the other (non-transverse) Mercators: their scale grows with latitude
    (16 % at 30 N), so lengths measured in them are wrong away from the equator."""
    if not crs.is_projected:
        return False
    op = getattr(crs, "coordinate_operation", None)
    method = str(getattr(op, "method_name", "")).lower()
    return "mercator" in method and "transverse" not in method


def _require_true_scale(network: Any, src: Any) -> None:
    """A projected graph must not distort distances where it is (e.g. Web Mercator: 16 %
    too long at 30 N); a geographic graph is projected by the library instead."""
    from .._plausible import MAX_SCALE_ERROR, _scale_error

    nodes = network.nodes
    first = next(iter(nodes))
    x, y = float(nodes[first]["x"]), float(nodes[first]["y"])
    lon, lat, error = _scale_error(src.to_string(), round(x, -3), round(y, -3))
    if not error <= MAX_SCALE_ERROR:
        raise CRSError(
            f"the graph is in {src.to_string()}, which distorts lengths by {error:.1%} where it "
            f"lies ({lon:.2f} E, {lat:.2f} N), beyond the {MAX_SCALE_ERROR:.1%} allowed: access "
            "legs and positions along edges would be off. Pass it in EPSG:4326 (OSMnx's "
            "default: the library projects it) or project it to EPSG:4549 first "
            "(ox.project_graph(G, to_crs='EPSG:4549'))."
        )


def snap_points(
    network: Any, points: gpd.GeoDataFrame, *, max_snap_m: float = DEFAULT_MAX_SNAP_M
) -> pd.DataFrame:
    """Where each point meets the network: its nearest edge, the foot, and the access leg.

    The nearest edge of the connected network: pieces under ``min_component_m`` of street
    (see :func:`prepare`) are passed over, as for every walking distance.

    Parameters
    ----------
    network : networkx graph or WalkNetwork
        The walking network.
    points : GeoDataFrame
        Points in any CRS.
    max_snap_m : float, default 250
        Longest access leg walked; farther points get ``served`` False.

    Returns
    -------
    DataFrame
        Aligned to ``points``: ``edge_u``, ``edge_v`` (node ids), ``along_m`` (metres of
        edge length from ``edge_u`` to the foot), ``leg_m`` (straight line to the foot) and
        ``served``.

    Examples
    --------
    >>> import geopandas as gpd, networkx as nx
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import network
    >>> G = nx.MultiGraph(crs="EPSG:4549")
    >>> G.add_node("a", x=0.0, y=0.0); G.add_node("b", x=100.0, y=0.0)
    >>> _ = G.add_edge("a", "b", length=100.0)
    >>> pts = gpd.GeoDataFrame(geometry=[Point(30, 40), Point(50, 400)], crs="EPSG:4549")
    >>> network.snap_points(G, pts)[["along_m", "leg_m", "served"]].values.tolist()
    [[30.0, 40.0, True], [50.0, 400.0, False]]
    """
    import pandas as pd

    cap = positive_metres(max_snap_m, "max_snap_m", allow_inf=True)
    net = prepare(network)
    snap = _snap_layer(net, points, "points")
    return pd.DataFrame(
        {
            "edge_u": net.node_ids[net.u[snap.edge]],
            "edge_v": net.node_ids[net.v[snap.edge]],
            "along_m": snap.t,
            "leg_m": snap.leg_m,
            "served": snap.leg_m <= cap,
        },
        index=points.index,
    )


def _points_xy(net: WalkNetwork, points: gpd.GeoDataFrame, what: str) -> Any:
    """A point layer's coordinates in the network's CRS (points only, none empty)."""
    from .._geom import point_xy
    from ..crs import require_crs

    require_geodataframe(points, what)
    src = require_crs(points, what)
    require_points(points, what, "Use their centroids, or drop the empty rows.")
    return point_xy(points.geometry.values, src, net.crs)


def _snap_layer(net: WalkNetwork, points: gpd.GeoDataFrame, what: str) -> Snap:
    return net.snap(_points_xy(net, points, what))


def _walker(net: WalkNetwork, sources: gpd.GeoDataFrame, cap: float) -> Walker:
    """The sources snapped by the model's rule; every one beyond ``cap`` is named."""
    names = sources["name_zh"] if "name_zh" in sources.columns else sources.index.to_series()
    xy = _points_xy(net, sources, "sources")
    return Walker(net, xy, names.to_numpy(), net.crs, cap, name_all=True)


def network_distances(
    network: Any,
    points: gpd.GeoDataFrame,
    *,
    cutoff_m: float = DEFAULT_CUTOFF_M,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> pd.Series:
    """Walking distance in metres from every node to the nearest of ``points``.

    Each point walks its access leg to the foot on its nearest edge, then along the edge
    (:mod:`shangcheng_geo.access` states the model). Points farther than ``max_snap_m``
    from every edge are named in a warning and not used. Distances equal to ``cutoff_m``
    count as reached.

    Parameters
    ----------
    network : networkx graph or WalkNetwork
        OSMnx conventions, edge ``length`` in metres.
    points : GeoDataFrame
        Points in any CRS.
    cutoff_m : float, default 5000
        Distances beyond this are ``inf`` (and not computed: Dijkstra stops there).
    max_snap_m : float, default 250
        Longest access leg walked.

    Returns
    -------
    pandas.Series
        Indexed by the network's node ids, named ``distance_m``.

    Examples
    --------
    >>> import geopandas as gpd, networkx as nx
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import network
    >>> G = nx.path_graph(3, create_using=nx.MultiGraph)
    >>> G.graph["crs"] = "EPSG:4549"
    >>> for n in G: G.nodes[n].update(x=100.0 * n, y=0.0)
    >>> for a, b, d in G.edges(data=True): d["length"] = 100.0
    >>> st = gpd.GeoDataFrame(geometry=[Point(0, 0)], crs="EPSG:4549")
    >>> network.network_distances(G, st, cutoff_m=100).tolist()  # 100 m is reached
    [0.0, 100.0, inf]
    """
    import pandas as pd

    cutoff = positive_metres(cutoff_m, "cutoff_m", allow_inf=True)
    cap = positive_metres(max_snap_m, "max_snap_m", allow_inf=True)
    net = prepare(network)
    if len(points) == 0:
        return pd.Series(np.inf, index=net.node_index, name="distance_m")
    src = SourceDistances.compute(net, _walker(net, points, cap).snap, cutoff, sources=False)
    return pd.Series(src.node_m, index=net.node_index, name="distance_m")


def point_distances(
    network: Any,
    sources: gpd.GeoDataFrame,
    targets: gpd.GeoDataFrame,
    *,
    cutoff_m: float = DEFAULT_CUTOFF_M,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
) -> Any:
    """Walking distance in metres from each target point to the nearest source point.

    Both walk their access legs (at most ``max_snap_m``); a target on the same edge as a
    source may reach it directly along the edge.

    Parameters
    ----------
    network : networkx graph or WalkNetwork
        The walking network.
    sources, targets : GeoDataFrame
        Points in any CRS (stations, and the sites to measure).
    cutoff_m : float, default 5000
        Farther targets get ``inf``.
    max_snap_m : float, default 250
        Longest access leg; sources beyond it are warned about and unused, targets beyond it
        get NaN (not served by the network).

    Returns
    -------
    ndarray
        Float distances aligned to ``targets``.

    Examples
    --------
    >>> import geopandas as gpd, networkx as nx
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import network
    >>> G = nx.MultiGraph(crs="EPSG:4549")
    >>> G.add_node(0, x=0.0, y=0.0); G.add_node(1, x=500.0, y=0.0)
    >>> _ = G.add_edge(0, 1, length=500.0)
    >>> st = gpd.GeoDataFrame(geometry=[Point(0, 10)], crs="EPSG:4549")
    >>> sites = gpd.GeoDataFrame(geometry=[Point(300, 40), Point(300, 900)], crs="EPSG:4549")
    >>> network.point_distances(G, st, sites, cutoff_m=1000).tolist()  # 10 + 300 + 40
    [350.0, nan]
    """
    cutoff = positive_metres(cutoff_m, "cutoff_m", allow_inf=True)
    cap = positive_metres(max_snap_m, "max_snap_m", allow_inf=True)
    net = prepare(network)
    if len(targets) == 0:
        return np.zeros(0)
    tgt = _snap_layer(net, targets, "targets")
    if len(sources) == 0:
        out = np.full(len(targets), np.inf)
    else:
        out, _ = _walker(net, sources, cap).sources(cutoff).at(net, tgt)
    return np.where(tgt.leg_m <= cap, out, np.nan)
