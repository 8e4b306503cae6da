"""Writes that never lose a file (_atomic): a failure midway leaves the old file
byte-identical and no partial file behind; complete writes replace it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

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
    bad = pd.DataFrame({"when": [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)]})
    with pytest.raises(Exception, match=r"(?i)timezone"):
        export.to_excel({"bad": bad}, path)
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
        with pytest.raises(OSError, match="No space"):
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
