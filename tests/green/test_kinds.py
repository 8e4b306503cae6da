"""What a green measurement is called (green/kinds.py): OSM-mapped green space is a proxy under
its own name (已测绘绿地占比, not 绿化覆盖率) in the result, the headers, the command's table and
the plan comparison; land cover, NDVI and declared canopy are 绿化覆盖率."""

from __future__ import annotations

import json
import math
import warnings

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import box

import shangcheng_geo as sg
from shangcheng_geo import datasets, export, green, plan

rasterio = pytest.importorskip("rasterio", reason="rasterio (the raster extra) is not installed")
from rasterio.transform import from_origin  # noqa: E402

PROXY_EN = "OSM-mapped green space share (not 绿化覆盖率)"
PROXY_ZH = "已测绘绿地占比（OSM，非绿化覆盖率）"
INDICATIVE = "indicative: mapped green share vs 绿化覆盖率 target; not comparable"
X0, Y0 = 520_000.0, 3_350_000.0  # in Shangcheng, EPSG:4549


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def square_unit():
    return gpd.GeoDataFrame(
        {"name": ["u"]}, geometry=[box(X0, Y0, X0 + 1000, Y0 + 1000)], crs="EPSG:4549"
    )


def parks(**cols):
    """Green polygons over 30 % of the square unit."""
    return gpd.GeoDataFrame(cols, geometry=[box(X0, Y0, X0 + 1000, Y0 + 300)], crs="EPSG:4549")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """A 3-band image (red, NIR, blue) over the square unit: NDVI 0.667 on its left 30 %."""
    red = np.full((100, 100), 0.1, "float32")
    nir = np.full((100, 100), 0.1, "float32")
    nir[:, :30] = 0.5
    path = tmp_path_factory.mktemp("ndvi") / "stack.tif"
    with rasterio.open(path, "w", driver="GTiff", width=100, height=100, count=3,
                       dtype="float32", crs="EPSG:4549",
                       transform=from_origin(X0, Y0 + 1000, 10, 10)) as ds:  # fmt: skip
        ds.write(np.stack([red, nir, red]))
    return str(path)


@pytest.fixture(scope="module")
def hubin():
    zones = plan.structure("14th")
    return zones[zones["name_zh"] == "湖滨国际时尚消费核"]


def test_the_embedded_osm_layer_is_measured_as_the_proxy_by_name(hubin):
    res = quiet(green.green_coverage, hubin, datasets.green_space())
    attrs = res.attrs["green"]
    assert attrs["indicator"] == PROXY_EN and attrs["indicator_zh"] == PROXY_ZH
    assert (attrs["kind"], attrs["column"], attrs["comparable_with_plan"]) == (
        "mapped_green", "mapped_green_share", False
    )  # fmt: skip
    assert "green_ratio" not in res.columns and "green_m2" not in res.columns
    # the number itself, by plain geopandas: the union of the OSM polygons inside the part of
    # the zone that the extract maps (its nine closed subdistricts)
    subs = datasets.subdistricts(geometry=True).to_crs(4549)
    nine = subs[~subs.geometry.is_empty].union_all()
    zone = hubin.to_crs(4549).geometry.iloc[0].intersection(nine)
    union = datasets.green_space().to_crs(4549).union_all()
    assert res["mapped_green_share"].iloc[0] == pytest.approx(
        zone.intersection(union).area / zone.area, rel=1e-9
    )


def test_a_raster_measures_green_coverage(stack):
    res = green.green_coverage(square_unit(), stack, bands=(1, 2), ndvi_threshold=0.3)
    attrs = res.attrs["green"]
    assert attrs["indicator"].startswith("绿化覆盖率") and attrs["indicator_zh"] == "绿化覆盖率"
    assert attrs["kind"] == "canopy" and attrs["comparable_with_plan"] is True
    assert res["green_ratio"].iloc[0] == pytest.approx(0.3)
    assert "mapped_green_share" not in res.columns


@pytest.mark.parametrize(
    ("layer", "kind"),
    [
        (parks(), "canopy"),  # the user's vegetation polygons, no provenance: as documented
        (parks(source=["OpenStreetMap"]), "mapped_green"),
        (parks(source=["tree-crown survey 2024"]), "canopy"),
        (parks(source=["Cosmos survey"]), "canopy"),  # 'osm' inside a word is not OSM
        (parks(source=["OSM (extract.pbf)"]), "mapped_green"),
    ],
)
def test_the_layers_provenance_decides_what_is_measured(layer, kind):
    res = green.green_coverage(square_unit(), layer)
    assert res.attrs["green"]["kind"] == kind
    column = "green_ratio" if kind == "canopy" else "mapped_green_share"
    assert res[column].iloc[0] == pytest.approx(0.3)


def test_osm_readers_and_attrs_provenance_make_the_proxy(tmp_path):
    feats = gpd.GeoDataFrame(
        {"leisure": ["park"], "name": ["A"]}, geometry=[box(120.2, 30.25, 120.21, 30.26)], crs=4326
    )
    from_osm = green.green_from_features(feats)
    assert from_osm.attrs["provenance"]["green_kind"] == "mapped_green"
    unit = gpd.GeoDataFrame(geometry=[box(120.19, 30.24, 120.22, 30.27)], crs=4326)
    assert "mapped_green_share" in green.green_coverage(unit, from_osm).columns
    bare = from_osm.drop(columns=["source", "licence"])  # only the attrs say OpenStreetMap
    bare.attrs["provenance"] = {"source": "OpenStreetMap features"}
    assert "mapped_green_share" in green.green_coverage(unit, bare).columns
    path = tmp_path / "osm_green.gpkg"  # a file keeps the per-feature source, not the attrs
    from_osm.to_file(path)
    assert "mapped_green_share" in green.green_coverage(unit, str(path)).columns


