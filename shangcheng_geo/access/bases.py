"""The base an areal measure divides by: the whole unit, or its land (the unit minus water).

One rule for every analysis (station coverage, siting, green coverage): ``base='unit'`` is
the unit itself; ``base='land'`` is the unit minus the water layer (default the embedded
Qiantang River, GSHHG full resolution, accurate to tens of metres); a GeoDataFrame of
polygons is a mask, e.g. the built-up area (城区) that the plan's green figure refers to:
the unit within the mask. Coverage by weights
(``base='weights'``) divides by a sum of weights instead and has no geometry here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["BASES", "base_geometries"]

#: the bases of an areal measure; 'weights' divides by a sum of weights, not by an area
BASES = ("unit", "land", "weights")


def base_geometries(units: gpd.GeoDataFrame, *, base: str = "land", water: Any = None) -> Any:
    """Each unit's base as an array of geometries in the analysis CRS: the one rule for bases.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    base : {'land', 'unit'} or GeoDataFrame, default 'land'
        ``'unit'``: the unit itself; ``'land'``: the unit minus the water layer; polygons:
        the unit within them (a built-up mask).
    water : GeoDataFrame, optional
        Water polygons; default the embedded Qiantang layer (GSHHG).

    Returns
    -------
    ndarray of shapely geometries
        Aligned to ``units``.

    Examples
    --------
    >>> from shangcheng_geo import bases, datasets
    >>> land = bases.base_geometries(datasets.district())
    >>> round(float(land[0].area) / 1e6)
    108
    """
    import geopandas as gpd
    import shapely

    from .. import datasets
    from .._validate import require_geodataframe, require_polygons
    from ..crs import to_analysis_crs

    geoms = np.asarray(to_analysis_crs(units, "units").geometry.values)
    if isinstance(base, gpd.GeoDataFrame):
        require_polygons(base, "base mask")
        mask = to_analysis_crs(base, "base mask").geometry.union_all()
        return shapely.intersection(geoms, mask)
    if not isinstance(base, str) or base not in ("land", "unit"):
        raise InputError(
            f"base must be 'unit', 'land' or a GeoDataFrame of polygons (e.g. the built-up "
            f"area); received {base!r}."
        )
    if base != "land":
        return geoms
    layer = datasets.water() if water is None else water
    require_geodataframe(layer, "water")
    cut = to_analysis_crs(layer, "water").geometry.union_all()
    return shapely.difference(geoms, cut)
