"""Future communities and key projects: named, located where open data allows, never dropped."""

from __future__ import annotations

import pytest

import shangcheng_geo as sg
from shangcheng_geo import crs, datasets, sites
from shangcheng_geo._validate import split_located

NAMED = ["始版桥", "荷花塘", "杨柳郡", "景芳", "红梅", "小营巷", "海月南星里"]


def test_future_communities_layer():
    fc = sites.future_communities()
    assert fc.crs.to_epsg() == 4326
    assert set(NAMED) <= set(fc["name_zh"])
    assert fc["site_id"].is_unique
    located = fc[~fc.is_empty]
    assert set(located["name_zh"]) == {"景芳", "清泰门社区"}
    assert (located["confidence"] == "low").all()
    unlocated = fc[fc.is_empty]
    assert (unlocated["confidence"] == "unlocated").all()
    assert unlocated["location_note"].str.contains("locate").all()
    district = datasets.district().geometry.iloc[0]
    assert located.within(district).all()
    for col in ("programme", "citation", "source", "licence"):
        assert fc[col].notna().all(), col
    pilots = fc.set_index("name_zh")
    assert "首批" in pilots.loc["始版桥", "programme"]
    assert pilots.loc["小营巷", "subdistrict"] == "小营街道"


def test_key_projects_layer():
    kp = sites.key_projects()
    assert len(kp) == 6
    assert kp["citation"].str.contains("专栏1").all()
    assert kp[~kp.is_empty]["name_zh"].tolist() == ["江河汇综合体"]


def test_unlocated_sites_are_reported_not_dropped():
    fc = sites.future_communities()
    with pytest.warns(sg.DataQualityWarning, match="始版桥") as record:
        located, missing = split_located(fc, "future communities", id_col="name_zh")
    assert len(located) + len(missing) == len(fc)
    assert "8 feature(s)" in str(record[0].message)


def test_locate_fills_in_user_coordinates():
    fc = sites.future_communities()
    before = fc.copy()
    gcj = crs.wgs84_to_gcj02(120.19, 30.26)
    out = sites.locate(fc, {"始版桥": (float(gcj[0]), float(gcj[1]))}, datum="gcj02")
    row = out.set_index("name_zh").loc["始版桥"]
    assert row.geometry.x == pytest.approx(120.19, abs=1e-9)
    assert row["confidence"] == "user" and "gcj02" in row["source"]
    assert fc.equals(before)  # input untouched
    with pytest.raises(sg.InputError, match="no site"):
        sites.locate(fc, {"不存在": (120.2, 30.2)}, datum="wgs84")
    with pytest.raises(sg.InputError, match="one \\(lon, lat\\) pair"):
        sites.locate(fc, {"始版桥": (120.2, 30.2, 5)}, datum="wgs84")
