"""The walking engine at the limit: prepared networks kept per graph, exact grid snapping,
the reused source buffer, networks built straight from files, and minutes beside metres."""

from __future__ import annotations

import gc
import threading
import warnings
import weakref
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

import shangcheng_geo as sg
from shangcheng_geo import access, coverage, lifecircle, network

DATA = Path(__file__).resolve().parents[1] / "data"
CRS = "EPSG:4549"


def grid(n=8, spacing=100.0, seed=0):
    rng = np.random.default_rng(seed)
    G = nx.MultiGraph(crs=CRS)
    for i in range(n):
        for j in range(n):
            G.add_node(i * n + j, x=i * spacing, y=j * spacing)
    for i in range(n):
        for j in range(n):
            if i + 1 < n:
                G.add_edge(i * n + j, (i + 1) * n + j, length=spacing * rng.uniform(1, 1.5))
            if j + 1 < n:
                G.add_edge(i * n + j, i * n + j + 1, length=spacing * rng.uniform(1, 1.5))
    return G


def at_nodes(G, nodes):
    return gpd.GeoDataFrame(
        geometry=[Point(G.nodes[n]["x"], G.nodes[n]["y"]) for n in nodes], crs=G.graph["crs"]
    )


def reference(G, sources, cutoff):
    """networkx's multi-source Dijkstra as a node -> metres array in G's node order."""
    ref = nx.multi_source_dijkstra_path_length(G, sources, cutoff=cutoff, weight="length")
    return np.array([ref.get(n, np.inf) for n in G.nodes])


# ----------------------------------------------------------------------------- the cache


def test_a_graph_is_prepared_once_and_shared_by_every_function(monkeypatch):
    G = grid()
    calls = []
    real = network._prepare
    monkeypatch.setattr(network, "_prepare", lambda g, crs: calls.append(1) or real(g, crs))
    st_ = at_nodes(G, [0, 27])
    first = network.network_distances(G, st_, cutoff_m=500)
    second = network.network_distances(G, st_, cutoff_m=500)
    network.point_distances(G, st_, at_nodes(G, [5]), cutoff_m=500)
    with sg.set_options(analysis_crs=CRS):
        access.Access(st_, method="network", network=G).distances(at_nodes(G, [9]))
    assert len(calls) == 1  # four uses, one reading of the graph
    assert network.prepare(G) is network.prepare(G)
    assert np.array_equal(first.to_numpy(), second.to_numpy())
    assert np.allclose(first.to_numpy(), reference(G, [0, 27], 500), rtol=0, atol=1e-9)


@pytest.mark.parametrize("edit", ["add_edge", "remove_edge", "add_node", "remove_node"])
def test_a_graph_changed_since_is_prepared_again(edit):
    G = grid()
    before = network.prepare(G)
    if edit == "add_edge":  # a shortcut across the grid
        G.add_edge(0, 63, length=50.0)
    elif edit == "remove_edge":
        G.remove_edge(0, 1)
    elif edit == "add_node":
        G.add_node(999, x=-50.0, y=-50.0)
        G.add_edge(999, 0, length=70.0)
    else:
        G.remove_node(9)
    after = network.prepare(G)
    assert after is not before
    got = network.network_distances(G, at_nodes(G, [0]), cutoff_m=2_000)
    assert np.allclose(got.to_numpy(), reference(G, [0], 2_000), rtol=0, atol=1e-9)


def test_an_in_place_edit_needs_refresh_as_documented():
    G = grid()
    network.network_distances(G, at_nodes(G, [0]), cutoff_m=2_000)
    G[0][1][0]["length"] = 1.0  # not detected (the docs say so) ...
    assert network.prepare(G).length.min() > 1.0
    network.prepare(G, refresh=True)  # ... until refreshed
    got = network.network_distances(G, at_nodes(G, [0]), cutoff_m=2_000)
    assert got[1] == pytest.approx(1.0, abs=1e-12)
    assert np.allclose(got.to_numpy(), reference(G, [0], 2_000), rtol=0, atol=1e-9)


def test_the_cache_keeps_neither_the_graph_nor_its_arrays_alive():
    G = grid()
    net = network.prepare(G)
    graph_ref, net_ref = weakref.ref(G), weakref.ref(net)
    del G, net
    gc.collect()
    assert graph_ref() is None
    assert net_ref() is None  # the arrays went with the graph


