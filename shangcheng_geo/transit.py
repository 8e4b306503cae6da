"""Stations as an analysis sees them: validated, open on a date, and candidate new stations.

:func:`open_stations` is the one rule for "the stations open on ``as_of``": the embedded
Hangzhou Metro stations by default, or any point layer with an ``opened`` column of dates.
A station whose opening date is unknown is named in a warning and left out, never dropped
silently. :func:`candidate_points` reads what-if or siting candidates from a point layer or
from ``(lon, lat)`` pairs in a stated datum (``'gcj02'`` for points picked on Amap).

Examples
--------
>>> import warnings
>>> from shangcheng_geo import transit
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # stations without an opening date are named
...     st = transit.open_stations(as_of="2012-12-31")
>>> len(st), st.crs.to_epsg()
(30, 4326)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._dates import parse_date
from ._errors import InputError, warn
from ._validate import (
    open_on,
    require_geodataframe,
    require_points,
    require_unique_ids,
    service_dates,
)
from .planned import read_stations  # the caller's station files, beside the other rules

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = [
    "candidate_points",
    "future_note",
    "is_open",
    "open_stations",
    "read_stations",
    "unknown_openings",
]


def open_stations(
    stations: gpd.GeoDataFrame | None = None, *, as_of: Any = None, report: bool = True
) -> gpd.GeoDataFrame:
    """The stations to measure from: validated, and those open on ``as_of``.

    Parameters
    ----------
    stations : GeoDataFrame, optional
        Station points in any CRS; default every placed Hangzhou Metro station
        (:func:`shangcheng_geo.datasets.stations`).
    as_of : date or ISO str, optional
        Keep the stations open on that day (needs an ``opened`` column; a station whose
        opening date is unknown counts from its ``in_service_by`` date, where the layer has
        one). Stations of unknown status are named in a
        :class:`~shangcheng_geo.DataQualityWarning` and left out.
    report : bool, default True
        Whether to warn about them (a timeline warns once for all its dates).

    Returns
    -------
    GeoDataFrame
        The kept rows, unchanged (same CRS, index and columns).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import transit
    >>> mine = gpd.GeoDataFrame({"opened": ["2020-01-01", "2030-01-01"]},
    ...                         geometry=[Point(120.2, 30.3), Point(120.3, 30.3)], crs=4326)
    >>> len(transit.open_stations(mine, as_of="2025-12-31"))
    1
    """
    from . import datasets

    if stations is None:
        stations = datasets.stations()
    require_geodataframe(stations, "stations")
    if "station_id" in stations.columns:
        require_unique_ids(
            stations["station_id"],
            "stations",
            "station_id",
            "Give each station a unique id (an interchange is one station with several lines).",
        )
    elif not stations.index.is_unique:
        raise InputError("stations have a duplicate index; give each station a unique index or id.")
    require_points(stations, "stations", "Use station centroids.")
    if as_of is None:
        return stations
    return stations[is_open(stations, as_of, report=report)]


def is_open(stations: gpd.GeoDataFrame, as_of: Any, *, report: bool = True) -> pd.Series:
    """Which stations of a checked layer are open on ``as_of`` (the rule of
    :func:`open_stations`, without checking the layer again).

    Parameters
    ----------
    stations : GeoDataFrame
        A layer :func:`open_stations` has accepted, with an ``opened`` column.
    as_of : date or ISO str
        The day.
    report : bool, default True
        Whether to warn about stations of unknown status on that day.

    Returns
    -------
    Series of bool
        Aligned to ``stations``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import transit
    >>> mine = gpd.GeoDataFrame({"opened": ["2020-01-01", "2030-01-01"]},
    ...                         geometry=[Point(120.2, 30.3), Point(120.3, 30.3)], crs=4326)
    >>> transit.is_open(mine, "2025-12-31").tolist()
    [True, False]
    """
    day = parse_date(as_of)
    if "opened" not in stations.columns:
        raise InputError(
            "as_of needs an 'opened' column of opening dates in the stations layer; it has "
            f"{list(stations.columns)}."
        )
    mask, _ = open_on(stations, day, f"as_of={day.date()}", report=report)
    note = future_note(stations, day) if report else None
    if note:
        warn(f"as_of={day.date()} is in the future: {note}.")
    return mask


def future_note(stations: gpd.GeoDataFrame | None, as_of: Any) -> str | None:
    """What a date after today means for a station layer, or None for today and earlier.

    A layer lists stations that have opened or have a known date; it is not a plan. For a
    future ``as_of`` the measured coverage is that of the stations known to be open by then,
    not a forecast: this says so, bilingually, for titles, legends, reports and warnings.

    Parameters
    ----------
    stations : GeoDataFrame, optional
        The station layer (default the embedded stations).
    as_of : date or ISO str, optional
        The date asked for; None means all open stations (no note).

    Returns
    -------
    str or None
        The note, naming the layer's last known opening date.

    Examples
    --------
    >>> from shangcheng_geo import transit
    >>> transit.future_note(None, "2020-01-01") is None
    True
    >>> note = transit.future_note(None, "2030-12-31")
    >>> note.startswith("仅含截至 2026-"), "planned lines not included" in note
    (True, True)
    """
    import datetime as _dt

    from . import datasets

    if as_of is None:
        return None
    day = parse_date(as_of)
    if day.date() <= _dt.date.today():
        return None
    layer = datasets.stations() if stations is None else stations
    if "opened" not in layer.columns:
        return None
    opened, by = service_dates(layer)
    known = [d for d in (opened.max(), by.max()) if d is not None and d == d]
    if not known:
        return None
    last = max(known)
    if day <= last:
        return None
    when = str(last.date())
    return (
        f"仅含截至 {when} 已知开通的线路，未含规划线路 (only lines open by {when}; planned "
        "lines not included -- pass your planned stations)"
    )


def unknown_openings(stations: gpd.GeoDataFrame, *, undated: bool = True) -> list[str]:
    """Notes on the stations whose opening date is unknown, from the data itself.

    Parameters
    ----------
    stations : GeoDataFrame
        A station layer with ``opened`` (and, where known, ``in_service_by``).
    undated : bool, default True
        Also name the stations with no date at all (they are left out of every date).

    Returns
    -------
    list of str
        One note per ``in_service_by`` date, naming its stations ("五堡, 六堡: opening
        date unknown, in service by 2026-08-14"), then one for those with no date at all.

    Examples
    --------
    >>> from shangcheng_geo import datasets, transit
    >>> transit.unknown_openings(datasets.stations())[0]
    '五堡, 六堡: opening date unknown, in service by 2026-08-14'
    """
    if "opened" not in stations.columns:
        return []
    opened, by = service_dates(stations)  # the one reading of the two date columns
    names = stations.get("name_zh", stations.index.to_series()).astype(str)
    notes = []
    for day, group in names[opened.isna() & by.notna()].groupby(by[opened.isna()].dropna()):
        notes.append(
            f"{', '.join(group)}: opening date unknown, in service by {day.date().isoformat()}"
        )
    unknown = names[opened.isna() & by.isna()]
    if undated and len(unknown):
        notes.append(f"{', '.join(unknown)}: no known opening date (left out)")
    return notes


def candidate_points(candidates: Any, *, datum: str = "wgs84") -> gpd.GeoDataFrame:
    """Candidate station sites as a point GeoDataFrame (EPSG:4326 for pairs).

    Parameters
    ----------
    candidates : GeoDataFrame or sequence of (lon, lat)
        A point layer in any CRS (returned as is after checks), or coordinate pairs.
    datum : str, default 'wgs84'
        Datum of the pairs: ``'wgs84'``, ``'gcj02'`` (Amap, Tencent) or ``'bd09'`` (Baidu).

    Returns
    -------
    GeoDataFrame
        Points, one row per candidate.

    Examples
    --------
    >>> from shangcheng_geo import transit
    >>> c = transit.candidate_points([(120.224, 30.345)], datum="gcj02")
    >>> round(float(c.geometry.x.iloc[0]), 4)  # shifted back from GCJ-02 to WGS84
    120.2195
    """
    import geopandas as gpd
    import numpy as np

    from .crs import convert_datum, require_crs

    if isinstance(candidates, gpd.GeoDataFrame):
        require_crs(candidates, "candidates")
        require_points(candidates, "candidates", "Use their centroids.")
        return candidates
    try:
        arr = np.asarray(candidates, dtype=float)
    except (TypeError, ValueError):
        raise InputError(
            "candidates must be a point GeoDataFrame or a list of (lon, lat) number pairs; "
            f"received {type(candidates).__name__}."
        ) from None
    if arr.ndim != 2 or arr.shape[1] != 2 or len(arr) == 0 or not np.isfinite(arr).all():
        raise InputError(
            "candidates must be a point GeoDataFrame or a non-empty list of finite (lon, lat) "
            f"pairs; received an array of shape {arr.shape}."
        )
    lon, lat = convert_datum(arr[:, 0], arr[:, 1], from_datum=datum, to_datum="wgs84")
    return gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
