"""Import time of `import shangcheng_geo` (target: well under 1 s), median of 7 processes."""

from __future__ import annotations

import statistics
import subprocess
import sys

CODE = "import time; t = time.perf_counter(); import shangcheng_geo; print(time.perf_counter() - t)"


def main() -> None:
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", CODE], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(7)
    ]
    gp = [
        float(
            subprocess.run(
                [sys.executable, "-c", CODE.replace("shangcheng_geo", "geopandas")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(3)
    ]
    print(f"import shangcheng_geo: median {statistics.median(runs) * 1000:.1f} ms")
    print(f"import geopandas (for scale): median {statistics.median(gp) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
