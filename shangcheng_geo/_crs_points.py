"""Datum shifts of points: WGS84, GCJ-02 and BD-09 lon/lat as numbers or numpy arrays.

The public faces of the formulas in :mod:`._datums`: inputs are checked (finite, in range,
equal shapes, aligned Series), scalars come back as scalars; datum names and their aliases
(``"amap"``, ``"baidu"``). All names here are public as ``shangcheng_geo.crs.<name>``.

Examples
--------
>>> from shangcheng_geo.crs import convert_datum
>>> lon, lat = convert_datum(120.2084, 30.2933, from_datum="wgs84", to_datum="bd09")
>>> round(float(lon), 4), round(float(lat), 4)
(120.2194, 30.2969)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._datums import (
    CHINA_BBOX,
    FloatArray,
    bd_to_gcj,
    bd_to_wgs,
    chunked,
    gcj_to_bd,
    gcj_to_wgs,
    wgs_to_bd,
    wgs_to_gcj,
)
from ._errors import DatumError, InputError
from ._plausible import lonlat_problem

__all__ = [
    "DATUMS",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "convert_datum",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "in_china",
    "normalize_datum",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

DATUMS: tuple[str, ...] = ("wgs84", "gcj02", "bd09")
_DATUM_ALIASES = {
    "wgs84": "wgs84",
    "wgs-84": "wgs84",
    "epsg:4326": "wgs84",
    "4326": "wgs84",
    "gcj02": "gcj02",
    "gcj-02": "gcj02",
    "gcj": "gcj02",
    "amap": "gcj02",
    "gaode": "gcj02",
    "tencent": "gcj02",
    "bd09": "bd09",
    "bd-09": "bd09",
    "baidu": "bd09",
}


def _coerce(lon: ArrayLike, lat: ArrayLike) -> tuple[FloatArray, FloatArray, bool]:
    """Validate lon/lat and return them as float arrays (plus whether both were scalars)."""
    import pandas as pd

    if (
        isinstance(lon, pd.Series)
        and isinstance(lat, pd.Series)
        and not lon.index.equals(lat.index)
    ):
        raise InputError(
            "lon and lat are pandas Series with different indexes, so pairing them by position "
            "would mix up points. Align them first: lat = lat.reindex(lon.index) (or pass "
            "df['lon'], df['lat'] from one DataFrame)."
        )
    try:
        x = np.asarray(lon, dtype=np.float64)
        y = np.asarray(lat, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InputError(
            f"lon and lat must be numbers or numeric arrays; received {type(lon).__name__} "
            f"and {type(lat).__name__} ({exc})."
        ) from None
    if x.shape != y.shape:
        raise InputError(
            f"lon and lat must have the same shape; received {x.shape} and {y.shape}. "
            "Pass two arrays of equal length (one lon and one lat per point)."
        )
    bad = ~(np.isfinite(x) & np.isfinite(y))
    if bad.any():
        idx = np.flatnonzero(bad.ravel())[:5].tolist()
        raise InputError(
            f"lon/lat contain {int(bad.sum())} NaN or infinite value(s) (first positions: {idx}). "
            "Drop or fill them before converting; a datum shift of a missing point is undefined."
        )
    problem = lonlat_problem(x.min(), y.min(), x.max(), y.max()) if x.size else None
    if problem:
        raise InputError(
            "latitudes must lie in [-90, 90] and longitudes in [-180, 180]; received lon "
            f"{x.min():g}..{x.max():g}, lat {y.min():g}..{y.max():g}: {problem}. The functions "
            "take (lon, lat) in degrees."
        )
    return x, y, (x.ndim == 0)


def _out(x: FloatArray, y: FloatArray, scalar: bool) -> tuple[Any, Any]:
    if scalar:
        return np.float64(x), np.float64(y)
    return x, y


def in_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_]:
    """Whether points fall under the GCJ-02 shift (the bounding-box rule in the module doc).

    Parameters
    ----------
    lon, lat : float or array_like
        Degrees, same shape.

    Returns
    -------
    ndarray of bool
        True inside the box where Chinese datums apply.

    Examples
    --------
    >>> from shangcheng_geo.crs import in_china
    >>> in_china([120.2, 2.35], [30.3, 48.85]).tolist()   # Hangzhou, Paris
    [True, False]
    """
    x, y, _ = _coerce(lon, lat)
    west, south, east, north = CHINA_BBOX
    return (x >= west) & (x <= east) & (y >= south) & (y <= north)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Any, Any]:
    """Convert WGS84 lon/lat to GCJ-02 (Amap/Gaode, Tencent). Exact forward formula.

    Parameters
    ----------
    lon, lat : float or array_like
        WGS84 degrees, same shape.

    Returns
    -------
    (lon, lat) : tuple of float or ndarray
        GCJ-02 degrees. Points outside China are returned unchanged.

    Examples
    --------
    >>> wgs84_to_gcj02(116.404, 39.915)
    (np.float64(116.41024449916938), np.float64(39.91640428150164))
    """
    x, y, scalar = _coerce(lon, lat)
    return _out(*chunked(wgs_to_gcj, x, y), scalar)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Any, Any]:
    """Convert GCJ-02 lon/lat to WGS84 (iterative inverse, round trip < 0.001 mm).

    Parameters
    ----------
    lon, lat : float or array_like
        GCJ-02 degrees, same shape.

    Returns
    -------
    (lon, lat) : tuple of float or ndarray
        WGS84 degrees. Points outside China are returned unchanged.

    Examples
    --------
    >>> lon, lat = gcj02_to_wgs84(116.41024449916938, 39.91640428150164)
    >>> round(float(lon), 9), round(float(lat), 9)
    (116.404, 39.915)
    """
    x, y, scalar = _coerce(lon, lat)
    return _out(*chunked(gcj_to_wgs, x, y), scalar)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Any, Any]:
    """Convert GCJ-02 lon/lat to Baidu's BD-09. Exact forward formula.

    Parameters
    ----------
    lon, lat : float or array_like
        GCJ-02 degrees, same shape.

    Returns
    -------
    (lon, lat) : tuple of float or ndarray
        BD-09 degrees. Points outside China are returned unchanged.

    Examples
    --------
    >>> gcj02_to_bd09(116.404, 39.915)
    (np.float64(116.41036949371029), np.float64(39.92133699351021))
    """
    x, y, scalar = _coerce(lon, lat)
    return _out(*chunked(gcj_to_bd, x, y), scalar)


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> tuple[Any, Any]:
    """Convert BD-09 lon/lat to GCJ-02 (iterative inverse of :func:`gcj02_to_bd09`).

    Parameters
    ----------
    lon, lat : float or array_like
        BD-09 degrees, same shape.

    Returns
    -------
    (lon, lat) : tuple of float or ndarray
        GCJ-02 degrees. Points outside China are returned unchanged.

    Examples
    --------
    >>> lon, lat = bd09_to_gcj02(116.41036949371029, 39.92133699351021)
    >>> round(float(lon), 8), round(float(lat), 8)
    (116.404, 39.915)
    """
    x, y, scalar = _coerce(lon, lat)
    return _out(*chunked(bd_to_gcj, x, y), scalar)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> tuple[Any, Any]:
    """Convert WGS84 lon/lat to BD-09 (via GCJ-02).

    Parameters
    ----------
    lon, lat : float or array_like
        WGS84 degrees, same shape.

    Returns
    -------
    (lon, lat) : tuple of float or ndarray
        BD-09 degrees. Points outside China are returned unchanged.

    Examples
    --------
    >>> lon, lat = wgs84_to_bd09(116.404, 39.915)
    >>> round(float(lon), 5), round(float(lat), 5)
    (116.41663, 39.9227)
    """
    x, y, scalar = _coerce(lon, lat)
    return _out(*chunked(wgs_to_bd, x, y), scalar)


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> tuple[Any, Any]:
    """Convert BD-09 lon/lat to WGS84 (via GCJ-02, both steps iterative).

    Parameters
    ----------
    lon, lat : float or array_like
        BD-09 degrees, same shape.

    Returns
    -------
    (lon, lat) : tuple of float or ndarray
        WGS84 degrees. Points outside China are returned unchanged.

    Examples
    --------
    >>> lon, lat = bd09_to_wgs84(*wgs84_to_bd09(120.2084, 30.2933))
    >>> round(float(lon), 7), round(float(lat), 7)
    (120.2084, 30.2933)
    """
    x, y, scalar = _coerce(lon, lat)
    return _out(*chunked(bd_to_wgs, x, y), scalar)


_CONVERTERS: dict[tuple[str, str], Callable[[ArrayLike, ArrayLike], tuple[Any, Any]]] = {
    ("wgs84", "gcj02"): wgs84_to_gcj02,
    ("gcj02", "wgs84"): gcj02_to_wgs84,
    ("gcj02", "bd09"): gcj02_to_bd09,
    ("bd09", "gcj02"): bd09_to_gcj02,
    ("wgs84", "bd09"): wgs84_to_bd09,
    ("bd09", "wgs84"): bd09_to_wgs84,
}


def normalize_datum(datum: Any) -> str:
    """Return the canonical datum name (``'wgs84'``, ``'gcj02'`` or ``'bd09'``).

    Accepts common spellings and provider names, in any case, with or without hyphens,
    underscores or spaces: ``'WGS-84'``, ``'EPSG:4326'``, ``'GCJ-02'``, ``'amap'``,
    ``'gaode'``, ``'tencent'``, ``'BD-09'``, ``'baidu'``. Every ``datum=`` argument of the
    library is read with it, so a pipeline can check a configured name up front.

    Parameters
    ----------
    datum : str
        A datum name or alias.

    Returns
    -------
    str
        ``'wgs84'``, ``'gcj02'`` or ``'bd09'`` (one of :data:`DATUMS`).

    Raises
    ------
    DatumError
        For any other name; the message lists the allowed ones.

    Examples
    --------
    >>> from shangcheng_geo.crs import normalize_datum
    >>> normalize_datum("GCJ-02"), normalize_datum("baidu"), normalize_datum("EPSG:4326")
    ('gcj02', 'bd09', 'wgs84')
    """
    key = str(datum).strip().lower().replace("_", "").replace(" ", "")
    if key not in _DATUM_ALIASES:
        raise DatumError(
            f"unknown datum {datum!r}; allowed: 'wgs84', 'gcj02' (Amap/Gaode, Tencent) or "
            "'bd09' (Baidu). Projected data should be passed with its CRS set instead."
        )
    return _DATUM_ALIASES[key]


def convert_datum(
    lon: ArrayLike, lat: ArrayLike, *, from_datum: str, to_datum: str
) -> tuple[Any, Any]:
    """Convert lon/lat between any two of the datums ``wgs84``, ``gcj02`` and ``bd09``.

    Parameters
    ----------
    lon, lat : float or array_like
        Degrees in ``from_datum``, same shape.
    from_datum, to_datum : str
        Datum names or aliases (see :func:`normalize_datum`).

    Returns
    -------
    (lon, lat) : tuple of float or ndarray
        Degrees in ``to_datum`` (a copy when the datums are the same).

    Examples
    --------
    >>> lon, lat = convert_datum(116.404, 39.915, from_datum="wgs84", to_datum="gcj02")
    >>> round(float(lon), 8)
    116.4102445
    """
    src, dst = normalize_datum(from_datum), normalize_datum(to_datum)
    if src == dst:
        x, y, scalar = _coerce(lon, lat)
        return _out(x.copy(), y.copy(), scalar)
    return _CONVERTERS[(src, dst)](lon, lat)
