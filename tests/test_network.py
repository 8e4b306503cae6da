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

DATA = Path(__file__).parent / "data"
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
        ((30.0, 5.0), {"u": 30.0, "v": 70.0, "w": 120.0}),  # projects onto u-v at 30 m
        ((30.0, -40.0), {"u": 30.0, "v": 70.0, "w": 120.0}),  # offset is not added
        ((104.0, 20.0), {"u": 120.0, "v": 20.0, "w": 30.0}),  # onto v-w, 20 m from v
        ((-10.0, 0.0), {"u": 0.0, "v": 100.0, "w": 150.0}),  # beyond the end: clamps to u
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


def test_cutoff_and_far_points_warning():
    pts = gpd.GeoDataFrame({"name_zh": ["远站"]}, geometry=[Point(50.0, -900.0)], crs=CRS)
    with pytest.warns(sg.DataQualityWarning, match=r"远站 \(900 m\)"):
        d = network.network_distances(line_graph(), pts, cutoff_m=60)
    assert d["u"] == pytest.approx(50.0) and d["v"] == pytest.approx(50.0)
    assert math.isinf(d["w"])


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
    assert np.allclose([ours[n] for n in reached], [ref[n] for n in reached], atol=1e-6)
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
    with pytest.raises(sg.CRSError, match="geographic"):
        network.network_distances(G, points_at(H, [1]), cutoff_m=10)


def test_not_a_graph():
    with pytest.raises(sg.InputError, match="No Hangzhou network is bundled"):
        network.network_distances(None, points_at(line_graph(), ["u"]), cutoff_m=10)
    with pytest.raises(sg.InputError, match="cutoff_m"):
        network.network_distances(line_graph(), points_at(line_graph(), ["u"]), cutoff_m=-1)


def test_catchment_on_a_straight_street_is_analytic():
    G = nx.MultiGraph(crs=CRS)
    G.add_node(0, x=0.0, y=0.0)
    G.add_node(1, x=1_000.0, y=0.0)
    G.add_edge(0, 1, length=1_000.0, geometry=LineString([(0, 0), (1_000, 0)]))
    pts = gpd.GeoDataFrame(geometry=[Point(400.0, 0.0)], crs=CRS)
    b, r = 30.0, 300.0
    c = network.network_catchments(G, pts, radius_m=r, edge_buffer_m=b)
    # the street from 100 m to 700 m, buffered: a 600 x 60 rectangle plus two half discs
    expected = 2 * r * 2 * b + math.pi * b * b
    assert c["area_m2"].iloc[0] == pytest.approx(expected, rel=2e-3)
    metric = c.to_crs(CRS).geometry.iloc[0]
    assert metric.bounds[0] == pytest.approx(100 - b, abs=0.01)
    assert metric.bounds[2] == pytest.approx(700 + b, abs=0.01)


def test_partial_edges_are_cut_at_the_remaining_distance():
    G = line_graph()  # u-v 100 m, v-w 50 m
    pts = gpd.GeoDataFrame(geometry=[Point(0.0, 0.0)], crs=CRS)
    c = network.network_catchments(G, pts, radius_m=120, edge_buffer_m=1.0).to_crs(CRS)
    geom = c.geometry.iloc[0]
    assert geom.contains(Point(100, 19)) and not geom.intersects(Point(100, 22))


def test_the_river_is_a_barrier_for_walking_not_for_circles():
    # two streets 300 m apart across a river; the only bridge is 3 km away
    lines = gpd.GeoDataFrame(
        geometry=[
            LineString([(0, 0), (3_000, 0)]),
            LineString([(0, 300), (3_000, 300)]),
            LineString([(3_000, 0), (3_000, 300)]),
        ],
        crs=CRS,
    )
    G = network.graph_from_lines(lines)
    station = gpd.GeoDataFrame(geometry=[Point(500, 0)], crs=CRS)
    walk = network.network_catchments(G, station, radius_m=800).to_crs(CRS).geometry.iloc[0]
    circle = station.buffer(800).iloc[0]
    far_bank = Point(500, 300)
    assert circle.contains(far_bank) and not walk.intersects(far_bank)
    assert walk.intersects(Point(1_200, 0))
    assert shapely.area(walk) < shapely.area(circle)


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