def test_nothing_is_written_into_the_graph():
    G = grid()
    snapshot = (
        dict(G.graph),
        {n: dict(d) for n, d in G.nodes(data=True)},
        sorted((a, b, k, tuple(sorted(d.items()))) for a, b, k, d in G.edges(keys=True, data=True)),
    )
    network.network_distances(G, at_nodes(G, [3]), cutoff_m=800)
    network.prepare(G, refresh=True)
    assert snapshot == (
        dict(G.graph),
        {n: dict(d) for n, d in G.nodes(data=True)},
        sorted((a, b, k, tuple(sorted(d.items()))) for a, b, k, d in G.edges(keys=True, data=True)),
    )


def test_a_geographic_graph_is_kept_per_analysis_crs():
    G = nx.MultiDiGraph(crs="EPSG:4326")
    G.add_node(1, x=120.20, y=30.25)
    G.add_node(2, x=120.21, y=30.25)
    G.add_edge(1, 2, length=961.0)
    default = network.prepare(G)
    with sg.set_options(analysis_crs="EPSG:32651"):
        utm = network.prepare(G)
    assert utm is not default and utm.crs.to_epsg() == 32651 and default.crs.to_epsg() == 4549


# ----------------------------------------------------------------------------- the buffer


def test_queries_of_different_sizes_reuse_the_buffer_and_stay_exact():
    G = grid(12)
    net = network.prepare(G)
    rng = np.random.default_rng(3)
    nodes = list(G.nodes)
    for size in (1, 40, 3, 100, 7):  # grows, shrinks, grows past its room
        src = [nodes[i] for i in rng.choice(len(nodes), size, replace=False)]
        got = network.network_distances(net, at_nodes(G, src), cutoff_m=600).to_numpy()
        assert np.allclose(got, reference(G, src, 600), rtol=0, atol=1e-9), size


def test_threads_querying_one_network_get_their_own_answers():
    G = grid(12)
    net = network.prepare(G)
    nodes = list(G.nodes)
    cases = {k: [nodes[k], nodes[-1 - k * 3]] for k in range(8)}
    got: dict[int, np.ndarray] = {}

    def run(k):
        for _ in range(5):
            got[k] = network.network_distances(net, at_nodes(G, cases[k]), cutoff_m=700).to_numpy()

    threads = [threading.Thread(target=run, args=(k,)) for k in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k, src in cases.items():
        assert np.allclose(got[k], reference(G, src, 700), rtol=0, atol=1e-9), k


# ----------------------------------------------------------------------------- snapping


def segments_graph(coords):
    """A graph of separate segments (each its own two nodes), in the order given."""
    G = nx.MultiGraph(crs=CRS)
    for i, (x0, y0, x1, y1) in enumerate(coords):
        G.add_node(2 * i, x=x0, y=y0)
        G.add_node(2 * i + 1, x=x1, y=y1)
        G.add_edge(2 * i, 2 * i + 1, length=float(np.hypot(x1 - x0, y1 - y0)))
    return G


def connected_edges(G, min_component_m=sg.network.DEFAULT_MIN_COMPONENT_M):
    """The edges the stated snapping rule allows, by networkx alone: those of connected
    components with at least ``min_component_m`` of edge length, and of the largest."""
    pieces = [G.subgraph(c) for c in nx.connected_components(G)]
    metres = [sum(d["length"] for *_, d in p.edges(data=True)) for p in pieces]
    floor = min(min_component_m, max(metres))
    return [e for p, m in zip(pieces, metres, strict=True) if m >= floor for e in p.edges()]


def brute_force(G, net, xy, edges=None):
    """Every edge checked (or those of ``edges``), with no index and no library geometry:
    the nearest distance and the lowest net edge index at exactly that distance (the stated
    tie rule). Axis-aligned edges are measured exactly (box distance); others with GEOS."""
    index = {}
    for e, (a, b) in enumerate(zip(net.node_ids[net.u], net.node_ids[net.v], strict=True)):
        index.setdefault(frozenset((a, b)), []).append(e)
    edges = list(G.edges()) if edges is None else edges
    ends = np.array(
        [[(G.nodes[a]["x"], G.nodes[a]["y"]), (G.nodes[b]["x"], G.nodes[b]["y"])] for a, b in edges]
    )
    lo, hi = ends.min(axis=1), ends.max(axis=1)
    if ((lo[:, 0] == hi[:, 0]) | (lo[:, 1] == hi[:, 1])).all():
        p = xy[:, None, :]
        gap = np.maximum(np.maximum(lo[None] - p, p - hi[None]), 0.0)
        d = np.hypot(gap[..., 0], gap[..., 1])
    else:
        d = shapely.distance(shapely.points(xy)[:, None], shapely.linestrings(ends)[None, :])
    dmin = d.min(axis=1)
    eidx = np.array([index[frozenset(e)][0] for e in edges])
    lowest = np.array([eidx[d[i] == dmin[i]].min() for i in range(len(xy))])
    return dmin, lowest


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 10_000),
    st.integers(1, 60),
    st.sampled_from([5.0, 60.0, 400.0]),
    st.booleans(),
)
def test_snapping_equals_brute_force_ties_included(seed, n_seg, scale, integer):
    rng = np.random.default_rng(seed)
    a = rng.uniform(0, 1000, (n_seg, 2))
    b = a + rng.normal(0, scale, (n_seg, 2))
    if integer:  # axis-aligned and integer: exact ties everywhere
        a = np.round(a / 50) * 50
        b = a + np.round(rng.normal(0, scale, (n_seg, 2)) / 50) * 50
        horizontal = rng.integers(0, 2, n_seg).astype(bool)
        b[horizontal, 1] = a[horizontal, 1]
        b[~horizontal, 0] = a[~horizontal, 0]
    keep = np.hypot(*(b - a).T) > 0
    if not keep.any():
        return
    G = segments_graph(np.column_stack([a[keep], b[keep]]))
    net = network.prepare(G, min_component_m=0)  # the index alone: every piece snapped to
    xy = rng.uniform(-2_500, 3_500, (300, 2))  # near, between and far outside the segments
    if integer:
        xy = np.round(xy / 25) * 25
    snap = net.snap(xy)
    dmin, lowest = brute_force(G, net, xy)
    assert np.allclose(snap.leg_m, dmin, rtol=0, atol=1e-9)
    if integer:  # exact arithmetic: the tie rule holds exactly
        assert np.array_equal(snap.edge, lowest)
    capped = net.snap(xy, max_snap_m=120.0)
    near = dmin <= 120.0 - 1e-9
    assert np.allclose(capped.leg_m[near], dmin[near], rtol=0, atol=1e-9)
    assert not (capped.leg_m[dmin > 120.0 + 1e-9] <= 120.0).any()
    # by default only the connected network counts (here: the longest segments)
    joined = network.prepare(G)
    dmin, lowest = brute_force(G, joined, xy, connected_edges(G))
    snap = joined.snap(xy)
    assert np.allclose(snap.leg_m, dmin, rtol=0, atol=1e-9)
    if integer:
        assert np.array_equal(snap.edge, lowest)


