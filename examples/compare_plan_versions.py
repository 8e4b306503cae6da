"""Compare the 14th plan with the 15th-plan proposal: elements, zone overlap and coverage.

python examples/compare_plan_versions.py
"""

from shangcheng_geo import coverage, plan

comparison = plan.compare_versions("14th", "15th-proposal")
print(comparison[["concept", "presence", "type_a", "type_b", "iou"]].to_string(index=False))
for version in ("14th", "15th-proposal"):
    zones = plan.structure(version)
    zones = zones[~zones.is_empty]
    cov = coverage.station_coverage(zones, as_of="2025-12-31")
    print(f"\n{version}: 800 m coverage by zone")
    print(cov[["element_id", "coverage_ratio"]].round(3).to_string(index=False))
