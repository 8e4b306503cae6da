"""Green coverage (绿化覆盖率), green-space ratio (绿地率) and park service-radius coverage.

**No green data for Hangzhou is bundled** (none is openly available offline). These functions
take the user's data: green polygons (their own survey, OpenStreetMap via
:func:`green_from_osm`), a land-cover raster (ESA WorldCover, Dynamic World, CLCD, GlobeLand30
with explicit classes) or NDVI.

Definitions (GB/T 50563-2010《城市园林绿化评价标准》; the national garden-city standard):

* **绿化覆盖率 (green coverage ratio)** = area of the vertical projection of all vegetation
  (trees, shrubs, grass; roof greening where the data has it) / unit area. Overlapping
  polygons never count twice: the *union* of green, not the sum.
* **绿地率 (green space ratio)** = area of land *classified* as green space (park,
  protective, square and attached green) / unit area: a land-use measure, not canopy
  (:func:`green_space_ratio`).
* **公园绿地服务半径覆盖率 (park service-radius coverage)**: parks of at least 5,000 m² serve
  500 m, parks of 2,000-5,000 m² serve 300 m (configurable); the share of the unit's land
  (or residential land) inside those service areas (:func:`park_service_coverage`).

The base of a ratio is the whole unit (``base="unit"``, as the standard defines it), its land
(``"land"``: minus the water layer) or a built-up mask the user gives (a polygon
GeoDataFrame); the output names the base it used.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> from shangcheng_geo import green
>>> unit = gpd.GeoDataFrame({"name": ["block"]}, geometry=[box(0, 0, 100, 100)], crs="EPSG:4549")
>>> trees = gpd.GeoDataFrame(geometry=[box(0, 0, 50, 100), box(25, 0, 75, 100)], crs="EPSG:4549")
>>> round(float(green.green_coverage(unit, trees)["green_ratio"].iloc[0]), 3)  # union: 0.75
0.75
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._errors import InputError, warn
from .._geom import circles
from .._validate import require_geodataframe, require_polygons
from ._raster import LAND_COVER, raster_green
from .osm import (
    OSM_GREEN_TAGS,
    green_from_features,
    green_from_osm,
    green_from_osmnx,
)
from .service import greenway_coverage

# green polygons from OpenStreetMap live in green_osm; kept here by name too

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "LAND_COVER",
    "OSM_GREEN_TAGS",
    "compare_with_plan",
    "green_coverage",
    "green_from_features",
    "green_from_osm",
    "green_from_osmnx",
    "green_space_ratio",
    "greenway_coverage",
    "mapped_green_share",
    "park_service_coverage",
]


# Class maps of common land-cover products, and which classes count as green (vegetation
# cover in a city; cropland is vegetation but not urban greening, so it is left out by
# default -- pass explicit class values to count it).
def _base_geometries(units_m: gpd.GeoDataFrame, base: Any, water: Any) -> tuple[Any, str]:
    """Base polygons per unit in the analysis CRS, and the base's name (the one base rule)."""
    import geopandas as gpd

    from ..access.bases import base_geometries

    name = "mask" if isinstance(base, gpd.GeoDataFrame) else str(base)
    return base_geometries(units_m, base=base, water=water), name


def _is_raster_input(green: Any) -> bool:
    """The library's raster rule (:func:`shangcheng_geo._geom.is_raster`), plus a (red, nir)
    pair of rasters."""
    from .._geom import is_raster

    if isinstance(green, tuple) and len(green) == 2:
        return all(is_raster(g) for g in green)
    return is_raster(green)


# ----------------------------------------------------------------------------- coverage


def _raster_columns(
    index: Any, base_area: Any, g_sum: Any, valid: Any, nodata: Any, beyond: Any
) -> dict[str, Any]:
    """The raster path's columns from its area sums: the part of a unit beyond the raster,
    or on nodata pixels, is no data (named in warnings), never counted as not green."""
    import numpy as np

    outside = (valid + nodata == 0) & (base_area > 0)
    partly = (beyond > 0) & ~outside
    nodata = nodata + beyond  # area beyond the raster's extent has no data
    total = valid + nodata
    if outside.any():
        warn(
            f"{int(outside.sum())} unit(s) lie outside the raster (index "
            f"{list(index[outside])[:10]}): their green ratio is NaN."
        )
    if partly.any():
        warn(
            f"{int(partly.sum())} unit(s) extend beyond the raster (index "
            f"{list(index[partly])[:10]}): the area outside it has no data, is "
            "counted in nodata_share and left out of green_ratio. Use a raster that "
            "covers the units, or drop units with a high nodata_share."
        )
    observed = np.divide(valid, total, out=np.zeros_like(valid), where=total > 0)
    ratio = np.divide(g_sum, valid, out=np.full(len(valid), np.nan), where=valid > 0)
    return {
        "green_m2": np.nan_to_num(ratio) * observed * base_area,
        "base_m2": base_area,
        "green_ratio": np.clip(ratio, 0.0, 1.0),
        "nodata_share": np.divide(nodata, total, out=np.full(len(total), np.nan), where=total > 0),
    }


