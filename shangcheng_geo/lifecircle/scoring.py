"""The life-circle scorecard (:func:`scorecard`): per unit (or site) and tier, which
facilities the standard requires are within reach, and whether the tier passes.

For each tier of GB 50180-2018 (5-minute 300 m, 10-minute 500 m, 15-minute 800-1000 m) the
required types are the standard's categories of that tier
(:data:`shangcheng_geo.lifecircle.standards.STANDARDS`); each is measured on the access
model: for polygons the share of land within the type's distance
(:func:`~shangcheng_geo.lifecircle.measures.facility_coverage`; *reached* when the share is
at least ``min_share``, by default all of it, as the standard asks of every home), for
points reached or not (:func:`~shangcheng_geo.lifecircle.measures.nearest`). A tier
**passes** when every required type is reached, **fails** when a measured type is not, and
is **no data** when the rest have no data (a category absent from the data, or too sparse to
measure) -- never a fail or 0 %.

**一老一小** (the elderly and the young) is its own line: :data:`YILAO_YIXIAO`, the
standard's elderly day care (老年人日间照料中心), nursery (托儿所) and kindergarten
(幼儿园), each at its own distance.

Sites (points) also get their 800 m metro access
(:func:`shangcheng_geo.coverage.site_access`) and a rank; those that cannot be scored -- no
location, or beyond the street data when walking -- are named in the result and a warning,
never dropped.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> from shangcheng_geo import lifecircle
>>> site = gpd.GeoDataFrame({"name_zh": ["甲"]}, geometry=[Point(0, 0)], crs=4549)
>>> pois = gpd.GeoDataFrame({"category": ["primary_school", "market", "park"]},
...                         geometry=[Point(400, 0), Point(0, 500), Point(0, -501)], crs=4549)
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # no facility of the 一老一小 types here: named
...     card = lifecircle.scorecard(site, pois, tiers=("10min",), metro=False)
>>> card.loc[(0, "10min"), ["reached", "not_reached", "result"]].tolist()
['primary_school, market', 'park', 'fail']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._errors import DataQualityWarning, InputError, warn
from .._options import STATION_RADIUS_M
from .._validate import label_column, require_geodataframe
from ..access import DEFAULT_CELL_M, DEFAULT_WALK_SPEED_M_S
from ..access.network import DEFAULT_MAX_SNAP_M
from ._inputs import MIN_REACH_SHARE, facilities, identifying
from .standards import STANDARDS, TIERS, distances

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["YILAO_YIXIAO", "scorecard"]

#: 一老一小: the standard's facilities for the elderly and for young children
YILAO_YIXIAO = ("elderly_day_care", "nursery", "kindergarten")
_YILAO_ROW = "一老一小"
# a share this close to min_share counts: circles are 256-gons, exact to about 1e-4 of r
_SHARE_TOL = 1e-9


def scorecard(
    units_or_sites: gpd.GeoDataFrame,
    pois: gpd.GeoDataFrame,
    *,
    standard: str = "GB50180-2018",
    tiers: Sequence[str] = ("5min", "10min", "15min"),
    fifteen_min_m: float = 1000.0,
    min_share: float = 1.0,
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cell_m: float = DEFAULT_CELL_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
    min_reach_share: float = MIN_REACH_SHARE,
    metro: bool | None = None,
    stations: Any = None,
    as_of: Any = None,
) -> pd.DataFrame:
    """Per unit (or site) and tier: the required types reached, the share, pass or fail.

    Parameters
    ----------
    units_or_sites : GeoDataFrame
        Polygons (shares of land) or points (reached or not), any CRS; rows without a
        location are kept and named as not scored.
    pois : GeoDataFrame
        Facility points with ``category`` (the embedded OSM facilities,
        :func:`shangcheng_geo.lifecircle.facilities.from_osm`, or the planners' own POIs).
    standard : {'GB50180-2018', 'TD/T1062-2021'}
        The preset: tiers, distances, required types and clauses.
    tiers : sequence of {'5min', '10min', '15min'}
        The tiers to score.
    fifteen_min_m : {800, 1000}, default 1000
        The 15-minute tier's distance.
    min_share : float, default 1.0
        Polygons: the share of land a type must reach to count as reached (the standard
        asks it of every home; pass e.g. 0.9 for a planning target of your own).
    method, network, max_snap_m, cell_m, walk_speed_m_s
        The access model's options; walking defaults to the embedded western streets.
    min_reach_share : float, default 0.2
        The sparse-data rule of :func:`~shangcheng_geo.lifecircle.measures.facility_coverage`.
    metro : bool, optional
        Add the 800 m metro access of each site and rank the sites (default: for points).
    stations : GeoDataFrame or Access, optional
        The stations for ``metro`` (default every placed Hangzhou Metro station).
    as_of : date or ISO str, optional
        Only the stations open on that day.

    Returns
    -------
    DataFrame
        One row per unit and tier plus a ``一老一小`` row per unit, indexed by (the
        input's index, ``tier``); the input's non-geometry columns first, then ``tier_zh``,
        ``distance_m`` (NaN on the 一老一小 row: each type at its own), ``required``,
        ``reached``, ``not_reached``, ``no_data`` (comma-separated types), ``n_required``,
        ``n_measured``, ``n_reached``, ``share_reached`` (of the measured types; NaN if
        none), ``passes`` (nullable boolean), ``result`` (``pass``, ``fail``, ``no data``
        or ``cannot be scored: <why>``), ``clause``, and per type ``share_<type>``
        (polygons) or ``dist_<type>`` (points) with ``reached_<type>``. Sites add
        ``metro_station``, ``metro_distance_m``, ``metro_within_800m``, ``score`` (the
        share of the measured required types reached over the tiers) and ``rank`` (1 =
        best; ties by metro distance; NA where not scored). ``attrs["scorecard"]`` holds
        the standard, tiers, ``min_share``, the unscored rows and the categories with no
        data or too sparse.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import lifecircle
    >>> unit = gpd.GeoDataFrame({"name_zh": ["甲"]}, geometry=[box(0, 0, 400, 400)], crs=4549)
    >>> pois = gpd.GeoDataFrame({"category": ["kindergarten"]}, geometry=[Point(200, 200)],
    ...                         crs=4549)
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # the other 5-minute types are not in the data
    ...     card = lifecircle.scorecard(unit, pois, tiers=("5min",))
    >>> card.loc[(0, "5min"), ["reached", "result"]].tolist()  # 5 more types: no data
    ['kindergarten', 'no data']
    >>> float(card.loc[(0, "5min"), "share_kindergarten"])  # all of it within 300 m
    1.0
    >>> card.loc[(0, "一老一小"), "no_data"]
    'elderly_day_care, nursery'
    """
    import pandas as pd

    require_geodataframe(units_or_sites, "units_or_sites")
    tiers, share_min = _checked(standard, tiers, min_share)
    preset = STANDARDS[standard]
    table = distances(standard, fifteen_min_m=fifteen_min_m)
    fac = facilities(pois)
    layer = units_or_sites
    geoms = layer.geometry
    located = ~(geoms.isna() | geoms.is_empty).to_numpy()
    points = bool(located.any()) and bool((geoms[located].geom_type == "Point").all())
    rows = {t: [c for c, s in preset["categories"].items() if s["tier"] == t] for t in tiers}
    rows[_YILAO_ROW] = [c for c in YILAO_YIXIAO if c in preset["categories"]]
    cats = list(dict.fromkeys(c for r in rows.values() for c in r))
    options = dict(standard=standard, categories=cats, fifteen_min_m=fifteen_min_m,
                   method=method, network=network, max_snap_m=max_snap_m,
                   walk_speed_m_s=walk_speed_m_s, min_reach_share=min_reach_share)  # fmt: skip
    reached, values, info = _measure(layer[located], fac, points, share_min, cell_m, options)
    why = pd.Series("", index=layer.index, dtype=object)
    why[~located] = "no location"
    beyond = pd.Series(info["beyond"], index=layer.index[located])
    why[beyond[beyond].index] = "beyond the street data"
    label_col = label_column(layer)
    labels = (layer[label_col] if label_col else layer.index.to_series()).astype(str)
    unscored = {labels[i]: w for i, w in why.items() if w}
    if unscored:
        warn(
            "cannot be scored (kept in the scorecard, not ranked): "
            + ", ".join(f"{k} ({v})" for k, v in unscored.items())
            + ". Give them a location, or a network that reaches them."
        )
    out = _records(layer, rows, reached, values, why, points, info, preset, table)
    for col in ("n_required", "n_measured", "n_reached"):
        out[col] = out[col].astype("Int64")
    out["passes"] = out["passes"].astype("boolean")
    for c in cats:
        if f"reached_{c}" in out.columns:
            out[f"reached_{c}"] = out[f"reached_{c}"].astype("boolean")
    if metro if metro is not None else points:
        out = _with_metro(out, layer, tiers, stations, as_of, method, network, max_snap_m, why)
    out.attrs["scorecard"] = {
        "standard": standard,
        "tiers": tiers,
        "min_share": share_min,
        "yilao_yixiao": list(rows[_YILAO_ROW]),
        "unscored": unscored,
        "no_data": info["no_data"],
        "sparse": info["sparse"],
    }
    return out


def _records(
    layer: Any,
    rows: dict,
    reached: dict,
    values: dict,
    why: Any,
    points: bool,
    info: dict,
    preset: dict,
    table: dict,
) -> Any:
    """The scorecard's rows, indexed by (unit, tier), the input's columns first."""
    import pandas as pd

    ids = identifying(layer)
    records = []
    for idx in layer.index:
        for tier, required in rows.items():
            rec = _row(idx, tier, required, reached, values, why[idx], points, info)
            rec["tier_zh"] = TIERS[tier]["name_zh"] if tier in TIERS else "一老一小（老年人与儿童）"
            rec["distance_m"] = table[required[0]] if tier in TIERS and required else np.nan
            rec["clause"] = _clause(preset, tier)
            records.append(rec)
    out = pd.DataFrame.from_records(records)
    out = ids.loc[out["_unit"]].reset_index(drop=True).join(out)
    names = [layer.index.name or "unit", "tier"]
    out.index = pd.MultiIndex.from_arrays([out.pop("_unit"), out.pop("tier")], names=names)
    return out


def _checked(standard: str, tiers: Any, min_share: Any) -> tuple[list[str], float]:

    if standard not in STANDARDS:
        raise InputError(f"standard must be one of {sorted(STANDARDS)}; received {standard!r}.")
    tiers = [tiers] if isinstance(tiers, str) else list(tiers)
    bad = [t for t in tiers if t not in TIERS]
    if bad or not tiers:
        raise InputError(f"tiers must be among {list(TIERS)}; received {tiers!r}.")
    share_min = float(min_share) if isinstance(min_share, (int, float)) else np.nan
    if isinstance(min_share, bool) or not 0 < share_min <= 1:
        raise InputError(f"min_share must be a share in (0, 1]; received {min_share!r}.")
    return tiers, share_min


def _measure(
    located: Any, fac: Any, points: bool, share_min: float, cell_m: float, options: dict
) -> tuple[dict, dict, dict]:
    """Per type: reached (True / False / None unknown) and the measured value, per located
    row; and what the measure said (no data, too sparse, beyond the streets)."""
    from .measures import facility_coverage, nearest

    cats = options["categories"]
    if len(located) == 0:
        return {}, {}, {"no_data": [], "sparse": {}, "beyond": np.zeros(0, bool)}
    if points:
        res = nearest(located, fac, **options)
        got = {c: res[f"within_{c}"] for c in cats}
        values = {c: res[f"dist_{c}"] for c in cats}
        beyond = np.zeros(len(located), bool)
        if options["method"] == "network":
            measured = [c for c in cats if c not in res.attrs["lifecircle"]["no_data"]]
            if measured:
                beyond = res[[f"dist_{c}" for c in measured]].isna().all(axis=1).to_numpy()
    else:
        res = facility_coverage(located, fac, cell_m=cell_m, **options)
        values = {c: res[f"share_{c}"] for c in cats}
        got = {c: (v >= share_min - _SHARE_TOL).astype("boolean").mask(v.isna()) for c, v in
               values.items()}  # fmt: skip
        beyond = np.zeros(len(located), bool)
        if "not_served_share" in res.columns:
            beyond = (res["not_served_share"].fillna(0) >= 1.0).to_numpy()
    lc = res.attrs["lifecircle"]
    return got, values, {"no_data": lc["no_data"], "sparse": lc["sparse"], "beyond": beyond}


def _row(
    idx: Any,
    tier: str,
    required: list[str],
    reached: dict,
    values: dict,
    why: str,
    points: bool,
    info: dict,
) -> dict[str, Any]:
    import pandas as pd

    yes: list[str] = []
    no: list[str] = []
    unknown: list[str] = []
    rec: dict[str, Any] = {"_unit": idx, "tier": tier}
    for c in required:
        value = values[c].get(idx, np.nan) if c in values and not why else np.nan
        rec[f"{'dist' if points else 'share'}_{c}"] = value
        hit = reached[c].get(idx, None) if c in reached and not why else None
        hit = None if hit is None or hit is pd.NA else bool(hit)
        rec[f"reached_{c}"] = hit
        (yes if hit is True else no if hit is False else unknown).append(c)
    rec.update(
        required=", ".join(required),
        reached=", ".join(yes),
        not_reached=", ".join(no),
        no_data=", ".join(unknown),
        n_required=len(required),
        n_measured=len(yes) + len(no),
        n_reached=len(yes),
        share_reached=len(yes) / (len(yes) + len(no)) if yes or no else np.nan,
    )
    if why:
        rec.update(passes=None, result=f"cannot be scored: {why}", n_measured=0, n_reached=0)
    elif no:
        rec.update(passes=False, result="fail")
    elif unknown or not required:
        rec.update(passes=None, result="no data")
    else:
        rec.update(passes=True, result="pass")
    return rec


def _clause(preset: dict, tier: str) -> str:
    cats = preset["categories"]
    facility = next(iter(cats.values()))["clause"] if cats else ""
    if tier == _YILAO_ROW:
        return f"{facility}: {', '.join(YILAO_YIXIAO)}, each at its own tier's distance"
    return f"{preset['tier_clause']}; {facility}"


def _with_metro(
    out: Any,
    layer: Any,
    tiers: list[str],
    stations: Any,
    as_of: Any,
    method: str,
    network: Any,
    max_snap_m: float,
    why: Any,
) -> Any:
    """Metro access per site (800 m), the site's score over the tiers, and its rank."""
    import warnings

    import pandas as pd

    from ..coverage import site_access

    with warnings.catch_warnings():  # the unlocated sites are named by the scorecard
        warnings.simplefilter("ignore", DataQualityWarning)
        acc = site_access(layer, stations, radius_m=STATION_RADIUS_M, as_of=as_of,
                          method=method, network=network, max_snap_m=max_snap_m)  # fmt: skip
    units = out.index.get_level_values(0)
    out["metro_station"] = acc["nearest_station"].astype(object).reindex(units).to_numpy()
    out["metro_distance_m"] = acc["distance_m"].reindex(units).to_numpy()
    out["metro_within_800m"] = pd.array(acc["within_radius"].reindex(units), dtype="boolean")
    tier_rows = out[out.index.get_level_values(1).isin(tiers)]
    per = tier_rows.groupby(level=0, sort=False)[["n_reached", "n_measured"]].sum()
    score = (per["n_reached"].astype(float) / per["n_measured"].astype(float)).where(
        per["n_measured"] > 0
    )
    score = score.reindex(layer.index)
    score[why.reindex(layer.index) != ""] = np.nan
    metro_d = acc["distance_m"].reindex(layer.index).fillna(np.inf)
    order = [i for i in layer.index if not np.isnan(score[i])]
    order.sort(key=lambda i: (-score[i], metro_d[i]))
    rank = pd.Series(pd.NA, index=layer.index, dtype="Int64")
    for r, i in enumerate(order, start=1):
        rank[i] = r
    out["score"] = score.reindex(units).to_numpy()
    out["rank"] = pd.array(rank.reindex(units).to_numpy(), dtype="Int64")
    return out
