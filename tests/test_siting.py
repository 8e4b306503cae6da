"""Greedy siting: analytic picks, no double counting, brute-force bound, cross-check."""

from __future__ import annotations

import itertools
import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box

import shangcheng_geo as sg
from shangcheng_geo import coverage, siting

X0, Y0 = 520_000.0, 3_350_000.0
CRS = "EPSG:4549"
R = 800.0


def unit():
    return gpd.GeoDataFrame(geometry=[box(X0, Y0, X0 + 6_000, Y0 + 6_000)], crs=CRS)


def points(*xy):
    return gpd.GeoDataFrame(
        {"site": [f"c{i}" for i in range(len(xy))]},
        geometry=[Point(X0 + a, Y0 + b) for a, b in xy],
        crs=CRS,
    )


def no_stations():
    return gpd.GeoDataFrame({"station_id": []}, geometry=[], crs=CRS)


def test_picks_the_full_disk_over_the_corner():
    c = points((0, 0), (3_000, 3_000), (6_000, 0))
    out = siting.greedy_siting(unit(), c, k=1, stations=no_stations(), base="unit")
    assert out["order"].tolist()[1] == 1
    assert out["gain"].iloc[1] == pytest.approx(math.pi * R * R, rel=5e-4)
    assert out.attrs["siting"]["objective"] == pytest.approx(math.pi * R * R, rel=5e-4)


def test_same_spot_twice_adds_nothing_the_second_time():
    c = points((3_000, 3_000), (3_000, 3_000), (1_000, 1_000))
    with pytest.warns(sg.DataQualityWarning, match=r"1 of the 3 picks add nothing \(index \[1\]\)"):
        out = siting.greedy_siting(unit(), c, k=3, stations=no_stations(), base="unit")
    gains = out["gain"].to_numpy()
    assert gains[0] == pytest.approx(math.pi * R * R, rel=5e-4)  # first pick: the centre
    assert gains[2] == pytest.approx(math.pi * R * R, rel=5e-4)  # the separate spot
    assert gains[1] == pytest.approx(0.0, abs=1e-6)  # the same spot again adds nothing
    assert out.attrs["siting"]["objective"] == pytest.approx(2 * math.pi * R * R, rel=5e-4)


def test_greedy_is_consistent_and_near_the_brute_force_optimum():
    rng = np.random.default_rng(11)
    xy = rng.uniform(0, 6_000, size=(7, 2))
    c = points(*map(tuple, xy))
    stations = gpd.GeoDataFrame(
        {"station_id": ["s"]}, geometry=[Point(X0 + 3_000, Y0 + 3_000)], crs=CRS
    )
    out = siting.greedy_siting(unit(), c, k=3, stations=stations, base="unit")
    target = unit().geometry.iloc[0].difference(stations.buffer(R, quad_segs=64).iloc[0])
    disks = c.buffer(R, quad_segs=64).values

    def covered(idx):
        return shapely.union_all(disks[list(idx)]).intersection(target).area

    chosen = out.index[out["order"].notna()].tolist()
    assert out.attrs["siting"]["objective"] == pytest.approx(covered(chosen), rel=1e-9)
    best = max(covered(s) for s in itertools.combinations(range(7), 3))
    assert covered(chosen) >= (1 - 1 / math.e) * best
    assert covered(chosen) <= best + 1e-6


def test_objective_equals_what_if_gain():
    c = points((1_000, 1_000), (4_000, 4_500), (5_500, 500))
    stations = gpd.GeoDataFrame(
        {"station_id": ["s"]}, geometry=[Point(X0 + 1_500, Y0 + 1_000)], crs=CRS
    )
    out = siting.greedy_siting(unit(), c, k=2, stations=stations, base="unit")
    picked = out[out["order"].notna()][["geometry"]]
    gain = coverage.what_if(unit(), picked, stations, base="unit")["gain_m2"].iloc[0]
    assert out.attrs["siting"]["objective"] == pytest.approx(gain, rel=1e-6)


def test_weighted_siting_counts_uncovered_weight():
    pts = gpd.GeoDataFrame(
        {"pop": [5.0, 5.0, 1.0, 100.0]},
        geometry=[
            Point(X0 + 1_000, Y0 + 1_000),
            Point(X0 + 1_100, Y0 + 1_000),
            Point(X0 + 5_000, Y0 + 5_000),
            Point(X0 + 3_000, Y0 + 3_000),
        ],
        crs=CRS,
    )
    stations = gpd.GeoDataFrame(
        {"station_id": ["s"]}, geometry=[Point(X0 + 3_000, Y0 + 3_100)], crs=CRS
    )  # already covers the 100
    c = points((1_050, 1_000), (5_000, 5_000))
    out = siting.greedy_siting(
        unit(), c, k=1, stations=stations, base="weights", weights=pts, weight_col="pop"
    )
    assert out["order"].tolist()[0] == 1
    assert out.attrs["siting"]["objective"] == 10.0
    assert out.attrs["siting"]["objective_unit"] == "weight"


def test_bad_k():
    with pytest.raises(sg.InputError, match="k must be an integer from 1 to 2"):
        siting.greedy_siting(unit(), points((0, 0), (1, 1)), k=3, stations=no_stations())


def test_siting_keeps_the_output_contract(contract):
    import geopandas as gpd
    from shapely.geometry import Point, box
    from shapes import X0, Y0

    unit = gpd.GeoDataFrame(geometry=[box(X0, Y0, X0 + 3000, Y0 + 1000)], crs=4549)
    far = gpd.GeoDataFrame(geometry=[Point(X0 - 9000, Y0)], crs=4549)
    cands = gpd.GeoDataFrame(
        geometry=[Point(X0 + 500, Y0 + 500), Point(X0 + 1500, Y0 + 500)],
        crs=4549,
        index=["p", "q"],
    ).to_crs(4326)
    before = cands.copy()
    pick = siting.greedy_siting(unit, cands, k=1, stations=far, base="unit")
    contract(pick, cands, before=before)
