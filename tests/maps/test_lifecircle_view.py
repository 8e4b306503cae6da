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
