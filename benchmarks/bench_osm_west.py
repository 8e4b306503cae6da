"""The embedded OpenStreetMap streets of western Shangcheng: reading them, and walking
coverage of the 9 subdistricts that have a boundary.

Run: python benchmarks/bench_osm_west.py

1. ``datasets.streets()`` to a prepared network, in a fresh process (cold: file read) and
   again in the same process (warm), against building it from the PBF extract with
   ``network.graph_from_osm`` + ``network.prepare`` (the way before the data was embedded).
2. Walking coverage (800 m, land, 10 m cells) of the 9 subdistricts and ``compare_methods``
   (walking and straight line on the same cells), min of 3.
"""

from __future__ import annotations

import subprocess
import sys
import time
import warnings
from pathlib import Path

PBF = (
    Path(__file__).resolve().parents[2] / "shared/data-raw/osm/hangzhou_west_osm_2026-05-08.osm.pbf"
)


def _best(fn, n=3):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main() -> None:
    code = (
        "import time; t = time.perf_counter(); from shangcheng_geo import datasets; "
        "n = datasets.streets(); print(time.perf_counter() - t, n.n_edges)"
    )
    cold = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout.split()[0]) for _ in range(3)]  # fmt: skip
    from shangcheng_geo import coverage, datasets, network

    warm, net = _best(datasets.streets)
    print(f"streets(): cold {min(cold):.2f}-{max(cold):.2f} s (import + read), warm {warm:.3f} s, "
          f"{net.n_edges} edges")  # fmt: skip
    if PBF.exists():
        t = time.perf_counter()
        network.prepare(network.graph_from_osm(PBF))
        pbf = time.perf_counter() - t
        print(f"graph_from_osm(PBF) + prepare: {pbf:.2f} s ({pbf / warm:.0f}x the warm read)")
    units = datasets.subdistricts(geometry=True)
    units = units[~units.is_empty]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        walk, cov = _best(lambda: coverage.station_coverage(
            units, as_of="2026-12-01", method="network", network=net))  # fmt: skip
        both, _ = _best(lambda: coverage.compare_methods(
            units, as_of="2026-12-01", network=net))  # fmt: skip
    print(f"walking coverage of the 9 subdistricts, 10 m cells: {walk:.2f} s; "
          f"compare_methods: {both:.2f} s")  # fmt: skip
    print(cov[["name", "coverage_ratio", "not_served_share"]].round(3).to_string())


if __name__ == "__main__":
    main()
