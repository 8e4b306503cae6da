"""The green maps say what was measured: 绿化覆盖率 from land cover, the proxy's own name
(已测绘绿地占比, not 绿化覆盖率) from OSM-mapped green space; and their numbers are the table's."""

from __future__ import annotations

import json
import re
import warnings

import geopandas as gpd
import numpy as np
import pytest

from shangcheng_geo import datasets, green, maps, plan
from shangcheng_geo.maps import static

rasterio = pytest.importorskip("rasterio", reason="rasterio (the raster extra) is not installed")
from rasterio.transform import from_origin  # noqa: E402

PROXY_ZH = "已测绘绿地占比（OSM，非绿化覆盖率）"
PROXY_EN = "OSM-mapped green space share"


def observed_m2(result):
    """The units' base that the green data observes: without a raster's nodata or the part
    beyond a layer's extent (a unit wholly outside observes nothing)."""
    base = result["base_m2"]
    if "nodata_share" in result:
        base = base * (1 - result["nodata_share"].fillna(1.0))
    return float(base.sum())


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


@pytest.fixture(scope="module")
def zones():
    return plan.structure("14th")


@pytest.fixture(scope="module")
def osm_result(zones):
    return quiet(green.green_coverage, zones, datasets.green_space())


@pytest.fixture(scope="module")
def raster_result(zones, tmp_path_factory):
    """WorldCover-like classes over the district: tree cover (10) on every third column."""
    path = tmp_path_factory.mktemp("lc") / "worldcover.tif"
    classes = np.full((400, 400), 50, "uint8")
    classes[:, ::3] = 10
    grid = from_origin(505_000, 3_365_000, 50, 50)
    with rasterio.open(path, "w", driver="GTiff", width=400, height=400, count=1, dtype="uint8",
                       crs="EPSG:4549", transform=grid) as ds:  # fmt: skip
        ds.write(classes, 1)
    return quiet(green.green_coverage, zones, str(path), classes="worldcover")


def page_of(result, **kwargs):
    return quiet(maps.green_map, result, tiles=None, **kwargs).get_root().render()


def has(page, text):
    """Text as written, or as folium's JSON writes it (non-ASCII as \\u escapes)."""
    return text in page or json.dumps(text)[1:-1] in page


def title_of(page):
    return re.search(r'<div class="sg-title"><b>(.*?)</b>', page).group(1)


def boxes(page):
    """The legend and colour-bar boxes, as the page writes them (JSON strings in a script)."""
    return " ".join(
        json.loads(f'"{b}"') for b in re.findall(r'innerHTML = "((?:[^"\\]|\\.)*)"', page)
    )


def drawn_properties(page, key):
    """The properties of every feature in the page's GeoJSON that carry ``key``."""
    found = [json.loads(p) for p in re.findall(r'"properties": (\{[^{}]*\})', page)]
    return [p for p in found if key in p]


def test_the_osm_map_names_the_proxy_everywhere(osm_result):
    page = page_of(osm_result, data_source="OpenStreetMap")
    share = osm_result["mapped_green_m2"].sum() / observed_m2(osm_result) * 100
    title = title_of(page)
    assert title == f"{PROXY_ZH} {share:.1f} %"  # the measurement, under the proxy's name
    assert not title.startswith("绿化覆盖率") and "目标" not in title
    assert f"绿化覆盖率 {share:.1f}" not in page  # never the indicator's name on this number
    assert "not comparable" in boxes(page) and "not comparable" in page  # legend, subtitle
    assert f"<b>{PROXY_ZH} {PROXY_EN} (%)</b>" in boxes(page)  # the colour bar
    assert has(page, f"{PROXY_ZH} {PROXY_EN} (%)")  # the tooltip's alias
    assert "低于目标" not in boxes(page) and "Below the 40.5 % target" not in boxes(page)
    assert "vs_target" not in page


def test_the_raster_map_says_green_coverage_against_the_target(raster_result):
    page = page_of(raster_result)
    ratio = raster_result["green_m2"].sum() / observed_m2(raster_result) * 100
    assert title_of(page) == f"绿化覆盖率 {ratio:.1f} % (目标 40.5 %)"
    assert "<b>绿化覆盖率 Green coverage ratio (%)</b>" in boxes(page)
    assert "低于目标 Below the 40.5 % target" in boxes(page)
    assert not has(page, PROXY_ZH)


@pytest.mark.parametrize("which", ["osm", "raster"])
def test_the_tooltips_percentages_are_the_tables_values(which, osm_result, raster_result):
    result = osm_result if which == "osm" else raster_result
    column, key = (
        ("mapped_green_share", "mapped_green_pct")
        if which == "osm"
        else ("green_ratio", "green_pct")
    )
    drawn = {
        p["name_zh"]: np.nan if p[key] is None else float(p[key])
        for p in drawn_properties(page_of(result), key)
    }
    table = dict(zip(result["name_zh"], result[column] * 100, strict=True))
    assert set(drawn) == set(table)  # every unit drawn, once
    for name, pct in table.items():
        if np.isnan(pct):  # no data stays no data on the map, never 0 %
            assert np.isnan(drawn[name]), name
            continue
        assert drawn[name] == pytest.approx(pct, abs=0.051), name  # rounded to 0.1, not 10x off
    assert max(table.values()) > 10  # the check has a value that a factor of 10 would move


