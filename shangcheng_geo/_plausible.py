"""Plausibility of coordinates: lon/lat that can be degrees, and an analysis CRS that does
not distort distances at the data. Private to :mod:`shangcheng_geo.crs`."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ._errors import CRSError

__all__ = [
    "MAX_SCALE_ERROR",
    "lonlat_problem",
    "require_lonlat_range",
    "require_low_distortion",
    "require_projected_range",
]


def lonlat_problem(minx: float, miny: float, maxx: float, maxy: float) -> str | None:
    """What is wrong with lon/lat spanning these bounds, or None when they can be degrees:
    (lat, lon) pairs, or projected metres."""
    if max(abs(minx), abs(maxx)) <= 180 and max(abs(miny), abs(maxy)) <= 90:
        return None
    if max(abs(minx), abs(maxx)) <= 90 and max(abs(miny), abs(maxy)) <= 180:
        return "they look like (lat, lon) pairs: swap them"
    return "they look like projected metres"


def require_lonlat_range(gdf: Any, what: str) -> None:
    """Refuse lon/lat that cannot be degrees: metres labelled EPSG:4326, or lat/lon swapped."""
    minx, miny, maxx, maxy = gdf.total_bounds
    if np.isnan(minx):
        return
    problem = lonlat_problem(minx, miny, maxx, maxy)
    if problem is None:
        return
    if "swap" in problem:
        fix = ", e.g. shapely.transform(geoms, lambda c: c[:, ::-1])"
    else:
        fix = (
            " labelled as degrees: set the real CRS with .set_crs('EPSG:xxxx', "
            "allow_override=True) (e.g. EPSG:4549 for CGCS2000 Gauss-Krüger CM 120E)"
        )
    label = gdf.crs.to_string() if gdf.crs is not None else "lon/lat"
    raise CRSError(
        f"{what} is labelled {label} (lon/lat degrees) but its coordinates span "
        f"x {minx:.6g}..{maxx:.6g}, y {miny:.6g}..{maxy:.6g}, outside lon -180..180 / lat "
        f"-90..90; {problem}{fix}."
    )


# No projection of the Earth reaches coordinates this large (metres)
MAX_PROJECTED_M = 1e8


def require_projected_range(gdf: Any, what: str) -> None:
    """Refuse projected coordinates that cannot be right for the declared CRS: beyond any
    projection of the Earth, or -- for the CGCS2000 3-degree Gauss-Kruger CRSs without the
    zone number (EPSG:4534-4554) -- eastings written with the zone in front (x ~ 40 500 000,
    the coordinates of EPSG:4513-4533)."""
    crs = gdf.crs
    minx, miny, maxx, maxy = gdf.total_bounds
    if np.isnan(minx):
        return
    big = max(abs(minx), abs(maxx), abs(miny), abs(maxy))
    if not np.isfinite(big) or big > MAX_PROJECTED_M:
        raise CRSError(
            f"{what} has coordinates up to {big:.3g} m in {crs.to_string()}: no projection of "
            "the Earth reaches that. Check the values and the CRS the file declares."
        )
    code = crs.to_epsg() or 0
    if 4534 <= code <= 4554 and minx > 1e7:
        zone = int(minx // 1e6)
        prefixed = 4513 + (zone - 25) if 25 <= zone <= 45 else None
        hint = (
            f"they look like EPSG:{prefixed} (CGCS2000 3-degree Gauss-Kruger zone {zone}, with "
            f"the zone number in front of the easting): relabel with "
            f".set_crs('EPSG:{prefixed}', allow_override=True)"
            if prefixed
            else "the easting has a zone number in front"
        )
        raise CRSError(
            f"{what} is labelled {crs.to_string()} but its eastings span {minx:.0f}..{maxx:.0f}, "
            f"far beyond that CRS's 0..1 000 000 m; {hint}."
        )


# The largest scale error allowed at the data: 0.1 %, just above a UTM zone's worst case
# inside it (0.097 % at its edge on the equator); beyond it areas move by more than 0.2 %.
MAX_SCALE_ERROR = 0.001


def require_low_distortion(target: str, x: float, y: float, what: str) -> None:
    """Refuse an analysis CRS whose scale error at (x, y) (in it) is beyond MAX_SCALE_ERROR."""
    lon, lat, error = _scale_error(target, round(x, -3), round(y, -3))
    if not error <= MAX_SCALE_ERROR:
        raise CRSError(
            f"the analysis CRS {target} distorts distances at {what} ({lon:.2f} E, {lat:.2f} N) "
            f"by {error:.2%}, beyond the {MAX_SCALE_ERROR:.1%} allowed: every buffer and area "
            "would be off. Set a CRS made for the place: sg.options.analysis_crs = "
            "'EPSG:4549' (CGCS2000 / 3-degree Gauss-Kruger CM 120E, the default for "
            "Hangzhou), or the UTM zone of the data (EPSG:326NN north, 327NN south)."
        )


@functools.lru_cache(maxsize=256)
def _scale_error(target: str, x: float, y: float) -> tuple[float, float, float]:
    import math

    from pyproj import Proj, Transformer

    try:
        lon, lat = Transformer.from_crs(target, "EPSG:4326", always_xy=True).transform(x, y)
        f = Proj(target).get_factors(lon, lat)
        error = max(abs(f.meridional_scale - 1.0), abs(f.parallel_scale - 1.0))
    except Exception:  # a point pyproj cannot evaluate: treat as unbounded distortion
        return math.nan, math.nan, math.inf
    return lon, lat, error if math.isfinite(error) else math.inf
