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


# ------------------------------------------------------------------ the life-circle section


def _unit():
    return gpd.GeoDataFrame(
        {"name_zh": ["测试单元"]}, geometry=[box(120.16, 30.24, 120.19, 30.27)], crs=4326
    )


def _cells(page, label):
    """The cells of the life-circle table's row of ``label``."""
    section = page.split("<h2>生活圈 Life circles</h2>")[1].split("</table>")[0]
    row = section.split(f"<td>{label}</td>")[1].split("</tr>")[0]
    return re.findall(r"<td>(.*?)</td>", row)


def test_the_life_circle_section_is_the_measurement_with_pois(tmp_path):
    """Given facilities, the report shows per unit the share of each category at its distance
    (facility_coverage's), the 一老一小 line (the scorecard's), the unverified tiers and the
    facilities' source."""
    from shangcheng_geo import lifecircle
    from shangcheng_geo.lifecircle import facilities

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pois = facilities.from_osm()
        page = report.write_report(_unit(), tmp_path / "r.html", as_of="2026-09-01", pois=pois)
        cov = lifecircle.facility_coverage(
            _unit(), pois, categories=["kindergarten", "primary_school", "nursery"]
        )
        card = lifecircle.scorecard(_unit(), pois, metro=False)
    text = page.read_text(encoding="utf-8")
    head = text.split("<h2>生活圈 Life circles</h2>")[1].split("</thead>")[0]
    names = re.findall(r"<th>(.*?)</th>", head)
    assert names[:3] == ["单元 Unit", "幼儿园 300 m", "托儿所 300 m"]
    assert "小学 500 m" in names and "初中 1000 m" in names
    cells = dict(zip(names[1:], _cells(text, "测试单元"), strict=True))
    assert cells["幼儿园 300 m"] == f"{float(cov['share_kindergarten'].iloc[0]) * 100:.1f} %"
    assert cells["小学 500 m"] == f"{float(cov['share_primary_school'].iloc[0]) * 100:.1f} %"
    assert cells["托儿所 300 m"] == "无数据 no data"  # none in OSM: never 0 %
    yilao = card.loc[(0, "一老一小")]
    line = cells["一老一小 (elderly &amp; young children)"]
    assert line.startswith({"pass": "达标", "fail": "未达标", "no data": "无数据"}[yilao["result"]])
    assert f"无数据 no data: {yilao['no_data']}" in line
    notes = text.split("<h2>生活圈 Life circles</h2>")[1].split("<h2>")[0]
    assert "GB 50180-2018" in notes and "5min (300 m), 15min (800-1000 m)" in notes
    assert "OpenStreetMap extract of western Hangzhou (2026-05-08" in notes


def test_without_pois_the_report_says_the_section_needs_them(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        text = report.write_report(_unit(), tmp_path / "r.html", as_of="2026-09-01").read_text(
            encoding="utf-8"
        )
    section = text.split("<h2>生活圈 Life circles</h2>")[1].split("<h2>")[0]
    assert "needs facilities" in section and "--pois FILE" in section
    assert "<table>" not in section and "幼儿园" not in section


def test_the_report_checks_its_path_and_pois_before_any_work(tmp_path, monkeypatch):
    import shangcheng_geo as sg

    def no_work(*args, **kwargs):
        raise AssertionError("the report began its work before checking its inputs")

    monkeypatch.setattr(report, "coverage_map", no_work)
    with pytest.raises(sg.OutputError, match="missing"):
        report.write_report(path=tmp_path / "missing" / "r.html")
    with pytest.raises(sg.InputError, match=r"\.html"):
        report.write_report(path=tmp_path / "r.htm")
    with pytest.raises(sg.InputError, match="'category'"):
        report.write_report(path=tmp_path / "r.html", pois=_unit())


def _amap_csv(path):
    import pandas as pd

    pd.DataFrame(
        {
            "name": ["胜利幼儿园", "采荷第一小学"],
            "type": ["科教文化服务;学校;幼儿园", "科教文化服务;学校;小学"],
            "typecode": ["141204", "141203"],
            "location": ["120.1755,30.2509", "120.2007,30.2632"],
        }
    ).to_csv(path, index=False, encoding="gbk")
    return path


def test_the_command_reads_pois_with_its_datum_and_says_each_warning_once(tmp_path, capsys):
    """``report --pois FILE --datum gcj02``: the section names the file; every station of
    unknown status is named in one warning line, not once per day the report measures; a POI
    table without --datum is refused in one line (exit 2) before any work."""
    from shangcheng_geo import cli

    csv = _amap_csv(tmp_path / "amap.csv")
    path = tmp_path / "r.html"
    args = ["report", str(path), "--as-of", "2026-09-01", "--pois", str(csv)]
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert "datum='gcj02'" in err and not path.exists()
    assert cli.main([*args, "--datum", "gcj02"]) == 0
    warned = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("warning:")]
    for station in ("荆长路", "五堡", "六堡"):
        assert sum(station in ln for ln in warned) == 1, (station, warned)
    assert len(warned) == len(set(warned))
    section = path.read_text(encoding="utf-8").split("<h2>生活圈 Life circles</h2>")[1]
    assert "amap.csv" in section.split("<h2>")[0]


def test_the_timeline_figure_reads_its_dates_by_the_one_date_rule():
    from shangcheng_geo import InputError
    from shangcheng_geo.maps import report

    with pytest.raises(InputError, match="2025-13-01"):
        report.timeline_svg(["2020-12-31", "2025-13-01"], [0.4, 0.6])
