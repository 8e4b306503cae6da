"""Planned stations: the caller's file read with its datum, counted from their planned year,
drawn hollow and named as planned; none is ever invented."""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

import shangcheng_geo as sg
from shangcheng_geo import coverage, crs, datasets, maps, planned, scenarios, transit


def _gap_point():
    """A point of the district's largest uncovered area on 2026-12-01, in WGS84."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gaps = coverage.coverage_gaps(datasets.district(), as_of="2026-12-01")
    p = crs.to_analysis_crs(gaps.head(1)).representative_point().to_crs(4326).iloc[0]
    return p.x, p.y


def _csv(tmp_path, lon, lat, *, encoding="utf-8-sig", **cols):
    path = tmp_path / "planned.csv"
    frame = {"站名": ["规划站A"], "经度": [lon], "纬度": [lat], **cols}
    pd.DataFrame(frame).to_csv(path, index=False, encoding=encoding)
    return path


def test_a_gcj02_table_is_converted_and_dated_by_its_planned_year(tmp_path):
    x, y = _gap_point()
    gx, gy = crs.wgs84_to_gcj02(x, y)
    st = transit.read_stations(_csv(tmp_path, gx, gy, status=["规划"], planned_year=[2030]),
                               datum="gcj02")  # fmt: skip
    assert st.crs.to_epsg() == 4326
    assert abs(st.geometry.x.iloc[0] - x) < 1e-7 and abs(st.geometry.y.iloc[0] - y) < 1e-7
    assert st["status"].tolist() == ["planned"]
    assert str(st["opened"].iloc[0].date()) == "2030-12-31"
    assert st["source"].iloc[0] == "the caller's file planned.csv"


def test_gbk_tables_excel_and_the_missing_datum(tmp_path):
    path = _csv(tmp_path, 120.2, 30.27, encoding="gbk", opened=["2031-06-30"])
    with pytest.warns(sg.DataQualityWarning, match="GB18030"):
        st = planned.read_stations(path, datum="wgs84")
    assert st["name_zh"].tolist() == ["规划站A"] and st["status"].tolist() == ["planned"]
    xlsx = tmp_path / "p.xlsx"
    pd.DataFrame(
        {"name": ["B站"], "lon": [120.2], "lat": [30.27], "opened": ["2020-01-01"]}
    ).to_excel(xlsx, index=False)
    assert planned.read_stations(xlsx, datum="wgs84")["status"].tolist() == ["open"]
    with pytest.raises(sg.InputError, match="gcj02"):
        planned.read_stations(path)
    with pytest.raises(sg.InputError, match="lon"):
        pd.DataFrame({"name": ["C"], "east": [1.0], "lat": [30.0]}).to_csv(tmp_path / "q.csv")
        planned.read_stations(tmp_path / "q.csv", datum="wgs84")


def test_the_2030_question_counts_planned_stations_from_their_year_only(tmp_path):
    x, y = _gap_point()
    mine = planned.read_stations(_csv(tmp_path, x, y, planned_year=[2030]), datum="wgs84")
    both = planned.with_planned(mine)
    district = datasets.district()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        line = scenarios.coverage_timeline(district, both, dates=["2026-12-01", "2030-12-31"])
        gain = scenarios.what_if(district, mine, as_of="2026-12-01")
        access = coverage.site_access(
            gpd.GeoDataFrame(geometry=gpd.points_from_xy([x], [y]), crs=4326), both,
            as_of="2030-12-31",
        )  # fmt: skip
        page = maps.coverage_map(stations=both, as_of="2026-12-01", network=None, tiles=None)
    today, later = line["coverage_ratio"].to_numpy()
    assert later > today
    # the same gain by the what-if route (candidate stations added to today's network)
    assert np.isclose(today, gain["coverage_before"].iloc[0], atol=1e-12)
    assert np.isclose(later - today, gain["gain"].iloc[0], atol=1e-9)
    assert access["nearest_station"].iloc[0] == "规划站A (规划 planned)"
    html = page.get_root().render()
    assert "sg-planned" in html and "规划站A</b> 规划 planned" in html
    with pytest.raises(sg.InputError, match="name of an existing station"):
        planned.with_planned(mine.assign(name_zh="七堡"))


def test_the_report_compares_today_with_the_planned_year(tmp_path):
    from shangcheng_geo.maps import report

    x, y = _gap_point()
    mine = planned.read_stations(_csv(tmp_path, x, y, planned_year=[2030]), datum="wgs84")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = report.write_report(path=tmp_path / "r.html", as_of="2026-12-01", planned=mine)
        line = scenarios.coverage_timeline(datasets.district(), planned.with_planned(mine),
                                           dates=["2026-12-01", "2030-12-31"])  # fmt: skip
    text = page.read_text(encoding="utf-8")
    now, then = line["coverage_ratio"] * 100
    assert f"2026-12-01 <b>{now:.1f} %</b> → 2030-12-31 <b>{then:.1f} %</b>" in text
    assert "the caller&#x27;s file planned.csv" in text or "the caller's file planned.csv" in text


def test_the_report_command_takes_planned_stations_and_wants_their_datum(tmp_path):
    from shangcheng_geo.cli import main

    x, y = _gap_point()
    gx, gy = crs.wgs84_to_gcj02(x, y)
    path = _csv(tmp_path, gx, gy, planned_year=[2030])
    out = tmp_path / "r.html"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["report", str(out), "--planned", str(path)]) == 2  # no datum: refused
        assert main(["report", str(out), "--planned", str(path), "--datum", "gcj02"]) == 0
    assert "规划情景 Planned stations" in out.read_text(encoding="utf-8")
