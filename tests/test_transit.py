"""Stations in time (transit.py): who is open on a date, the notes on unknown openings,
and candidate points in any datum."""

from __future__ import annotations

import warnings

import geopandas as gpd
import pytest
from shapely.geometry import Point

import shangcheng_geo as sg
from shangcheng_geo import datasets, transit


def _layer():
    return gpd.GeoDataFrame(
        {
            "name_zh": ["甲", "乙", "丙", "丁"],
            "opened": ["2012-11-24", "2030-01-01", None, None],
            "in_service_by": ["", "", "2026-08-14", ""],
        },
        geometry=[Point(120.2, 30.25 + i / 100) for i in range(4)],
        crs=4326,
    )


def test_open_on_a_date_counts_opening_day_and_in_service_by_date():
    with pytest.warns(sg.DataQualityWarning, match="丁"):
        assert transit.is_open(_layer(), "2026-08-14").tolist() == [True, False, True, False]
    with pytest.warns(sg.DataQualityWarning, match="丙.*丁"):  # 丙: status before then unknown
        assert transit.is_open(_layer(), "2026-08-13").tolist() == [True, False, False, False]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert transit.is_open(_layer(), "2012-11-24", report=False).tolist()[0]


def test_open_stations_keeps_rows_unchanged_and_needs_an_opened_column():
    layer = _layer()
    before = layer.copy()
    with pytest.warns(sg.DataQualityWarning):
        kept = transit.open_stations(layer, as_of="2026-12-01")
    assert list(kept.index) == [0, 2] and kept.crs == layer.crs
    assert layer.equals(before)
    with pytest.raises(sg.InputError, match="'opened'"):
        transit.open_stations(layer.drop(columns="opened"), as_of="2026-12-01")


def test_unknown_openings_come_from_the_data():
    assert transit.unknown_openings(_layer()) == [
        "丙: opening date unknown, in service by 2026-08-14",
        "丁: no known opening date (left out)",
    ]
    assert transit.unknown_openings(_layer(), undated=False) == [
        "丙: opening date unknown, in service by 2026-08-14"
    ]
    embedded = transit.unknown_openings(datasets.stations())
    assert any("五堡" in note for note in embedded)


def test_candidate_pairs_are_shifted_from_their_datum():
    lon, lat = sg.crs.wgs84_to_gcj02(120.2, 30.25)
    c = transit.candidate_points([(float(lon), float(lat))], datum="gcj02")
    assert c.crs.to_epsg() == 4326
    assert c.geometry.x.iloc[0] == pytest.approx(120.2, abs=1e-7)
    with pytest.raises(sg.InputError, match="pairs"):
        transit.candidate_points([(1.0, 2.0, 3.0)])