def green_coverage(
    units: gpd.GeoDataFrame,
    green: Any,
    *,
    classes: Any = None,
    ndvi_threshold: float | None = None,
    base: Any = "unit",
    class_col: str | None = None,
    water: gpd.GeoDataFrame | None = None,
    band: int = 1,
    bands: tuple[int, int] | None = None,
    datum: str | None = None,
    tile: int | None = None,
) -> gpd.GeoDataFrame:
    """Green coverage ratio (绿化覆盖率) per unit from vector green space or a raster.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    green : GeoDataFrame, raster path / rasterio dataset, or (red, nir) pair of rasters
        * polygons of vegetation (any CRS; ``datum`` for GCJ-02/BD-09 lon/lat data);
        * a land-cover raster with ``classes``;
        * an NDVI raster, or a multi-band image with ``bands=(red, nir)``, or a pair of
          single-band red and NIR rasters on one grid, with ``ndvi_threshold``.
    classes : str or list, optional
        Raster: a class map (``"worldcover"``, ``"dynamic_world"``, ``"clcd"``) or the class
        values that count as green. Vector: values of ``class_col`` to keep.
    ndvi_threshold : float, optional
        Pixels with NDVI >= this count as green (e.g. 0.3).
    base : 'unit', 'land' or GeoDataFrame, default 'unit'
        The denominator: the whole unit (the standard's definition), its land, or the unit
        within a built-up mask.
    class_col : str, optional
        Vector: the column whose values ``classes`` selects (e.g. a land-use code).
    water : GeoDataFrame, optional
        Water for ``base='land'``; default the embedded Qiantang layer.
    band : int, default 1
        Raster: the band of classes or NDVI values.
    bands : (int, int), optional
        Raster: the red and near-infrared bands of one multi-band image, for NDVI.
    datum : {'wgs84', 'gcj02', 'bd09'}, optional
        Vector lon/lat green space in GCJ-02 (Amap) or BD-09 (Baidu) is converted first.
    tile : int, optional
        Rasters are read in windows of at most ``tile`` x ``tile`` pixels (default 2048), so
        memory stays bounded whatever the raster's size.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``green_m2``, ``base_m2``, ``green_ratio`` and ``base``;
        for rasters also ``nodata_share`` (share of the base without data, excluded from the
        ratio: ``green_ratio`` = green / observed base, ``green_m2`` = green observed).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import green
    >>> from shapely.affinity import translate
    >>> def here(*shapes):  # squares in Shangcheng, in EPSG:4549 metres
    ...     return [translate(s, 520_000, 3_350_000) for s in shapes]
    >>> unit = gpd.GeoDataFrame({"name": ["u"]}, geometry=here(box(0, 0, 1000, 1000)), crs=4549)
    >>> parks = gpd.GeoDataFrame(
    ...     geometry=here(box(0, 0, 500, 400), box(250, 0, 750, 400)), crs=4549
    ... )
    >>> float(green.green_coverage(unit, parks)["green_ratio"].iloc[0])  # overlap counted once
    0.3
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "green.gpkg")
    >>> parks.to_file(path)
    >>> round(float(green.green_coverage(unit, path)["green_ratio"].iloc[0]), 6)  # a vector file
    0.3
    """
    import numpy as np
    import shapely

    from ..access import Units

    prepared = Units(units)  # empty boundaries pass, named: their ratio is no data
    units_m = prepared.metric
    bases, base_name = _base_geometries(units_m, base, water)
    base_area = shapely.area(bases)
    out = units.copy()
    if _is_raster_input(green):
        sums = raster_green(
            units_m,
            bases,
            green,
            classes=classes,
            ndvi_threshold=ndvi_threshold,
            band=band,
            bands=bands,
            tile=tile,
        )
        for name, values in _raster_columns(units.index, base_area, *sums).items():
            out[name] = values
    else:
        if ndvi_threshold is not None:
            raise InputError("ndvi_threshold applies to rasters; green is a vector layer.")
        union = _green_union(green, classes=classes, class_col=class_col, datum=datum)
        green_area = shapely.area(shapely.intersection(bases, union))
        out["green_m2"] = green_area
        out["base_m2"] = base_area
        out["green_ratio"] = np.divide(
            green_area, base_area, out=np.full(len(base_area), np.nan), where=base_area > 0
        )
    out["base"] = base_name
    out.attrs["green"] = {
        "indicator": "绿化覆盖率 (green coverage ratio, GB/T 50563-2010)",
        "base": base_name,
        "input": "raster" if _is_raster_input(green) else "vector",
        "classes": None if classes is None else str(classes),
        "ndvi_threshold": ndvi_threshold,
    }
    return out


