"""What a user sees equals what was computed: every command-line option changes the output as
the Python API does for the same inputs, the numbers drawn on maps are the table's numbers at
the stated radius and date, and every comparison a user relies on includes its edge."""

from __future__ import annotations

import json
import re
import warnings

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, box

import shangcheng_geo as sg
from shangcheng_geo import coverage, datasets, green, lifecircle, maps, plan, scenarios
from shangcheng_geo.cli import main


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _cli_json(capsys, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("args", "api"),
    [
        (["--base", "unit"], {"base": "unit"}),
        (["--base", "land"], {"base": "land"}),
        (["--radius", "500"], {"radius_m": 500}),
        (["--radius", "1000"], {"radius_m": 1000}),
        (["--as-of", "2020-12-31"], {"as_of": "2020-12-31"}),
    ],
)
def test_every_coverage_option_gives_the_apis_value(capsys, args, api):
    rows = _cli_json(capsys, "coverage", "--units", "zones:14th", "--as-of", "2025-12-31", *args)
    options = {"as_of": "2025-12-31", **api}
    want = _quiet(coverage.station_coverage, plan.structure("14th"), **options)
    assert np.allclose([r["coverage_ratio"] for r in rows], want["coverage_ratio"], atol=1e-12)


@pytest.mark.parametrize("args", [["--radius", "500"], ["--base", "unit"], ["--dates", "yearly"]])
def test_every_timeline_option_gives_the_apis_value(capsys, args):
    rows = _cli_json(capsys, "timeline", *args)
    api = {"radius_m": 500} if "500" in args else {"base": "unit"} if "unit" in args else {}
    api["dates"] = "yearly" if "yearly" in args else None
    want = _quiet(scenarios.coverage_timeline, datasets.district(), **api)
    assert len(rows) == len(want)
    assert np.allclose([r["coverage_ratio"] for r in rows], want["coverage_ratio"], atol=1e-12)


def test_the_maps_choropleth_is_the_table_at_the_stated_radius_and_date():
    zones = plan.structure("14th")
    for radius in (500, 800):
        page = _quiet(maps.coverage_map, zones, radius_m=[radius], as_of="2025-12-31",
                      network=None, tiles=None).get_root().render()  # fmt: skip
        drawn = [float(v) for v in re.findall(r'"coverage_pct": "([\d.]+)"', page)]
        table = _quiet(coverage.station_coverage, zones, radius_m=radius, as_of="2025-12-31")
        assert drawn == pytest.approx(list(table["coverage_ratio"] * 100), abs=0.051), radius
        district = _quiet(coverage.station_coverage, datasets.district(), radius_m=radius,
                          as_of="2025-12-31")["coverage_ratio"].iloc[0]  # fmt: skip
        assert f"站点{radius}米覆盖率 {district * 100:.1f} %" in page


def test_the_green_maps_percentages_are_the_measurement():
    units = datasets.district()
    layer = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326)
    res = _quiet(green.green_coverage, units, layer)
    page = _quiet(maps.green_map, res, tiles=None).get_root().render()
    measured = res["green_ratio"].iloc[0] * 100
    assert f"绿化覆盖率 {measured:.1f} %" in page  # the measurement, not 10x off, not the target


def _square_and_station(d):
    """A station at the origin and a site exactly ``d`` metres east (EPSG:4549)."""
    x0, y0 = 520_000.0, 3_350_000.0
    st = gpd.GeoDataFrame({"name_zh": ["甲"], "opened": ["2000-01-01"]},
                          geometry=[Point(x0, y0)], crs="EPSG:4549")  # fmt: skip
    site = gpd.GeoDataFrame(geometry=[Point(x0 + d, y0)], crs="EPSG:4549")
    return st, site


@pytest.mark.parametrize("radius", [500.0, 800.0, 1000.0])
def test_a_site_at_exactly_the_radius_is_within_and_a_millimetre_more_is_not(radius):
    st, at = _square_and_station(radius)
    _, beyond = _square_and_station(radius + 0.001)
    with sg.set_options(analysis_crs="EPSG:4549"):
        inside = _quiet(coverage.site_access, at, st, radius_m=radius)
        outside = _quiet(coverage.site_access, beyond, st, radius_m=radius)
    assert bool(inside["within_radius"].iloc[0]) is True
    assert bool(outside["within_radius"].iloc[0]) is False


def test_a_facility_at_exactly_its_standard_distance_counts():
    st, home = _square_and_station(500.0)  # a kindergarten 500 m away: GB 50180's 5-min tier
    pois = st.assign(category="kindergarten")
    got = _quiet(lifecircle.nearest, home, pois, categories=["kindergarten"],
                 distance_m={"kindergarten": 500.0})  # fmt: skip
    assert bool(got["within_kindergarten"].iloc[0]) is True
    far = _quiet(lifecircle.nearest, home, pois, categories=["kindergarten"],
                 distance_m={"kindergarten": 499.999})  # fmt: skip
    assert bool(far["within_kindergarten"].iloc[0]) is False


