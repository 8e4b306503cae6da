"""Walking networks: exact agreement with networkx, snapping rule, OSM reader, catchments."""

from __future__ import annotations

import math
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
from shangcheng_geo import network

DATA = Path(__file__).resolve().parents[1] / "data"
CRS = "EPSG:4549"


def grid_graph(nx_, ny_, spacing=100.0, seed=None):
    """A square grid; with a seed, edge lengths are random multiples of the spacing."""
    rng = np.random.default_rng(seed)
    G = nx.MultiGraph(crs=CRS)
    for i in range(nx_):
        for j in range(ny_):
            G.add_node(i * ny_ + j, x=i * spacing, y=j * spacing)
    for i in range(nx_):
        for j in range(ny_):
            for di, dj in ((1, 0), (0, 1)):
                if i + di < nx_ and j + dj < ny_:
                    k = spacing * (1.0 if seed is None else rng.uniform(1.0, 3.0))
                    G.add_edge(i * ny_ + j, (i + di) * ny_ + j + dj, length=k)
    return G


def points_at(G, nodes):
    return gpd.GeoDataFrame(
        {"name_zh": [f"n{n}" for n in nodes]},
        geometry=[Point(G.nodes[n]["x"], G.nodes[n]["y"]) for n in nodes],
        crs=G.graph["crs"],
    )


@settings(max_examples=25, deadline=None)
@given(
    st.integers(2, 12),
    st.integers(2, 12),
    st.integers(0, 10_000),
    st.lists(st.integers(0, 10_000), min_size=1, max_size=4),
    st.floats(50, 3_000),
)
def test_equals_networkx_multi_source_dijkstra_on_grids(nx_, ny_, seed, picks, cutoff):
    G = grid_graph(nx_, ny_, seed=seed)
    sources = sorted({p % G.number_of_nodes() for p in picks})
    ours = network.network_distances(G, points_at(G, sources), cutoff_m=cutoff)
    ref = nx.multi_source_dijkstra_path_length(G, sources, cutoff=cutoff, weight="length")
    for node, d in ours.items():
        if node in ref:
            assert d == pytest.approx(ref[node], abs=1e-6)
        else:
            assert math.isinf(d)


def test_parallel_edges_use_the_shortest():
    G = nx.MultiGraph(crs=CRS)
    G.add_node(0, x=0.0, y=0.0)
    G.add_node(1, x=100.0, y=0.0)
    G.add_edge(0, 1, length=150.0)
    G.add_edge(0, 1, length=100.0)
    d = network.network_distances(G, points_at(G, [0]), cutoff_m=1e4)
    assert d[1] == pytest.approx(100.0)


def line_graph():
    """u(0,0) -- 100 m -- v(100,0) -- 50 m -- w(100,50); lengths equal the geometry."""
    G = nx.MultiGraph(crs=CRS)
    G.add_node("u", x=0.0, y=0.0)
    G.add_node("v", x=100.0, y=0.0)
    G.add_node("w", x=100.0, y=50.0)
    G.add_edge("u", "v", length=100.0)
    G.add_edge("v", "w", length=50.0)
    return G


@pytest.mark.parametrize(
    ("xy", "expected"),
    [
        ((30.0, 5.0), {"u": 35.0, "v": 75.0, "w": 125.0}),  # foot on u-v at 30 m, 5 m leg
        ((30.0, -40.0), {"u": 70.0, "v": 110.0, "w": 160.0}),  # the 40 m leg is walked
        ((104.0, 20.0), {"u": 124.0, "v": 24.0, "w": 34.0}),  # onto v-w, 20 m from v
        ((-10.0, 0.0), {"u": 10.0, "v": 110.0, "w": 160.0}),  # beyond the end: leg to u
    ],
)
def test_snapping_onto_the_nearest_edge_by_hand(xy, expected):
    pts = gpd.GeoDataFrame(geometry=[Point(*xy)], crs=CRS)
    d = network.network_distances(line_graph(), pts, cutoff_m=1e4)
    for node, want in expected.items():
        assert d[node] == pytest.approx(want, abs=1e-6)


def test_length_attribute_not_geometry_decides():
    G = line_graph()
    G.edges["u", "v", 0]["length"] = 200.0  # e.g. a winding path drawn straight
    pts = gpd.GeoDataFrame(geometry=[Point(25.0, 0.0)], crs=CRS)  # a quarter along
    d = network.network_distances(G, pts, cutoff_m=1e4)
    assert d["u"] == pytest.approx(50.0) and d["v"] == pytest.approx(150.0)


