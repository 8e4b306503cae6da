"""Facts the embedded layers must reproduce, and the loaders' contract."""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import Point, Polygon

import shangcheng_geo as sg
from shangcheng_geo import crs, datasets

FIXTURES = Path(__file__).resolve().parents[1] / "data"
KM2 = 1e6

LAYERS = {
    "district": datasets.district,
    "districts": datasets.districts,
    "city": datasets.city,
    "water": datasets.water,
    "stations": datasets.stations,
    "lines": datasets.lines,
    "places": datasets.places,
    "pois": datasets.pois,
}


def test_district_area_matches_the_facts(district_m):
    # 120.4 km2 incl. half the river (official figure 122 km2)
    assert district_m.area.sum() / KM2 == pytest.approx(120.4, abs=0.3)


def test_district_was_converted_from_gcj02_not_relabelled(district_m):
    ref = gpd.read_file(FIXTURES / "fastgeocn_shangcheng_cgcs2000.geojson").to_crs(4549)
    gap = district_m.centroid.iloc[0].distance(ref.centroid.iloc[0])
    assert gap < 60
    # a relabelled GCJ-02 polygon would sit ~480 m away: undo our conversion to prove it
    relabelled = crs.to_datum(datasets.district(), "gcj02").set_crs(4326, allow_override=True)
    bad_gap = relabelled.to_crs(4549).centroid.iloc[0].distance(ref.centroid.iloc[0])
    assert bad_gap > 300


def test_east_railway_station_is_inside(district_m):
    st = datasets.stations()
    east = st[st["name_zh"] == "火车东站"].to_crs(4549)
    assert len(east) == 1
    assert east.within(district_m.geometry.iloc[0]).all()


def test_neighbours_do_not_overlap_the_district(district_m):
    d = datasets.districts().to_crs(4549)
    others = d[d["adcode"] != "330102"]
    assert len(others) == 12
    overlap = others.intersection(district_m.geometry.iloc[0]).area.sum()
    assert overlap / KM2 < 0.1
    # and the district in the districts layer is the same polygon
    same = d[d["adcode"] == "330102"].geometry.iloc[0]
    assert same.symmetric_difference(district_m.geometry.iloc[0]).area < 1.0
    neighbours = set(
        others[
            others.touches(district_m.geometry.iloc[0])
            | others.distance(district_m.geometry.iloc[0]).lt(1)
        ]["name_en"]
    )
    assert {"Binjiang", "Xiaoshan", "Gongshu", "Xihu", "Linping", "Qiantang"} <= neighbours


def test_water_inside_the_district(district_m):
    water = datasets.water().to_crs(4549)
    inside = water.intersection(district_m.geometry.iloc[0]).area.sum() / KM2
    assert inside == pytest.approx(12.5, abs=1.0)
    land = district_m.area.sum() / KM2 - inside
    assert land == pytest.approx(108, abs=1.0)


def test_flagged_stations_lie_inside_the_converted_boundary(district_m):
    st = datasets.stations().to_crs(4549)
    inside = st.within(district_m.geometry.iloc[0])
    flagged = st["in_shangcheng"]
    assert int(flagged.sum()) == 50  # 48 + 五堡 and 六堡, placed since 2026-11-22
    assert inside[flagged].all(), st.loc[flagged & ~inside, "name_zh"].tolist()
    assert not inside[~flagged].any(), st.loc[~flagged & inside, "name_zh"].tolist()


@pytest.mark.parametrize("name", list(LAYERS))
def test_every_layer_is_wgs84_valid_and_carries_provenance(name):
    gdf = LAYERS[name]()
    assert gdf.crs.to_epsg() == 4326
    assert len(gdf) > 0
    assert gdf.is_valid.all() and not gdf.is_empty.any()
    for col in ("source", "licence"):
        assert col in gdf and gdf[col].astype(str).str.len().gt(0).all(), (name, col)
    prov = gdf.attrs["provenance"]
    assert prov["layer"] == name and prov["licence"] and prov["source"] and prov["source_datum"]
    minx, miny, maxx, maxy = gdf.total_bounds
    assert 118 < minx < maxx < 121.5 and 29 < miny < maxy < 31


def test_approximate_layers_carry_confidence():
    for name in ("district", "water", "stations", "lines", "places"):
        gdf = LAYERS[name]()
        assert gdf["confidence"].isin(["high", "medium", "low", "unchecked"]).all(), name


def test_loaders_return_fresh_copies():
    a = datasets.stations()
    a.loc[a.index[0], "name_zh"] = "changed"
    a.loc[:, "geometry"] = None
    b = datasets.stations()
    assert len(b) == 202 and "changed" not in set(b["name_zh"])
    assert b.geometry.notna().all()


