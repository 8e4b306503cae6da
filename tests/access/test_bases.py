"""Bases (access/bases.py): the one rule for what a share is measured over."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box
from shapes import CRS, X0, Y0, square

import shangcheng_geo as sg
from shangcheng_geo.access import bases
from shangcheng_geo.access._units import Units


def _water():
    """A river crossing the square's northern quarter."""
    return gpd.GeoDataFrame(geometry=[box(X0 - 9_000, Y0 + 2_500, X0 + 9_000, Y0 + 9_000)], crs=CRS)


def test_unit_land_and_mask_are_analytic():
    sq = square()  # 10 km x 10 km
    unit = bases.base_geometries(sq, base="unit")
    land = bases.base_geometries(sq, base="land", water=_water())
    mask = gpd.GeoDataFrame(geometry=[box(X0 - 5_000, Y0 - 5_000, X0, Y0)], crs=CRS)
    masked = bases.base_geometries(sq, base=mask)
    assert shapely.area(unit)[0] == pytest.approx(1e8)
    assert shapely.area(land)[0] == pytest.approx(1e8 * 0.75)  # 2.5 of 10 km under water
    assert shapely.area(masked)[0] == pytest.approx(0.25e8)


def test_any_input_crs_gives_the_same_bases():
    sq = square()
    land_m = bases.base_geometries(sq, base="land", water=_water())
    land_ll = bases.base_geometries(sq.to_crs(4326), base="land", water=_water().to_crs(4326))
    assert shapely.area(land_ll)[0] == pytest.approx(shapely.area(land_m)[0], rel=1e-4)


def test_the_embedded_water_is_the_default():
    land = bases.base_geometries(sg.datasets.district())
    assert round(float(shapely.area(land)[0]) / 1e6) == 108


def test_prepared_units_cut_each_base_once_and_agree_with_the_public_rule():
    sq = square()
    water = _water()
    prepared = Units(sq)
    first = prepared.bases("land", water)
    assert prepared.bases("land", water) is first  # kept, not cut again
    assert shapely.equals(first, bases.base_geometries(sq, base="land", water=water)).all()


def test_a_bad_base_is_refused_with_the_choices():
    with pytest.raises(sg.InputError, match="'unit', 'land'"):
        bases.base_geometries(square(), base="area")
