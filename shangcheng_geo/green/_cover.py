"""Green cover ratios per unit: 绿化覆盖率 from vector polygons or rasters, and 绿地率.

The one measurement the green family's indicators share: the green area inside each unit's
base (the union of green, never the sum) over the base's area. The raster path is
:mod:`._raster`; the definitions and the public names are in :mod:`shangcheng_geo.green.measure`.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> from shangcheng_geo.green import green_coverage
>>> unit = gpd.GeoDataFrame(geometry=[box(0, 0, 100, 100)], crs="EPSG:4549")
>>> trees = gpd.GeoDataFrame(geometry=[box(0, 0, 40, 100)], crs="EPSG:4549")
>>> float(green_coverage(unit, trees)["green_ratio"].iloc[0])
0.4
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError, warn
from .._geom import is_raster
from .._validate import require_geodataframe, require_polygons
from ._raster import check_bands, raster_green
from .kinds import indicator_of, resolve

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["green_coverage", "green_space_ratio"]


def _base_geometries(units_m: gpd.GeoDataFrame, base: Any, water: Any) -> tuple[Any, str]:
    """Base polygons per unit in the analysis CRS, and the base's name (the one base rule)."""
    import geopandas as gpd

    from ..access.bases import base_geometries

    name = "mask" if isinstance(base, gpd.GeoDataFrame) else str(base)
    return base_geometries(units_m, base=base, water=water), name


def _is_raster_input(green: Any) -> bool:
    """The library's raster rule (:func:`shangcheng_geo._geom.is_raster`), plus a (red, nir)
    pair of rasters."""
    if isinstance(green, tuple) and len(green) == 2:
        return all(is_raster(g) for g in green)
    return is_raster(green)


def _raster_columns(
    index: Any, base_area: Any, g_sum: Any, valid: Any, nodata: Any, beyond: Any
) -> dict[str, Any]:
    """The raster path's columns from its area sums: the part of a unit beyond the raster,
    or on nodata pixels, is no data (named in warnings), never counted as not green."""
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
    kind: str = "auto",
    extent: Any = "auto",
) -> gpd.GeoDataFrame:
    """Green coverage ratio (绿化覆盖率) per unit from vegetation cover, or the share of
    mapped green space (已测绘绿地占比) from green space mapped in OpenStreetMap.

    What is measured follows the data (:mod:`shangcheng_geo.green.kinds`): land cover, NDVI
    and vector polygons of vegetation give 绿化覆盖率 (``green_ratio``); green space mapped
    in OpenStreetMap (the embedded :func:`shangcheng_geo.datasets.green_space`, or any layer
    whose provenance or ``source`` says OpenStreetMap) gives the proxy
    ``mapped_green_share``, named "已测绘绿地占比（OSM，非绿化覆盖率）" wherever it is shown:
    OSM maps parks, gardens and grass, not street trees, courtyards or roof green.

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
        Raster: the red and near-infrared bands of one multi-band image, for NDVI (with
        ``ndvi_threshold``); anything but two different band numbers is refused.
    datum : {'wgs84', 'gcj02', 'bd09'}, optional
        Vector lon/lat green space in GCJ-02 (Amap) or BD-09 (Baidu) is converted first.
    tile : int, optional
        Rasters are read in windows of at most ``tile`` x ``tile`` pixels (default 2048), so
        memory stays bounded whatever the raster's size.
    kind : {'auto', 'canopy', 'mapped_green'}, default 'auto'
        What a vector layer holds: ``'canopy'`` (vegetation cover: 绿化覆盖率) or
        ``'mapped_green'`` (mapped green space: the proxy). ``'auto'`` reads the layer's
        provenance: OpenStreetMap is mapped green, anything else canopy. Rasters are canopy.
    extent : 'auto', GeoDataFrame, shapely geometry or None, default 'auto'
        Vector: the area the green layer maps; the part of a unit outside it has no data
        (``nodata_share``), is left out of the ratio, and a unit wholly outside it gets NaN,
        never 0 %. ``'auto'``: for a layer of the embedded OpenStreetMap extract
        (:func:`shangcheng_geo.datasets.green_space`), the area it maps
        (:func:`shangcheng_geo.datasets.mapped_area`: the 9 subdistricts it closes; it holds
        nothing of the east); for any other layer, none (it is taken to map all the units).
        GeoDataFrames in any CRS; a bare geometry in the analysis CRS.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``green_m2``, ``base_m2``, ``green_ratio`` and ``base``;
        for rasters also ``nodata_share`` (share of the base without data, excluded from the
        ratio: ``green_ratio`` = green / observed base, ``green_m2`` = green observed). For
        mapped green space the columns are ``mapped_green_m2`` and ``mapped_green_share``.
        ``attrs['green']`` names the indicator (``indicator``, ``indicator_zh``, ``kind``,
        ``column``, ``comparable_with_plan``), the base and the input. A vector layer with an
        extent adds ``nodata_share`` (the share of the base outside the layer's extent).

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
    >>> osm = green.green_coverage(unit, parks.assign(source="OpenStreetMap"))  # mapped green
    >>> float(osm["mapped_green_share"].iloc[0]), osm.attrs["green"]["indicator_zh"]
    (0.3, '已测绘绿地占比（OSM，非绿化覆盖率）')
    """
    import shapely

    from ..access import Units

    prepared = Units(units)  # empty boundaries pass, named: their ratio is no data
    units_m = prepared.metric
    bases, base_name = _base_geometries(units_m, base, water)
    base_area = shapely.area(bases)
    out = units.copy()
    raster = _is_raster_input(green)
    if not raster and isinstance(green, str | os.PathLike):  # a vector file (datum applied)
        from ..datasets import read_file

        green, datum = read_file(green, datum=datum), None
    ind = resolve(kind, green, raster=raster)
    if raster:
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
        check_bands(bands, raster=False, pair=False, ndvi=False)
        union = _green_union(green, classes=classes, class_col=class_col, datum=datum)
        mapped = _extent_metric(extent, green)
        seen = bases if mapped is None else shapely.intersection(bases, mapped)
        observed = shapely.area(seen)  # the part of each base the layer maps
        green_area = shapely.area(shapely.intersection(seen, union))
        out[ind.area_column] = green_area
        out["base_m2"] = base_area
        out[ind.column] = np.divide(
            green_area, observed, out=np.full(len(base_area), np.nan), where=observed > 0
        )
        if mapped is not None:
            out["nodata_share"] = _outside_share(units.index, base_area, observed)
    out["base"] = base_name
    out.attrs["green"] = {
        "indicator": ind.indicator,
        "indicator_zh": ind.name_zh,
        "kind": ind.kind,
        "column": ind.column,
        "comparable_with_plan": ind.comparable,
        "base": base_name,
        "input": "raster" if raster else "vector",
        "source": _source_of(green, raster=raster),
        "classes": None if classes is None else str(classes),
        "ndvi_threshold": ndvi_threshold,
    }
    return out


