"""Input checks shared by the analysis modules: clear errors, never a modified input."""

from __future__ import annotations

from typing import Any

from ._errors import InputError, warn

__all__ = [
    "date_column",
    "known_open_from",
    "label_column",
    "metres_from_text",
    "one_radius",
    "open_on",
    "positive_metres",
    "radii",
    "radius_suffix",
    "require_geodataframe",
    "require_points",
    "require_polygons",
    "require_unique_ids",
    "service_dates",
    "split_located",
]


_UNITS = (("_m_s", "metres per second"), ("_m2", "m²"), ("_min", "minutes"), ("_s", "seconds"))


def _unit(name: str) -> str:
    """The unit an option's name states: ``walk_speed_m_s`` -> 'metres per second'."""
    return next((unit for end, unit in _UNITS if name.endswith(end)), "metres")


def positive_metres(
    value: Any, name: str, *, allow_inf: bool = False, allow_zero: bool = False, note: str = ""
) -> float:
    """``value`` as a float in the unit ``name`` states (metres unless it ends ``_m2``,
    ``_m_s``, ``_s`` or ``_min``): the one check of every numeric option.

    Refuses text (``'800'``: the library never guesses a number from a string; command-line
    text is read by :func:`metres_from_text`), booleans (True is 1 to Python, never a
    distance), NaN, negatives, zero (unless ``allow_zero``) and infinity (unless
    ``allow_inf``, as for a cutoff meaning "no limit"). The message names the option, the
    value and its type, and the fix; ``note`` is added to it (what a special value means).

    Examples
    --------
    >>> positive_metres(800, "radius_m")
    800.0
    >>> try:
    ...     positive_metres("1", "precision_m")
    ... except ValueError as err:
    ...     print(str(err).split("; ")[1])
    received '1'. Pass a number: precision_m=1.
    """
    import math
    import numbers

    unit = _unit(name)
    if allow_zero:
        what = f"zero or more {unit}"
    else:
        what = f"a positive{'' if allow_inf else ', finite'} number of {unit}"
    extra = f" {note}" if note else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(
            f"{name} must be {what}, given as numbers, not {type(value).__name__}; received "
            f"{value!r}. Pass a number: {name}={_example(value)}.{extra}"
        )
    out = float(value)
    if (
        math.isnan(out)
        or out < 0
        or (out == 0 and not allow_zero)
        or (math.isinf(out) and not allow_inf)
    ):
        raise InputError(f"{name} must be {what}; received {value!r}.{extra}")
    return out


def _example(value: Any) -> str:
    """The number a refused value stands for, to show in the fix (else a placeholder)."""
    try:
        number = float(value) if isinstance(value, str) else None
    except ValueError:
        number = None
    if number is None or number != number:
        return "<number>"
    return f"{number:g}"


def metres_from_text(text: str, what: str, *, allow_inf: bool = False) -> float:
    """A number of metres written as text (a command-line argument such as ``grid:500``).

    Examples
    --------
    >>> metres_from_text("500", "grid cell size")
    500.0
    """
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f"{what} must be metres, given as a number; received {text!r}.") from None
    return positive_metres(value, what, allow_inf=allow_inf)


MAX_RADIUS_M = 100_000.0  # a catchment wider than this leaves a 3-degree projection zone


def radii(radius_m: Any) -> list[float]:
    """One radius or several, as a list of distinct positive floats (metres)."""
    from collections.abc import Iterable

    values = (
        list(radius_m)
        if isinstance(radius_m, Iterable) and not isinstance(radius_m, str)
        else [radius_m]
    )
    if not values:
        raise InputError(
            "radius_m is empty; give one radius in metres (800) or a list ([500, 800])."
        )
    out = [positive_metres(v, "radius_m") for v in values]
    too_far = [r for r in out if r > MAX_RADIUS_M]
    if too_far:
        raise InputError(
            f"radius_m {too_far[0]:g} m is beyond {MAX_RADIUS_M:,.0f} m: a station catchment "
            "that large leaves the analysis CRS's zone (its areas and shapes stop being "
            "exact) and is no walking or cycling distance. Give radii in metres, e.g. 800."
        )
    if len(set(out)) != len(out):
        raise InputError(f"radius_m lists a radius twice: {values}.")
    suffixes = [radius_suffix(r) for r in out]
    if len(set(suffixes)) != len(suffixes):
        raise InputError(
            f"radius_m {values} would give two columns the same name; give radii that differ "
            "by at least a millimetre."
        )
    return out


def one_radius(radius_m: Any) -> float:
    """Exactly one positive radius in metres (for functions that answer for one radius)."""
    values = radii(radius_m)
    if len(values) != 1:
        raise InputError(
            f"this function takes one radius; received {len(values)} ({values}). Call it once "
            "per radius, or use station_coverage, which takes several."
        )
    return values[0]


