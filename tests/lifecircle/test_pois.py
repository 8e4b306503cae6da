"""The planner's own POIs (lifecircle/pois.py): Amap/Gaode and Baidu exports and GIS layers,
read strictly, converted from their datum, categorised by the cited table, ready to measure."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

import shangcheng_geo as sg
from shangcheng_geo import crs, lifecircle
from shangcheng_geo.lifecircle import pois as poi_module
from shangcheng_geo.lifecircle import standards

# true WGS84 positions in Shangcheng (the file's coordinates are made from these)
WGS = [(120.1755, 30.2509), (120.2084, 30.2933), (120.1902, 30.2711), (120.1630, 30.2460)]


def _amap_coords(points=WGS):
    """Amap-style GCJ-02 text, six decimals as Amap gives them."""
    lon, lat = crs.wgs84_to_gcj02(*map(np.array, zip(*points, strict=True)))
    return np.round(lon, 6), np.round(lat, 6)


def _metres(geoms, lon, lat):
    """Distance in metres (EPSG:4549) between each geometry and lon/lat in WGS84."""
    got = gpd.GeoSeries(list(geoms), crs=4326).to_crs(4549)
    lon, lat = np.atleast_1d(lon), np.atleast_1d(lat)
    want = gpd.GeoSeries(gpd.points_from_xy(lon, lat), crs=4326).to_crs(4549)
    return got.distance(want, align=False).to_numpy()


def _one(records, text):
    return [str(r.message) for r in records if text in str(r.message)]


def test_an_amap_gbk_csv_with_location_text_and_typecodes(tmp_path):
    glon, glat = _amap_coords()
    table = pd.DataFrame(
        {
            "id": ["B0FFA1", "B0FFA2", "B0FFA3", "B0FFA4"],
            "name": ["胜利幼儿园", "采荷第一小学", "建兰中学", "湖滨星巴克"],
            "type": ["科教文化服务;学校;幼儿园", "科教文化服务;学校;小学",
                     "科教文化服务;学校;中学|科教文化服务;培训机构;培训机构",
                     "餐饮服务;咖啡厅;星巴克"],
            "typecode": ["141204", "141203", "141202|141400", "050501"],
            "location": [f"{x:.6f},{y:.6f}" for x, y in zip(glon, glat, strict=True)],
        }
    )  # fmt: skip
    path = tmp_path / "amap_gbk.csv"
    table.to_csv(path, index=False, encoding="gbk")
    raw = path.read_bytes()
    assert "胜利幼儿园".encode("gbk") in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the file really is GBK, not UTF-8
    with pytest.warns(sg.DataQualityWarning) as rec:
        got = lifecircle.read_pois(path, datum="gcj02")
    assert len(_one(rec, "GB18030")) == 1
    assert len(_one(rec, "map to no life-circle category")) == 1
    assert path.read_bytes() == raw  # the input file is unchanged
    assert got["name"].tolist() == ["胜利幼儿园", "采荷第一小学", "建兰中学", "湖滨星巴克"]
    assert got["category"].tolist() == ["kindergarten", "primary_school", "middle_school", None]
    assert got["mapping_rule"].iloc[0] == "amap_typecode 141204 (packaged)"
    assert got.crs.to_epsg() == 4326
    want = crs.gcj02_to_wgs84(glon, glat)
    assert _metres(got.geometry, *want).max() < 0.01
    assert _metres(got.geometry, *zip(*WGS, strict=True)).max() < 0.5  # rounding to 1e-6 deg
    prov = got.attrs["provenance"]
    assert prov["source"] == "amap_gbk.csv" and prov["licence"] == "user data"
    assert prov["source_datum"] == "gcj02" and prov["looks_like"] == "amap"
    assert prov["counts"] == {"kindergarten": 1, "middle_school": 1, "primary_school": 1}
    assert prov["unmapped"] == 1
    dt.date.fromisoformat(prov["read_on"])


def test_an_amap_excel_with_jingdu_weidu_columns(tmp_path):
    glon, glat = _amap_coords(WGS[:2])
    path = tmp_path / "amap.xlsx"
    pd.DataFrame(
        {"名称": ["望江社区卫生服务中心", "近江幼儿园"], "类型": ["医疗保健服务;综合医院;综合医院",
         "科教文化服务;学校;幼儿园"], "typecode": [90100, 141204], "经度": glon, "纬度": glat}
    ).to_excel(path, index=False)  # fmt: skip
    raw = path.read_bytes()
    got = lifecircle.read_pois(path, datum="gcj02")
    assert path.read_bytes() == raw
    assert got["name"].tolist() == ["望江社区卫生服务中心", "近江幼儿园"]
    assert got["category"].tolist() == ["health_centre", "kindergarten"]
    assert _metres(got.geometry, *crs.gcj02_to_wgs84(glon, glat)).max() < 0.01
    # Excel stored the code 090100 as the number 90100: its leading zero is given back
    coded = lifecircle.read_pois(path, datum="gcj02", mapping={"090100": "health_station"})
    assert coded["mapping_rule"].iloc[0] == "amap_typecode 090100 (the caller's)"


def test_a_baidu_bd09_table(tmp_path):
    blon, blat = crs.wgs84_to_bd09(*map(np.array, zip(*WGS[:3], strict=True)))
    blon, blat = np.round(blon, 6), np.round(blat, 6)
    path = tmp_path / "baidu.csv"
    pd.DataFrame(
        {"uid": ["a1", "a2", "a3"], "name": ["紫阳幼儿园", "天长小学", "钱江新城公园"],
         "tag": ["教育培训;幼儿园", "教育培训;小学", "旅游景点;公园"], "lng": blon, "lat": blat}
    ).to_csv(path, index=False)  # fmt: skip
    got = lifecircle.read_pois(path, datum="bd09")
    assert got["category"].tolist() == ["kindergarten", "primary_school", "park"]
    assert _metres(got.geometry, *crs.bd09_to_wgs84(blon, blat)).max() < 0.01
    assert got.attrs["provenance"]["looks_like"] == "baidu"
    with pytest.raises(sg.InputError, match="datum='bd09'"):
        lifecircle.read_pois(path)


def test_an_amap_table_without_datum_is_refused_naming_the_fix(tmp_path):
    path = tmp_path / "amap.csv"
    pd.DataFrame(
        {"name": ["胜利幼儿园"], "typecode": ["141204"], "location": ["120.180,30.248"]}
    ).to_csv(path, index=False)
    with pytest.raises(sg.InputError, match=r"datum='gcj02'.*datum='wgs84'"):
        lifecircle.read_pois(path)
    plain = tmp_path / "plain.csv"
    pd.DataFrame({"name": ["某设施"], "lon": [120.18], "lat": [30.25]}).to_csv(plain, index=False)
    with pytest.raises(sg.InputError, match="carry no datum"):
        lifecircle.read_pois(plain)


def test_columns_that_state_their_datum_must_agree_with_datum(tmp_path):
    path = tmp_path / "converted.csv"
    pd.DataFrame(
        {"name": ["胜利幼儿园"], "typecode": ["141204"], "wgs84_lng": [120.1755],
         "wgs84_lat": [30.2509]}
    ).to_csv(path, index=False)  # fmt: skip
    got = lifecircle.read_pois(path)  # the column names say WGS84: not shifted
    assert (got.geometry.x.iloc[0], got.geometry.y.iloc[0]) == (120.1755, 30.2509)
    assert got.attrs["provenance"]["source_datum"] == "wgs84"
    with pytest.raises(sg.InputError, match="wgs84_lng"):
        lifecircle.read_pois(path, datum="gcj02")


def test_a_utf8_bom_csv_reads_exactly_without_warning(tmp_path):
    path = tmp_path / "bom.csv"
    pd.DataFrame(
        {"name": ["胜利幼儿园", "採荷·第一小学"], "type": ["科教文化服务;学校;幼儿园",
         "科教文化服务;学校;小学"], "lng": [120.18, 120.2], "lat": [30.25, 30.26]}
    ).to_csv(path, index=False, encoding="utf-8-sig")  # fmt: skip
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    got = lifecircle.read_pois(path, datum="wgs84")  # filterwarnings=error: no warning
    assert got["name"].tolist() == ["胜利幼儿园", "採荷·第一小学"]
    assert list(got.columns[:1]) == ["name"]  # no BOM left in the first column's name


def test_a_file_neither_utf8_nor_gbk_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"name,lng,lat\n\x80\x80,120.1,30.2\n")
    with pytest.raises(sg.InputError, match="neither UTF-8 nor GBK"):
        lifecircle.read_pois(path, datum="wgs84")


def test_a_geojson_layer_keeps_its_wgs84_and_maps_osm_tags(tmp_path):
    layer = gpd.GeoDataFrame(
        {"name": ["小百花幼儿园", "柳浪闻莺", "社区卫生服务站"],
         "amenity": ["kindergarten", None, None], "leisure": [None, "park", None]},
        geometry=[Point(*WGS[0]), Point(*WGS[1]), Point(*WGS[2])], crs=4326,
    )  # fmt: skip
    path = tmp_path / "osm.geojson"
    layer.to_file(path)
    got = lifecircle.read_pois(path)
    assert got["category"].tolist() == ["kindergarten", "park", "health_station"]
    assert _metres(got.geometry, *zip(*WGS[:3], strict=True)).max() < 1e-6
    assert got.attrs["provenance"]["source_datum"] == "EPSG:4326"
    amap = gpd.GeoDataFrame(
        {"name": ["胜利幼儿园"], "typecode": ["141204"]}, geometry=[Point(*WGS[0])], crs=4326
    )
    amap.to_file(tmp_path / "amap.geojson")
    with pytest.raises(sg.InputError, match="datum='gcj02'"):
        lifecircle.read_pois(tmp_path / "amap.geojson")
    shifted = lifecircle.read_pois(tmp_path / "amap.geojson", datum="gcj02")
    assert _metres(shifted.geometry, *crs.gcj02_to_wgs84(*WGS[0])).max() < 0.01


def _table(tmp_path, **cols):
    n = len(next(iter(cols.values())))
    frame = {**cols, "lng": [120.17 + i * 0.003 for i in range(n)], "lat": [30.25] * n}
    path = tmp_path / "t.csv"
    pd.DataFrame(frame).to_csv(path, index=False)
    return path


def test_mapping_overrides_the_packaged_rules(tmp_path):
    path = _table(
        tmp_path,
        name=["建兰中学", "杭州高级中学", "胜利幼儿园", "解百便利店"],
        type=["科教文化服务;学校;中学", "科教文化服务;学校;中学", "科教文化服务;学校;幼儿园",
              "购物服务;便民商店/便利店;便民商店/便利店"],
        typecode=["141202", "141202", "141204", "060200"],
    )  # fmt: skip
    with pytest.warns(sg.DataQualityWarning, match="map to no"):
        packaged = lifecircle.read_pois(path, datum="wgs84")
    assert packaged["category"].tolist() == ["middle_school", "middle_school", "kindergarten", None]
    senior = pd.DataFrame({"source": ["name"], "key": ["高级中学"], "category": [None]})
    with pytest.warns(sg.DataQualityWarning, match="2 of 4"):
        got = lifecircle.read_pois(path, datum="wgs84", mapping=senior)
    assert got["category"].tolist() == ["middle_school", None, "kindergarten", None]
    assert got.loc[1, "mapping_rule"] == "name 高级中学 (the caller's)"
    got = lifecircle.read_pois(path, datum="wgs84", mapping={"060200": "market"})
    assert got["category"].tolist() == ["middle_school", "middle_school", "kindergarten", "market"]
    assert got.loc[3, "mapping_rule"] == "amap_typecode 060200 (the caller's)"
    by_text = lifecircle.read_pois(path, datum="wgs84", mapping={"便利店": "market"})
    assert by_text.loc[3, "category"] == "market"
    with pytest.raises(sg.InputError, match="kindergarden"):
        lifecircle.read_pois(path, datum="wgs84", mapping={"141204": "kindergarden"})
    with pytest.raises(sg.InputError, match="source must be one of"):
        lifecircle.read_pois(path, datum="wgs84", mapping=senior.assign(source="gaode"))


def test_unmapped_pois_are_kept_and_counted_in_one_warning(tmp_path):
    path = _table(
        tmp_path,
        name=["星巴克", "瑞幸", "工商银行", "胜利幼儿园"],
        type=["餐饮服务;咖啡厅;咖啡厅", "餐饮服务;咖啡厅;咖啡厅", "金融保险服务;银行;中国工商银行",
              "科教文化服务;学校;幼儿园"],
    )  # fmt: skip
    with pytest.warns(sg.DataQualityWarning) as rec:
        got = lifecircle.read_pois(path, datum="wgs84")
    (msg,) = _one(rec, "map to no life-circle category")
    assert msg.startswith("3 of 4 POIs")
    assert "'餐饮服务;咖啡厅;咖啡厅' (2), '金融保险服务;银行;中国工商银行' (1)" in msg
    assert len(got) == 4 and got["category"].isna().sum() == 3


def test_duplicates_are_reported_and_dropped_only_when_asked(tmp_path):
    x, y = 120.18, 30.25
    d = 10 / 96_000  # about 10 m of longitude at 30 N
    path = tmp_path / "dups.csv"
    pd.DataFrame(
        {"name": ["胜利幼儿园", "胜利幼儿园", "胜利幼儿园", "近江幼儿园", "胜利幼儿园"],
         "lng": [x, x + d, x + 2 * d, x, x + 0.01], "lat": [y] * 5}
    ).to_csv(path, index=False)  # fmt: skip
    with pytest.warns(sg.DataQualityWarning, match="2 POIs repeat an earlier one"):
        got = lifecircle.read_pois(path, datum="wgs84")
    # rows 1 and 2 repeat row 0 (within 30 m); row 3 has another name; row 4 is 960 m away
    assert got["duplicate_of"].tolist() == [None, 0, 0, None, None]
    assert got.attrs["provenance"]["duplicates"] == 2
    dropped = lifecircle.read_pois(path, datum="wgs84", drop_duplicates=True)
    assert dropped.index.tolist() == [0, 3, 4]
    assert dropped.attrs["provenance"]["duplicates_dropped"] is True
    close = lifecircle.read_pois(path, datum="wgs84", duplicate_m=5)
    assert close["duplicate_of"].isna().all()


def test_rows_without_valid_coordinates_are_counted_not_silently_dropped(tmp_path):
    path = tmp_path / "holes.csv"
    pd.DataFrame(
        {"name": ["甲幼儿园", "乙幼儿园", "丙幼儿园", "丁幼儿园"],
         "location": ["120.18,30.25", "", "abc,def", "120.19,30.26"]}
    ).to_csv(path, index=False)  # fmt: skip
    with pytest.warns(sg.DataQualityWarning, match=r"2 of 4 rows .* \(rows \[1, 2\]\)"):
        got = lifecircle.read_pois(path, datum="wgs84")
    assert got.index.tolist() == [0, 3]
    assert got.attrs["provenance"]["rows_without_coordinates"] == 2
    swapped = tmp_path / "swapped.csv"
    pd.DataFrame({"name": ["甲"], "lng": [30.25], "lat": [120.18]}).to_csv(swapped, index=False)
    with pytest.raises(sg.InputError, match="swapped"):
        lifecircle.read_pois(swapped, datum="wgs84")


def test_read_pois_output_plugs_into_coverage_and_nearest(tmp_path):
    glon, glat = _amap_coords([WGS[0]])
    path = tmp_path / "one.csv"
    pd.DataFrame(
        {"name": ["胜利幼儿园"], "typecode": ["141204"], "location": [f"{glon[0]},{glat[0]}"]}
    ).to_csv(path, index=False)
    pois = lifecircle.read_pois(path, datum="gcj02")
    true = gpd.GeoSeries(gpd.points_from_xy(*crs.gcj02_to_wgs84(glon, glat)), crs=4326)
    cx, cy = true.to_crs(4549).iloc[0].coords[0]
    unit = gpd.GeoDataFrame({"unit": ["u"]}, geometry=[box(cx - 1000, cy - 1000, cx + 1000,
                                                           cy + 1000)], crs=4549)  # fmt: skip
    # one kindergarten in 4 km² is too sparse to read as a share: measured as it is here
    cov = lifecircle.facility_coverage(
        unit, pois, categories=["kindergarten"], base="unit", min_reach_share=0
    )
    assert cov["n_inside_kindergarten"].iloc[0] == 1
    assert cov["share_kindergarten"].iloc[0] == pytest.approx(np.pi * 300**2 / 2000**2, abs=0.005)
    home = gpd.GeoDataFrame(geometry=[Point(cx + 200, cy)], crs=4549)
    near = lifecircle.nearest(home, pois, categories=["kindergarten"])
    assert near["dist_kindergarten"].iloc[0] == pytest.approx(200.0, abs=0.01)
    assert bool(near["within_kindergarten"].iloc[0])


def test_the_packaged_table_uses_the_standards_categories_and_cites_each_rule():
    t = poi_module.mapping_table()
    assert set(t["category"]) <= set(standards.CATEGORIES)
    assert set(t["source"]) == {"name", "amap_typecode", "amap_type", "baidu_tag", "osm_tag"}
    assert (t["citation"].str.len() > 0).all()
    codes = t.loc[t["source"] == "amap_typecode", "key"]
    assert codes.str.fullmatch(r"\d{6}").all()
    assert dict(zip(codes, t.loc[codes.index, "category"], strict=True)) == {
        "141204": "kindergarten", "141203": "primary_school", "141202": "middle_school"
    }  # fmt: skip


def test_bad_arguments_get_the_librarys_error(tmp_path):
    with pytest.raises(sg.InputError, match="file not found"):
        lifecircle.read_pois(tmp_path / "none.csv", datum="wgs84")
    path = _table(tmp_path, name=["胜利幼儿园"])
    with pytest.raises(sg.DatumError, match="unknown datum"):
        lifecircle.read_pois(path, datum="mars")
    with pytest.raises(sg.InputError, match="duplicate_m"):
        lifecircle.read_pois(path, datum="wgs84", duplicate_m=-1)
    with pytest.raises(sg.InputError, match="mapping must be"):
        lifecircle.read_pois(path, datum="wgs84", mapping=["141204"])
    nocoord = tmp_path / "nocoord.csv"
    pd.DataFrame({"name": ["甲"], "addr": ["x"]}).to_csv(nocoord, index=False)
    with pytest.raises(sg.InputError, match="no coordinates"):
        lifecircle.read_pois(nocoord, datum="wgs84")


def test_a_projected_geopackage_is_read_from_its_crs(tmp_path):
    layer = gpd.GeoDataFrame(
        {"name": ["胜利幼儿园"], "amenity": ["kindergarten"]},
        geometry=[Point(*WGS[0])],
        crs=4326,
    ).to_crs(4549)
    path = tmp_path / "projected.gpkg"
    layer.to_file(path)
    got = lifecircle.read_pois(path)
    assert got.crs.to_epsg() == 4326 and got["category"].tolist() == ["kindergarten"]
    assert _metres(got.geometry, *WGS[0]).max() < 1e-3
    assert "4549" in got.attrs["provenance"]["source_datum"]


def test_excel_unicode_text_and_a_wrong_encoding(tmp_path):
    path = tmp_path / "unicode.txt"  # Excel's "Unicode text": UTF-16 with BOM, tab-separated
    path.write_text("name\ttype\tlng\tlat\n胜利幼儿园\t科教文化服务;学校;幼儿园\t120.18\t30.25\n",
                    encoding="utf-16")  # fmt: skip
    assert path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    got = lifecircle.read_pois(path, datum="wgs84")
    assert got["name"].tolist() == ["胜利幼儿园"] and got["category"].tolist() == ["kindergarten"]
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("name,lng,lat\n胜利幼儿园,120.18,30.25\n".encode("gbk"))
    with pytest.raises(sg.InputError, match="is not utf-8"):
        lifecircle.read_pois(gbk, datum="wgs84", encoding="utf-8")
    got = lifecircle.read_pois(gbk, datum="wgs84", encoding="gbk")  # said: no warning
    assert got["name"].tolist() == ["胜利幼儿园"]
    mixed = tmp_path / "mixed.csv"  # a UTF-8 BOM, then GBK bytes: refused, not guessed
    mixed.write_bytes(b"\xef\xbb\xbf" + "name,lng,lat\n胜利幼儿园,120.18,30.25\n".encode("gbk"))
    with pytest.raises(sg.InputError, match="byte-order mark"):
        lifecircle.read_pois(mixed, datum="wgs84")


def test_an_amap_table_read_as_bd09_is_questioned(tmp_path):
    path = tmp_path / "amap.csv"
    pd.DataFrame(
        {"name": ["胜利幼儿园"], "typecode": ["141204"], "location": ["120.180,30.248"]}
    ).to_csv(path, index=False)
    with pytest.warns(sg.DataQualityWarning, match="looks like amap output.*gcj02"):
        lifecircle.read_pois(path, datum="bd09")
    lifecircle.read_pois(path, datum="wgs84")  # already converted: no warning


def test_a_layers_own_category_ids_are_kept_unless_the_mapping_says_otherwise(tmp_path):
    layer = gpd.GeoDataFrame(
        {"name": ["甲", "乙"], "category": ["kindergarten", "cafe"], "type": ["", "学校;小学"]},
        geometry=[Point(*WGS[0]), Point(*WGS[1])],
        crs=4326,
    )
    path = tmp_path / "own.geojson"
    layer.to_file(path)
    got = lifecircle.read_pois(path)
    assert got["category"].tolist() == ["kindergarten", "primary_school"]
    assert got["source_category"].tolist() == ["kindergarten", "cafe"]
    assert got["mapping_rule"].iloc[0] == "the file's category"
    table = pd.DataFrame({"source": ["name"], "key": ["^甲$"], "category": ["nursery"]})
    assert lifecircle.read_pois(path, mapping=table)["category"].iloc[0] == "nursery"
