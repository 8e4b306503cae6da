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
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import InputError
from ._validate import require_geodataframe, require_polygons

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
    "park_service_coverage",
]

# Class maps of common land-cover products, and which classes count as green (vegetation
# cover in a city; cropland is vegetation but not urban greening, so it is left out by
# default -- pass explicit class values to count it).
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

# OpenStreetMap tags that mark vegetated ground.
OSM_GREEN_TAGS: dict[str, tuple[str, ...]] = {
    "leisure": ("park", "garden", "nature_reserve", "golf_course"),
    "landuse": (
        "grass",
        "forest",
        "meadow",
        "recreation_ground",
        "village_green",
        "orchard",
        "vineyard",
        "plant_nursery",
        "greenery",
    ),
    "natural": ("wood", "scrub", "grassland", "heath", "wetland"),
}


# ----------------------------------------------------------------------------- helpers


def _base_geometries(units_m: gpd.GeoDataFrame, base: Any, water: Any) -> tuple[Any, str]:
    """Base polygons per unit in the analysis CRS, and the base's name."""
    import geopandas as gpd
    import shapely

    from . import datasets
    from .crs import to_analysis_crs

    geoms = units_m.geometry.values
    if isinstance(base, gpd.GeoDataFrame):
        require_polygons(base, "base mask")
        mask = to_analysis_crs(base, "base mask").geometry.union_all()
        return shapely.intersection(geoms, mask), "mask"
    if base == "unit":
        return geoms, "unit"
    if base == "land":
        layer = datasets.water() if water is None else water
        require_geodataframe(layer, "water")
        cut = to_analysis_crs(layer, "water").geometry.union_all()
        return shapely.difference(geoms, cut), "land"
    raise InputError(
        f"base must be 'unit', 'land' or a GeoDataFrame of built-up polygons; received {base!r}."
    )


def _class_values(classes: Any) -> tuple[str, tuple[float, ...]]:
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


def _is_raster_input(green: Any) -> bool:
    """The library's raster rule (:func:`shangcheng_geo._geom.is_raster`), plus a (red, nir)
    pair of rasters."""
    from ._geom import is_raster

    if isinstance(green, tuple) and len(green) == 2:
        return all(is_raster(g) for g in green)
    return is_raster(green)


