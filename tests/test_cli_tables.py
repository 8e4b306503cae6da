"""The command line's tables say what they are: units by name and code, dates as days, no
data for units without a boundary, walking in a walking table's headers, a future date's
caveat and planned stations in the table itself, GeoPackage layers by name, and an output
path that cannot be written refused at the door, before any work."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import box

from shangcheng_geo import coverage, datasets, export, planned, scenarios
from shangcheng_geo.cli import main

SUBDISTRICTS = ["--units", "subdistricts"]
NO_BOUNDARY = {"四季青街道", "彭埠街道", "笕桥街道", "丁兰街道", "九堡街道"}  # the layer's caveat


def _quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def _json(capsys, *args):
    assert _quiet(main, [*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _sheet(path):
    """The result sheet of a workbook, as the cells' values with their header row."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    ws = book[book.sheetnames[0]]
    rows = list(ws.iter_rows())
    return [c.value for c in rows[0]], rows[1:], book


# ------------------------------------------------------------------ names, codes and days


def test_a_timeline_by_subdistrict_names_each_row_and_states_days(capsys, tmp_path):
    rows = _json(capsys, "timeline", *SUBDISTRICTS, "--dates", "2020-12-31,2025-12-31")
    subs = datasets.subdistricts(geometry=True)
    assert len(rows) == 2 * 14
    for r in rows:
        assert r["name"] == subs.loc[r["unit"], "name"]
        assert r["code12"] == subs.loc[r["unit"], "code12"]
    assert {r["date"] for r in rows} == {"2020-12-31", "2025-12-31"}

    csv = tmp_path / "t.csv"
    assert (
        _quiet(main, ["timeline", *SUBDISTRICTS, "--dates", "2025-12-31", "--out", str(csv)]) == 0
    )
    table = pd.read_csv(csv, encoding="utf-8-sig", dtype=str)
    assert set(table["name"]) == set(subs["name"]) and "00:00" not in csv.read_text("utf-8-sig")
    assert table["date"].unique().tolist() == ["2025-12-31"]

    xlsx = tmp_path / "t.xlsx"
    assert (
        _quiet(main, ["timeline", *SUBDISTRICTS, "--dates", "2025-12-31", "--out", str(xlsx)]) == 0
    )
    head, body, _ = _sheet(xlsx)
    date, name = head.index("日期 date"), head.index("名称 name")
    assert {row[name].value for row in body} == set(subs["name"])
    cell = body[0][date]
    assert cell.value.date() == dt.date(2025, 12, 31) and cell.number_format == "YYYY-MM-DD"


def test_coverage_and_green_tables_keep_the_units_names_and_codes(capsys, tmp_path):
    rows = _json(capsys, "coverage", *SUBDISTRICTS, "--as-of", "2025-12-31")
    assert [r["name"] for r in rows] == datasets.subdistricts(geometry=True)["name"].tolist()
    assert all(r["code12"].startswith("330102") for r in rows)
    path = tmp_path / "green.geojson"
    gpd.GeoDataFrame(geometry=[box(120.15, 30.22, 120.20, 30.27)], crs=4326).to_file(path)
    rows = _json(capsys, "green", "--green", str(path), *SUBDISTRICTS)
    assert [r["code12"] for r in rows] == datasets.subdistricts(geometry=True)["code12"].tolist()


# ------------------------------------------------------------------ no boundary, no data


