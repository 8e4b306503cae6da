"""Plan structure: the derived riverfront axis, bank, corridor, indicative zones, versions."""

from __future__ import annotations

import pytest
import shapely
from pyproj import Geod

import shangcheng_geo as sg
from shangcheng_geo import datasets, plan


def test_axis_is_the_19km_shared_boundary(geo):
    axis = plan.riverfront_axis()
    assert len(axis) == 1 and axis.crs.to_epsg() == 4326
    line = axis.to_crs(4549).geometry.iloc[0]
    assert line.geom_type == "LineString"
    assert line.length / 1000 == pytest.approx(19.1, abs=0.4)
    assert axis["length_m"].iloc[0] == pytest.approx(line.length, rel=1e-9)
    # geodesic length on the ellipsoid agrees with the projected length
    geodesic = Geod(ellps="WGS84").geometry_length(axis.geometry.iloc[0])
    assert geodesic == pytest.approx(line.length, rel=2e-3)
    # it lies on the district boundary and on the boundary of Binjiang + Xiaoshan
    d = datasets.districts().to_crs(4549)
    across = d[d["adcode"].isin(["330108", "330109"])].union_all()
    vertices = shapely.points(shapely.get_coordinates(line))
    assert shapely.distance(geo["district"].boundary, vertices).max() < 0.01
    assert shapely.distance(across.boundary, vertices).max() < 1.0
    # the rest of the district boundary is farther away from the neighbours
    assert line.length < 0.5 * geo["district"].boundary.length


def test_north_bank_lies_between_land_and_water(geo):
    bank = plan.north_bank().to_crs(4549).geometry.iloc[0]
    assert bank.length > plan.riverfront_axis()["length_m"].iloc[0]
    assert geo["district"].buffer(1).contains(bank)
    assert geo["land"].distance(bank) < 1 and geo["water"].distance(bank) < 1
    axis = plan.riverfront_axis().to_crs(4549).geometry.iloc[0]
    # the bank runs north of the mid-line, a few hundred metres to ~1.5 km away
    assert 100 < bank.interpolate(0.5, normalized=True).distance(axis) < 2500


def test_corridor_is_land_near_the_bank_and_grows_with_width(geo):
    areas = []
    for width in (50, 500, 1000, 2000):
        c = plan.riverfront_corridor(width_m=width).to_crs(4549).geometry.iloc[0]
        assert c.difference(geo["land"]).area < 1.0  # no water, nothing outside the district
        areas.append(c.area)
    assert areas == sorted(areas)
    bank_len = plan.north_bank()["length_m"].iloc[0]
    # a thin corridor is close to width x bank length (both sides are land only on one side)
    assert areas[0] == pytest.approx(50 * bank_len, rel=0.15)
    assert areas[-1] <= 2000 * bank_len


@pytest.mark.parametrize("bad", [0, -5, float("nan"), float("inf"), "wide"])
def test_corridor_width_is_validated(bad):
    with pytest.raises(sg.InputError, match="width_m"):
        plan.riverfront_corridor(width_m=bad)