def test_a_source_beyond_max_snap_contributes_nothing_and_is_named():
    pts = gpd.GeoDataFrame({"name_zh": ["远站"]}, geometry=[Point(50.0, -900.0)], crs=CRS)
    with pytest.warns(sg.DataQualityWarning, match=r"远站 \(900 m\)"):
        d = network.network_distances(line_graph(), pts, cutoff_m=1e4)
    assert np.isinf(d).all()
    # with a cap that allows the walk, the leg is part of the distance
    d = network.network_distances(line_graph(), pts, cutoff_m=1e4, max_snap_m=1_000)
    assert d["u"] == pytest.approx(950.0) and d["v"] == pytest.approx(950.0)


def test_cutoff_is_inclusive_on_a_50m_grid():
    """A node at exactly the cutoff is reached (545 nodes within 800 m, as networkx says)."""
    G = grid_graph(41, 41, spacing=50.0)
    centre = 20 * 41 + 20
    ours = network.network_distances(G, points_at(G, [centre]), cutoff_m=800)
    ref = nx.single_source_dijkstra_path_length(G, centre, cutoff=800, weight="length")
    assert len(ref) == 545
    assert int(np.isfinite(ours).sum()) == 545
    assert (ours[np.isfinite(ours)] == 800).sum() == 64  # the ring of nodes at exactly 800 m


def brute_nearest_edge(G, xy):
    """Nearest edge's distance by checking every edge of the graph with GEOS (no index, none
    of the library's arrays)."""
    lines = shapely.linestrings(
        [
            [(G.nodes[a]["x"], G.nodes[a]["y"]), (G.nodes[b]["x"], G.nodes[b]["y"])]
            for a, b in G.edges()
        ]
    )
    return shapely.distance(shapely.points(xy)[:, None], lines[None, :]).min(axis=1)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 200))
def test_snapping_finds_the_exact_nearest_edge(seed, n_points):
    rng = np.random.default_rng(seed)
    G = grid_graph(6, 5, seed=seed)
    for n in G:  # jitter the nodes so that edges have all directions
        G.nodes[n]["x"] += rng.uniform(-40, 40)
        G.nodes[n]["y"] += rng.uniform(-40, 40)
    net = network.prepare(G)
    xy = rng.uniform(-300, 800, size=(n_points, 2))
    snap = net.snap(xy)
    assert np.allclose(snap.leg_m, brute_nearest_edge(G, xy), atol=1e-9)


