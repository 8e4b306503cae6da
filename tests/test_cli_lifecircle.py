"""``shangcheng-geo lifecircle``: every option gives what the Python API gives on the same
input; the Excel a planner hands in (bilingual headers, the standard of each column,
provenance); the facilities' source said; bad input refused in one line."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

from shangcheng_geo import datasets, lifecircle
from shangcheng_geo.cli import main
from shangcheng_geo.cli._lifecircle import OSM_NOTE
from shangcheng_geo.lifecircle import facilities
from shangcheng_geo.lifecircle.standards import STANDARDS

ALL_CATEGORIES = list(STANDARDS["GB50180-2018"]["categories"])  # the three tiers'


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


@pytest.fixture(scope="module")
def osm():
    return _quiet(facilities.from_osm)


@pytest.fixture(scope="module")
def api_osm(osm):
    """facility_coverage of the 14 subdistricts and the embedded OSM facilities, straight."""
    units = datasets.subdistricts(geometry=True)
    return _quiet(lifecircle.facility_coverage, units, osm, categories=ALL_CATEGORIES)


def _run(args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "shangcheng_geo.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_the_excel_shares_are_facility_coverages_with_bilingual_headers(tmp_path, capsys, api_osm):
    """The default run (--units subdistricts, the embedded OSM facilities, straight line):
    each share column equals facility_coverage's, under a Chinese-first header naming the
    category and its distance, formatted as %; no data stays empty, never 0 %."""
    import openpyxl

    out = tmp_path / "lifecircle.xlsx"
    assert main(["lifecircle", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert OSM_NOTE in err.splitlines()
    book = pd.read_excel(out, sheet_name=None)
    assert list(book) == ["生活圈 Life circles", "列说明 Columns", "来源 Provenance"]
    sheet = book["生活圈 Life circles"]
    kg = "幼儿园 300米覆盖率 Kindergarten within 300 m (%)"
    school = "小学 500米覆盖率 Primary school within 500 m (%)"
    middle = "初中 1000米覆盖率 Middle school within 1000 m (%)"
    for header, cat in (
        (kg, "kindergarten"),
        (school, "primary_school"),
        (middle, "middle_school"),
    ):
        np.testing.assert_allclose(
            sheet[header].to_numpy(float), api_osm[f"share_{cat}"].to_numpy(float), rtol=1e-12
        )
    assert sheet[kg].notna().sum() == 9 and sheet[kg].isna().sum() == 5  # 5 without boundary
    nursery = "托儿所 300米覆盖率 Nursery within 300 m (%)"
    assert sheet[nursery].isna().all()  # none in OSM: no data, not 0 %
    counts = sheet["幼儿园数量（单元内） Kindergarten: facilities inside the unit"]
    assert counts.fillna(-1).tolist() == api_osm["n_inside_kindergarten"].fillna(-1).tolist()
    life = [h for h in sheet.columns if "(%)" in h]
    assert len(life) == len(ALL_CATEGORIES)
    assert all("\u4e00" <= h[0] <= "\u9fff" for h in life)  # Chinese first
    ws = openpyxl.load_workbook(out)["生活圈 Life circles"]
    col = [c.value for c in ws[1]].index(kg) + 1
    assert ws.cell(row=2, column=col).number_format == "0.0%"


def test_the_columns_sheet_names_standard_tier_distance_clause_and_what_is_verified(tmp_path):
    out = tmp_path / "lc.xlsx"
    assert main(["lifecircle", "--out", str(out)]) == 0
    cols = pd.read_excel(out, sheet_name="列说明 Columns").set_index("列 column")
    kg = cols.loc["share_kindergarten"]
    assert kg["表头 header"] == "幼儿园 300米覆盖率 Kindergarten within 300 m (%)"
    assert (kg["层级 tier"], kg["距离 distance (m)"]) == ("5min", 300)
    assert "GB 50180-2018" in kg["标准 standard"] and "Table 4.0.1" in kg["条款 clause"]
    assert kg["距离核实 distance"] == "未核实 unverified"  # the 5-minute 300 m: no quotation
    school = cols.loc["share_primary_school"]
    assert school["距离核实 distance"] == "已核实 verified"  # 10 min, 500 m: quoted
    assert school["层级核实 tier"] == "未核实 unverified"
    assert cols.loc["share_nursery", "状态 status"] == "no data"
    assert cols.loc["share_health_station", "状态 status"] == "too sparse to measure"
    assert cols.loc["share_kindergarten", "设施数 facilities in the data"] == 39


def test_the_provenance_sheet_says_the_osm_source_method_and_counts(tmp_path, osm):
    out = tmp_path / "lc.xlsx"
    assert main(["lifecircle", "--out", str(out), "--tiers", "10min"]) == 0
    prov = pd.read_excel(out, sheet_name="来源 Provenance")
    items = dict(zip(prov["项 Item"], prov["值 Value"].astype(str), strict=True))
    assert items["facilities"] == OSM_NOTE
    assert "OpenStreetMap" in items["facility source"] and items["facility date"] == "2026-05-08"
    assert items["method"] == "euclidean" and items["tiers"] == "10min"
    assert items["unmapped facilities"] == str(int(osm["category"].isna().sum()))
    assert "'kindergarten': 39" in items["facility counts"]
    sheet = pd.read_excel(out, sheet_name="生活圈 Life circles")
    shares = [h for h in sheet.columns if "(%)" in h]
    assert len(shares) == 3 and all("500 m" in h for h in shares)  # the 10-minute tier only


def _amap_csv(path):
    """An Amap-style export saved by Excel in China (GBK): kindergartens and primary schools
    on a lattice over western Shangcheng in GCJ-02, one restaurant (unmapped) and one
    repeated kindergarten (a duplicate)."""
    rows = []
    lons = np.linspace(120.150, 120.205, 7)
    lats = np.linspace(30.225, 30.300, 7)
    for i, lon in enumerate(lons):
        for j, lat in enumerate(lats):
            rows.append(
                ("幼儿园", "科教文化服务;学校;幼儿园", "141204", f"第{i}{j}幼儿园", lon, lat)
            )
            if (i + j) % 2 == 0:
                rows.append(
                    ("小学", "科教文化服务;学校;小学", "141203", f"第{i}{j}小学", lon + 0.002, lat)
                )
    rows.append(("餐饮", "餐饮服务;中餐厅;中餐厅", "050100", "外婆家", 120.17, 30.25))
    rows.append(("幼儿园", "科教文化服务;学校;幼儿园", "141204", "第00幼儿园", lons[0], lats[0]))
    df = pd.DataFrame(rows, columns=["kind", "type", "typecode", "name", "lng", "lat"])
    df["location"] = [f"{a:.6f},{b:.6f}" for a, b in zip(df["lng"], df["lat"], strict=True)]
    df[["name", "type", "typecode", "location"]].to_csv(path, index=False, encoding="gbk")
    return path


def test_pois_from_an_amap_gbk_csv_equal_read_pois_and_facility_coverage(tmp_path, capsys):
    """--pois FILE --datum gcj02: the shares of read_pois + facility_coverage on the same file,
    the datum, counts, unmapped and duplicates in the provenance, and no OSM note."""
    csv = _amap_csv(tmp_path / "amap.csv")
    out = tmp_path / "lc.json"
    args = ["lifecircle", "--pois", str(csv), "--datum", "gcj02", "--out", str(out)]
    assert main(args) == 0
    assert "OpenStreetMap (embedded" not in capsys.readouterr().err
    got = json.loads(out.read_text(encoding="utf-8"))
    pois = _quiet(lifecircle.read_pois, csv, datum="gcj02")
    units = datasets.subdistricts(geometry=True)
    api = _quiet(lifecircle.facility_coverage, units, pois, categories=ALL_CATEGORIES)
    rows = pd.DataFrame(got["rows"])
    for cat in ("kindergarten", "primary_school"):
        want = api[f"share_{cat}"].to_numpy(float)
        assert np.isfinite(want).sum() >= 5  # measured, not sparse
        np.testing.assert_allclose(rows[f"share_{cat}"].to_numpy(float), want, rtol=1e-12)
    prov = got["provenance"]
    assert prov["facility datum"] == "gcj02" and prov["facility source"] == "amap.csv"
    assert prov["facility counts"] == {"kindergarten": 50, "primary_school": 25}
    assert prov["unmapped facilities"] == 1 and prov["duplicate facilities"] == 1
    assert {c["列 column"] for c in got["columns"]} >= {"share_kindergarten"}


def test_a_poi_table_without_its_datum_is_one_line_exit_2(tmp_path):
    csv = _amap_csv(tmp_path / "amap.csv")
    res = _run(["lifecircle", "--pois", str(csv), "--out", "x.csv"], tmp_path)
    assert res.returncode == 2, res.stderr
    lines = [ln for ln in res.stderr.strip().splitlines() if not ln.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("shangcheng-geo: error:")  # one line
    assert "datum='gcj02'" in lines[0] and "Traceback" not in res.stderr
    assert "read as GB18030 (GBK)" in res.stderr  # the file's encoding, said once
    assert not (tmp_path / "x.csv").exists()


def test_wrong_outputs_are_refused_before_any_work(tmp_path, capsys):
    assert main(["lifecircle", "--out", str(tmp_path / "x.docx")]) == 2
    assert "use one of .csv, .json, .xlsx, .html" in capsys.readouterr().err
    assert main(["lifecircle", "--sites", "--out", str(tmp_path / "x.html")]) == 2
    err = capsys.readouterr().err
    assert "with --sites write .csv, .json or .xlsx" in err and OSM_NOTE not in err
    # a missing folder is bad usage (exit 2), as in every other command
    assert main(["lifecircle", "--out", str(tmp_path / "no" / "x.csv")]) == 2
    assert OSM_NOTE not in capsys.readouterr().err  # refused before the facilities are read


def test_sites_equal_the_scorecard_of_the_future_communities(capsys, osm):
    from shangcheng_geo.plan.sites import future_communities

    assert main(["lifecircle", "--sites", "--json", "--as-of", "2026-09-01"]) == 0
    got = json.loads(capsys.readouterr().out)
    card = _quiet(
        lifecircle.scorecard, future_communities(), osm, metro=True, as_of="2026-09-01"
    ).reset_index()
    rows = pd.DataFrame(got["rows"])
    assert len(rows) == len(card) == 10 * 4  # three tiers and 一老一小 per site
    assert rows["result"].tolist() == card["result"].tolist()
    assert rows["tier"].tolist() == card["tier"].tolist()
    assert rows["rank"].fillna(-1).tolist() == card["rank"].astype(float).fillna(-1).tolist()
    np.testing.assert_allclose(rows["score"].to_numpy(float), card["score"].to_numpy(float))
    assert rows["metro_station"].tolist() == card["metro_station"].tolist()
    assert set(got["provenance"]["not scored"].split(", ")) == {
        f"{k} ({v})" for k, v in card.attrs["scorecard"]["unscored"].items()
    }
    assert got["provenance"]["as_of (metro)"] == "2026-09-01"


def test_sites_in_excel_have_the_scorecard_headers(tmp_path):
    out = tmp_path / "sites.xlsx"
    assert main(["lifecircle", "--sites", "--tiers", "5min", "--out", str(out)]) == 0
    sheet = pd.read_excel(out, sheet_name="生活圈评分 Scorecard")
    assert "结果 result" in sheet.columns and "排名 rank" in sheet.columns
    assert "幼儿园最近距离 (m) Kindergarten: distance to the nearest (m)" in sheet.columns
    assert set(sheet["生活圈层级 tier"]) == {"5min", "一老一小"}


def test_walking_equals_the_api_on_the_embedded_streets(capsys, osm):
    """--method network without --network walks the embedded western streets (said on
    stderr), with the shares of facility_coverage(method='network')."""
    args = ["lifecircle", "--method", "network", "--tiers", "10min", "--json"]
    assert main(args) == 0
    out = capsys.readouterr()
    assert "walking along the embedded OpenStreetMap streets" in out.err
    got = pd.DataFrame(json.loads(out.out)["rows"])
    units = datasets.subdistricts(geometry=True)
    cats = ["primary_school", "market", "park"]
    api = _quiet(lifecircle.facility_coverage, units, osm, categories=cats, method="network")
    for cat in cats:
        np.testing.assert_allclose(
            got[f"share_{cat}"].to_numpy(float), api[f"share_{cat}"].to_numpy(float), rtol=1e-12
        )
    np.testing.assert_allclose(
        got["not_served_share"].to_numpy(float), api["not_served_share"].to_numpy(float)
    )
    assert json.loads(out.out)["provenance"]["method"] == "network"


def test_csv_on_stdout_and_in_a_file_are_the_api_table(tmp_path, capsys, api_osm):
    assert main(["lifecircle", "--units", "subdistricts", "--tiers", "15min"]) == 0
    printed = pd.read_csv(pd.io.common.StringIO(capsys.readouterr().out), index_col=0)
    np.testing.assert_allclose(
        printed["share_middle_school"].to_numpy(float),
        api_osm["share_middle_school"].to_numpy(float),
        rtol=1e-9,
    )
    out = tmp_path / "lc.csv"
    assert main(["lifecircle", "--tiers", "15min", "--out", str(out)]) == 0
    assert out.read_bytes()[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(out, encoding="utf-8-sig", index_col=0)
    assert back["name"].tolist() == api_osm["name"].tolist()


def test_the_help_shows_every_default():
    from shangcheng_geo import cli

    cli.build_parser()
    text = " ".join(cli._COMMANDS["lifecircle"].format_help().split())
    for shown in ("(default: subdistricts)", "(default: 5min 10min 15min)",
                  "(default: euclidean)", "(default: the embedded OpenStreetMap facilities",
                  "(default: the first category measured)", "(default: off)"):  # fmt: skip
        assert shown in text, shown


def test_the_map_is_written_and_renders_offline(tmp_path, offline_page, api_osm):
    """.html: the life-circle map of the first category measured (kindergarten), its units'
    shares those of facility_coverage; it opens with every network request refused. With
    --category all: one map per measured category."""
    import re

    pytest.importorskip("folium", reason="folium (the maps extra) is not installed")
    out = tmp_path / "lc.html"
    assert main(["lifecircle", "--out", str(out), "--tiles", "none"]) == 0
    page = out.read_text(encoding="utf-8")
    drawn = [float(v) for v in re.findall(r'"share_pct": "([\d.]+)"', page)]
    want = np.round(api_osm["share_kindergarten"].dropna().to_numpy() * 100, 1)
    assert drawn == pytest.approx(list(want), abs=1e-9)
    with offline_page(out) as (browser_page, errors, refused):
        browser_page.wait_for_selector("path.sg-unit", timeout=20_000)
        title = browser_page.locator(".sg-title").inner_text()
    assert errors == [] and refused == []
    assert "kindergarten" in title and "300 米" in title
    assert main(["lifecircle", "--out", str(out), "--tiles", "none", "--tiers", "10min",
                 "--category", "all"]) == 0  # fmt: skip
    written = sorted(p.name for p in tmp_path.glob("lc_*.html"))
    assert written == ["lc_market.html", "lc_park.html", "lc_primary_school.html"]
    assert main(["lifecircle", "--out", str(out), "--category", "hospital"]) == 2


def test_a_geopackage_keeps_the_units_geometry_and_shares(tmp_path, api_osm):
    import geopandas as gpd

    out = tmp_path / "lc.gpkg"
    assert main(["lifecircle", "--tiers", "10min", "--out", str(out)]) == 0
    back = gpd.read_file(out)
    assert back.crs.to_epsg() == 4326 and len(back) == 14
    np.testing.assert_allclose(
        back["share_park"].to_numpy(float), api_osm["share_park"].to_numpy(float), rtol=1e-12
    )
