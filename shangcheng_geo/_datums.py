"""The GCJ-02 and BD-09 formulas: exact forward transforms, iterative inverses, chunked and
threaded over large arrays. Private to :mod:`shangcheng_geo.crs`, which documents the rules.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

__all__ = [
    "CHINA_BBOX",
    "CHUNK",
    "EE",
    "MAX_ITER",
    "TOLERANCE_DEG",
    "X_PI",
    "A",
    "FloatArray",
    "bd_formula",
    "bd_to_gcj",
    "bd_to_wgs",
    "chunked",
    "gcj_formula",
    "gcj_offset",
    "gcj_to_bd",
    "gcj_to_wgs",
    "in_box",
    "invert",
    "pool",
    "wgs_bd_formula",
    "wgs_to_bd",
    "wgs_to_gcj",
]

# Krasovsky 1940 ellipsoid, as used by the GCJ-02 formula.
A = 6378245.0
EE = 0.00669342162296594323
X_PI = np.pi * 3000.0 / 180.0

# Bounding box of the "in China" rule.
CHINA_BBOX = (72.004, 0.8293, 137.8347, 55.8271)

# The inverse stops once a correction step is below this; the step after it would be
# ~200x smaller again, so the remaining error is at float rounding (~1e-13 degrees).
TOLERANCE_DEG = 1e-10
MAX_ITER = 50


def gcj_offset(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The GCJ-02 offset (dlon, dlat) in degrees at WGS84 position (x, y).

    This is the published formula term by term. The sines of its 12 angle multiples are
    obtained from 7 trigonometric calls through exact identities (triple angle: sin 3t =
    3 sin t - 4 sin^3 t; double angle; sin 5t = 16 s^5 - 20 s^3 + 5 s), which changes
    results by no more than float rounding (< 1e-15 degrees) and nearly halves the cost.
    """
    u = x - 105.0
    v = y - 35.0
    su = np.sqrt(np.abs(u))
    # sin/cos of u*pi/3 give sin(u*pi), sin(2u*pi), sin(6u*pi)
    s3 = np.sin(u * (np.pi / 3.0))
    c3 = np.cos(u * (np.pi / 3.0))
    s_u = s3 * (3.0 - 4.0 * s3 * s3)  # sin(u pi)
    c_u = c3 * (4.0 * c3 * c3 - 3.0)  # cos(u pi)
    s_2u = 2.0 * s_u * c_u  # sin(2 u pi)
    s_6u = s_2u * (3.0 - 4.0 * s_2u * s_2u)  # sin(6 u pi)
    # sin/cos of u*pi/60 give sin(u*pi/12) (5x) and sin(u*pi/30) (2x)
    s60 = np.sin(u * (np.pi / 60.0))
    c60 = np.cos(u * (np.pi / 60.0))
    s60_2 = s60 * s60
    s_u12 = s60 * (16.0 * s60_2 * s60_2 - 20.0 * s60_2 + 5.0)
    s_u30 = 2.0 * s60 * c60
    # the same for v
    t3 = np.sin(v * (np.pi / 3.0))
    s_v = t3 * (3.0 - 4.0 * t3 * t3)
    t60 = np.sin(v * (np.pi / 60.0))
    k60 = np.cos(v * (np.pi / 60.0))
    t60_2 = t60 * t60
    s_v12 = t60 * (16.0 * t60_2 * t60_2 - 20.0 * t60_2 + 5.0)
    s_v30 = 2.0 * t60 * k60

    common = (20.0 * s_6u + 20.0 * s_2u) * (2.0 / 3.0)
    dlat = -100.0 + 2.0 * u + 3.0 * v + 0.2 * v * v + 0.1 * u * v + 0.2 * su + common
    dlat += (20.0 * s_v + 40.0 * t3) * (2.0 / 3.0)
    dlat += (160.0 * s_v12 + 320.0 * s_v30) * (2.0 / 3.0)
    dlon = 300.0 + u + 2.0 * v + 0.1 * u * u + 0.1 * u * v + 0.1 * su + common
    dlon += (20.0 * s_u + 40.0 * s3) * (2.0 / 3.0)
    dlon += (150.0 * s_u12 + 300.0 * s_u30) * (2.0 / 3.0)
    radlat = y * (np.pi / 180.0)
    sinlat = np.sin(radlat)
    magic = 1.0 - EE * sinlat * sinlat
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (A / sqrtmagic * np.cos(radlat) * np.pi)
    return dlon, dlat


