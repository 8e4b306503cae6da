"""Green polygons from OpenStreetMap (a local file, an OSM features table, or OSMnx online),
and the share of each unit that the embedded OSM green space covers.

The selection is :data:`OSM_GREEN_TAGS` (parks, gardens, grass, forest, meadow, wood, scrub,
...). The polygons feed :func:`shangcheng_geo.green.green_coverage`; every result carries
the OpenStreetMap attribution (ODbL 1.0). These functions are also reachable as
``shangcheng_geo.green.green_from_osm`` and so on.

Examples
--------
>>> from shangcheng_geo.green import osm
>>> sorted(osm.OSM_GREEN_TAGS)
['landuse', 'leisure', 'natural']
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError, MissingDependencyError
from .._provenance import OSM_ATTRIBUTION, OSM_LICENCE, provenance
from .._validate import require_geodataframe
from ._cover import green_coverage
from .kinds import MAPPED_GREEN, MAPPED_GREEN_LABEL

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "MAPPED_GREEN_LABEL",
    "OSM_GREEN_TAGS",
    "green_from_features",
    "green_from_osm",
    "green_from_osmnx",
    "mapped_green_share",
]

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


def green_from_osm(
    path: str | os.PathLike[str], *, tags: dict[str, tuple[str, ...]] | None = None
) -> gpd.GeoDataFrame:
    """Green polygons from a local OpenStreetMap file: ``.osm.pbf`` (pyosmium, the ``osm``
    extra) or XML (``.osm``, ``.osm.bz2``, ``.osm.gz``).

    Closed ways and multipolygon relations tagged with any of ``tags`` (default
    :data:`OSM_GREEN_TAGS`: leisure=park/garden, landuse=grass/forest/meadow/..., natural=
    wood/scrub/grassland/...) become polygons (relations: outer rings minus inner rings).
    Returns ``osm_id``, ``osm_type``, ``tag`` (``key=value``), ``name`` and the geometry in
    EPSG:4326, attributed to OpenStreetMap contributors (ODbL). With OSMnx online,
    ``ox.features_from_place(place, tags)`` gives the same selection.

    Parameters
    ----------
    path : path
        The OSM file (PBF or XML).
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

    from .._osm import read_osm_xml

    wanted = OSM_GREEN_TAGS if tags is None else tags
    p = Path(path)
    if not p.exists():
        raise InputError(f"OSM file not found: {str(p)!r}.")
    if p.name.lower().endswith(".pbf"):
        rows = _pbf_polygons(p, wanted)
    else:
        data = read_osm_xml(p, relations=True)
        rows = _way_polygons(data.nodes, data.ways, wanted)
        rows += _relation_polygons(data.nodes, data.ways, data.relations, wanted)
    gdf = gpd.GeoDataFrame(
        rows,
        columns=["osm_id", "osm_type", "tag", "name", "geometry"],
        geometry="geometry",
        crs="EPSG:4326",
    )
    gdf["source"] = f"OpenStreetMap ({p.name})"
    gdf["licence"] = "ODbL-1.0, © OpenStreetMap contributors"
    gdf.attrs["provenance"] = provenance(
        "osm_green",
        source=str(p),
        licence=OSM_LICENCE,
        attribution=OSM_ATTRIBUTION,
        green_kind=MAPPED_GREEN.kind,
    )
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
    from ..crs import require_crs

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
    out.attrs["provenance"] = provenance(
        "osm_green",
        source="OpenStreetMap features",
        licence=OSM_LICENCE,
        attribution=OSM_ATTRIBUTION,
        green_kind=MAPPED_GREEN.kind,
    )
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
        raise MissingDependencyError(
            "fetching OSM features needs osmnx: pip install 'shangcheng_geo[osm]'; offline, "
            "read a local extract with green_from_osm(path)."
        ) from None
    wanted = OSM_GREEN_TAGS if tags is None else tags
    features = ox.features_from_place(place, {k: list(v) for k, v in wanted.items()})
    return green_from_features(features, tags=wanted)


# ----------------------------------------------------------------------------- plan


def _pbf_polygons(path: Path, wanted: dict[str, tuple[str, ...]]) -> list[Any]:
    """Green areas of a PBF file, assembled by osmium (outer rings minus inner rings)."""
    from .._osm import read_features_pbf

    try:
        feats = read_features_pbf(path, area=lambda t: _matching_tag(t, wanted) is not None)
    except MissingDependencyError:
        raise
    except Exception as exc:  # osmium's errors for a corrupt file come in several types
        raise InputError(f"could not read {str(path)!r} as an OSM PBF file: {exc}") from None
    return [
        {
            "osm_id": osm_id,
            "osm_type": kind,
            "tag": _matching_tag(tags, wanted),
            "name": tags.get("name"),
            "geometry": geom,
        }
        for kind, osm_id, tags, geom in feats.areas
    ]


def _matching_tag(t: dict[str, str], wanted: dict[str, tuple[str, ...]]) -> str | None:
    """The first ``key=value`` of ``t`` among the wanted tags, or None."""
    for key, values in wanted.items():
        if t.get(key) in values:
            return f"{key}={t[key]}"
    return None


def _way_polygons(nodes: Any, ways: Any, wanted: dict[str, tuple[str, ...]]) -> list[Any]:
    """Closed ways with a wanted tag, as polygons."""
    import shapely

    rows = []
    for wid, (refs, wtags) in ways.items():
        tag = _matching_tag(wtags, wanted)
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
    return rows


def _relation_polygons(
    nodes: Any, ways: Any, relations: Any, wanted: dict[str, tuple[str, ...]]
) -> list[Any]:
    """Multipolygon relations with a wanted tag: outer rings minus inner rings."""
    import shapely
    from shapely.ops import linemerge, polygonize

    def line(refs: list[int]) -> Any:
        pts = [nodes[r] for r in refs if r in nodes]
        return shapely.LineString(pts) if len(pts) >= 2 else None

    def rings(members: Any, inner: bool) -> list[Any]:
        lines = [
            line(ways[ref][0])
            for typ, ref, role in members
            if typ == "way" and (role == "inner") == inner and ref in ways
        ]
        return list(polygonize(linemerge([g for g in lines if g is not None]))) if lines else []

    rows = []
    for rid, members, rtags in relations:
        tag = _matching_tag(rtags, wanted)
        if not tag or rtags.get("type") != "multipolygon":
            continue
        outer_polys = rings(members, inner=False)
        if not outer_polys:
            continue
        poly = shapely.union_all(outer_polys)
        inner_polys = rings(members, inner=True)
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
    return rows


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
        A copy of ``units`` with ``mapped_green_m2``, ``base_m2`` and ``mapped_green_share``
        (0-1, NaN where there is no boundary), the columns of
        :func:`~shangcheng_geo.green.green_coverage` on OSM green space;
        ``attrs["green"]["indicator"]`` names the proxy and its provenance carries the OSM
        attribution and extent.

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
    cov = green_coverage(units, layer, base="unit", kind=MAPPED_GREEN.kind)
    out = cov.drop(columns=["base"])
    out.attrs["green"] = {**cov.attrs.get("green", {}), "indicator": MAPPED_GREEN_LABEL}
    out.attrs["provenance"] = layer.attrs["provenance"]
    return out