def test_large_grids_kept_as_sorted_cells_snap_the_same(monkeypatch):
    """Grids too large for a table of every cell keep sorted cell codes: same answers."""
    from shangcheng_geo.access import _snapping

    rng = np.random.default_rng(4)
    a = np.round(rng.uniform(0, 2_000, (400, 2)) / 50) * 50
    b = a + np.round(rng.normal(0, 80, (400, 2)) / 50) * 50
    keep = np.hypot(*(b - a).T) > 0
    G = segments_graph(np.column_stack([a[keep], b[keep]]))
    xy = np.round(rng.uniform(-500, 2_500, (2_000, 2)) / 25) * 25
    dense = network.prepare(G, min_component_m=0).snap(xy)  # every piece snapped to
    monkeypatch.setattr(_snapping, "_DENSE_CELLS", 0)
    net = network.prepare(G, refresh=True, min_component_m=0)
    sparse = net.snap(xy)
    assert not net._grid.level(net._grid.base_m).dense
    assert np.array_equal(sparse.edge, dense.edge) and np.array_equal(sparse.leg_m, dense.leg_m)
    dmin, lowest = brute_force(G, net, xy)
    assert np.allclose(sparse.leg_m, dmin, rtol=0, atol=1e-9)
    assert np.array_equal(sparse.edge, lowest)


def test_a_point_equally_near_four_streets_takes_the_lowest_edge():
    G = grid(3)
    net = network.prepare(G)
    snap = net.snap(np.array([[50.0, 50.0], [150.0, 150.0], [100.0, 100.0]]))
    _, lowest = brute_force(G, net, np.array([[50.0, 50.0], [150.0, 150.0], [100.0, 100.0]]))
    assert snap.leg_m.tolist() == [50.0, 50.0, 0.0]
    assert snap.edge.tolist() == lowest.tolist()


def test_points_far_outside_and_in_dense_blocks_are_still_exact():
    # a dense tangle (GEOS answers points whose cells hold too many candidates) and a far
    # point (beyond every grid level)
    rng = np.random.default_rng(11)
    a = rng.uniform(0, 50, (3_000, 2))
    coords = np.column_stack([a, a + rng.normal(0, 3, (3_000, 2))])
    coords = np.vstack([coords, [[5_000, 5_000, 5_100, 5_000]]])
    G = segments_graph(coords)
    net = network.prepare(G, min_component_m=0)  # every segment is a piece: snap to all
    xy = np.array([[25.0, 25.0], [2_500.0, 2_500.0], [-40_000.0, 90_000.0], [5_050.0, 4_990.0]])
    dmin, _ = brute_force(G, net, xy)
    assert np.allclose(net.snap(xy).leg_m, dmin, rtol=0, atol=1e-9)


