"""The plan's greenways (plan/greenways.py): located only where a named waterway shows them."""

from __future__ import annotations

import pytest

from shangcheng_geo import datasets
from shangcheng_geo.plan import greenways


def test_greenways_follow_named_waterways_inside_the_district():
    g = greenways.greenways().set_index("name_zh")
    assert len(g) == 13 and g["citation"].str.contains("绿道建设").all()
    located = g[~g.is_empty]
    assert set(located.index) == {
        "钱塘江绿道",
        "运河绿道",
        "新开河绿道",
        "新塘河绿道",
        "贴沙河绿道",
    }
    district = datasets.district().to_crs(4549).buffer(1).iloc[0]
    assert located.to_crs(4549).within(district).all()
    # 贴沙河绿道 is the OSM centre line of 贴沙河 inside the district, by plain geopandas
    w = datasets.waterways().to_crs(4549)
    exact = datasets.district().to_crs(4549).iloc[0].geometry
    tiesha = w[w["name"] == "贴沙河"].union_all().intersection(exact)
    assert located.to_crs(4549).length.loc["贴沙河绿道"] == pytest.approx(tiesha.length, rel=1e-3)
    assert g.loc["白石港绿道", "status"].endswith("(the east)")
    assert "only outside the district" in g.loc["上塘河绿道", "status"]
    assert (g.loc[g.is_empty, "confidence"] == "unlocated").all()
    assert "indicative" in g.attrs["provenance"]["attribution"]


def test_new_parks_the_extract_does_not_name_are_listed_unlocated():
    p = greenways.new_parks()
    assert list(p["name_zh"]) == [
        "御道东公园",
        "水墩公园",
        "丁桥中央水景公园",
        "江河汇中央区块公园",
    ]
    names = set(datasets.green_space()["name"].dropna())
    for _, row in p.iterrows():
        assert row.geometry.is_empty == (row["name_zh"] not in names)
        assert row["status"].startswith("unlocated") == row.geometry.is_empty