def test_units_without_a_boundary_read_no_data_in_every_measure(capsys, tmp_path):
    """The 5 subdistricts without a boundary: base, covered area and ratio all no data (null,
    an empty cell), never base 0; the others keep the API's numbers."""
    rows = _json(capsys, "coverage", *SUBDISTRICTS, "--as-of", "2025-12-31")
    api = _quiet(coverage.station_coverage, datasets.subdistricts(geometry=True),
                 as_of="2025-12-31")  # fmt: skip
    for r, (_, want) in zip(rows, api.iterrows(), strict=True):
        if r["name"] in NO_BOUNDARY:
            assert (r["base_m2"], r["covered_m2"], r["coverage_ratio"]) == (None, None, None)
            assert "no data" in r["caveat"] and "无数据" in r["caveat"]
        else:
            assert r["base_m2"] == pytest.approx(want["base_m2"], rel=1e-9)
            assert r["coverage_ratio"] == pytest.approx(want["coverage_ratio"], abs=1e-9)
            assert not r["caveat"]

    rows = _json(capsys, "timeline", *SUBDISTRICTS, "--dates", "2025-12-31")
    empty = [r for r in rows if r["name"] in NO_BOUNDARY]
    assert len(empty) == 5 and all(r["base_m2"] is None and r["covered_m2"] is None for r in empty)

    green = tmp_path / "green.geojson"
    gpd.GeoDataFrame(geometry=[box(120.15, 30.22, 120.20, 30.27)], crs=4326).to_file(green)
    rows = _json(capsys, "green", "--green", str(green), *SUBDISTRICTS)
    empty = [r for r in rows if r["name"] in NO_BOUNDARY]
    assert len(empty) == 5
    assert all(r["green_m2"] is None and r["base_m2"] is None for r in empty), empty

    xlsx, csv = tmp_path / "c.xlsx", tmp_path / "c.csv"
    for out in (xlsx, csv):
        args = ["coverage", *SUBDISTRICTS, "--as-of", "2025-12-31", "--out", str(out)]
        assert _quiet(main, args) == 0
    head, body, _ = _sheet(xlsx)
    name, base = head.index("名称 name"), head.index("基数面积 (公顷) base_ha")
    cells = {row[name].value: row[base].value for row in body}
    assert all(cells[n] is None for n in NO_BOUNDARY) and cells["湖滨街道"] > 100
    table = pd.read_csv(csv, encoding="utf-8-sig").set_index("name")
    assert table.loc[sorted(NO_BOUNDARY), ["base_m2", "covered_m2"]].isna().all().all()


# ------------------------------------------------------------------ walking says so


def test_a_walking_table_says_walking_in_its_headers(tmp_path, capsys):
    walk, line = tmp_path / "walk.xlsx", tmp_path / "line.xlsx"
    base = ["coverage", "--units", "district", "--as-of", "2025-12-31"]
    assert _quiet(main, [*base, "--method", "network", "--out", str(walk)]) == 0
    assert _quiet(main, [*base, "--out", str(line)]) == 0
    walked, _, _ = _sheet(walk)
    straight, _, _ = _sheet(line)
    assert "站点800米覆盖率（步行） coverage_ratio (walking 800 m)" in walked
    assert "站点800米步行覆盖面积 (公顷) covered_ha (walking 800 m)" in walked
    assert "覆盖率 coverage_ratio" in straight
    assert not any("步行" in str(h) or "walking" in str(h) for h in straight)

    timeline = tmp_path / "t.xlsx"
    args = ["timeline", "--method", "network", "--radius", "500", "--dates", "2025-12-31"]
    assert _quiet(main, [*args, "--out", str(timeline)]) == 0
    head, _, _ = _sheet(timeline)
    assert "站点500米覆盖率（步行） coverage_ratio (walking 500 m)" in head

    # CSV and JSON have no headers to say it: every row of a walking table does
    (row,) = _json(capsys, *base, "--method", "network")
    assert "walking distance along the embedded streets" in row["caveat"]
    assert "the east is not served" in row["caveat"] and "步行" in row["caveat"]
    assert _json(capsys, *base)[0].get("caveat") is None


# ------------------------------------------------------------------ the future, planned stations


@pytest.fixture
def before_2030(monkeypatch):
    """Today frozen after the embedded layer's last known opening and before 2030."""
    from clock import freeze_today

    return freeze_today(monkeypatch, dt.date(2026, 12, 1))


def test_a_future_date_puts_its_caveat_in_the_table(before_2030, capsys, tmp_path):
    rows = _json(capsys, "coverage", "--as-of", "2030-12-31")
    assert "planned lines not included" in rows[0]["caveat"]
    assert "未含规划线路" in rows[0]["caveat"]
    assert _json(capsys, "coverage", "--as-of", "2025-12-31")[0].get("caveat") is None

    xlsx = tmp_path / "x.xlsx"
    assert _quiet(main, ["coverage", "--as-of", "2030-12-31", "--out", str(xlsx)]) == 0
    head, body, book = _sheet(xlsx)
    assert "planned lines not included" in body[0][head.index("说明 caveat")].value
    said = [r for r in book["来源 Provenance"].iter_rows(values_only=True) if r[1]]
    assert any("caveat" in r[1] and "planned lines not included" in r[2] for r in said)


