"""Green coverage: vector and raster paths, analytic shapes, agreement, NDVI, parks, OSM."""

from __future__ import annotations

import math
import tracemalloc

import geopandas as gpd
import numpy as np
import pytest
from geopandas.testing import assert_geodataframe_equal
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Point, box

import shangcheng_geo as sg
from shangcheng_geo import crs, green

rasterio = pytest.importorskip("rasterio", reason="rasterio (the raster extra) is not installed")
from rasterio.transform import from_origin  # noqa: E402

X0, Y0, PX = 500_000.0, 3_300_000.0, 10.0
CRS = "EPSG:4549"


def gdf(*geoms, crs=CRS, **cols):
    return gpd.GeoDataFrame(
        cols or {"name": [f"g{i}" for i in range(len(geoms))]}, geometry=list(geoms), crs=crs
    )


def write(path, data, nodata=None, px=PX, dtype=None):
    data = np.asarray(data)
    if data.ndim == 2:
        data = data[None]
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=data.shape[2],
        height=data.shape[1],
        count=data.shape[0],
        dtype=dtype or data.dtype,
        crs=CRS,
        nodata=nodata,
        transform=from_origin(X0, Y0, px, px),
    ) as ds:
        ds.write(data.astype(dtype or data.dtype))
    return path


# ------------------------------------------------------------------ vector


def test_overlapping_green_polygons_count_once():
    unit = gdf(box(X0, Y0, X0 + 100, Y0 + 100))
    trees = gdf(
        box(X0, Y0, X0 + 50, Y0 + 100),
        box(X0 + 25, Y0, X0 + 75, Y0 + 100),
        box(X0 + 25, Y0, X0 + 75, Y0 + 100),
    )
    res = green.green_coverage(unit, trees)
    assert res["green_m2"].iloc[0] == pytest.approx(7_500)
    assert res["green_ratio"].iloc[0] == pytest.approx(0.75)
    assert res["base"].iloc[0] == "unit"


def test_bases_land_and_mask_and_alignment():
    units = gdf(box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 100, Y0, X0 + 200, Y0 + 100))
    units.index = ["a", "b"]
    before = units.copy()
    grass = gdf(Point(X0 + 50, Y0 + 50).buffer(30, quad_segs=64))
    water = gdf(box(X0, Y0, X0 + 50, Y0 + 100))
    land = green.green_coverage(units, grass, base="land", water=water)
    assert list(land.index) == ["a", "b"]
    assert land.loc["a", "base_m2"] == pytest.approx(5_000)
    assert land.loc["a", "green_m2"] == pytest.approx(grass.area.iloc[0] / 2, rel=1e-9)
    assert land.loc["b", "green_ratio"] == 0
    mask = gdf(box(X0 + 50, Y0 + 50, X0 + 150, Y0 + 100))
    built = green.green_coverage(units, grass, base=mask)
    assert built.loc["a", "base_m2"] == pytest.approx(2_500) and built["base"].iloc[0] == "mask"
    assert_geodataframe_equal(units, before)


def test_class_filter_and_datum():
    unit = gdf(box(X0, Y0, X0 + 100, Y0 + 100))
    layer = gdf(
        box(X0, Y0, X0 + 40, Y0 + 100),
        box(X0 + 40, Y0, X0 + 100, Y0 + 100),
        kind=["park", "parking"],
    )
    res = green.green_coverage(unit, layer, classes=["park"], class_col="kind")
    assert res["green_ratio"].iloc[0] == pytest.approx(0.4)
    with pytest.raises(sg.InputError, match="class_col"):
        green.green_coverage(unit, layer, classes=["park"])
    with pytest.raises(sg.InputError, match="none of the classes"):
        green.green_coverage(unit, layer, classes=["forest"], class_col="kind")
    # the same green square digitised on Amap (GCJ-02 lon/lat)
    wgs = layer.iloc[[0]].to_crs(4326)
    amap = crs.to_datum(wgs, "gcj02").set_crs(None, allow_override=True)
    res2 = green.green_coverage(unit, amap, datum="gcj02")
    assert res2["green_ratio"].iloc[0] == pytest.approx(0.4, abs=1e-6)


