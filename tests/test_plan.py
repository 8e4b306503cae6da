"""Plan structure: the derived riverfront axis, bank, corridor, indicative zones, versions."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
import shapely
from pyproj import Geod

import shangcheng_geo as sg
from shangcheng_geo import datasets, plan

CONF = ["unlocated", "unchecked", "low", "medium", "high"]


@pytest.fixture(scope="module")
def geo():
    district = datasets.district().to_crs(4549).geometry.iloc[0]
    water = datasets.water().to_crs(4549).geometry.union_all()
    return {"district": district, "land": district.difference(water), "water": water}


def test_axis_is_the_19km_shared_boundary(geo):
    axis = plan.riverfront_axis()
    assert len(axis) == 1 and axis.crs.to_epsg() == 4326
    line = axis.to_crs(4549).geometry.iloc[0]
    assert line.geom_type == "LineString"
    assert line.length / 1000 == pytest.approx(19.1, abs=0.4)
    assert axis["length_m"].iloc[0] == pytest.approx(line.length, rel=1e-9)
    # geodesic length on the ellipsoid agrees with the projected length
    geodesic = Geod(ellps="WGS84").geometry_length(axis.geometry.iloc[0])
    assert geodesic == pytest.approx(line.length, rel=2e-3)
    # it lies on the district boundary and on the boundary of Binjiang + Xiaoshan
    d = datasets.districts().to_crs(4549)
    across = d[d["adcode"].isin(["330108", "330109"])].union_all()
    vertices = shapely.points(shapely.get_coordinates(line))
    assert shapely.distance(geo["district"].boundary, vertices).max() < 0.01
    assert shapely.distance(across.boundary, vertices).max() < 1.0
    # the rest of the district boundary is farther away from the neighbours
    assert line.length < 0.5 * geo["district"].boundary.length


def test_north_bank_lies_between_land_and_water(geo):
    bank = plan.north_bank().to_crs(4549).geometry.iloc[0]
    assert bank.length > plan.riverfront_axis()["length_m"].iloc[0]
    assert geo["district"].buffer(1).contains(bank)
    assert geo["land"].distance(bank) < 1 and geo["water"].distance(bank) < 1
    axis = plan.riverfront_axis().to_crs(4549).geometry.iloc[0]
    # the bank runs north of the mid-line, a few hundred metres to ~1.5 km away
    assert 100 < bank.interpolate(0.5, normalized=True).distance(axis) < 2500


def test_corridor_is_land_near_the_bank_and_grows_with_width(geo):
    areas = []
    for width in (50, 500, 1000, 2000):
        c = plan.riverfront_corridor(width_m=width).to_crs(4549).geometry.iloc[0]
        assert c.difference(geo["land"]).area < 1.0  # no water, nothing outside the district
        areas.append(c.area)
    assert areas == sorted(areas)
    bank_len = plan.north_bank()["length_m"].iloc[0]
    # a thin corridor is close to width x bank length (both sides are land only on one side)
    assert areas[0] == pytest.approx(50 * bank_len, rel=0.15)
    assert areas[-1] <= 2000 * bank_len


@pytest.mark.parametrize("bad", [0, -5, float("nan"), float("inf"), "wide"])
def test_corridor_width_is_validated(bad):
    with pytest.raises(sg.InputError, match="width_m"):
        plan.riverfront_corridor(width_m=bad)


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
