"""Zonal green fraction: shangcheng_geo.raster vs exactextract and rasterstats.

Run: python benchmarks/bench_green.py [size] [n_units]

Generates a size x size (default 20,000 x 20,000) uint8 land-cover raster of 10 m pixels
(WorldCover-like classes, tiled and DEFLATE-compressed) and n_units (default 1,000) circular
units of 300-1,500 m radius, then times the green fraction (classes 10/20/30) per unit with
each method in a separate process and reports wall time and peak memory (VmHWM).
rasterstats has no partial-pixel rule: it counts whole pixels by their centre.
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

GREEN = [10, 20, 30]


def make_data(folder, size, n_units):
    import geopandas as gpd
    import rasterio
    from rasterio.transform import from_origin

    path = os.path.join(folder, "landcover.tif")
    x0, y0 = 400_000.0, 3_400_000.0
    rng = np.random.default_rng(0)
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        width=size,
        height=size,
        count=1,
        dtype="uint8",
        crs="EPSG:4549",
        transform=from_origin(x0, y0, 10, 10),
        tiled=True,
        blockxsize=512,
        blockysize=512,
        compress="deflate",
    ) as ds:
        step = 2_048
        for r in range(0, size, step):
            h = min(step, size - r)
            # patchy classes: 64 x 64-pixel patches with noise
            patches = rng.choice(
                [10, 20, 30, 50, 60, 80],
                size=(h // 64 + 1, size // 64 + 1),
                p=[0.25, 0.05, 0.1, 0.45, 0.05, 0.1],
            ).astype("uint8")
            block = np.repeat(np.repeat(patches, 64, axis=0), 64, axis=1)[:h, :size]
            noise = rng.random((h, size)) < 0.1
            block = np.where(noise, 50, block).astype("uint8")
            ds.write(block[None], window=((r, r + h), (0, size)))
    extent = size * 10
    cx = x0 + rng.uniform(2_000, extent - 2_000, n_units)
    cy = y0 - rng.uniform(2_000, extent - 2_000, n_units)
    radius = rng.uniform(300, 1_500, n_units)
    units = gpd.GeoDataFrame(geometry=gpd.points_from_xy(cx, cy), crs="EPSG:4549")
    units["geometry"] = units.buffer(radius, quad_segs=16)
    upath = os.path.join(folder, "units.gpkg")
    units.to_file(upath)
    return path, upath


def run_method(method, raster, units_path):
    import geopandas as gpd

    units = gpd.read_file(units_path)
    t = time.perf_counter()
    if method == "shangcheng_geo":
        from shangcheng_geo import raster as r

        res = r.zonal_sums(units, raster, values=lambda v: np.isin(v, GREEN).astype(float))
        frac = (res["value_sum"] / res["valid_weight"]).to_numpy()
    elif method == "green_coverage":  # the library's wrapper: class check, bases, ratios
        from shangcheng_geo import green

        res = green.green_coverage(units, raster, classes=GREEN)
        frac = res["green_ratio"].to_numpy()
    elif method == "exactextract":
        from exactextract import exact_extract

        out = exact_extract(raster, units, ["unique", "frac"], output="pandas")
        frac = np.array(
            [
                sum(f for u, f in zip(us, fs, strict=True) if u in GREEN)
                for us, fs in zip(out["unique"], out["frac"], strict=True)
            ]
        )
    else:
        from rasterstats import zonal_stats

        stats = zonal_stats(units, raster, categorical=True)
        frac = np.array([sum(s.get(g, 0) for g in GREEN) / max(1, sum(s.values())) for s in stats])
    seconds = time.perf_counter() - t
    peak = peak_mb()
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "frac": frac.tolist()}))


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        run_method(*sys.argv[2:5])
        return
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    n_units = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    with tempfile.TemporaryDirectory() as folder:
        t = time.perf_counter()
        raster, units = make_data(folder, size, n_units)
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}"
        )
        print(
            f"raster {size:,} x {size:,} uint8 ({size * size / 1e6:,.0f} MB uncompressed, "
            f"{os.path.getsize(raster) / 1e6:,.0f} MB on disk), {n_units:,} units; "
            f"generated in {time.perf_counter() - t:.0f} s"
        )
        results = {}
        for method in ("shangcheng_geo", "green_coverage", "exactextract", "rasterstats"):
            out = subprocess.run(
                [sys.executable, __file__, "--run", method, raster, units],
                capture_output=True,
                text=True,
                check=True,
            )
            results[method] = json.loads(out.stdout.strip().splitlines()[-1])
        ours = np.array(results["shangcheng_geo"]["frac"])
        for method, r in results.items():
            diff = np.abs(np.array(r["frac"]) - ours).max()
            print(
                f"{method:15s} {r['seconds']:8.1f} s   peak {r['peak_mb']:7.0f} MB   "
                f"max |fraction - ours| {diff:.2e}"
            )
        base = results["shangcheng_geo"]["seconds"]
        print(
            f"ratios: rasterstats / ours {results['rasterstats']['seconds'] / base:.1f}x, "
            f"exactextract / ours {results['exactextract']['seconds'] / base:.2f}x"
        )


if __name__ == "__main__":
    main()
