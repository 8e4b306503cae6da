"""Greenway service coverage (绿道服务半径覆盖率): land within reach of a greenway.

The 城市体检 indicator: the share of a unit's land within ``radius_m`` (default 1 km) of a
greenway, straight line. Greenways are the plan's, as
:func:`shangcheng_geo.plan.greenways.greenways` locates them: indicative lines along the
named canals of the OpenStreetMap extract and the Qiantang's north bank. Unlocated
greenways (the new ones, and those of the east) are left out, so the ratio is a lower bound;
the result names them.

Examples
--------
>>> import warnings
>>> from shangcheng_geo.green import service
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # 5 subdistricts have no boundary: no data
...     cov = service.greenway_coverage()
>>> cov.attrs["greenways"]["n_unlocated"]
8
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._geom import safe_ratio
from .._validate import positive_metres

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["greenway_coverage"]


def greenway_coverage(
    units: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float = 1_000.0,
    base: str = "land",
    greenways: Any = None,
) -> gpd.GeoDataFrame:
    """The share of each unit's base within ``radius_m`` of a located greenway.

    Parameters
    ----------
    units : GeoDataFrame, optional
        Polygons in any CRS; default the 14 subdistricts (the 5 without a boundary give no
        data).
    radius_m : float, default 1000
        The service radius, in metres.
    base : {'land', 'unit'}, default 'land'
        What counts (a share of what is within reach: land, see
        :mod:`shangcheng_geo.access.bases`).
    greenways : GeoDataFrame, optional
        Greenway lines in any CRS; default the plan's, as located.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``base_m2``, ``covered_m2`` and ``coverage_ratio`` (NaN
        without a boundary); ``attrs["greenways"]`` names the greenways used and those left
        out (unlocated).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import LineString, box
    >>> from shangcheng_geo.green import service
    >>> unit = gpd.GeoDataFrame(geometry=[box(520_000, 3_350_000, 524_000, 3_351_000)], crs=4549)
    >>> way = gpd.GeoDataFrame(geometry=[LineString([(520_000, 3_350_000), (524_000,
    ...                                                3_350_000)])], crs=4549)
    >>> cov = service.greenway_coverage(unit, radius_m=500, base="unit", greenways=way)
    >>> round(float(cov["coverage_ratio"].iloc[0]), 3)  # a 500 m band along one edge
    0.5
    """
    import shapely

    from .. import datasets
    from ..access import Units
    from ..crs import to_analysis_crs
    from ..plan.greenways import greenways as plan_greenways

    r = positive_metres(radius_m, "radius_m")
    if units is None:
        units = datasets.subdistricts(geometry=True)
    prepared = Units(units)
    lines = plan_greenways() if greenways is None else greenways
    located = lines[~lines.is_empty]
    reach = to_analysis_crs(located, "greenways").buffer(r, quad_segs=64).union_all()
    bases = prepared.bases(base, None)
    area = shapely.area(bases)
    covered = shapely.area(shapely.intersection(bases, reach))
    out = prepared.source.copy()
    out["base_m2"] = area
    out["covered_m2"] = np.where(area > 0, covered, np.nan)
    out["coverage_ratio"] = np.clip(safe_ratio(covered, area), 0, 1)
    names = lines["name_zh"] if "name_zh" in lines.columns else lines.index.to_series()
    out.attrs["greenways"] = {
        "radius_m": r,
        "used": list(map(str, names[~lines.is_empty])),
        "unlocated": list(map(str, names[lines.is_empty])),
        "n_unlocated": int(lines.is_empty.sum()),
        "note": "unlocated greenways are left out: the ratio is a lower bound",
    }
    out.attrs["provenance"] = lines.attrs.get("provenance", {})
    return out
