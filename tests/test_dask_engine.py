"""The dask engine gives the in-memory results, on a real 2-process LocalCluster."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point, box

import shangcheng_geo as sg
from shangcheng_geo import coverage

dask_geopandas = pytest.importorskip("dask_geopandas", reason="the dask extra is not installed")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
from shangcheng_geo import dask_engine  # noqa: E402

X0, Y0 = 520_000.0, 3_350_000.0
CRS = "EPSG:4549"


@pytest.fixture(scope="module")
def client():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # distributed's own start-up notices
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        )
        c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(7)
    n = 60_000
    xy = rng.uniform(0, 20_000, size=(n, 2))
    pts = gpd.GeoDataFrame(
        {"pop": rng.integers(0, 50, n).astype(float)},
        geometry=gpd.points_from_xy(X0 + xy[:, 0], Y0 + xy[:, 1]),
        crs=CRS,
    )
    sxy = rng.uniform(-2_000, 22_000, size=(40, 2))
    stations = gpd.GeoDataFrame(
        {"station_id": [f"s{i}" for i in range(40)], "name_zh": [f"s{i}" for i in range(40)]},
        geometry=gpd.points_from_xy(X0 + sxy[:, 0], Y0 + sxy[:, 1]),
        crs=CRS,
    )
    units = gpd.GeoDataFrame(
        {"name": [f"u{i}" for i in range(16)]},
        geometry=[
            box(X0 + i * 5_000, Y0 + j * 5_000, X0 + (i + 1) * 5_000, Y0 + (j + 1) * 5_000)
            for i in range(4)
            for j in range(4)
        ],
        crs=CRS,
    )
    return pts, stations, units


def test_site_access_matches_in_memory_on_a_process_cluster(client, data, tmp_path):
    pts, stations, _ = data
    path = tmp_path / "points.parquet"
    dask_engine.write_parquet(dask_geopandas.from_geopandas(pts, npartitions=6), path)
    ours = dask_engine.site_access(path, stations, radius_m=800)
    ref = coverage.site_access(pts, stations, radius_m=800)
    ours = ours.sort_index()
    assert len(ours) == len(ref)
    assert (ours["within_radius"].to_numpy(bool) == ref["within_radius"].to_numpy(bool)).all()
    assert np.abs(ours["distance_m"].to_numpy() - ref["distance_m"].to_numpy()).max() < 1e-6
    assert ours["nearest_station"].tolist() == ref["nearest_station"].tolist()
    assert client.scheduler_info()["workers"]  # it really ran on the cluster


def test_weighted_coverage_matches_in_memory(client, data):
    pts, stations, units = data
    ours = dask_engine.weighted_coverage(
        units,
        dask_geopandas.from_geopandas(pts, npartitions=5),
        weight_col="pop",
        stations=stations,
    )
    ref = coverage.station_coverage(units, stations, base="weights", weights=pts, weight_col="pop")
    assert list(ours.index) == list(units.index)
    np.testing.assert_allclose(ours["covered_weight"], ref["covered_weight"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours["base_weight"], ref["base_weight"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(ours["coverage_ratio"], ref["coverage_ratio"], rtol=1e-12)


def test_partition_edge_cases(client, data):
    _, stations, _ = data
    # points exactly on a partition bound, a station outside every partition but within reach,
    # a point whose nearest station is far outside its partition, and an empty partition
    far_station = gpd.GeoDataFrame(
        {"station_id": ["edge"], "name_zh": ["edge"]},
        geometry=[Point(X0 - 700, Y0 + 50_000)],
        crs=CRS,
    )
    st = pd.concat([stations, far_station], ignore_index=True)
    pts = gpd.GeoDataFrame(
        {"pid": [0, 1, 2, 3]},
        geometry=[
            Point(X0, Y0 + 50_000),
            Point(X0 + 10, Y0 + 50_000),
            Point(X0 + 10_000, Y0 + 10_000),
            Point(X0 + 90_000, Y0 + 90_000),
        ],
        crs=CRS,
    )
    ddf = dask_geopandas.from_geopandas(pts, npartitions=2)
    ddf = ddf.spatial_shuffle(by="hilbert", npartitions=3)  # may leave a partition empty
    empty = ddf.map_partitions(lambda p: p.iloc[:0], meta=ddf._meta)
    combined = dask_geopandas.from_dask_dataframe(
        __import__("dask.dataframe", fromlist=["concat"]).concat([ddf, empty]), geometry="geometry"
    )
    ours = dask_engine.site_access(combined, st, radius_m=800).sort_values("pid")
    ref = coverage.site_access(pts, st, radius_m=800)
    assert ours["nearest_station"].tolist() == ref["nearest_station"].tolist()
    assert ours["nearest_station"].iloc[0] == "edge"
    assert np.allclose(ours["distance_m"], ref["distance_m"], atol=1e-6)


def test_gcj02_columns_are_converted_partition_by_partition(client, tmp_path):
    wgs = np.array([[120.2084, 30.2933], [120.17, 30.25], [120.25, 30.32]])
    gx, gy = sg.crs.wgs84_to_gcj02(wgs[:, 0], wgs[:, 1])
    table = pd.DataFrame({"id": [1, 2, 3], "lng": gx, "lat": gy})
    path = tmp_path / "amap.parquet"
    table.to_parquet(path)
    ddf = dask_engine.read_points(path, lon_col="lng", lat_col="lat", datum="gcj02")
    got = ddf.compute().sort_values("id")
    assert np.allclose(got.geometry.x, wgs[:, 0], atol=1e-9)
    assert np.allclose(got.geometry.y, wgs[:, 1], atol=1e-9)
    assert got.crs.to_epsg() == 4326
    with pytest.raises(sg.InputError, match="no column"):
        dask_engine.read_points(path, lon_col="x", lat_col="y")


def test_geoparquet_round_trip_keeps_crs(client, tmp_path, data):
    pts, stations, _ = data
    res = dask_engine.site_access(
        dask_geopandas.from_geopandas(pts.iloc[:2000], npartitions=3), stations, compute=False
    )
    out = tmp_path / "result.parquet"
    dask_engine.write_parquet(res, out)
    back = dask_geopandas.read_parquet(out).compute()
    assert back.crs.to_epsg() == 4549 and "distance_m" in back and len(back) == 2000
    parts = dask_engine.spatial_partition(dask_geopandas.from_geopandas(pts, npartitions=4))
    assert parts.spatial_partitions is not None and len(parts.spatial_partitions) == 4


def test_engine_switch_on_the_coverage_functions(client, data, tmp_path):
    pts, stations, units = data
    small = pts.iloc[:5_000]
    path = tmp_path / "small.parquet"
    small.to_parquet(path)
    by_path = coverage.site_access(path, stations).sort_index()
    in_memory = coverage.site_access(small, stations)
    assert by_path["distance_m"].to_numpy() == pytest.approx(in_memory["distance_m"].to_numpy())
    ddf = dask_geopandas.from_geopandas(small, npartitions=3)
    via_engine = coverage.station_coverage(
        units, stations, base="weights", weights=ddf, weight_col="pop", engine="dask"
    )
    ref = coverage.station_coverage(
        units, stations, base="weights", weights=small, weight_col="pop"
    )
    np.testing.assert_allclose(via_engine["covered_weight"], ref["covered_weight"])
    with pytest.raises(sg.InputError, match="engine must be"):
        coverage.site_access(small, stations, engine="spark")


def test_progress_reporting_returns_the_same_result(client, data):
    pts, stations, _ = data
    ddf = dask_geopandas.from_geopandas(pts.iloc[:3_000], npartitions=3)
    plain = dask_engine.site_access(ddf, stations).sort_index()
    shown = dask_engine.site_access(ddf, stations, progress=True).sort_index()
    assert shown["distance_m"].tolist() == plain["distance_m"].tolist()


def test_missing_dask_names_the_extra(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "dask_geopandas", None)
    with pytest.raises(sg.MissingDependencyError, match=r"shangcheng_geo\[dask\]"):
        dask_engine.read_points("points.parquet")


def test_a_gbk_csv_of_points_is_read_like_the_other_readers(tmp_path):
    """Excel in China saves CSV as GBK: read with the library's table reader, with its warning."""
    path = tmp_path / "高德 POI.csv"
    table = pd.DataFrame({"名称": ["火车东站", "湖滨"], "lng": [120.2129, 120.1650]})
    table.assign(lat=[30.2907, 30.2580]).to_csv(path, index=False, encoding="gbk")
    with pytest.warns(sg.DataQualityWarning, match="not UTF-8: read as GB18030"):
        ddf = dask_engine.read_points(path, lon_col="lng", lat_col="lat", npartitions=2)
    got = ddf.compute()
    assert got["名称"].tolist() == ["火车东站", "湖滨"]
    assert got.crs.to_epsg() == 4326 and got.geometry.x.round(4).tolist() == [120.2129, 120.165]