def test_bad_green_layers():
    unit = gdf(box(X0, Y0, X0 + 100, Y0 + 100))
    with pytest.raises(sg.InputError, match="must contain polygons"):
        green.green_coverage(unit, gdf(Point(X0, Y0)))
    with pytest.warns(sg.DataQualityWarning, match="empty"):
        res = green.green_coverage(unit, gdf())
    assert res["green_ratio"].iloc[0] == 0
    with pytest.raises(sg.InputError, match="base must be"):
        green.green_coverage(unit, gdf(box(X0, Y0, X0 + 1, Y0 + 1)), base="roofs")


# ------------------------------------------------------------------ raster


@pytest.fixture
def half_trees(tmp_path):
    """200 x 200 pixels of 10 m: left half tree cover (10), right half built-up (50)."""
    data = np.full((200, 200), 50, "uint8")
    data[:, :100] = 10
    return write(tmp_path / "worldcover.tif", data, nodata=0)


def test_worldcover_circle_on_the_class_edge_is_half_green(half_trees):
    circle = Point(X0 + 1_000, Y0 - 1_003.7).buffer(333.3, quad_segs=64)
    res = green.green_coverage(gdf(circle), half_trees, classes="worldcover")
    assert res["green_ratio"].iloc[0] == pytest.approx(0.5, abs=1e-12)
    assert res["green_m2"].iloc[0] == pytest.approx(circle.area / 2, rel=1e-9)
    assert res["nodata_share"].iloc[0] == 0


def test_raster_and_vector_agree_on_rasterised_shapes(tmp_path):
    rng = np.random.default_rng(2)
    classes = rng.choice([10, 30, 50, 80], size=(60, 60)).astype("uint8")
    path = write(tmp_path / "lc.tif", classes)
    rows, cols = np.nonzero(np.isin(classes, [10, 30]))
    squares = gdf(
        *[
            box(X0 + c * PX, Y0 - (r + 1) * PX, X0 + (c + 1) * PX, Y0 - r * PX)
            for r, c in zip(rows, cols, strict=True)
        ]
    )
    units = gdf(
        Point(X0 + 300, Y0 - 300).buffer(222, quad_segs=64),
        box(X0 + 13, Y0 - 587, X0 + 411, Y0 - 402),
    )
    by_raster = green.green_coverage(units, path, classes=[10, 30])
    by_vector = green.green_coverage(units, squares)
    # the raster's green is exactly these squares: agreement to float rounding
    assert by_raster["green_m2"].to_numpy() == pytest.approx(
        by_vector["green_m2"].to_numpy(), rel=1e-9
    )


def test_nodata_is_excluded_and_reported(tmp_path):
    data = np.full((100, 100), 10, "uint8")
    data[:25, :] = 255
    path = write(tmp_path / "nd.tif", data, nodata=255)
    unit = gdf(box(X0, Y0 - 1_000, X0 + 1_000, Y0))
    res = green.green_coverage(unit, path, classes="worldcover")
    assert res["nodata_share"].iloc[0] == pytest.approx(0.25)
    assert res["green_ratio"].iloc[0] == pytest.approx(1.0)
    assert res["green_m2"].iloc[0] == pytest.approx(750_000)


def test_class_maps_and_unknown_classes(tmp_path, half_trees):
    unit = gdf(box(X0, Y0 - 2_000, X0 + 2_000, Y0))
    for name, tree in (("dynamic_world", 1), ("clcd", 2)):
        data = np.full((200, 200), 0 if name == "dynamic_world" else 8, "uint8")
        data[:, :50] = tree
        path = write(tmp_path / f"{name}.tif", data)
        res = green.green_coverage(unit, path, classes=name)
        assert res["green_ratio"].iloc[0] == pytest.approx(0.25)
    with pytest.raises(sg.InputError, match="unknown land-cover class map"):
        green.green_coverage(unit, half_trees, classes="corine")
    with pytest.warns(sg.DataQualityWarning, match="none of the green classes"):
        green.green_coverage(unit, half_trees, classes=[7])
    with pytest.raises(sg.InputError, match="classes="):
        green.green_coverage(unit, half_trees)


