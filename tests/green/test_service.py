"""Greenway service coverage (green/service.py): analytic bands and the real subdistricts."""

from __future__ import annotations

import math
import warnings

import geopandas as gpd
import pytest
from shapely.geometry import LineString, box
from shapes import CRS, X0, Y0

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
