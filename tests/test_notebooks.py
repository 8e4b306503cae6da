"""The notebooks run top to bottom without network; the examples run as scripts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXAMPLES = sorted((ROOT / "examples").glob("*.py"))


def test_there_are_five_notebooks_and_three_examples():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]
    assert len(EXAMPLES) == 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path):
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed")
    nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed")
    nb = nbformat.read(path, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit notebooks without outputs"
    )
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()
    text = "\n".join(
        str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
    )
    errors = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    expected = {
        "01": "120.4 km²",
        "02": "800 m coverage of the district's land, 2025-12-31: 61.0%",
        "03": "generated raster (not real data)",
        "04": "shift removed (m)",
        "05": "cannot be scored: 杨柳郡 (no location)",
    }[path.name[:2]]
    assert expected in text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_runs(path, tmp_path):
    pytest.importorskip("folium", reason="folium (the maps extra) is not installed")
    args = [sys.executable, str(path)]
    if path.stem == "make_coverage_map":
        args.append(str(tmp_path))
    elif path.stem == "export_indicator_table":
        args.append(str(tmp_path / "ind.csv"))
    done = subprocess.run(args, capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    if path.stem == "make_coverage_map":
        assert (tmp_path / "coverage_map.html").stat().st_size > 10_000
        assert (tmp_path / "coverage_map.png").stat().st_size > 10_000
    elif path.stem == "export_indicator_table":
        assert "metro_800m_coverage_measured" in (tmp_path / "ind.csv").read_text(encoding="utf-8")
    else:
        assert "qiantang_smart_city" in done.stdout