def test_a_declared_kind_is_used_and_checked(stack):
    declared = green.green_coverage(square_unit(), parks(), kind="mapped_green")
    assert declared.attrs["green"]["indicator"] == PROXY_EN
    with pytest.warns(sg.ShangchengGeoWarning, match="provenance says OpenStreetMap"):
        canopy = green.green_coverage(square_unit(), parks(source=["OpenStreetMap"]), kind="canopy")
    assert canopy.attrs["green"]["indicator_zh"] == "绿化覆盖率"
    assert canopy["green_ratio"].iloc[0] == pytest.approx(0.3)
    with pytest.raises(sg.InputError, match="kind='mapped_green' is for vector layers"):
        green.green_coverage(square_unit(), stack, bands=(1, 2), ndvi_threshold=0.3,
                             kind="mapped_green")  # fmt: skip
    with pytest.raises(sg.InputError, match=r"kind must be one of \['auto', 'canopy'"):
        green.green_coverage(square_unit(), parks(), kind="osm")


def test_the_headers_follow_the_measurement(tmp_path, stack):
    import openpyxl

    osm = green.green_coverage(square_unit(), parks(source=["OpenStreetMap"]))
    raster = green.green_coverage(square_unit(), stack, bands=(1, 2), ndvi_threshold=0.3)
    assert export.header("mapped_green_share") == f"{PROXY_ZH} mapped_green_share"
    assert export.header("green_ratio") == "绿化覆盖率 green_ratio"
    path = export.to_excel({"osm": osm, "raster": raster}, tmp_path / "g.xlsx")
    book = openpyxl.load_workbook(path)
    heads = {name: [c.value for c in book[name][1]] for name in ("osm", "raster")}
    assert f"{PROXY_ZH} mapped_green_share" in heads["osm"]
    assert not any(str(h).startswith("绿化覆盖率") for h in heads["osm"])
    assert "绿化覆盖率 green_ratio" in heads["raster"]


def test_the_green_command_writes_the_proxy_under_its_name(tmp_path, capsys):
    from shangcheng_geo.cli import main

    path = tmp_path / "osm.gpkg"
    layer = gpd.GeoDataFrame(
        {"source": ["OpenStreetMap"]}, geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326
    )
    layer.to_file(path)
    assert quiet(main, ["green", "--green", str(path), "--units", "district", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    want = quiet(green.green_coverage, datasets.district(), layer)
    assert "green_ratio" not in row
    assert row["mapped_green_share"] == pytest.approx(want["mapped_green_share"].iloc[0], abs=1e-9)


def test_the_plan_comparison_of_the_proxy_is_indicative_not_a_shortfall(stack):
    osm = green.green_coverage(square_unit(), parks(source=["OpenStreetMap"]))
    row = green.compare_with_plan(osm, data_date="2026-05", data_source="OpenStreetMap").iloc[0]
    assert row["indicator"] == PROXY_ZH and row["target_indicator"] == "城区绿化覆盖率"
    assert row["comparison"] == INDICATIVE and bool(row["comparable"]) is False
    assert row["measured_pct"] == pytest.approx(30.0) and row["target_pct"] == 40.5
    assert math.isnan(row["gap_to_target_pct"]) and row["meets_target"] is None

    raster = green.green_coverage(square_unit(), stack, bands=(1, 2), ndvi_threshold=0.3)
    row = green.compare_with_plan(raster, data_date="2026-05", data_source="NDVI").iloc[0]
    assert row["indicator"] == "城区绿化覆盖率" and bool(row["comparable"]) is True
    assert row["gap_to_target_pct"] == pytest.approx(30.0 - 40.5)
    assert bool(row["meets_target"]) is False and "indicative" not in row["comparison"]


@pytest.mark.parametrize(
    ("bands", "match"),
    [
        ((4,), "bands must be two band numbers"),
        ((1, 2, 3), "bands must be two band numbers"),
        (("1", "2"), "bands must be two band numbers"),
        (2, "bands must be two band numbers"),
        ((2, 2), "names one band as both red and NIR"),
        ((1, 4), "band must be 1..3"),  # the image has 3 bands
    ],
)
def test_ndvi_bands_of_the_wrong_shape_are_refused_by_name(stack, bands, match):
    with pytest.raises(sg.InputError, match=match):
        green.green_coverage(square_unit(), stack, bands=bands, ndvi_threshold=0.3)


def test_ndvi_bands_where_they_mean_nothing_are_refused(stack):
    with pytest.raises(sg.InputError, match="pass ndvi_threshold= too"):
        green.green_coverage(square_unit(), stack, bands=(1, 2), classes=[10])
    with pytest.raises(sg.InputError, match="bands applies to rasters"):
        green.green_coverage(square_unit(), parks(), bands=(1, 2))
    with pytest.raises(sg.InputError, match="has nothing to select"):
        green.green_coverage(square_unit(), (stack, stack), bands=(1, 2), ndvi_threshold=0.3)


def test_green_space_ratio_of_osm_land_use_keeps_its_own_columns():
    landuse = parks(source=["OpenStreetMap"], cls=["G1"])  # 绿地率 from OSM land use
    res = green.green_space_ratio(square_unit(), landuse, class_col="cls", green_classes=["G1"])
    assert res["green_space_ratio"].iloc[0] == pytest.approx(0.3)
    assert res["green_space_m2"].iloc[0] == pytest.approx(300_000)
    assert res.attrs["green"]["indicator"] == "绿地率 (green space ratio)"
    assert "mapped_green_share" not in res.columns and "green_ratio" not in res.columns
