"""Greenway service coverage (green/service.py): analytic bands and the real subdistricts."""

from __future__ import annotations

import math
import warnings

import geopandas as gpd
import pytest
from shapely.geometry import LineString, box
from shapes import CRS, X0, Y0

import shangcheng_geo as sg
from shangcheng_geo import datasets, green


def test_a_band_along_one_greenway_is_analytic():
    unit = gpd.GeoDataFrame(geometry=[box(X0, Y0, X0 + 4_000, Y0 + 2_000)], crs=CRS)
    way = gpd.GeoDataFrame(
        geometry=[LineString([(X0 + 1_000, Y0 + 1_000), (X0 + 3_000, Y0 + 1_000)])], crs=CRS
    )
    cov = green.greenway_coverage(unit, radius_m=500, base="unit", greenways=way)
    stadium = 2_000 * 1_000 + math.pi * 500**2  # the 500 m band round a 2 km line
    assert cov["covered_m2"].iloc[0] == pytest.approx(stadium, rel=1e-3)
    assert cov["coverage_ratio"].iloc[0] == pytest.approx(stadium / 8e6, rel=1e-3)


def test_subdistricts_by_an_independent_overlay_and_no_data_for_the_east():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cov = green.greenway_coverage()
    assert len(cov) == 14 and cov.attrs["greenways"]["n_unlocated"] == 8
    east = cov["name"].isin(["九堡街道", "丁兰街道", "笕桥街道", "彭埠街道", "四季青街道"])
    assert cov.loc[east, "coverage_ratio"].isna().all()
    from shangcheng_geo.plan.greenways import greenways

    g = greenways()
    reach = g[~g.is_empty].to_crs(4549).buffer(1_000, quad_segs=64).union_all()
    water = datasets.water().to_crs(4549).union_all()
    sub = datasets.subdistrict_boundaries().to_crs(4549).set_index("name")
    for name in ("南星街道", "小营街道"):
        land = sub.geometry.loc[name].difference(water)
        expected = land.intersection(reach).area / land.area
        got = cov.set_index("name").loc[name, "coverage_ratio"]
        assert got == pytest.approx(expected, rel=1e-6)


# ------------------------------------------------------------------ park service radii


def parks_by_hand(parks_m):
    """Each park's service area by the standard's tiers, in plain geopandas (64 segments
    per quarter circle, the resolution of the library's circles)."""
    area = parks_m.area
    radius = area.where(area >= 5_000, 0).where(area < 5_000, 500.0)
    radius = radius.where(~((area >= 2_000) & (area < 5_000)), 300.0)
    keep = radius > 0
    return parks_m[keep].buffer(radius[keep], quad_segs=64)


def test_parks_serving_are_counted_per_unit():
    west = box(X0, Y0, X0 + 2_000, Y0 + 2_000)
    east = box(X0 + 10_000, Y0, X0 + 12_000, Y0 + 2_000)
    units = gpd.GeoDataFrame({"name": ["west", "east"]}, geometry=[west, east], crs=CRS)
    parks = gpd.GeoDataFrame(
        geometry=[
            box(X0 + 500, Y0 + 500, X0 + 600, Y0 + 600),  # 1 ha inside the west unit
            box(X0 - 600, Y0, X0 - 500, Y0 + 100),  # 1 ha, its 500 m reaches 0 m short: touches
            box(X0 + 2_200, Y0, X0 + 2_300, Y0 + 100),  # 1 ha 200 m east of it: serves it
            box(X0 + 11_000, Y0, X0 + 11_040, Y0 + 40),  # 1,600 m²: serves nothing
        ],
        crs=CRS,
    )
    res = green.park_service_coverage(units, parks, base="unit")
    assert res["n_parks_serving"].tolist() == [2, 0]
    assert res.loc[1, "served_m2"] == 0 and res.loc[1, "service_ratio"] == 0


@pytest.fixture(scope="module")
def subdistricts():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 5 subdistricts have no boundary
        return datasets.subdistricts(geometry=True)


@pytest.fixture(scope="module")
def on_land(subdistricts):
    """The default measure (base='land') of the 14 subdistricts, and the warning it gave."""
    with pytest.warns(sg.DataQualityWarning) as record:
        res = green.park_service_coverage(subdistricts, datasets.green_space())
    return res, " ".join(str(w.message) for w in record)


def test_parks_serving_each_subdistrict_match_an_independent_overlay(subdistricts, on_land):
    parks = datasets.green_space()
    with pytest.warns(sg.DataQualityWarning, match="no boundary"):
        res = green.park_service_coverage(subdistricts, parks, base="unit")
    served = parks_by_hand(parks.to_crs(4549))
    known = ~subdistricts.is_empty
    units = subdistricts[known].to_crs(4549).geometry
    got = res.loc[known, "n_parks_serving"].astype(int).tolist()
    assert got == [int(served.intersects(g).sum()) for g in units]
    assert len(set(got)) > 3 and max(got) < len(served)  # per unit, not the layer's total
    land = units.difference(datasets.water().to_crs(4549).union_all())
    assert on_land[0].loc[known, "n_parks_serving"].astype(int).tolist() == [
        int(served.intersects(g).sum()) for g in land
    ]


def test_park_service_keeps_units_without_a_boundary_as_no_data(subdistricts, on_land):
    res, message = on_land
    assert "5 row(s) with no boundary" in message and "九堡街道" in message
    assert len(res) == 14 and res.index.equals(subdistricts.index)
    assert list(res["name"]) == list(subdistricts["name"])
    east = subdistricts.is_empty
    assert res.loc[east, "service_ratio"].isna().all() and res.loc[east, "served_m2"].isna().all()
    assert res.loc[east, "n_parks_serving"].isna().all()
    assert res.loc[~east, "service_ratio"].notna().all()
    assert res.loc[~east, "service_ratio"].between(0, 1).all()