def test_the_walking_cutoff_includes_its_edge():
    import networkx as nx

    from shangcheng_geo import network

    G = nx.MultiGraph(crs="EPSG:4549")
    G.add_node(0, x=0.0, y=0.0)
    G.add_node(1, x=800.0, y=0.0)
    G.add_edge(0, 1, length=800.0)
    st = gpd.GeoDataFrame(geometry=[Point(0, 0)], crs="EPSG:4549")
    assert network.network_distances(G, st, cutoff_m=800).tolist() == [0.0, 800.0]
    assert network.network_distances(G, st, cutoff_m=799.999).tolist() == [0.0, np.inf]


def test_the_headline_figures_derived_with_plain_geopandas():
    """62.8 % (today's stations) and 61.0 % (2025-12-31) of the land, the 18.95 km axis and the
    1.68 km² a station at (120.224, 30.345) would add -- by buffer + union + overlay, none of
    the library's measuring code."""
    district = datasets.district().to_crs(4549)
    water = datasets.water().to_crs(4549)
    land = district.geometry.union_all().difference(water.geometry.union_all())
    st = datasets.stations().to_crs(4549)
    opened = st["opened"]
    for day, want in (("2025-12-31", 61.0), (None, 62.8)):
        use = st if day is None else st[opened.notna() & (opened <= day)]
        if day is None:  # every station with a date or in service by one
            use = st[opened.notna() | st["in_service_by"].notna()]
        circles = use.geometry.buffer(800, quad_segs=64).union_all()
        share = land.intersection(circles).area / land.area * 100
        assert round(share, 1) == want, day
        if day == "2025-12-31":
            new = gpd.GeoSeries([Point(120.224, 30.345)], crs=4326).to_crs(4549).iloc[0]
            added = land.intersection(new.buffer(800, quad_segs=64)).difference(circles).area
            assert round(added / 1e6, 2) == 1.68
            what_if = _quiet(coverage.what_if, datasets.district(), [(120.224, 30.345)],
                             as_of=day)  # fmt: skip
            assert abs(what_if["gain_m2"].iloc[0] - added) / added < 1e-3
    axis = plan.riverfront_axis().to_crs(4549).length.sum() / 1000
    assert round(axis, 2) == 18.95


@pytest.mark.parametrize(
    ("args", "api"),
    [
        (["--radius", "500"], {"radius_m": 500}),
        (["--radius", "1000"], {"radius_m": 1000}),
        (["--as-of", "2020-12-31"], {"as_of": "2020-12-31"}),
        (["--units", "district"], {"units": "district"}),
    ],
)
def test_every_map_option_draws_the_apis_value(tmp_path, args, api):
    out = tmp_path / "m.html"
    options = ["--as-of", "2025-12-31", "--tiles", "none", *args]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["map", str(out), *options]) == 0
    page = out.read_text(encoding="utf-8")
    drawn = [float(v) for v in re.findall(r'"coverage_pct": "([\d.]+)"', page)]
    units = datasets.district() if api.get("units") == "district" else plan.structure("14th")
    want = _quiet(coverage.station_coverage, units, radius_m=api.get("radius_m", 800),
                  as_of=api.get("as_of", "2025-12-31"))  # fmt: skip
    assert drawn == pytest.approx(list(want["coverage_ratio"] * 100), abs=0.051)


def test_the_report_commands_radius_sets_its_headline(tmp_path):
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["report", str(out), "--radius", "500", "--as-of", "2025-12-31"]) == 0
    want = _quiet(coverage.station_coverage, datasets.district(), radius_m=500,
                  as_of="2025-12-31")["coverage_ratio"].iloc[0]  # fmt: skip
    assert f"站点500米覆盖率 <b>{want * 100:.1f} %</b>" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("base", ["unit", "land"])
def test_the_green_commands_base_gives_the_apis_value(tmp_path, capsys, base):
    layer = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.20, 30.27)], crs=4326)
    path = tmp_path / "g.gpkg"
    layer.to_file(path)
    rows = _cli_json(capsys, "green", "--green", str(path), "--units", "district", "--base", base)
    want = _quiet(green.green_coverage, datasets.district(), layer, base=base)
    assert rows[0]["green_ratio"] == pytest.approx(
        want["green_ratio"].iloc[0], abs=1e-9
    )  # JSON: 10 digits