def test_station_schema():
    st = datasets.stations()
    expected = {
        "station_id",
        "name_zh",
        "name_en",
        "lines",
        "opened",
        "opened_status",
        "in_shangcheng",
        "source",
        "licence",
        "confidence",
        "qa_note",
    }
    assert expected <= set(st.columns)
    assert st["station_id"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(st["opened"])
    assert st["source"].isin(["osm", "adg2murphy-ccby4"]).all()
    assert st.loc[st["source"] == "adg2murphy-ccby4", "licence"].str.contains("CC BY 4.0").all()
    interchange = st.set_index("name_zh").loc["火车东站", "lines"]
    assert interchange.split(";") == ["1", "4"]


def test_stations_as_of_filters_by_opening_date():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # 五堡, 六堡: tested below
        first = datasets.stations(as_of="2012-11-24", in_shangcheng=True)
        before = datasets.stations(as_of=dt.date(2012, 11, 23), in_shangcheng=True)
        counts = [
            len(datasets.stations(as_of=f"{y}-12-31", in_shangcheng=True))
            for y in range(2012, 2026)
        ]
    assert len(before) == 0
    assert (first["opened"] == pd.Timestamp("2012-11-24")).all()
    assert len(first) > 0
    assert counts == sorted(counts)
    assert counts[-1] == 48  # 五堡 and 六堡 are of unknown status before 2026-08-14


def test_stations_in_service_by_a_date_count_from_it_and_are_reported_before():
    """五堡 and 六堡 (opening date unknown) are in service by 2026-08-14: open on and after
    that date, of unknown status -- reported, left out -- before it."""

    with pytest.warns(sg.DataQualityWarning, match=r"五堡 \(in service by 2026-08-14"):
        before = datasets.stations(as_of="2026-08-13", in_shangcheng=True)
    assert not {"五堡", "六堡"} & set(before["name_zh"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing of unknown status in Shangcheng then
        after = datasets.stations(as_of="2026-08-14", in_shangcheng=True)
    assert {"五堡", "六堡"} <= set(after["name_zh"]) and len(after) == 50
    assert len(datasets.stations(in_shangcheng=True)) == 50  # in service today


def test_the_stations_in_service_by_a_date_are_those_of_the_raw_kit():
    """Counted independently from the raw kit (skips, saying so, without it; fails under CI)."""
    import json

    from rawkit import SHARED, require

    raw = require(SHARED / "data-raw" / "metro" / "stations.geojson", "the raw metro stations")
    feats = json.loads(raw.read_text(encoding="utf-8"))["features"]
    by = {f["properties"]["name_zh"] for f in feats if f["properties"].get("in_service_by")}
    assert by == {"五堡", "六堡"}


def test_unknown_opening_dates_are_reported_not_silently_dropped():
    with pytest.warns(sg.DataQualityWarning, match="荆长路"):
        st = datasets.stations(as_of="2026-01-01")
    assert "荆长路" not in set(st["name_zh"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kept = datasets.stations(as_of="2026-01-01", include_unknown_dates=True)
    assert {"荆长路", "五堡", "六堡"} <= set(kept["name_zh"])
    assert len(kept) == len(st) + 3


@pytest.mark.parametrize("bad", ["31/12/2025", "yesterday", 2025, ["2025-01-01"]])
def test_bad_as_of_is_refused(bad):
    with pytest.raises(sg.InputError, match="ISO string"):
        datasets.stations(as_of=bad)


def test_line_filter():
    l6 = datasets.stations(line="6")
    assert l6["lines"].str.split(";").map(lambda v: "6" in v).all()
    with pytest.raises(sg.InputError, match="unknown line '99'"):
        datasets.stations(line="99")


def test_missing_stations_are_listed():
    missing = datasets.missing_stations()
    assert len(missing) == 68
    assert not missing["in_shangcheng"].any()  # 五堡 and 六堡 are placed now
    assert "geometry" not in missing


def test_lines_and_openings():
    lines = datasets.lines()
    assert set(lines["geometry_kind"]) == {"track", "station_chain"}
    openings = datasets.line_openings()
    assert len(openings) == 50
    assert {"line_id", "opened", "date_status", "stations_opened"} <= set(openings.columns)


def test_places_have_plan_elements():
    places = datasets.places()
    assert len(places) == 34
    assert "core:qianjiang_new_city" in set(places["plan_element"])


def test_subdistricts_table():
    table = datasets.subdistricts()
    assert len(table) == 14 and table["code12"].str.startswith("330102").all()


def test_layers_catalogue_counts_match_the_data():
    cat = datasets.layers()
    for name, fn in LAYERS.items():
        assert cat.loc[name, "features"] == len(fn())
    assert cat.loc["subdistricts", "features"] == 14
    assert cat.loc["district", "source_datum"].startswith("GCJ-02")


def test_attribution_collects_each_credit_once():
    text = datasets.attribution(datasets.stations(), datasets.pois(), datasets.water())
    assert text.count("© OpenStreetMap contributors") == 1
    assert "GSHHG" in text and "AdG2murphy" in text


def test_read_file_converts_gcj02_and_reprojects(tmp_path):
    wgs = gpd.GeoDataFrame({"name": ["a"]}, geometry=[Point(120.2084, 30.2933)], crs=4326)
    gcj = crs.to_datum(wgs, "gcj02")
    path = tmp_path / "amap_points.geojson"
    gcj.to_file(path)
    back = datasets.read_file(path, datum="gcj02")
    assert back.geometry.iloc[0].distance(wgs.geometry.iloc[0]) < 1e-8
    assert back.attrs["provenance"]["source_datum"] == "gcj02"

    projected = tmp_path / "projected.gpkg"
    wgs.to_crs(4549).to_file(projected)
    assert datasets.read_file(projected).geometry.iloc[0].distance(wgs.geometry.iloc[0]) < 1e-8


def test_read_file_errors(tmp_path):
    with pytest.raises(sg.InputError, match="file not found"):
        datasets.read_file(tmp_path / "nope.gpkg")
    naive = gpd.GeoDataFrame({"a": [1]}, geometry=[Polygon([(0, 0), (1, 0), (1, 1)])])
    path = tmp_path / "naive.shp"
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        naive.to_file(path)
    with pytest.raises(sg.CRSError, match="declares no CRS"):
        datasets.read_file(path)
    assert datasets.read_file(path, datum="wgs84").crs.to_epsg() == 4326
    with pytest.raises(sg.DatumError):
        datasets.read_file(path, datum="mars")