def test_ndvi_from_bands_files_and_ready_ndvi(tmp_path):
    red = np.full((100, 100), 0.1, "float32")
    nir = np.full((100, 100), 0.1, "float32")
    nir[:, :30] = 0.5  # NDVI 0.667 on the left 30 %
    two = write(tmp_path / "rednir.tif", np.stack([red, nir]))
    unit = gdf(box(X0, Y0 - 1_000, X0 + 1_000, Y0))
    a = green.green_coverage(unit, two, bands=(1, 2), ndvi_threshold=0.3)
    b = green.green_coverage(
        unit, (write(tmp_path / "r.tif", red), write(tmp_path / "n.tif", nir)), ndvi_threshold=0.3
    )
    ndvi = (nir - red) / (nir + red)
    c = green.green_coverage(unit, write(tmp_path / "ndvi.tif", ndvi), ndvi_threshold=0.3)
    for res in (a, b, c):
        assert res["green_ratio"].iloc[0] == pytest.approx(0.3)
    with pytest.raises(sg.InputError, match=r"\[-1, 1\]"):
        green.green_coverage(unit, two, bands=(1, 2), ndvi_threshold=2)
    small = write(tmp_path / "small.tif", nir[:50, :50])
    with pytest.raises(sg.InputError, match="differ in shape"):
        green.green_coverage(unit, (two, small), ndvi_threshold=0.3)


def test_units_outside_the_raster_are_reported(half_trees):
    far = gdf(box(X0 + 90_000, Y0, X0 + 91_000, Y0 + 1_000))
    with pytest.warns(sg.DataQualityWarning, match="outside the raster"):
        res = green.green_coverage(far, half_trees, classes="worldcover")
    assert math.isnan(res["green_ratio"].iloc[0])


def test_large_raster_is_read_in_bounded_windows(tmp_path):
    # 3,000 x 3,000 pixels: a full-window weight array would be 72 MB of float64
    path = tmp_path / "big.tif"
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=3_000,
        height=3_000,
        count=1,
        dtype="uint8",
        crs=CRS,
        transform=from_origin(X0, Y0, PX, PX),
        tiled=True,
        blockxsize=256,
        blockysize=256,
    ) as ds:
        for r in range(0, 3_000, 500):
            block = np.where(np.arange(3_000)[None, :] < 1_200, 10, 50).astype("uint8")
            ds.write(np.repeat(block, 500, axis=0)[None], window=((r, r + 500), (0, 3_000)))
    unit = gdf(Point(X0 + 15_000, Y0 - 15_000).buffer(14_000, quad_segs=64))
    tracemalloc.start()
    res = green.green_coverage(unit, path, classes="worldcover", tile=256)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    expected = unit.geometry.iloc[0].intersection(box(X0, Y0 - 30_000, X0 + 12_000, Y0)).area
    assert res["green_m2"].iloc[0] == pytest.approx(expected, rel=1e-9)
    assert peak < 20e6, f"peak {peak / 1e6:.1f} MB"


# ------------------------------------------------------------------ green space, parks


def test_green_space_ratio_uses_land_use_classes():
    unit = gdf(box(X0, Y0, X0 + 100, Y0 + 100))
    landuse = gdf(
        box(X0, Y0, X0 + 30, Y0 + 100), box(X0 + 30, Y0, X0 + 100, Y0 + 100), cls=["G1", "R2"]
    )
    with pytest.warns(sg.DataQualityWarning, match=r"\['G2'\] do not occur in column 'cls'"):
        res = green.green_space_ratio(unit, landuse, class_col="cls", green_classes=["G1", "G2"])
    assert res["green_space_ratio"].iloc[0] == pytest.approx(0.3)


