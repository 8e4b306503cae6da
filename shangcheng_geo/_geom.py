"""Geometry rules shared by every analysis: circles, the nearby filter, ratios, inputs.

One rule per idea, at the bottom of the package (no imports from other modules of it).

**Circles.** A straight-line catchment or anchor circle of radius r is a 256-sided polygon
(shapely ``quad_segs=64``) inscribed in the true circle: its area is ``r² · 128 · sin(2π/256)``,
0.0100 % below ``π r²``.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np

__all__ = [
    "CIRCLE_AREA_ERROR",
    "QUAD_SEGS",
    "circles",
    "is_raster",
    "near_box",
    "point_xy",
    "safe_ratio",
]

QUAD_SEGS = 64
#: relative area shortfall of a :data:`QUAD_SEGS` circle polygon against pi r^2
CIRCLE_AREA_ERROR = 1.0 - 4 * QUAD_SEGS * np.sin(2 * np.pi / (4 * QUAD_SEGS)) / (2 * np.pi)

_RASTER_SUFFIXES = (".tif", ".tiff", ".vrt", ".img", ".nc", ".asc", ".jp2")


def circles(points: Any, radius: Any) -> Any:
    """Circle polygons (array) of ``radius`` metres around shapely points in a metric CRS."""
    import shapely

    return shapely.buffer(np.asarray(points), radius, quad_segs=QUAD_SEGS)


def near_box(xy: Any, bounds: Any, reach: float) -> Any:
    """Boolean mask of points (array (n, 2)) within ``reach`` of a bounding box's sides."""
    minx, miny, maxx, maxy = bounds
    x, y = xy[:, 0], xy[:, 1]
    return (x >= minx - reach) & (x <= maxx + reach) & (y >= miny - reach) & (y <= maxy + reach)


def safe_ratio(num: Any, den: Any) -> Any:
    """``num / den`` as floats, NaN where the denominator is not positive."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=den > 0)


def is_raster(obj: Any) -> bool:
    """Whether an input is a raster: an open rasterio dataset, or a path to a raster file.

    The one rule the library uses: a path counts by its suffix (GeoTIFF, VRT, ERDAS IMG,
    NetCDF, ASCII grid, JPEG 2000); vector files (GeoPackage, GeoJSON, Shapefile...) do not.
    """
    if isinstance(obj, str | os.PathLike):
        return str(obj).lower().endswith(_RASTER_SUFFIXES)
    return hasattr(obj, "read") and hasattr(obj, "transform") and hasattr(obj, "crs")


def point_xy(geoms: Any, src: Any, dst: Any) -> Any:
    """Coordinates (n, 2) of geometries in ``dst``: points as they are, other geometries by a
    point on their surface; transformed as arrays with pyproj (no new geometries, no copy of
    the layer). Empty geometries and NaN or infinite coordinates are refused."""
    import shapely

    from ._errors import InputError

    geoms = np.asarray(geoms)
    if not (shapely.get_type_id(geoms) == 0).all():  # 0: Point
        geoms = shapely.point_on_surface(geoms)
    xy = shapely.get_coordinates(geoms)
    if len(xy) != len(geoms):
        raise InputError("points must be non-empty geometries; drop the empty rows first.")
    if src != dst:
        from pyproj import Transformer

        tf = Transformer.from_crs(src, dst, always_xy=True)
        xy = np.column_stack(tf.transform(xy[:, 0], xy[:, 1]))
    if not np.isfinite(xy).all():
        raise InputError("points have NaN or infinite coordinates; drop or fix those rows.")
    return xy
