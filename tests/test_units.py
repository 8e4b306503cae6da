"""Analysis units: grids and H3 cells tile the extent exactly; named specs."""

from __future__ import annotations

import warnings

import geopandas as gpd
import pytest
from shapely.geometry import box

import shangcheng_geo as sg
from shangcheng_geo import datasets, units


@pytest.fixture(scope="module")
def district_area():
    return datasets.district().to_crs(4549).area.sum()


@pytest.mark.parametrize("size_m", [250, 1000, 3000])
def test_grid_tiles_the_district_exactly(size_m, district_area):
    g = units.grid(size_m=size_m)
    assert g.crs.to_epsg() == 4326 and g["cell_id"].is_unique
    m = g.to_crs(4549)
    assert m.area.sum() == pytest.approx(district_area, rel=1e-9)
    assert m.union_all().area == pytest.approx(district_area, rel=1e-9)  # no overlaps
    assert (g["area_m2"] <= size_m**2 * (1 + 1e-9)).all()
    # aligned to multiples of the cell size
    minx = m.bounds["minx"][g["area_m2"] > size_m**2 * 0.999]
    assert ((minx / size_m) - (minx / size_m).round()).abs().max() < 1e-6


def test_unclipped_grid_cells_are_full_squares():
    area = gpd.GeoDataFrame(geometry=[box(500_100, 3_300_100, 501_900, 3_300_900)], crs="EPSG:4549")
    g = units.grid(area, size_m=1000, clip=False)
    assert len(g) == 2 and g["area_m2"].tolist() == pytest.approx([1e6, 1e6])


@pytest.mark.parametrize("resolution", [6, 7, 8])
def test_h3_cells_cover_the_district(district_area, resolution):
    """Coarse cells too: a cell-centre rule missed 0.3 km² of thin riverside strips at 7."""
    h = units.h3_cells(resolution=resolution)
    m = h.to_crs(4549)
    assert h["h3"].is_unique
    assert m.area.sum() == pytest.approx(district_area, rel=1e-4)
    assert m.union_all().area == pytest.approx(m.area.sum(), rel=1e-6)


def test_the_command_line_owns_the_units_mini_language(tmp_path):
    from argparse import Namespace

    from shangcheng_geo import cli

    def named(spec):
        return cli._units(Namespace(units=spec, plan="14th", datum=None))

    assert not hasattr(units, "named")
    assert len(named("district")) == 1
    assert len(named("grid:2000")) == len(units.grid(size_m=2000))
    assert named("corridor:500")["width_m"].iloc[0] == 500
    with pytest.warns(sg.DataQualityWarning, match="area15:around_airport"):
        z = named("zones:15th-proposal")
    assert len(z) == 8
    path = tmp_path / "mine.gpkg"
    units.grid(size_m=3000).to_file(path)
    assert len(named(str(path))) == len(units.grid(size_m=3000))
    with pytest.raises(sg.ShangchengGeoError, match="unknown units 'streets'"):
        named("streets")
    with pytest.raises(sg.ShangchengGeoError, match="file not found"):
        named("missing/zones.geojson")
    with pytest.raises(sg.ShangchengGeoError, match="whole number"):
        named("h3:abc")
    with pytest.raises(sg.InputError, match="size_m"):
        units.grid(size_m=0)
    with pytest.raises(sg.InputError, match="resolution"):
        units.h3_cells(resolution=16)


def test_the_old_grid_cell_keyword_warns_and_still_works():
    with pytest.warns(DeprecationWarning, match="cell_m= is deprecated; use size_m="):
        old = units.grid(cell_m=3000)
    new = units.grid(size_m=3000)
    assert old["cell_id"].tolist() == new["cell_id"].tolist()
    assert old["area_m2"].tolist() == pytest.approx(new["area_m2"].tolist())
    assert len(new) != len(units.grid())  # the size is used, not the default 500 m
    with pytest.raises(sg.InputError, match="received both"):
        units.grid(size_m=2000, cell_m=3000)


def test_the_command_line_grid_gives_no_deprecation_warning():
    from argparse import Namespace

    from shangcheng_geo import cli

    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        g = cli._units(Namespace(units="grid:3000", plan="14th", datum=None))
    assert len(g) == len(units.grid(size_m=3000))
