"""The life-circle map draws the measurement it is given: each unit's share at the category's
distance, the facilities, the median in the title, no data as no data."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

pytest.importorskip("folium", reason="folium (the maps extra) is not installed")

import shangcheng_geo as sg
from shangcheng_geo import datasets, lifecircle, maps


def _measured():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        subs = datasets.subdistricts(geometry=True)
        subs = subs[~subs.geometry.is_empty]
        pois = lifecircle.facilities.from_osm()
        res = lifecircle.facility_coverage(subs, pois, categories=["kindergarten"])
    return res, pois


def test_the_drawn_shares_are_the_measurement(tmp_path, offline_page):
    res, pois = _measured()
    m = maps.lifecircle_map(res, pois, category="kindergarten", tiles=None)
    page = m.get_root().render()
    drawn = [float(v) for v in re.findall(r'"share_pct": "([\d.]+)"', page)]
    assert drawn == pytest.approx(list(np.round(res["share_kindergarten"] * 100, 1)), abs=1e-9)
    median = np.nanmedian(res["share_kindergarten"]) * 100
    assert f"单元中位数 {median:.1f} %" in m.shangcheng_title
    assert f"{res.attrs['lifecircle']['distance_m']['kindergarten']:g} 米" in m.shangcheng_title
    n = int((pois["category"] == "kindergarten").sum())
    assert page.count("sg-facility") == n
    path = tmp_path / "lc.html"
    m.save(str(path))
    with offline_page(path) as (browser_page, errors, _refused):
        browser_page.wait_for_selector("path.sg-unit", timeout=20_000)
    assert errors == []


def test_a_category_not_measured_is_refused_with_the_ones_that_are():
    res, pois = _measured()
    with pytest.raises(sg.InputError, match=r"\['kindergarten'\]"):
        maps.lifecircle_map(res, pois, category="hospital", tiles=None)


def _one_school(**kwargs):
    """One 1 km square with a primary school (500 m in GB 50180-2018) at its centre."""
    import geopandas as gpd
    from shapely.geometry import Point, box

    unit = gpd.GeoDataFrame(geometry=[box(520_000, 3_350_000, 521_000, 3_351_000)], crs=4549)
    pois = gpd.GeoDataFrame(
        {"category": ["primary_school"]}, geometry=[Point(520_500, 3_350_500)], crs=4549
    )
    res = lifecircle.facility_coverage(unit, pois, categories=["primary_school"], **kwargs)
    return res, pois


def test_the_minutes_are_those_of_the_speed_the_result_was_made_with():
    """500 m is about 7 minutes at the default 1.2 m/s, and about 8 at 1.0 m/s (500 / 1.0 / 60
    = 8.3): a result made at 1.0 m/s shows its own minutes."""
    slow, pois = _one_school(walk_speed_m_s=1.0)
    m = maps.lifecircle_map(slow, pois, category="primary_school", tiles=None)
    assert "500 米（约 8 分钟）" in m.shangcheng_title
    assert "500 m \\u2248 8 min walking" in m.get_root().render()  # the legend (JSON)
    usual, _ = _one_school()
    m = maps.lifecircle_map(usual, pois, category="primary_school", tiles=None)
    assert "500 米（约 7 分钟）" in m.shangcheng_title


def test_a_result_stating_only_its_speed_is_shown_at_that_speed():
    """Without per-category minutes the stated speed is used (500 m at 0.8 m/s: 10.4 minutes),
    and the model's default 1.2 m/s (6.9 minutes) only when the result states no speed."""
    res, pois = _one_school()
    info = {k: v for k, v in res.attrs["lifecircle"].items() if k != "walk_min"}
    stated = res.copy()
    stated.attrs["lifecircle"] = {**info, "walk_speed_m_s": 0.8}
    m = maps.lifecircle_map(stated, pois, category="primary_school", tiles=None)
    assert "500 米（约 10 分钟）" in m.shangcheng_title
    bare = res.copy()
    bare.attrs["lifecircle"] = info
    m = maps.lifecircle_map(bare, pois, category="primary_school", tiles=None)
    assert "500 米（约 7 分钟）" in m.shangcheng_title


def test_each_units_tooltip_is_its_share_and_no_data_says_so():
    """Read out of the map's own GeoJSON: each unit's % is facility_coverage's share x 100,
    and a unit whose share is not measured says no data (grey), never a number."""
    import folium

    res, pois = _measured()
    res = res.copy()
    gap = res.index[0]
    res.loc[gap, "share_kindergarten"] = np.nan  # as for a unit with no land to measure
    m = maps.lifecircle_map(res, pois, category="kindergarten", tiles=None)
    groups = [c for c in m._children.values() if isinstance(c, folium.FeatureGroup)]
    (units,) = [g for g in groups if g.layer_name.startswith("生活圈覆盖")]
    (layer,) = [c for c in units._children.values() if isinstance(c, folium.GeoJson)]
    shown = {f["properties"]["name"]: f["properties"]["share_pct"] for f in layer.data["features"]}
    assert sorted(shown) == sorted(res["name"])
    for name, share in zip(res["name"], res["share_kindergarten"], strict=True):
        if share == share:
            assert float(shown[name]) == pytest.approx(round(share * 100, 1), abs=1e-9), name
        else:
            assert shown[name] == "无数据 no data", name
    missing = [f for f in layer.data["features"] if f["properties"]["name"] == res.loc[gap, "name"]]
    assert layer.style_function(missing[0])["fillColor"] == "#cccccc"
