"""The access model (access/model.py): siblings share the stations checked once."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import Point

from shangcheng_geo import access


def _stations():
    return gpd.GeoDataFrame(
        {"name_zh": ["A", "B"], "opened": ["2010-01-01", "2020-01-01"]},
        geometry=[Point(0, 0), Point(5_000, 0)],
        crs=4549,
    )


def test_a_date_keeps_the_what_if_stations():
    """``with_stations(extra).on(day)``: the stations open on that day plus the candidates."""
    extra = gpd.GeoDataFrame(geometry=[Point(0, 3_000)], crs=4549)
    acc = access.Access(_stations()).with_stations(extra)
    early = acc.on("2015-01-01")
    assert len(acc.stations) == 3
    assert list(early.stations["name_zh"]) == ["A", "candidate 0"]
    assert (
        early.distances(gpd.GeoDataFrame(geometry=[Point(0, 3_100)], crs=4549))["distance_m"].iloc[
            0
        ]
        == 100.0
    )


def test_on_filters_the_projected_layer_without_changing_the_model():
    acc = access.Access(_stations())
    early = acc.on("2015-01-01")
    assert len(acc.stations) == 2 and len(early.stations) == 1
    assert early.stations.crs == acc.stations.crs
    assert list(early.stations.index) == [0]
