"""The OpenStreetMap layers of western Shangcheng: the extract's facts reproduced (counts,
areas), walking distances checked against networkx, and the east never extrapolated."""

from __future__ import annotations

import warnings

import networkx as nx
import numpy as np
import pytest
import shapely

import shangcheng_geo as sg
from shangcheng_geo import coverage, datasets

KM2 = 1e6
# ../shared/data-raw/osm/SOURCES.md: the 9 subdistricts that close in the extract
AREAS_KM2 = {
    "湖滨街道": 1.59,
    "清波街道": 2.25,
    "小营街道": 2.97,
    "望江街道": 4.74,
    "南星街道": 8.68,
    "紫阳街道": 5.80,
    "采荷街道": 2.57,
    "凯旋街道": 3.37,
    "闸弄口街道": 3.63,
}


def test_nine_subdistricts_have_their_areas_and_five_are_named_as_missing():
    g = datasets.subdistricts(geometry=True)
    assert len(g) == 14 and g.crs.to_epsg() == 4326
    has = g[~g.is_empty]
    areas = dict(zip(has["name"], has.to_crs(4549).area / KM2, strict=True))
    assert areas == pytest.approx(AREAS_KM2, abs=0.006)
    assert sum(areas.values()) == pytest.approx(35.6, abs=0.05)
    missing = set(g.loc[g.is_empty, "name"])
    assert missing == {"四季青街道", "彭埠街道", "笕桥街道", "九堡街道", "丁兰街道"}
    assert g.loc[g.is_empty, "boundary"].str.contains("no open boundary").all()
    assert "5 of 14" in g.attrs["provenance"]["missing"]


def test_facility_counts_inside_the_nine_subdistricts():
    """SOURCES.md counts, by the point (areas: their representative point) inside the 9."""
    inside = datasets.subdistrict_boundaries().union_all()
    fac = datasets.facilities()
    counts = fac[fac.within(inside)]["category"].value_counts().to_dict()
    for cat, n in {"school": 76, "kindergarten": 31, "hospital": 24, "clinic": 4,
                   "social_facility": 5, "pharmacy": 7}.items():  # fmt: skip
        assert counts.get(cat) == n, (cat, counts)
    # SOURCES.md gives 29 markets/supermarkets and 149 parks/gardens; by this rule one of
    # each lies just outside (its area reaches in, its representative point does not)
    assert counts["market"] + counts["supermarket"] == 28
    assert counts["park"] + counts["garden"] == 148


def test_bus_stops_and_their_western_core():
    bus = datasets.bus_stops()
    assert len(bus) == 1928
    x, y = bus.geometry.x, bus.geometry.y
    core = (x >= 120.14) & (x <= 120.21) & (y >= 30.19) & (y <= 30.30)
    assert int(core.sum()) == 1069


def test_layers_carry_osm_provenance_extent_and_date():
    for layer in (datasets.green_space(), datasets.facilities(), datasets.bus_stops(),
                  datasets.community_labels(), datasets.metro_construction()):  # fmt: skip
        prov = layer.attrs["provenance"]
        assert "OpenStreetMap" in prov["attribution"] and prov["osm_date"] == "2026-05-08"
        assert "western Shangcheng" in prov["extent"]
        assert (layer["licence"].str.contains("ODbL")).all()
        assert {"osm_id", "tags", "source", "confidence"} <= set(layer.columns)


def test_community_labels_named_in_the_issue_are_there():
    labels = datasets.community_labels().set_index("name")
    for name, osm_id in {"始版桥社区": 7284940625, "荷花塘社区": 7298191941,
                         "景芳社区": 7298199150, "海月桥社区": 5809093877}.items():  # fmt: skip
        assert int(labels.loc[name, "osm_id"]) == osm_id


def test_metro_under_construction_is_lines_not_stations():
    m = datasets.metro_construction()
    assert set(m.geom_type) == {"LineString"}
    assert any("10号线" in n for n in m["name"]) and any("18号线" in n for n in m["name"])
    assert m["status"].str.contains("under construction").all()


def test_unknown_facility_class_is_refused_with_the_choices():
    with pytest.raises(sg.InputError, match="kindergarten"):
        datasets.facilities("nursery_school")


# ------------------------------------------------------------------ the streets


def test_the_graph_and_the_arrays_are_the_same_network():
    G = datasets.streets(as_graph=True)
    net = datasets.streets()
    prepared = sg.network.prepare(G)
    assert prepared.n_edges == net.n_edges == G.number_of_edges()
    assert np.allclose(np.sort(prepared.length), np.sort(net.length))
    assert net.crs.to_epsg() == 4549


