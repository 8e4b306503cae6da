"""Planned stations: the caller's own station file, read with its datum, for the 2030 question.

The embedded stations are those open or with a known date; no planned station is invented.
A planner brings the planned ones -- a CSV or Excel table of names and lon/lat picked on
Amap, or a GeoJSON/GeoPackage -- and :func:`read_stations` turns it into a station layer
(``opened`` in the future, or ``status`` planned with a ``planned_year``) that every
function taking ``stations`` accepts; :func:`with_planned` adds it to the embedded network.

Examples
--------
>>> import pandas as pd, tempfile, os
>>> from shangcheng_geo import planned
>>> path = os.path.join(tempfile.mkdtemp(), "planned.csv")
>>> pd.DataFrame({"站名": ["规划站A"], "经度": [120.215], "纬度": [30.275],
...               "status": ["规划"], "planned_year": [2030]}).to_csv(path, index=False)
>>> st = planned.read_stations(path, datum="gcj02")
>>> st[["name_zh", "status"]].values.tolist(), str(st["opened"].iloc[0].date())
([['规划站A', 'planned']], '2030-12-31')
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import InputError, warn
from ._reading import read_table
from ._validate import date_column

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["read_stations", "with_planned"]

_LON = ("lon", "lng", "longitude", "经度", "x")
_LAT = ("lat", "latitude", "纬度", "y")
_NAME = ("name_zh", "name", "站名", "名称", "station")
_PLANNED_WORDS = {"planned", "规划", "在建", "under construction", "construction"}


def read_stations(
    path: Any,
    *,
    datum: str | None = None,
    lon_col: str | None = None,
    lat_col: str | None = None,
    name_col: str | None = None,
) -> gpd.GeoDataFrame:
    """Read the caller's station file (planned or not) as a station layer in WGS84.

    Parameters
    ----------
    path : path
        ``.csv`` (UTF-8 or GBK, as Excel in China saves it), ``.xlsx``/``.xls``, or a vector
        file (GeoJSON, GeoPackage, Shapefile).
    datum : {'wgs84', 'gcj02', 'bd09'}
        Required for tables (points picked on Amap are ``'gcj02'``, on Baidu ``'bd09'``) and
        for vector files in lon/lat: coordinates are converted, never relabelled.
    lon_col, lat_col, name_col : str, optional
        The columns of a table; found by name otherwise (``lon``/``经度``, ``lat``/``纬度``,
        ``name_zh``/``站名``).

    Returns
    -------
    GeoDataFrame
        EPSG:4326 points with ``name_zh``, ``opened`` (a date: the file's ``opened``, or 31
        December of ``planned_year``), ``status`` (``'planned'`` when the file says so or
        ``opened`` is after today, else ``'open'``) and the provenance columns ``source``,
        ``licence`` and ``confidence``; the file's other columns are kept.

    Examples
    --------
    >>> import geopandas as gpd, os, tempfile
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import planned
    >>> path = os.path.join(tempfile.mkdtemp(), "p.geojson")
    >>> gpd.GeoDataFrame({"name": ["B"], "opened": ["2031-06-30"]}, geometry=[Point(120.2, 30.27)],
    ...                  crs=4326).to_file(path)
    >>> planned.read_stations(path, datum="wgs84")["status"].tolist()
    ['planned']
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"station file not found: {str(p)!r}.")
    table = p.suffix.lower() in (".csv", ".txt", ".xlsx", ".xls")
    if table and datum is None:
        raise InputError(
            f"{p.name} is a table of lon/lat: say which datum they are in with datum= "
            "('gcj02' for points picked on Amap or Tencent, 'bd09' for Baidu, 'wgs84' for "
            "GPS or OpenStreetMap); the library never guesses."
        )
    layer = _from_table(p, datum, lon_col, lat_col) if table else _from_vector(p, datum)
    return _as_stations(layer, p, name_col)


def _column(df: Any, given: str | None, names: tuple[str, ...], what: str) -> str:
    if given is not None:
        if given not in df.columns:
            raise InputError(f"no column {given!r} for {what}; columns: {list(df.columns)}.")
        return given
    lower = {str(c).strip().lower(): c for c in df.columns}
    for n in names:
        if n in lower:
            return str(lower[n])
    raise InputError(
        f"no {what} column among {list(df.columns)}; name it one of {list(names)} or pass "
        f"{what.split()[0]}_col=."
    )


