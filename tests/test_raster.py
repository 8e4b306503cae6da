"""Exact partial-pixel zonal sums: analytic shapes, nodata, tiling, CRS, exactextract."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, box

import shangcheng_geo as sg

rasterio = pytest.importorskip("rasterio", reason="rasterio (the raster extra) is not installed")
from rasterio.transform import from_origin  # noqa: E402

from shangcheng_geo import raster  # noqa: E402

X0, Y0, PX = 500_000.0, 3_300_000.0, 100.0
CRS = "EPSG:4549"


def write(path, data, nodata=None, crs=CRS, px=PX):
    data = np.asarray(data, dtype="float32")
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=data.shape[1],
        height=data.shape[0],
        count=1,
        dtype="float32",
        crs=crs,
        nodata=nodata,
        transform=from_origin(X0, Y0, px, px),
    ) as ds:
        ds.write(data[None])
    return path


def gdf(*geoms, crs=CRS):
    return gpd.GeoDataFrame(
        {"name": [f"g{i}" for i in range(len(geoms))]}, geometry=list(geoms), crs=crs
    )


@pytest.fixture
def ones(tmp_path):
    return write(tmp_path / "ones.tif", np.ones((50, 50)))


def test_circle_partial_pixels_sum_to_its_area(ones):
    circle = Point(X0 + 2_123.4, Y0 - 2_456.7).buffer(777.7, quad_segs=64)
    res = raster.zonal_sums(gdf(circle), ones)
    assert res["value_sum"].iloc[0] == pytest.approx(circle.area / PX**2, rel=1e-9)
    assert res["valid_weight"].iloc[0] == pytest.approx(circle.area / PX**2, rel=1e-9)


def test_half_green_squares_and_checkerboards(tmp_path):
    checker = np.indices((20, 20)).sum(axis=0) % 2
    path = write(tmp_path / "checker.tif", checker)
    whole = box(X0, Y0 - 1_000, X0 + 1_000, Y0)  # 10 x 10 pixels exactly
    shifted = box(X0 + 50, Y0 - 1_050, X0 + 1_050, Y0 - 50)  # half-pixel offset
    res = raster.zonal_sums(gdf(whole, shifted), path)
    assert res["value_sum"].tolist() == pytest.approx([50.0, 50.0])
    assert res["valid_weight"].tolist() == pytest.approx([100.0, 100.0])
    half = np.zeros((10, 10))
    half[:, :5] = 1
    path2 = write(tmp_path / "half.tif", half)
    res2 = raster.zonal_sums(gdf(box(X0, Y0 - 1_000, X0 + 1_000, Y0)), path2)
    assert res2["value_sum"].iloc[0] / res2["valid_weight"].iloc[0] == pytest.approx(0.5)


def test_nodata_is_excluded_and_reported(tmp_path):
    data = np.ones((10, 10))
    data[0, :] = -9999  # the top row
    path = write(tmp_path / "nd.tif", data, nodata=-9999)
    res = raster.zonal_sums(gdf(box(X0, Y0 - 1_000, X0 + 1_000, Y0)), path)
    assert res["nodata_weight"].iloc[0] == pytest.approx(10.0)
    assert res["valid_weight"].iloc[0] == pytest.approx(90.0)
    assert res["value_sum"].iloc[0] == pytest.approx(90.0)


def test_tiling_does_not_change_the_result(tmp_path):
    rng = np.random.default_rng(0)
    path = write(tmp_path / "rand.tif", rng.uniform(0, 10, (60, 60)))
    shape = Point(X0 + 3_000, Y0 - 3_000).buffer(2_400)
    a = raster.zonal_sums(gdf(shape), path, tile=16)
    b = raster.zonal_sums(gdf(shape), path, tile=4096)
    assert a.to_numpy() == pytest.approx(b.to_numpy(), rel=1e-12)


def test_units_are_reprojected_to_the_raster(ones):
    poly = Point(X0 + 2_500, Y0 - 2_500).buffer(900, quad_segs=64)
    metric = raster.zonal_sums(gdf(poly), ones)
    lonlat = raster.zonal_sums(gdf(poly).to_crs(4326), ones)
    assert lonlat["value_sum"].iloc[0] == pytest.approx(metric["value_sum"].iloc[0], rel=1e-6)


def test_units_outside_the_raster_get_zero_and_their_area_counts_as_outside(ones):
    far = box(X0 + 50_000, Y0 + 50_000, X0 + 51_000, Y0 + 51_000)
    res = raster.zonal_sums(gdf(far), ones)
    with rasterio.open(ones) as ds:
        px = abs(ds.transform.a * ds.transform.e)
    assert res.iloc[0][["valid_weight", "nodata_weight", "value_sum"]].tolist() == [0.0] * 3
    assert res["outside_weight"].iloc[0] == pytest.approx(1_000 * 1_000 / px, rel=1e-12)


def test_matches_exactextract(tmp_path):
    exactextract = pytest.importorskip("exactextract", reason="exactextract is not installed")
    rng = np.random.default_rng(5)
    path = write(tmp_path / "rand.tif", rng.uniform(0, 5, (80, 80)))
    shapes = gdf(
        Point(X0 + 3_333, Y0 - 4_444).buffer(1_234),
        box(X0 + 123, Y0 - 7_777, X0 + 5_432, Y0 - 5_010),
        Point(X0 + 6_000, Y0 - 2_000)
        .buffer(800)
        .difference(Point(X0 + 6_000, Y0 - 2_000).buffer(300)),
    )
    ours = raster.zonal_sums(shapes, path)
    ref = exactextract.exact_extract(str(path), shapes, ["sum", "count"], output="pandas")
    # same partial-pixel rule; exactextract keeps coverage fractions as 32-bit floats, so the
    # results agree to float32 precision, not to the last double digit
    assert ours["value_sum"].to_numpy() == pytest.approx(ref["sum"].to_numpy(), rel=1e-6)
    assert ours["valid_weight"].to_numpy() == pytest.approx(ref["count"].to_numpy(), rel=1e-6)


def test_bad_rasters(tmp_path, ones):
    with pytest.raises(sg.InputError, match="raster file not found"):
        raster.zonal_sums(gdf(box(0, 0, 1, 1)), tmp_path / "missing.tif")
    with pytest.raises(sg.InputError, match=r"band must be 1\.\.1"):
        raster.zonal_sums(gdf(box(X0, Y0 - 100, X0 + 100, Y0)), ones, band=2)
    nocrs = tmp_path / "nocrs.tif"
    with rasterio.open(
        nocrs,
        "w",
        driver="GTiff",
        width=2,
        height=2,
        count=1,
        dtype="uint8",
        transform=from_origin(X0, Y0, PX, PX),
    ) as ds:
        ds.write(np.ones((1, 2, 2), "uint8"))
    with pytest.raises(sg.CRSError, match="no CRS"):
        raster.zonal_sums(gdf(box(X0, Y0 - 100, X0 + 100, Y0)), nocrs)
    assert math.isfinite(raster.DEFAULT_TILE)
