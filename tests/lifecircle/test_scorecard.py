"""The life-circle scorecard (lifecircle/scoring.py): pass exactly at the distance and fail
1 m beyond, no data is never a fail, sites that cannot be scored are named and kept."""

from __future__ import annotations

import math
import warnings

import geopandas as gpd
import pytest
from shapely.geometry import Point, box
from shapes import CRS, X0, Y0, street_network

import shangcheng_geo as sg
from shangcheng_geo import lifecircle

TEN = ("primary_school", "market", "park")  # GB 50180's 10-minute types in the preset (500 m)


def _recorded(fn, *args, **kw):
    """The result and the messages of the data-quality warnings it gave."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always", sg.DataQualityWarning)
        out = fn(*args, **kw)
    return out, [str(w.message) for w in seen if issubclass(w.category, sg.DataQualityWarning)]


def _quiet(fn, *args, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        return fn(*args, **kw)


def _pois(rows):
    return gpd.GeoDataFrame(
        {"category": [c for c, _, _ in rows]},
        geometry=[Point(X0 + x, Y0 + y) for _, x, y in rows],
        crs=CRS,
    )


@pytest.mark.parametrize("beyond_m", [0.0, 1.0])
def test_a_square_unit_passes_exactly_at_the_distance_and_fails_1_m_beyond(beyond_m):
    # a square whose corners are 500 m from its centre: the facilities at the centre reach
    # all of it; the park moved 1 m along the diagonal leaves the far corner at 501 m
    h = 500 / math.sqrt(2)
    unit = gpd.GeoDataFrame({"name_zh": ["方"]}, geometry=[box(X0 - h, Y0 - h, X0 + h, Y0 + h)],
                            crs=CRS)  # fmt: skip
    step = beyond_m / math.sqrt(2)
    pois = _pois([("primary_school", 0, 0), ("market", 0, 0), ("park", step, step)])
    card = _quiet(lifecircle.scorecard, unit, pois, tiers=("10min",))
    row = card.loc[(0, "10min")]
    assert row["name_zh"] == "方" and row["distance_m"] == 500.0
    if beyond_m == 0:
        assert row["result"] == "pass" and bool(row["passes"]) is True
        assert row["share_reached"] == 1.0 and row["reached"] == ", ".join(TEN)
    else:
        assert row["result"] == "fail" and bool(row["passes"]) is False
        assert row["not_reached"] == "park" and row["share_reached"] == pytest.approx(2 / 3)
        assert 0.99 < row["share_park"] < 1.0
    assert "GB 50180-2018" in row["clause"]


@pytest.mark.parametrize("beyond_m", [0.0, 1.0])
def test_a_site_passes_exactly_at_the_distance_and_fails_1_m_beyond(beyond_m):
    site = gpd.GeoDataFrame({"name_zh": ["点"]}, geometry=[Point(X0, Y0)], crs=CRS)
    pois = _pois([("primary_school", 500, 0), ("market", 0, 500), ("park", -500 - beyond_m, 0)])
    card = _quiet(lifecircle.scorecard, site, pois, tiers=("10min",), metro=False)
    row = card.loc[(0, "10min")]
    assert row["result"] == ("pass" if beyond_m == 0 else "fail")
    assert bool(row["reached_park"]) is (beyond_m == 0)
    assert row["dist_park"] == pytest.approx(500 + beyond_m)


def test_a_type_absent_from_the_data_is_no_data_never_fail_or_zero():
    site = gpd.GeoDataFrame(geometry=[Point(X0, Y0)], crs=CRS)
    pois = _pois([("primary_school", 100, 0), ("park", 0, 100)])  # no market
    with pytest.warns(sg.DataQualityWarning, match="market"):
        card = lifecircle.scorecard(site, pois, tiers=("10min",), metro=False)
    row = card.loc[(0, "10min")]
    assert row["result"] == "no data" and row["passes"] is pd_na()
    assert row["no_data"] == "market" and row["n_measured"] == 2 and row["share_reached"] == 1.0
    assert row["reached_market"] is pd_na()
    # a measured type that fails is a fail whatever the others
    far = _pois([("primary_school", 900, 0), ("park", 0, 100)])
    row = _quiet(lifecircle.scorecard, site, far, tiers=("10min",), metro=False).loc[(0, "10min")]
    assert row["result"] == "fail" and row["no_data"] == "market"


def pd_na():
    import pandas as pd

    return pd.NA


def test_yilao_yixiao_is_its_own_line_with_the_elderly_and_children_types():
    site = gpd.GeoDataFrame(geometry=[Point(X0, Y0)], crs=CRS)
    pois = _pois([("elderly_day_care", 300, 0), ("nursery", 0, 200), ("kindergarten", 0, -250)])
    card = _quiet(lifecircle.scorecard, site, pois, tiers=("5min",), metro=False)
    row = card.loc[(0, "一老一小")]
    assert set(lifecircle.YILAO_YIXIAO) == {"elderly_day_care", "nursery", "kindergarten"}
    assert row["required"] == "elderly_day_care, nursery, kindergarten"
    assert row["result"] == "pass" and row["n_reached"] == 3
    assert card.loc[(0, "5min"), "result"] == "no data"  # sports, culture, health station
    assert card.attrs["scorecard"]["yilao_yixiao"] == list(lifecircle.YILAO_YIXIAO)


def test_future_communities_are_ranked_with_metro_access_and_the_unlocated_named():
    from shangcheng_geo.lifecircle import facilities
    from shangcheng_geo.plan import sites

    fc = sites.future_communities()
    pois = _quiet(facilities.from_osm)
    card, said = _recorded(lifecircle.scorecard, fc, pois)
    assert any(m.startswith("cannot be scored") and "杨柳郡 (no location)" in m for m in said)
    assert len(card) == len(fc) * 4  # three tiers and 一老一小, every site kept
    unlocated = set(fc.loc[fc.geometry.is_empty, "name_zh"])
    assert set(card.attrs["scorecard"]["unscored"]) == unlocated
    for idx, name in fc["name_zh"].items():
        rows = card.loc[idx]
        if name in unlocated:
            assert (rows["result"] == "cannot be scored: no location").all()
            assert rows["rank"].isna().all()
        else:
            assert rows["rank"].notna().all() and rows["metro_distance_m"].notna().all()
    ranks = card.groupby(level=0)[["rank", "score", "metro_distance_m"]].first().dropna()
    ordered = ranks.sort_values("rank")
    assert ordered["rank"].tolist() == list(range(1, len(ordered) + 1))
    assert ordered["score"].is_monotonic_decreasing
    jf = card.xs("5min", level="tier").set_index("name_zh").loc["景芳"]
    assert jf["metro_station"] == "景芳" and bool(jf["metro_within_800m"]) is True


def test_a_site_beyond_the_street_data_cannot_be_scored_by_walking():
    G = street_network((-2_000, 0, 2_000, 0))
    sites_ = gpd.GeoDataFrame(
        {"name_zh": ["近", "远"]},
        geometry=[Point(X0 + 100, Y0 + 20), Point(X0, Y0 + 3_000)],
        crs=CRS,
    )
    pois = _pois([("primary_school", 300, 0), ("market", -200, 0), ("park", 0, 0)])
    card, said = _recorded(lifecircle.scorecard, sites_, pois, tiers=("10min",),
                           method="network", network=G, metro=False)  # fmt: skip
    assert any("远 (beyond the street data)" in m for m in said)
    assert card.loc[(0, "10min"), "result"] == "pass"
    assert card.loc[(1, "10min"), "result"] == "cannot be scored: beyond the street data"


def test_bad_options_get_the_librarys_error():
    site = gpd.GeoDataFrame(geometry=[Point(X0, Y0)], crs=CRS)
    pois = _pois([("park", 0, 0)])
    with pytest.raises(sg.InputError, match="tiers must be among"):
        lifecircle.scorecard(site, pois, tiers=("20min",))
    with pytest.raises(sg.InputError, match="min_share"):
        lifecircle.scorecard(site, pois, min_share=0)
    with pytest.raises(sg.InputError, match="standard must be one of"):
        lifecircle.scorecard(site, pois, standard="GB1")
