"""Site access for tens of millions of points: dask engine vs the in-memory path.

Run: python benchmarks/bench_dask.py [dask sizes in millions] [in-memory sizes in millions]
     [worker counts]
     e.g. python benchmarks/bench_dask.py 5,20 2,5 1,2

Points are generated partition by partition (1 million per GeoParquet file) over 3,000
stations in six synthetic cities. The dask path runs on a LocalCluster (1 thread per worker
process; 2 workers unless worker counts are given) and writes its result to GeoParquet
without collecting it; the in-memory path reads everything into one GeoDataFrame and does not
write (so dask's times include writing the result). Peak memory is VmHWM: the client process and the
largest worker for dask, the one process for in-memory (each size in a fresh process).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np
from _common import peak_mb

PER_FILE = 1_000_000
CITIES = [
    (450_000, 3_300_000),
    (520_000, 3_350_000),
    (600_000, 3_280_000),
    (380_000, 3_420_000),
    (560_000, 3_450_000),
    (470_000, 3_200_000),
]


def stations():
    import geopandas as gpd

    rng = np.random.default_rng(1)
    xy = np.concatenate([np.array(c) + rng.normal(0, 8_000, (500, 2)) for c in CITIES])
    return gpd.GeoDataFrame(
        {
            "station_id": [f"s{i}" for i in range(len(xy))],
            "name_zh": [f"s{i}" for i in range(len(xy))],
        },
        geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
        crs="EPSG:4549",
    )


def make_points(folder, millions):
    import geopandas as gpd

    os.makedirs(folder, exist_ok=True)
    for k in range(millions):
        rng = np.random.default_rng(100 + k)
        centre = np.array(CITIES[k % len(CITIES)])
        xy = centre + rng.normal(0, 12_000, (PER_FILE, 2))
        gpd.GeoDataFrame(
            {"pop": rng.integers(1, 6, PER_FILE).astype("float32")},
            geometry=gpd.points_from_xy(xy[:, 0], xy[:, 1]),
            crs="EPSG:4549",
        ).to_parquet(os.path.join(folder, f"part.{k:04d}.parquet"))


def run_dask(folder, out, n_workers=2):
    import distributed

    from shangcheng_geo import dask_engine

    cluster = distributed.LocalCluster(
        n_workers=int(n_workers),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        memory_limit="6GiB",
    )
    client = distributed.Client(cluster)
    st = stations()
    t = time.perf_counter()
    lazy = dask_engine.site_access(folder, st, radius_m=800, compute=False)
    dask_engine.write_parquet(lazy, out)
    seconds = time.perf_counter() - t
    workers = client.run(peak_mb)
    client.close()
    cluster.close()
    return {"seconds": seconds, "client_mb": peak_mb(), "worker_mb": max(workers.values())}


def run_memory(folder):
    import geopandas as gpd
    import pandas as pd

    from shangcheng_geo import coverage

    st = stations()
    t = time.perf_counter()
    files = sorted(os.listdir(folder))
    pts = pd.concat([gpd.read_parquet(os.path.join(folder, f)) for f in files], ignore_index=True)
    coverage.site_access(pts, st, radius_m=800)
    return {"seconds": time.perf_counter() - t, "peak_mb": peak_mb()}


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--dask":
        print(json.dumps(run_dask(*sys.argv[2:5])))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--memory":
        print(json.dumps(run_memory(sys.argv[2])))
        return
    dask_sizes = [int(v) for v in (sys.argv[1] if len(sys.argv) > 1 else "5,20").split(",")]
    mem_sizes = [int(v) for v in (sys.argv[2] if len(sys.argv) > 2 else "2,5").split(",")]
    worker_counts = [int(v) for v in (sys.argv[3] if len(sys.argv) > 3 else "2").split(",")]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; 3,000 stations in 6 cities; radius 800 m"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in sorted(set(dask_sizes + mem_sizes)):
            folder = os.path.join(tmp, f"points_{n}M")
            t = time.perf_counter()
            make_points(folder, n)
            made = time.perf_counter() - t
            if n in mem_sizes:
                r = json.loads(
                    subprocess.run(
                        [sys.executable, __file__, "--memory", folder],
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout.splitlines()[-1]
                )
                print(
                    f"in-memory {n:3d} M points: {r['seconds']:7.1f} s, peak {r['peak_mb']:7.0f} MB"
                )
            for workers in worker_counts if n in dask_sizes else []:
                out = os.path.join(tmp, f"result_{n}M_{workers}")
                r = json.loads(
                    subprocess.run(
                        [sys.executable, __file__, "--dask", folder, out, str(workers)],
                        capture_output=True,
                        text=True,
                        check=True,
                    ).stdout.splitlines()[-1]
                )
                print(
                    f"dask      {n:3d} M points, {workers} worker(s): {r['seconds']:7.1f} s, "
                    f"peak client {r['client_mb']:5.0f} MB, largest worker "
                    f"{r['worker_mb']:5.0f} MB (data generated in {made:.0f} s)"
                )


if __name__ == "__main__":
    main()