def test_an_empty_or_missing_csv_is_refused_by_name(tmp_path):
    empty = tmp_path / "points.csv"
    empty.write_bytes(b"")
    with pytest.raises(sg.InputError, match=r"points\.csv' is empty: a CSV of points needs"):
        dask_engine.read_points(empty, lon_col="lng", lat_col="lat")
    with pytest.raises(sg.InputError, match=r"file not found: .*nowhere\.csv"):
        dask_engine.read_points(tmp_path / "nowhere.csv", lon_col="lng", lat_col="lat")


def test_write_parquet_replaces_a_dataset_folder_and_refuses_a_folder_for_a_file(tmp_path):
    pts = gpd.GeoDataFrame({"w": [1.0, 2.0]}, geometry=[Point(120.2, 30.3)] * 2, crs=4326)
    dataset = tmp_path / "points.parquet"
    dask_engine.write_parquet(pts, dataset)  # one file, then a dataset in its place
    dask_engine.write_parquet(dask_geopandas.from_geopandas(pts, npartitions=2), dataset)
    assert dataset.is_dir() and sorted(p.name for p in tmp_path.iterdir()) == ["points.parquet"]
    dask_engine.write_parquet(dask_geopandas.from_geopandas(pts.head(1), npartitions=1), dataset)
    assert len(dask_geopandas.read_parquet(dataset).compute()) == 1  # the new dataset, whole
    with pytest.raises(sg.OutputError, match=r"points\.parquet': it is a folder: give a file"):
        dask_engine.write_parquet(pts, dataset)  # one file, where a folder is
    assert sorted(p.name for p in tmp_path.iterdir()) == ["points.parquet"]
