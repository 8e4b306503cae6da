"""Future communities and key projects: named, located where open data allows, never dropped."""

from __future__ import annotations

from pathlib import Path

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
    # two by OSM points of the kit, five by the OSM extract's community labels
    assert set(located["name_zh"]) == {
        "景芳", "清泰门社区", "始版桥", "荷花塘", "红梅", "小营巷", "新工社区"
    }  # fmt: skip
    assert (located["confidence"] == "low").all()
    by_label = located[located["source"].str.contains("community label")]
    assert set(by_label["name_zh"]) == {"始版桥", "荷花塘", "红梅", "小营巷", "新工社区"}
    assert by_label["location_note"].str.contains("not the site's boundary").all()
    shibanqiao = located.set_index("name_zh").loc["始版桥", "source"]
    assert "7284940625" in shibanqiao
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


# the subdistrict of each named site (the plan documents and the NBS code table agree)
SUBDISTRICTS = {
    "始版桥": "望江街道",
    "荷花塘": "采荷街道",
    "红梅": "闸弄口街道",
    "杨柳郡": "彭埠街道",
    "景芳": "凯旋街道",
    "小营巷": "小营街道",
}
# the raw kit beside the repository, which scripts/build_data.py builds the layers from
RAW_COMMUNITIES = (
    Path(__file__).resolve().parents[2].parent
    / "shared"
    / "data-raw"
    / "admin"
    / "shangcheng_communities.csv"
)


def test_every_named_site_gets_its_subdistrict_and_community_code():
    """From the 203-community code table (NBS codes)."""
    fc = sites.future_communities().set_index("name_zh")
    want = SUBDISTRICTS
    for name, subdistrict in want.items():
        assert fc.loc[name, "subdistrict"] == subdistrict, name
        assert fc.loc[name, "community_code"].startswith("330102")
    # the documents' own wording agrees where they give a subdistrict
    assert fc.loc["杨柳郡", "subdistrict"] == "彭埠街道"
    # target years from the 14th plan's 专栏6 item 9
    assert fc.loc[["杨柳郡", "景芳", "红梅"], "target_year"].tolist() == [2022, 2022, 2022]
    assert fc.loc[["荷花塘", "始版桥"], "target_year"].tolist() == [2025, 2025]
    assert fc.loc["红梅", "citation"].count("专栏6") == 1


def test_the_community_codes_agree_with_the_raw_table():
    """The embedded codes, checked against the raw kit's file read independently of the
    library; without the kit the test skips saying so, and under CI it fails instead."""
    import csv

    from rawkit import require

    require(RAW_COMMUNITIES, "the raw community table")
    fc = sites.future_communities().set_index("name_zh")
    with RAW_COMMUNITIES.open(encoding="utf-8") as fh:
        rows = {r["community_zh"]: r for r in csv.DictReader(fh)}
    for name in SUBDISTRICTS:
        r = rows[f"{name}社区"]
        assert fc.loc[name, "community_code"] == r["community_code"]
        assert fc.loc[name, "subdistrict"] == r["subdistrict_zh"]


def test_key_projects_layer():
    kp = sites.key_projects()
    assert len(kp) == 6
    assert kp["citation"].str.contains("专栏1").all()
    assert kp[~kp.is_empty]["name_zh"].tolist() == ["江河汇综合体"]


def test_unlocated_sites_are_reported_not_dropped():
    fc = sites.future_communities()
    with pytest.warns(sg.DataQualityWarning, match="杨柳郡") as record:
        located, missing = split_located(fc, "future communities", id_col="name_zh")
    assert len(located) + len(missing) == len(fc)
    assert "3 feature(s)" in str(record[0].message)


def test_communities_get_the_osm_label_points_where_named():
    c = datasets.communities(geometry=True)
    assert len(c) == 203 and c.attrs["located"] == "112 of 203 located by an OSM label"
    jf = c.set_index("community_zh").loc["景芳社区"]
    assert jf["osm_id"] == 7298199150 and jf["confidence"] == "low"
    east = c[c["subdistrict_zh"] == "九堡街道"]
    assert east.is_empty.all() and (east["confidence"] == "unlocated").all()


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


def test_names_a_user_types_are_checked_with_suggestions():
    fc = sites.future_communities()
    # the community's full name names the site as well
    got = sites.locate(fc, {"始版桥社区": (120.196, 30.262)}, datum="gcj02")
    assert got.set_index("name_zh").loc["始版桥", "confidence"] == "user"
    with pytest.raises(sg.InputError, match=r"'荷花潭': did you mean \['荷花塘"):
        sites.locate(fc, {"荷花潭": (120.2, 30.27)}, datum="gcj02")


def test_sites_by_subdistrict_lists_all_fourteen():
    t = sites.by_subdistrict()
    assert list(t.index[:-1]) == datasets.subdistricts()["name"].tolist()
    assert t["n_sites"].sum() == len(sites.future_communities())
    assert t.loc["望江街道", "sites"].split(";") == ["始版桥", "清泰门社区"]
    assert (t.drop(index="(unknown)")["n_sites"] == 0).sum() == 6  # no named site there yet
