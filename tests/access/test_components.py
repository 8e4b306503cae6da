"""Snapping to the connected network: pieces of the street graph cut off from the rest
(under ``min_component_m`` of street) are not snapped to, so a station or a place beside
one walks from the streets; a real island beyond ``max_snap_m`` is named, not moved."""

from __future__ import annotations

import pickle
import warnings

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

import shangcheng_geo as sg
from shangcheng_geo import access, coverage, datasets, network

CRS = "EPSG:4549"


def street_grid(n=10, spacing=100.0, origin=(0.0, 0.0), G=None, tag="g"):
    """An n x n grid of straight streets (edge length = spacing: distances are Manhattan)."""
    G = nx.MultiGraph(crs=CRS) if G is None else G
    x0, y0 = origin
    for i in range(n):
        for j in range(n):
            G.add_node((tag, i, j), x=x0 + i * spacing, y=y0 + j * spacing)
    for i in range(n):
        for j in range(n):
            if i + 1 < n:
                G.add_edge((tag, i, j), (tag, i + 1, j), length=spacing)
            if j + 1 < n:
                G.add_edge((tag, i, j), (tag, i, j + 1), length=spacing)
    return G


def add_courtyard(G, x0, y0, side=20.0, tag="c"):
    """A closed square of footway (4 x ``side`` metres) joined to nothing."""
    corners = [(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)]
    for k, (x, y) in enumerate(corners):
        G.add_node((tag, k), x=x, y=y)
    for k in range(4):
        G.add_edge((tag, k), (tag, (k + 1) % 4), length=side)
    return G


def points(*xy):
    return gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in xy], crs=CRS)


# ----------------------------------------------------------------------------- the model


def test_a_station_beside_a_courtyard_walks_from_the_street_grid():
    """900 m x 900 m grid (18 km of street) and an 80 m courtyard in the block 400-500 m:
    the station 1 m from the courtyard's south side walks its 41 m leg to the street
    y = 400, then the grid (Manhattan distances)."""
    G = add_courtyard(street_grid(), 440.0, 440.0)
    station = points((450.0, 441.0))
    acc = access.Access(station, method="network", network=G)  # no warning: moved 40 m
    sites = points((650.0, 305.0), (450.0, 455.0), (450.0, 400.0))
    d = acc.distances(sites, cutoff_m=2_000)["distance_m"].tolist()
    # (650, 305): 41 + 200 east + 100 south + 5; in the courtyard (450, 455): its leg is 45 m
    # to y = 500, and 41 + 50 + 100 + 50 + 45; the street right below the station: 41
    assert d == pytest.approx([41 + 300 + 5, 41 + 200 + 45, 41.0], abs=1e-9)
    assert acc.n_used == 1


def test_without_the_rule_the_station_is_trapped_in_the_courtyard():
    """The failure the rule removes, on the same graph: with every piece snapped to, the
    station reaches 46 m of courtyard and nothing of the grid."""
    G = add_courtyard(street_grid(), 440.0, 440.0)
    every = network.prepare(G, min_component_m=0)
    acc = access.Access(points((450.0, 441.0)), method="network", network=every)
    d = acc.distances(points((650.0, 305.0), (450.0, 455.0)), cutoff_m=2_000)["distance_m"]
    assert d.tolist() == [np.inf, pytest.approx(1 + 10 + 20 + 10 + 5)]


def test_walking_coverage_of_a_courtyard_station_is_that_of_the_street():
    """Covered land around the courtyard station equals that of a station on the street at
    the foot of its leg with a radius 41 m shorter (the same reached cells)."""
    G = add_courtyard(street_grid(), 440.0, 440.0)
    unit = gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 900, 900)], crs=CRS)
    kw = {"method": "network", "network": G, "base": "unit", "cell_m": 10}
    got = coverage.station_coverage(unit, points((450.0, 441.0)), radius_m=441, **kw)
    same = coverage.station_coverage(unit, points((450.0, 400.0)), radius_m=400, **kw)
    assert float(got["covered_m2"].iloc[0]) == float(same["covered_m2"].iloc[0])
    assert float(got["covered_m2"].iloc[0]) > 0.2e6  # not the courtyard's few cells