def test_a_green_ratio_at_exactly_the_target_meets_it():
    square = box(520_000, 3_350_000, 521_000, 3_351_000)

    def result(green_m2):
        return gpd.GeoDataFrame({"green_m2": [green_m2], "base_m2": [1_000.0], "base": ["unit"]},
                                geometry=[square], crs="EPSG:4549")  # fmt: skip

    at = green.compare_with_plan(result(405.0), data_date="2025-12", data_source="t")
    below = green.compare_with_plan(result(404.999), data_date="2025-12", data_source="t")
    assert at["measured_pct"].iloc[0] == 40.5 and bool(at["meets_target"].iloc[0]) is True
    assert bool(below["meets_target"].iloc[0]) is False


def test_the_python_maps_default_date_is_today_and_in_the_title(monkeypatch):
    import datetime as dt

    from clock import freeze_today

    today = freeze_today(monkeypatch, dt.date(2025, 12, 31))  # the library's today, frozen
    m = _quiet(maps.coverage_map, network=None, tiles=None)
    assert "直线, 2025-12-31)" in m.shangcheng_title
    explicit = _quiet(maps.coverage_map, as_of=today, network=None, tiles=None)
    assert explicit.shangcheng_title == m.shangcheng_title


def test_the_green_map_renders_offline_with_chinese(tmp_path, offline_page):
    layer = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326)
    res = _quiet(green.green_coverage, datasets.district(), layer)
    path = tmp_path / "g.html"
    _quiet(maps.green_map, res, tiles=None).save(str(path))
    with offline_page(path) as (page, errors, refused):  # the fixture also checks for tofu
        page.wait_for_selector("path.sg-unit", timeout=20_000)
        title = page.locator(".sg-title").inner_text()
    assert errors == [] and "绿化覆盖率" in title
    assert refused == []  # tiles=None and inlined Leaflet: the page asks the network nothing


def test_more_coverage_options_give_the_apis_value(capsys, tmp_path):
    # --method network (the embedded western streets), --plan, a units FILE with --datum
    rows = _cli_json(capsys, "coverage", "--units", "subdistricts", "--method", "network",
                     "--as-of", "2025-12-31")  # fmt: skip
    subs = datasets.subdistricts(geometry=True)
    want = _quiet(coverage.station_coverage, subs, method="network", as_of="2025-12-31")
    got = np.array([np.nan if r["coverage_ratio"] is None else r["coverage_ratio"] for r in rows])
    assert np.allclose(got, want["coverage_ratio"], atol=1e-9, equal_nan=True)
    rows = _cli_json(capsys, "coverage", "--units", "zones", "--plan", "15th-proposal",
                     "--as-of", "2025-12-31")  # fmt: skip
    zones = plan.structure("15th-proposal")
    zones = zones[~zones.geometry.is_empty]  # the command measures the located zones
    want = _quiet(coverage.station_coverage, zones, as_of="2025-12-31")
    assert np.allclose([r["coverage_ratio"] for r in rows], want["coverage_ratio"],
                       atol=1e-9, equal_nan=True)  # fmt: skip
    from shangcheng_geo import crs

    amap = crs.to_datum(datasets.district(), "gcj02")
    path = tmp_path / "district_gcj02.geojson"
    amap.to_file(path)
    rows = _cli_json(capsys, "coverage", "--units", str(path), "--datum", "gcj02",
                     "--as-of", "2025-12-31")  # fmt: skip
    want = _quiet(coverage.station_coverage, datasets.district(), as_of="2025-12-31")
    assert abs(rows[0]["coverage_ratio"] - want["coverage_ratio"].iloc[0]) < 1e-6


def test_the_green_commands_classes_give_the_apis_value(capsys, tmp_path):
    layer = gpd.GeoDataFrame(
        {"cls": ["G1", "R2"]},
        geometry=[box(120.15, 30.24, 120.17, 30.27), box(120.18, 30.28, 120.20, 30.30)],
        crs=4326,
    )
    path = tmp_path / "landuse.gpkg"
    layer.to_file(path)
    rows = _cli_json(capsys, "green", "--green", str(path), "--units", "district",
                     "--classes", "G1", "--class-col", "cls")  # fmt: skip
    want = _quiet(green.green_coverage, datasets.district(), layer, classes=["G1"],
                  class_col="cls")  # fmt: skip
    every = _quiet(green.green_coverage, datasets.district(), layer)
    assert rows[0]["green_ratio"] == pytest.approx(want["green_ratio"].iloc[0], abs=1e-9)
    assert want["green_ratio"].iloc[0] < every["green_ratio"].iloc[0]  # the option mattered


