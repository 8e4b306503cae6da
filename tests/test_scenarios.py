"""Scenarios (scenarios.py): coverage over time as lines open, and what-if stations."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
from shapely.geometry import Point
from shapes import CRS, X0, Y0, band, square, stations_at, street_network

import shangcheng_geo as sg
from shangcheng_geo import coverage


def test_timeline_rises_as_lines_open():
    stn = stations_at((0, 0), (2_000, 0), (4_000, 0))
    stn["opened"] = ["2012-11-24", "2015-06-01", None]
    with pytest.warns(sg.DataQualityWarning, match="s2"):
        t = coverage.coverage_timeline(square(), stn, radius_m=800, base="unit")
    assert t["date"].dt.year.tolist() == [2012, 2015]
    assert t["n_stations"].tolist() == [1, 2]
    assert t["covered_m2"].iloc[1] == pytest.approx(2 * t["covered_m2"].iloc[0], rel=1e-9)


def test_what_if_reports_the_gain():
    stn = stations_at((0, 0))
    cand = [(X0 + 3_000, Y0)]
    cand_gdf = gpd.GeoDataFrame(geometry=[Point(*cand[0])], crs=CRS)
    r = coverage.what_if(square(), cand_gdf, stn, radius_m=800, base="unit")
    assert r["gain_m2"].iloc[0] == pytest.approx(math.pi * 800**2, rel=5e-4)
    assert r["coverage_after"].iloc[0] > r["coverage_before"].iloc[0]
    far = gpd.GeoDataFrame(geometry=[Point(X0 + 50_000, Y0)], crs=CRS)
    assert coverage.what_if(square(), far, stn, radius_m=800, base="unit")["gain_m2"].iloc[0] == 0


def test_what_if_accepts_gcj02_pairs():
    wgs = gpd.GeoSeries([Point(X0 + 3_000, Y0)], crs=CRS).to_crs(4326).iloc[0]
    gx, gy = sg.crs.wgs84_to_gcj02(wgs.x, wgs.y)
    r = coverage.what_if(
        square(),
        [(float(gx), float(gy))],
        stations_at((0, 0)),
        radius_m=800,
        base="unit",
        datum="gcj02",
    )
    assert r["gain_m2"].iloc[0] == pytest.approx(math.pi * 800**2, rel=5e-4)


def test_yearly_timeline_and_network_timeline_and_what_if():
    stn = stations_at((0, 0), (2_000, 0))
    stn["opened"] = ["2012-11-24", "2015-06-01"]
    yearly = coverage.coverage_timeline(square(), stn, base="unit", dates="yearly")
    assert yearly["date"].dt.strftime("%Y-%m-%d").tolist() == [
        f"{y}-12-31" for y in range(2012, 2016)
    ]
    assert yearly["n_stations"].tolist() == [1, 1, 1, 2]
    with pytest.raises(sg.InputError, match="yearly"):
        coverage.coverage_timeline(square(), stn, dates="monthly")
    G = street_network((-5_000, 0, 0, 0), (0, 0, 2_000, 0), (2_000, 0, 5_000, 0))
    unit = band(half_x=4_000, half_y=240)
    walk = coverage.coverage_timeline(unit, stn, base="unit", method="network", network=G)
    one = 4 * (560 * 240 + 240**2 / 2)  # |y| <= min(240, 800 - |x|) within the band
    assert walk["covered_m2"].iloc[0] == pytest.approx(one, rel=0.01)
    assert walk["covered_m2"].iloc[-1] == pytest.approx(2 * one, rel=0.01)
    gain = coverage.what_if(
        unit,
        stn.iloc[[1]][["geometry"]],
        stn.iloc[[0]],
        base="unit",
        method="network",
        network=G,
    )
    # the second station covers 1,200..2,800 m, clear of the first's -800..800 m: a full
    # second band is gained
    assert gain["gain_m2"].iloc[0] == pytest.approx(one, rel=0.01)


def test_what_if_keeps_the_output_contract(contract):
    units = square(index=["z"]).to_crs(4326)
    before = units.copy()
    cand = gpd.GeoDataFrame(geometry=[Point(X0 + 3_000, Y0)], crs=CRS)
    out = coverage.what_if(units, cand, stations_at((0, 0)), radius_m=800, base="unit")
    contract(out, units, before=before)