def test_a_station_moved_far_from_a_piece_is_named_in_a_warning():
    """A courtyard 150 m west of the grid: the station beside it walks a 150 m leg to the
    grid, and the warning names it with both distances."""
    G = add_courtyard(street_grid(), -170.0, 400.0)
    with pytest.warns(sg.DataQualityWarning, match=r"1 station\(s\) stand beside a piece") as rec:
        acc = access.Access(points((-150.0, 410.0)), method="network", network=G)
    assert "0 (0 m from a piece of 80 m of street, 150 m from the rest)" in str(rec[0].message)
    d = acc.distances(points((0.0, 410.0)), cutoff_m=2_000)["distance_m"]
    assert d.tolist() == [pytest.approx(150.0)]


def test_a_station_on_a_real_island_is_named_and_not_moved():
    """A 2.4 km network 2 km east of the grid: beyond max_snap_m (250 m) of the connected
    network, so the station on it contributes nothing and the warning says it stands on a
    cut-off piece; places on the island are not served (NaN), not uncovered."""
    G = street_grid()
    street_grid(n=4, origin=(3_000.0, 0.0), G=G, tag="island")  # 4 x 4: 2,400 m of street
    stations = gpd.GeoDataFrame({"name_zh": ["岛站"]}, geometry=[Point(3_150.0, 105.0)], crs=CRS)
    with pytest.warns(sg.DataQualityWarning, match="contribute nothing") as rec:
        acc = access.Access(stations, method="network", network=G)
    assert "岛站 (2250 m, but 5 m from a piece of 2,400 m of street cut off from it)" in str(
        rec[0].message
    )
    assert acc.n_used == 0
    d = acc.distances(points((3_150.0, 100.0)), cutoff_m=5_000)
    assert np.isnan(d["distance_m"].iloc[0]) and not d["served"].iloc[0]


def test_two_networks_above_the_threshold_both_serve():
    """Two grids with no link (a river without a bridge in the data), 18 km and 6 km of
    street: both are snapped to, and a station on the smaller one serves it alone."""
    G = street_grid()
    street_grid(n=6, origin=(3_000.0, 0.0), G=G, tag="bank")  # 6 x 6: 6,000 m of street
    acc = access.Access(points((3_150.0, 105.0)), method="network", network=G)
    d = acc.distances(points((3_350.0, 210.0), (550.0, 505.0)), cutoff_m=10_000)["distance_m"]
    assert d.iloc[0] == pytest.approx(5 + 200 + 100 + 10)
    assert d.iloc[1] == np.inf  # the other bank: unreachable on foot, but served


# ----------------------------------------------------------------------------- the option


def test_min_component_m_is_kept_per_network_and_checked():
    G = add_courtyard(street_grid(), 440.0, 440.0)
    default = network.prepare(G)
    every = network.prepare(G, min_component_m=0)
    assert default.min_component_m == network.DEFAULT_MIN_COMPONENT_M == 5_000.0
    assert every.min_component_m == 0.0 and every is not default
    assert network.prepare(G, min_component_m=0) is every  # kept for G
    again = network.prepare(G)  # another threshold: G is not read again
    assert again.min_component_m == 5_000.0 and again.u is default.u
    assert network.prepare(every) is every  # a WalkNetwork keeps its own threshold
    largest = network.prepare(every, min_component_m=np.inf)
    xy = np.array([[450.0, 441.0]])
    assert every.snap(xy).leg_m.tolist() == [1.0]
    assert default.snap(xy).leg_m.tolist() == largest.snap(xy).leg_m.tolist() == [41.0]
    copy = pickle.loads(pickle.dumps(default))
    assert copy.min_component_m == 5_000.0 and copy.snap(xy).leg_m.tolist() == [41.0]
    for bad in (-1.0, np.nan, "5 km", True, None):
        if bad is None:
            continue  # None means the default
        with pytest.raises(sg.InputError, match="min_component_m must be zero or more metres"):
            network.prepare(G, min_component_m=bad)


def test_snap_points_and_point_distances_use_the_connected_network():
    G = add_courtyard(street_grid(), 440.0, 440.0)
    snapped = network.snap_points(G, points((450.0, 441.0)))
    assert snapped[["along_m", "leg_m"]].values.tolist() == [[50.0, 41.0]]
    d = network.point_distances(G, points((450.0, 441.0)), points((650.0, 305.0)), cutoff_m=2e3)
    assert d.tolist() == [pytest.approx(346.0)]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 6))