def test_the_print_map_names_the_proxy(osm_result, raster_result):
    from matplotlib.text import Text

    def texts(result):
        fig, _ax, info = quiet(static.green_figure, result, data_source="t")
        shown = [t.get_text() for t in fig.findobj(Text) if t.get_text()]
        return info, shown

    info, shown = texts(osm_result)
    share = osm_result["mapped_green_m2"].sum() / observed_m2(osm_result) * 100
    assert info["title"] == f"{PROXY_ZH} {share:.1f} %"
    # the title, and the colour bar in two lines (Chinese, then English: it fits the bar)
    assert info["title"] in shown and f"{PROXY_ZH}\n{PROXY_EN} (%)" in shown
    assert not any(t.startswith("绿化覆盖率") or "低于目标" in t for t in shown)
    assert any("not comparable" in t for t in shown)

    info, shown = texts(raster_result)
    ratio = raster_result["green_m2"].sum() / observed_m2(raster_result) * 100
    assert info["title"] == f"绿化覆盖率 {ratio:.1f} %（目标 40.5 %）" and info["title"] in shown
    assert "绿化覆盖率\nGreen coverage ratio (%)" in shown
    assert not any(PROXY_ZH in t for t in shown)


def test_the_osm_map_in_chromium_shows_the_proxy_and_the_tables_figures(
    osm_result, tmp_path, offline_page
):
    path = tmp_path / "g.html"
    quiet(maps.green_map, osm_result, tiles=None).save(str(path))
    with offline_page(path) as (page, errors, refused):
        page.wait_for_selector("path.sg-unit", timeout=20_000)
        title = page.locator(".sg-title b").inner_text()
        legends = " ".join(page.locator(".sg-legend").all_inner_texts())
        tips = page.evaluate(
            """() => {
              const out = [];
              for (const key of Object.keys(window)) {
                const group = window[key];
                if (!key.startsWith('geo_json_') || !group || !group.eachLayer) continue;
                group.eachLayer(layer => {
                  const p = layer.feature && layer.feature.properties;
                  if (!p || p.mapped_green_pct === undefined) return;
                  layer.fire('mouseover', {latlng: layer.getBounds().getCenter()}, true);
                  const tip = document.querySelector('.leaflet-tooltip');
                  out.push([p.name_zh, tip ? tip.innerText : '']);
                  layer.fire('mouseout', {}, true);
                });
              }
              return out;
            }"""
        )
    assert errors == [] and refused == []
    assert title.startswith(PROXY_ZH) and PROXY_EN in legends and "not comparable" in legends
    table = dict(zip(osm_result["name_zh"], osm_result["mapped_green_share"] * 100, strict=True))
    assert sorted(name for name, _ in tips) == sorted(table)
    for name, text in tips:
        shown = "无数据 no data" if np.isnan(table[name]) else f"{table[name]:.1f}"
        assert PROXY_ZH in text and shown in text, (name, text)


def test_a_result_without_green_columns_is_refused_by_name(zones):
    with pytest.raises(Exception, match="green_coverage"):
        quiet(maps.green_map, gpd.GeoDataFrame(zones[["name_zh", "geometry"]]), tiles=None)


def test_the_green_maps_credit_the_green_data_the_result_was_measured_on():
    """The embedded OSM green space measured over the district (boundary: cnmaps): both green
    maps credit OpenStreetMap for the green, by the result's own source, not 'user data'."""
    from shangcheng_geo.maps import static

    district = datasets.district()
    osm = quiet(green.green_coverage, district, datasets.green_space())
    m = quiet(maps.green_map, osm, tiles=None)
    pieces = m.shangcheng_attribution
    assert any("OpenStreetMap contributors" in p for p in pieces), pieces
    assert not any("user data" in p for p in pieces), pieces
    fig, _ax, _info = quiet(static.green_figure, osm)
    foot = next(t.get_text() for t in fig.texts if t.get_text().startswith("Data:"))
    assert "OpenStreetMap contributors" in foot and "user data" not in foot, foot
    # a layer that says nothing of itself is the user's, and is credited so
    own = gpd.GeoDataFrame(geometry=[district.to_crs(4549).geometry.iloc[0].centroid.buffer(500)],
                           crs=4549)  # fmt: skip
    mine = quiet(green.green_coverage, district, own)
    assert any(
        "user data" in p for p in quiet(maps.green_map, mine, tiles=None).shangcheng_attribution
    )
