"""Service-radius coverage: the land within reach of a park or of a greenway.

* **公园绿地服务半径覆盖率** (:func:`park_service_coverage`): parks serve a radius set by their
  size (GB/T 50563-2010: >= 5,000 m² serve 500 m, 2,000-5,000 m² serve 300 m), measured from
  the park's edge; the share of each unit's land (or residential land) inside those areas.
* **绿道服务半径覆盖率** (:func:`greenway_coverage`), the 城市体检 indicator: the share of a
  unit's land within ``radius_m`` (default 1 km) of a greenway, straight line. Greenways
  are the plan's, as :func:`shangcheng_geo.plan.greenways.greenways` locates them:
  indicative lines along the named canals of the OpenStreetMap extract and the Qiantang's
  north bank. Unlocated greenways (the new ones, and those of the east) are left out, so
  the ratio is a lower bound; the result names them.

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

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError
from .._geom import circles, safe_ratio
from .._validate import positive_metres, require_geodataframe, require_polygons
from ._cover import _base_geometries

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["greenway_coverage", "park_service_coverage"]


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


def park_service_coverage(
    units: gpd.GeoDataFrame,
    parks: gpd.GeoDataFrame,
    *,
    tiers: Sequence[tuple[float, float]] = ((5000.0, 500.0), (2000.0, 300.0)),
    base: Any = "land",
    residential: gpd.GeoDataFrame | None = None,
    water: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Park service-radius coverage (公园绿地服务半径覆盖率) per unit.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    parks : GeoDataFrame
        Park polygons.
    tiers : sequence of (min_park_area_m2, radius_m)
        A park serves the radius of the largest tier whose minimum area it reaches; parks
        below every tier serve nothing. Default: >= 5,000 m² serve 500 m, >= 2,000 m² 300 m.
        Service areas are measured from the park's edge.
    residential : GeoDataFrame, optional
        Residential land: the base becomes the unit's residential land.
    base : 'unit', 'land' or GeoDataFrame, default 'land'
        As in :func:`green_coverage`.
    water : GeoDataFrame, optional
        Water for ``base='land'``.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``served_m2``, ``base_m2``, ``service_ratio``, ``base`` and
        ``n_parks_serving``: per unit, the parks whose service area reaches into that unit's
        base (its land, or its residential land; a service area that only touches the base's
        edge does not count). Units without a boundary (empty geometry) are kept, named in a
        warning, with no data: ``served_m2``, ``service_ratio`` NaN and ``n_parks_serving``
        <NA>. ``attrs["green"]`` names the indicator, the tiers and the number of parks in
        the layer large enough to serve anywhere.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import green
    >>> unit = gpd.GeoDataFrame({"name": ["u"]}, geometry=[box(0, 0, 1000, 1000)], crs=4549)
    >>> park = gpd.GeoDataFrame(geometry=[box(0, 0, 100, 1000)], crs=4549)  # 10 ha
    >>> r = green.park_service_coverage(unit, park, base="unit")
    >>> float(r["service_ratio"].iloc[0])  # a 500 m band east of the park's edge, plus the park
    0.6
    >>> int(r["n_parks_serving"].iloc[0])
    1
    """
    import pandas as pd
    import shapely

    from ..access import Units
    from ..crs import to_analysis_crs

    prepared = Units(units)  # units without a boundary pass, named: their rows are no data
    require_geodataframe(parks, "parks")
    require_polygons(parks, "parks")
    rules = _tiers(tiers)
    parks_m = to_analysis_crs(parks, "parks")
    areas = parks_m.area.to_numpy()
    radius = np.zeros(len(parks_m))
    for min_area, r in reversed(rules):
        radius[areas >= min_area] = r
    serving = radius > 0
    reach = circles(parks_m.geometry.values[serving], radius[serving])
    service = shapely.union_all(reach) if serving.any() else shapely.Polygon()
    if residential is not None:
        bases, name = _base_geometries(prepared.metric, residential, water)
        name = "residential"
    else:
        bases, name = _base_geometries(prepared.metric, base, water)
    bases = np.asarray(bases)
    base_area = shapely.area(bases)
    served = shapely.area(shapely.intersection(bases, service))
    no_boundary = prepared.source.geometry.is_empty.to_numpy()
    counts = pd.array(_parks_reaching(bases, reach), dtype="Int64")
    counts[no_boundary] = pd.NA
    out = prepared.source.copy()
    out["served_m2"] = np.where(no_boundary, np.nan, served)
    out["base_m2"] = base_area
    out["service_ratio"] = np.clip(safe_ratio(served, base_area), 0.0, 1.0)  # float noise
    out["base"] = name
    out["n_parks_serving"] = counts
    out.attrs["green"] = {
        "indicator": "公园绿地服务半径覆盖率 (park service-radius coverage, GB/T 50563-2010)",
        "base": name,
        "tiers": [{"min_park_area_m2": a, "radius_m": r} for a, r in rules],
        "n_parks_serving": "per unit: the parks whose service area reaches into its base",
        "n_parks_large_enough": int(serving.sum()),
    }
    return out


def _parks_reaching(bases: Any, reach: Any) -> Any:
    """For each base, how many of the service areas ``reach`` overlap it (interiors meet)."""
    import shapely

    if len(reach) == 0:
        return np.zeros(len(bases), dtype=np.int64)
    pairs = shapely.STRtree(reach).query(bases, predicate="intersects")
    inside = shapely.relate_pattern(bases[pairs[0]], reach[pairs[1]], "T********")
    return np.bincount(pairs[0][inside], minlength=len(bases))


def _tiers(tiers: Any) -> list[tuple[float, float]]:
    """(min_area_m2, radius_m) pairs, largest area first; anything else is refused."""
    bad = InputError(
        "tiers must be a list of (min_park_area_m2 >= 0, radius_m > 0) pairs of finite "
        f"numbers, e.g. [(5000, 500), (2000, 300)]; received {tiers!r}."
    )
    try:
        rules = []
        for tier in tiers:
            a, r = tier
            if isinstance(a, bool) or isinstance(r, bool):
                raise bad
            rules.append((float(a), float(r)))
    except (TypeError, ValueError):
        raise bad from None
    if not rules or any(
        not (math.isfinite(a) and math.isfinite(r)) or r <= 0 or a < 0 for a, r in rules
    ):
        raise bad
    return sorted(rules, reverse=True)