def test_park_service_tiers_are_analytic():
    unit = gdf(box(X0 - 5_000, Y0 - 5_000, X0 + 5_000, Y0 + 5_000))
    big = box(X0, Y0, X0 + 100, Y0 + 100)  # 10,000 m2: serves 500 m
    mid = box(X0 + 3_000, Y0, X0 + 3_050, Y0 + 50)  # 2,500 m2: serves 300 m
    tiny = box(X0 - 3_000, Y0, X0 - 2_960, Y0 + 40)  # 1,600 m2: serves nothing
    res = green.park_service_coverage(unit, gdf(big, mid, tiny), base="unit")
    expected = (100**2 + 4 * 100 * 500 + math.pi * 500**2) + (
        50**2 + 4 * 50 * 300 + math.pi * 300**2
    )
    assert res["served_m2"].iloc[0] == pytest.approx(expected, rel=5e-4)
    assert res["n_parks_serving"].iloc[0] == 2
    homes = gdf(box(X0 - 5_000, Y0 - 5_000, X0 + 5_000, Y0))
    res2 = green.park_service_coverage(unit, gdf(big), residential=homes)
    assert res2["base"].iloc[0] == "residential" and res2["base_m2"].iloc[0] == pytest.approx(5e7)
    with pytest.raises(sg.InputError, match="tiers"):
        green.park_service_coverage(unit, gdf(big), tiers=[(1000, -5)])


# ------------------------------------------------------------------ OSM, plan


def test_compare_with_plan():
    unit = gdf(box(X0, Y0, X0 + 100, Y0 + 100))
    res = green.green_coverage(unit, gdf(box(X0, Y0, X0 + 41, Y0 + 100)))
    row = green.compare_with_plan(res, data_date="2025-06", data_source="test survey").iloc[0]
    assert row["measured_pct"] == pytest.approx(41.0)
    assert (row["baseline_pct"], row["target_pct"], row["target_year"]) == (39.2, 40.5, 2025)
    assert row["meets_target"] and row["gap_to_target_pct"] == pytest.approx(0.5)
    assert row["data_source"] == "test survey" and "003_" in row["plan_citation"]


def test_compare_with_plan_never_counts_land_twice_or_answers_for_nothing():
    # two zones that share a 50 x 100 strip: summing them would count it twice
    zones = gdf(box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 50, Y0, X0 + 150, Y0 + 100))
    res = green.green_coverage(zones, gdf(box(X0, Y0, X0 + 150, Y0 + 40)))
    with pytest.raises(sg.InputError, match=r"overlap \(0.01 km²"):
        green.compare_with_plan(res, data_date="2025", data_source="t")
    with pytest.raises(sg.InputError, match="no unit with a base area"):
        green.compare_with_plan(res.iloc[:0], data_date="2025", data_source="t")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 90), st.floats(0, 90), st.floats(1, 60), st.floats(1, 60)),
        min_size=0,
        max_size=6,
    )
)
def test_vector_ratio_is_a_share_of_the_base(rects):
    unit = gdf(box(X0, Y0, X0 + 100, Y0 + 100))
    polys = [box(X0 + x, Y0 + y, X0 + x + w, Y0 + y + h) for x, y, w, h in rects]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # the empty layer
        res = green.green_coverage(unit, gdf(*polys))
    ratio = res["green_ratio"].iloc[0]
    assert 0.0 <= ratio <= 1.0
    assert res["green_m2"].iloc[0] <= res["base_m2"].iloc[0] + 1e-9
    if polys:
        union = gdf(*polys).union_all().intersection(unit.geometry.iloc[0]).area
        assert res["green_m2"].iloc[0] == pytest.approx(union, abs=1e-6)


def test_green_coverage_keeps_the_output_contract(contract):
    from shapes import X0, Y0

    units = gdf(box(X0, Y0, X0 + 100, Y0 + 100), box(X0 + 100, Y0, X0 + 200, Y0 + 100))
    units = units.to_crs(4326)
    units.index = ["w", "e"]
    before = units.copy()
    out = green.green_coverage(units, gdf(box(X0, Y0, X0 + 50, Y0 + 100)))
    contract(out, units, before=before)
    assert out["green_ratio"].tolist() == pytest.approx([0.5, 0.0], abs=1e-6)
