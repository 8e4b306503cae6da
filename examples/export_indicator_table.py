"""Export the plan indicators beside the measured metro coverage, for a report table.

python examples/export_indicator_table.py [out.csv]
"""

import sys

import pandas as pd

from shangcheng_geo import coverage, datasets, indicators

out = sys.argv[1] if len(sys.argv) > 1 else "indicators.csv"
table = indicators.indicators()
cov = coverage.station_coverage(datasets.district(), as_of="2025-12-31")
measured = pd.DataFrame(
    [
        {
            "indicator_id": "metro_800m_coverage_measured",
            "name_zh": "站点800米覆盖率（实测，按陆域）",
            "name_en": "Share of land within 800 m of a station (measured)",
            "unit": "%",
            "baseline": round(float(cov["coverage_ratio"].iloc[0]) * 100, 1),
            "baseline_year": 2025,
            "kind": "measured: straight line, embedded stations open on 2025-12-31",
            "citation": "shangcheng_geo.coverage.station_coverage",
        }
    ]
)
pd.concat([table, measured], ignore_index=True).to_csv(out, index=False)
print(f"wrote {out}")