def test_the_remaining_options_change_what_they_say(tmp_path, capsys):
    """timeline --method/--units, map --tiles/--assets/--network/--plan, report --units,
    green --ndvi-threshold: each checked against the API or the page it promises."""
    rows = _cli_json(capsys, "timeline", "--units", "zones:14th", "--method", "network",
                     "--dates", "2025-12-31")  # fmt: skip
    want = _quiet(scenarios.coverage_timeline, plan.structure("14th"), method="network",
                  dates=["2025-12-31"])  # fmt: skip
    got = np.array([np.nan if r["coverage_ratio"] is None else r["coverage_ratio"] for r in rows])
    assert np.allclose(got, want["coverage_ratio"], atol=1e-9, equal_nan=True)

    pages = {}
    for name, extra in {"plain": ["--tiles", "none"], "osm": ["--tiles", "osm"],
                        "cdn": ["--tiles", "none", "--assets", "cdn"],
                        "plan15": ["--tiles", "none", "--units", "zones", "--plan", "15th-proposal"]
                        }.items():  # fmt: skip
        out = tmp_path / f"{name}.html"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert main(["map", str(out), "--as-of", "2025-12-31", *extra]) == 0
        pages[name] = out.read_text(encoding="utf-8")
    assert (
        "tile.openstreetmap.org" in pages["osm"] and "tile.openstreetmap.org" not in pages["plain"]
    )
    assert "unpkg.com" in pages["cdn"] or "cdn.jsdelivr.net" in pages["cdn"]
    assert "unpkg.com" not in pages["plain"] and "cdn.jsdelivr.net" not in pages["plain"]
    drawn = [float(v) for v in re.findall(r'"coverage_pct": "([\d.]+)"', pages["plan15"])]
    zones = plan.structure("15th-proposal")
    want = _quiet(coverage.station_coverage, zones[~zones.geometry.is_empty], as_of="2025-12-31")
    assert drawn == pytest.approx(list(want["coverage_ratio"] * 100), abs=0.051)

    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["report", str(out), "--units", "district", "--as-of", "2025-12-31"]) == 0
    report_map = out.read_text(encoding="utf-8")
    assert report_map.count("coverage_pct&quot;: &quot;") == 1  # one unit: the district

    import rasterio
    from rasterio.transform import from_origin

    tif = tmp_path / "ndvi.tif"
    ndvi = np.tile(np.linspace(-0.2, 0.8, 200, dtype="float32"), (200, 1))
    with rasterio.open(tif, "w", driver="GTiff", width=200, height=200, count=1,
                       dtype="float32", crs="EPSG:4549",
                       transform=from_origin(510_000, 3_362_000, 100, 100)) as dst:  # fmt: skip
        dst.write(ndvi, 1)
    seen = []
    for threshold in ("0.3", "0.6"):
        rows = _cli_json(capsys, "green", "--green", str(tif), "--units", "district",
                         "--ndvi-threshold", threshold)  # fmt: skip
        seen.append(rows[0]["green_ratio"])
        want = _quiet(green.green_coverage, datasets.district(), str(tif),
                      ndvi_threshold=float(threshold))  # fmt: skip
        assert rows[0]["green_ratio"] == pytest.approx(want["green_ratio"].iloc[0], abs=1e-9)
    assert seen[0] > seen[1]  # a higher threshold, less green: the option is used


def test_the_network_option_walks_the_given_road_lines(tmp_path, capsys):
    import shapely

    from shangcheng_geo import network

    net = datasets.streets()
    keep = (net.seg_a[:, 0] > 518_000) & (net.seg_a[:, 0] < 521_000)  # a 3 km strip
    keep &= (net.seg_a[:, 1] > 3_347_000) & (net.seg_a[:, 1] < 3_351_000)
    lines = gpd.GeoDataFrame(
        geometry=shapely.linestrings(np.stack([net.seg_a[keep], net.seg_b[keep]], axis=1)),
        crs=net.crs,
    ).to_crs(4326)
    path = tmp_path / "roads.geojson"
    lines.to_file(path)
    units = gpd.GeoDataFrame({"name_zh": ["带"]}, geometry=[box(518_500, 3_347_500, 520_500,
                             3_350_500)], crs="EPSG:4549").to_crs(4326)  # fmt: skip
    upath = tmp_path / "unit.geojson"
    units.to_file(upath)
    args = ["--units", str(upath), "--datum", "wgs84", "--method", "network"]
    rows = _cli_json(capsys, "coverage", *args, "--network", str(path), "--as-of", "2025-12-31")
    G = network.graph_from_lines(gpd.read_file(path))
    want = _quiet(coverage.station_coverage, gpd.read_file(upath), method="network", network=G,
                  as_of="2025-12-31")  # fmt: skip
    assert rows[0]["coverage_ratio"] == pytest.approx(want["coverage_ratio"].iloc[0], abs=1e-9)
    straight = _quiet(coverage.station_coverage, gpd.read_file(upath), as_of="2025-12-31")
    assert rows[0]["coverage_ratio"] < straight["coverage_ratio"].iloc[0]  # walking is used
