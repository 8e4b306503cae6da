"""The review-meeting report (maps/report.py): the page's figures are the library's, and it
renders in a real browser with every request refused."""

from __future__ import annotations

import re
import warnings

import geopandas as gpd
import pytest
from shapely.geometry import box

pytest.importorskip("folium", reason="folium (the maps extra) is not installed")

from shangcheng_geo import coverage, datasets
from shangcheng_geo.maps import report


def test_timeline_svg_draws_one_point_per_date_at_its_height():
    svg = report.timeline_svg(["2012-12-31", "2020-12-31", "2025-12-31"], [0.0, 0.5, 1.0])
    ys = [float(y) for y in re.findall(r'<circle[^>]*cy="([0-9.]+)"', svg)]
    assert len(ys) == 3
    top, bottom = 12, 240 - 28  # the chart's margins: 100 % at the top, 0 % at the bottom
    assert ys == pytest.approx([bottom, (top + bottom) / 2, top])
    with pytest.raises(Exception, match="as many ratios as dates"):
        report.timeline_svg(["2020-01-01"], [0.1, 0.2])


def test_report_headline_is_the_districts_coverage_on_its_date(tmp_path):
    """The headline figure equals station_coverage of the district on the same date, and the
    page names the data's sources."""
    day = "2026-09-01"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = report.write_report(path=tmp_path / "r.html", as_of=day)
        ratio = coverage.station_coverage(datasets.district(), as_of=day)["coverage_ratio"]
    page = path.read_text(encoding="utf-8")
    assert f"{float(ratio.iloc[0]) * 100:.1f} %" in page and day in page
    assert "OpenStreetMap" in page
    assert not list(tmp_path.glob("*.tmp*"))


def test_report_refuses_a_wrong_extension(tmp_path):
    with pytest.raises(Exception, match=r"\.html"):
        report.write_report(path=tmp_path / "r.pdf", as_of="2026-09-01")


def test_report_units_of_the_users_are_kept(tmp_path):
    """A report on the user's own units draws them (not the plan zones)."""
    unit = gpd.GeoDataFrame(
        {"name_zh": ["测试单元"]}, geometry=[box(120.16, 30.24, 120.19, 30.27)], crs=4326
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = report.write_report(unit, tmp_path / "u.html", as_of="2026-09-01")
    text = page.read_text(encoding="utf-8")
    assert "测试单元" in text or "\\u6d4b\\u8bd5\\u5355\\u5143" in text


def test_report_in_headless_chromium_with_every_request_refused(tmp_path, offline_page):
    from shangcheng_geo import cli

    path = tmp_path / "report.html"
    assert cli.main(["report", str(path), "--as-of", "2026-09-01"]) == 0
    with offline_page(path) as (page, errors, requests):
        frame = page.frame_locator("iframe.sg-map")
        frame.locator("path.sg-district").wait_for(timeout=20_000)
        headline = page.locator(".headline").inner_text()
        n_rows = page.locator("table").first.locator("tbody tr").count()
        n_points = page.locator("svg.sg-timeline circle").count()
        map_title = frame.locator(".sg-title").inner_text()
    assert errors == [] and requests == [], (errors, requests)
    assert "站点800米覆盖率 62.8 %" in headline and "62.8 %" in map_title
    assert n_rows >= 5 and n_points >= 10


def test_report_names_the_osm_extract_its_date_and_extent(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = report.write_report(path=tmp_path / "r.html", as_of="2026-09-01")
    text = page.read_text(encoding="utf-8")
    assert "© OpenStreetMap contributors (2026-05-08)" in text
    assert "western Shangcheng" in text and "under-maps kindergartens" in text


def test_the_timeline_chart_ends_on_the_reports_day_at_its_headline(tmp_path):
    import re
    import warnings

    from shangcheng_geo.maps import report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = report.write_report(path=tmp_path / "r.html", as_of="2026-09-01").read_text(
            encoding="utf-8"
        )
    points = re.findall(r"<title>(\d{4}-\d\d-\d\d): ([\d.]+) %</title>", page)
    assert points[-1][0] == "2026-09-01"
    assert f"{points[-1][1]} %" in page.split("<svg")[0]  # the headline figure, above the chart


def test_the_scorecard_reads_as_a_planner_would(tmp_path):
    import warnings

    from shangcheng_geo.maps import report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        page = report.write_report(path=tmp_path / "r.html", as_of="2025-12-31").read_text(
            encoding="utf-8"
        )
    table = page.split("指标 Indicator")[1].split("</table>")[0]
    assert "1700000.0" not in table and "1700000" in table
    assert (
        "<td>1.0</td>" not in table and "达标 met" in table and "无法测量 not measurable" in table
    )


def _same_page(text):
    """The page without what differs between two writes: folium's random element ids and the
    time it was written."""
    return re.sub(r"written \S+</p>", "", re.sub(r"[0-9a-f]{32}", "", text))


def test_the_report_takes_what_then_where_and_the_old_order_warns(tmp_path):
    """``write_report(path=...)`` (or ``write_report(units, path)``): the earlier file-first
    call still writes the same page, with a DeprecationWarning that names the new call."""
    pages = {}
    seen = {}
    for name, call in {
        "new": lambda: report.write_report(path=tmp_path / "new.html", as_of="2026-09-01"),
        "old": lambda: report.write_report(str(tmp_path / "old.html"), as_of="2026-09-01"),
    }.items():
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("ignore")
            warnings.simplefilter("always", DeprecationWarning)
            pages[name] = call().read_text(encoding="utf-8")
        seen[name] = [w for w in got if issubclass(w.category, DeprecationWarning)]
    assert seen["new"] == [] and len(seen["old"]) == 1
    assert "write_report(path=path" in str(seen["old"][0].message)
    assert seen["old"][0].filename == __file__
    assert "站点800米覆盖率" in pages["new"]
    assert _same_page(pages["new"]) == _same_page(pages["old"])
    with pytest.raises(Exception, match="needs the file to write"):
        report.write_report(as_of="2026-09-01")
