"""The plan's green target beside a measurement: 绿化覆盖率 against 39.2 % (2020), 40.5 % (2025).

:func:`compare_with_plan` puts a :func:`~shangcheng_geo.green.green_coverage` result beside
the baseline and target of the district's 14th Five-Year plan (the indicator
``green_coverage_ratio`` of :data:`shangcheng_geo.plan.INDICATORS`), with the data's date
and source and the plan's citation.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> from shangcheng_geo.green import green_coverage, targets
>>> unit = gpd.GeoDataFrame(geometry=[box(0, 0, 100, 100)], crs="EPSG:4549")
>>> trees = gpd.GeoDataFrame(geometry=[box(0, 0, 38, 100)], crs="EPSG:4549")
>>> row = targets.compare_with_plan(green_coverage(unit, trees), data_date="2025",
...                                 data_source="survey")
>>> float(row["gap_to_target_pct"].iloc[0])
-2.5
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .._errors import InputError
from .kinds import INDICATIVE, indicator_of, overall_ratio

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["compare_with_plan"]


def compare_with_plan(
    measured: gpd.GeoDataFrame,
    *,
    data_date: str,
    data_source: str,
) -> pd.DataFrame:
    """Put a measured green coverage ratio beside the plan's baseline and target.

    ``measured`` is a :func:`green_coverage` result; the ratio over all its units is
    sum(green_m2) / sum(base_m2). Returns one row: the measured ratio (%), the plan's 2020
    baseline (39.2 %) and 2025 target (40.5 %), the gap to the target, the base used, the
    date and source of the input data, and the plan citation.

    The targets are 绿化覆盖率 (vegetation cover: land cover, NDVI or canopy polygons). A
    result from green space mapped in OpenStreetMap (``mapped_green_share``, see
    :mod:`~shangcheng_geo.green.kinds`) is set beside them as *indicative* only: ``indicator``
    names the proxy, ``comparison`` says "indicative: mapped green share vs 绿化覆盖率
    target; not comparable", ``gap_to_target_pct`` is NaN and ``meets_target`` is None, so
    no gap in points reads as a shortfall.

    Parameters
    ----------
    measured : GeoDataFrame
        A :func:`green_coverage` result.
    data_date : str
        When the green data was captured.
    data_source : str
        Where it came from.

    Returns
    -------
    DataFrame
        One row, with ``comparable`` (bool) and ``comparison`` (what the row compares).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import green
    >>> unit = gpd.GeoDataFrame({"name": ["u"]}, geometry=[box(0, 0, 1000, 1000)], crs=4549)
    >>> parks = gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 420)], crs=4549)
    >>> row = green.compare_with_plan(green.green_coverage(unit, parks),
    ...                               data_date="2025-06", data_source="survey")
    >>> float(row["measured_pct"].iloc[0]), bool(row["meets_target"].iloc[0])
    (42.0, True)
    >>> osm = green.green_coverage(unit, parks.assign(source="OpenStreetMap"))
    >>> row = green.compare_with_plan(osm, data_date="2026-05", data_source="OpenStreetMap")
    >>> row["comparison"].iloc[0]
    'indicative: mapped green share vs 绿化覆盖率 target; not comparable'
    """
    import pandas as pd

    from ..plan import INDICATORS

    kind = indicator_of(measured)
    for col in (kind.area_column, "base_m2"):
        if col not in measured.columns:
            raise InputError(
                f"measured must be a green_coverage() result with {col!r}; columns: "
                f"{list(measured.columns)}."
            )
    if len(measured) == 0 or not (measured["base_m2"] > 0).any():
        raise InputError(
            "measured has no unit with a base area; run green.green_coverage on non-empty units."
        )
    if hasattr(measured, "geometry") and len(measured) > 1:
        from ..crs import to_analysis_crs

        geoms = to_analysis_crs(measured, "measured").geometry
        twice = float(geoms.area.sum() - geoms.union_all().area)
        if twice > 1e-6 * float(geoms.area.sum()):
            raise InputError(
                f"the units overlap ({twice / 1e6:.2f} km² lies in more than one unit), so "
                "summing them would count that land twice. Measure non-overlapping units -- "
                "the district, a grid, or the zones dissolved (units.dissolve()) -- for the "
                "plan's district-wide ratio."
            )
    ind: dict[str, Any] = next(i for i in INDICATORS if i["indicator_id"] == "green_coverage_ratio")
    ratio = overall_ratio(measured) * 100  # over the observed part (NaN where none is)
    target = float(ind["target"])
    return pd.DataFrame(
        [
            {
                "indicator": kind.name_zh if not kind.comparable else ind["name_zh"],
                "target_indicator": ind["name_zh"],
                "measured_pct": ratio,
                "baseline_pct": float(ind["baseline"]),
                "baseline_year": int(ind["baseline_year"]),
                "target_pct": target,
                "target_year": int(ind["target_year"]),
                "comparable": kind.comparable,
                "comparison": "like for like: 绿化覆盖率 vs 绿化覆盖率 target"
                if kind.comparable
                else INDICATIVE,
                "gap_to_target_pct": ratio - target if kind.comparable else math.nan,
                "meets_target": bool(ratio >= target) if kind.comparable else None,
                "base": ";".join(sorted(set(measured.get("base", ["?"])))),
                "base_note": "the plan's figure is for the built-up area (城区); measure with "
                "base=<built-up polygons> for a like-for-like comparison",
                "data_date": data_date,
                "data_source": data_source,
                "plan_citation": ind["citation"],
            }
        ]
    )
