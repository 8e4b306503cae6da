"""A green layer that maps only part of the units: the rest is no data, never 0 % green."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.affinity import translate
from shapely.geometry import box

import shangcheng_geo as sg
from shangcheng_geo import datasets, green


def _here(*shapes):
    return [translate(s, 520_000, 3_350_000) for s in shapes]


def test_the_part_of_a_unit_outside_the_layers_extent_is_no_data():
    units = gpd.GeoDataFrame(
        {"name": ["half in", "outside"]},
        geometry=_here(box(0, 0, 1000, 1000), box(3000, 0, 4000, 1000)),
        crs=4549,
    )
    # 25 ha of green in the mapped west half, and a park beyond it that the layer holds
    # but does not map completely: only what lies inside the extent counts
    parks = gpd.GeoDataFrame(geometry=_here(box(0, 0, 250, 1000), box(600, 0, 700, 1000)), crs=4549)
    mapped = gpd.GeoDataFrame(geometry=_here(box(0, 0, 500, 1000)), crs=4549)  # west half
    with pytest.warns(sg.DataQualityWarning) as caught:
        res = green.green_coverage(units, parks, extent=mapped)
    texts = " ".join(str(w.message) for w in caught)
    assert "outside the green layer's extent" in texts and "extend beyond" in texts
    # 25 ha of green over the 50 ha that the layer maps, not over the whole 100 ha
    assert res["green_ratio"].iloc[0] == pytest.approx(0.5)
    assert res["nodata_share"].iloc[0] == pytest.approx(0.5)
    assert np.isnan(res["green_ratio"].iloc[1]) and res["nodata_share"].iloc[1] == 1.0


def test_without_an_extent_the_layer_is_taken_to_map_every_unit():
    unit = gpd.GeoDataFrame(geometry=_here(box(0, 0, 1000, 1000)), crs=4549)
    parks = gpd.GeoDataFrame(geometry=_here(box(0, 0, 250, 1000)), crs=4549)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = green.green_coverage(unit, parks)
    assert res["green_ratio"].iloc[0] == pytest.approx(0.25) and "nodata_share" not in res


def test_the_embedded_osm_green_maps_only_its_nine_subdistricts():
    """The district as a whole: the share over the nine OSM subdistricts' part of it, and the
    rest named as no data, counted independently with plain shapely."""
    district = datasets.district()
    with pytest.warns(sg.DataQualityWarning, match="extend beyond the green layer's extent"):
        res = green.green_coverage(district, datasets.green_space())
    d = district.to_crs(4549).geometry.iloc[0]
    subs = datasets.subdistricts(geometry=True).to_crs(4549)
    nine = shapely.union_all(subs.geometry[~subs.geometry.is_empty].values)
    parks = shapely.union_all(datasets.green_space().to_crs(4549).geometry.values)
    observed = d.intersection(nine).area
    assert res["nodata_share"].iloc[0] == pytest.approx(1 - observed / d.area, abs=1e-9)
    assert res["mapped_green_share"].iloc[0] == pytest.approx(
        d.intersection(nine).intersection(parks).area / observed, rel=1e-9
    )


def test_a_bad_extent_gets_the_librarys_error():
    unit = gpd.GeoDataFrame(geometry=_here(box(0, 0, 1000, 1000)), crs=4549)
    parks = gpd.GeoDataFrame(geometry=_here(box(0, 0, 250, 1000)), crs=4549)
    with pytest.raises(sg.InputError):
        green.green_coverage(unit, parks, extent="west")
