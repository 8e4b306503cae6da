"""Green space from OpenStreetMap (green/osm.py): XML ways and relations, OSMnx tables."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point, box
from shapes import gdf

from shangcheng_geo import green

CRS = "EPSG:4549"

OSM_XML = """<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
  <node id="1" lat="30.250" lon="120.200"/><node id="2" lat="30.250" lon="120.202"/>
  <node id="3" lat="30.252" lon="120.202"/><node id="4" lat="30.252" lon="120.200"/>
  <node id="5" lat="30.260" lon="120.210"/><node id="6" lat="30.260" lon="120.214"/>
  <node id="7" lat="30.264" lon="120.214"/><node id="8" lat="30.264" lon="120.210"/>
  <node id="9" lat="30.261" lon="120.211"/><node id="10" lat="30.261" lon="120.212"/>
  <node id="11" lat="30.262" lon="120.212"/><node id="12" lat="30.262" lon="120.211"/>
  <way id="100"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/>
    <tag k="leisure" v="park"/><tag k="name" v="Test Park"/></way>
  <way id="101"><nd ref="5"/><nd ref="6"/><nd ref="7"/></way>
  <way id="102"><nd ref="7"/><nd ref="8"/><nd ref="5"/></way>
  <way id="103"><nd ref="9"/><nd ref="10"/><nd ref="11"/><nd ref="12"/><nd ref="9"/></way>
  <way id="104"><nd ref="1"/><nd ref="5"/><tag k="highway" v="footway"/></way>
  <way id="105"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/>
    <tag k="building" v="yes"/></way>
  <relation id="200"><member type="way" ref="101" role="outer"/>
    <member type="way" ref="102" role="outer"/><member type="way" ref="103" role="inner"/>
    <tag k="type" v="multipolygon"/><tag k="natural" v="wood"/></relation>
</osm>"""


def test_green_from_osm(tmp_path):
    path = tmp_path / "green.osm"
    path.write_text(OSM_XML, encoding="utf-8")
    g = green.green_from_osm(path)
    assert sorted(g["tag"]) == ["leisure=park", "natural=wood"]
    wood = g[g["tag"] == "natural=wood"].to_crs(CRS).geometry.iloc[0]
    outer = gdf(box(120.210, 30.260, 120.214, 30.264), crs=4326).to_crs(CRS).area.iloc[0]
    hole = gdf(box(120.211, 30.261, 120.212, 30.262), crs=4326).to_crs(CRS).area.iloc[0]
    assert wood.area == pytest.approx(outer - hole, rel=1e-6)
    assert g["licence"].str.contains("ODbL").all()
    assert green.green_coverage(gdf(box(120.19, 30.24, 120.22, 30.27), crs=4326), g)[
        "green_m2"
    ].iloc[0] == pytest.approx(g.to_crs(CRS).area.sum(), rel=1e-9)


def test_green_from_osmnx_style_features_table():
    from shapely.geometry import LineString

    feats = gpd.GeoDataFrame(
        {
            "leisure": ["park", None, None, "pitch"],
            "natural": [None, "wood", "tree", None],
            "landuse": [None, None, None, "grass"],
            "name": ["A", "B", None, "D"],
        },
        geometry=[
            box(120.20, 30.25, 120.21, 30.26),
            box(120.22, 30.25, 120.23, 30.26),
            Point(120.2, 30.2),
            LineString([(120.1, 30.1), (120.2, 30.2)]),
        ],
        crs=4326,
    )
    g = green.green_from_features(feats)
    assert g["tag"].tolist() == ["leisure=park", "natural=wood"]
    assert g["name"].tolist() == ["A", "B"] and g["licence"].str.contains("ODbL").all()
