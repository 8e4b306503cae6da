"""Make the metro-coverage map of Shangcheng as an HTML file (and a PNG for reports).

python examples/make_coverage_map.py [out_dir]
"""

import sys
from pathlib import Path

from shangcheng_geo import maps, plan, static

out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
out.mkdir(parents=True, exist_ok=True)
zones = plan.structure("14th")  # the 14th plan's indicative zones, all located
m = maps.coverage_map(zones, radius_m=[500, 800], as_of="2025-12-31")
m.save(str(out / "coverage_map.html"))
static.static_coverage_map(zones, out / "coverage_map.png", radius_m=[500, 800], as_of="2025-12-31")
print(f"wrote {out / 'coverage_map.html'} and {out / 'coverage_map.png'}")