def test_real_osm_sample_matches_networkx():
    with sg.set_options(analysis_crs="EPSG:32610"):  # UTM 10N for California
        G = network.graph_from_osm(DATA / "West-Oakland.osm.bz2")
    assert G.graph["crs"] == "EPSG:32610"
    assert G.number_of_edges() > 100
    lengths = np.array([d["length"] for *_, d in G.edges(data=True)])
    geo_len = np.array([d["geometry"].length for *_, d in G.edges(data=True)])
    assert np.allclose(lengths, geo_len, rtol=2e-3)  # geodesic vs UTM: scale factor only
    hw = {d["highway"] for *_, d in G.edges(data=True)}
    assert not hw & {"motorway", "motorway_link", "trunk"}
    nodes = list(G.nodes)
    sources = [nodes[0], nodes[len(nodes) // 2]]
    ours = network.network_distances(G, points_at(G, sources), cutoff_m=2_000)
    ref = nx.multi_source_dijkstra_path_length(G, sources, cutoff=2_000, weight="length")
    reached = [n for n in nodes if n in ref]
    assert len(reached) > 10
    assert np.allclose([ours[n] for n in reached], [ref[n] for n in reached], rtol=0, atol=1e-9)
    assert all(math.isinf(ours[n]) for n in nodes if n not in ref)


def test_graph_from_lines_and_osmnx_conventions():
    roads = gpd.GeoDataFrame(
        geometry=[
            LineString([(0, 0), (100, 0)]),
            LineString([(100, 0), (100, 80)]),
            LineString([(0, 0), (0, 50), (100, 80)]),
        ],
        crs=CRS,
    ).to_crs(4326)
    G = network.graph_from_lines(roads)
    assert G.number_of_nodes() == 3 and G.number_of_edges() == 3
    for n, data in G.nodes(data=True):
        assert {"x", "y"} <= set(data), n
    total = sorted(round(d["length"], 3) for *_, d in G.edges(data=True))
    assert total == pytest.approx([80.0, 100.0, 50 + math.hypot(100, 30)], abs=1e-3)
    with pytest.raises(sg.InputError, match="LineStrings"):
        network.graph_from_lines(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=CRS))


def test_graph_from_osmnx_projects_a_lonlat_graph():
    G = nx.MultiDiGraph(crs="EPSG:4326")
    G.add_node(1, x=120.20, y=30.25)
    G.add_node(2, x=120.21, y=30.25)
    G.add_edge(1, 2, length=961.0)
    H = network.graph_from_osmnx(G)
    assert H.graph["crs"] == "EPSG:4549"
    assert abs(H.nodes[2]["x"] - H.nodes[1]["x"] - 962) < 5
    # a geographic graph is projected by prepare, not refused
    d = network.network_distances(G, points_at(H, [1]), cutoff_m=1_000)
    assert d[2] == pytest.approx(961.0)


def test_not_a_graph():
    with pytest.raises(sg.InputError, match=r"must be a networkx graph.*embedded western streets"):
        network.network_distances(None, points_at(line_graph(), ["u"]), cutoff_m=10)
    with pytest.raises(sg.InputError, match="cutoff_m"):
        network.network_distances(line_graph(), points_at(line_graph(), ["u"]), cutoff_m=-1)


def test_walkable_filter_is_osmnx_walk(tmp_path):
    """Every way of a real OSM extract: kept exactly when OSMnx's own walk filter keeps it."""
    import re

    from osmnx import _overpass

    from shangcheng_geo._osm import read_osm_xml, walkable

    query = _overpass._get_network_filter("walk")
    rules = re.findall(r'\["([^"]+)"(?:(!?~)"([^"]*)")?\]', query)
    assert len(rules) >= 8

    def osmnx_keeps(tags):
        for key, op, pattern in rules:
            value = tags.get(key)
            if not op:
                if value is None:
                    return False
            elif value is not None and bool(re.search(pattern, value)) == (op == "!~"):
                return False
        return True

    data = read_osm_xml(DATA / "West-Oakland.osm.bz2")
    want = {wid for wid, (_, tags) in data.ways.items() if osmnx_keeps(tags)}
    with sg.set_options(analysis_crs="EPSG:32610"):
        G = network.graph_from_osm(DATA / "West-Oakland.osm.bz2")
    got = {d["osmid"] for *_, d in G.edges(data=True)}
    assert got == {w for w in want if len(data.ways[w][0]) > 1}
    # and on hand-made tags where the rules differ from a naive filter
    cases = {
        (("highway", "trunk"),): True,
        (("highway", "cycleway"),): False,
        (("highway", "footway"), ("access", "private"), ("foot", "yes")): False,
        (("highway", "residential"), ("sidewalk", "separate")): False,
        (("highway", "service"), ("service", "private")): False,
        (("highway", "motorway_link"),): False,
    }
    for tags, keep in cases.items():
        assert osmnx_keeps(dict(tags)) == keep
        assert walkable(dict(tags)) == keep


def test_pbf_reader_gives_the_same_graph_as_xml(tmp_path):
    osmium = pytest.importorskip("osmium", reason="pyosmium (the osm extra) is not installed")
    pbf = tmp_path / "west-oakland.osm.pbf"
    writer = osmium.SimpleWriter(str(pbf))
    for obj in osmium.FileProcessor(str(DATA / "West-Oakland.osm.bz2")):
        if obj.is_node():
            writer.add_node(obj)
        elif obj.is_way():
            writer.add_way(obj)
    writer.close()
    with sg.set_options(analysis_crs="EPSG:32610"):
        from_pbf = network.graph_from_osm(pbf)
        from_xml = network.graph_from_osm(DATA / "West-Oakland.osm.bz2")

    def edges(G):
        return sorted(
            (min(a, b), max(a, b), round(d["length"], 6)) for a, b, d in G.edges(data=True)
        )

    assert edges(from_pbf) == edges(from_xml)


ROOT = Path(__file__).resolve().parents[2]
AEQUILIBRAE = sorted((ROOT / "build" / "test-data").glob("aequilibrae-*.whl"))


@pytest.fixture(scope="module")
def coquimbo_links(tmp_path_factory):
    """The Coquimbo (Chile) OSM links shipped in the aequilibrae wheel, motorways and
    centroid connectors left out."""
    import zipfile

    if not AEQUILIBRAE:
        pytest.skip(
            "the aequilibrae wheel (a real OSM network) is not in build/test-data; .ci/run "
            "fetches it with: pip download aequilibrae --no-deps -d build/test-data"
        )
    tmp = tmp_path_factory.mktemp("aeq")
    with zipfile.ZipFile(AEQUILIBRAE[-1]) as whl:
        whl.extract("aequilibrae/reference_files/coquimbo.zip", tmp)
    with zipfile.ZipFile(tmp / "aequilibrae/reference_files/coquimbo.zip") as z:
        z.extract("project_database.sqlite", tmp)
    links = gpd.read_file(tmp / "project_database.sqlite", layer="links")
    return links[~links["link_type"].isin(["motorway", "centroid_connector"])]


@pytest.fixture(scope="module")
def coquimbo(coquimbo_links):
    """The Coquimbo network as a walking graph."""
    with sg.set_options(analysis_crs="EPSG:32719"):
        return network.graph_from_lines(coquimbo_links)


def test_coquimbo_cached_prepared_and_file_built_all_equal_networkx(coquimbo, coquimbo_links):
    G = coquimbo
    with sg.set_options(analysis_crs="EPSG:32719"):
        direct = network.graph_from_lines(coquimbo_links, prepared=True)
    rng = np.random.default_rng(17)
    nodes = list(G.nodes)
    sources = [nodes[i] for i in rng.choice(len(nodes), size=40, replace=False)]
    ref = nx.multi_source_dijkstra_path_length(G, sources, cutoff=1_500, weight="length")
    want = np.array([ref.get(n, np.inf) for n in nodes])
    for net in (G, G, network.prepare(G, refresh=True), direct):  # G twice: the kept arrays
        got = network.network_distances(net, points_at(G, sources), cutoff_m=1_500)
        got = got.reindex(nodes).to_numpy()
        assert np.array_equal(np.isfinite(got), np.isfinite(want))
        fin = np.isfinite(want)
        assert np.abs(got[fin] - want[fin]).max() <= 1e-9


def test_real_coquimbo_network_matches_networkx_to_a_micrometre(coquimbo):
    G = coquimbo
    assert G.number_of_edges() > 15_000
    rng = np.random.default_rng(7)
    nodes = list(G.nodes)
    sources = [nodes[i] for i in rng.choice(len(nodes), size=25, replace=False)]
    ours = network.network_distances(G, points_at(G, sources), cutoff_m=2_000)
    ref = nx.multi_source_dijkstra_path_length(G, sources, cutoff=2_000, weight="length")
    reached = [n for n in nodes if n in ref]
    assert len(reached) > 1_000
    assert np.allclose([ours[n] for n in reached], [ref[n] for n in reached], rtol=0, atol=1e-9)
    assert all(math.isinf(ours[n]) for n in nodes if n not in ref)

    # points: an independent reference -- nearest edge geometry by GEOS over every edge of
    # G (no index, none of the library's arrays), the foot by line_locate_point, then networkx
    xs = np.array([G.nodes[n]["x"] for n in nodes])
    ys = np.array([G.nodes[n]["y"] for n in nodes])
    xy = rng.uniform([xs.min(), ys.min()], [xs.max(), ys.max()], size=(400, 2))
    edges = list(G.edges(data=True))
    geoms = np.array([d["geometry"] for *_, d in edges])
    pts = shapely.points(xy)
    dist = shapely.distance(pts[:, None], geoms[None, :])
    best = dist.argmin(axis=1)
    leg = dist[np.arange(len(xy)), best]
    want = np.empty(len(xy))
    for i, j in enumerate(best):
        a, b, d = edges[j]
        along = shapely.line_locate_point(geoms[j], pts[i])
        start = shapely.get_coordinates(geoms[j])[0]
        if not np.allclose(start, (G.nodes[a]["x"], G.nodes[a]["y"])):
            a, b = b, a  # the geometry runs from b to a
        t = along * d["length"] / geoms[j].length
        want[i] = leg[i] + min(t + ref.get(a, np.inf), d["length"] - t + ref.get(b, np.inf))
    want = np.where(leg <= 250, np.where(want <= 2_000, want, np.inf), np.nan)
    targets = gpd.GeoDataFrame(geometry=gpd.points_from_xy(*xy.T), crs=G.graph["crs"])
    got = network.point_distances(G, points_at(G, sources), targets, cutoff_m=2_000)
    assert np.isnan(got).sum() == np.isnan(want).sum() > 0
    assert np.isinf(got).sum() == np.isinf(want).sum()
    finite = np.isfinite(want)
    assert finite.sum() > 20
    assert np.allclose(got[finite], want[finite], rtol=0, atol=1e-9)