def _reference_distances(G, stations_xy, points_xy, cap=250.0, cutoff=2_000.0, piece_m=5_000.0):
    """Walking distance by the stated model, with networkx and shapely only: access leg to
    the nearest edge (<= cap) of the connected network (pieces of at least ``piece_m`` of
    street, and the largest), along the edge in length metres, Dijkstra, access leg."""
    pieces = [G.subgraph(c) for c in nx.connected_components(G)]
    metres = [sum(d["length"] for *_, d in p.edges(data=True)) for p in pieces]
    floor = min(piece_m, max(metres))
    edges = [
        e
        for p, m in zip(pieces, metres, strict=True)
        if m >= floor
        for e in p.edges(keys=True, data=True)
    ]
    lines = np.array([d["geometry"] for _, _, _, d in edges])
    tree = shapely.STRtree(lines)

    def snap(xy):
        pts = shapely.points(xy)
        idx, dist = tree.query_nearest(pts, return_distance=True, all_matches=False)
        out = []
        for (pi, ei), leg in zip(idx.T, dist, strict=True):
            a, b, _, d = edges[ei]
            line = lines[ei]
            start = shapely.get_point(line, 0)
            ax, ay = G.nodes[a]["x"], G.nodes[a]["y"]
            u, v = (a, b) if (abs(start.x - ax) + abs(start.y - ay)) < 1e-6 else (b, a)
            t = line.project(pts[pi]) * d["length"] / line.length if line.length else 0.0
            out.append((u, v, t, d["length"], leg))
        return out

    H = nx.Graph()
    for a, b, d in G.edges(data=True):
        if not H.has_edge(a, b) or H[a][b]["w"] > d["length"]:
            H.add_edge(a, b, w=d["length"])
    src = snap(stations_xy)
    for k, (u, v, t, L, leg) in enumerate(src):
        if leg <= cap:
            H.add_edge(("S", k), u, w=leg + t)
            H.add_edge(("S", k), v, w=leg + L - t)
            H.add_edge("S", ("S", k), w=0.0)
    dist = nx.single_source_dijkstra_path_length(H, "S", cutoff=cutoff, weight="w")
    result = []
    for u, v, t, L, leg in snap(points_xy):
        if leg > cap:
            result.append(np.nan)
            continue
        best = min(t + dist.get(u, np.inf), L - t + dist.get(v, np.inf))
        for su, sv, st_, _, sleg in src:  # a station on the same edge
            if sleg <= cap and {su, sv} == {u, v}:
                along = abs(t - st_) if su == u else abs(t - (L - st_))
                best = min(best, along + sleg)
        result.append(leg + best if leg + best <= cutoff else np.inf)
    return np.array(result)


@pytest.mark.parametrize("piece_m", [5_000.0, 0.0])
def test_walking_distances_on_the_embedded_streets_equal_networkx(piece_m):
    """500 random points in 湖滨 and 南星: the library's walking distance equals the
    networkx reference of the same model to 1e-6 m (snapping to the connected network by
    default, and to every piece with min_component_m=0)."""
    import geopandas as gpd

    rng = np.random.default_rng(7)
    sub = datasets.subdistrict_boundaries().set_index("name").to_crs(4549)
    area = shapely.union_all(sub.loc[["湖滨街道", "南星街道"]].geometry.values)
    minx, miny, maxx, maxy = area.bounds
    xy = rng.uniform([minx, miny], [maxx, maxy], size=(1500, 2))
    xy = xy[shapely.contains_xy(area, xy[:, 0], xy[:, 1])][:500]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        net = sg.network.prepare(datasets.streets(), min_component_m=piece_m)
        acc = sg.access.Access(as_of="2025-12-31", method="network", network=net)
    got = acc.distances(gpd.GeoDataFrame(geometry=shapely.points(xy), crs=4549), cutoff_m=2_000)
    st_xy = np.column_stack([acc.stations.geometry.x, acc.stations.geometry.y])
    ref = _reference_distances(datasets.streets(as_graph=True), st_xy, xy, piece_m=piece_m)
    lib = got["distance_m"].to_numpy()
    assert np.array_equal(np.isnan(lib), np.isnan(ref))
    finite = np.isfinite(lib) & np.isfinite(ref)
    assert finite.sum() > 300
    assert np.abs(lib[finite] - ref[finite]).max() < 1e-6
    assert np.array_equal(np.isinf(lib), np.isinf(ref))


