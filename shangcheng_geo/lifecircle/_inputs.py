"""The door of the life-circle measures: facilities checked once, the categories to measure,
the rule for data too sparse to measure, and the identifying columns a result keeps.

**Too sparse to measure.** A category with a handful of facilities over a large area (one
community health station for nine subdistricts) says more about the data than about the
place: measured as it is, every unit far from the one station would read 0 %. The rule: the
category's ``n`` facilities, even if their catchments did not overlap, could reach less than
:data:`MIN_REACH_SHARE` (a fifth) of the area measured -- ``n * pi * d**2 < 0.2 * A`` with
``d`` the category's distance and ``A`` the area of the units (or, for places, of their
convex hull grown by ``d``). The data then lacks most of the facilities the standard implies
for the area (OSM under-maps community health stations, elderly care and nurseries in
China). Such a category is named in a warning and in ``attrs["lifecircle"]["sparse"]``; its
shares and counts are NaN (no data) and a place is *within* it only where a facility is
actually reached (elsewhere: unknown, ``<NA>``). The rule is relative to the area because a
count alone cannot tell one kindergarten for a 1 km² estate (a real measurement) from one
health station for a district; ``min_reach_share=0`` turns it off.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError, warn
from .._validate import require_points
from .standards import distances as standard_distances

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "MIN_REACH_SHARE",
    "check_reach_share",
    "facilities",
    "identifying",
    "places_area_m2",
    "report",
    "sparse_categories",
    "wanted",
]

#: below this share of the area reachable by all of a category's facilities, the category
#: is too sparse to measure (see the module notes)
MIN_REACH_SHARE = 0.2


def facilities(pois: Any) -> gpd.GeoDataFrame:
    """``pois`` checked: a GeoDataFrame of points with a CRS and a ``category`` column."""
    import geopandas as gpd

    from ..crs import require_crs

    if not isinstance(pois, gpd.GeoDataFrame):
        raise InputError(
            f"pois must be a GeoDataFrame of facility points; received {type(pois).__name__}."
        )
    if "category" not in pois.columns:
        raise InputError(
            "pois needs a 'category' column (e.g. 'kindergarten', 'primary_school'); it has "
            f"{list(pois.columns)}."
        )
    require_crs(pois, "pois")
    require_points(pois, "pois", "Use their entrances or centroids.")
    return pois


def wanted(
    pois: gpd.GeoDataFrame,
    categories: Sequence[str] | None,
    standard: str,
    fifteen_min_m: float,
    distance_m: Mapping[str, float] | None,
) -> dict[str, float]:
    """The categories to measure and their distances: those asked for, or (``None``) those
    of the standard (and of ``distance_m``) that the data has."""
    table = standard_distances(standard, fifteen_min_m=fifteen_min_m, distance_m=distance_m)
    if categories is None:
        present = set(pois["category"].dropna().astype(str))
        return {c: d for c, d in table.items() if c in present}
    if isinstance(categories, str):
        categories = [categories]
    cats = [str(c) for c in categories]
    unknown = [c for c in cats if c not in table]
    if unknown:
        raise InputError(
            f"no distance for {unknown}: pass distance_m={{{unknown[0]!r}: metres}} or use "
            f"categories among {sorted(table)}."
        )
    return {c: table[c] for c in cats}


def check_reach_share(value: Any) -> float:
    """``min_reach_share`` as a float in [0, 1]."""
    try:
        share = float(value)
    except (TypeError, ValueError):
        share = float("nan")
    if isinstance(value, bool) or not 0.0 <= share <= 1.0:
        raise InputError(
            f"min_reach_share must be a number from 0 to 1 (0 turns the sparse-data check "
            f"off); received {value!r}."
        )
    return share


def sparse_categories(
    counts: Mapping[str, int],
    distance_m: Mapping[str, float],
    area_m2: Any,
    min_reach_share: float,
) -> dict[str, int]:
    """The categories too sparse to measure: ``{category: n facilities}``.

    ``area_m2`` is one area for every category, or a mapping by category.
    """
    out = {}
    for cat, n in counts.items():
        area = float(area_m2[cat] if isinstance(area_m2, Mapping) else area_m2)
        reach = n * np.pi * distance_m[cat] ** 2
        if n > 0 and area > 0 and reach < min_reach_share * area:
            out[cat] = int(n)
    return out


def places_area_m2(xy: Any, distance_m: float) -> float:
    """The area of the places' convex hull grown by ``distance_m`` (analysis CRS)."""
    import shapely

    if len(xy) == 0:
        return 0.0
    hull = shapely.convex_hull(shapely.multipoints(xy))
    return float(shapely.area(shapely.buffer(hull, distance_m)))


def report(
    absent: list[str],
    sparse: Mapping[str, int],
    distance_m: Mapping[str, float],
    min_reach_share: float = MIN_REACH_SHARE,
) -> None:
    """Warn about categories with no facility, and those too sparse to measure."""
    if absent:
        warn(
            f"no facility of {absent} in the data: their measures are NaN (no data), not 0 %. "
            "Bring those facilities (OSM under-maps kindergartens, community health stations "
            "and elderly care in China)."
        )
    if sparse:
        detail = ", ".join(f"{c} ({n} at {distance_m[c]:g} m)" for c, n in sparse.items())
        warn(
            f"too sparse to measure: {detail}. Even without overlap their catchments reach "
            f"less than {min_reach_share:.0%} of the area measured, so the data lacks most of "
            "them: their shares and counts are NaN (no data), not 0 %. Bring the facilities, "
            "or pass min_reach_share=0 to measure them as they are."
        )


def identifying(frame: Any) -> pd.DataFrame:
    """The non-geometry columns of a layer (its names and codes), as a plain DataFrame."""
    import pandas as pd

    geom = getattr(frame, "_geometry_column_name", None)
    keep = [c for c in frame.columns if c != geom and not _is_geometry(frame[c])]
    return pd.DataFrame(frame[keep].copy())


def _is_geometry(column: Any) -> bool:
    return str(getattr(column, "dtype", "")) == "geometry"
