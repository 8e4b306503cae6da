"""Wrong answers and crashes on valid input, mended (one test each): the plan's own baseline
date, dates given as Timestamps, an access model where stations go, a layer in metres, and
NaN coordinates refused instead of ignored."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point

import shangcheng_geo as sg
from shangcheng_geo import access, coverage, datasets, indicators, sites, siting, units


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # 荆长路 etc.: named elsewhere
        yield


def test_scorecard_on_the_plans_baseline_date_and_before_any_line():
    card = indicators.scorecard(as_of="2020-12-31").set_index("indicator_id")
    row = card.loc["metro_800m_coverage_rank"]
    assert row["status"] in ("met", "not met") and float(row["measured"]) >= 1
    early = indicators.scorecard(as_of="2011-06-30").set_index("indicator_id")
    assert early.loc["metro_800m_coverage_rank", "status"] == "not measurable"


def test_district_ranking_refuses_no_dates_and_several_radii():
    with pytest.raises(sg.InputError, match="dates is empty"):
        indicators.district_ranking(dates=[])
    with pytest.raises(sg.InputError, match="one radius"):
        indicators.district_ranking(radius_m=[500, 800])


def test_h3_refuses_a_boolean_resolution():
    pytest.importorskip("h3", reason="h3 (the h3 extra) is not installed")
    with pytest.raises(sg.InputError, match="resolution must be an integer"):
        units.h3_cells(resolution=True)


def test_the_report_takes_a_timestamp(tmp_path):
    from shangcheng_geo.maps import report

    page = report.write_report(tmp_path / "r.html", as_of=pd.Timestamp("2026-09-01"))
    assert "2026-09-01" in page.read_text(encoding="utf-8")


def test_a_station_with_nan_coordinates_is_refused_not_ignored():
    st = gpd.GeoDataFrame(
        {"name_zh": ["a", "b"]}, geometry=[Point(120.2, 30.25), Point(np.nan, np.nan)], crs=4326
    )
    with pytest.raises(sg.InputError, match="NaN or infinite"):
        coverage.station_coverage(datasets.district(), st)
    cand = gpd.GeoDataFrame(geometry=[Point(120.22, 30.34), Point(np.nan, np.nan)], crs=4326)
    with pytest.raises(sg.InputError, match="NaN or infinite"):
        siting.greedy_siting(datasets.district(), cand, k=1)


def test_locate_writes_into_the_layers_own_crs():
    fc = sites.future_communities().to_crs(4549)
    out = sites.locate(fc, {"杨柳郡": (120.22, 30.30)}, datum="wgs84")
    got = out.set_index("name_zh").loc["杨柳郡"].geometry
    want = gpd.GeoSeries([Point(120.22, 30.30)], crs=4326).to_crs(4549).iloc[0]
    assert got.distance(want) < 1e-6 and out.crs.to_epsg() == 4549


def test_siting_takes_an_access_model_as_its_stations():
    acc = access.Access(as_of="2025-12-31")
    cand = gpd.GeoDataFrame(geometry=[Point(120.22, 30.34), Point(120.23, 30.33)], crs=4326)
    a = siting.greedy_siting(datasets.district(), cand, k=1, stations=acc)
    b = siting.greedy_siting(datasets.district(), cand, k=1, as_of="2025-12-31")
    assert a["order"].tolist() == b["order"].tolist()
    assert a["gain"].fillna(-1).tolist() == pytest.approx(b["gain"].fillna(-1).tolist())
