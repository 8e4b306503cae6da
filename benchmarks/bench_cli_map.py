"""The command line's main job end to end: `shangcheng-geo map coverage_map.html`.

Run: python benchmarks/bench_cli_map.py [repeats]

Each run is a fresh process (imports, data, coverage, Folium rendering, writing the file),
timed from outside, with its peak memory (VmHWM).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    out = os.path.join(tempfile.mkdtemp(), "coverage_map.html")
    code = (
        "import sys; from shangcheng_geo.cli import main; rc = main(sys.argv[1:]); "
        "print(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]); "
        "raise SystemExit(rc)"
    )
    times, peaks = [], []
    for _ in range(repeats):
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code, "map", out], capture_output=True, text=True, check=True
        )
        times.append(time.perf_counter() - t)
        peaks.append(int(done.stdout.strip().splitlines()[-1]) / 1024)
    size = os.path.getsize(out) / 1e6
    print(
        f"shangcheng-geo map: {min(times):.2f}-{max(times):.2f} s over {repeats} runs, "
        f"peak {max(peaks):.0f} MB, file {size:.2f} MB"
    )


if __name__ == "__main__":
    main()