def test_walking_by_default_reports_the_east_as_not_served():
    """method='network' with no network walks the embedded streets: 60 % of the district's
    land is not served by them (SOURCES.md: 40 % lies within 250 m), reported and warned,
    never counted as uncovered."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        cov = coverage.station_coverage(
            datasets.district(), as_of="2025-12-31", method="network", cell_m=50
        )
        straight = coverage.station_coverage(datasets.district(), as_of="2025-12-31")
    assert any("embedded streets cover western" in str(w.message) for w in seen)
    share = float(cov["not_served_share"].iloc[0])
    assert share == pytest.approx(0.60, abs=0.03)
    # the figure the maps quote, recorded by the build on 25 m cells
    recorded = datasets.catalog_value("streets_west", "district_not_served_share")
    assert recorded == pytest.approx(share, abs=0.01)
    assert "embedded" in cov.attrs["coverage"]["network"]
    # walking coverage is a lower bound, never above the straight line
    assert float(cov["coverage_ratio"].iloc[0]) <= float(straight["coverage_ratio"].iloc[0])


def test_coverage_by_subdistrict_lists_all_fourteen_and_gives_the_missing_no_data():
    units = datasets.subdistricts(geometry=True)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        cov = coverage.station_coverage(units, as_of="2025-12-31")
    named = [str(w.message) for w in seen if "no boundary" in str(w.message)]
    assert len(named) == 1 and "九堡街道" in named[0] and "NaN" in named[0]
    assert len(cov) == 14
    missing = units.is_empty.to_numpy()
    assert cov["coverage_ratio"][missing].isna().all()
    assert cov["coverage_ratio"][~missing].between(0, 1).all()
    hubin = cov.set_index("name").loc["湖滨街道", "coverage_ratio"]
    assert hubin == pytest.approx(0.979, abs=0.01)  # the issue's straight-line figure


def test_a_unit_wholly_beyond_the_streets_has_no_data_and_is_named():
    import geopandas as gpd
    from shapely.geometry import box

    units = gpd.GeoDataFrame(
        {"name": ["西湖边", "九堡东"]},
        geometry=[box(120.16, 30.245, 120.17, 30.255), box(120.30, 30.30, 120.31, 30.31)],
        crs=4326,
    )
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        cov = coverage.station_coverage(units, as_of="2025-12-31", method="network", cell_m=25)
    wholly = [str(w.message) for w in seen if "wholly beyond" in str(w.message)]
    assert len(wholly) == 1 and "九堡东" in wholly[0] and "西湖边" not in wholly[0]
    assert np.isnan(cov["coverage_ratio"].iloc[1]) and cov["not_served_share"].iloc[1] == 1.0
    assert 0 < cov["coverage_ratio"].iloc[0] <= 1


def test_bus_stop_coverage_is_one_call_on_the_same_model():
    """公交站点300/500米覆盖率 for 湖滨, against a plain-geopandas overlay."""
    units = datasets.subdistrict_boundaries()
    hubin = units[units["name"] == "湖滨街道"]
    bus = datasets.bus_stops()
    cov = coverage.station_coverage(hubin, bus, radius_m=[300, 500], base="unit")
    h = hubin.to_crs(4549).geometry.iloc[0]
    for r in (300, 500):
        disks = bus.to_crs(4549).buffer(r, quad_segs=64).union_all()
        expected = h.intersection(disks).area / h.area
        assert cov[f"coverage_ratio_{r}"].iloc[0] == pytest.approx(expected, abs=2e-3)


def test_compare_methods_runs_on_the_embedded_streets():
    sub = datasets.subdistrict_boundaries()
    hubin = sub[sub["name"] == "湖滨街道"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        r = coverage.compare_methods(hubin, as_of="2025-12-31", cell_m=20)
    walk, line = float(r["coverage_network"].iloc[0]), float(r["coverage_euclidean"].iloc[0])
    assert 0 < walk <= line <= 1
    assert float(r["not_served_share"].iloc[0]) < 0.05


def test_park_entrances_lie_on_their_parks_outline():
    e = datasets.park_entrances().to_crs(4549)
    assert len(e) >= 1 and e["park_osm_id"].notna().all()
    import geopandas as gpd

    fp = gpd.read_file(datasets.data_dir() / "osm_west.gpkg", layer="facility_areas")
    fp = fp.set_index("osm_id").to_crs(4549)
    for _, row in e.iterrows():
        outline = fp.loc[[row["park_osm_id"]]].geometry.boundary.union_all()
        assert row.geometry.distance(outline) <= 5.0


def test_walking_coverage_of_cells_agrees_with_the_reference_on_a_subsample():
    """湖滨: the library's 800 m walking coverage (10 m cells) against the share of 400 random
    points that the networkx reference finds within 800 m: equal within 4 standard errors."""
    import geopandas as gpd

    sub = datasets.subdistrict_boundaries().set_index("name").to_crs(4549)
    hubin = sub.geometry.loc["湖滨街道"]
    rng = np.random.default_rng(11)
    minx, miny, maxx, maxy = hubin.bounds
    xy = rng.uniform([minx, miny], [maxx, maxy], size=(1200, 2))
    xy = xy[shapely.contains_xy(hubin, xy[:, 0], xy[:, 1])][:400]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        acc = sg.access.Access(as_of="2025-12-31", method="network")
        cov = acc.coverage(gpd.GeoDataFrame(geometry=[hubin], crs=4549), base="unit")
    st_xy = np.column_stack([acc.stations.geometry.x, acc.stations.geometry.y])
    ref = _reference_distances(datasets.streets(as_graph=True), st_xy, xy)
    p = float(np.mean(ref <= 800))
    se = (p * (1 - p) / len(xy)) ** 0.5
    assert abs(float(cov["coverage_ratio"].iloc[0]) - p) <= 4 * se + 0.005