def radius_suffix(r: float) -> str:
    """Column suffix for a radius, to the millimetre: ``800`` -> ``'800'``, ``512.5`` ->
    ``'512_5'``, ``1e6`` -> ``'1000000'`` (never an exponent)."""
    import numpy as np

    return np.format_float_positional(round(float(r), 3), trim="-").replace(".", "_")


def require_geodataframe(obj: Any, what: str) -> None:
    """Refuse anything that is not a GeoDataFrame, naming what was received."""
    import geopandas as gpd

    if not isinstance(obj, gpd.GeoDataFrame):
        cols = set(getattr(obj, "columns", []))
        if "community_zh" in cols or {"code12", "name_pinyin"} <= cols:  # embedded tables
            kind = "community" if "community_zh" in cols else "subdistrict"
            have = (
                "9 of the 14 subdistrict boundaries are embedded (OpenStreetMap, west only): "
                "datasets.subdistricts(geometry=True) gives them, the other 5 with no geometry"
                if kind == "subdistrict"
                else "no community boundary is open: datasets.communities(geometry=True) has "
                "label points only"
            )
            raise InputError(
                f"{what} is the {kind} table, which has names, not boundaries; {have}. For "
                f"coverage by {kind}, bring a boundary file: datasets.read_file(path, datum=...) "
                "in Python, --units FILE on the command line."
            )
        raise InputError(
            f"{what} must be a GeoDataFrame; received {type(obj).__name__}. Load a file with "
            "shangcheng_geo.datasets.read_file(path, datum=...) or build one with "
            "geopandas.GeoDataFrame(df, geometry=..., crs='EPSG:4326')."
        )


def label_column(gdf: Any) -> str | None:
    """The column that names a layer's rows in messages: ``name_zh``, else ``name``."""
    return next((c for c in ("name_zh", "name") if c in gdf.columns), None)


def _labels(gdf: Any, mask: Any, id_col: str | None, limit: int = 8) -> str:
    keys = gdf.loc[mask, id_col] if id_col and id_col in gdf else gdf.index[mask]
    keys = [str(k) for k in keys]
    more = f" and {len(keys) - limit} more" if len(keys) > limit else ""
    return ", ".join(keys[:limit]) + more


def require_polygons(
    gdf: Any, what: str, *, id_col: str | None = None, allow_empty: bool = False
) -> None:
    """Refuse null, empty, invalid or non-polygon geometries, listing the offending rows.

    ``allow_empty``: empty polygons (a unit known by name whose boundary is missing) pass,
    named in a warning: every measure gives them no data (NaN), never 0 %.
    """
    import shapely

    geoms = gdf.geometry
    null = geoms.isna()
    if null.any():
        raise InputError(
            f"{what} has {int(null.sum())} row(s) without geometry: {_labels(gdf, null, id_col)}. "
            "Drop them or supply their polygons."
        )
    empty = geoms.is_empty
    if allow_empty and empty.any():
        warn(
            f"{what} has {int(empty.sum())} row(s) with no boundary (empty geometry): "
            f"{_labels(gdf, empty, id_col)}. They are kept, with no data (NaN), never 0 %; "
            "supply their polygons to measure them."
        )
        geoms = geoms[~empty]
        gdf = gdf[~empty]
    elif empty.any():
        raise InputError(
            f"{what} has {int(empty.sum())} empty geometr(y/ies): {_labels(gdf, empty, id_col)}. "
            "Drop them or supply their polygons."
        )
    kinds = geoms.geom_type
    bad = ~kinds.isin(["Polygon", "MultiPolygon"])
    if bad.any():
        found = sorted(set(kinds[bad]))
        raise InputError(
            f"{what} must contain polygons; received {found} for {_labels(gdf, bad, id_col)}. "
            "Buffer points or lines into areas first (in a metric CRS), or pass a polygon layer."
        )
    invalid = ~geoms.is_valid
    if invalid.any():
        first = geoms[invalid].iloc[0]
        raise InputError(
            f"{what} has {int(invalid.sum())} invalid polygon(s): {_labels(gdf, invalid, id_col)} "
            f"({shapely.is_valid_reason(first)}). Repair them with gdf.make_valid() or in your GIS."
        )


def require_points(gdf: Any, what: str, fix: str) -> None:
    """Refuse null, empty or non-point geometries, saying how many and of which types."""
    import numpy as np
    import shapely

    geoms = gdf.geometry
    values = np.asarray(geoms.values)
    bad = (shapely.get_type_id(values) != 0) | shapely.is_empty(values)  # 0: Point; None: -1
    if bad.any():
        bad = geoms.isna() | geoms.is_empty | ~(geoms.geom_type == "Point")
        kinds = sorted(set(geoms[bad].geom_type.dropna()) - {"Point"})
        raise InputError(
            f"{what} must be non-empty points; {int(bad.sum())} row(s) are not"
            f"{f' (types {kinds})' if kinds else ''}. {fix}"
        )
    xy = shapely.get_coordinates(geoms.values)
    if len(xy) and not np.isfinite(xy).all():
        rows = ~np.isfinite(shapely.get_x(geoms.values) + shapely.get_y(geoms.values))
        raise InputError(
            f"{what} has {int(rows.sum())} point(s) with NaN or infinite coordinates "
            f"({_labels(gdf, rows, None)}): drop them or give their coordinates."
        )


