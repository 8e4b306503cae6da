"""Plan structure: the derived riverfront axis, bank, corridor, indicative zones, versions."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest

import shangcheng_geo as sg
from shangcheng_geo import datasets, plan

CONF = ["unlocated", "unchecked", "low", "medium", "high"]


def test_14th_plan_structure(geo):
    z = plan.structure("14th")
    assert z.crs.to_epsg() == 4326
    assert z["element_id"].is_unique
    assert z["element_type"].tolist().count("core") == 2
    assert z["element_type"].tolist().count("star") == 5
    assert set(z["status"]) == {"indicative"}
    assert {"core:qianjiang_new_city", "core:hubin", "star:east_station_hub"} <= set(
        z["element_id"]
    )
    zm = z.to_crs(4549)
    for geom in zm.geometry:
        assert geom.is_valid and not geom.is_empty
        assert geom.difference(geo["land"]).area < 1.0
    for col in ("source", "licence", "confidence", "method", "citation", "role_zh"):
        assert z[col].notna().all(), col


def test_zone_confidence_is_the_lowest_of_its_anchors():
    z = plan.structure("14th").set_index("element_id")
    places = datasets.places()
    district = datasets.district().geometry.iloc[0]
    for element_id in ("core:hubin", "star:jian_ding_new_town"):
        mine = places[(places["plan_element"] == element_id) & places.within(district)]
        conf = list(mine["confidence"])  # anchors outside the district are not used
        assert z.loc[element_id, "confidence"] == min(conf, key=CONF.index)
        assert z.loc[element_id, "n_anchors"] == len(conf)
    # the 钱江新城 core also uses the stations of its phase 2 (五堡TOD, 七堡), whose positions
    # have no independent check: the zone's confidence says so
    core = z.loc["core:qianjiang_new_city"]
    assert {"五堡", "七堡"} <= set(core["anchors"].split(";"))
    assert core["confidence"] == "unchecked"
    assert core["includes"] == "qianjiang_new_city_phase2"
    # the East Station star also uses the two stations the plan names
    assert z.loc["star:east_station_hub", "n_anchors"] == 3
    assert "火车东站（东广场）" in z.loc["star:east_station_hub", "anchors"]


def test_zone_rule_single_anchor_circle_area_is_analytic(geo):
    r = 300.0
    z = plan.structure("14th", anchor_radius_m=r).to_crs(4549).set_index("element_id")
    places = datasets.places().to_crs(4549)
    checked = 0
    for element_id, row in z.iterrows():
        anchors = places[places["plan_element"] == element_id]
        if row["n_anchors"] != 1 or len(anchors) != 1:
            continue
        circle_inside = anchors.geometry.iloc[0].buffer(r).difference(geo["land"]).area < 1
        if circle_inside:
            assert row.geometry.area == pytest.approx(math.pi * r * r, rel=5e-4)
            checked += 1
    assert checked >= 2


def test_no_detached_piece_from_an_anchor_outside_the_district(geo):
    """玉皇山 lies in 西湖区: its circle used to leave a separate sliver inside Shangcheng."""
    z = plan.structure("14th").set_index("element_id").to_crs(4549)
    star = z.loc["star:southern_song_imperial_city"]
    assert "玉皇山" not in star["anchors"].split(";")
    assert "anchor outside the district not used: 玉皇山" in star["note"]
    assert "德寿宫" in star["note"]  # no open anchor for the heritage site the plan names
    assert star.geometry.geom_type == "Polygon"  # one piece
    area15 = plan.structure("15th-proposal").set_index("element_id")
    assert (
        "清河坊（河坊街·清河坊四拐角）"
        in area15.loc["area15:southern_song_imperial_city", "anchors"]
    )


def test_15th_proposal_structure_keeps_unlocated_element():
    z = plan.structure("15th-proposal").set_index("element_id")
    assert (z["element_type"] == "core").sum() == 3
    assert (z["element_type"] == "area").sum() == 5
    airport = z.loc["area15:around_airport"]
    assert airport.geometry.is_empty and airport["confidence"] == "unlocated"
    assert airport["area_m2"] == 0
    assert set(z["version"]) == {"15th-proposal"}


def test_compare_versions():
    c = plan.compare_versions("14th", "15th-proposal").set_index("concept")
    assert c.loc["hubin", "presence"] == "both"
    assert c.loc["hubin", "iou"] == pytest.approx(1.0)
    assert c.loc["east_station_hub", "presence"] == "only_a"
    # the 14th plan's 钱江新城 core includes 钱江新城二期 (003, line 134): not new in the 15th
    phase2 = c.loc["qianjiang_new_city_phase2"]
    assert (phase2["presence"], phase2["element_a"]) == ("both", "core:qianjiang_new_city")
    assert phase2["match"] == "included in a larger element"
    assert phase2["overlap_m2"] > 0.5 * phase2["area_b_m2"]
    assert c.loc["qiantang_smart_city", "type_a"] == "star"
    assert c.loc["qiantang_smart_city", "type_b"] == "core"
    both = c[c["presence"] == "both"].dropna(subset=["iou"])
    assert ((both["iou"] >= 0) & (both["iou"] <= 1 + 1e-9)).all()
    assert (both["overlap_m2"] <= both[["area_a_m2", "area_b_m2"]].min(axis=1) + 1e-6).all()


def test_versions_and_elements():
    v = plan.versions()
    assert {"14th", "15th-proposal"} <= set(v.index)
    e = plan.elements("14th")
    assert len(e) == 8 and e["citation"].str.contains("003_d5cc40613ea0b968.txt").all()
    with pytest.raises(sg.InputError, match="built in: "):
        plan.structure("13th")


def test_analysis_crs_choice_does_not_change_the_answer():
    base = plan.riverfront_axis()["length_m"].iloc[0]
    with sg.set_options(analysis_crs="EPSG:32651"):
        utm = plan.riverfront_axis()["length_m"].iloc[0]
    assert utm == pytest.approx(base, rel=2e-3)


def test_results_are_fresh_copies():
    a = plan.structure("14th")
    a["name_zh"] = "x"
    assert "x" not in set(plan.structure("14th")["name_zh"])
    assert isinstance(a, gpd.GeoDataFrame)


def test_structure_keeps_the_output_contract(contract):
    contract(plan.structure("14th"), provenance=True)


def axis_area(zones):
    return float(zones.set_index("element_type").loc["axis", "area_m2"])


def test_the_axis_zone_is_the_riverfront_corridor_of_width_m():
    corridor = plan.riverfront_corridor(width_m=500)
    zones = plan.structure("14th", width_m=500)
    assert axis_area(zones) == pytest.approx(float(corridor["area_m2"].iloc[0]), rel=1e-12)
    assert "within 500 m" in zones.set_index("element_type").loc["axis", "method"]
    assert axis_area(zones) < axis_area(plan.structure("14th"))  # default 1000 m


def test_the_old_corridor_width_keyword_warns_and_still_works():
    with pytest.warns(DeprecationWarning, match="corridor_width_m= is deprecated; use width_m="):
        old = plan.structure("14th", corridor_width_m=500)
    assert axis_area(old) == axis_area(plan.structure("14th", width_m=500))
    with pytest.warns(DeprecationWarning, match="use width_m="):
        metric = plan.structure_metric("14th", corridor_width_m=500)
    assert axis_area(metric) == pytest.approx(axis_area(old), rel=1e-9)


def test_the_old_and_new_corridor_width_together_are_refused():
    with pytest.raises(sg.InputError, match="received both"):
        plan.structure("14th", width_m=700, corridor_width_m=500)
