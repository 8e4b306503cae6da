"""Datum shifts of layers: a GCJ-02 / BD-09 layer into true WGS84, and back for display.

:func:`from_datum` and :func:`to_datum` are public as ``shangcheng_geo.crs.<name>``;
:func:`input_in_wgs84` is the package's own step at the door of functions that take a
``datum=`` argument.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> from shangcheng_geo.crs import from_datum, to_datum
>>> wgs = gpd.GeoDataFrame(geometry=[Point(120.2084, 30.2933)], crs=4326)
>>> back = from_datum(to_datum(wgs, "bd09"), "bd09")
>>> round(float(back.geometry.x.iloc[0]), 7), round(float(back.geometry.y.iloc[0]), 7)
(120.2084, 30.2933)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._crs_guards import is_lonlat, require_crs, require_geoframe
from ._crs_points import convert_datum, normalize_datum
from ._datums import FloatArray
from ._errors import DatumError
from ._plausible import require_lonlat_range

__all__ = ["from_datum", "input_in_wgs84", "to_datum"]


def _transform_geometries(gdf: Any, src: str, dst: str) -> Any:
    import shapely

    def fn(coords: FloatArray) -> FloatArray:
        if len(coords) == 0:
            return coords
        x, y = convert_datum(coords[:, 0], coords[:, 1], from_datum=src, to_datum=dst)
        return np.column_stack([x, y, *coords[:, 2:].T])  # heights kept: the shift is horizontal

    out = gdf.copy()
    geoms = np.asarray(out.geometry.values)
    has_z = shapely.has_z(geoms)
    new = geoms.copy()
    if (~has_z).any():
        new[~has_z] = shapely.transform(geoms[~has_z], fn)
    if has_z.any():
        new[has_z] = shapely.transform(geoms[has_z], fn, include_z=True)
    if hasattr(out, "set_geometry"):
        out[out.geometry.name] = new
        out = out.set_crs("EPSG:4326", allow_override=True)
    else:
        import geopandas as gpd

        out = gpd.GeoSeries(new, index=gdf.index, crs="EPSG:4326", name=gdf.name)
    return out


def from_datum(gdf: Any, datum: str) -> Any:
    """Convert a layer whose lon/lat are in ``datum`` to a true WGS84 (EPSG:4326) layer.

    Use this for data copied from Amap/Gaode or Tencent (``'gcj02'``) or Baidu (``'bd09'``):
    such files usually carry no CRS or a wrong ``EPSG:4326`` label. Any geometry type is
    handled; attributes and the index are kept; the input is not modified.

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries
        Geometries in lon/lat degrees of ``datum``. A CRS, if set, must be geographic.
    datum : {'gcj02', 'bd09', 'wgs84'}
        The datum the coordinates really are in.

    Returns
    -------
    GeoDataFrame or GeoSeries in EPSG:4326 (WGS84).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> amap = gpd.GeoDataFrame({"name": ["东站"]}, geometry=[Point(120.21294, 30.29088)])
    >>> wgs = from_datum(amap, "gcj02")
    >>> pt = wgs.geometry.iloc[0]
    >>> wgs.crs.to_epsg(), round(pt.x, 4), round(pt.y, 4)
    (4326, 120.2084, 30.2933)
    """
    require_geoframe(gdf, "layer")
    src = normalize_datum(datum)
    if gdf.crs is not None and not is_lonlat(gdf.crs):
        raise DatumError(
            f"layer has the projected CRS {gdf.crs.to_string()}, but {src} coordinates are "
            "lon/lat degrees. A layer in a projected CRS is already in a proper datum: use "
            "layer.to_crs('EPSG:4326') instead of from_datum()."
        )
    if len(gdf):
        require_lonlat_range(gdf, f"a {src} layer")
    return _transform_geometries(gdf, src, "wgs84")


def input_in_wgs84(layer: Any, datum: Any) -> Any:
    """A caller's layer in true WGS84: unchanged for ``datum='wgs84'`` (or anything that is
    not a GeoDataFrame, e.g. an access model or None), else :func:`from_datum`.

    Parameters
    ----------
    layer : GeoDataFrame, None or other
        The layer passed in.
    datum : {'wgs84', 'gcj02', 'bd09'}
        The datum its lon/lat really are in.

    Returns
    -------
    GeoDataFrame or the input unchanged

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> amap = gpd.GeoDataFrame(geometry=[Point(120.21294, 30.29088)], crs=4326)
    >>> wgs = input_in_wgs84(amap, "gcj02")
    >>> round(float(wgs.geometry.x.iloc[0]), 4), input_in_wgs84(None, "gcj02")
    (120.2084, None)
    """
    import geopandas as gpd

    if normalize_datum(datum) == "wgs84" or not isinstance(layer, gpd.GeoDataFrame):
        return layer
    return from_datum(layer, datum)


def to_datum(gdf: Any, datum: str) -> Any:
    """Shift a georeferenced layer into ``datum`` lon/lat (e.g. to overlay an Amap basemap).

    The layer is first reprojected to WGS84 (it must have a CRS), then shifted. The result is
    labelled ``EPSG:4326`` because no EPSG code exists for GCJ-02/BD-09 -- that label is only
    correct for ``datum='wgs84'``; ``result.attrs['datum']`` records the true datum. Use such
    output only for display on a map of the same datum, never for measurement.

    Parameters
    ----------
    gdf : GeoDataFrame or GeoSeries
        A layer with a CRS.
    datum : {'wgs84', 'gcj02', 'bd09'}
        The datum to shift into.

    Returns
    -------
    GeoDataFrame or GeoSeries
        Lon/lat in ``datum``; ``attrs['datum']`` names it.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> wgs = gpd.GeoDataFrame(geometry=[Point(120.2084, 30.2933)], crs="EPSG:4326")
    >>> gcj = to_datum(wgs, "gcj02")
    >>> gcj.attrs["datum"], round(float(gcj.geometry.x.iloc[0]), 5)
    ('gcj02', 120.21294)
    """
    require_crs(gdf)
    dst = normalize_datum(datum)
    wgs = gdf.to_crs("EPSG:4326")
    out = _transform_geometries(wgs, "wgs84", dst)
    out.attrs["datum"] = dst
    return out
