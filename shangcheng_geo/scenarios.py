"""Coverage over time and under scenarios: timelines as lines open, and what-if stations.

Both are questions asked of one access model (:class:`shangcheng_geo.access.Access`): the
timeline re-filters its stations date by date, the what-if adds candidate stations; the
network, the sample cells and their snaps are shared, so each step costs one search.
Both are also available from :mod:`shangcheng_geo.coverage`.

Examples
--------
>>> import warnings
>>> from shangcheng_geo import datasets, scenarios
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
...     t = scenarios.coverage_timeline(datasets.district(), dates=["2020-12-31", "2025-12-31"])
>>> t["n_stations"].tolist()
[130, 199]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._errors import InputError
from ._options import STATION_RADIUS_M
from ._progress import progress
from ._validate import known_open_from, one_radius, open_on
from .access import DEFAULT_WALK_SPEED_M_S
from .access.model import DEFAULT_CELL_M, DEFAULT_MAX_SNAP_M
from .access.resolving import resolve

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["coverage_timeline", "what_if"]


def coverage_timeline(
    units: gpd.GeoDataFrame,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float = STATION_RADIUS_M,
    base: str = "land",
    dates: Sequence[Any] | str | None = None,
    water: gpd.GeoDataFrame | None = None,
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cell_m: float = DEFAULT_CELL_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
) -> pd.DataFrame:
    """Coverage of each unit at each opening date (or at the ``dates`` given), in one call.

    The access model is built once; each date re-filters its stations (walking: the
    network, the sample cells and their snaps are shared by every date).

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    stations : GeoDataFrame, optional
        Stations with an ``opened`` column; default the embedded ones.
    radius_m : float, default 800
        One radius.
    base : {'land', 'unit'}, default 'land'
        What counts.
    dates : list of dates, 'yearly' or None
        ``'yearly'``: 31 December of every year from the first opening to the last; None:
        every opening date.
    water, method, network, max_snap_m, cell_m, walk_speed_m_s
        As in :func:`station_coverage`.

    Returns
    -------
    DataFrame
        Long format: ``date``, ``unit`` (index label), ``n_stations``, ``base_m2``,
        ``covered_m2``, ``coverage_ratio``. Stations with an unknown opening date are named
        once in a warning and left out.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import coverage, datasets
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
    ...     t = coverage.coverage_timeline(datasets.district(), dates=["2012-12-31", "2025-12-31"])
    >>> bool(t["coverage_ratio"].is_monotonic_increasing)
    True
    """
    import pandas as pd

    from . import datasets
    from .access import Units
    from .transit import open_stations

    r = one_radius(radius_m)
    if base not in ("unit", "land"):
        raise InputError(f"base must be 'unit' or 'land' for a timeline; received {base!r}.")
    layer = open_stations(stations)  # validated
    if "opened" not in layer.columns:
        raise InputError("a timeline needs an 'opened' column of opening dates in the stations.")
    steps = known_open_from(layer)  # its opening, or its in-service-by date
    if dates is None:
        days = sorted(steps.dropna().unique())
    elif isinstance(dates, str):
        if dates != "yearly":
            raise InputError(f"dates must be a list of dates, 'yearly' or None; got {dates!r}.")
        if steps.isna().all():
            raise InputError("dates='yearly' needs at least one station with a known opening date.")
        first, last = steps.min().year, steps.max().year
        days = [pd.Timestamp(year, 12, 31) for year in range(first, last + 1)]
    else:
        days = sorted({datasets.parse_date(d, name="dates") for d in dates})
    if not days:
        raise InputError("dates is empty, or no station has a known opening date; give dates.")
    open_on(layer, days[0], "the timeline where their status is unknown")  # one warning
    acc = resolve(
        layer,
        method=method,
        network=network,
        max_snap_m=max_snap_m,
        cell_m=cell_m,
        walk_speed_m_s=walk_speed_m_s,
    )
    prepared = Units(units)  # checked, projected and cut once for every date
    frames = []
    for day in progress(days, desc="coverage timeline", total=len(days)):
        now = acc.on(day, report=False)
        cov = now.coverage(prepared, radius_m=r, base=base, water=water)
        frames.append(
            pd.DataFrame(
                {
                    "date": pd.Timestamp(day),
                    "unit": list(units.index),
                    "n_stations": len(now.stations),
                    "base_m2": cov["base_m2"].to_numpy(),
                    "covered_m2": cov["covered_m2"].to_numpy(),
                    "coverage_ratio": cov["coverage_ratio"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def what_if(
    units: gpd.GeoDataFrame,
    candidates: Any,
    stations: Any = None,
    *,
    radius_m: float = STATION_RADIUS_M,
    base: str = "land",
    as_of: Any = None,
    datum: str = "wgs84",
    water: gpd.GeoDataFrame | None = None,
    method: str = "euclidean",
    network: Any = None,
    max_snap_m: float = DEFAULT_MAX_SNAP_M,
    cell_m: float = DEFAULT_CELL_M,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
) -> gpd.GeoDataFrame:
    """Coverage gain per unit from adding candidate stations.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    candidates : GeoDataFrame or list of (lon, lat)
        Candidate station points; pairs are in ``datum`` (``'gcj02'`` for Amap picks).
    stations : GeoDataFrame or Access, optional
        Existing stations or an access model.
    radius_m : float, default 800
        One radius.
    base, as_of, water, method, network, max_snap_m, cell_m, walk_speed_m_s
        As in :func:`station_coverage`.
    datum : str, default 'wgs84'
        Datum of candidate pairs.

    Returns
    -------
    GeoDataFrame
        A copy of ``units`` with ``coverage_before``, ``coverage_after``, ``gain`` (ratio
        points) and ``gain_m2``.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import coverage, datasets
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
    ...     # a candidate inside the largest uncovered area (north of 丁桥)
    ...     r = coverage.what_if(datasets.district(), [(120.224, 30.345)], as_of="2025-12-31")
    >>> round(float(r["gain_m2"].iloc[0]) / 1e6, 2)
    1.68
    """
    from .access import Units
    from .transit import candidate_points

    r = one_radius(radius_m)
    cand = candidate_points(candidates, datum=datum)
    acc = resolve(
        stations,
        as_of=as_of,
        method=method,
        network=network,
        max_snap_m=max_snap_m,
        cell_m=cell_m,
        walk_speed_m_s=walk_speed_m_s,
    )
    prepared = Units(units)  # checked and projected once for both measurements
    before = acc.coverage(prepared, radius_m=r, base=base, water=water)
    after = acc.with_stations(cand).coverage(prepared, radius_m=r, base=base, water=water)
    covered = "covered_weight" if base == "weights" else "covered_m2"
    out = units.copy()
    out["coverage_before"] = before["coverage_ratio"]
    out["coverage_after"] = after["coverage_ratio"]
    out["gain"] = out["coverage_after"] - out["coverage_before"]
    out["gain_m2" if base != "weights" else "gain_weight"] = after[covered] - before[covered]
    return out
