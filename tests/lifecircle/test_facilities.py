"""OSM facilities to life-circle categories (lifecircle/facilities.py): the rules, in order."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

import shangcheng_geo as sg
from shangcheng_geo.lifecircle import facilities


def test_rules_map_by_class_and_name_and_count_the_rest():
    layer = gpd.GeoDataFrame(
        {
            "category": ["school", "school", "school", "hospital", "kindergarten", "garden"],
            "name": ["胜利小学", "建兰中学", "崇文实验学校", "社区卫生服务站", "某托儿所", None],
        },
        geometry=[Point(120.17 + i / 1000, 30.25) for i in range(6)],
        crs=4326,
    )
    before = layer.copy()
    with pytest.warns(sg.DataQualityWarning, match="1 of 6"):
        f = facilities.from_osm(layer)
    assert f["category"].tolist() == [
        "primary_school", "middle_school", None, "health_station", "nursery", "park"
    ]  # fmt: skip
    assert f["osm_class"].tolist() == before["category"].tolist()
    assert layer.equals(before)
    assert "under-maps" in f.attrs["provenance"]["lifecircle_caveat"]


def test_the_embedded_facilities_give_the_everyday_categories():
    with pytest.warns(sg.DataQualityWarning, match="map to no life-circle category"):
        f = facilities.from_osm()
    got = set(f["category"].dropna())
    assert {"kindergarten", "primary_school", "middle_school", "market", "park"} <= got
    assert "western Shangcheng" in f.attrs["provenance"]["extent"]
