"""Station coverage: analytic shapes, invariants, real data, bad input."""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from geopandas.testing import assert_geodataframe_equal
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box
from shapes import CRS, X0, Y0, band, square, stations_at, street_network

import shangcheng_geo as sg
from shangcheng_geo import coverage, datasets


def lens(d, r):
    return 2 * r * r * math.acos(d / (2 * r)) - 0.5 * d * math.sqrt(4 * r * r - d * d)


def test_lone_catchment_is_pi_r_squared():
    cov = coverage.station_coverage(square(), stations_at((0, 0)), radius_m=800, base="unit")
    exact = math.pi * 800**2
    assert cov["covered_m2"].iloc[0] == pytest.approx(exact, rel=5e-4)
    assert cov["covered_m2"].iloc[0] < exact  # inscribed polygon: never above the circle
    assert cov["base_m2"].iloc[0] == pytest.approx(1e8)
    assert cov["coverage_ratio"].iloc[0] == pytest.approx(exact / 1e8, rel=5e-4)


@pytest.mark.parametrize("d", [0.0, 200.0, 800.0, 1500.0, 1600.0, 2500.0])
def test_overlapping_catchments_are_not_double_counted(d):
    r = 800.0
    cov = coverage.station_coverage(square(), stations_at((0, 0), (d, 0)), radius_m=r, base="unit")
    exact = 2 * math.pi * r * r - (lens(d, r) if d < 2 * r else 0.0)
    assert cov["covered_m2"].iloc[0] == pytest.approx(exact, rel=5e-4)


def test_several_radii_in_one_call_and_alignment():
    units = square(index=["unit-a"])
    before = units.copy()
    cov = coverage.station_coverage(units, stations_at((0, 0)), radius_m=[300, 800], base="unit")
    assert list(cov.index) == ["unit-a"]
    assert {
        "covered_m2_300",
        "covered_m2_800",
        "coverage_ratio_300",
        "coverage_ratio_800",
        "base_m2",
        "name",
    } <= set(cov.columns)
    assert cov["covered_m2_300"].iloc[0] == pytest.approx(math.pi * 300**2, rel=5e-4)
    assert_geodataframe_equal(units, before)
    assert cov.crs == units.crs


def test_land_base_excludes_water():
    water = gpd.GeoDataFrame(geometry=[box(X0, Y0 - 5_000, X0 + 5_000, Y0 + 5_000)], crs=CRS)
    cov = coverage.station_coverage(
        square(), stations_at((0, 0)), radius_m=800, base="land", water=water
    )
    assert cov["base_m2"].iloc[0] == pytest.approx(5e7)
    # half the circle lies on land (the station sits on the shore line)
    assert cov["covered_m2"].iloc[0] == pytest.approx(math.pi * 800**2 / 2, rel=5e-4)


def test_weighted_points_base():
    rng = np.random.default_rng(3)
    xy = rng.uniform(-4_000, 4_000, size=(500, 2))
    w = rng.uniform(0, 10, size=500)
    pts = gpd.GeoDataFrame(
        {"pop": w}, geometry=gpd.points_from_xy(X0 + xy[:, 0], Y0 + xy[:, 1]), crs=CRS
    )
    stn = stations_at((0, 0), (1_500, 1_500))
    cov = coverage.station_coverage(
        square(), stn, radius_m=1000, base="weights", weights=pts, weight_col="pop"
    )
    d = np.minimum(np.hypot(xy[:, 0], xy[:, 1]), np.hypot(xy[:, 0] - 1_500, xy[:, 1] - 1_500))
    # points within 1 m of a circle edge could fall either side of the 256-gon
    edge = np.abs(d - 1000) < 1
    expected = w[d < 1000].sum()
    assert abs(cov["covered_weight"].iloc[0] - expected) <= w[edge].sum() + 1e-9
    assert cov["base_weight"].iloc[0] == pytest.approx(w.sum())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-6_000, 6_000), st.floats(-6_000, 6_000)), min_size=1, max_size=6),
    st.tuples(st.floats(-6_000, 6_000), st.floats(-6_000, 6_000)),
    st.floats(100, 1_500),
)
def test_coverage_never_falls_when_a_station_or_radius_is_added(xy, extra, r):
    from shangcheng_geo._validate import radius_suffix

    unit = square()
    base = coverage.station_coverage(unit, stations_at(*xy), radius_m=[r, r + 200], base="unit")
    more = coverage.station_coverage(unit, stations_at(*xy, extra), radius_m=r, base="unit")
    a, b = (
        base["coverage_ratio_" + radius_suffix(r)].iloc[0],
        more["coverage_ratio"].iloc[0],
    )
    bigger = base["coverage_ratio_" + radius_suffix(r + 200)].iloc[0]
    assert 0.0 <= a <= 1.0 and 0.0 <= b <= 1.0
    assert b >= a - 1e-12
    assert bigger >= a - 1e-12


