"""Bring your own plan zones: validate official drawings and make zones from map coordinates.

A replacement layer -- GeoPackage, GeoJSON or Shapefile, in WGS84, GCJ-02, BD-09 or any
projected CRS -- is loaded and checked in one call (:func:`load_zones`);
:func:`shangcheng_geo.plan.version_from_zones` makes a plan version of it, which
:func:`shangcheng_geo.plan.structure` and every analysis
and map take it unchanged.

Examples
--------
>>> from shangcheng_geo import zones
>>> # corners picked on Amap's coordinate picker (GCJ-02) around the East Station plaza
>>> z = zones.zone_from_coords(
...     [(120.2105, 30.2880), (120.2190, 30.2880), (120.2190, 30.2950), (120.2105, 30.2950)],
...     datum="gcj02", element_id="star:east_station_hub", name_zh="东站枢纽（官方）")
>>> z.crs.to_epsg(), z["element_id"].iloc[0]
(4326, 'star:east_station_hub')
>>> checked = zones.validate_zones(z)
>>> len(checked)
1
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._errors import CRSError, InputError
from .._provenance import provenance
from .._validate import (
    positive_metres,
    require_geodataframe,
    require_polygons,
    require_unique_ids,
)

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["REQUIRED_COLUMNS", "load_zones", "validate_zones", "zone_from_coords"]

REQUIRED_COLUMNS = ("element_id", "name_zh")
_DEFAULTS = {
    "name_en": None,
    "element_type": "zone",
    "concept": None,
    "role_zh": None,
    "citation": None,
    "status": "user-supplied",
    "method": "user-supplied polygon",
    "source": "user",
    "licence": "user data",
    "confidence": "official",
}


def _check_degrees(gdf: gpd.GeoDataFrame) -> None:
    minx, miny, maxx, maxy = gdf.total_bounds
    if min(miny, maxy) < -90 or max(miny, maxy) > 90 or min(minx, maxx) < -180 or maxx > 180:
        raise InputError(
            f"zones are labelled {gdf.crs.to_string()} (degrees) but span x {minx:g}..{maxx:g}, "
            f"y {miny:g}..{maxy:g}, outside lon/lat range. Is the lon/lat order swapped, or are "
            "these projected metres with a wrong CRS label?"
        )


def validate_zones(
    zones: gpd.GeoDataFrame,
    *,
    datum: str | None = None,
    max_distance_m: float = 2000,
    source: str | None = None,
) -> gpd.GeoDataFrame:
    """Check a zone layer against the plan-layer schema and return it in EPSG:4326.

    Checks, each with a message that names the rows and the fix: a GeoDataFrame with the
    columns ``element_id`` and ``name_zh``; unique, non-empty ids; a CRS (or ``datum`` for
    GCJ-02/BD-09 lon/lat); valid, non-empty polygons; each zone within ``max_distance_m`` of
    the district (a zone far away usually means the wrong datum or swapped lon/lat).

    Missing optional columns are added (``status = "user-supplied"``, ``confidence =
    "official"`` unless given). The input is not modified.

    Parameters
    ----------
    zones : GeoDataFrame
        The zones.
    datum : str, optional
        Datum of lon/lat coordinates without a CRS (``'gcj02'``, ``'bd09'``).
    max_distance_m : float, default 2000
        How far from the district a zone may lie.
    source : str, optional
        Provenance text for the ``source`` column.

    Returns
    -------
    GeoDataFrame
        A validated copy in EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import plan, zones
    >>> z = zones.validate_zones(plan.structure("14th").iloc[[1, 2]])
    >>> z.crs.to_epsg(), len(z)
    (4326, 2)
    """
    import numpy as np

    from .. import datasets
    from ..crs import from_datum, normalize_datum, to_analysis_crs

    require_geodataframe(zones, "zones")
    limit = positive_metres(max_distance_m, "max_distance_m", allow_inf=True)
    missing = [c for c in REQUIRED_COLUMNS if c not in zones.columns]
    if missing:
        raise InputError(
            f"zones lack the required column(s) {missing}; found {list(zones.columns)}. Rename "
            "yours, e.g. gdf.rename(columns={'id': 'element_id', 'name': 'name_zh'}), or pass "
            "id_col=/name_col= to load_zones()."
        )
    ids = zones["element_id"]
    blank = ids.isna() | (ids.astype(str).str.strip() == "")
    if blank.any():
        raise InputError(
            f"zones have {int(blank.sum())} row(s) with an empty element_id (index "
            f"{list(zones.index[blank])[:8]}); give every zone a unique id."
        )
    require_unique_ids(
        ids,
        "zones",
        "element_id",
        "Each zone needs a unique id; dissolve parts of one zone with gdf.dissolve('element_id').",
    )
    if datum is not None and normalize_datum(datum) != "wgs84":
        out = from_datum(zones, datum)
    elif zones.crs is None:
        if datum is None:
            raise CRSError(
                "zones have no CRS. Set it (gdf.set_crs(...)) or say which lon/lat datum the "
                "coordinates use: datum='wgs84', 'gcj02' (Amap, Tencent) or 'bd09' (Baidu)."
            )
        out = zones.set_crs("EPSG:4326")
    else:
        if zones.crs.is_geographic:
            _check_degrees(zones)
        out = zones.to_crs("EPSG:4326")
    out = out.copy()
    require_polygons(out, "zones", id_col="element_id")
    district = datasets.district()
    dist_m = to_analysis_crs(out).distance(to_analysis_crs(district).geometry.iloc[0])
    far = np.asarray(dist_m > limit)
    if far.any():
        detail = ", ".join(
            f"{i} ({d / 1000:.1f} km)"
            for i, d in zip(out.loc[far, "element_id"], dist_m[far], strict=True)
        )
        raise InputError(
            f"zones lie more than {limit:g} m from Shangcheng: {detail}. Check the "
            "datum (Amap/Tencent coordinates need datum='gcj02', Baidu 'bd09'), the lon/lat "
            "order, or raise max_distance_m if this is intended."
        )
    for column, default in _DEFAULTS.items():
        if column not in out.columns:
            out[column] = default
    if source is not None:
        out["source"] = source
    out["area_m2"] = to_analysis_crs(out).area.to_numpy()
    out.attrs["provenance"] = provenance(
        "zones",
        source=source or "user",
        licence="user data",
        source_datum=normalize_datum(datum) if datum else str(zones.crs),
        status="user-supplied",
    )
    return out


def load_zones(
    source: str | os.PathLike[str] | gpd.GeoDataFrame,
    *,
    datum: str | None = None,
    id_col: str = "element_id",
    name_col: str = "name_zh",
    max_distance_m: float = 2000,
    **read_kwargs: Any,
) -> gpd.GeoDataFrame:
    """Load and validate a zone layer (e.g. the official drawings) in one call.

    To use the zones as a plan version, pass them to
    :func:`shangcheng_geo.plan.version_from_zones`; nothing is registered process-wide.

    Parameters
    ----------
    source : path or GeoDataFrame
        A vector file (``layer=`` and other options pass to the reader) or a GeoDataFrame.
    datum : {'wgs84', 'gcj02', 'bd09'}, optional
        Datum of lon/lat coordinates, for data from Chinese web maps.
    id_col, name_col : str
        Columns holding the zone id and Chinese name, renamed to ``element_id``/``name_zh``.
    max_distance_m : float, default 2000
        How far from the district a zone may lie.
    **read_kwargs
        Passed to the file reader (``layer=``...).

    Returns
    -------
    GeoDataFrame
        The validated zones, EPSG:4326.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shangcheng_geo import plan, zones
    >>> mine = plan.structure("14th").rename(columns={"element_id": "id"})
    >>> z = zones.load_zones(mine[mine.area_m2 > 0], id_col="id")
    >>> len(plan.structure(plan.version_from_zones("my-drawing", z)))
    8
    """
    import geopandas as gpd

    if isinstance(source, gpd.GeoDataFrame):
        gdf = source
        label = "GeoDataFrame"
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        if not path.exists():
            raise InputError(f"zone file not found: {str(path)!r}.")
        from .._reading import shapefile_encoding

        encoding = shapefile_encoding(path, read_kwargs.pop("encoding", None))  # GBK, not mojibake
        if encoding is not None:
            read_kwargs["encoding"] = encoding
        try:
            gdf = gpd.read_file(path, engine="pyogrio", **read_kwargs)
        except Exception as exc:
            raise InputError(f"could not read {str(path)!r} as a vector file: {exc}") from None
        label = str(path)
    else:
        raise InputError(
            f"source must be a file path or a GeoDataFrame; received {type(source).__name__}."
        )
    renames = {id_col: "element_id", name_col: "name_zh"}
    missing = [c for c in renames if c not in gdf.columns]
    if missing:
        raise InputError(
            f"{label} has no column(s) {missing}; columns found: {list(gdf.columns)}. Pass "
            "id_col=... and name_col=... naming the id and name columns."
        )
    gdf = gdf.rename(columns={k: v for k, v in renames.items() if k != v})
    return validate_zones(gdf, datum=datum, max_distance_m=max_distance_m, source=label)


def zone_from_coords(
    coords: Sequence[Sequence[float]],
    *,
    datum: str,
    element_id: str,
    name_zh: str,
    **attributes: Any,
) -> gpd.GeoDataFrame:
    """Make a one-zone layer from lon/lat pairs copied from a web map.

    Parameters
    ----------
    coords : sequence of (lon, lat)
        At least three corners, in order; the ring is closed for you.
    datum : {'wgs84', 'gcj02', 'bd09'}
        Required: Amap's and Tencent's pickers give GCJ-02, Baidu's BD-09, GPS and OSM WGS84.
    element_id, name_zh : str
        Id and Chinese name of the zone.
    **attributes
        Further columns of the zone (e.g. ``role_zh="..."``).

    Returns
    -------
    GeoDataFrame
        One validated zone, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import zones
    >>> z = zones.zone_from_coords(
    ...     [(120.205, 30.285), (120.215, 30.285), (120.215, 30.295)],
    ...     datum="gcj02", element_id="my", name_zh="我的区")
    >>> z["element_id"].tolist(), z.crs.to_epsg()
    (['my'], 4326)
    """
    import geopandas as gpd
    import numpy as np
    import shapely

    from ..crs import from_datum, normalize_datum

    normalize_datum(datum)
    try:
        arr = np.asarray(coords, dtype=float)
    except (TypeError, ValueError):
        raise InputError(
            "coords must be a sequence of (lon, lat) number pairs, e.g. "
            f"[(120.21, 30.29), ...]; received {coords!r:.80}."
        ) from None
    if arr.ndim != 2 or arr.shape[1] != 2 or len(arr) < 3:
        raise InputError(
            f"coords must hold at least three (lon, lat) pairs; received an array of shape "
            f"{arr.shape}."
        )
    poly = shapely.Polygon(arr)
    if not poly.is_valid:
        raise InputError(
            f"the corners do not make a valid polygon ({shapely.is_valid_reason(poly)}); list "
            "them in order around the zone without crossing edges."
        )
    raw = gpd.GeoDataFrame(
        {
            "element_id": [element_id],
            "name_zh": [name_zh],
            **{k: [v] for k, v in attributes.items()},
        },
        geometry=[poly],
    )
    out = from_datum(raw, datum)
    out["method"] = f"polygon from {len(arr)} {normalize_datum(datum)} coordinates"
    return out
