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
        "mapped_green_m2"  # OSM green space: the mapped share, named as the proxy it is
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


PBF = (
    __import__("pathlib").Path(__file__).resolve().parents[3]
    / "shared/data-raw/osm/hangzhou_west_osm_2026-05-08.osm.pbf"
)


@pytest.mark.skipif(not PBF.exists(), reason="the OSM extract is in ../shared/data-raw/osm")
def test_green_from_a_pbf_file_matches_the_embedded_green_space():
    """The PBF path reads the same areas that the embedded layer was built from."""
    from shangcheng_geo import datasets

    g = green.green_from_osm(PBF)
    assert g.is_valid.all() and set(g.geom_type) <= {"Polygon", "MultiPolygon"}
    assert g["licence"].str.contains("ODbL").all()
    embedded = datasets.green_space()
    assert set(embedded["osm_id"]) <= set(g["osm_id"])
    one = embedded.iloc[0]
    same = g[(g["osm_id"] == one["osm_id"]) & (g["osm_type"] == one["osm_type"])]
    assert same.to_crs(4549).area.iloc[0] == pytest.approx(
        gpd.GeoSeries([one.geometry], crs=4326).to_crs(4549).area.iloc[0], rel=1e-9
    )


def test_a_corrupt_pbf_is_refused_clearly(tmp_path):
    bad = tmp_path / "bad.osm.pbf"
    bad.write_bytes(b"not a pbf at all")
    with pytest.raises(Exception, match="could not read"):
        green.green_from_osm(bad)


def test_mapped_green_share_is_named_as_a_proxy_and_has_no_data_for_the_east():
    import warnings

    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        share = green.mapped_green_share()
    assert any("no boundary" in str(w.message) for w in seen)
    assert share.attrs["green"]["indicator"] == "OSM-mapped green space share (not 绿化覆盖率)"
    east = share["name"].isin(["九堡街道", "丁兰街道", "笕桥街道", "彭埠街道", "四季青街道"])
    assert share.loc[east, "mapped_green_share"].isna().all()
    assert share.loc[~east, "mapped_green_share"].between(0, 1).all()
    # independent: union of the green polygons inside 湖滨, by plain geopandas
    from shangcheng_geo import datasets

    hubin = datasets.subdistrict_boundaries().set_index("name").to_crs(4549).loc["湖滨街道"]
    green_m = datasets.green_space().to_crs(4549).union_all()
    expected = hubin.geometry.intersection(green_m).area / hubin.geometry.area
    got = share.set_index("name").loc["湖滨街道", "mapped_green_share"]
    assert got == pytest.approx(expected, rel=1e-6)