def test_gaps_plus_covered_equal_the_base():
    stn = stations_at((0, 0), (3_000, 0))
    cov = coverage.station_coverage(square(), stn, radius_m=800, base="unit")
    gaps = coverage.coverage_gaps(square(), stn, radius_m=800, base="unit")
    assert gaps["area_m2"].sum() + cov["covered_m2"].iloc[0] == pytest.approx(1e8, rel=1e-9)
    assert gaps["area_m2"].is_monotonic_decreasing and gaps["rank"].tolist()[0] == 1
    assert (gaps["unit"] == 0).all() and gaps.crs.to_epsg() == 4326


def test_site_access_distances_and_unlocated_sites():
    sites = gpd.GeoDataFrame(
        {"name_zh": ["near", "far", "nowhere"]},
        geometry=[Point(X0 + 300, Y0 + 400), Point(X0 + 3_000, Y0), Point()],
        crs=CRS,
    )
    with pytest.warns(sg.DataQualityWarning, match="nowhere"):
        acc = coverage.site_access(sites, stations_at((0, 0), (2_000, 0)), radius_m=800)
    assert acc.loc[0, "distance_m"] == pytest.approx(500.0)
    assert acc.loc[0, "nearest_station"] == "s0" and bool(acc.loc[0, "within_radius"])
    assert acc.loc[1, "distance_m"] == pytest.approx(1_000.0)
    assert not bool(acc.loc[1, "within_radius"])
    assert math.isnan(acc.loc[2, "distance_m"]) and acc["within_radius"].isna().iloc[2]


def test_empty_station_set_gives_zero_with_a_warning():
    with pytest.warns(sg.DataQualityWarning, match="every ratio is 0"):
        cov = coverage.station_coverage(square(), stations_at((0, 0)).iloc[:0], base="unit")
    assert cov["coverage_ratio"].iloc[0] == 0


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"radius_m": 0}, "positive"),
        ({"radius_m": float("nan")}, "positive"),
        ({"radius_m": [800, 800]}, "twice"),
        ({"radius_m": "far"}, "numbers"),
        ({"base": "roads"}, "base must be one of"),
        ({"method": "walk"}, "method must be one of"),
        ({"base": "weights"}, "weight_col"),
    ],
)
def test_bad_options(kwargs, match):
    with pytest.raises(sg.InputError, match=match):
        coverage.station_coverage(square(), stations_at((0, 0)), **kwargs)


def test_bad_layers():
    naive = square().set_crs(None, allow_override=True)
    with pytest.raises(sg.CRSError, match="set_crs"):
        coverage.station_coverage(naive, stations_at((0, 0)))
    pts = stations_at((0, 0))
    with pytest.raises(sg.InputError, match="must contain polygons"):
        coverage.station_coverage(pts, pts)
    with pytest.raises(sg.InputError, match=r"duplicate station_id values: \['x'\]"):
        coverage.station_coverage(square(), stations_at((0, 0), (1, 1), ids=["x", "x"]))
    w = gpd.GeoDataFrame({"pop": [1.0, np.nan]}, geometry=[Point(X0, Y0)] * 2, crs=CRS)
    with pytest.raises(sg.InputError, match="NaN"):
        coverage.station_coverage(square(), pts, base="weights", weights=w, weight_col="pop")


