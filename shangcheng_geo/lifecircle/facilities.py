"""Facility layers for life circles: the standard's categories from the data's own classes.

:func:`from_osm` maps the embedded OpenStreetMap facilities of western Shangcheng
(:func:`shangcheng_geo.datasets.facilities`) to the life-circle categories by the rules in
:data:`OSM_RULES` -- a table, in order, first match wins: an OSM class, and a name pattern
where OSM's class is wider than the category (``amenity=school`` is both 小学 and 初中). A
facility no rule maps keeps ``category = None`` and is counted in a warning. The layer covers
the west only, and OSM under-maps kindergartens, community health stations and elderly
care in China: its provenance says so.

Examples
--------
>>> import warnings
>>> from shangcheng_geo.lifecircle import facilities
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # unmapped facilities are counted in a warning
...     f = facilities.from_osm()
>>> {"kindergarten", "primary_school", "middle_school"} <= set(f["category"].dropna())
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import warn

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["OSM_RULES", "from_osm"]

#: (OSM class or None for any, name pattern or None, category): in order, first match wins
OSM_RULES: list[tuple[str | None, str | None, str]] = [
    (None, "社区卫生服务站", "health_station"),
    (None, "社区卫生服务中心", "health_centre"),
    (None, "日间照料|日照中心", "elderly_day_care"),
    ("kindergarten", "托儿所|托育", "nursery"),
    ("kindergarten", None, "kindergarten"),
    ("school", "小学", "primary_school"),
    ("school", "初中|初级中学|中学", "middle_school"),
    ("market", None, "market"),
    ("supermarket", None, "market"),
    ("park", None, "park"),
    ("garden", None, "park"),
]


def from_osm(layer: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """OSM facilities with their life-circle ``category`` (None where no rule maps them).

    Parameters
    ----------
    layer : GeoDataFrame, optional
        Facilities with ``category`` as :func:`shangcheng_geo.datasets.facilities` gives it
        (the OSM class) and ``name``; default the embedded ones.

    Returns
    -------
    GeoDataFrame
        A copy with ``osm_class`` (the original class), ``category`` (life-circle id or
        None) and ``mapping_rule``; provenance with the extent and completeness caveat.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo.lifecircle import facilities
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     f = facilities.from_osm()
    >>> f.loc[f["name"] == "杭州市胜利实验学校", "category"].tolist()  # no 小学/中学 in its name
    [None]
    """
    import re

    from .. import datasets

    src = datasets.facilities() if layer is None else layer
    out = src.copy()
    out["osm_class"] = src["category"]
    names = src["name"].fillna("").astype(str) if "name" in src.columns else None
    cats: list[Any] = []
    rules: list[Any] = []
    for i in range(len(src)):
        cls = src["category"].iloc[i]
        name = "" if names is None else names.iloc[i]
        hit = next(
            (
                (cat, f"{c or 'any'}{' + ' + p if p else ''}")
                for c, p, cat in OSM_RULES
                if (c is None or c == cls) and (p is None or re.search(p, name))
            ),
            (None, None),
        )
        cats.append(hit[0])
        rules.append(hit[1])
    import pandas as pd

    out["category"] = pd.Series(cats, index=out.index, dtype=object)  # None, not NaN
    out["mapping_rule"] = pd.Series(rules, index=out.index, dtype=object)
    unmapped = int(out["category"].isna().sum())
    if unmapped:
        warn(
            f"{unmapped} of {len(out)} facilities map to no life-circle category (kept with "
            "category=None): e.g. schools whose name says neither 小学 nor 中学, hospitals, "
            "clinics, nursing homes. Set their category yourself to count them."
        )
    prov = dict(src.attrs.get("provenance", {}))
    prov["lifecircle_caveat"] = (
        "western Shangcheng only (nothing east of about 120.21 E); OSM under-maps "
        "kindergartens, community health stations and elderly care in China"
    )
    out.attrs["provenance"] = prov
    return out