def _green_union(green: Any, *, classes: Any, class_col: str | None, datum: str | None) -> Any:
    from ..crs import from_datum, to_analysis_crs

    if isinstance(green, str | os.PathLike):  # a vector file: read it (datum applied there)
        from ..datasets import read_file

        green, datum = read_file(green, datum=datum), None
    require_geodataframe(green, "green")
    if len(green) == 0:
        warn("the green layer is empty: every green ratio is 0.")
        import shapely

        return shapely.Polygon()
    layer = from_datum(green, datum) if datum is not None else green
    if classes is not None:
        if class_col is None or class_col not in layer.columns:
            raise InputError(
                f"classes on a vector layer need class_col naming its class column; received "
                f"{class_col!r}, columns: {list(layer.columns)}."
            )
        wanted = set(classes) if not isinstance(classes, str) else {classes}
        unknown = wanted - set(layer[class_col])
        if unknown == wanted:
            raise InputError(
                f"none of the classes {sorted(map(str, wanted))} occur in column {class_col!r}; "
                f"it holds {sorted(map(str, set(layer[class_col])))[:20]}."
            )
        if unknown:
            warn(
                f"class(es) {sorted(map(str, unknown))} do not occur in column {class_col!r} "
                f"(it holds {sorted(map(str, set(layer[class_col])))[:20]}): only the others "
                "count as green. Check the spelling of classes."
            )
        layer = layer[layer[class_col].isin(wanted)]
    require_polygons(layer, "green")
    return to_analysis_crs(layer, "green").geometry.union_all()


