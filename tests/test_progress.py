"""Progress bars on long work are visible in a terminal (checked through a pseudo-terminal)
and stay out of pipes and logs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pty = pytest.importorskip("pty", reason="pseudo-terminals need a POSIX system")

SCRIPT = r"""
import warnings
warnings.simplefilter("ignore")
import numpy as np, networkx as nx
from shangcheng_geo import datasets, network, scenarios
# 25 dates: the timeline's loop
scenarios.coverage_timeline(datasets.district(), dates=[f"{y}-12-31" for y in range(2000, 2025)])
# 500,000 points: the walking engine's snapping, chunk by chunk
G = nx.grid_2d_graph(30, 30, create_using=nx.MultiGraph)
H = nx.MultiGraph(crs="EPSG:4549")
for (i, j) in G:
    H.add_node((i, j), x=100.0 * i, y=100.0 * j)
for a, b in G.edges():
    H.add_edge(a, b, length=100.0)
pts = np.random.default_rng(0).uniform(0, 2900, (500_000, 2))
network.prepare(H).snap(pts)
# dask: site access of GeoParquet points, partition by partition (sync scheduler)
import geopandas as gpd, tempfile, os
from shangcheng_geo import coverage
path = os.path.join(tempfile.mkdtemp(), "pts.parquet")
xy = np.random.default_rng(1).uniform((120.16, 30.23), (120.24, 30.30), (20_000, 2))
gpd.GeoDataFrame(geometry=gpd.points_from_xy(*xy.T), crs=4326).to_parquet(path)
import dask
with dask.config.set(scheduler="sync"):
    coverage.site_access(path, radius_m=800)
# a raster: zonal sums of 40 units
import rasterio
from rasterio.transform import from_origin
from shangcheng_geo import raster, units
tif = os.path.join(tempfile.mkdtemp(), "r.tif")
with rasterio.open(tif, "w", driver="GTiff", width=200, height=200, count=1, dtype="uint8",
                   crs="EPSG:4549", transform=from_origin(510_000, 3_362_000, 100, 100)) as dst:
    dst.write(np.ones((1, 200, 200), "uint8"))
raster.zonal_sums(units.grid(size_m=2000), tif)
print("done")
"""


def _run(tty: bool) -> tuple[str, str]:
    env = {**os.environ, "COLUMNS": "100"}
    if not tty:
        done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                              env=env, timeout=300, check=False)  # fmt: skip
        return done.stdout, done.stderr
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE,
                            stderr=slave, env=env)  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    out, _ = proc.communicate(timeout=300)  # also closes the pipe
    out = out.decode()
    os.close(master)
    return out, b"".join(chunks).decode("utf-8", "replace")


def test_long_work_shows_bars_in_a_terminal_and_none_in_a_pipe():
    out, terminal = _run(tty=True)
    assert "done" in out
    assert "coverage timeline" in terminal and "snapping to the network" in terminal
    assert "%|" in terminal  # tqdm's bar itself
    assert "Completed" in terminal  # dask's bar (site access on the dask engine)
    assert "zonal sums" in terminal  # the raster's windows
    out, piped = _run(tty=False)
    assert "done" in out and "%|" not in piped and "snapping" not in piped
    assert "Completed" not in piped