# ----------------------------------------------------------------------------- files


def test_networks_built_straight_from_files_equal_the_graph_route():
    with sg.set_options(analysis_crs="EPSG:32610"):
        direct = network.graph_from_osm(DATA / "West-Oakland.osm.bz2", prepared=True)
        G = network.graph_from_osm(DATA / "West-Oakland.osm.bz2")
    via = network.prepare(G)
    assert direct.n_edges == via.n_edges == G.number_of_edges()
    assert sorted(direct.node_ids.tolist()) == sorted(via.node_ids.tolist())
    nodes = list(G.nodes)
    src = [nodes[3], nodes[len(nodes) // 3]]
    ref = reference(G, src, 1_500)
    for net in (direct, via, G):
        got = network.network_distances(net, at_nodes(G, src), cutoff_m=1_500)
        assert np.allclose(got.reindex(nodes).to_numpy(), ref, rtol=0, atol=1e-9)


def test_lines_built_straight_to_arrays_equal_the_graph_route():
    roads = gpd.GeoDataFrame(
        geometry=[
            LineString([(0, 0), (100, 0)]),
            LineString([(100, 0), (100, 80)]),
            LineString([(0, 0), (0, 50), (100, 80)]),
            LineString([(100.004, 80.0), (200, 80)]),  # within precision_m of a line end
        ],
        crs=CRS,
    )
    direct = network.graph_from_lines(roads, prepared=True)
    G = network.graph_from_lines(roads)
    assert direct.n_nodes == G.number_of_nodes() == 4
    pts = gpd.GeoDataFrame(geometry=[Point(150, 90), Point(10, 30)], crs=CRS)
    st_ = gpd.GeoDataFrame(geometry=[Point(0, -5)], crs=CRS)
    a = network.point_distances(direct, st_, pts, cutoff_m=1_000)
    b = network.point_distances(G, st_, pts, cutoff_m=1_000)
    assert np.allclose(a, b, rtol=0, atol=1e-9)
    assert a[1] == pytest.approx(5 + 30 + 10, abs=1e-9)  # leg, up the west street, leg


# ----------------------------------------------------------------------------- minutes


def test_minutes_are_metres_over_speed_everywhere():
    G = grid()
    st_ = at_nodes(G, [0])
    sites = gpd.GeoDataFrame(geometry=[Point(230, 10), Point(610, 690)], crs=CRS)
    with sg.set_options(analysis_crs=CRS):
        for speed in (1.2, 1.0):
            for method, net in (("euclidean", None), ("network", G)):
                acc = access.Access(st_, method=method, network=net, walk_speed_m_s=speed)
                d = acc.distances(sites)
                assert np.allclose(d["walk_min"], d["distance_m"] / speed / 60, rtol=1e-15)
                sa = coverage.site_access(sites, acc)
                assert np.allclose(sa["walk_min"], sa["distance_m"] / speed / 60, rtol=1e-15)
        cov = coverage.station_coverage(
            gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 700, 700)], crs=CRS), st_,
            radius_m=[600, 900], base="unit", walk_speed_m_s=1.0,
        )  # fmt: skip
        assert cov.attrs["coverage"]["walk_min"] == [10.0, 15.0]
        pois = gpd.GeoDataFrame({"category": ["kindergarten"]}, geometry=[Point(0, 0)], crs=CRS)
        near = lifecircle.nearest(sites, pois, categories=["kindergarten"], walk_speed_m_s=1.0)
        assert np.allclose(near["min_kindergarten"], near["dist_kindergarten"] / 60)
    assert access.walk_minutes(1_080.0) == 15.0
    with pytest.raises(sg.InputError, match="walk_speed_m_s"):
        access.Access(st_, walk_speed_m_s=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(sg.InputError, match="walk_speed_m_s"):
            coverage.site_access(sites, st_, walk_speed_m_s="fast")


def test_a_prepared_network_pickles_for_a_process_pool():
    import pickle

    G = grid(10)
    net = network.prepare(G)
    st_ = at_nodes(G, [0, 55])
    before = network.network_distances(net, st_, cutoff_m=900).to_numpy()  # builds the index
    copy = pickle.loads(pickle.dumps(net))
    after = network.network_distances(copy, st_, cutoff_m=900).to_numpy()
    assert np.array_equal(before, after)
    assert np.array_equal(copy.snap(np.array([[55.0, 40.0]])).leg_m, [40.0])
