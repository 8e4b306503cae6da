"""The checks every layer passes at the library's door: a GeoDataFrame or GeoSeries, with a CRS,
with coordinates that are plausible for that CRS.

:func:`require_crs` is public as :func:`shangcheng_geo.crs.require_crs`; the other checks are
the crs modules' own.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> from shangcheng_geo._crs_guards import is_lonlat, require_crs
>>> require_crs(gpd.GeoDataFrame(geometry=[Point(120.2, 30.3)], crs=4326)).to_epsg()
4326
>>> is_lonlat("EPSG:4549")
False
"""

from __future__ import annotations

from typing import Any

from ._errors import CRSError, InputError
from ._plausible import require_lonlat_range, require_projected_range

__all__ = ["is_lonlat", "require_crs", "require_geoframe"]


def require_geoframe(gdf: Any, what: str) -> None:
    import geopandas as gpd

    if not isinstance(gdf, gpd.GeoDataFrame | gpd.GeoSeries):
        raise InputError(
            f"{what} must be a GeoDataFrame or GeoSeries; received {type(gdf).__name__}. "
            "Build one with geopandas.GeoDataFrame(df, geometry=..., crs='EPSG:4326')."
        )


def require_crs(gdf: Any, what: str = "layer") -> Any:
    """Return a layer's CRS, refusing a layer that has none or whose coordinates cannot be in it.

    The check every function of the library runs on a layer it is given; call it first in a
    pipeline to refuse a bad layer before a long run. Refused, with the fix named: something
    that is not a GeoDataFrame or GeoSeries, a layer without a CRS, lon/lat that cannot be
    degrees (metres labelled EPSG:4326, latitude and longitude swapped), and projected
    coordinates beyond any projection of the Earth or written with the Gauss-Krüger zone
    number in front of a CRS without it. An empty layer passes with its CRS.

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries
        The layer.
    what : str, default 'layer'
        Its name in error messages.

    Returns
    -------
    pyproj.CRS
        The layer's CRS.

    Raises
    ------
    CRSError
        Without a CRS, or with coordinates that cannot be in it.
    InputError
        When ``gdf`` is not a GeoDataFrame or GeoSeries.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo.crs import require_crs
    >>> require_crs(gpd.GeoDataFrame(geometry=[Point(120.2, 30.3)], crs=4326)).to_epsg()
    4326
    >>> require_crs(gpd.GeoDataFrame(geometry=[Point(120.2, 30.3)]), "stations")
    Traceback (most recent call last):
    ...
    shangcheng_geo._errors.CRSError: stations has no CRS, so its coordinates cannot be ...
    """
    require_geoframe(gdf, what)
    if gdf.crs is None:
        raise CRSError(
            f"{what} has no CRS, so its coordinates cannot be interpreted. If they are WGS84 "
            "lon/lat call .set_crs('EPSG:4326'); if they come from Amap/Tencent (GCJ-02) or Baidu "
            "(BD-09) use shangcheng_geo.crs.from_datum(layer, 'gcj02'); if they are projected, "
            "set their EPSG code with .set_crs(...) and the library will .to_crs() as needed."
        )
    if gdf.crs.is_geographic and len(gdf):
        require_lonlat_range(gdf, what)
    elif gdf.crs.is_projected and len(gdf):
        require_projected_range(gdf, what)
    return gdf.crs


def is_lonlat(crs: Any) -> bool:
    from pyproj import CRS

    return bool(CRS.from_user_input(crs).is_geographic)
