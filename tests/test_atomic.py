"""Writes that never lose a file (_atomic): a failure midway leaves the old file
byte-identical and no partial file behind; complete writes replace it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

import shangcheng_geo as sg
from shangcheng_geo import export
from shangcheng_geo._atomic import replacing


def _leftovers(folder, keep):
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_a_complete_write_replaces_and_a_failed_one_keeps_the_old_file(tmp_path):
    target = tmp_path / "t.txt"
    target.write_text("old", encoding="utf-8")
    with replacing(target) as tmp:
        assert tmp.parent == tmp_path and tmp.suffix == ".txt"
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new"
    for error in (ValueError("disk full"), KeyboardInterrupt()):
        with pytest.raises(type(error)), replacing(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise error
        assert target.read_text(encoding="utf-8") == "new"
        assert _leftovers(tmp_path, {"t.txt"}) == []


def test_excel_with_an_incompatible_value_leaves_the_old_workbook(tmp_path):
    path = tmp_path / "result.xlsx"
    export.to_excel({"ok": pd.DataFrame({"a": [1, 2]})}, path)
    before = path.read_bytes()
    bad = pd.DataFrame({"at": [dt.time(8, 0, tzinfo=dt.UTC)]})  # a clock time in a zone
    with pytest.raises(sg.InputError, match=r"sheet 'bad'.*convert that column"):
        export.to_excel({"first": pd.DataFrame({"a": [3]}), "bad": bad}, path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, {"result.xlsx"}) == []


def test_csv_interrupted_midway_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    export.to_csv(pd.DataFrame({"a": [1]}), path)
    before = path.read_bytes()
    real = pd.DataFrame.to_csv

    def half_then_ctrl_c(self, target, *a, **k):
        real(self.head(1), target, *a, **k)  # a fragment is on disk ...
        raise KeyboardInterrupt  # ... when the user presses Ctrl-C

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        export.to_csv(pd.DataFrame({"a": range(1000)}), path)
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, {"t.csv"}) == []


def test_a_file_size_limit_midway_leaves_the_old_file(tmp_path):
    """RLIMIT_FSIZE in a subprocess: the write fails with the disk-full error partway."""
    path = tmp_path / "big.csv"
    export.to_csv(pd.DataFrame({"a": [1]}), path)
    before = path.read_bytes()
    code = (
        "import resource, signal, pandas as pd; from shangcheng_geo import export; "
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096)); "
        f"export.to_csv(pd.DataFrame({{'a': range(100000)}}), {str(path)!r})"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode != 0
    assert path.read_bytes() == before
    assert _leftovers(tmp_path, {"big.csv"}) == []


def test_shapefile_parts_move_together(tmp_path):
    import geopandas as gpd
    from shapely.geometry import Point

    layer = gpd.GeoDataFrame({"n": [1]}, geometry=[Point(120.2, 30.25)], crs=4326)
    target = tmp_path / "pts.shp"
    with replacing(target) as tmp:
        layer.to_file(tmp)
    assert {p.suffix for p in tmp_path.iterdir()} >= {".shp", ".shx", ".dbf", ".prj"}
    assert all(p.stem == "pts" for p in tmp_path.iterdir())
    assert gpd.read_file(target).crs.to_epsg() == 4326


def test_static_map_failure_keeps_the_old_png(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib", reason="matplotlib (the maps extra) is not installed")
    import warnings

    from matplotlib.figure import Figure

    from shangcheng_geo.maps import static

    path = tmp_path / "map.png"
    path.write_bytes(b"old png")

    def broken(self, *a, **k):
        __import__("pathlib").Path(a[0]).write_bytes(b"\x89PNG partial")
        raise OSError("No space left on device")

    monkeypatch.setattr(Figure, "savefig", broken)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(sg.OutputError, match=r"map\.png': disk full"):
            static.static_coverage_map(path=path, as_of="2025-12-31", dpi=40)
    assert path.read_bytes() == b"old png"
    assert _leftovers(tmp_path, {"map.png"}) == []


def test_layers_keep_the_real_files_name(tmp_path):
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import Point

    from shangcheng_geo._atomic import layer_options

    layer = gpd.GeoDataFrame({"n": [1]}, geometry=[Point(120.2, 30.25)], crs=4326)
    for name in ("out.gpkg", "out.geojson"):
        target = tmp_path / name
        with replacing(target) as tmp:
            layer.to_file(tmp, **layer_options(target))
        assert [row[0] for row in pyogrio.list_layers(target)] == ["out"]


# ----------------------------------------------------------------------------- GeoPackages


def _project(path):
    """A planner's GeoPackage: ten layers of points, lines and polygons with attributes."""
    import geopandas as gpd
    from shapely.geometry import LineString, Point, box

    for i in range(10):
        geoms = [
            [Point(120.1 + i / 100, 30.2), Point(120.2, 30.3 + i / 100)],
            [LineString([(120.1, 30.2), (120.2 + i / 100, 30.3)])] * 2,
            [box(120.1, 30.2, 120.1 + (i + 1) / 100, 30.25), box(120.3, 30.3, 120.31, 30.31)],
        ][i % 3]
        layer = gpd.GeoDataFrame(
            {"name": [f"图层{i} 甲", "乙"], "n": [i, i + 1], "share": [0.5, float(i)]},
            geometry=geoms,
            crs=4326,
        )
        driver = {"driver": "SQLite"} if str(path).endswith(".sqlite") else {}
        layer.to_file(path, layer=f"layer_{i}", engine="pyogrio", **driver)


