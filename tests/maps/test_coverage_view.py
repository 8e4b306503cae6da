"""The coverage map says what it measured: every number it shows is the table's, its legend
lists the layers shown, each unit is named, and the walking warning comes when walking is
asked for."""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pytest

pytest.importorskip("folium", reason="folium (the maps extra) is not installed")

import shangcheng_geo as sg
from shangcheng_geo import coverage, datasets, maps

DAY = "2026-09-01"


def _quietly(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # 荆长路, the 5 unbounded units
        return call()


def _groups(m):
    import folium

    return {c.layer_name: c for c in m._children.values() if isinstance(c, folium.FeatureGroup)}


def _features(group):
    import folium

    (layer,) = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    return layer.data["features"]


def _decoded(page):
    """The page's HTML-in-JSON strings (legends, labels) decoded."""
    strings = re.findall(r'"((?:[^"\\]|\\.)*\\u003c(?:[^"\\]|\\.)*)"', page)
    return "\n".join(json.loads(f'"{s}"') for s in strings)


def _legend_rows(page):
    """The legend's rows as written in the page: (text, hidden at first)."""
    rows = re.findall(r'<div class="sg-legend-row"([^>]*)>(.*?)</div>', _decoded(page))
    return [(re.sub(r"<[^>]+>", "", text), "display:none" in attrs) for attrs, text in rows]


@pytest.fixture(scope="module")
def subdistrict_map():
    units = datasets.subdistricts(geometry=True)
    m = _quietly(lambda: maps.coverage_map(units, as_of=DAY, tiles=None, network=None))
    return units, m


def test_the_per_unit_percentages_and_the_headline_are_station_coverages(subdistrict_map):
    """The tooltips' % per unit are station_coverage's ratio x 100 for the same units, radius
    and date; the title's figure is the district's."""
    units, m = subdistrict_map
    want = _quietly(lambda: coverage.station_coverage(units, radius_m=800, as_of=DAY))
    group = _groups(m)["单元覆盖率 Coverage per unit (800 m)"]
    shown = {f["properties"]["name"]: f["properties"]["coverage_pct"] for f in _features(group)}
    bounded = want[~units.geometry.is_empty]
    assert sorted(shown) == sorted(bounded["name"])  # the 9 with a boundary, each once
    for name, ratio in zip(bounded["name"], bounded["coverage_ratio"], strict=True):
        assert float(shown[name]) == pytest.approx(round(ratio * 100, 1), abs=1e-9), name
    district = _quietly(lambda: coverage.station_coverage(datasets.district(), as_of=DAY))
    headline = district["coverage_ratio"].iloc[0]
    assert m.shangcheng_headline == pytest.approx(headline, abs=1e-12)
    assert f"站点800米覆盖率 {headline * 100:.1f} %" in m.shangcheng_title
    assert f"Shangcheng: {headline * 100:.1f} % of the land" in m.get_root().render()


def test_the_zone_percentages_are_station_coverages_at_each_radius():
    zones = sg.plan.structure("14th")
    m = _quietly(
        lambda: maps.coverage_map(zones, radius_m=500, as_of=DAY, tiles=None, network=None)
    )
    want = _quietly(lambda: coverage.station_coverage(zones, radius_m=500, as_of=DAY))
    group = _groups(m)["单元覆盖率 Coverage per unit (500 m)"]
    shown = {f["properties"]["name_zh"]: float(f["properties"]["coverage_pct"])
             for f in _features(group)}  # fmt: skip
    expected = dict(zip(want["name_zh"], np.round(want["coverage_ratio"] * 100, 1), strict=True))
    assert shown == pytest.approx(expected, abs=1e-9)


def test_each_subdistrict_with_a_boundary_is_labelled_and_the_others_named_as_no_data(
    subdistrict_map,
):
    units, m = subdistrict_map
    page = m.get_root().render()
    labels = re.findall(r'class="sg-label" data-rank="\d+">(.*?)</div>', _decoded(page))
    bounded = units.loc[~units.geometry.is_empty, "name"]
    assert sorted(labels) == sorted(bounded)
    rows = [text for text, _hidden in _legend_rows(page)]
    no_data = next(r for r in rows if r.startswith("无数据 No data"))
    for name in units.loc[units.geometry.is_empty, "name"]:
        assert name in no_data and name not in labels
    # the units drawn are those measured (the unbounded ones are named above, not drawn)
    group = _groups(m)["单元覆盖率 Coverage per unit (800 m)"]
    assert all(float(f["properties"]["coverage_pct"]) >= 0 for f in _features(group))


def test_a_unit_measured_as_no_data_is_grey_not_the_colour_of_zero():
    import geopandas as gpd
    from shapely.geometry import box

    far = gpd.GeoDataFrame(  # a unit all water, in the Qiantang: no land, no data
        {"name_zh": ["江中"]}, geometry=[box(120.2183, 30.2470, 120.2203, 30.2488)], crs=4326
    )
    water = datasets.water().to_crs(4549).geometry.union_all()
    assert water.contains(far.to_crs(4549).geometry.iloc[0])  # the premise
    m = _quietly(lambda: maps.coverage_map(far, as_of=DAY, tiles=None, network=None, gaps=False))
    assert np.isnan(
        _quietly(lambda: coverage.station_coverage(far, as_of=DAY))["coverage_ratio"].iloc[0]
    )
    (feature,) = _features(_groups(m)["单元覆盖率 Coverage per unit (800 m)"])
    assert feature["properties"]["coverage_pct"] == "无数据 no data"  # the tooltip says so
    page = m.get_root().render()
    assert '"fillColor": "#cccccc"' in page  # grey, and no colour of the 0-100 % scale
    assert '"fillColor": "#fee5d9"' not in page
    rows = [text for text, _hidden in _legend_rows(page)]
    assert not any(r.startswith("无数据 No data") for r in rows)  # it has a boundary


def test_the_legend_lists_only_the_layers_shown(subdistrict_map):
    """Rows for layers switched off at first (gaps, lines under construction, the western
    streets' walking) are hidden until their layer is switched on; the rest are listed."""
    m = _quietly(lambda: maps.coverage_map(as_of=DAY, tiles=None))
    rows = dict(_legend_rows(m.get_root().render()))
    hidden = {text.split(" ")[0] for text, off in rows.items() if off}
    shown = {text.split(" ")[0] for text, off in rows.items() if not off}
    assert {"步行", "在建", "空白"} <= hidden, rows
    assert {"500", "800"} <= shown and not hidden & shown, rows


def test_the_default_map_warns_nothing_about_walking_and_asking_for_it_names_the_stations(
    tmp_path, capsys
):
    """The default `shangcheng-geo map` is straight line: its walking display layer (the
    western streets, off at first) warns nothing about the 29 stations far from those
    streets, and counts them in its legend row; walking asked for on the same streets names
    them in a warning."""
    from shangcheng_geo import cli

    page_path = tmp_path / "coverage_map.html"
    assert cli.main(["map", str(page_path), "--as-of", DAY]) == 0
    err = capsys.readouterr().err
    assert "max_snap_m" not in err and "29 station" not in err, err
    assert "荆长路" in err  # the other warnings still come
    rows = [t for t, _off in _legend_rows(page_path.read_text(encoding="utf-8"))]
    walking = next(r for r in rows if r.startswith("步行 Walking"))
    assert "29 station(s) more than 250 m from these streets" in walking, walking
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        maps.coverage_map(
            as_of=DAY, network=datasets.streets(), radius_m=800, tiles=None, gaps=False
        )
    far = [str(w.message) for w in seen if "max_snap_m" in str(w.message)]
    assert len(far) == 1 and far[0].startswith("29 station(s) lie more than max_snap_m=250 m")
    assert "武林广场" in far[0] and "彭埠" in far[0]