def _from_table(p: Path, datum: Any, lon_col: Any, lat_col: Any) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from .crs import convert_datum

    df = read_table(p)
    lon_c = _column(df, lon_col, _LON, "lon (longitude)")
    lat_c = _column(df, lat_col, _LAT, "lat (latitude)")
    lon = pd.to_numeric(df[lon_c], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(df[lat_c], errors="coerce").to_numpy(float)
    bad = ~(np.isfinite(lon) & np.isfinite(lat))
    if bad.any():
        raise InputError(
            f"{p.name}: {int(bad.sum())} row(s) without numeric {lon_c}/{lat_c} (rows "
            f"{list(np.flatnonzero(bad))[:8]}); fill or drop them."
        )
    x, y = convert_datum(lon, lat, from_datum=datum, to_datum="wgs84")
    rest = df.drop(columns=[lon_c, lat_c])
    return gpd.GeoDataFrame(rest, geometry=gpd.points_from_xy(x, y), crs="EPSG:4326")


def _from_vector(p: Path, datum: Any) -> gpd.GeoDataFrame:
    from .datasets import read_file

    return read_file(p, datum=datum).to_crs("EPSG:4326")


def _as_stations(layer: gpd.GeoDataFrame, p: Path, name_col: str | None) -> gpd.GeoDataFrame:
    import pandas as pd

    out = layer.copy()
    name = _column(out, name_col, _NAME, "name")
    out["name_zh"] = out[name].astype(str)
    opened = date_column(out, "opened") if "opened" in out else None  # the one date rule
    if opened is None:
        opened = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    said = out["status"].astype(str).str.strip().str.lower() if "status" in out else None
    is_planned = said.isin(_PLANNED_WORDS) if said is not None else pd.Series(False, out.index)
    if "planned_year" in out:
        year = pd.to_numeric(out["planned_year"], errors="coerce")
        ends = pd.Series(
            [pd.Timestamp(int(y), 12, 31) if y == y else pd.NaT for y in year], index=out.index
        )
        opened = opened.where(opened.notna(), ends)
        is_planned = is_planned | year.notna()
    out["opened"] = opened.to_numpy(dtype="datetime64[ns]")
    out["status"] = _status(opened, is_planned)
    undated = out["opened"].isna()
    if undated.any():
        warn(
            f"{p.name}: {int(undated.sum())} station(s) have no opening date or planned_year "
            f"and count on no date: {', '.join(out.loc[undated, 'name_zh'][:8])}."
        )
    out["source"] = f"the caller's file {p.name}"
    out["licence"] = "the caller's data"
    out["confidence"] = "as supplied"
    if "lines" not in out:
        out["lines"] = ""
    out.attrs["provenance"] = {"source": f"the caller's file {p.name}", "planned": True}
    return out


def _status(opened: Any, said_planned: Any = None) -> Any:
    """'planned' for a station the file calls planned or that opens after today, else 'open'."""
    import numpy as np
    import pandas as pd

    later = (opened > pd.Timestamp(_dt.date.today())).to_numpy()
    said = np.zeros(len(later), bool) if said_planned is None else said_planned.to_numpy()
    return np.where(said | later, "planned", "open")


def with_planned(planned: gpd.GeoDataFrame, stations: Any = None) -> gpd.GeoDataFrame:
    """The embedded (or given) stations plus the caller's planned ones, in one layer.

    Parameters
    ----------
    planned : GeoDataFrame
        A layer from :func:`read_stations` (any CRS).
    stations : GeoDataFrame, optional
        The existing stations; default the embedded ones.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, the existing stations first (``status`` 'open', or 'planned' for those
        opening after today) then the planned ones; a planned station with the name of an
        existing one is refused.

    Examples
    --------
    >>> import geopandas as gpd, pandas as pd
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import planned
    >>> mine = gpd.GeoDataFrame({"name_zh": ["规划站A"], "opened": [pd.Timestamp("2030-12-31")],
    ...                          "status": ["planned"]}, geometry=[Point(120.2, 30.27)], crs=4326)
    >>> both = planned.with_planned(mine)
    >>> len(both), both["status"].iloc[-1]
    (203, 'planned')
    """
    import geopandas as gpd
    import pandas as pd

    from . import datasets

    base = (datasets.stations() if stations is None else stations).to_crs("EPSG:4326").copy()
    if "status" not in base:
        base["status"] = _status(date_column(base, "opened"))
    new = planned.to_crs("EPSG:4326")
    clash = sorted(set(new["name_zh"]) & set(base["name_zh"]))
    if clash:
        raise InputError(
            f"planned station(s) {clash} have the name of an existing station; rename them "
            "(e.g. '<name> (规划)') or drop the existing ones first."
        )
    if "station_id" in base:  # ids stay unique: a planned station's id is its name
        new = new.assign(station_id=new.get("station_id", new["name_zh"]))
    both = pd.concat([base, new], ignore_index=True)
    return gpd.GeoDataFrame(both, geometry="geometry", crs="EPSG:4326")