def green_space_ratio(
    units: gpd.GeoDataFrame,
    landuse: gpd.GeoDataFrame,
    *,
    class_col: str,
    green_classes: Sequence[Any],
    base: Any = "unit",
    water: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Green space ratio (绿地率): land classified as green space / unit area.

    ``landuse`` holds land-use polygons with a class column; ``green_classes`` lists the
    classes that are green space (e.g. ``["G1", "G2", "G3"]`` in GB 50137: parks, protective
    green, squares; attached green where the data has it).

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    landuse : GeoDataFrame
        Land-use polygons.
    class_col : str
        Their class column.
    green_classes : sequence
        The classes that are green space.
    base : 'unit', 'land' or GeoDataFrame, default 'unit'
        As in :func:`green_coverage`.
    water : GeoDataFrame, optional
        Water for ``base='land'``.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``green_space_m2``, ``base_m2``, ``green_space_ratio`` and
        ``base``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import green
    >>> unit = gpd.GeoDataFrame({"name": ["u"]}, geometry=[box(0, 0, 1000, 1000)], crs=4549)
    >>> lu = gpd.GeoDataFrame({"cls": ["G1", "R2"]},
    ...                       geometry=[box(0, 0, 1000, 250), box(0, 250, 1000, 1000)], crs=4549)
    >>> r = green.green_space_ratio(unit, lu, class_col="cls", green_classes=["G1"])
    >>> float(r["green_space_ratio"].iloc[0])
    0.25
    """
    res = green_coverage(
        units, landuse, classes=list(green_classes), class_col=class_col, base=base, water=water
    )
    res = res.rename(columns={"green_m2": "green_space_m2", "green_ratio": "green_space_ratio"})
    res.attrs["green"] = {**res.attrs.get("green", {}), "indicator": "绿地率 (green space ratio)"}
    return res


def park_service_coverage(
    units: gpd.GeoDataFrame,
    parks: gpd.GeoDataFrame,
    *,
    tiers: Sequence[tuple[float, float]] = ((5000.0, 500.0), (2000.0, 300.0)),
    base: Any = "land",
    residential: gpd.GeoDataFrame | None = None,
    water: gpd.GeoDataFrame | None = None,
) -> gpd.GeoDataFrame:
    """Park service-radius coverage (公园绿地服务半径覆盖率) per unit.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    parks : GeoDataFrame
        Park polygons.
    tiers : sequence of (min_park_area_m2, radius_m)
        A park serves the radius of the largest tier whose minimum area it reaches; parks
        below every tier serve nothing. Default: >= 5,000 m² serve 500 m, >= 2,000 m² 300 m.
        Service areas are measured from the park's edge.
    residential : GeoDataFrame, optional
        Residential land: the base becomes the unit's residential land.
    base : 'unit', 'land' or GeoDataFrame, default 'land'
        As in :func:`green_coverage`.
    water : GeoDataFrame, optional
        Water for ``base='land'``.

    Returns
    -------
    GeoDataFrame
        The units with ``served_m2``, ``base_m2``, ``service_ratio``, ``base`` and
        ``n_parks_serving`` (parks large enough to serve, in the whole layer).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import green
    >>> unit = gpd.GeoDataFrame({"name": ["u"]}, geometry=[box(0, 0, 1000, 1000)], crs=4549)
    >>> park = gpd.GeoDataFrame(geometry=[box(0, 0, 100, 1000)], crs=4549)  # 10 ha
    >>> r = green.park_service_coverage(unit, park, base="unit")
    >>> float(r["service_ratio"].iloc[0])  # a 500 m band east of the park's edge, plus the park
    0.6
    """
    import numpy as np
    import shapely

    from ..crs import to_analysis_crs

    require_geodataframe(units, "units")
    require_polygons(units, "units")
    require_geodataframe(parks, "parks")
    require_polygons(parks, "parks")
    rules = _tiers(tiers)
    units_m = to_analysis_crs(units, "units")
    parks_m = to_analysis_crs(parks, "parks")
    areas = parks_m.area.to_numpy()
    radius = np.zeros(len(parks_m))
    for min_area, r in reversed(rules):
        radius[areas >= min_area] = r
    serving = radius > 0
    service = (
        shapely.union_all(circles(parks_m.geometry.values[serving], radius[serving]))
        if serving.any()
        else shapely.Polygon()
    )
    if residential is not None:
        bases, name = _base_geometries(units_m, residential, water)
        name = "residential"
    else:
        bases, name = _base_geometries(units_m, base, water)
    base_area = shapely.area(bases)
    served = shapely.area(shapely.intersection(bases, service))
    out = units.copy()
    out["served_m2"] = served
    out["base_m2"] = base_area
    out["service_ratio"] = np.divide(
        served, base_area, out=np.full(len(base_area), np.nan), where=base_area > 0
    )
    out["base"] = name
    out["n_parks_serving"] = int(serving.sum())
    return out


# ----------------------------------------------------------------------------- OSM


def _tiers(tiers: Any) -> list[tuple[float, float]]:
    """(min_area_m2, radius_m) pairs, largest area first; anything else is refused."""
    import math

    bad = InputError(
        "tiers must be a list of (min_park_area_m2 >= 0, radius_m > 0) pairs of finite "
        f"numbers, e.g. [(5000, 500), (2000, 300)]; received {tiers!r}."
    )
    try:
        rules = []
        for tier in tiers:
            a, r = tier
            if isinstance(a, bool) or isinstance(r, bool):
                raise bad
            rules.append((float(a), float(r)))
    except (TypeError, ValueError):
        raise bad from None
    if not rules or any(
        not (math.isfinite(a) and math.isfinite(r)) or r <= 0 or a < 0 for a, r in rules
    ):
        raise bad
    return sorted(rules, reverse=True)


def compare_with_plan(
    measured: gpd.GeoDataFrame,
    *,
    data_date: str,
    data_source: str,
) -> pd.DataFrame:
    """Put a measured green coverage ratio beside the plan's baseline and target.

    ``measured`` is a :func:`green_coverage` result; the ratio over all its units is
    sum(green_m2) / sum(base_m2). Returns one row: the measured ratio (%), the plan's 2020
    baseline (39.2 %) and 2025 target (40.5 %), the gap to the target, the base used, the
    date and source of the input data, and the plan citation.

    Parameters
    ----------
    measured : GeoDataFrame
        A :func:`green_coverage` result.
    data_date : str
        When the green data was captured.
    data_source : str
        Where it came from.

    Returns
    -------
    DataFrame
        One row.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import green
    >>> unit = gpd.GeoDataFrame({"name": ["u"]}, geometry=[box(0, 0, 1000, 1000)], crs=4549)
    >>> parks = gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 420)], crs=4549)
    >>> row = green.compare_with_plan(green.green_coverage(unit, parks),
    ...                               data_date="2025-06", data_source="survey")
    >>> float(row["measured_pct"].iloc[0]), bool(row["meets_target"].iloc[0])
    (42.0, True)
    """
    import pandas as pd

    from ..plan import INDICATORS

    for col in ("green_m2", "base_m2"):
        if col not in measured.columns:
            raise InputError(
                f"measured must be a green_coverage() result with {col!r}; columns: "
                f"{list(measured.columns)}."
            )
    if len(measured) == 0 or not (measured["base_m2"] > 0).any():
        raise InputError(
            "measured has no unit with a base area; run green.green_coverage on non-empty units."
        )
    if hasattr(measured, "geometry") and len(measured) > 1:
        from ..crs import to_analysis_crs

        geoms = to_analysis_crs(measured, "measured").geometry
        twice = float(geoms.area.sum() - geoms.union_all().area)
        if twice > 1e-6 * float(geoms.area.sum()):
            raise InputError(
                f"the units overlap ({twice / 1e6:.2f} km² lies in more than one unit), so "
                "summing them would count that land twice. Measure non-overlapping units -- "
                "the district, a grid, or the zones dissolved (units.dissolve()) -- for the "
                "plan's district-wide ratio."
            )
    ind: dict[str, Any] = next(i for i in INDICATORS if i["indicator_id"] == "green_coverage_ratio")
    total_base = float(measured["base_m2"].sum())
    ratio = float(measured["green_m2"].sum()) / total_base * 100 if total_base > 0 else math.nan
    return pd.DataFrame(
        [
            {
                "indicator": ind["name_zh"],
                "measured_pct": ratio,
                "baseline_pct": float(ind["baseline"]),
                "baseline_year": int(ind["baseline_year"]),
                "target_pct": float(ind["target"]),
                "target_year": int(ind["target_year"]),
                "gap_to_target_pct": ratio - float(ind["target"]),
                "meets_target": bool(ratio >= float(ind["target"])),
                "base": ";".join(sorted(set(measured.get("base", ["?"])))),
                "base_note": "the plan's figure is for the built-up area (城区); measure with "
                "base=<built-up polygons> for a like-for-like comparison",
                "data_date": data_date,
                "data_source": data_source,
                "plan_citation": ind["citation"],
            }
        ]
    )


MAPPED_GREEN_LABEL = "OSM-mapped green space share (not 绿化覆盖率)"


def mapped_green_share(units: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """The share of each unit covered by green space mapped in OpenStreetMap.

    On the embedded green space of western Shangcheng (:func:`shangcheng_geo.datasets.
    green_space`). This is a proxy, not the plan's 绿化覆盖率: OSM maps parks, gardens,
    grass and woods, not street trees, courtyards or roof gardens, so it reads low; and the
    extract covers the west only, so a unit partly beyond it reads lower still.

    Parameters
    ----------
    units : GeoDataFrame, optional
        Polygons in any CRS; default the 14 subdistricts (the 5 without a boundary give no
        data).

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``green_space_m2``, ``base_m2`` and ``green_space_share``
        (0-1, NaN where there is no boundary); ``attrs["green"]["indicator"]`` names the
        proxy and its provenance carries the OSM attribution and extent.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import green
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 5 subdistricts have no boundary: no data
    ...     share = green.mapped_green_share()
    >>> share.attrs["green"]["indicator"]
    'OSM-mapped green space share (not 绿化覆盖率)'
    """
    from .. import datasets

    if units is None:
        units = datasets.subdistricts(geometry=True)
    layer = datasets.green_space()
    cov = green_coverage(units, layer, base="unit")
    out = cov.rename(columns={"green_m2": "green_space_m2", "green_ratio": "green_space_share"})
    out = out.drop(columns=["base"])
    out.attrs["green"] = {**cov.attrs.get("green", {}), "indicator": MAPPED_GREEN_LABEL}
    out.attrs["provenance"] = layer.attrs["provenance"]
    return out