def test_a_future_date_in_a_timeline_warns_and_says_so_on_its_rows(before_2030, capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(["timeline", "--dates", "2025-12-31,2030-12-31", "--json"])
    out = capsys.readouterr()
    assert code == 0
    assert "2030-12-31 is in the future" in out.err and "planned lines not included" in out.err
    rows = {r["date"]: r for r in json.loads(out.out)}
    assert "planned lines not included" in rows["2030-12-31"]["caveat"]
    assert not rows["2025-12-31"]["caveat"]


def test_planned_stations_count_in_coverage_and_timeline(before_2030, capsys, tmp_path):
    path = tmp_path / "planned.csv"  # inside the largest uncovered area, north of 丁桥
    pd.DataFrame({"站名": ["规划站A"], "lon": [120.224], "lat": [30.345], "status": ["规划"],
                  "planned_year": [2030]}).to_csv(path, index=False)  # fmt: skip
    mine = ["--planned", str(path), "--datum", "wgs84"]
    both = planned.with_planned(planned.read_stations(path, datum="wgs84"))

    rows = _json(capsys, "coverage", "--as-of", "2030-12-31", *mine)
    want = _quiet(coverage.station_coverage, datasets.district(), both, as_of="2030-12-31")
    without = _json(capsys, "coverage", "--as-of", "2030-12-31")
    assert rows[0]["coverage_ratio"] == pytest.approx(want["coverage_ratio"].iloc[0], abs=1e-9)
    assert rows[0]["coverage_ratio"] > without[0]["coverage_ratio"] + 0.01
    assert "planned.csv" in rows[0]["caveat"]

    rows = _json(capsys, "timeline", "--dates", "2025-12-31,2030-12-31", *mine)
    want = _quiet(scenarios.coverage_timeline, datasets.district(), both,
                  dates=["2025-12-31", "2030-12-31"])  # fmt: skip
    got = [r["coverage_ratio"] for r in rows]
    assert np.allclose(got, want["coverage_ratio"], atol=1e-12) and got[1] > got[0] + 0.01


# ------------------------------------------------------------------ GeoPackage layers


def _layers(path):
    return sorted(name for name, _ in pyogrio.list_layers(path))


def test_each_command_writes_its_own_layer_and_keeps_the_others(tmp_path):
    project = tmp_path / "project.gpkg"
    export.to_file(datasets.district(), project, layer="district")
    kept = gpd.read_file(project, layer="district")
    green = tmp_path / "green.geojson"
    gpd.GeoDataFrame(geometry=[box(120.15, 30.22, 120.20, 30.27)], crs=4326).to_file(green)
    runs = [
        ["coverage", "--units", "grid:3000", "--as-of", "2025-12-31"],
        ["timeline", "--dates", "2020-12-31,2025-12-31"],
        ["green", "--green", str(green)],
        ["convert", "--from", "wgs84", "--to", "gcj02", str(green)],
    ]
    for args in runs:
        where = [str(project)] if args[0] == "convert" else ["--out", str(project)]
        assert _quiet(main, [*args, *where]) == 0, args
    assert _layers(project) == ["convert", "coverage", "district", "green", "timeline"]
    timeline = gpd.read_file(project, layer="timeline")
    assert len(timeline) == 2 and timeline["name_zh"].tolist() == ["上城区"] * 2
    assert sorted(timeline["date"].astype(str).str[:10]) == ["2020-12-31", "2025-12-31"]

    cells = len(gpd.read_file(project, layer="coverage"))
    args = ["coverage", "--units", "grid:2000", "--as-of", "2025-12-31", "--out", str(project)]
    assert _quiet(main, args) == 0  # replaces the coverage layer only
    assert len(gpd.read_file(project, layer="coverage")) > cells
    assert _quiet(main, [*args, "--layer", "coverage 2 km"]) == 0
    assert _layers(project) == sorted(
        ["convert", "coverage", "coverage 2 km", "district", "green", "timeline"]
    )
    again = gpd.read_file(project, layer="district")
    assert again.drop(columns="geometry").equals(kept.drop(columns="geometry"))
    assert again.geometry.equals(kept.geometry)


# ------------------------------------------------------------------ the door


def _never(*args, **kwargs):
    raise AssertionError("the analysis ran before the output path was checked")


def _refused(capsys, args):
    code = main(args)
    err = capsys.readouterr().err.strip()
    return code, err


@pytest.fixture
def no_analysis(monkeypatch):
    """Every measure the writing commands run fails if it is called."""
    from shangcheng_geo.cli import _convert, _map
    from shangcheng_geo.green import measure
    from shangcheng_geo.maps import interactive

    monkeypatch.setattr(coverage, "station_coverage", _never)
    monkeypatch.setattr(coverage, "coverage_timeline", _never)
    monkeypatch.setattr(measure, "green_coverage", _never)
    monkeypatch.setattr(_convert, "read_file", _never)
    monkeypatch.setattr(interactive, "coverage_map", _never)
    monkeypatch.setattr(_map, "static_coverage_map", _never)


def _commands(out, green):
    return {
        "coverage": ["coverage", "--out", out],
        "timeline": ["timeline", "--out", out],
        "green": ["green", "--green", green, "--out", out],
        "convert": ["convert", "--from", "wgs84", "--to", "gcj02", green, out],
        "map": ["map", out.replace(".csv", ".html").replace(".gpkg", ".html")],
    }


@pytest.mark.parametrize("command", ["coverage", "timeline", "green", "convert", "map"])
def test_an_output_that_cannot_be_written_is_refused_before_any_work(
    command, no_analysis, capsys, tmp_path
):
    green = tmp_path / "green.geojson"
    gpd.GeoDataFrame(geometry=[box(120.15, 30.22, 120.20, 30.27)], crs=4326).to_file(green)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("a file, not a folder")
    ext = ".gpkg" if command == "convert" else ".csv"
    (tmp_path / f"folder{'.html' if command == 'map' else ext}").mkdir()  # map: out.html
    cases = {
        "does not exist": str(tmp_path / "missing" / f"out{ext}"),
        "it is a folder: give a file name inside it": str(tmp_path),  # no extension either
        "is a file, not a folder": str(a_file / f"out{ext}"),
        "it is a folder": str(tmp_path / f"folder{ext}"),
    }
    for fix, out in cases.items():
        code, err = _refused(capsys, _commands(out, str(green))[command])
        assert code == 2, (command, fix, err)
        assert len(err.splitlines()) == 1 and fix in err, (command, err)
        assert "the analysis ran" not in err


def _without_override():
    """In the child: give up root's right to write anywhere (as tests/test_writers.py)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_folder_is_refused_before_any_work(tmp_path):
    if os.geteuid() == 0 and not sys.platform.startswith("linux"):
        pytest.skip("as root, permissions are only enforced here by dropping Linux capabilities")
    folder = tmp_path / "read only"
    folder.mkdir()
    code = (
        "import sys\n"
        "from shangcheng_geo import coverage\n"
        "def never(*a, **k):\n    raise AssertionError('the analysis ran')\n"
        "coverage.station_coverage = never\n"
        "coverage.coverage_timeline = never\n"
        "from shangcheng_geo.cli import main\n"
        f"sys.exit(main([sys.argv[1], '--out', {str(folder / 'out.xlsx')!r}]))\n"
    )
    folder.chmod(0o555)
    try:
        for command in ("coverage", "timeline"):
            done = subprocess.run(
                [sys.executable, "-c", code, command],
                capture_output=True,
                text=True,
                check=False,
                preexec_fn=_without_override if os.geteuid() == 0 else None,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            )
            err = done.stderr.strip()
            assert done.returncode == 2, (command, err)
            assert len(err.splitlines()) == 1, err
            assert f"no permission to write in the folder {str(folder)!r}" in err
    finally:
        folder.chmod(0o755)
    assert list(folder.iterdir()) == []


def test_a_write_that_fails_midway_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    """The disk filling up while the table is moved into place: the library's one line
    naming the user's path (never the temporary file's), exit 2, nothing left behind."""
    import errno
    import os

    from shangcheng_geo.cli import main

    real = os.replace

    def full(src, dst):
        if str(dst).endswith("out.csv"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", full)
    out = tmp_path / "out.csv"
    assert main(["coverage", "--out", str(out)]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    err = [line for line in lines if not line.startswith("warning: ")]
    assert len(err) == 1 and err[0].startswith("shangcheng-geo: error: "), lines
    assert "disk full" in err[0] and str(out) in err[0] and ".tmp" not in err[0], err
    assert list(tmp_path.iterdir()) == []
