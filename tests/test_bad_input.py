"""Bad and edge inputs: each gets the library's own error with the key words of its message,
or a DataQualityWarning, never a raw exception from a dependency or a plausible wrong number.

One case per row; the call runs on synthetic shapes in EPSG:4549 near the district (the
analysis CRS, metres) or on the embedded data.
"""

from __future__ import annotations

import json
import subprocess
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, box

import shangcheng_geo as sg
from shangcheng_geo import coverage, crs, datasets, green, network, scenarios, sites, siting, units

X0, Y0 = 520_000.0, 3_350_000.0  # in Shangcheng, EPSG:4549
CRS = "EPSG:4549"


def cell(dx=0.0, dy=0.0, size=1_000.0):
    return box(X0 + dx, Y0 + dy, X0 + dx + size, Y0 + dy + size)


def layer(*geoms, crs=CRS, **cols):
    return gpd.GeoDataFrame(cols or None, geometry=list(geoms), crs=crs)


def one_station():
    return gpd.GeoDataFrame(
        {"station_id": ["s"], "name_zh": ["s"]}, geometry=[Point(X0 + 500, Y0 + 500)], crs=CRS
    )


@pytest.fixture(scope="module")
def rasters(tmp_path_factory):
    rasterio = pytest.importorskip("rasterio", reason="rasterio (the raster extra) is missing")
    from rasterio.transform import from_origin

    d = tmp_path_factory.mktemp("rasters")
    tr = from_origin(X0, Y0 + 1_000, 10, 10)  # covers cell() exactly: 100 x 100 pixels

    def write(name, arr, dtype, nodata=None):
        path = d / name
        with rasterio.open(
            path, "w", driver="GTiff", width=100, height=100, count=1, dtype=dtype,
            crs=CRS, transform=tr, nodata=nodata,
        ) as ds:  # fmt: skip
            ds.write(arr.astype(dtype), 1)
        return path

    classes = np.full((100, 100), 10)
    classes[:, 50:] = 50  # west half tree cover, east half built-up
    paths = {
        "classes": write("classes.tif", classes, "uint8"),
        "ndvi_scaled": write("ndvi.tif", np.full((100, 100), 5_000), "int16"),
    }
    whole = paths["classes"].read_bytes()
    (d / "truncated.tif").write_bytes(whole[: len(whole) // 3])
    paths["truncated"] = d / "truncated.tif"
    return paths


# ----------------------------------------------------------------------------- rasters


def test_area_beyond_the_raster_is_no_data_counted_and_warned(rasters):
    # a unit half over the raster (tree cover only there), one wholly outside
    u = layer(cell(-500, 0), cell(5_000, 5_000))
    with pytest.warns(sg.DataQualityWarning) as rec:
        res = green.green_coverage(u, str(rasters["classes"]), classes=[10])
    text = " ".join(str(w.message) for w in rec)
    assert "1 unit(s) extend beyond the raster" in text and "1 unit(s) lie outside" in text
    assert res["nodata_share"].tolist() == pytest.approx([0.5, 1.0])
    assert res["green_ratio"].iloc[0] == pytest.approx(1.0)  # of the observed half
    assert res["green_m2"].iloc[0] == pytest.approx(500_000.0)  # observed green, not scaled up
    assert np.isnan(res["green_ratio"].iloc[1])


def test_the_same_units_in_another_crs_give_the_same_answer(rasters):
    u = layer(cell(-500, 0), cell(300, 300, 400))
    with pytest.warns(sg.DataQualityWarning):
        a = green.green_coverage(u, str(rasters["classes"]), classes=[10])
    with pytest.warns(sg.DataQualityWarning):
        b = green.green_coverage(u.to_crs(4326), str(rasters["classes"]), classes=[10])
    for col in ("green_ratio", "nodata_share"):
        assert a[col].to_numpy() == pytest.approx(b[col].to_numpy(), abs=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "key", "error"),
    [
        ({"classes": [10], "band": 3}, "band must be 1..1", sg.InputError),
        ({"ndvi_threshold": 0.3, "raster": "ndvi_scaled"}, "NDVI lies in", sg.InputError),
        ({"classes": [10], "raster": "truncated"}, "truncated or corrupt", sg.InputError),
    ],
)
def test_bad_rasters_get_library_errors(rasters, kwargs, key, error):
    kwargs = dict(kwargs)
    path = str(rasters[kwargs.pop("raster", "classes")])
    with pytest.raises(error, match=key):
        green.green_coverage(layer(cell()), path, **kwargs)


def test_one_unknown_class_among_known_ones_is_warned(rasters):
    with pytest.warns(sg.DataQualityWarning, match=r"class\(es\) \[99.0\] do not occur"):
        res = green.green_coverage(layer(cell()), str(rasters["classes"]), classes=[10, 99])
    assert res["green_ratio"].iloc[0] == pytest.approx(0.5)


# ----------------------------------------------------------------------------- coordinates


def test_metres_labelled_as_degrees_and_swapped_lonlat_are_refused(tmp_path):
    district = datasets.district()
    metres = district.to_crs(CRS).set_crs(4326, allow_override=True)
    with pytest.raises(sg.CRSError, match="projected metres labelled as degrees"):
        coverage.station_coverage(metres)
    swapped = district.set_geometry(
        shapely.transform(district.geometry.values, lambda c: c[:, ::-1])
    )
    with pytest.raises(sg.CRSError, match=r"\(lat, lon\) pairs"):
        coverage.station_coverage(swapped)
    # a CRS-less GeoJSON holding projected numbers is read as degrees by GDAL: refused
    path = tmp_path / "projected.geojson"
    doc = json.loads(district.to_crs(CRS).to_json())
    doc.pop("crs", None)
    path.write_text(json.dumps(doc))
    with pytest.raises(sg.CRSError, match="projected metres"):
        datasets.read_file(path)
    with pytest.raises(sg.CRSError, match="projected metres"):
        crs.from_datum(metres, "gcj02")


@pytest.mark.parametrize(
    ("analysis_crs", "key"),
    [("EPSG:3857", "by 15.7"), ("EPSG:32618", "by 2.6"), ("EPSG:4547", "by 0.4")],
)
def test_an_analysis_crs_that_distorts_at_the_data_is_refused(analysis_crs, key):
    with sg.set_options(analysis_crs=analysis_crs), pytest.raises(sg.CRSError, match=key):
        coverage.station_coverage(datasets.district())


def test_suitable_analysis_crss_agree():
    day = "2026-09-01"
    with pytest.warns(sg.DataQualityWarning, match="荆长路"):  # no known opening date
        base = coverage.station_coverage(datasets.district(), as_of=day)
    for other in ("EPSG:32651", "EPSG:32650"):
        with sg.set_options(analysis_crs=other), pytest.warns(sg.DataQualityWarning):
            got = coverage.station_coverage(datasets.district(), as_of=day)
        assert got["coverage_ratio"].iloc[0] == pytest.approx(
            base["coverage_ratio"].iloc[0], abs=2e-3
        )


def test_lon_and_lat_series_with_different_indexes_are_refused():
    lon = pd.Series([120.1, 120.2], index=[0, 1])
    lat = pd.Series([30.3, 30.2], index=[1, 0])
    with pytest.raises(sg.InputError, match="different indexes"):
        crs.gcj02_to_wgs84(lon, lat)
    same = crs.gcj02_to_wgs84(lon, lat.reindex(lon.index))
    assert np.allclose(
        same[0], crs.gcj02_to_wgs84(lon.to_numpy(), lat.reindex(lon.index).to_numpy())[0]
    )


# ----------------------------------------------------------------------------- ids, radii, tiers


def test_ids_one_and_text_one_are_the_same_id():
    z = layer(cell(), cell(2_000), element_id=[1, "1"], name_zh=["a", "b"])
    with pytest.raises(sg.InputError, match="1 and '1' are one id"):
        sg.zones.load_zones(z, id_col="element_id", name_col="name_zh")
    st = layer(Point(X0, Y0), Point(X0 + 10, Y0), station_id=[7, "7"])
    with pytest.raises(sg.InputError, match="duplicate station_id"):
        coverage.station_coverage(layer(cell()), st)


@pytest.mark.parametrize(
    ("tiers", "key"),
    [
        ([(5000,)], "pairs of finite numbers"),
        ([(float("nan"), 500)], "pairs of finite numbers"),
        ([(5000, float("nan"))], "pairs of finite numbers"),
        ([("big", 500)], "pairs of finite numbers"),
        ([], "pairs of finite numbers"),
    ],
)
def test_bad_park_tiers(tiers, key):
    park = layer(cell(size=100))
    with pytest.raises(sg.InputError, match=key):
        green.park_service_coverage(layer(cell()), park, tiers=tiers, base="unit")


def test_one_radius_functions_and_huge_radii():
    with pytest.raises(sg.InputError, match="takes one radius"):
        coverage.coverage_gaps(layer(cell()), one_station(), radius_m=[500, 800])
    with pytest.raises(sg.InputError, match="takes one radius"):
        coverage.site_access(layer(Point(X0, Y0)), one_station(), radius_m=[500, 800])
    with pytest.raises(sg.InputError, match="takes one radius"):
        scenarios.what_if(layer(cell()), layer(Point(X0, Y0)), one_station(), radius_m=[500, 800])
    with pytest.raises(sg.InputError, match="beyond 100,000 m"):
        coverage.catchments(one_station(), radius_m=1e7)
    with pytest.raises(sg.InputError, match="min_area_m2"):
        coverage.coverage_gaps(layer(cell()), one_station(), min_area_m2=float("nan"))
    with pytest.raises(sg.InputError, match="min_area_m2"):
        coverage.coverage_gaps(layer(cell()), one_station(), min_area_m2="big")


# ----------------------------------------------------------------------------- weights, sites


@pytest.mark.parametrize(
    ("weights", "key"),
    [
        (layer(Point(X0, Y0), Point(X0 + 5, Y0), w=[1.0, np.inf]), "1 infinite"),
        (layer(Point(X0, Y0), Point(), w=[1.0, 2.0]), "non-empty points"),
        (layer(Point(X0, Y0), Point(X0 + 5, Y0), w=["a", "b"]), "must be numeric"),
    ],
)
def test_bad_weights(weights, key):
    with pytest.raises(sg.InputError, match=key):
        coverage.station_coverage(
            layer(cell()), one_station(), base="weights", weights=weights, weight_col="w"
        )


def test_locate_refuses_far_points_and_text():
    fc = sites.future_communities()
    name = fc["name_zh"].iloc[0]
    with pytest.raises(sg.InputError, match="km outside Shangcheng"):
        sites.locate(fc, {name: (116.40, 39.90)}, datum="wgs84")  # Beijing
    with pytest.raises(sg.InputError, match="pair of numbers"):
        sites.locate(fc, {name: ("a", "b")}, datum="wgs84")


def test_greedy_siting_says_when_picks_add_nothing():
    far = layer(Point(X0 + 500, Y0 + 500), Point(X0 + 90_000, Y0 + 90_000))
    no_stations = one_station().iloc[:0]
    with pytest.warns(sg.DataQualityWarning, match="1 of the 2 picks add nothing"):
        siting.greedy_siting(layer(cell()), far, k=2, stations=no_stations, base="unit")


def test_h3_resolution_has_a_size_guard():
    pytest.importorskip("h3", reason="h3 (the h3 extra) is not installed")
    with pytest.raises(sg.InputError, match="H3 cells over this extent"):
        units.h3_cells(resolution=13)


def test_nan_vertices_in_lines_are_refused():
    with np.errstate(invalid="ignore"):  # shapely notes the NaN when building the line
        bad = LineString([(X0, Y0), (np.nan, Y0)])
    lines = layer(LineString([(X0, Y0), (X0 + 100, Y0)]), bad)
    with pytest.raises(sg.InputError, match="NaN or infinite vertices"):
        network.graph_from_lines(lines)


def test_vector_classes_that_do_not_occur_are_warned():
    g = layer(cell(size=500), cls=["park"])
    with pytest.warns(sg.DataQualityWarning, match=r"\['parc'\] do not occur"):
        green.green_coverage(layer(cell()), g, classes=["park", "parc"], class_col="cls")


# ----------------------------------------------------------------------------- datums


def _metres(lon1, lat1, lon2, lat2):
    from pyproj import Geod

    return Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2]


