"""Datum conversion (GCJ-02, BD-09), CRS checks and GeoDataFrame helpers."""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

import shangcheng_geo as sg
from shangcheng_geo import crs

# Published reference pairs: (function, input lon/lat, expected lon/lat).
# coordtransform (wandergis/coordtransform, test/app.js) and eviltransform (googollee, tests).
REFERENCE = [
    (crs.wgs84_to_gcj02, (116.404, 39.915), (116.41024449916938, 39.91640428150164)),
    (crs.gcj02_to_bd09, (116.404, 39.915), (116.41036949371029, 39.92133699351021)),
    (crs.wgs84_to_gcj02, (121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),
    (crs.wgs84_to_gcj02, (113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),
    (crs.wgs84_to_gcj02, (116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),
]


def metres(lon1, lat1, lon2, lat2):
    """Local planar distance in metres (accurate for the sub-metre offsets compared here)."""
    lat = np.radians((np.asarray(lat1) + np.asarray(lat2)) / 2)
    dx = (np.asarray(lon1) - np.asarray(lon2)) * 111_320.0 * np.cos(lat)
    dy = (np.asarray(lat1) - np.asarray(lat2)) * 110_574.0
    return np.hypot(dx, dy)


@pytest.mark.parametrize(("fn", "inp", "expected"), REFERENCE)
def test_forward_formulas_match_published_pairs(fn, inp, expected):
    lon, lat = fn(*inp)
    assert lon == pytest.approx(expected[0], abs=1e-11)
    assert lat == pytest.approx(expected[1], abs=1e-11)


@pytest.mark.parametrize(("fn", "inp", "expected"), REFERENCE)
def test_inverses_recover_published_inputs(fn, inp, expected):
    inverse = {crs.wgs84_to_gcj02: crs.gcj02_to_wgs84, crs.gcj02_to_bd09: crs.bd09_to_gcj02}[fn]
    lon, lat = inverse(*expected)
    assert metres(lon, lat, *inp) < 1e-4


def test_iterative_inverse_beats_one_step_approximation():
    # coordtransform's one-step gcj02towgs84(116.404, 39.915) gives (116.39775550083061,
    # 39.91359571849836), which is centimetres off; the exact inverse maps forward to the input.
    lon, lat = crs.gcj02_to_wgs84(116.404, 39.915)
    fwd = crs.wgs84_to_gcj02(lon, lat)
    assert metres(*fwd, 116.404, 39.915) < 1e-4
    assert metres(lon, lat, 116.39775550083061, 39.91359571849836) > 0.03


china_lon = st.floats(min_value=73.6, max_value=134.7)
china_lat = st.floats(min_value=18.2, max_value=53.5)


@settings(max_examples=300, deadline=None)
@given(china_lon, china_lat)
def test_round_trips_in_china_below_a_centimetre(lon, lat):
    for fwd, inv in [
        (crs.wgs84_to_gcj02, crs.gcj02_to_wgs84),
        (crs.gcj02_to_bd09, crs.bd09_to_gcj02),
        (crs.wgs84_to_bd09, crs.bd09_to_wgs84),
    ]:
        back = inv(*fwd(lon, lat))
        assert metres(*back, lon, lat) < 0.01
        shifted = fwd(lon, lat)
        assert metres(*shifted, lon, lat) > 1.0  # inside China the shift is real


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.floats(min_value=-180, max_value=71.9),
        st.floats(min_value=137.9, max_value=180),
    ),
    st.floats(min_value=-90, max_value=90),
)
def test_identity_outside_china(lon, lat):
    for fn in [
        crs.wgs84_to_gcj02,
        crs.gcj02_to_wgs84,
        crs.gcj02_to_bd09,
        crs.bd09_to_gcj02,
        crs.wgs84_to_bd09,
        crs.bd09_to_wgs84,
    ]:
        out = fn(lon, lat)
        assert (float(out[0]), float(out[1])) == (lon, lat)


def test_named_places_outside_china_untouched():
    lon = np.array([2.3522, -74.006, 151.2093])  # Paris, New York, Sydney
    lat = np.array([48.8566, 40.7128, -33.8688])
    gx, gy = crs.wgs84_to_gcj02(lon, lat)
    np.testing.assert_array_equal(gx, lon)
    np.testing.assert_array_equal(gy, lat)
    assert crs.in_china(lon, lat).tolist() == [False, False, False]


def test_vectorized_equals_scalar_and_keeps_shape():
    rng = np.random.default_rng(42)
    # more points than one chunk, so the threaded path is exercised too
    lon = rng.uniform(100, 125, size=(3, 20_000))
    lat = rng.uniform(20, 45, size=(3, 20_000))
    for fn in [crs.wgs84_to_gcj02, crs.gcj02_to_wgs84, crs.bd09_to_wgs84]:
        vx, vy = fn(lon, lat)
        assert vx.shape == lon.shape and vy.shape == lat.shape
        for i, j in [(0, 0), (1, 17_000), (2, 19_999)]:
            sx, sy = fn(float(lon[i, j]), float(lat[i, j]))
            assert float(sx) == vx[i, j] and float(sy) == vy[i, j]


def test_scalar_in_scalar_out_and_inputs_untouched():
    lon = np.array([120.2, 120.3])
    lat = np.array([30.2, 30.3])
    keep = (lon.copy(), lat.copy())
    crs.gcj02_to_wgs84(lon, lat)
    np.testing.assert_array_equal(lon, keep[0])
    np.testing.assert_array_equal(lat, keep[1])
    out = crs.wgs84_to_gcj02(120.2, 30.2)
    assert np.ndim(out[0]) == 0 and isinstance(float(out[0]), float)


@pytest.mark.parametrize(
    ("lon", "lat", "match"),
    [
        ([120.0, 121.0], [30.0], "same shape"),
        ([120.0, float("nan")], [30.0, 30.0], "NaN"),
        ([120.0], [95.0], r"\[-90, 90\]"),
        ([30.2], [120.2], "swap"),
        (["a"], [30.0], "numbers"),
    ],
)
def test_bad_coordinates_are_refused_clearly(lon, lat, match):
    with pytest.raises(sg.InputError, match=match) as info:
        crs.wgs84_to_gcj02(lon, lat)
    assert isinstance(info.value, ValueError)


def test_hangzhou_offset_is_hundreds_of_metres():
    # Hangzhou East Railway Station: the GCJ-02 shift there is about 480 m
    lon, lat = crs.wgs84_to_gcj02(120.2084, 30.2933)
    assert 400 < metres(lon, lat, 120.2084, 30.2933) < 600


def test_datum_names_and_errors():
    assert crs.normalize_datum("GCJ-02") == "gcj02"
    assert crs.normalize_datum("Baidu") == "bd09"
    with pytest.raises(sg.DatumError, match="allowed: 'wgs84', 'gcj02'"):
        crs.normalize_datum("mars")
    lon, lat = crs.convert_datum(120.2, 30.2, from_datum="bd09", to_datum="bd09")
    assert (float(lon), float(lat)) == (120.2, 30.2)


def sample_layer():
    poly = Polygon([(120.20, 30.25), (120.22, 30.25), (120.22, 30.27), (120.20, 30.27)])
    hole = Polygon(
        [(120.20, 30.25), (120.22, 30.25), (120.22, 30.27), (120.20, 30.27)],
        [[(120.205, 30.255), (120.21, 30.255), (120.21, 30.26)]],
    )
    return gpd.GeoDataFrame(
        {"name": ["pt", "line", "poly", "multi"], "value": [1, 2, 3, 4]},
        geometry=[
            Point(120.2084, 30.2933),
            LineString([(120.1, 30.2), (120.2, 30.3)]),
            hole,
            MultiPolygon([poly, Polygon([(121, 31), (121.01, 31), (121.01, 31.01)])]),
        ],
        index=[10, 20, 30, 40],
    )


def test_from_datum_converts_every_geometry_type_and_keeps_attributes():
    gcj = sample_layer()
    before = gcj.copy()
    wgs = crs.from_datum(gcj, "gcj02")
    assert wgs.crs.to_epsg() == 4326
    assert list(wgs.index) == [10, 20, 30, 40]
    assert wgs["name"].tolist() == gcj["name"].tolist()
    assert wgs.geom_type.tolist() == gcj.geom_type.tolist()
    assert len(wgs.geometry.iloc[2].interiors) == 1
    # each vertex moved by the inverse shift: forward-converting gives back the input
    back = crs.to_datum(wgs, "gcj02")
    for a, b in zip(back.geometry, gcj.geometry, strict=True):
        assert a.equals_exact(b, tolerance=1e-9)
    # the caller's frame is untouched
    assert gcj.crs is None
    for a, b in zip(gcj.geometry, before.geometry, strict=True):
        assert a.equals_exact(b, tolerance=0)


def test_bd09_layer_round_trip_and_geoseries():
    wgs = sample_layer().set_crs(4326)
    bd = crs.to_datum(wgs.geometry, "bd09")
    assert bd.attrs["datum"] == "bd09"
    back = crs.from_datum(bd, "bd09")
    for a, b in zip(back, wgs.geometry, strict=True):
        assert a.equals_exact(b, tolerance=1e-9)


def test_from_datum_refuses_projected_layers():
    projected = sample_layer().set_crs(4326).to_crs(4549)
    with pytest.raises(sg.DatumError, match="to_crs"):
        crs.from_datum(projected, "gcj02")


def test_layer_without_crs_is_refused_naming_the_fix():
    with pytest.raises(sg.CRSError, match="set_crs") as info:
        crs.to_analysis_crs(sample_layer())
    assert "from_datum" in str(info.value)
    assert isinstance(info.value, ValueError)
    with pytest.raises(sg.CRSError, match=r"to_datum|set_crs"):
        crs.to_datum(sample_layer(), "gcj02")


def test_degrees_are_reprojected_to_metres_and_the_input_is_untouched():
    layer = sample_layer().set_crs(4326)
    metric = crs.to_analysis_crs(layer)
    assert metric.crs.to_epsg() == 4549 and metric.crs.is_projected
    assert layer.crs.to_epsg() == 4326  # input untouched


def test_require_crs_is_the_public_check_at_the_door():
    layer = sample_layer()
    with pytest.raises(sg.CRSError, match="has no CRS") as info:
        crs.require_crs(layer, "stations")
    assert str(info.value).startswith("stations ") and isinstance(info.value, ValueError)
    with pytest.raises(sg.InputError, match="GeoDataFrame or GeoSeries"):
        crs.require_crs([(120.2, 30.3)])
    with pytest.raises(sg.CRSError):  # metres labelled as degrees
        crs.require_crs(
            sample_layer().set_crs(4326).to_crs(4549).set_crs(4326, allow_override=True)
        )
    assert crs.require_crs(layer.set_crs(4326)).to_epsg() == 4326
    assert {"require_crs", "normalize_datum"} <= set(crs.__all__)
    assert not hasattr(crs, "require_metric") and not hasattr(crs, "input_in_wgs84")


def test_not_a_geodataframe():
    with pytest.raises(sg.InputError, match="GeoDataFrame"):
        crs.from_datum([(120, 30)], "gcj02")


def test_analysis_crs_option_is_validated():
    with pytest.raises(sg.CRSError, match="geographic"):
        sg.options.analysis_crs = "EPSG:4326"
    with pytest.raises(sg.CRSError, match="not a CRS"):
        sg.options.analysis_crs = "EPSG:999999"
    with pytest.raises(sg.InputError, match="unknown option"):
        sg.options.analysis_crs_m = 1
    with pytest.raises(sg.InputError, match="True or False"):
        sg.options.progress = "yes"
    assert sg.options.analysis_crs.to_epsg() == 4549
    with sg.set_options(analysis_crs="EPSG:32651"):
        assert crs.to_analysis_crs(sample_layer().set_crs(4326)).crs.to_epsg() == 32651
    assert sg.options.analysis_crs.to_epsg() == 4549


def test_distance_scale_of_analysis_crs_in_hangzhou():
    # EPSG:4549 is centred on 120E: one degree of latitude near Hangzhou is ~110.9 km
    pts = gpd.GeoSeries([Point(120.2, 30.0), Point(120.2, 31.0)], crs=4326).to_crs(4549)
    assert pts.iloc[0].distance(pts.iloc[1]) == pytest.approx(110_900, rel=2e-3)
    assert math.isfinite(pts.iloc[0].x)
