"""OpenStreetMap layers of western Shangcheng (extract of 2026-05-08, ODbL).

Built by ``scripts/build_data.py`` from a full-tag OSM extract that covers the **western
part** of the district only: old 上城, 凯旋, 采荷, 闸弄口 and western 四季青; its streets stop
at about 120.21 E. Nothing of 笕桥, 彭埠, 九堡, 丁兰 or eastern 四季青 is in it, and nothing
is extrapolated there: an analysis on these layers reports the part of a unit they do not
cover (walking: ``not_served_share``), and a unit wholly outside gets no data, never 0 %.
Bring an extract of your own for the east (:func:`shangcheng_geo.network.graph_from_osm`).

Every layer carries ``osm_id``, ``osm_type``, ``name``, the OSM ``tags`` (JSON), ``source``,
``licence`` (ODbL, © OpenStreetMap contributors), ``confidence`` and ``osm_date``; its
provenance (``attrs["provenance"]``) states the extent and the caveat. OSM under-maps
kindergartens, community health stations and elderly care in China: a facility missing
here may exist.

Examples
--------
>>> from shangcheng_geo import datasets
>>> net = datasets.streets()
>>> net.n_edges > 30_000, net.crs.to_epsg()
(True, 4549)
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError
from .._options import options
from ._store import data_dir, layer

if TYPE_CHECKING:
    import geopandas as gpd
    import networkx as nx

__all__ = [
    "FACILITY_CLASSES",
    "bus_stops",
    "community_labels",
    "facilities",
    "green_space",
    "mapped_area",
    "metro_construction",
    "park_entrances",
    "streets",
    "subdistrict_boundaries",
    "waterways",
]

_GPKG = "osm_west.gpkg"

#: the facility classes of :func:`facilities`, from OSM tags (``amenity``, ``shop``, ``leisure``)
FACILITY_CLASSES = {
    "school": "amenity=school (小学 and 中学 alike)",
    "kindergarten": "amenity=kindergarten",
    "hospital": "amenity=hospital",
    "clinic": "amenity=clinic",
    "doctors": "amenity=doctors",
    "social_facility": "amenity=social_facility",
    "market": "amenity=marketplace",
    "supermarket": "shop=supermarket",
    "pharmacy": "amenity=pharmacy",
    "park": "leisure=park",
    "garden": "leisure=garden",
}


def _layer(name: str) -> gpd.GeoDataFrame:
    return layer(name, _GPKG)


def mapped_area(layer: Any) -> Any:
    """The area a layer of the embedded extract maps: the 9 subdistricts it closes, as one
    geometry in the analysis CRS (it holds nothing of the east); None for any other layer.

    Parameters
    ----------
    layer : GeoDataFrame
        A layer, whose provenance (``attrs['provenance']['source']``) says where it is from.

    Returns
    -------
    shapely geometry or None
        The union of :func:`subdistrict_boundaries`, or None when ``layer`` is not one of
        the extract's (a user's layer maps what it maps).

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> round(datasets.mapped_area(datasets.green_space()).area / 1e6, 1)
    35.6
    >>> datasets.mapped_area(datasets.district()) is None
    True
    """
    import shapely

    bounds = subdistrict_boundaries()
    prov = getattr(layer, "attrs", {}).get("provenance") or {}
    if not prov or prov.get("source") != bounds.attrs["provenance"]["source"]:
        return None
    crs = options.analysis_crs
    return shapely.union_all(bounds.to_crs(crs).geometry.values)


def subdistrict_boundaries() -> gpd.GeoDataFrame:
    """The boundaries of the 9 Shangcheng subdistricts that close inside the extract.

    湖滨, 清波, 小营, 望江, 南星, 紫阳, 采荷, 凯旋, 闸弄口 (``admin_level=8`` relations). For
    all 14 with the 5 missing ones named, use ``datasets.subdistricts(geometry=True)``.

    Returns
    -------
    GeoDataFrame
        9 polygons with ``name`` and ``osm_id``, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> round(float(datasets.subdistrict_boundaries().to_crs(4549).area.sum()) / 1e6, 1)
    35.6
    """
    return _layer("subdistrict_boundaries")


def green_space() -> gpd.GeoDataFrame:
    """Mapped green space of western Shangcheng: parks, gardens, grass, forest, wood...

    The polygons of :data:`shangcheng_geo.green.OSM_GREEN_TAGS`, within 1 km of the
    district, with their ``tag`` (``key=value``). This is *mapped* green space, not
    绿化覆盖率 (which counts all vegetation cover, street trees included).

    Returns
    -------
    GeoDataFrame
        Polygons, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> g = datasets.green_space()
    >>> "leisure=park" in set(g["tag"]), g.crs.to_epsg()
    (True, 4326)
    """
    return _layer("green_space")


def facilities(category: str | list[str] | None = None) -> gpd.GeoDataFrame:
    """Facility points of western Shangcheng (areas at their representative point).

    Parameters
    ----------
    category : str or list of str, optional
        Keep these classes of :data:`FACILITY_CLASSES` (default all).

    Returns
    -------
    GeoDataFrame
        Points with ``category``, ``area_m2`` (for features mapped as areas, else NaN), the
        OSM columns and provenance, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> k = datasets.facilities("kindergarten")
    >>> set(k["category"])
    {'kindergarten'}
    """
    out = _layer("facilities")
    if category is None:
        return out
    wanted = [category] if isinstance(category, str) else list(category)
    unknown = [c for c in wanted if c not in FACILITY_CLASSES]
    if unknown:
        raise InputError(f"category must be among {sorted(FACILITY_CLASSES)}; received {unknown}.")
    kept = out[out["category"].isin(wanted)].copy()
    kept.attrs = out.attrs
    return kept


def park_entrances() -> gpd.GeoDataFrame:
    """Entrances of parks and gardens, where OSM maps them.

    ``entrance=*`` or ``barrier=gate`` nodes within 5 m of a park's or garden's outline, with
    the park's ``park_osm_id`` and ``park_name``. Few parks have them in OSM: for the others,
    walk to the park's outline (its footprint in the ``facility_areas`` layer).

    Returns
    -------
    GeoDataFrame
        Points, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> e = datasets.park_entrances()
    >>> bool(e["park_osm_id"].notna().all())
    True
    """
    return _layer("park_entrances")


def bus_stops() -> gpd.GeoDataFrame:
    """The extract's bus stops (``highway=bus_stop``), as OSM had them on 2026-05-08.

    For 公交站点300/500米覆盖率: ``coverage.station_coverage(units, datasets.bus_stops(),
    radius_m=[300, 500])``, valid inside the extract's extent only.

    Returns
    -------
    GeoDataFrame
        Points, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> len(datasets.bus_stops())
    1928
    """
    return _layer("bus_stops")


def community_labels() -> gpd.GeoDataFrame:
    """Where OSM writes the names of places (``place=quarter|village``), e.g. 景芳社区.

    A label node is where the map writes the name, not the community's boundary nor a
    future-community site: ``confidence`` is ``low`` for locating a site by it.

    Returns
    -------
    GeoDataFrame
        Points with ``name`` and ``place``, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> labels = datasets.community_labels()
    >>> int(labels.loc[labels["name"] == "景芳社区", "osm_id"].iloc[0])
    7298199150
    """
    return _layer("community_labels")


def metro_construction() -> gpd.GeoDataFrame:
    """Metro lines OSM marks as under construction (``railway=construction``).

    OSM's state on 2026-05-08 (lines 10, 12, 15, 18), not an official plan: no planned
    station is inferred from them.

    Returns
    -------
    GeoDataFrame
        Lines with ``name`` and ``status``, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> any("12号线" in n for n in datasets.metro_construction()["name"])
    True
    """
    return _layer("metro_construction")


def waterways() -> gpd.GeoDataFrame:
    """The named canals and rivers the plan's greenways follow, as OSM draws them.

    贴沙河, 新开河, 新塘河, 上塘河, 京杭大运河 and 钱塘江 centre lines as the extract has them
    (its 上塘河 lies outside the district; 白石港 and 笕桥港, in the east, are not in it).

    Returns
    -------
    GeoDataFrame
        Lines with ``name`` and ``waterway``, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> "贴沙河" in set(datasets.waterways()["name"])
    True
    """
    return _layer("waterways")


@cache
def _street_arrays() -> dict[str, Any]:
    with np.load(data_dir() / "streets_west.npz") as z:
        return {k: z[k] for k in z.files}


def streets(*, as_graph: bool = False) -> Any:
    """The walking network of western Shangcheng, ready for walking distances.

    Read from OSM with the library's walk filter (OSMnx's ``walk``, tag for tag) and
    clipped to the district plus 1 km, so walking distances within 1,000 m of the district
    are those of the whole extract. Its streets stop at about 120.21 E: 60 % of the
    district's land lies farther than 250 m from them and is *not served* (reported as such
    by every walking measure, never counted as uncovered).

    Parameters
    ----------
    as_graph : bool, default False
        ``False``: a :class:`~shangcheng_geo.network.WalkNetwork` in the analysis CRS (read
        straight into arrays, no graph built); ``True``: a networkx ``MultiGraph`` with the
        attributes of :func:`shangcheng_geo.network.graph_from_osm`.

    Returns
    -------
    WalkNetwork or networkx.MultiGraph
        The network.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> G = datasets.streets(as_graph=True)
    >>> G.number_of_edges() == datasets.streets().n_edges
    True
    """
    from pyproj import Transformer

    a = _street_arrays()
    crs = options.analysis_crs
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(a["lon"], a["lat"])
    xy = np.column_stack([x, y])
    if as_graph:
        return _graph(a, xy, crs)
    from ..access.network import assemble  # arrays to a prepared network

    u, v = a["u"].astype(np.int64), a["v"].astype(np.int64)
    no_geometry = np.full(len(u), None, dtype=object)  # straight edges: u to v
    node_ids = a["node_id"].astype(object)
    return assemble(node_ids, xy, u, v, a["length"].astype(float), no_geometry, None, crs)


def _graph(a: dict[str, Any], xy: Any, crs: Any) -> nx.MultiGraph:
    import networkx as nx
    import shapely

    G = nx.MultiGraph(crs=crs.to_string())
    ids = a["node_id"].tolist()
    for i, n in enumerate(ids):
        G.add_node(n, x=float(xy[i, 0]), y=float(xy[i, 1]), lon=float(a["lon"][i]),
                   lat=float(a["lat"][i]))  # fmt: skip
    names = a["highway_names"].tolist()
    lines = shapely.linestrings(np.stack([xy[a["u"]], xy[a["v"]]], axis=1))
    for k, (i, j) in enumerate(zip(a["u"].tolist(), a["v"].tolist(), strict=True)):
        G.add_edge(
            ids[i],
            ids[j],
            osmid=int(a["osmid"][k]),
            highway=names[a["highway"][k]],
            length=float(a["length"][k]),
            geometry=lines[k],
        )
    return G