@pytest.mark.parametrize("edge", ["west", "east", "south", "north"])
def test_round_trips_hold_up_to_the_box_edge(edge):
    from shangcheng_geo._datums import CHINA_BBOX

    w, s, e, n = CHINA_BBOX
    rng = np.random.default_rng(0)
    k = 20_000
    inward = rng.uniform(0, 0.03, k)  # up to ~3 km inside the edge
    if edge in ("west", "east"):
        lon = w + inward if edge == "west" else e - inward
        lat = rng.uniform(s + 0.1, n - 0.1, k)
    else:
        lat = s + inward if edge == "south" else n - inward
        lon = rng.uniform(w + 0.1, e - 0.1, k)
    for fwd, inv in [
        (crs.wgs84_to_gcj02, crs.gcj02_to_wgs84),
        (crs.wgs84_to_bd09, crs.bd09_to_wgs84),
        (crs.gcj02_to_bd09, crs.bd09_to_gcj02),
    ]:
        back = inv(*fwd(lon, lat))
        assert np.max(_metres(lon, lat, *back)) < 1e-6  # under a micrometre


# ----------------------------------------------------------------------------- maps, CLI


def test_maps_refuse_crs_less_or_empty_units(tmp_path):
    pytest.importorskip("folium", reason="folium (the maps extra) is not installed")
    from shangcheng_geo import maps, static

    with pytest.raises(sg.CRSError, match="no CRS"):
        maps.coverage_map(gpd.GeoDataFrame(geometry=[box(120.17, 30.25, 120.18, 30.26)]))
    with pytest.raises(sg.InputError, match="units is empty"):
        maps.coverage_map(datasets.district().iloc[:0])
    with pytest.raises(sg.OutputError, match="does not exist"):
        static.static_coverage_map(path=tmp_path / "missing" / "map.png")


