"""The shangcheng-geo command: --version, --help, layers, exit codes."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest

import shangcheng_geo as sg
from shangcheng_geo.cli import main


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"shangcheng-geo {sg.__version__}"


def test_help_lists_layers(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    assert "layers" in capsys.readouterr().out


def test_layers_lists_every_layer_with_source_and_licence(capsys):
    assert main(["layers"]) == 0
    out = capsys.readouterr().out
    for name in ("district", "districts", "water", "stations", "lines", "places", "subdistricts"):
        assert f"\n{name}  [" in out or out.startswith(f"{name}  [")
    assert "[layer, 202 features]" in out
    assert "GCJ-02" in out and "ODbL" in out and "LGPL-3.0" in out


def test_layers_json(capsys):
    assert main(["layers", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_name = {r["name"]: r for r in rows}
    assert by_name["stations"]["features"] == 202
    assert by_name["district"]["licence"].startswith("MIT")


def test_bad_usage_exits_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["no-such-command"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main([]) == 2


def test_console_script_is_installed():
    exe = shutil.which("shangcheng-geo")
    if exe is None:  # run the module instead, and say so
        cmd = [sys.executable, "-m", "shangcheng_geo.cli", "layers"]
        print("shangcheng-geo is not on PATH; running the module with python -m")
    else:
        cmd = [exe, "layers"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "stations  [layer, 202 features]" in done.stdout


# ------------------------------------------------------------------ subcommands


def run(args, tmp_path=None):
    return subprocess.run(
        [sys.executable, "-m", "shangcheng_geo.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )


def test_map_writes_html_and_png(tmp_path):
    pytest.importorskip("folium", reason="folium (the maps extra) is not installed")
    html = tmp_path / "m.html"
    assert (
        main(
            [
                "map",
                str(html),
                "--units",
                "district",
                "--radius",
                "800",
                "--as-of",
                "2025-12-31",
                "--tiles",
                "none",
            ]
        )
        == 0
    )
    assert 10_000 < html.stat().st_size < 3_000_000
    png = tmp_path / "m.png"
    assert main(["map", str(png), "--units", "district", "--as-of", "2025-12-31"]) == 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_coverage_json_and_files(tmp_path, capsys):
    assert main(["coverage", "--units", "zones:14th", "--radius", "500", "800", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 8 and all(0 <= r["coverage_ratio_800"] <= 1 for r in rows)
    gpkg = tmp_path / "cov.gpkg"
    assert main(["coverage", "--units", "grid:2000", "--out", str(gpkg)]) == 0
    import geopandas as gpd

    got = gpd.read_file(gpkg)
    assert "coverage_ratio" in got and got.crs.to_epsg() == 4326
    csv = tmp_path / "cov.csv"
    assert main(["coverage", "--out", str(csv)]) == 0
    assert "coverage_ratio" in csv.read_text(encoding="utf-8").splitlines()[0]


def test_timeline_yearly(capsys):
    assert main(["timeline", "--dates", "yearly", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    ratios = [r["coverage_ratio"] for r in rows]
    assert ratios == sorted(ratios) and len(rows) >= 10


def test_green_from_a_vector_file(tmp_path, capsys):
    import geopandas as gpd
    from shapely.geometry import box

    path = tmp_path / "green.geojson"
    gpd.GeoDataFrame(geometry=[box(120.15, 30.22, 120.20, 30.27)], crs=4326).to_file(path)
    assert main(["green", "--green", str(path), "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert 0 < row["green_ratio"] < 1 and row["base"] == "unit"


def test_convert_gcj02_round_trip(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    src = tmp_path / "wgs.geojson"
    gpd.GeoDataFrame({"n": [1]}, geometry=[Point(120.2084, 30.2933)], crs=4326).to_file(src)
    gcj, back = tmp_path / "gcj.geojson", tmp_path / "back.gpkg"
    assert main(["convert", "--from", "wgs84", "--to", "gcj02", str(src), str(gcj)]) == 0
    assert main(["convert", "--from", "gcj02", "--to", "wgs84", str(gcj), str(back)]) == 0
    p = gpd.read_file(back).geometry.iloc[0]
    assert abs(p.x - 120.2084) < 1e-9 and abs(p.y - 30.2933) < 1e-9
    moved = gpd.read_file(gcj).geometry.iloc[0]
    assert abs(moved.x - 120.2084) > 1e-3


def test_errors_are_one_line_with_exit_codes(tmp_path):
    bad_ext = run(["coverage", "--out", "table.docx"], tmp_path)
    assert bad_ext.returncode == 2 and "use one of" in bad_ext.stderr
    assert "Traceback" not in bad_ext.stderr
    missing = run(["coverage", "--units", str(tmp_path / "nope.gpkg")], tmp_path)
    assert missing.returncode == 2 and "units file not found" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    bad_date = run(["coverage", "--as-of", "yesterday"], tmp_path)
    assert bad_date.returncode == 2 and "ISO string" in bad_date.stderr
    debug = run(["--debug", "coverage", "--as-of", "yesterday"], tmp_path)
    assert debug.returncode != 0 and "Traceback" in debug.stderr
    for cmd in ("map", "coverage", "timeline", "green", "convert", "layers"):
        helped = run([cmd, "--help"], tmp_path)
        assert helped.returncode == 0 and "usage:" in helped.stdout, cmd


def test_units_subdistricts_lists_all_fourteen_and_walks_the_embedded_streets(capsys):
    """--units subdistricts: 14 rows, the 5 without a boundary as no data (null), the others
    equal to the Python API; --method network without --network walks the embedded streets
    and reports the not-served share."""
    import warnings

    from shangcheng_geo import coverage, datasets

    assert main(["coverage", "--units", "subdistricts", "--as-of", "2025-12-31", "--json"]) == 0
    out = capsys.readouterr()
    rows = json.loads(out.out)
    assert len(rows) == 14
    by_name = {r["name"]: r["coverage_ratio"] for r in rows}
    assert by_name["九堡街道"] is None and by_name["丁兰街道"] is None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api = coverage.station_coverage(datasets.subdistricts(geometry=True), as_of="2025-12-31")
    assert by_name["湖滨街道"] == pytest.approx(
        float(api.set_index("name").loc["湖滨街道", "coverage_ratio"])
    )
    args = ["coverage", "--units", "subdistricts", "--method", "network", "--json"]
    assert main([*args, "--as-of", "2025-12-31"]) == 0
    walk = json.loads(capsys.readouterr().out)
    shares = {r["name"]: r["not_served_share"] for r in walk}
    assert shares["湖滨街道"] == pytest.approx(0.0, abs=0.02) and shares["九堡街道"] is None


def test_debug_after_the_subcommand_shows_the_traceback_and_keeps_exit_2(tmp_path):
    for args in (["--debug", "coverage", "--units", "nofile.gpkg"],
                 ["coverage", "--units", "nofile.gpkg", "--debug"]):  # fmt: skip
        res = run(args, tmp_path)
        assert res.returncode == 2, args
        assert "Traceback" in res.stderr and "error:" in res.stderr, args
    plain = run(["coverage", "--units", "nofile.gpkg"], tmp_path)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr


def test_a_typo_shows_the_subcommands_usage_and_ignored_options_are_refused(tmp_path):
    typo = run(["coverage", "--radus", "800"], tmp_path)
    assert typo.returncode == 2
    assert "usage: shangcheng-geo coverage" in typo.stderr and "--radus" in typo.stderr
    green = run(["green", "--green", "g.gpkg", "--radius", "800"], tmp_path)
    assert green.returncode == 2 and "unrecognized arguments: --radius" in green.stderr
    assert "usage: shangcheng-geo green" in green.stderr


def test_every_default_is_in_the_help():
    from shangcheng_geo import cli

    cli.build_parser()
    missing = [
        (name, action.dest)
        for name, p in cli._COMMANDS.items()
        for action in p._actions
        if action.default not in (None, False, argparse.SUPPRESS)
        and action.help != argparse.SUPPRESS
        and "default" not in (action.help or "")
    ]
    assert missing == []
    helps = {name: " ".join(p.format_help().split()) for name, p in cli._COMMANDS.items()}
    assert "(default: today" in helps["map"] and "(default: land)" in helps["coverage"]
    assert "(default: openings)" in helps["timeline"] and "(default: unit)" in helps["green"]


def test_the_default_date_is_today_and_stated(tmp_path, capsys, monkeypatch):
    """--as-of defaults to the library's one "today", frozen here to a day that is not today
    (tests/clock.py), so the test cannot fail across midnight; the coverage table and the
    map's title state it."""
    from clock import freeze_today

    day = freeze_today(monkeypatch, dt.date(2026, 3, 15)).isoformat()
    assert main(["coverage", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["as_of"] == day
    page = tmp_path / "m.html"
    assert main(["map", str(page), "--tiles", "none"]) == 0
    assert f"直线, {day})" in page.read_text(encoding="utf-8")


def test_help_loads_no_map_plot_or_raster_library():
    """The command's --help (and building its parser) imports none of the heavy optional
    dependencies: they load when a command needs them."""
    code = (
        "import sys\n"
        "from shangcheng_geo.cli import main\n"
        "try:\n    main(['map', '--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = ('folium', 'matplotlib', 'dask', 'rasterio', 'osmnx')\n"
        "print('loaded:', [m for m in heavy if m in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and "usage: shangcheng-geo map" in done.stdout, done.stderr
    assert done.stderr.strip().endswith("loaded: []"), done.stderr


def test_the_shared_options_are_defined_once_with_the_librarys_choices():
    """--method, --base, --network, --datum, --radius ... read the same in every command that
    takes them, their choices are the library's own, and --radius defaults to the station
    catchment (STATION_RADIUS_M)."""
    from shangcheng_geo import access, cli
    from shangcheng_geo._options import STATION_RADIUS_M

    cli.build_parser()
    by_option: dict[str, set] = {}
    for name, p in cli._COMMANDS.items():
        for action in p._actions:
            if action.option_strings and action.dest not in ("help", "debug"):
                shown = (action.help, action.choices and tuple(action.choices))
                by_option.setdefault(action.option_strings[0], set()).add(shown)
        options = {a.dest: a for a in p._actions}
        if "method" in options:
            assert tuple(options["method"].choices) == access.METHODS, name
        if "base" in options:
            assert set(options["base"].choices) == set(access.BASES) - {"weights"}, name
        if name in ("coverage", "timeline", "report"):
            assert options["radius"].default == [f"{STATION_RADIUS_M:g}"], name
    shared = ("--method", "--network", "--datum", "--plan", "--as-of", "--out", "--json")
    assert {opt: len(by_option[opt]) for opt in shared} == dict.fromkeys(shared, 1)
    for opt in ("--base", "--units", "--radius", "--tiles"):  # the default differs, not the rest
        helps = {h.rsplit("(default:", 1)[0] for h, _ in by_option[opt]}
        assert len(helps) == 1, (opt, helps)