def require_unique_ids(ids: Any, what: str, column: str, fix: str) -> None:
    """Refuse duplicate ids, compared as text (so 1 and '1' are one id)."""
    dup = ids[ids.astype(str).str.strip().duplicated(keep=False)]
    if len(dup):
        raise InputError(
            f"{what} have duplicate {column} values: {sorted(set(dup.astype(str)))} (ids are "
            f"compared as text, so 1 and '1' are one id). {fix}"
        )


def split_located(gdf: Any, what: str, *, id_col: str | None = None) -> tuple[Any, list[str]]:
    """Split a layer into its located rows and the labels of unlocated (empty) ones.

    Unlocated rows are named in a :class:`DataQualityWarning`, never dropped silently.
    """
    geoms = gdf.geometry
    missing = geoms.isna() | geoms.is_empty
    labels = [str(v) for v in (gdf.loc[missing, id_col] if id_col else gdf.index[missing])]
    if labels:
        warn(
            f"{what}: {len(labels)} feature(s) have no location and are reported as unlocated, "
            f"not measured: {', '.join(labels)}. Supply coordinates to include them."
        )
    return gdf[~missing], labels


def date_column(stations: Any, column: str) -> Any:
    """A column of dates read by the one date rule (:func:`shangcheng_geo.datasets.parse_date`):
    NaT where empty; a value that is not a date is refused by row, never read as unknown."""
    import pandas as pd

    from ._dates import parse_date

    values = stations[column]
    if pd.api.types.is_datetime64_any_dtype(values):
        return pd.to_datetime(values)
    blank = values.isna() | values.astype(str).str.strip().isin(["", "NaT", "nan", "None"])
    days, bad = [], []
    for label, value, empty in zip(
        stations.get("name_zh", values.index), values, blank, strict=True
    ):
        try:
            days.append(pd.NaT if empty else parse_date(value, name=column))
        except InputError:
            days.append(pd.NaT)
            bad.append(f"{label} {value!r}")
    if bad:
        more = f" and {len(bad) - 8} more" if len(bad) > 8 else ""
        raise InputError(
            f"the stations' {column!r} column has {len(bad)} value(s) that are not dates: "
            f"{', '.join(bad[:8])}{more}. Write them as ISO dates (YYYY-MM-DD, e.g. "
            "'2012-11-24'), or leave a date that is not known empty."
        )
    return pd.Series(pd.to_datetime(pd.Series(days, dtype=object)).to_numpy(), index=values.index)


def service_dates(stations: Any) -> tuple[Any, Any]:
    """The ``opened`` and ``in_service_by`` dates as datetimes (NaT where unknown or absent)."""
    import pandas as pd

    opened = date_column(stations, "opened")
    if "in_service_by" not in stations.columns:
        return opened, pd.Series(pd.NaT, index=stations.index)
    return opened, date_column(stations, "in_service_by")


def known_open_from(stations: Any) -> Any:
    """The date from which each station is known to be open: its opening date, else its
    ``in_service_by`` date; NaT where neither is known."""
    opened, by = service_dates(stations)
    return opened.fillna(by)


def open_on(
    stations: Any, day: Any, context: str, *, report: bool = True, hint: str = ""
) -> tuple[Any, Any]:
    """Which stations are open on ``day``, and which are of unknown status then.

    A station is open when its ``opened`` date is on or before ``day``, or -- its opening
    date unknown -- when its ``in_service_by`` date (a date by which it was certainly in
    service) is. Otherwise, with ``opened`` unknown, its status on ``day`` is unknown: it is
    left out and named in one :class:`DataQualityWarning`, never dropped silently.
    """
    import pandas as pd

    opened, by = service_dates(stations)
    surely = opened.isna() & by.le(day)
    unknown = opened.isna() & ~surely
    if report and unknown.any():
        names = stations.get("name_zh", pd.Series(stations.index, index=stations.index))
        parts = [
            f"{n} (in service by {b.date()}, status before then unknown)"
            if pd.notna(b)
            else f"{n} (no known opening date)"
            for n, b in zip(names[unknown], by[unknown], strict=True)
        ]
        warn(
            f"{int(unknown.sum())} station(s) are of unknown status and left out of "
            f"{context}: {', '.join(map(str, parts))}.{hint}"
        )
    return opened.le(day) | surely, unknown
