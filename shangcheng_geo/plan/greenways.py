"""The 14th plan's greenways (绿道) as indicative alignments.

The plan lists greenways to upgrade (提升类: along the Qiantang, the Grand Canal, 新开河,
新塘河, 贴沙河, 上塘河, 白石港) and to build (新建类: along roads and new parks). None has an
open alignment. Where the greenway follows a named waterway that the OpenStreetMap extract of
western Shangcheng shows, the waterway's line inside the district stands for it (``status``
"indicative: along the named canal"); the Qiantang greenway follows the north bank. The
others stay in the layer with an empty geometry and the reason.

Examples
--------
>>> from shangcheng_geo.plan import greenways
>>> g = greenways.greenways()
>>> int((~g.is_empty).sum()), len(g)
(5, 13)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._provenance import OSM_ATTRIBUTION, OSM_LICENCE, provenance
from . import _plan_data

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["greenways", "new_parks"]


def greenways() -> gpd.GeoDataFrame:
    """The plan's greenways: indicative lines where a named waterway locates them.

    Returns
    -------
    GeoDataFrame
        One row per greenway: ``name_zh``, ``kind`` (提升类 / 新建类), ``along``, ``status``,
        ``citation``, ``source``, ``licence``, ``confidence`` and the line (empty where
        unlocated), EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo.plan import greenways
    >>> g = greenways.greenways().set_index("name_zh")
    >>> g.loc["贴沙河绿道", "status"]
    'indicative: along the named canal (OSM centre line)'
    """
    import geopandas as gpd
    import shapely

    from .. import datasets
    from .riverfront import north_bank

    district_m = datasets.in_analysis_crs("district")
    district, crs = district_m.geometry.iloc[0], district_m.crs
    water = datasets.waterways().to_crs(crs)
    bank = north_bank().to_crs(crs).geometry.iloc[0]
    rows = []
    for g in _plan_data.GREENWAYS:
        along = g["along"]
        row = dict(g)
        if along == "north_bank":
            geom = bank
            row |= {
                "status": "indicative: along the north bank (GSHHG shoreline)",
                "source": "GSHHG 2.3 shoreline clipped to the district",
                "licence": "LGPL-3.0, GSHHG",
                "confidence": "medium",
            }
        elif (
            along is not None
            and (water["name"] == along).any()
            and not (
                geom := shapely.line_merge(
                    water.loc[water["name"] == along].union_all()
                ).intersection(district)
            ).is_empty
        ):
            row |= {
                "status": "indicative: along the named canal (OSM centre line)",
                "source": "OpenStreetMap extract of western Hangzhou (2026-05-08)",
                "licence": OSM_LICENCE,
                "confidence": "low",
            }
        else:
            geom = shapely.LineString()
            if along is None:
                why = "unlocated: a new greenway with no open alignment"
            elif (water["name"] == along).any():
                why = f"unlocated: the extract shows {along} only outside the district"
            else:
                why = f"unlocated: {along} is not in the OpenStreetMap extract (the east)"
            row |= {"status": why, "source": "planning documents", "licence": "facts",
                    "confidence": "unlocated"}  # fmt: skip
        if geom.is_empty:
            geom = shapely.LineString()
        rows.append({**row, "geometry": geom})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs).to_crs("EPSG:4326")
    out.attrs["provenance"] = provenance(
        "greenways",
        source="14th plan (names); OSM waterway centre lines and the GSHHG bank (alignments)",
        licence=f"facts; {OSM_LICENCE}; LGPL-3.0 (GSHHG)",
        attribution=f"{OSM_ATTRIBUTION} (2026-05-08); indicative alignments, not official",
        status="indicative",
    )
    return out


def new_parks() -> gpd.GeoDataFrame:
    """The parks the 14th plan builds (御道东公园, 水墩公园, 丁桥中央水景公园, 江河汇中央区块公园).

    Each is looked up by name in the OpenStreetMap green space and facilities of western
    Shangcheng; a park OSM does not name stays in the layer, unlocated, with the reason.

    Returns
    -------
    GeoDataFrame
        ``name_zh``, ``citation``, ``status``, ``osm_id`` and the polygon (empty where
        unlocated), EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo.plan import greenways
    >>> p = greenways.new_parks()
    >>> len(p), sorted(set(p["status"]))[0][:9]
    (4, 'unlocated')
    """
    import geopandas as gpd
    import shapely

    from .. import datasets

    mapped = datasets.green_space()
    rows = []
    for park in _plan_data.NEW_PARKS:
        hit = mapped[mapped["name"] == park["name_zh"]]
        if len(hit):
            geom, osm_id = hit.union_all(), int(hit["osm_id"].iloc[0])
            status = "located: the park as OpenStreetMap maps it (2026-05-08)"
        else:
            geom, osm_id = shapely.Polygon(), None
            status = "unlocated: not named in the OpenStreetMap extract of western Shangcheng"
        rows.append({**park, "status": status, "osm_id": osm_id, "geometry": geom})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    out.attrs["provenance"] = provenance(
        "new_parks",
        source="14th plan (names); OpenStreetMap green space (where named)",
        licence=f"facts; {OSM_LICENCE}",
        attribution=f"{OSM_ATTRIBUTION} (2026-05-08)",
    )
    return out