def _layers(path):
    import geopandas as gpd
    import pyogrio

    names = [str(row[0]) for row in pyogrio.list_layers(path)]
    return names, {n: gpd.read_file(path, layer=n, engine="pyogrio") for n in names}


@pytest.mark.parametrize("suffix", [".gpkg", ".sqlite"])
def test_writing_a_layer_into_a_geopackage_keeps_every_other_layer(tmp_path, suffix):
    import geopandas as gpd
    from geopandas.testing import assert_geodataframe_equal
    from shapely.geometry import Point

    from shangcheng_geo._atomic import layer_options

    path = tmp_path / f"project{suffix}"
    _project(path)
    names, before = _layers(path)
    new = gpd.GeoDataFrame({"coverage_ratio": [0.61]}, geometry=[Point(120.2, 30.3)], crs=4326)
    for layer in (None, "layer_4"):  # a new layer (named after the file), then one replaced
        with replacing(path) as tmp:  # as the command writes its --out
            new.to_file(tmp, **layer_options(path, layer))
        layer = layer or "project"
        after_names, after = _layers(path)
        assert set(after_names) == set(names) | {"project"}
        kept = [n for n in after_names if n not in ("project", layer)]
        assert kept == [n for n in names if n != layer]  # the others, in their order
        for name in kept:
            assert_geodataframe_equal(after[name], before[name])
        assert_geodataframe_equal(after[layer], new)
        assert _leftovers(tmp_path, {path.name}) == []


def test_a_layer_failing_midway_leaves_the_geopackage_whole(tmp_path, monkeypatch):
    import geopandas as gpd
    import pyogrio
    from shapely.geometry import Point

    from shangcheng_geo._atomic import layer_options

    path = tmp_path / "project.gpkg"
    _project(path)
    before = path.read_bytes()
    real = pyogrio.write_dataframe

    def fails_midway(df, target, **kwargs):
        real(df.head(1), target, **kwargs)  # the layer is begun in the copy ...
        raise RuntimeError("the network share went away")  # ... and the write fails

    monkeypatch.setattr(pyogrio, "write_dataframe", fails_midway)
    new = gpd.GeoDataFrame({"v": [1, 2]}, geometry=[Point(120.2, 30.3)] * 2, crs=4326)
    for layer in ("coverage", "layer_3"):
        with pytest.raises(RuntimeError, match="network share"), replacing(path) as tmp:
            new.to_file(tmp, **layer_options(path, layer))
        assert path.read_bytes() == before  # all ten layers, byte for byte
        assert _leftovers(tmp_path, {"project.gpkg"}) == []  # no copy, no -journal


# ----------------------------------------------------------------------------- at once