# ----------------------------------------------------------------------------- coverage


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
    >>> unit = gpd.GeoDataFrame({"name": ["u"]}, geometry=[box(0, 0, 1000, 1000)], crs=4549)
    >>> parks = gpd.GeoDataFrame(geometry=[box(0, 0, 500, 400), box(250, 0, 750, 400)], crs=4549)
    >>> float(green.green_coverage(unit, parks)["green_ratio"].iloc[0])  # overlap counted once
    0.3
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "green.gpkg")
    >>> parks.to_file(path)
    >>> float(green.green_coverage(unit, path)["green_ratio"].iloc[0])  # a vector file
    0.3
    """
    import numpy as np
    import shapely

    from .crs import to_analysis_crs

    require_geodataframe(units, "units")
    require_polygons(units, "units")
    units_m = to_analysis_crs(units, "units")
    bases, base_name = _base_geometries(units_m, base, water)
    base_area = shapely.area(bases)
    out = units.copy()
    if _is_raster_input(green):
        g_sum, valid, nodata = _raster_green(
            units_m,
            bases,
            green,
            classes=classes,
            ndvi_threshold=ndvi_threshold,
            band=band,
            bands=bands,
            tile=tile,
        )
        total = valid + nodata
        outside = (total == 0) & (base_area > 0)
        if outside.any():
            import warnings

            from ._errors import DataQualityWarning

            warnings.warn(
                f"{int(outside.sum())} unit(s) lie outside the raster (index "
                f"{list(units.index[outside])[:10]}): their green ratio is NaN.",
                DataQualityWarning,
                stacklevel=2,
            )
        observed = np.divide(valid, total, out=np.zeros_like(valid), where=total > 0)
        ratio = np.divide(g_sum, valid, out=np.full(len(valid), np.nan), where=valid > 0)
        out["green_m2"] = np.nan_to_num(ratio) * observed * base_area
        out["base_m2"] = base_area
        out["green_ratio"] = np.clip(ratio, 0.0, 1.0)
        out["nodata_share"] = np.divide(
            nodata, total, out=np.full(len(total), np.nan), where=total > 0
        )
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
    from .crs import from_datum, to_analysis_crs

    if isinstance(green, str | os.PathLike):  # a vector file: read it (datum applied there)
        from .datasets import read_file

        green, datum = read_file(green, datum=datum), None
    require_geodataframe(green, "green")
    if len(green) == 0:
        import warnings

        from ._errors import DataQualityWarning

        warnings.warn(
            "the green layer is empty: every green ratio is 0.", DataQualityWarning, stacklevel=3
        )
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
        layer = layer[layer[class_col].isin(wanted)]
    require_polygons(layer, "green")
    return to_analysis_crs(layer, "green").geometry.union_all()


def _raster_green(
    units_m: gpd.GeoDataFrame,
    bases: Any,
    green: Any,
    *,
    classes: Any,
    ndvi_threshold: float | None,
    band: int,
    bands: tuple[int, int] | None,
    tile: int | None,
) -> tuple[Any, Any, Any]:
    from functools import partial

    import numpy as np

    from .raster import DEFAULT_TILE, open_raster
    from .raster import zonal_sums as _zonal_sums

    zonal_sums = partial(_zonal_sums, tile=tile or DEFAULT_TILE)
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
        name, values = _class_values(classes)
        with open_raster(green) as ds:
            _check_classes(ds, band, values, name)
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
    )


def _check_classes(ds: Any, band: int, values: Sequence[float], name: str) -> None:
    """Warn when none of the green classes occur in a sample of the raster."""
    import warnings

    import numpy as np

    from ._errors import DataQualityWarning

    step = max(1, int(max(ds.width, ds.height) / 512))
    sample = ds.read(band, out_shape=(max(1, ds.height // step), max(1, ds.width // step)))
    present = set(np.unique(sample).tolist())
    if not present & set(values):
        warnings.warn(
            f"none of the green classes {sorted(values)} ({name}) occur in a sample of "
            f"{ds.name!r}, which holds {sorted(present)[:20]}: wrong class map or band?",
            DataQualityWarning,
            stacklevel=4,
        )


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

    from .crs import to_analysis_crs

    require_geodataframe(units, "units")
    require_polygons(units, "units")
    require_geodataframe(parks, "parks")
    require_polygons(parks, "parks")
    rules = sorted(((float(a), float(r)) for a, r in tiers), reverse=True)
    if not rules or any(r <= 0 or a < 0 for a, r in rules):
        raise InputError(f"tiers must be (min_area_m2 >= 0, radius_m > 0) pairs; got {tiers!r}.")
    units_m = to_analysis_crs(units, "units")
    parks_m = to_analysis_crs(parks, "parks")
    areas = parks_m.area.to_numpy()
    radius = np.zeros(len(parks_m))
    for min_area, r in reversed(rules):
        radius[areas >= min_area] = r
    serving = radius > 0
    service = (
        shapely.union_all(
            shapely.buffer(parks_m.geometry.values[serving], radius[serving], quad_segs=64)
        )
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


def green_from_osm(
    path: str | os.PathLike[str], *, tags: dict[str, tuple[str, ...]] | None = None
) -> gpd.GeoDataFrame:
    """Green polygons from a local OpenStreetMap XML file (``.osm``, ``.osm.bz2``, ``.osm.gz``).

    Closed ways and multipolygon relations tagged with any of ``tags`` (default
    :data:`OSM_GREEN_TAGS`: leisure=park/garden, landuse=grass/forest/meadow/..., natural=
    wood/scrub/grassland/...) become polygons (relations: outer rings minus inner rings).
    Returns ``osm_id``, ``osm_type``, ``tag`` (``key=value``), ``name`` and the geometry in
    EPSG:4326, attributed to OpenStreetMap contributors (ODbL). With OSMnx online,
    ``ox.features_from_place(place, tags)`` gives the same selection.

    Parameters
    ----------
    path : path
        The OSM XML file.
    tags : dict, optional
        ``{key: (values...)}``; default :data:`OSM_GREEN_TAGS`.

    Returns
    -------
    GeoDataFrame
        The green polygons.

    Examples
    --------
    >>> from pathlib import Path
    >>> import shangcheng_geo as sg
    >>> from shangcheng_geo import green
    >>> osm = Path(sg.__file__).parents[1] / "tests" / "data" / "West-Oakland.osm.bz2"
    >>> g = green.green_from_osm(osm) if osm.exists() else None  # a source checkout
    >>> g is None or bool((g.geom_type.isin(["Polygon", "MultiPolygon"])).all())
    True
    """
    import geopandas as gpd
    import shapely
    from shapely.ops import linemerge, polygonize

    from ._osm import read_osm_xml

    wanted = OSM_GREEN_TAGS if tags is None else tags
    p = Path(path)
    if not p.exists():
        raise InputError(f"OSM file not found: {str(p)!r}.")
    data = read_osm_xml(p, relations=True)
    nodes, ways, relations = data.nodes, data.ways, data.relations

    def match(t: dict[str, str]) -> str | None:
        for key, values in wanted.items():
            if t.get(key) in values:
                return f"{key}={t[key]}"
        return None

    def line(refs: list[int]) -> Any:
        pts = [nodes[r] for r in refs if r in nodes]
        return shapely.LineString(pts) if len(pts) >= 2 else None

    rows = []
    for wid, (refs, wtags) in ways.items():
        tag = match(wtags)
        if tag and len(refs) >= 4 and refs[0] == refs[-1]:
            ring = [nodes[r] for r in refs if r in nodes]
            if len(ring) >= 4:
                poly = shapely.make_valid(shapely.Polygon(ring))
                rows.append(
                    {
                        "osm_id": wid,
                        "osm_type": "way",
                        "tag": tag,
                        "name": wtags.get("name"),
                        "geometry": poly,
                    }
                )
    for rid, members, rtags in relations:
        tag = match(rtags)
        if not tag or rtags.get("type") != "multipolygon":
            continue
        outer = [
            line(ways[ref][0])
            for typ, ref, role in members
            if typ == "way" and role != "inner" and ref in ways
        ]
        inner = [
            line(ways[ref][0])
            for typ, ref, role in members
            if typ == "way" and role == "inner" and ref in ways
        ]
        outer_polys = list(polygonize(linemerge([g for g in outer if g is not None])))
        if not outer_polys:
            continue
        poly = shapely.union_all(outer_polys)
        inner_polys = (
            list(polygonize(linemerge([g for g in inner if g is not None]))) if inner else []
        )
        if inner_polys:
            poly = poly.difference(shapely.union_all(inner_polys))
        rows.append(
            {
                "osm_id": rid,
                "osm_type": "relation",
                "tag": tag,
                "name": rtags.get("name"),
                "geometry": shapely.make_valid(poly),
            }
        )
    gdf = gpd.GeoDataFrame(
        rows,
        columns=["osm_id", "osm_type", "tag", "name", "geometry"],
        geometry="geometry",
        crs="EPSG:4326",
    )
    gdf["source"] = f"OpenStreetMap ({p.name})"
    gdf["licence"] = "ODbL-1.0, © OpenStreetMap contributors"
    gdf.attrs["provenance"] = {
        "layer": "osm_green",
        "source": str(p),
        "licence": "ODbL-1.0",
        "attribution": "© OpenStreetMap contributors",
        "source_datum": "WGS84",
    }
    return gdf


def green_from_features(
    features: gpd.GeoDataFrame, *, tags: dict[str, tuple[str, ...]] | None = None
) -> gpd.GeoDataFrame:
    """Select green polygons from an OSM features table, e.g. ``osmnx.features_from_place``.

    ``features`` has one column per OSM key (``leisure``, ``landuse``, ``natural``...), as
    OSMnx returns it. Polygons whose tags match ``tags`` (default :data:`OSM_GREEN_TAGS`) are
    kept, with ``tag``, ``name``, ``source`` and ``licence`` (ODbL) columns; points and lines
    are dropped. The result is in EPSG:4326.

    Parameters
    ----------
    features : GeoDataFrame
        An OSM features table.
    tags : dict, optional
        ``{key: (values...)}``; default :data:`OSM_GREEN_TAGS`.

    Returns
    -------
    GeoDataFrame
        The green polygons.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import green
    >>> f = gpd.GeoDataFrame({"leisure": ["park", "park", None], "name": ["a", "b", "c"]},
    ...     geometry=[box(120.20, 30.28, 120.21, 30.29), Point(120.2, 30.3),
    ...               box(120.21, 30.28, 120.22, 30.29)], crs=4326)
    >>> green.green_from_features(f)["name"].tolist()  # the park polygon only
    ['a']
    """
    import numpy as np

    from .crs import require_crs

    require_geodataframe(features, "features")
    require_crs(features, "features")
    wanted = OSM_GREEN_TAGS if tags is None else tags
    label = np.full(len(features), None, dtype=object)
    for key, values in wanted.items():
        if key in features.columns:
            hit = features[key].isin(values).to_numpy() & (label == None)  # noqa: E711
            label[hit] = key + "=" + features.loc[hit, key].astype(str).to_numpy()
    keep = (label != None) & features.geom_type.isin(["Polygon", "MultiPolygon"]).to_numpy()  # noqa: E711
    out = features.loc[keep, [features.geometry.name]].copy()
    out.insert(0, "tag", label[keep])
    names = features["name"] if "name" in features.columns else None
    out.insert(1, "name", names[keep].to_numpy() if names is not None else None)
    out["source"] = "OpenStreetMap"
    out["licence"] = "ODbL-1.0, © OpenStreetMap contributors"
    out = out.to_crs("EPSG:4326")
    out.attrs["provenance"] = {
        "layer": "osm_green",
        "source": "OpenStreetMap features",
        "licence": "ODbL-1.0",
        "attribution": "© OpenStreetMap contributors",
        "source_datum": "WGS84",
    }
    return out


def green_from_osmnx(
    place: str, *, tags: dict[str, tuple[str, ...]] | None = None
) -> gpd.GeoDataFrame:
    """Fetch green features for a place with OSMnx (needs the ``osm`` extra and a network).

    Parameters
    ----------
    place : str
        A place name OSMnx geocodes.
    tags : dict, optional
        ``{key: (values...)}``; default :data:`OSM_GREEN_TAGS`.

    Returns
    -------
    GeoDataFrame
        The green polygons (see :func:`green_from_features`).

    Examples
    --------
    >>> from shangcheng_geo import green
    >>> g = green.green_from_osmnx("上城区, 杭州市, 浙江省, 中国")  # doctest: +SKIP
    """
    try:
        import osmnx as ox
    except ImportError:
        from ._errors import MissingDependencyError

        raise MissingDependencyError(
            "fetching OSM features needs osmnx: pip install 'shangcheng_geo[osm]'; offline, "
            "read a local extract with green_from_osm(path)."
        ) from None
    wanted = OSM_GREEN_TAGS if tags is None else tags
    features = ox.features_from_place(place, {k: list(v) for k, v in wanted.items()})
    return green_from_features(features, tags=wanted)


# ----------------------------------------------------------------------------- plan


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

    from .indicators import get

    for col in ("green_m2", "base_m2"):
        if col not in measured.columns:
            raise InputError(
                f"measured must be a green_coverage() result with {col!r}; columns: "
                f"{list(measured.columns)}."
            )
    ind = get("green_coverage_ratio")
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
                "data_date": data_date,
                "data_source": data_source,
                "plan_citation": ind["citation"],
            }
        ]
    )