def _source_of(green: Any, *, raster: bool) -> str | None:
    """Whose green data was measured, for the maps' credit line: the layer's attribution (or
    source), else its features' sources; a raster's file name; None when nothing says."""
    if raster:
        name = getattr(green, "name", green)
        return os.path.basename(str(name)) if isinstance(name, str | os.PathLike) else None
    prov = getattr(green, "attrs", {}).get("provenance") or {}
    said = prov.get("attribution") or prov.get("source")
    if said:
        return str(said)
    if "source" in getattr(green, "columns", ()):
        found = sorted({str(v) for v in green["source"].dropna() if str(v).strip()})
        return "; ".join(found[:3]) or None
    return None


def _extent_metric(extent: Any, green: Any) -> Any:
    """The area the green layer maps, in the analysis CRS, or None (it maps everything)."""
    import shapely

    from ..crs import to_analysis_crs

    if isinstance(extent, str) and extent == "auto":
        from ..datasets import mapped_area  # the embedded extract's 9 subdistricts, or None

        return mapped_area(green)
    if extent is None:
        return None
    if isinstance(extent, shapely.Geometry):
        return extent
    require_geodataframe(extent, "extent")
    return shapely.union_all(to_analysis_crs(extent, "extent").geometry.values)


def _outside_share(index: Any, base_area: Any, observed: Any) -> Any:
    """Share of each base outside the layer's extent, with the units concerned named."""
    share = np.divide(
        base_area - observed, base_area, out=np.full(len(base_area), np.nan), where=base_area > 0
    )
    share = np.where(share < 1e-9, 0.0, np.clip(share, 0.0, 1.0))  # float noise is no gap
    outside = (base_area > 0) & (observed <= 0)
    partly = (share > 1e-9) & ~outside
    if outside.any():
        warn(
            f"{int(outside.sum())} unit(s) lie outside the green layer's extent (index "
            f"{list(index[outside])[:10]}): no green data there, their share is NaN, not 0 %."
        )
    if partly.any():
        warn(
            f"{int(partly.sum())} unit(s) extend beyond the green layer's extent (index "
            f"{list(index[partly])[:10]}): the part outside it has no data, is counted in "
            "nodata_share and left out of the share."
        )
    return share


def _green_union(green: Any, *, classes: Any, class_col: str | None, datum: str | None) -> Any:
    from ..crs import from_datum, to_analysis_crs

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
    ind = indicator_of(res)  # land classified as green space, from a survey or from OSM
    res = res.rename(columns={ind.area_column: "green_space_m2", ind.column: "green_space_ratio"})
    res.attrs["green"] = {
        **res.attrs.get("green", {}),
        "indicator": "绿地率 (green space ratio)",
        "indicator_zh": "绿地率",
        "kind": "green_space",
        "column": "green_space_ratio",
        "comparable_with_plan": False,
    }
    return res
