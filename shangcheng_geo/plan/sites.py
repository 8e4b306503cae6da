"""Future-community (未来社区) sites, renewal examples and key projects (标志性项目).

Each site named in the planning documents is one row, with its programme facts and
citation. A site is located only where an open source gives a point (a labelled proxy, with
``confidence = "low"``); every other site stays in the layer with an empty geometry and
``confidence = "unlocated"``. Analyses report unlocated sites rather than dropping them, and
:func:`locate` fills in coordinates the user has (in any datum).

Examples
--------
>>> from shangcheng_geo import sites
>>> fc = sites.future_communities()
>>> len(fc), int(fc.is_empty.sum())
(10, 3)
>>> fc.set_index("name_zh").loc["杨柳郡", "subdistrict"]
'彭埠街道'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._errors import InputError
from .._provenance import OSM_ATTRIBUTION, OSM_LICENCE, provenance
from . import _plan_data

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["by_subdistrict", "future_communities", "key_projects", "locate"]


def _layer(
    records: list[dict[str, Any]], layer: str, *, communities: bool = False
) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import shapely

    from .. import datasets

    places = datasets.places().set_index("name_zh")
    # the communities with their OSM label points, located once by datasets.communities
    table = datasets.communities(geometry=True).set_index("community_zh")
    rows = []
    for rec in records:
        row = {k: v for k, v in rec.items() if k != "anchor"}
        match = None
        if communities:  # a named site: its community and subdistrict by code
            name = str(rec["name_zh"])
            match = next((n for n in (name, f"{name}社区") if n in table.index), None)
            row["community_zh"] = match
            row["community_code"] = None if match is None else table.loc[match, "community_code"]
            if match is not None:  # the statistical code table, over the documents' wording
                row["subdistrict"] = table.loc[match, "subdistrict_zh"]
        anchor = rec.get("anchor")
        if anchor is not None and anchor in places.index:
            p = places.loc[anchor]
            row |= {
                "geometry": p.geometry,
                "confidence": p["confidence"],
                "source": p["source"],
                "licence": p["licence"],
                "location_note": f"PROXY: {p['anchor_feature']}",
            }
        elif match is not None and not table.loc[match].geometry.is_empty:
            lab = table.loc[match]
            row |= {
                "geometry": lab.geometry,
                "confidence": "low",
                "source": f"OpenStreetMap community label, node {int(lab['osm_id'])} (2026-05-08)",
                "licence": OSM_LICENCE,
                "location_note": "PROXY: the OSM community label (where the map writes the "
                "name), not the site's boundary",
            }
        else:
            row |= {
                "geometry": shapely.Point(),
                "confidence": "unlocated",
                "source": "planning documents (no open location)",
                "licence": "facts",
                "location_note": "no open source locates this site; supply coordinates "
                "with shangcheng_geo.sites.locate()",
            }
        rows.append(row)
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    if "target_year" in out.columns:
        out["target_year"] = out["target_year"].astype("Int64")
    out.attrs["provenance"] = provenance(
        layer,
        source="planning documents (names, programmes); OSM proxies where located",
        licence=f"facts; {OSM_LICENCE} for OSM proxy points",
        attribution=OSM_ATTRIBUTION,
    )
    return out


def future_communities() -> gpd.GeoDataFrame:
    """The future-community pilots and renewal examples named in the planning documents.

    Columns: ``site_id``, ``name_zh``, ``name_en``, ``kind`` (future_community /
    renewal_example), ``subdistrict`` (from the community code table where the site is a
    community -- :func:`shangcheng_geo.datasets.communities` -- else as the documents give
    it), ``community_zh`` and ``community_code`` (12-digit statistical code), ``programme``,
    ``target_year`` (the 14th plan's 专栏6 item 9: 杨柳郡, 景芳, 红梅 by end-2022; 荷花塘,
    始版桥 by 2025), ``citation``, ``confidence`` (low = proxy point, unlocated = empty),
    ``source``, ``licence``, ``location_note``, geometry (Point or empty).

    Returns
    -------
    GeoDataFrame
        The sites, EPSG:4326; unlocated ones have empty geometry.

    Examples
    --------
    >>> from shangcheng_geo import sites
    >>> fc = sites.future_communities().set_index("name_zh")
    >>> fc.loc["始版桥", ["subdistrict", "community_code"]].tolist()
    ['望江街道', '330102010053']
    """
    return _layer(_plan_data.FUTURE_COMMUNITIES, "future_communities", communities=True)


def key_projects() -> gpd.GeoDataFrame:
    """The key projects of the 14th plan's 专栏1 (江河汇综合体, 杭州新世界, ...).

    ``element_id`` links each project to the plan element it belongs to, where the plan says.

    Returns
    -------
    GeoDataFrame
        The projects, EPSG:4326.

    Examples
    --------
    >>> from shangcheng_geo import sites
    >>> "江河汇综合体" in set(sites.key_projects()["name_zh"])
    True
    """
    return _layer(_plan_data.KEY_PROJECTS, "key_projects")


def locate(
    sites_: gpd.GeoDataFrame,
    coords: Mapping[str, Sequence[float]],
    *,
    datum: str,
    key: str = "name_zh",
) -> gpd.GeoDataFrame:
    """Return a copy of a site layer with user-supplied locations filled in.

    Parameters
    ----------
    sites_ : GeoDataFrame
        A site layer, e.g. :func:`future_communities`.
    coords : mapping
        ``{name or id: (lon, lat)}``.
    datum : {'wgs84', 'gcj02', 'bd09'}
        Datum of the coordinates (Amap's picker gives GCJ-02).
    key : str, default "name_zh"
        Column the mapping's keys refer to (``"site_id"`` also works).

    Returns
    -------
    GeoDataFrame
        A copy with the points set (WGS84) and ``confidence`` ``'user'`` for them.

    Examples
    --------
    >>> from shangcheng_geo import sites
    >>> fc = sites.locate(sites.future_communities(), {"始版桥": (120.196, 30.262)},
    ...                   datum="gcj02")
    >>> fc.set_index("name_zh").loc["始版桥", "confidence"]
    'user'
    """
    import numpy as np
    import shapely

    from .._validate import require_geodataframe
    from ..crs import convert_datum, normalize_datum

    require_geodataframe(sites_, "sites")
    if key not in sites_.columns:
        raise InputError(f"sites have no column {key!r}; columns: {list(sites_.columns)}.")
    import difflib

    src = normalize_datum(datum)
    known = [str(v) for v in sites_[key]]
    # a community's full name (始版桥社区) names its site (始版桥) too
    alias = {k: k for k in known}
    if key == "name_zh" and "community_zh" in sites_.columns:
        alias |= {str(c): str(n) for c, n in zip(sites_["community_zh"], known, strict=True) if c}
    unknown = [k for k in coords if k not in alias]
    if unknown:
        hints = {
            k: difflib.get_close_matches(str(k), list(alias), n=3, cutoff=0.3) for k in unknown
        }
        said = "; ".join(f"{k!r}: did you mean {v}?" if v else f"{k!r}" for k, v in hints.items())
        raise InputError(f"no site with {key} {said} Known: {sorted(known)}.")
    out = sites_.copy()
    for typed, pair in coords.items():
        name = alias[typed]
        try:
            arr = np.asarray(pair, dtype=float)
        except (TypeError, ValueError):
            arr = np.zeros(0)
        if arr.shape != (2,) or not np.isfinite(arr).all():
            raise InputError(
                f"coordinates for {name!r} must be one (lon, lat) pair of numbers in degrees, "
                f"e.g. (120.21, 30.29); received {pair!r}."
            )
        lon, lat = convert_datum(arr[0], arr[1], from_datum=src, to_datum="wgs84")
        off = _km_outside_district(float(lon), float(lat))
        if off > MAX_KM_OUTSIDE:
            raise InputError(
                f"({arr[0]:g}, {arr[1]:g}) for {name!r} lies {off:,.1f} km outside Shangcheng "
                f"(after converting from {src}); the plan's sites are in the district. Check "
                "the coordinates and their order (lon, lat) and datum."
            )
        mask = out[key] == name
        point = shapely.Point(float(lon), float(lat))
        if out.crs is not None and not out.crs.equals("EPSG:4326"):  # the layer's own CRS
            from pyproj import Transformer

            tf = Transformer.from_crs("EPSG:4326", out.crs, always_xy=True)
            point = shapely.Point(*tf.transform(float(lon), float(lat)))
        out.loc[mask, "geometry"] = point
        out.loc[mask, "confidence"] = "user"
        out.loc[mask, "source"] = f"user-supplied ({src})"
        out.loc[mask, "licence"] = "user data"
        out.loc[mask, "location_note"] = f"located by the user ({src} converted to WGS84)"
    return out


MAX_KM_OUTSIDE = 1.0  # a site placed farther from the district than this is refused


def _km_outside_district(lon: float, lat: float) -> float:
    """Distance from the district, for a plausibility check (any point on Earth)."""
    import shapely
    import shapely.ops
    from pyproj import Geod

    from .. import datasets

    district = datasets.district().geometry.iloc[0]
    pt = shapely.Point(lon, lat)
    if district.covers(pt):
        return 0.0
    near = shapely.ops.nearest_points(district, pt)[0]
    return float(Geod(ellps="WGS84").inv(lon, lat, near.x, near.y)[2]) / 1000.0


def by_subdistrict(sites_: gpd.GeoDataFrame | None = None) -> pd.DataFrame:
    """Named sites per subdistrict (街道), with every one of the 14 listed.

    The plan wants at least one future community in every subdistrict (每个街道至少成功创建一个
    未来社区, 003 专栏6 item 9); this table shows which subdistricts the documents name one in.

    Parameters
    ----------
    sites_ : GeoDataFrame, optional
        A site layer with ``subdistrict``; default :func:`future_communities`.

    Returns
    -------
    DataFrame
        Indexed by subdistrict (Chinese name), ``code12``, ``n_sites`` and ``sites``
        (names joined by ``;``); sites without a subdistrict are counted in a last row
        ``(unknown)``.

    Examples
    --------
    >>> from shangcheng_geo import sites
    >>> t = sites.by_subdistrict()
    >>> len(t), int(t.loc["望江街道", "n_sites"])
    (15, 2)
    """
    import pandas as pd

    from .. import datasets

    layer = future_communities() if sites_ is None else sites_
    if "subdistrict" not in layer.columns:
        raise InputError(f"sites need a 'subdistrict' column; columns: {list(layer.columns)}.")
    subs = datasets.subdistricts()[["name", "code12"]].rename(columns={"name": "subdistrict"})
    known = set(subs["subdistrict"])
    label = layer["subdistrict"].where(layer["subdistrict"].isin(known), "(unknown)")
    groups = layer.groupby(label)["name_zh"].agg(list)
    rows = [*subs.itertuples(index=False), ("(unknown)", None)]
    table = pd.DataFrame(
        [
            {
                "subdistrict": sub,
                "code12": code,
                "n_sites": len(groups.get(sub, [])),
                "sites": ";".join(groups.get(sub, [])),
            }
            for sub, code in rows
        ]
    )
    return table.set_index("subdistrict")
