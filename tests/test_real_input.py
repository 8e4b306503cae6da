"""Wrong answers and crashes on valid input, mended (one test each): the plan's own baseline
date, dates given as Timestamps, an access model where stations go, a layer in metres, and
NaN coordinates refused instead of ignored."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

import shangcheng_geo as sg
from shangcheng_geo import access, coverage, datasets, indicators, sites, siting, units


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # 荆长路 etc.: named elsewhere
        yield


def test_scorecard_on_the_plans_baseline_date_and_before_any_line():
    card = indicators.scorecard(as_of="2020-12-31").set_index("indicator_id")
    row = card.loc["metro_800m_coverage_rank"]
    assert row["status"] in ("met", "not met") and float(row["measured"]) >= 1
    early = indicators.scorecard(as_of="2011-06-30").set_index("indicator_id")
    assert early.loc["metro_800m_coverage_rank", "status"] == "not measurable"


def test_district_ranking_refuses_no_dates_and_several_radii():
    with pytest.raises(sg.InputError, match="dates is empty"):
        indicators.district_ranking(dates=[])
    with pytest.raises(sg.InputError, match="one radius"):
        indicators.district_ranking(radius_m=[500, 800])


def test_h3_refuses_a_boolean_resolution():
    pytest.importorskip("h3", reason="h3 (the h3 extra) is not installed")
    with pytest.raises(sg.InputError, match="resolution must be an integer"):
        units.h3_cells(resolution=True)


def test_the_report_takes_a_timestamp(tmp_path):
    from shangcheng_geo.maps import report

    page = report.write_report(path=tmp_path / "r.html", as_of=pd.Timestamp("2026-09-01"))
    assert "2026-09-01" in page.read_text(encoding="utf-8")


def test_a_station_with_nan_coordinates_is_refused_not_ignored():
    st = gpd.GeoDataFrame(
        {"name_zh": ["a", "b"]}, geometry=[Point(120.2, 30.25), Point(np.nan, np.nan)], crs=4326
    )
    with pytest.raises(sg.InputError, match="NaN or infinite"):
        coverage.station_coverage(datasets.district(), st)
    cand = gpd.GeoDataFrame(geometry=[Point(120.22, 30.34), Point(np.nan, np.nan)], crs=4326)
    with pytest.raises(sg.InputError, match="NaN or infinite"):
        siting.greedy_siting(datasets.district(), cand, k=1)


def test_locate_writes_into_the_layers_own_crs():
    fc = sites.future_communities().to_crs(4549)
    out = sites.locate(fc, {"杨柳郡": (120.22, 30.30)}, datum="wgs84")
    got = out.set_index("name_zh").loc["杨柳郡"].geometry
    want = gpd.GeoSeries([Point(120.22, 30.30)], crs=4326).to_crs(4549).iloc[0]
    assert got.distance(want) < 1e-6 and out.crs.to_epsg() == 4549


def test_siting_takes_an_access_model_as_its_stations():
    acc = access.Access(as_of="2025-12-31")
    cand = gpd.GeoDataFrame(geometry=[Point(120.22, 30.34), Point(120.23, 30.33)], crs=4326)
    a = siting.greedy_siting(datasets.district(), cand, k=1, stations=acc)
    b = siting.greedy_siting(datasets.district(), cand, k=1, as_of="2025-12-31")
    assert a["order"].tolist() == b["order"].tolist()
    assert a["gain"].fillna(-1).tolist() == pytest.approx(b["gain"].fillna(-1).tolist())


def test_zone_from_coords_names_swapped_lat_lon():
    with pytest.raises(sg.CRSError, match="swap"):
        sg.zones.zone_from_coords(
            [(30.25, 120.17), (30.26, 120.18), (30.25, 120.19)],
            datum="wgs84",
            element_id="z1",
            name_zh="x",
        )


def test_zone_prefixed_gauss_kruger_and_absurd_coordinates_are_named():
    from shapely.geometry import box

    prefixed = gpd.GeoDataFrame(
        geometry=[box(40_520_000, 3_350_000, 40_521_000, 3_351_000)], crs=4549
    )
    with pytest.raises(sg.CRSError, match="EPSG:4528"):
        coverage.station_coverage(prefixed)
    absurd = gpd.GeoDataFrame(geometry=[Point(1e20, 1e20)], crs=3857)
    with pytest.raises(sg.CRSError, match="no projection"):
        coverage.station_coverage(datasets.district(), absurd)


def test_heights_survive_a_datum_conversion():
    from shapely.geometry import LineString

    layer = gpd.GeoDataFrame(
        geometry=[Point(120.2, 30.25, 15.0), LineString([(120.2, 30.25, 1), (120.21, 30.26, 2)])],
        crs=4326,
    )
    out = sg.crs.from_datum(layer, "gcj02")
    assert out.has_z.all() and out.geometry.iloc[0].z == 15.0
    assert [c[2] for c in out.geometry.iloc[1].coords] == [1.0, 2.0]


def test_graphs_with_bad_crs_lengths_or_web_mercator_are_refused():
    import networkx as nx

    def graph(crs, length=1000.0, x0=13_380_000.0, y0=3_535_000.0):
        G = nx.MultiGraph(crs=crs)
        G.add_node(1, x=x0, y=y0)
        G.add_node(2, x=x0 + 1000.0, y=y0)
        G.add_edge(1, 2, length=length)
        return G

    with pytest.raises(sg.CRSError, match=r"15\.8%"):  # too long at 30 N
        sg.network.prepare(graph("EPSG:3857"))
    for bad in (None, "EPSG:99999"):
        with pytest.raises(sg.CRSError, match="not a CRS"):
            sg.network.prepare(graph(bad))
    with pytest.raises(sg.InputError, match="'abc'"):
        sg.network.prepare(graph("EPSG:4549", length="abc", x0=520_000.0, y0=3_350_000.0))


def _gbk_shapefile(folder):
    layer = gpd.GeoDataFrame(
        {"name_zh": ["上城区甲", "湖滨乙"]},
        geometry=[Point(120.17, 30.25).buffer(0.001), Point(120.18, 30.26).buffer(0.001)],
        crs=4326,
    )
    path = folder / "zones.shp"
    layer.to_file(path, encoding="GBK")
    for cpg in folder.glob("*.cpg"):
        cpg.unlink()  # as desktop GIS writes it: GBK bytes, no .cpg
    return path


def test_a_gbk_shapefile_without_cpg_reads_right_with_a_warning(tmp_path):
    path = _gbk_shapefile(tmp_path)
    raw = (tmp_path / "zones.dbf").read_bytes()
    assert "上城区甲".encode("gbk") in raw  # the file really holds GBK bytes
    with pytest.warns(sg.DataQualityWarning, match="GB18030"):
        layer = datasets.read_file(path)
    assert layer["name_zh"].tolist() == ["上城区甲", "湖滨乙"]
    forced = datasets.read_file(path, encoding="GBK")
    assert forced["name_zh"].tolist() == ["上城区甲", "湖滨乙"]


def test_a_numpy_integer_is_a_band_number(tmp_path):
    rasterio = pytest.importorskip("rasterio", reason="rasterio (the raster extra) is missing")
    from rasterio.transform import from_origin
    from shapely.geometry import box

    path = tmp_path / "one.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=1,
        dtype="uint8",
        crs="EPSG:4326",
        transform=from_origin(120.1, 30.3, 0.01, 0.01),
    ) as ds:
        ds.write(np.ones((1, 2, 2), "uint8"))  # fmt: skip
    unit = gpd.GeoDataFrame(geometry=[box(120.1, 30.28, 120.12, 30.3)], crs=4326)
    a = sg.raster.zonal_sums(unit, path, band=np.int64(1))["value_sum"].iloc[0]
    b = sg.raster.zonal_sums(unit, path, band=1)["value_sum"].iloc[0]
    assert a == b == pytest.approx(4.0)
    with pytest.raises(sg.InputError, match="band must be"):
        sg.raster.zonal_sums(unit, path, band=np.True_)