def test_walking_never_beats_the_straight_line_with_courtyards(seed, n_courtyards):
    """Random courtyards scattered over a grid: walking distance is never shorter than the
    straight line to the nearest station, and every station is used."""
    rng = np.random.default_rng(seed)
    G = street_grid(n=8)
    for k in range(n_courtyards):
        x, y = rng.uniform(5, 675, 2)
        add_courtyard(G, float(x), float(y), side=float(rng.uniform(5, 20)), tag=("c", k))
    stations = points(*rng.uniform(0, 700, (3, 2)))
    sites = points(*rng.uniform(-50, 750, (200, 2)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no station is moved far (courtyards lie in blocks)
        walk = access.Access(stations, method="network", network=G)
    assert walk.n_used == 3
    line = access.Access(stations).distances(sites)["distance_m"].to_numpy()
    d = walk.distances(sites, cutoff_m=5_000)["distance_m"].to_numpy()
    served = ~np.isnan(d)
    assert served.all()  # every site is within 250 m of the grid
    assert (d[served] >= line[served] - 1e-9).all()


# ----------------------------------------------------------------------------- 城站


def western_stations():
    """The stations whose 800 m disc lies inside the embedded streets' extent (the convex
    hull of their nodes): their walking catchment is not cut by the end of the data."""
    from shangcheng_geo.crs import to_analysis_crs

    net = datasets.streets()
    hull = shapely.convex_hull(shapely.multipoints(net.xy))
    layer = to_analysis_crs(datasets.stations(), "stations")
    return layer[shapely.contains(hull, layer.buffer(800.0).values)].reset_index(drop=True)


def test_every_western_station_walks_a_plausible_share_of_its_disc():
    """On the embedded streets every western station (31) covers by walking 800 m at least
    10 % of its straight-line disc on land, and 城站 -- which snapped onto a 31 m
    staircase cut off from the street and covered 500 m² -- at least 25 %.

    10 %: an 800 m walk on an ordinary grid covers about half its disc (the diamond is
    2/pi of it, less the street-less block interiors beyond 250 m); the sparsest western
    station (新风, rail yards and large blocks) covers 14 %, a station trapped on a
    cut-off piece well under 1 %."""
    west = western_stations()
    assert len(west) >= 30 and "城站" in set(west["name_zh"])
    discs = gpd.GeoDataFrame(
        {"name_zh": west["name_zh"]}, geometry=west.buffer(800.0, 256).values, crs=west.crs
    )
    share = {}
    for i in range(len(west)):
        one, disc = west.iloc[[i]], discs.iloc[[i]]
        line = coverage.station_coverage(disc, one, base="land")
        with warnings.catch_warnings():  # land beyond 250 m of a street counts as uncovered
            warnings.filterwarnings("ignore", "1 unit.s. lie partly beyond the network")
            walk = coverage.station_coverage(disc, one, base="land", method="network", cell_m=20)
        share[west["name_zh"].iloc[i]] = float(walk["covered_m2"].iloc[0]) / float(
            line["covered_m2"].iloc[0]
        )
    low = {name: round(s, 3) for name, s in share.items() if s < 0.10}
    assert not low, f"western stations walking under 10 % of their disc: {low}"
    assert share["城站"] >= 0.25


def test_places_100_to_500_m_from_cheng_zhan_reach_it_by_walking():
    """Street nodes 100-500 m (straight line) from 城站 all reach it, by walks no shorter
    than the straight line and, for 95 % of them, within 1,000 m."""
    from shangcheng_geo.crs import to_analysis_crs

    net = datasets.streets()
    station = to_analysis_crs(datasets.stations().query("name_zh == '城站'"), "stations")
    here = np.array([station.geometry.x.iloc[0], station.geometry.y.iloc[0]])
    gap = np.hypot(*(net.xy - here).T)
    ring = net.xy[(gap >= 100) & (gap <= 500)]
    assert len(ring) > 100
    sites = gpd.GeoDataFrame(geometry=shapely.points(ring), crs=net.crs)
    got = coverage.site_access(sites, station, method="network")
    d = got["distance_m"].to_numpy()
    assert np.isfinite(d).all() and (got["nearest_station"] == "城站").all()
    assert (d >= gap[(gap >= 100) & (gap <= 500)] - 1e-6).all()
    assert (d <= 1_000).mean() >= 0.95