# ------------------------------------------------------------------ real embedded data


@pytest.fixture(scope="module")
def district_2025():
    with pytest.warns(sg.DataQualityWarning, match="荆长路"):
        return coverage.station_coverage(datasets.district(), as_of="2025-12-31")


def test_district_coverage_agrees_with_an_independent_overlay(district_2025):
    """Recompute with plain geopandas (buffer, dissolve, overlay) and compare."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        st = datasets.stations(as_of="2025-12-31").to_crs(4549)
    district = datasets.district().to_crs(4549)
    land = district.overlay(datasets.water().to_crs(4549), how="difference")
    catch = gpd.GeoDataFrame(geometry=st.buffer(800, quad_segs=64), crs=4549).dissolve()
    covered = land.overlay(catch, how="intersection").area.sum()
    assert district_2025["covered_m2"].iloc[0] == pytest.approx(covered, rel=1e-6)
    assert district_2025["base_m2"].iloc[0] == pytest.approx(land.area.sum(), rel=1e-9)
    assert 0 < district_2025["coverage_ratio"].iloc[0] < 1


def test_readme_states_the_computed_district_figure(district_2025):
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    m = re.search(r"800 m station coverage[^\n]*?([0-9]+\.[0-9]) ?%", text)
    assert m, "README must state the district's 800 m coverage figure"
    assert float(m.group(1)) == pytest.approx(
        100 * district_2025["coverage_ratio"].iloc[0], abs=0.05
    )


def test_stations_outside_the_district_count_near_its_border():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        inside_only = coverage.station_coverage(
            datasets.district(), datasets.stations(in_shangcheng=True), as_of="2025-12-31"
        )
        everything = coverage.station_coverage(datasets.district(), as_of="2025-12-31")
    assert everything["covered_m2"].iloc[0] > inside_only["covered_m2"].iloc[0]


# ------------------------------------------------------------------ walking network


@pytest.mark.parametrize(("cell", "dx"), [(10.0, 0.0), (10.0, 3.3), (5.0, 1.7)])
def test_walking_coverage_of_one_straight_street_is_the_predicted_band(cell, dx):
    """Station on a straight street: covered land is |y| <= min(250, 800 - |x|) (access leg
    + along the street), 0.675 km², within the stated sampling bound and 1 % in practice."""
    from shangcheng_geo.access._sampling import error_bound_m2

    G = street_network((-5_000, 0, 5_000, 0))
    cov = coverage.station_coverage(
        band(), stations_at((dx, 0)), method="network", network=G, base="unit", cell_m=cell
    )
    exact = 4 * (550 * 250 + 250**2 / 2)
    boundary = 2 * 1_100 + 4 * 250 * math.sqrt(2)
    got = cov["covered_m2"].iloc[0]
    assert abs(got - exact) <= error_bound_m2(boundary, cell)
    assert got == pytest.approx(exact, rel=0.01)
    assert cov["not_served_share"].iloc[0] == 0.0
    assert cov.attrs["coverage"]["method"] == "network"
    # the old rule (streets buffered, legs not walked) would give 800 x 500 = 0.8 km²
    assert abs(got - 0.8e6) > 0.1e6


def test_land_beyond_max_snap_is_not_served_and_warned():
    G = street_network((-5_000, 0, 5_000, 0))
    with pytest.warns(sg.DataQualityWarning, match="beyond the network"):
        cov = coverage.station_coverage(
            band(half_y=500), stations_at((0, 0)), method="network", network=G, base="unit"
        )
    assert cov["not_served_share"].iloc[0] == pytest.approx(0.5, abs=0.01)
    assert cov["not_served_m2"].iloc[0] == pytest.approx(2e6, rel=0.01)
    gaps = coverage.coverage_gaps(
        band(half_y=500), stations_at((0, 0)), method="network", network=G, base="unit"
    )
    by_kind = gaps.groupby("kind")["area_m2"].sum()
    assert by_kind["not served by the network"] == pytest.approx(2e6, rel=0.01)
    total = by_kind.sum() + cov["covered_m2"].iloc[0]
    assert total == pytest.approx(4e6, rel=0.005)


def test_a_station_beyond_max_snap_adds_nothing_and_is_named():
    G = street_network((-5_000, 0, 5_000, 0), (-5_000, 900, 5_000, 900))
    far = stations_at((0, 450))
    far["name_zh"] = ["河心站"]
    with pytest.warns(sg.DataQualityWarning, match=r"河心站 \(450 m\)"):
        cov = coverage.station_coverage(band(), far, method="network", network=G, base="unit")
    assert cov["covered_m2"].iloc[0] == 0.0
    assert cov.attrs["coverage"]["n_used"] == 0


def test_the_river_is_a_barrier_for_walking_not_for_circles():
    # banks 600 m apart (the river wider than max_snap_m), a bridge only 5 km away
    G = street_network((-5_000, 0, 5_000, 0), (-5_000, 600, 5_000, 600), (5_000, 0, 5_000, 600))
    north_bank = gpd.GeoDataFrame(
        geometry=[box(X0 - 1_000, Y0 + 500, X0 + 1_000, Y0 + 700)], crs=CRS
    )
    straight = coverage.station_coverage(north_bank, stations_at((0, 0)), base="unit")
    walking = coverage.station_coverage(
        north_bank, stations_at((0, 0)), base="unit", method="network", network=G
    )
    assert straight["coverage_ratio"].iloc[0] > 0.5
    assert walking["coverage_ratio"].iloc[0] == 0.0
    both = coverage.compare_methods(north_bank, stations_at((0, 0)), network=G, base="unit")
    assert both["coverage_euclidean"].iloc[0] == pytest.approx(
        straight["coverage_ratio"].iloc[0], abs=0.01
    )
    assert both["difference"].iloc[0] == both["coverage_euclidean"].iloc[0]


def random_street_grid(seed):
    """A jittered 6 x 6 street grid with some streets missing; lengths = geometry."""
    import networkx as nx

    rng = np.random.default_rng(seed)
    G = nx.MultiGraph(crs=CRS)
    for i in range(6):
        for j in range(6):
            G.add_node(
                (i, j), x=X0 + i * 300 + rng.uniform(-80, 80), y=Y0 + j * 300 + rng.uniform(-80, 80)
            )
    for i in range(6):
        for j in range(6):
            for a, b in ((i + 1, j), (i, j + 1)):
                if a < 6 and b < 6 and rng.random() < 0.8:
                    p, q = G.nodes[(i, j)], G.nodes[(a, b)]
                    G.add_edge((i, j), (a, b), length=math.hypot(p["x"] - q["x"], p["y"] - q["y"]))
    return G


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 4), st.floats(200, 1_200))
def test_walking_never_beats_the_straight_line(seed, n_stations, radius):
    from shangcheng_geo import access

    rng = np.random.default_rng(seed)
    G = random_street_grid(seed)
    if G.number_of_edges() == 0:
        return
    stn = stations_at(*[tuple(rng.uniform(-100, 1_600, 2)) for _ in range(n_stations)])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # stations or land off-network
        walk = access.Access(stn, method="network", network=G, cell_m=25)
        line = access.Access(stn)
        pts = gpd.GeoDataFrame(
            geometry=gpd.points_from_xy(
                *(rng.uniform(-300, 1_800, (2, 300)) + np.array([[X0], [Y0]]))
            ),
            crs=CRS,
        )
        dw = walk.distances(pts)["distance_m"].to_numpy()
        dl = line.distances(pts)["distance_m"].to_numpy()
        assert (np.isnan(dw) | (dw >= dl - 1e-9)).all()
        unit = gpd.GeoDataFrame(geometry=[box(X0 - 200, Y0 - 200, X0 + 1_700, Y0 + 1_700)], crs=CRS)
        both = coverage.compare_methods(
            unit, stn, network=G, radius_m=radius, base="unit", cell_m=25
        )
    assert (both["coverage_network"] <= both["coverage_euclidean"]).all()
    assert (both["difference"] >= 0).all()


def test_network_gaps_and_site_access():
    # lines connect only at shared end points: split the east-west street at the junction
    G = street_network((-5_000, 0, 0, 0), (0, 0, 5_000, 0), (0, 0, 0, 3_000))
    unit = band(half_x=1_000, half_y=240)
    gaps = coverage.coverage_gaps(
        unit, stations_at((0, 0)), radius_m=800, base="unit", method="network", network=G
    )
    cov = coverage.station_coverage(
        unit, stations_at((0, 0)), radius_m=800, base="unit", method="network", network=G
    )
    assert set(gaps["kind"]) == {"uncovered"}
    assert gaps["area_m2"].sum() + cov["covered_m2"].iloc[0] == pytest.approx(2000 * 480, rel=0.01)
    sites = gpd.GeoDataFrame(
        {"name_zh": ["a", "b", "c"]},
        geometry=[Point(X0 + 300, Y0 + 20), Point(X0 + 5, Y0 + 2_000), Point(X0 + 2_000, Y0 + 900)],
        crs=CRS,
    )
    acc = coverage.site_access(sites, stations_at((100, 0)), method="network", network=G)
    # a: 20 m leg + 200 m along; b: 5 m leg + 2,000 m up + 100 m; c: 900 m from every street
    assert acc["distance_m"].tolist()[:2] == pytest.approx([220.0, 2_105.0])
    assert np.isnan(acc["distance_m"].iloc[2]) and not acc["served"].iloc[2]
    assert acc["within_radius"].tolist()[:2] == [True, False]
    assert acc["within_radius"].isna().iloc[2]


def test_population_raster_weights_are_area_weighted_at_pixel_edges(tmp_path):
    rasterio = pytest.importorskip("rasterio", reason="rasterio (the raster extra) is missing")
    from rasterio.transform import from_origin

    # 100 x 100 pixels of 100 m with 7 people each, over the whole test square
    path = tmp_path / "pop.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=100,
        height=100,
        count=1,
        dtype="float32",
        crs=CRS,
        nodata=-1,
        transform=from_origin(X0 - 5_000, Y0 + 5_000, 100, 100),
    ) as ds:
        data = np.full((1, 100, 100), 7.0, "float32")
        data[0, :10, :] = -1  # a nodata strip along the top
        ds.write(data)
    cov = coverage.station_coverage(
        square(), stations_at((123.4, -56.7)), radius_m=800, base="weights", weights=path
    )
    disk = Point(X0 + 123.4, Y0 - 56.7).buffer(800, quad_segs=64).area
    assert cov["covered_weight"].iloc[0] == pytest.approx(7 * disk / 1e4, rel=1e-9)
    assert cov["base_weight"].iloc[0] == pytest.approx(7 * 90 * 100)
    assert cov["nodata_share"].iloc[0] == pytest.approx(0.1)


@pytest.mark.parametrize(
    "call",
    [
        lambda: coverage.station_coverage(datasets.district(), as_of="2025-12-31"),
        lambda: coverage.coverage_timeline(datasets.district(), dates=["2025-12-31"]),
        lambda: coverage.site_access(
            gpd.GeoDataFrame(geometry=[Point(120.21, 30.29)], crs=4326),
            as_of="2025-12-31",
            engine="dask",
        ),
    ],
    ids=["coverage", "timeline", "dask"],
)
def test_warnings_point_at_the_callers_line(call):
    """荆长路's unknown opening date is reported at the line in the user's code (here, this
    file), however deep in the library it is found."""
    pytest.importorskip("dask_geopandas", reason="dask-geopandas (the dask extra) is missing")
    with pytest.warns(sg.DataQualityWarning, match="荆长路") as record:
        call()
    assert {Path(w.filename).name for w in record} == {Path(__file__).name}


def test_wubao_and_liubao_raise_the_districts_coverage_from_their_in_service_date():
    """About 1.9 points more of the district's land lies within 800 m once 五堡 and 六堡
    count (2026-08-14), checked with a plain geopandas buffer / dissolve / overlay."""
    district = datasets.district().to_crs(4549)
    land = district.overlay(datasets.water().to_crs(4549), how="difference").union_all()
    everything = datasets.stations().to_crs(4549)
    by_hand = {}
    for day, with_them in (("2026-08-13", False), ("2026-08-14", True)):
        st = everything[everything["opened"].notna() | with_them]
        st = st[st["name_zh"] != "荆长路"]
        circles = gpd.GeoSeries(st.buffer(800, quad_segs=64), crs=4549).union_all()
        by_hand[day] = land.intersection(circles).area / land.area
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sg.DataQualityWarning)
            ours = coverage.station_coverage(datasets.district(), as_of=day)
        assert ours["coverage_ratio"].iloc[0] == pytest.approx(by_hand[day], abs=1e-9)
    rise = (by_hand["2026-08-14"] - by_hand["2026-08-13"]) * 100
    assert 1.5 < rise < 2.3


def test_radius_columns_are_unique_and_readable_and_bools_are_not_metres():
    cov = coverage.station_coverage(
        square(), stations_at((0, 0)), radius_m=[500, 500.5, 1e5], base="unit"
    )
    assert {"coverage_ratio_500", "coverage_ratio_500_5", "coverage_ratio_100000"} <= set(
        cov.columns
    )
    with pytest.raises(sg.InputError, match="beyond 100,000 m"):
        coverage.catchments(stations_at((0, 0)), radius_m=1e7)
    with pytest.raises(sg.InputError, match="same name"):
        coverage.station_coverage(square(), stations_at((0, 0)), radius_m=[500, 500.0001])
    with pytest.raises(sg.InputError, match="received True"):
        coverage.station_coverage(square(), stations_at((0, 0)), radius_m=True)


def test_station_coverage_keeps_the_output_contract(contract):
    units = square(index=["a"]).to_crs(4326)
    before = units.copy()
    out = coverage.station_coverage(units, stations_at((0, 0)), radius_m=800, base="unit")
    contract(out, units, before=before)


def test_datum_converts_gcj02_inputs_instead_of_measuring_them_shifted():
    import re
    import warnings

    from shangcheng_geo import coverage, crs, datasets, maps, plan, sites

    district = datasets.district()
    amap = crs.to_datum(district, "gcj02")  # what a planner copies from Amap
    stations = crs.to_datum(datasets.stations(), "gcj02")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = coverage.station_coverage(district, as_of="2025-12-31")["coverage_ratio"].iloc[0]
        got = coverage.station_coverage(amap, stations, as_of="2025-12-31", datum="gcj02")
        shifted = coverage.station_coverage(amap, as_of="2025-12-31")["coverage_ratio"].iloc[0]
        fc = sites.future_communities()
        fc = fc[~fc.geometry.is_empty]
        a = coverage.site_access(fc, as_of="2025-12-31")
        b = coverage.site_access(crs.to_datum(fc, "gcj02"), stations, as_of="2025-12-31",
                                 datum="gcj02")  # fmt: skip
        zones = plan.structure_metric("14th").to_crs(4326)

        def shares(page_map):  # the per-zone percentages of the choropleth
            return re.findall(r'"coverage_pct": "([\d.]+)"', page_map.get_root().render())

        drawn = shares(maps.coverage_map(zones, as_of="2025-12-31", network=None, tiles=None))
        drawn_amap = shares(maps.coverage_map(crs.to_datum(zones, "gcj02"), stations,
                                              as_of="2025-12-31", datum="gcj02", network=None,
                                              tiles=None))  # fmt: skip
        drawn_shifted = shares(
            maps.coverage_map(
                crs.to_datum(zones, "gcj02"), as_of="2025-12-31", network=None, tiles=None
            )
        )
    assert abs(got["coverage_ratio"].iloc[0] - ref) < 1e-6
    assert abs(shifted - ref) > 1e-4  # measured without the conversion, it is off
    assert got.crs.to_epsg() == 4326 and list(got.index) == list(amap.index)
    assert (b["distance_m"] - a["distance_m"]).abs().max() < 0.01
    assert len(drawn) == 8 and drawn_amap == drawn and drawn_shifted != drawn
    with pytest.raises(sg.InputError, match="datum"):
        coverage.station_coverage(district, datum="gcj2")


def test_site_access_searches_the_network_to_the_one_default_cutoff():
    """Walking distances beyond ``DEFAULT_CUTOFF_M`` (5 km) come back as inf unless the
    caller asks for a longer search; every metro door that takes cutoff_m defaults to it."""
    import inspect

    from shangcheng_geo import scenarios, siting
    from shangcheng_geo._options import DEFAULT_CUTOFF_M

    assert DEFAULT_CUTOFF_M == 5_000.0
    G = street_network((0, 0, 6_000, 0))
    sites = stations_at((4_900, 0), (5_500, 0), ids=["near", "far"])
    st = stations_at((0, 0))
    d = coverage.site_access(sites, st, method="network", network=G)["distance_m"].tolist()
    assert d[0] == pytest.approx(4_900) and d[1] == math.inf
    longer = coverage.site_access(sites, st, method="network", network=G, cutoff_m=6_000)
    assert longer["distance_m"].tolist() == pytest.approx([4_900, 5_500])
    for module in (coverage, scenarios, siting):
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and "cutoff_m" in inspect.signature(obj).parameters:
                assert inspect.signature(obj).parameters["cutoff_m"].default == DEFAULT_CUTOFF_M


@pytest.mark.parametrize(
    "name",
    ["coverage", "scenarios", "siting", "units", "indicators", "planned"]
    + [f"plan.{m}" for m in ("layout", "riverfront", "sites", "zones", "greenways")],
)
def test_no_public_looking_function_is_left_outside_all(name):
    """A function or class a module defines is in its ``__all__`` (and so checked by the
    docstring test) or private: no helper such as ``gaps_metric`` looks public unchecked."""
    import importlib
    import inspect

    module = importlib.import_module(f"shangcheng_geo.{name}")
    defined = [
        n
        for n, obj in vars(module).items()
        if (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == module.__name__
        and not n.startswith("_")
    ]
    assert defined and set(defined) <= set(module.__all__)


def test_the_metro_and_plan_modules_import_without_their_heavy_dependencies():
    """Imports of package modules sit at the top of these modules; geopandas, pandas,
    shapely, pyproj and scipy stay where they are used, so importing them stays light."""
    import subprocess
    import sys

    modules = ["coverage", "scenarios", "siting", "units", "indicators", "planned"]
    modules += ["plan.layout", "plan.riverfront", "plan.sites", "plan.zones", "plan.greenways"]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module('shangcheng_geo.' + m)\n"
        "heavy = ('geopandas', 'pandas', 'shapely', 'pyproj', 'scipy', 'folium', 'rasterio')\n"
        "print(','.join(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


@pytest.mark.parametrize("method", ["euclidean", "network"])
def test_site_access_follows_each_row_when_index_labels_repeat(method):
    # labels 7, 7, 8, 8: one of the 7s and one of the 8s unlocated; results follow rows
    sites = gpd.GeoDataFrame(
        {"name": ["a", "b", "c", "d"]},
        geometry=[Point(X0 + 100, Y0), None, Point(X0 + 900, Y0), Point()],
        index=[7, 7, 8, 8],
        crs=CRS,
    )
    before = sites.copy()
    kwargs = {"method": "network", "network": street_network((-5_000, 0, 5_000, 0))}
    with pytest.warns(sg.DataQualityWarning, match="no location"):
        acc = coverage.site_access(
            sites, stations_at((0, 0)), **(kwargs if method != "euclidean" else {})
        )
    assert list(acc.index) == [7, 7, 8, 8] and acc["name"].tolist() == ["a", "b", "c", "d"]
    d = acc["distance_m"].to_numpy()
    assert d[[0, 2]] == pytest.approx([100.0, 900.0]) and np.isnan(d[[1, 3]]).all()
    assert acc["nearest_station"].tolist()[0] == "s0" and acc["nearest_station"].isna().tolist()[1]
    assert_geodataframe_equal(sites, before)