def gcj_formula(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """WGS84 -> GCJ-02 by the formula alone, without the box rule."""
    dlon, dlat = gcj_offset(x, y)
    return x + dlon, y + dlat


def bd_formula(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """GCJ-02 -> BD-09 by the formula alone, without the box rule."""
    z = np.sqrt(x * x + y * y) + 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def wgs_to_gcj(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    mask = in_box(x, y)
    gx, gy = gcj_formula(x, y)
    return np.where(mask, gx, x), np.where(mask, gy, y)


def gcj_to_bd(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    mask = in_box(x, y)
    bx, by = bd_formula(x, y)
    return np.where(mask, bx, x), np.where(mask, by, y)


def in_box(x: FloatArray, y: FloatArray) -> NDArray[np.bool_]:
    west, south, east, north = CHINA_BBOX
    return (x >= west) & (x <= east) & (y >= south) & (y <= north)


CHUNK = 16384
POOL: Any = None


def pool() -> Any:
    global POOL
    if POOL is None:
        from concurrent.futures import ThreadPoolExecutor

        POOL = ThreadPoolExecutor(
            max_workers=min(8, os.cpu_count() or 1), thread_name_prefix="shangcheng_geo.crs"
        )
    return POOL


def chunked(
    fn: Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]],
    x: FloatArray,
    y: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Apply a pointwise (x, y) -> (x', y') function in cache-sized chunks on all cores.

    numpy releases the GIL inside ufuncs, so threads scale; chunks keep the many temporary
    arrays of the offset formula in cache. Results are identical to one call on the whole array.
    """
    fx = x.ravel()
    fy = y.ravel()
    n = fx.size
    if n <= CHUNK:
        ox, oy = fn(fx, fy)
        return ox.reshape(x.shape), oy.reshape(y.shape)
    out_x = np.empty_like(fx)
    out_y = np.empty_like(fy)

    def job(start: int) -> None:
        stop = min(start + CHUNK, n)
        out_x[start:stop], out_y[start:stop] = fn(fx[start:stop], fy[start:stop])

    list(pool().map(job, range(0, n, CHUNK)))
    return out_x.reshape(x.shape), out_y.reshape(y.shape)


def invert(
    formula: Callable[[FloatArray, FloatArray], tuple[FloatArray, FloatArray]],
    x: FloatArray,
    y: FloatArray,
) -> tuple[FloatArray, FloatArray]:
    """Invert a boxed shift: the ``w`` with ``formula(w) == (x, y)`` if it lies in the box,
    else ``(x, y)`` itself (the shift leaves points outside the box unchanged).

    The formula is solved by fixed-point iteration without the box rule, so the iteration
    cannot jump across the box's edge (the shifted point of a place just inside the box can
    lie just outside it). The shifts vary slowly (their Jacobian differs from the identity by
    ~1e-3), so each step gains two to three digits. Each point stops on its own convergence,
    so vectorized equals scalar exactly. Where both answers exist (a point outside the box
    within one shift of its edge) the one inside the box is returned: every point inside the
    box round-trips; such a point outside it does not (see ``crs`` for the measured bounds).
    """
    wx = x.copy()
    wy = y.copy()
    # only points within reach of the box can be shifted ones (a shift is under 0.05 deg)
    west, south, east, north = CHINA_BBOX
    active = (x >= west - 0.1) & (x <= east + 0.1) & (y >= south - 0.1) & (y <= north + 0.1)
    for _ in range(MAX_ITER):
        fx, fy = formula(wx, wy)
        ex = fx - x
        ey = fy - y
        np.subtract(wx, ex, out=wx, where=active)
        np.subtract(wy, ey, out=wy, where=active)
        active &= (np.abs(ex) >= TOLERANCE_DEG) | (np.abs(ey) >= TOLERANCE_DEG)
        if not active.any():
            break
    inside = in_box(wx, wy)
    return np.where(inside, wx, x), np.where(inside, wy, y)


def gcj_to_wgs(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    return invert(gcj_formula, x, y)


def bd_to_gcj(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    return invert(bd_formula, x, y)


def wgs_bd_formula(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    """WGS84 -> BD-09 by the two formulas, without the box rule."""
    return bd_formula(*gcj_formula(x, y))


def wgs_to_bd(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    # one box test, on the WGS84 point: a place shifts by both formulas or by neither
    mask = in_box(x, y)
    bx, by = wgs_bd_formula(x, y)
    return np.where(mask, bx, x), np.where(mask, by, y)


def bd_to_wgs(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray]:
    return invert(wgs_bd_formula, x, y)
