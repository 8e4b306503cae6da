"""Every writer fails the same way for a bad output path (OutputError naming the user's path
and the fix, the old file kept, nothing left behind), with the faults made for real: a
missing folder, a path that is a folder, a read-only folder (written by an unprivileged
user when the tests run as root), a full disk and a file-size limit (RLIMIT_FSIZE in a
subprocess)."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import pytest

import shangcheng_geo as sg
from shangcheng_geo._atomic import replacing

ROOT = Path(__file__).resolve().parents[1]
EXTS = {"csv": ".csv", "excel": ".xlsx", "gpkg": ".gpkg", "geojson": ".geojson", "shp": ".shp"}
EXTS |= {"parquet": ".parquet", "replacing": ".txt"}
WRITERS = list(EXTS)

# one script for the subprocess cases: writes every format, prints each outcome as JSON
_SCRIPT = r"""
import json, os, sys
import geopandas as gpd, numpy as np, pandas as pd
import shangcheng_geo as sg
from shangcheng_geo._atomic import replacing
from shangcheng_geo import dask_engine, export
from shangcheng_geo._atomic import replacing

def data(n):
    rng = np.random.default_rng(1)
    return gpd.GeoDataFrame(
        {"n": np.arange(n), "name": ["上城区 Shangcheng"] * n},
        geometry=gpd.points_from_xy(120.1 + rng.random(n) / 10, 30.2 + rng.random(n) / 10),
        crs=4326,
    )

def write(kind, path, n):
    gdf = data(n)
    if kind == "csv":
        export.to_csv(gdf, path)
    elif kind == "excel":
        export.to_excel(gdf, path)
    elif kind in ("gpkg", "geojson", "shp"):
        export.to_file(gdf, path, layer="points")
    elif kind == "parquet":
        dask_engine.write_parquet(gdf, path)
    else:
        with replacing(path) as tmp:
            with open(tmp, "w", encoding="utf-8") as f:
                for i in range(n):
                    f.write(f"line {i} of the report\n")

def outcomes(folder, n, kinds):
    out = {}
    for kind in kinds:
        path = os.path.join(folder, "out" + EXTS[kind])
        try:
            write(kind, path, n)
            out[kind] = ["written", ""]
        except BaseException as exc:
            out[kind] = [type(exc).__name__, str(exc), isinstance(exc, sg.OutputError)]
    return out
"""


def _script(body: str) -> str:
    return f"EXTS = {EXTS!r}\n{_SCRIPT}\n{body}"


def _run(body: str, *, preexec=None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [sys.executable, "-c", _script(body)],
        capture_output=True,
        text=True,
        env=env,
        cwd=tempfile.gettempdir(),
        timeout=300,
        preexec_fn=preexec,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def _write(kind: str, path: Path, n: int = 3) -> None:
    ns: dict = {"EXTS": EXTS}
    exec(compile(_SCRIPT, "writers", "exec"), ns)
    ns["write"](kind, str(path), n)


def _check(exc: BaseException, path: Path, fix: str) -> None:
    text = str(exc)
    assert isinstance(exc, sg.OutputError) and isinstance(exc, OSError), repr(exc)
    assert repr(str(path)) in text, text  # the user's path ...
    assert ".tmp" not in text, text  # ... never the temporary file's
    assert fix in text, text


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


@pytest.mark.parametrize("kind", WRITERS)
def test_a_missing_folder_is_named_with_the_fix(tmp_path, kind):
    path = tmp_path / "no such folder" / f"out{EXTS[kind]}"
    with pytest.raises(sg.OutputError) as info:
        _write(kind, path)
    _check(info.value, path, "does not exist: create it (mkdir -p) or choose another")
    assert info.value.errno == errno.ENOENT and info.value.filename == str(path)
    assert _leftovers(tmp_path, set()) == []


@pytest.mark.parametrize("kind", WRITERS)
def test_a_path_that_is_a_folder_is_refused_by_name(tmp_path, kind):
    path = tmp_path / f"out{EXTS[kind]}"
    path.mkdir()
    (path / "keep.txt").write_text("a user's file", encoding="utf-8")
    with pytest.raises(sg.OutputError) as info:
        _write(kind, path)
    _check(info.value, path, "is a folder: give a file name")
    assert (path / "keep.txt").read_text(encoding="utf-8") == "a user's file"
    assert _leftovers(tmp_path, {path.name}) == []


@pytest.mark.parametrize("kind", WRITERS)
def test_a_full_disk_keeps_the_old_file_and_leaves_nothing(tmp_path, monkeypatch, kind):
    """ENOSPC raised by the writer after it has put a fragment on disk."""
    path = tmp_path / f"out{EXTS[kind]}"
    _write(kind, path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}

    def full(real):
        def write(*args, **kwargs):
            real(*args, **kwargs)  # the fragment is written ...
            raise OSError(errno.ENOSPC, "No space left on device")  # ... then the disk is full

        return write

    import geopandas as gpd
    import openpyxl
    import pyogrio

    target = {
        "csv": (pd.DataFrame, "to_csv"),
        "excel": (openpyxl.Workbook, "save"),
        "gpkg": (pyogrio, "write_dataframe"),
        "geojson": (pyogrio, "write_dataframe"),
        "shp": (pyogrio, "write_dataframe"),
        "parquet": (gpd.GeoDataFrame, "to_parquet"),
        "replacing": (Path, "write_text"),
    }[kind]
    monkeypatch.setattr(*target, full(getattr(*target)))
    with pytest.raises(sg.OutputError) as info:
        if kind == "replacing":
            with replacing(path) as tmp:
                tmp.write_text("new report", encoding="utf-8")
        else:
            _write(kind, path, n=50)
    _check(info.value, path, "disk full")
    assert info.value.errno == errno.ENOSPC
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    assert after == before  # the old file(s) byte for byte, no temporary file


def test_a_file_size_limit_is_named_for_every_writer(tmp_path):
    """RLIMIT_FSIZE (64 KiB) in a subprocess, SIGXFSZ ignored: the writes fail with EFBIG, or
    GDAL's own error without an errno; each is the limit, named, and the old files stay."""
    for kind in WRITERS:
        _write(kind, tmp_path / f"out{EXTS[kind]}")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    got = _run(
        "import resource, signal\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))\n"
        f"print(json.dumps(outcomes({str(tmp_path)!r}, 20000, {WRITERS!r})))"
    )
    for kind in WRITERS:
        name, text, *library = got[kind]
        path = tmp_path / f"out{EXTS[kind]}"
        assert library == [True], (kind, name, text)
        assert repr(str(path)) in text and ".tmp" not in text, (kind, text)
        assert "file too large for the limit (65,536 bytes, ulimit -f)" in text, (kind, text)
    after = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert after == before


