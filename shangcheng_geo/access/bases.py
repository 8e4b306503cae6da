"""The base an areal measure divides by: the whole unit, or its land (the unit minus water).

One rule for every analysis (station coverage, siting, green coverage): ``base='unit'`` is
the unit itself; ``base='land'`` is the unit minus the water layer (default the embedded
Qiantang River, GSHHG full resolution, accurate to tens of metres); a GeoDataFrame of
polygons is a mask, e.g. the built-up area (城区) that the plan's green figure refers to:
the unit within the mask. Coverage by weights
(``base='weights'``) divides by a sum of weights instead and has no geometry here.

**The default, stated once.** A share of what lies *within reach* (station coverage, park
service coverage, gaps, siting) defaults to ``'land'``: nobody lives on the river, and
counting it would lower every district on the Qiantang. A share of what a unit *contains*
(绿化覆盖率, :func:`shangcheng_geo.green.green_coverage`) defaults to ``'unit'``, because
the standard (GB/T 50563-2010) defines it over the whole area; pass ``base=`` the built-up
area (城区) for the plan's figure.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["BASES", "base_geometries", "cut_bases"]

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
    from ..crs import to_analysis_crs

    return cut_bases(to_analysis_crs(units, "units"), base=base, water=water)


def cut_bases(units_m: gpd.GeoDataFrame, *, base: Any = "land", water: Any = None) -> Any:
    """:func:`base_geometries` for units already in the analysis CRS (not checked again).

    Parameters
    ----------
    units_m : GeoDataFrame
        Polygons in the analysis CRS.
    base : {'land', 'unit'} or GeoDataFrame, default 'land'
        The unit minus water, the whole unit, or the unit within a mask layer.
    water : GeoDataFrame, optional
        Water for ``'land'``; default the embedded Qiantang layer.

    Returns
    -------
    ndarray of shapely geometries
        One base per unit, in the analysis CRS.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo.access import bases
    >>> sq = gpd.GeoDataFrame(geometry=[box(0, 0, 100, 100)], crs=4549)
    >>> float(bases.cut_bases(sq, base="unit")[0].area)
    10000.0
    """
    import geopandas as gpd
    import shapely

    from .._validate import require_geodataframe, require_polygons
    from ..crs import to_analysis_crs

    geoms = np.asarray(units_m.geometry.values)
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
    if water is None:
        cut = _embedded_water(units_m.crs.to_wkt())
    else:
        require_geodataframe(water, "water")
        cut = to_analysis_crs(water, "water").geometry.union_all()
    return shapely.difference(geoms, cut)


@lru_cache(maxsize=4)
def _embedded_water(crs_wkt: str) -> Any:
    """The embedded water layer, dissolved, in the analysis CRS: projected once per CRS
    (shapely geometries are immutable, so sharing it is safe)."""
    from .. import datasets

    return datasets.in_analysis_crs("water").geometry.union_all()
