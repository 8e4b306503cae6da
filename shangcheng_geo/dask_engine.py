"""Coverage of tens of millions of points on dask-geopandas (the ``dask`` extra).

The same analyses as :mod:`shangcheng_geo.coverage`, run partition by partition on dask --
a laptop's ``LocalCluster`` or a real cluster (``Client("tcp://scheduler:8786")``) alike:

* :func:`site_access` -- for every point, the nearest open station, its distance and whether
  it lies within ``radius_m`` (same columns as :func:`coverage.site_access`);
* :func:`weighted_coverage` -- per-unit coverage with point weights (buildings, residents),
  the same result as ``coverage.station_coverage(units, base="weights", ...)``;
* :func:`read_points` / :func:`write_parquet` -- (partitioned) GeoParquet in and out with
  CRS metadata, and lon/lat columns in a Chinese datum converted partition by partition;
* :func:`spatial_partition` -- Hilbert-sorted partitions with their bounds.

Each partition meets only the stations within reach: those inside its bounds grown by the
radius. A point whose nearest station lies farther than that is looked up again among all
stations, so distances stay exact. Stations, units and catchments are broadcast once (one
graph key each), not copied into every task.

Examples
--------
>>> import warnings
>>> import geopandas as gpd, dask_geopandas
>>> from shapely.geometry import Point
>>> from shangcheng_geo import dask_engine
>>> pts = gpd.GeoDataFrame(geometry=[Point(120.2084, 30.2935), Point(120.40, 30.10)], crs=4326)
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
...     res = dask_engine.site_access(dask_geopandas.from_geopandas(pts, npartitions=2),
...                                   as_of="2025-12-31", scheduler="sync")
>>> res["nearest_station"].tolist(), res["within_radius"].tolist()
(['火车东站', '姑娘桥'], [True, False])
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ._atomic import check_output_path, replacing
from ._errors import InputError, MissingDependencyError
from ._options import STATION_RADIUS_M, options
from ._validate import one_radius, positive_metres, require_geodataframe, require_polygons
from .access import DEFAULT_WALK_SPEED_M_S, walk_minutes

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["read_points", "site_access", "spatial_partition", "weighted_coverage", "write_parquet"]


def _dask_geopandas() -> Any:
    try:
        import dask_geopandas
    except ImportError:
        raise MissingDependencyError(
            "the dask engine needs dask-geopandas: pip install 'shangcheng_geo[dask]'."
        ) from None
    return dask_geopandas


# ----------------------------------------------------------------------------- I/O


def read_points(
    source: Any,
    *,
    lon_col: str | None = None,
    lat_col: str | None = None,
    datum: str = "wgs84",
    npartitions: int | None = None,
) -> Any:
    """Points as a dask-geopandas GeoDataFrame.

    ``source`` is a dask GeoDataFrame (returned as is), a geopandas GeoDataFrame (split into
    ``npartitions``), or a path to a (partitioned) GeoParquet dataset. With ``lon_col`` and
    ``lat_col``, ``source`` is a Parquet/CSV table of coordinates in ``datum`` -- e.g. GCJ-02
    points exported from Amap -- converted to WGS84 partition by partition. A CSV is read
    as the library's other readers read it (UTF-8, or GBK/GB18030 as Excel in China saves
    it, with a warning), in memory, then split; keep tables larger than memory in Parquet.

    Parameters
    ----------
    source : dask GeoDataFrame, GeoDataFrame or path
        The points, or a GeoParquet / Parquet / CSV path.
    lon_col, lat_col : str, optional
        Coordinate columns of a table (both or neither).
    datum : str, default 'wgs84'
        Datum of those coordinates.
    npartitions : int, optional
        Partitions for a geopandas input (default: the number of cores).

    Returns
    -------
    dask_geopandas.GeoDataFrame
        Lazy points in EPSG:4326 (or the file's CRS).

    Examples
    --------
    >>> import geopandas as gpd, dask_geopandas
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import dask_engine
    >>> pts = gpd.GeoDataFrame({"w": [1.0, 2.0]},
    ...                        geometry=[Point(120.2084, 30.2935), Point(120.40, 30.10)], crs=4326)
    >>> dask_engine.read_points(pts, npartitions=2).npartitions
    2
    """
    import geopandas as gpd

    dgpd = _dask_geopandas()
    if isinstance(source, dgpd.GeoDataFrame):
        return source
    if isinstance(source, gpd.GeoDataFrame):
        return dgpd.from_geopandas(source, npartitions=npartitions or max(1, os.cpu_count() or 1))
    path = str(source)
    if lon_col is None:
        if lat_col is not None:
            raise InputError("pass both lon_col and lat_col, or neither.")
        try:
            return dgpd.read_parquet(path)
        except Exception as exc:
            raise InputError(f"could not read {path!r} as GeoParquet: {exc}") from None
    if lat_col is None:
        raise InputError("pass both lon_col and lat_col, or neither.")
    table = _coordinate_table(path, npartitions)
    missing = [c for c in (lon_col, lat_col) if c not in table.columns]
    if missing:
        raise InputError(f"{path!r} has no column(s) {missing}; columns: {list(table.columns)}.")
    meta = gpd.GeoDataFrame(table._meta.copy(), geometry=gpd.GeoSeries([], crs="EPSG:4326"))
    out = table.map_partitions(_points_from_columns, lon_col, lat_col, datum, meta=meta)
    return dgpd.from_dask_dataframe(out, geometry="geometry")


def _coordinate_table(path: str, npartitions: int | None) -> Any:
    """A CSV or Parquet table of coordinates as a dask DataFrame. A CSV is read by the
    library's one table reader (UTF-8, or GBK/GB18030 as Excel in China saves it, with a
    warning) and then split into partitions."""
    import dask.dataframe as dd

    from ._reading import read_table

    p = Path(path)
    if not p.exists():
        raise InputError(f"file not found: {path!r}. Check the path (relative to {os.getcwd()}).")
    if p.suffix.lower() not in (".csv", ".txt"):
        try:
            return dd.read_parquet(path)
        except Exception as exc:
            raise InputError(f"could not read {path!r} as Parquet: {exc}") from None
    table = read_table(
        p,
        empty=f"{path!r} is empty: a CSV of points needs a header row with the coordinate "
        "columns and a row per point.",
    )
    parts = npartitions or max(1, os.cpu_count() or 1)
    return dd.from_pandas(table, npartitions=max(1, min(parts, len(table))))


def _points_from_columns(df: Any, lon_col: str, lat_col: str, datum: str) -> Any:
    import geopandas as gpd

    from .crs import convert_datum

    lon, lat = convert_datum(
        df[lon_col].to_numpy(float), df[lat_col].to_numpy(float), from_datum=datum, to_datum="wgs84"
    )
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")


def write_parquet(result: Any, path: str | os.PathLike[str]) -> None:
    """Write a result (dask or geopandas GeoDataFrame) as GeoParquet with its CRS.

    Parameters
    ----------
    result : dask or geopandas GeoDataFrame
        What to write; a lazy dask result is computed partition by partition.
    path : path
        A file (geopandas) or a folder of partitions (dask).

    Raises
    ------
    OutputError
        The path cannot be written (checked before a lazy result is computed): a missing or
        read-only folder, a folder given for a file, a full disk, a file-size limit.

    Examples
    --------
    >>> import os, tempfile
    >>> import geopandas as gpd, dask_geopandas
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import dask_engine
    >>> pts = gpd.GeoDataFrame({"w": [1.0, 2.0]},
    ...                        geometry=[Point(120.2084, 30.2935), Point(120.40, 30.10)], crs=4326)
    >>> path = os.path.join(tempfile.mkdtemp(), "pts.parquet")
    >>> dask_engine.write_parquet(pts, path)
    >>> gpd.read_parquet(path).crs.to_epsg()
    4326
    """
    import pandas as pd

    dataset = not isinstance(result, pd.DataFrame)  # dask writes a folder of partitions
    out = check_output_path(path, folder=dataset)
    with replacing(out, folder=dataset) as tmp:  # a whole dataset or none: the old one stays
        result.to_parquet(str(tmp))


def spatial_partition(points: Any, *, npartitions: int | None = None) -> Any:
    """Hilbert-sort points into spatially compact partitions and record their bounds.

    Parameters
    ----------
    points : dask GeoDataFrame, GeoDataFrame or path
        As for :func:`read_points`.
    npartitions : int, optional
        Default: keep the input's number.

    Returns
    -------
    dask_geopandas.GeoDataFrame
        Lazy points with ``spatial_partitions`` set.

    Examples
    --------
    >>> import geopandas as gpd, dask_geopandas
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import dask_engine
    >>> pts = gpd.GeoDataFrame({"w": [1.0, 2.0]},
    ...                        geometry=[Point(120.2084, 30.2935), Point(120.40, 30.10)], crs=4326)
    >>> part = dask_engine.spatial_partition(dask_engine.read_points(pts, npartitions=2))
    >>> len(part.spatial_partitions)
    2
    """
    ddf = read_points(points)
    shuffled = ddf.spatial_shuffle(by="hilbert", npartitions=npartitions or ddf.npartitions)
    shuffled.calculate_spatial_partitions()
    return shuffled


# ----------------------------------------------------------------------------- site access


def _stations_payload(stations: Any, as_of: Any) -> dict[str, Any]:
    import pandas as pd

    from .crs import to_analysis_crs
    from .transit import open_stations

    st = to_analysis_crs(open_stations(stations, as_of=as_of), "stations")
    labels = st["name_zh"].to_numpy() if "name_zh" in st else st.index.to_numpy()
    codes, names = pd.factorize(np.asarray(labels).astype(str))
    return {
        "xy": np.column_stack([st.geometry.x, st.geometry.y]),
        "codes": codes,  # station -> position of its name in "names"
        "names": np.asarray(names, dtype=object),
        "crs": options.analysis_crs.to_string(),
    }


def _access_partition(
    part: Any, payload: dict[str, Any], radius: float, speed: float = DEFAULT_WALK_SPEED_M_S
) -> Any:
    import pandas as pd
    from scipy.spatial import cKDTree

    from ._geom import near_box, point_xy

    out = part.copy()
    n = len(part)
    nearest = np.full(n, -1, dtype=np.int64)
    dist = np.full(n, np.nan)
    geoms = part.geometry
    ok = ~(geoms.isna() | geoms.is_empty).to_numpy() if n else np.zeros(0, bool)
    sxy, names = payload["xy"], payload["names"]
    if ok.any() and len(sxy):
        pxy = point_xy(np.asarray(geoms.values)[ok], part.crs, payload["crs"])
        near = near_box(sxy, (*pxy.min(axis=0), *pxy.max(axis=0)), radius)
        d = np.full(len(pxy), np.inf)
        idx = np.zeros(len(pxy), dtype=np.int64)
        if near.any():
            sub = np.flatnonzero(near)
            d, j = cKDTree(sxy[sub]).query(pxy)
            idx = sub[j]
        # a station outside the grown bounds is more than `radius` from every point here, so
        # a nearer-than-radius answer is final; look the rest up among all stations
        again = d > radius
        if again.any():
            d2, j2 = cKDTree(sxy).query(pxy[again])
            d[again], idx[again] = d2, j2
        nearest[ok] = payload["codes"][idx]
        dist[ok] = d
    # a categorical from integer codes: no text for every point
    out["nearest_station"] = pd.Categorical.from_codes(nearest, categories=pd.Index(names))
    out["distance_m"] = dist
    out["walk_min"] = walk_minutes(dist, speed)
    within = pd.array(np.where(ok, dist <= radius, False), dtype="boolean")
    within[~ok] = pd.NA
    out["within_radius"] = within
    return out


def site_access(
    sites: Any,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float = STATION_RADIUS_M,
    as_of: Any = None,
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
    compute: bool = True,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> Any:
    """Nearest open station, distance and within-radius flag for every site, on dask.

    Parameters
    ----------
    sites : dask GeoDataFrame, GeoDataFrame or path to GeoParquet
        Points (buildings, addresses...), as for :func:`coverage.site_access`.
    stations : GeoDataFrame, optional
        Default: the embedded stations.
    radius_m : float, default 800
        The radius for ``within_radius`` (straight line, metres).
    as_of : date or ISO str, optional
        Only stations open on that day.
    walk_speed_m_s : float, default 1.2
        Walking speed for ``walk_min`` (:func:`shangcheng_geo.access.walk_minutes`).
    compute : bool, default True
        Return a computed geopandas GeoDataFrame; ``False`` returns the lazy dask result
        (write it with :func:`write_parquet` without collecting it).
    scheduler : str, optional
        dask scheduler for ``compute`` ("sync", "threads", "processes"); default: the active
        distributed Client, if any, else dask's default.
    progress : bool, optional
        Show dask's progress bar while computing; default: when ``options.progress`` is on
        and stderr is a terminal.

    Returns
    -------
    GeoDataFrame or dask GeoDataFrame
        The points with ``nearest_station``, ``distance_m`` and ``within_radius``; points
        without geometry get NaN / NA.

    Examples
    --------
    >>> import warnings
    >>> import geopandas as gpd, dask_geopandas
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import dask_engine
    >>> pts = gpd.GeoDataFrame({"w": [1.0, 2.0]},
    ...                        geometry=[Point(120.2084, 30.2935), Point(120.40, 30.10)], crs=4326)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
    ...     res = dask_engine.site_access(pts, as_of="2025-12-31", scheduler="sync")
    >>> res["within_radius"].tolist()
    [True, False]
    """
    import dask

    radius = one_radius(radius_m)
    ddf = read_points(sites)
    stations_now = _stations_payload(stations, as_of)
    payload = dask.delayed(stations_now, pure=True)
    speed = positive_metres(walk_speed_m_s, "walk_speed_m_s")
    meta = _access_partition(ddf._meta, stations_now, radius, speed)  # same categories as parts
    result = ddf.map_partitions(_access_partition, payload, radius, speed, meta=meta)
    return _maybe_compute(result, compute, scheduler, progress)


def _maybe_compute(result: Any, compute: bool, scheduler: str | None, progress: bool | None) -> Any:
    import sys

    if not compute:
        return result
    kwargs = {"scheduler": scheduler} if scheduler else {}
    if progress is None:  # long work shows its bar in a terminal, never in a pipe or a log
        progress = options.progress and sys.stderr.isatty()
    if progress:
        try:
            from distributed import get_client

            get_client()
            from distributed import progress as dist_progress

            persisted = result.persist(**kwargs)
            dist_progress(persisted)
            return persisted.compute(**kwargs)
        except (ImportError, ValueError):
            from dask.diagnostics import ProgressBar

            with ProgressBar(out=sys.stderr):
                return result.compute(**kwargs)
    return result.compute(**kwargs)


# ----------------------------------------------------------------------------- weighted


def _weights_partition(part: Any, payload: dict[str, Any], weight_col: str) -> Any:
    import pandas as pd
    import shapely
    from scipy.spatial import cKDTree

    from ._weights import weight_values

    n_units = payload["n_units"]
    if len(part) == 0:
        return pd.DataFrame({"base": np.zeros(n_units), "covered": np.zeros(n_units)})
    w = weight_values(part[weight_col], weight_col)  # the same rule as in memory
    pts = part.geometry.to_crs(payload["crs"]).values
    tree = shapely.STRtree(pts)
    unit_idx, pt_idx = tree.query(payload["units"], predicate="intersects")
    base = np.bincount(unit_idx, weights=w[pt_idx], minlength=n_units)
    sxy = payload["stations"]
    if len(pt_idx) and len(sxy):
        xy = np.column_stack([shapely.get_x(pts[pt_idx]), shapely.get_y(pts[pt_idx])])
        d, _ = cKDTree(sxy).query(xy)
        inside = d <= payload["radius"]
    else:
        inside = np.zeros(len(pt_idx), dtype=bool)
    covered = np.bincount(unit_idx, weights=w[pt_idx] * inside, minlength=n_units)
    return pd.DataFrame({"base": base, "covered": covered})


def weighted_coverage(
    units: gpd.GeoDataFrame,
    points: Any,
    *,
    weight_col: str,
    stations: gpd.GeoDataFrame | None = None,
    radius_m: float = STATION_RADIUS_M,
    as_of: Any = None,
    scheduler: str | None = None,
    progress: bool | None = None,
) -> gpd.GeoDataFrame:
    """Per-unit coverage with point weights on dask.

    Parameters
    ----------
    units : GeoDataFrame
        Polygons in any CRS.
    points : dask GeoDataFrame, GeoDataFrame or path
        Weighted points (see :func:`read_points`).
    weight_col : str
        The weight column.
    stations : GeoDataFrame, optional
        Default: the embedded stations.
    radius_m : float, default 800
        One radius.
    as_of : date or ISO str, optional
        Only stations open on that day.
    scheduler : str, optional
        dask scheduler.
    progress : bool, optional
        Show dask's progress bar; default: when ``options.progress`` is on and stderr is a
        terminal.

    Returns
    -------
    GeoDataFrame
        The units with ``base_weight``, ``covered_weight`` and ``coverage_ratio`` -- the same
        columns and values as ``coverage.station_coverage(units, stations, base="weights",
        weights=points, weight_col=...)``.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import datasets
    >>> import geopandas as gpd, dask_geopandas
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import dask_engine
    >>> pts = gpd.GeoDataFrame({"w": [1.0, 2.0]},
    ...                        geometry=[Point(120.2084, 30.2935), Point(120.40, 30.10)], crs=4326)
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     cov = dask_engine.weighted_coverage(datasets.district(), pts, weight_col="w",
    ...                                         as_of="2025-12-31", scheduler="sync")
    >>> float(cov["coverage_ratio"].iloc[0])  # the one point inside is covered
    1.0
    """
    import dask
    import dask.dataframe as dd
    import pandas as pd

    from .crs import to_analysis_crs
    from .transit import open_stations

    require_geodataframe(units, "units")
    require_polygons(units, "units")
    radius = one_radius(radius_m)
    ddf = read_points(points)
    if weight_col not in ddf.columns:
        raise InputError(f"points have no column {weight_col!r}; columns: {list(ddf.columns)}.")
    units_m = to_analysis_crs(units, "units")
    st = to_analysis_crs(open_stations(stations, as_of=as_of), "stations")
    payload = dask.delayed(
        {
            "units": units_m.geometry.values,
            "n_units": len(units_m),
            "stations": np.column_stack([st.geometry.x, st.geometry.y]),
            "radius": radius,
            "crs": options.analysis_crs.to_string(),
        },
        pure=True,
    )
    meta = pd.DataFrame({"base": pd.Series(dtype=float), "covered": pd.Series(dtype=float)})
    parts = ddf.map_partitions(_weights_partition, payload, weight_col, meta=meta)
    per_unit = parts.groupby(parts.index).sum() if isinstance(parts, dd.DataFrame) else parts
    totals = _maybe_compute(per_unit, True, scheduler, progress).sort_index()
    totals = totals.reindex(range(len(units_m)), fill_value=0.0)
    out = units.copy()
    base = totals["base"].to_numpy()
    covered = totals["covered"].to_numpy()
    out["base_weight"] = base
    out["covered_weight"] = covered
    out["coverage_ratio"] = np.divide(covered, base, out=np.full(len(base), np.nan), where=base > 0)
    return out
