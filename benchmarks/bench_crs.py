"""Datum conversion speed: shangcheng_geo.crs vs the per-point loop most scripts use.

Run: python benchmarks/bench_crs.py [n_points]
Prints seconds and ratios. The "naive" way is the common scalar implementation
(one Python call per point, math module, one-step inverse), timed on a subset and scaled.
"""

from __future__ import annotations

import math
import platform
import sys
import time

import numpy as np

from shangcheng_geo import crs

A, EE = 6378245.0, 0.00669342162296594323


def _naive_wgs_to_gcj(lon: float, lat: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlon += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    radlat = lat / 180.0 * math.pi
    magic = 1 - EE * math.sin(radlat) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sq) * math.pi)
    dlon = (dlon * 180.0) / (A / sq * math.cos(radlat) * math.pi)
    return lon + dlon, lat + dlat


def _naive_gcj_to_wgs(lon: float, lat: float) -> tuple[float, float]:
    glon, glat = _naive_wgs_to_gcj(lon, lat)
    return lon * 2 - glon, lat * 2 - glat


def timed(fn, *args, repeat=3):
    best = math.inf
    for _ in range(repeat):
        t = time.perf_counter()
        fn(*args)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rng = np.random.default_rng(0)
    lon = rng.uniform(73.6, 134.7, n)
    lat = rng.uniform(18.2, 53.5, n)
    gx, gy = crs.wgs84_to_gcj02(lon, lat)

    fwd = timed(crs.wgs84_to_gcj02, lon, lat)
    inv = timed(crs.gcj02_to_wgs84, gx, gy)
    bd = timed(crs.bd09_to_wgs84, *crs.wgs84_to_bd09(lon, lat))

    m = 50_000
    sub_lon, sub_lat = lon[:m].tolist(), lat[:m].tolist()
    sub_gx, sub_gy = gx[:m].tolist(), gy[:m].tolist()
    naive_fwd = (
        timed(lambda: [_naive_wgs_to_gcj(a, b) for a, b in zip(sub_lon, sub_lat, strict=True)])
        * n
        / m
    )
    naive_inv = (
        timed(lambda: [_naive_gcj_to_wgs(a, b) for a, b in zip(sub_gx, sub_gy, strict=True)])
        * n
        / m
    )

    wx, wy = crs.gcj02_to_wgs84(gx, gy)
    err_lib = np.hypot((wx - lon) * 96_000, (wy - lat) * 111_000).max()
    approx = np.array([_naive_gcj_to_wgs(a, b) for a, b in zip(sub_gx, sub_gy, strict=True)])
    err_naive = np.hypot((approx[:, 0] - lon[:m]) * 96_000, (approx[:, 1] - lat[:m]) * 111_000)

    print(f"machine: {platform.machine()}, {platform.python_version()}, numpy {np.__version__}")
    print(f"points: {n:,}")
    print(
        f"wgs84 -> gcj02   library {fwd:.3f} s   naive loop {naive_fwd:.2f} s"
        f"   ratio {naive_fwd / fwd:.0f}x"
    )
    print(
        f"gcj02 -> wgs84   library {inv:.3f} s   naive loop {naive_inv:.2f} s"
        f"   ratio {naive_inv / inv:.0f}x (naive is the one-step approximation)"
    )
    print(f"bd09  -> wgs84   library {bd:.3f} s")
    print(
        f"round-trip error library max {err_lib * 1000:.4f} mm; "
        f"one-step approximation max {err_naive.max() * 100:.1f} cm"
    )


if __name__ == "__main__":
    main()