def _content(kind, who):
    import geopandas as gpd
    from shapely.geometry import Point

    n = 3 if who == "a" else 5
    base = 1 if who == "a" else 10
    return gpd.GeoDataFrame(
        {"who": [who] * n, "n": list(range(base, base + n))},
        geometry=[Point(120 + k / 100, 30 + k / 100) for k in range(base, base + n)],
        crs=4326,
    )


def _write_many(kind, path, who, barrier, rounds):
    import os
    import time
    from pathlib import Path

    real = os.replace
    # moving a file takes a while, and not the same for both: writer b is slow on the first
    # part, writer a on the second, so unguarded moves interleave (b's .shp, a's .shx ...)
    pace = {"a": {".shx": 0.3}, "b": {".shp": 0.15, ".csv": 0.15, ".gpkg": 0.15}}[who]

    def slow(src, dst):
        time.sleep(pace.get(Path(dst).suffix, 0.0))
        real(src, dst)

    os.replace = slow  # in this child process only
    data = _content(kind, who)
    for _ in range(rounds):
        barrier.wait()
        if kind == "csv":
            export.to_csv(data.drop(columns="geometry"), path)
        else:
            layer = {"layer": f"layer_{who}"} if kind == "gpkg" else {}
            with replacing(path) as tmp:
                data.to_file(tmp, engine="pyogrio", **layer)


@pytest.mark.parametrize("kind", ["csv", "shp", "gpkg"])
def test_two_processes_writing_at_once_leave_one_whole_file(tmp_path, kind):
    """Both write in lockstep, many times; the result is one writer's file whole (a
    Shapefile's parts all from one), and in a GeoPackage both writers' layers are kept."""
    import multiprocessing

    import geopandas as gpd
    from geopandas.testing import assert_geodataframe_equal

    ctx = multiprocessing.get_context("fork")
    path = tmp_path / f"out.{kind}"
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_write_many, args=(kind, path, who, barrier, 4)) for who in "ab"]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0]
    if kind == "csv":
        back = pd.read_csv(path, encoding="utf-8-sig", index_col=0)
        assert any(
            back.reset_index(drop=True).equals(_content(kind, w).drop(columns="geometry"))
            for w in "ab"
        )
    elif kind == "shp":
        back = gpd.read_file(path, engine="pyogrio")
        assert any(
            len(back) == len(_content(kind, w))
            and back["n"].tolist() == _content(kind, w)["n"].tolist()
            and back.geometry.geom_equals(_content(kind, w).geometry).all()
            for w in "ab"
        ), back
    else:
        for who in "ab":
            layer = gpd.read_file(path, layer=f"layer_{who}", engine="pyogrio")
            assert_geodataframe_equal(layer, _content(kind, who), check_dtype=False)
    assert (
        _leftovers(
            tmp_path, {f"out.{e}" for e in ("csv", "gpkg", "shp", "shx", "dbf", "prj", "cpg")}
        )
        == []
    )


def test_threads_writing_at_once_get_their_own_temporary_names(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "out.txt"
    seen = []

    def write(k):
        with replacing(path) as tmp:
            seen.append(tmp.name)
            tmp.write_text(f"writer {k} " * 1000, encoding="utf-8")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(write, range(64)))
    assert len(set(seen)) == 64
    text = path.read_text(encoding="utf-8")
    assert any(text == f"writer {k} " * 1000 for k in range(64))
    assert _leftovers(tmp_path, {"out.txt"}) == []


def test_a_write_inside_a_geopackage_write_does_not_wait_for_itself(tmp_path):
    """The folder's lock is held while a layer is written; a file written meanwhile by the
    same thread into the same folder (a note beside the project) does not deadlock."""
    import threading

    done = []

    def nested():
        with replacing(tmp_path / "project.gpkg") as tmp:
            _content("gpkg", "a").to_file(tmp, layer="a", engine="pyogrio")
            with replacing(tmp_path / "note.txt") as inner:
                inner.write_text("written while the layer was", encoding="utf-8")
        done.append(True)

    worker = threading.Thread(target=nested, daemon=True)
    worker.start()
    worker.join(60)
    assert done == [True]
    assert _leftovers(tmp_path, {"project.gpkg", "note.txt"}) == []
