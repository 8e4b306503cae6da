"""Analysis units made to measure: square grids and H3 cells that tile an extent exactly.

The district (:func:`shangcheng_geo.datasets.district`), plan zones
(:func:`shangcheng_geo.plan.structure`) and the riverfront corridor are units too; the command
line names them all in one short syntax (``--units zones:14th``).

Examples
--------
>>> from shangcheng_geo import units
>>> g = units.grid(size_m=1000)
>>> g.crs.to_epsg(), bool(g["area_m2"].max() <= 1e6 + 1e-6)
(4326, True)
>>> round(float(g["area_m2"].sum()) / 1e6, 1)   # clipped cells tile the district exactly
120.4
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ._errors import InputError, MissingDependencyError, renamed
from ._validate import positive_metres, require_geodataframe, require_polygons

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["grid", "h3_cells"]


def _extent(extent: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame:
    from . import datasets

    if extent is None:
        return datasets.district()
    require_geodataframe(extent, "extent")
    require_polygons(extent, "extent")
    return extent


def grid(
    extent: gpd.GeoDataFrame | None = None,
    *,
    size_m: float = 500,
    clip: bool = True,
    cell_m: float | None = None,
) -> gpd.GeoDataFrame:
    """Square cells of ``size_m`` metres covering ``extent`` (default: the district).

    Cells are aligned to multiples of ``size_m`` in the analysis CRS, so grids of the same
    size line up across runs. Only cells that touch the extent are kept; with ``clip=True``
    they are cut to it. Columns: ``cell_id`` (``"r<row>c<col>"``), ``row``, ``col``,
    ``area_m2``; EPSG:4326.

    Parameters
    ----------
    extent : GeoDataFrame, optional
        Polygons to cover; default the district.
    size_m : float, default 500
        Side of each square unit in metres (not the access model's ``cell_m``, the side of
        the sample cells that measure walking coverage).
    clip : bool, default True
        Cut cells to the extent.
    cell_m : float, optional
        Deprecated: the old name of ``size_m`` (warns).

    Returns
    -------
    GeoDataFrame
        The cells.

    Examples
    --------
    >>> from shangcheng_geo import units
    >>> g = units.grid(size_m=1000)
    >>> round(float(g["area_m2"].sum()) / 1e6, 1)  # clipped cells tile the district
    120.4
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    from .crs import to_analysis_crs

    size = positive_metres(renamed("cell_m", "size_m", cell_m, size_m, 500), "size_m")
    area = to_analysis_crs(_extent(extent), "extent")
    shape = area.geometry.union_all()
    minx, miny, maxx, maxy = shape.bounds
    c0, c1 = math.floor(minx / size), math.ceil(maxx / size)
    r0, r1 = math.floor(miny / size), math.ceil(maxy / size)
    n = (c1 - c0) * (r1 - r0)
    if n > 5_000_000:
        raise InputError(
            f"size_m={size:g} gives {n:,} cells over this extent; use larger cells or a smaller "
            "extent."
        )
    col_grid, row_grid = np.meshgrid(np.arange(c0, c1), np.arange(r0, r1))
    cols, rows = col_grid.ravel(), row_grid.ravel()
    boxes = shapely.box(cols * size, rows * size, (cols + 1) * size, (rows + 1) * size)
    shapely.prepare(shape)
    keep = shapely.intersects(shape, boxes)
    boxes, cols, rows = boxes[keep], cols[keep], rows[keep]
    if clip:
        boxes = shapely.intersection(boxes, shape)
        nonempty = ~shapely.is_empty(boxes) & (shapely.area(boxes) > 0)
        boxes, cols, rows = boxes[nonempty], cols[nonempty], rows[nonempty]
    out = gpd.GeoDataFrame(
        {
            "cell_id": [f"r{r}c{c}" for r, c in zip(rows, cols, strict=True)],
            "row": rows,
            "col": cols,
            "area_m2": shapely.area(boxes),
        },
        geometry=boxes,
        crs=area.crs,
    )
    return out.to_crs("EPSG:4326")


MAX_H3_CELLS = 1_000_000  # H3 cells are built one by one: beyond this it takes minutes


def h3_cells(
    extent: gpd.GeoDataFrame | None = None, *, resolution: int = 9, clip: bool = True
) -> gpd.GeoDataFrame:
    """H3 hexagons of ``resolution`` covering ``extent`` (needs the ``h3`` extra).

    Every cell that touches the extent is kept (its centre need not lie inside);
    ``clip=True`` cuts them to the extent. Columns: ``h3``, ``area_m2``; EPSG:4326.

    Parameters
    ----------
    extent : GeoDataFrame, optional
        Polygons to cover; default the district.
    resolution : int, default 9
        H3 resolution.
    clip : bool, default True
        Cut cells to the extent.

    Returns
    -------
    GeoDataFrame
        The hexagons.

    Examples
    --------
    >>> from shangcheng_geo import units
    >>> h = units.h3_cells(resolution=7)
    >>> round(float(h["area_m2"].sum()) / 1e6, 1)  # clipped cells tile the district
    120.4
    """
    import geopandas as gpd
    import shapely

    from .crs import to_analysis_crs

    try:
        import h3
    except ImportError:
        raise MissingDependencyError(
            "H3 cells need the h3 package: pip install 'shangcheng_geo[h3]'."
        ) from None
    if isinstance(resolution, bool) or not isinstance(resolution, int) or not 0 <= resolution <= 15:
        raise InputError(f"resolution must be an integer from 0 to 15; received {resolution!r}.")
    ext = _extent(extent)
    n = to_analysis_crs(ext, "extent").area.sum() / h3.average_hexagon_area(resolution, unit="m^2")
    if n > MAX_H3_CELLS:
        raise InputError(
            f"resolution={resolution} gives about {n:,.0f} H3 cells over this extent (more than "
            f"{MAX_H3_CELLS:,}); use a coarser resolution (e.g. {max(0, resolution - 2)}) or a "
            "smaller extent."
        )
    area = ext.to_crs("EPSG:4326")
    shape = area.geometry.union_all()
    # every cell that overlaps the shape (centre inside or not); a cell's centre and its
    # neighbours miss thin parts narrower than a cell, such as a strip along the river
    found: set[str] = set()
    for poly in getattr(shape, "geoms", [shape]):
        found |= set(
            h3.h3shape_to_cells_experimental(h3.geo_to_h3shape(poly), resolution, contain="overlap")
        )
    cells = sorted(found)
    polys = [shapely.Polygon([(lng, lat) for lat, lng in h3.cell_to_boundary(c)]) for c in cells]
    gdf = gpd.GeoDataFrame({"h3": cells}, geometry=polys, crs="EPSG:4326")
    gdf = gdf[gdf.intersects(shape)]
    if clip:
        gdf = gdf.set_geometry(gdf.intersection(shape))
        gdf = gdf[~gdf.is_empty]
    gdf = gdf.reset_index(drop=True)
    gdf["area_m2"] = to_analysis_crs(gdf).area.to_numpy()
    return gdf