def _without_override() -> None:
    """In the child, before exec: drop the capabilities by which root writes anywhere
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a folder's permissions hold for it too."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_a_read_only_folder_is_named_with_the_fix(tmp_path):
    """chmod 555 on the folder; the writes run in a subprocess that, when the tests run as
    root, has given up root's right to write anywhere."""
    if os.geteuid() == 0 and not sys.platform.startswith("linux"):
        pytest.skip("as root, permissions are only enforced here by dropping Linux capabilities")
    folder = tmp_path / "read only"
    folder.mkdir()
    for kind in WRITERS:  # old files to keep
        _write(kind, folder / f"out{EXTS[kind]}")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    folder.chmod(0o555)
    try:
        body = f"print(json.dumps(outcomes({str(folder)!r}, 5, {WRITERS!r})))"
        got = _run(body, preexec=_without_override if os.geteuid() == 0 else None)
    finally:
        folder.chmod(0o755)
    for kind in WRITERS:
        name, text, *library = got[kind]
        path = folder / f"out{EXTS[kind]}"
        assert library == [True], (kind, name, text)
        assert repr(str(path)) in text and ".tmp" not in text, (kind, text)
        assert f"no permission to write in the folder {str(folder)!r}" in text, (kind, text)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_the_door_check_comes_before_any_work(tmp_path):
    """A lazy dask result is not computed when its output folder does not exist."""
    pytest.importorskip("dask_geopandas", reason="the dask extra is not installed")
    import dask.dataframe as dd

    from shangcheng_geo import dask_engine

    def never(part):
        raise AssertionError("computed before the path was checked")

    lazy = dd.from_pandas(pd.DataFrame({"a": range(4)}), npartitions=2)
    lazy = lazy.map_partitions(never, meta=lazy._meta)
    path = tmp_path / "missing" / "points.parquet"
    with pytest.raises(sg.OutputError, match="does not exist"):
        dask_engine.write_parquet(lazy, path)
    with pytest.raises(sg.OutputError, match="is a folder"):
        sg.export.check_output_path(tmp_path, suffixes=(".gpkg",))
    with pytest.raises(sg.InputError, match=r"vector layers are written as \.gpkg"):
        sg.export.to_file(None, tmp_path / "out.kml")


def test_an_oserror_about_another_file_goes_on_unchanged(tmp_path):
    """Reading a missing input inside a write is not an output error."""
    path = tmp_path / "out.txt"
    with pytest.raises(FileNotFoundError) as info, replacing(path) as tmp:
        tmp.write_text("half", encoding="utf-8")
        (tmp_path / "an input that is not there.csv").read_text()
    assert not isinstance(info.value, sg.OutputError)
    assert _leftovers(tmp_path, set()) == []
