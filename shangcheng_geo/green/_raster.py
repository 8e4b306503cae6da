"""Green coverage from rasters: land-cover class maps and NDVI, read window by window.

Private to :mod:`shangcheng_geo.green`; :data:`LAND_COVER` is public there.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError, warn

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "LAND_COVER",
    "check_bands",
    "check_classes",
    "check_ndvi",
    "class_values",
    "raster_green",
]

LAND_COVER: dict[str, dict[str, Any]] = {
    "worldcover": {
        "title": "ESA WorldCover 10 m (2020/2021)",
        "classes": {
            10: "tree cover",
            20: "shrubland",
            30: "grassland",
            40: "cropland",
            50: "built-up",
            60: "bare / sparse vegetation",
            70: "snow and ice",
            80: "permanent water bodies",
            90: "herbaceous wetland",
            95: "mangroves",
            100: "moss and lichen",
        },
        "green": (10, 20, 30, 90, 95),
    },
    "dynamic_world": {
        "title": "Google Dynamic World 10 m (label band)",
        "classes": {
            0: "water",
            1: "trees",
            2: "grass",
            3: "flooded vegetation",
            4: "crops",
            5: "shrub and scrub",
            6: "built",
            7: "bare",
            8: "snow and ice",
        },
        "green": (1, 2, 3, 5),
    },
    "clcd": {
        "title": "China Land Cover Dataset (CLCD, 30 m)",
        "classes": {
            1: "cropland",
            2: "forest",
            3: "shrub",
            4: "grassland",
            5: "water",
            6: "snow / ice",
            7: "barren",
            8: "impervious",
            9: "wetland",
        },
        "green": (2, 3, 4, 9),
    },
}


# ----------------------------------------------------------------------------- helpers


def class_values(classes: Any) -> tuple[str, tuple[float, ...]]:
    if isinstance(classes, str):
        key = classes.lower().replace("-", "_").replace(" ", "_")
        if key not in LAND_COVER:
            raise InputError(
                f"unknown land-cover class map {classes!r}; known: {sorted(LAND_COVER)}, or pass "
                "the list of class values that count as green, e.g. classes=[10, 20, 30]."
            )
        return key, tuple(float(v) for v in LAND_COVER[key]["green"])
    try:
        values = tuple(float(v) for v in classes)
    except TypeError:
        raise InputError(
            f"classes must be a class-map name or a list of class values; received {classes!r}."
        ) from None
    if not values:
        raise InputError("classes is empty; list at least one class value that counts as green.")
    return "explicit", values


def check_bands(bands: Any, *, raster: bool, pair: bool, ndvi: bool) -> tuple[int, int] | None:
    """``bands`` as a (red, nir) pair of band numbers, or refused by name: a tuple of the wrong
    length, band numbers that are not whole numbers or are equal, or bands where they mean
    nothing (a vector layer, a pair of rasters, a class raster without ``ndvi_threshold``)."""
    if bands is None:
        return None
    if not raster:
        raise InputError(
            f"bands applies to rasters (the red and NIR bands for NDVI); green is a vector "
            f"layer, received bands={bands!r}. Leave bands out."
        )
    if pair:
        raise InputError(
            f"green is a (red, nir) pair of single-band rasters, so bands={bands!r} has "
            "nothing to select: leave it out, or pass one multi-band image with bands=(red, nir)."
        )
    if not ndvi:
        raise InputError(
            f"bands={bands!r} names the red and NIR bands for NDVI: pass ndvi_threshold= too "
            "(e.g. 0.3), or band= for the band of a land-cover class raster."
        )
    values = tuple(bands) if isinstance(bands, tuple | list) else None
    whole = values is not None and all(
        isinstance(b, int | np.integer) and not isinstance(b, bool | np.bool_) for b in values
    )
    if values is None or len(values) != 2 or not whole:
        raise InputError(
            f"bands must be two band numbers, (red, nir), e.g. bands=(3, 4) for a Sentinel-2 or "
            f"Landsat stack in that order; received bands={bands!r}."
        )
    if values[0] == values[1]:
        raise InputError(
            f"bands={bands!r} names one band as both red and NIR (NDVI would be 0 everywhere); "
            "pass the red band first, then the near-infrared band."
        )
    return int(values[0]), int(values[1])


def raster_green(
    units_m: gpd.GeoDataFrame,
    bases: Any,
    green: Any,
    *,
    classes: Any,
    ndvi_threshold: float | None,
    band: int,
    bands: tuple[int, int] | None,
    tile: int | None,
) -> tuple[Any, Any, Any, Any]:
    from ..raster import DEFAULT_TILE, open_raster
    from ..raster import zonal_sums as _zonal_sums

    zonal_sums = partial(_zonal_sums, tile=tile or DEFAULT_TILE)
    bands = check_bands(
        bands, raster=True, pair=isinstance(green, tuple), ndvi=ndvi_threshold is not None
    )
    cells = units_m[[units_m.geometry.name]]
    if ndvi_threshold is not None:
        if classes is not None:
            raise InputError("pass either classes (land cover) or ndvi_threshold (NDVI), not both.")
        t = float(ndvi_threshold)
        if not -1.0 <= t <= 1.0 or math.isnan(t):
            raise InputError(f"ndvi_threshold must lie in [-1, 1]; received {ndvi_threshold!r}.")

        def ndvi_green(red: Any, nir: Any) -> Any:
            red = red.astype(np.float64)
            nir = nir.astype(np.float64)
            s = nir + red
            ndvi = np.divide(nir - red, s, out=np.zeros_like(s), where=s != 0)
            return (ndvi >= t).astype(np.float64)

        if isinstance(green, tuple):
            red_src, nir_src = green
            with open_raster(red_src) as r, open_raster(nir_src) as n:
                if (r.height, r.width) != (n.height, n.width):
                    raise InputError(
                        f"the red and NIR rasters differ in shape: {r.height}x{r.width} vs "
                        f"{n.height}x{n.width}; both bands must cover the same grid."
                    )
            res = zonal_sums(
                cells, red_src, geometries=bases, values=ndvi_green, more=((nir_src, 1),)
            )
        elif bands is not None:
            red_band, nir_band = bands
            res = zonal_sums(
                cells,
                green,
                band=red_band,
                geometries=bases,
                values=ndvi_green,
                more=((green, nir_band),),
            )
        else:  # a ready NDVI raster
            with open_raster(green) as ds:
                check_ndvi(ds, band)
            res = zonal_sums(
                cells,
                green,
                band=band,
                geometries=bases,
                values=lambda v: (v.astype(np.float64) >= t).astype(np.float64),
            )
    else:
        if classes is None:
            raise InputError(
                "a raster needs classes= (a land-cover class map such as 'worldcover', or the "
                "class values that count as green) or ndvi_threshold= (for NDVI)."
            )
        if isinstance(green, tuple):
            raise InputError("a (red, nir) pair needs ndvi_threshold=.")
        name, values = class_values(classes)
        with open_raster(green) as ds:
            check_classes(ds, band, values, name)
        wanted = np.array(values)
        res = zonal_sums(
            cells,
            green,
            band=band,
            geometries=bases,
            values=lambda v: np.isin(v, wanted).astype(np.float64),
        )
    return (
        res["value_sum"].to_numpy(),
        res["valid_weight"].to_numpy(),
        res["nodata_weight"].to_numpy(),
        res["outside_weight"].to_numpy(),
    )


def _sample(ds: Any, band: int) -> Any:
    """Pixel values of a band on a 12 x 12 lattice of 32 x 32-pixel windows, nodata left out.

    About 150,000 pixels: a few dozen block reads, not a pass over the whole raster, with
    GDAL's cache capped.
    """
    import rasterio
    from rasterio.windows import Window

    from ..raster import read_window, require_band

    band = require_band(ds, band)
    n, size = 12, 32
    h, w = ds.height, ds.width
    rows = np.unique(np.linspace(0, max(0, h - size), n).astype(int))
    cols = np.unique(np.linspace(0, max(0, w - size), n).astype(int))
    blocks = []
    with rasterio.Env(GDAL_CACHEMAX=16):
        for r in rows.tolist():
            for c in cols.tolist():
                block = read_window(ds, band, Window(c, r, min(size, w), min(size, h))).ravel()
                if ds.nodata is not None:
                    block = block[~(np.isnan(block) if np.isnan(ds.nodata) else block == ds.nodata)]
                blocks.append(block)
    return np.concatenate(blocks) if blocks else np.zeros(0)


def check_ndvi(ds: Any, band: int) -> None:
    """Refuse an NDVI raster whose sampled values leave [-1, 1] (a scaled product)."""
    v = _sample(ds, band).astype(np.float64)
    v = v[np.isfinite(v)]
    if len(v) and (v.min() < -1.0 or v.max() > 1.0):
        raise InputError(
            f"{ds.name!r} band {band} holds values from {v.min():g} to {v.max():g}, but NDVI "
            "lies in [-1, 1]: the product is probably scaled (e.g. x10000) or not NDVI. "
            "Divide it by its scale factor first, or pass the red and NIR bands with bands=."
        )


def check_classes(ds: Any, band: int, values: Sequence[float], name: str) -> None:
    """Warn when the green classes do not occur in a sample of the raster (see _sample)."""
    present: set[Any] = set(np.unique(_sample(ds, band)).tolist())
    if not present & set(values):
        warn(
            f"none of the green classes {sorted(values)} ({name}) occur in a sample of "
            f"{ds.name!r}, which holds {sorted(present)[:20]}: wrong class map or band?"
        )
    elif name == "explicit" and set(values) - present:
        warn(
            f"green class(es) {sorted(set(values) - present)} do not occur in a sample of "
            f"{ds.name!r}, which holds {sorted(present)[:20]}: check the list of classes."
        )