def _cli(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "shangcheng_geo.cli", *args],
        capture_output=True, text=True, cwd=cwd, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (["coverage", "--as-of", "garbage"], "ISO string"),
        (["coverage", "--radius", "-5"], "positive"),
        (["coverage", "--units", "grid:abc"], "grid cell size"),
        (["coverage", "--units", "h3:abc"], "h3 resolution"),
        (["coverage", "--units", "missing.gpkg"], "file not found"),
        (["map", "x.html", "--units", "empty.geojson"], "has no features"),
        (["green", "--green", "classes.tif", "--classes", "10,abc"], "is not a number"),
        (["green", "--green", "truncated.tif", "--classes", "10"], "truncated or corrupt"),
        (["coverage", "--out", "result.docx"], "cannot write"),
    ],
)
def test_cli_bad_usage_exits_2_with_one_line(rasters, tmp_path, args, key):
    for name in ("classes", "truncated"):
        (tmp_path / f"{name}.tif").write_bytes(rasters[name].read_bytes())
    (tmp_path / "empty.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    res = _cli(*args, cwd=tmp_path)
    assert res.returncode == 2, res.stderr
    lines = [ln for ln in res.stderr.splitlines() if ln.startswith("shangcheng-geo: error:")]
    assert len(lines) == 1 and key in lines[0], res.stderr
    assert "Traceback" not in res.stderr


def test_the_name_tables_as_units_say_what_to_bring():
    import warnings

    from shangcheng_geo import coverage, datasets

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for table, kind in (
            (datasets.subdistricts(), "subdistrict"),
            (datasets.communities(), "community"),
        ):
            with pytest.raises(sg.InputError, match=f"the {kind} table.*--units FILE"):
                coverage.station_coverage(table)
        cov = coverage.station_coverage(datasets.subdistricts(geometry=True))
    assert len(cov) == 14 and cov["coverage_ratio"].notna().sum() == 9


def _street():
    return gpd.GeoDataFrame(geometry=[LineString([(X0 - 2_000, Y0), (X0 + 2_000, Y0)])], crs=CRS)


def _unit_options():
    """Every public option with a unit in its name, each called with one bad value."""
    from shangcheng_geo import access, plan, zones

    st_ = one_station()
    G = network.graph_from_lines(_street())
    acc = access.Access(st_)
    pts = gpd.GeoDataFrame(geometry=[Point(X0, Y0 + 10)], crs=CRS)
    return [
        ("precision_m", lambda v: network.graph_from_lines(_street(), precision_m=v)),
        ("min_component_m", lambda v: network.prepare(G, min_component_m=v, refresh=True)),
        ("cutoff_m", lambda v: network.network_distances(G, st_, cutoff_m=v)),
        ("cutoff_m", lambda v: network.point_distances(G, st_, pts, cutoff_m=v)),
        ("max_snap_m", lambda v: network.network_distances(G, st_, max_snap_m=v)),
        ("max_snap_m", lambda v: access.Access(st_, max_snap_m=v)),
        ("cell_m", lambda v: access.Access(st_, cell_m=v)),
        ("walk_speed_m_s", lambda v: access.Access(st_, walk_speed_m_s=v)),
        ("cutoff_m", lambda v: acc.distances(pts, cutoff_m=v)),
        ("cutoff_m", lambda v: acc.distance_xy(np.array([[X0, Y0]]), cutoff_m=v)),
        ("cutoff_m", lambda v: acc.sample_distances(np.array([cell()]), cutoff_m=v)),
        ("cutoff_m", lambda v: coverage.site_access(pts, st_, cutoff_m=v)),
        ("radius_m", lambda v: coverage.station_coverage(layer(cell()), st_, radius_m=v)),
        ("min_area_m2", lambda v: coverage.coverage_gaps(layer(cell()), st_, min_area_m2=v)),
        ("max_distance_m", lambda v: zones.validate_zones(plan.structure(), max_distance_m=v)),
        ("width_m", lambda v: plan.riverfront_corridor(width_m=v)),
        ("anchor_radius_m", lambda v: plan.structure(anchor_radius_m=v)),
        ("size_m", lambda v: units.grid(size_m=v)),
    ]


def test_every_unit_option_is_checked_by_the_one_helper():
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as hs

    doors = _unit_options()
    numbers_as_text = hs.floats(0.5, 1e4).map(lambda x: f"{x:g}")
    bad = hs.one_of(
        numbers_as_text,
        hs.sampled_from(["", "800 m", "inf", "nan", "1,000"]),
        hs.booleans(),
        hs.just(float("nan")),
        hs.floats(max_value=-1e-6, allow_infinity=True),
    )

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(bad)
    def check(value):
        for name, call in doors:
            with pytest.raises(sg.InputError, match=f"^{name} must be") as err:
                call(value)
            text = str(err.value)
            assert repr(value) in text, text
            if isinstance(value, str | bool):  # the type named, and the fix
                assert f"given as numbers, not {type(value).__name__};" in text, text
                assert f"Pass a number: {name}=" in text, text

    check()


@pytest.mark.parametrize(
    ("value", "fix"),
    [("1", "precision_m=1"), ("0.5", "precision_m=0.5"), (True, "precision_m=<number>")],
)
def test_a_number_given_as_text_is_refused_with_the_number_to_pass(value, fix):
    with pytest.raises(sg.InputError, match="precision_m must be") as err:
        network.graph_from_lines(_street(), precision_m=value)
    assert f"Pass a number: {fix}." in str(err.value)
