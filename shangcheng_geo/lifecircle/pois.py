"""Facilities the planner brings: Amap/Gaode and Baidu POI exports, or GIS layers, read into
the life-circle categories.

OpenStreetMap maps few kindergartens, community health stations and no elderly day care in
Shangcheng; institutes work from Amap/Gaode or Baidu POI exports. :func:`read_pois` reads
such a table (CSV in UTF-8 or GBK, or Excel) or a vector layer (GeoJSON, GeoPackage,
Shapefile), converts GCJ-02 (Amap, Tencent) or BD-09 (Baidu) coordinates to WGS84 with
:mod:`shangcheng_geo.crs` -- never relabelled -- and gives each POI the ``category`` of
:data:`shangcheng_geo.lifecircle.standards.CATEGORIES` by the packaged, cited rules of
:func:`mapping_table` (``poi_categories.csv``: Amap type codes and type text, Baidu tags, OSM
tags, and the facility's own name), in order, first match wins. Its output goes straight
into :func:`shangcheng_geo.lifecircle.facility_coverage` and
:func:`shangcheng_geo.lifecircle.nearest`.

Examples
--------
>>> import os, tempfile
>>> import pandas as pd
>>> from shangcheng_geo import lifecircle
>>> path = os.path.join(tempfile.mkdtemp(), "amap.csv")
>>> pd.DataFrame({"name": ["胜利幼儿园"], "type": ["科教文化服务;学校;幼儿园"],
...               "typecode": ["141204"], "location": ["120.1755,30.2509"]}).to_csv(path,
...                                                                        index=False)
>>> pois = lifecircle.read_pois(path, datum="gcj02")
>>> pois["category"].tolist(), pois.crs.to_epsg()
(['kindergarten'], 4326)
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .._errors import InputError, warn
from .._options import options
from .._provenance import provenance
from .._reading import read_table, read_vector
from .._validate import positive_metres
from ._poi_rules import (
    FILE_CATEGORY,
    NAME_COLUMNS,
    TYPE_COLUMNS,
    TYPECODE_COLUMNS,
    Rule,
    categorise,
    column,
    column_text,
    mapping_table,
    table_rules,
    user_rules,
)

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["mapping_table", "read_pois"]

_TABLES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls")
_LON = ("lng", "lon", "longitude", "经度")
_LAT = ("lat", "latitude", "纬度")
_LOCATION = ("location", "经纬度", "坐标", "lnglat")
# a column whose name states its datum: wgs84_lng, gcj02_lat, lng_bd09, bd09经度 ...
_AXIS = r"(lng|lon|longitude|lat|latitude|经度|纬度)"
_STATED = re.compile(
    rf"^(?:(wgs84|gcj02|gcj|bd09)[_\s-]?{_AXIS}|{_AXIS}[_\s-]?(wgs84|gcj02|bd09))$"
)
_AMAP_FIRST = {
    "餐饮服务", "购物服务", "生活服务", "体育休闲服务", "医疗保健服务", "住宿服务", "风景名胜",
    "商务住宅", "政府机构及社会团体", "科教文化服务", "交通设施服务", "金融保险服务", "公司企业",
    "道路附属设施", "地名地址信息", "公共设施", "汽车服务", "汽车销售", "汽车维修", "摩托车服务",
    "通行设施", "室内设施", "事件活动",
}  # fmt: skip
_BAIDU_FIRST = {
    "美食", "酒店", "购物", "生活服务", "丽人", "旅游景点", "休闲娱乐", "运动健身", "教育培训",
    "文化传媒", "医疗", "汽车服务", "交通设施", "金融", "房地产", "公司企业", "政府机构",
}  # fmt: skip
_FIX = {
    "amap": "Amap/Gaode (and Tencent) coordinates are GCJ-02: pass datum='gcj02'",
    "baidu": "Baidu coordinates are BD-09: pass datum='bd09'",
}


def read_pois(
    path: Any,
    *,
    datum: str | None = None,
    mapping: Mapping[Any, str | None] | pd.DataFrame | None = None,
    drop_duplicates: bool = False,
    duplicate_m: float = 30.0,
    encoding: str | None = None,
) -> gpd.GeoDataFrame:
    """Read a POI export or layer as life-circle facilities in EPSG:4326.

    Parameters
    ----------
    path : path
        A table -- ``.csv`` (UTF-8 with or without BOM, or GBK/GB18030 as Excel in China
        saves it), ``.xlsx`` -- with ``location`` as ``"lng,lat"`` text or lon/lat columns
        (``lng``/``lon``/``longitude``/``经度`` and ``lat``/``latitude``/``纬度``, or names
        that state their datum: ``wgs84_lng``, ``gcj02_lat``, ``bd09_lng``...); or a vector
        file (GeoJSON, GeoPackage, Shapefile) in its CRS.
    datum : {'wgs84', 'gcj02', 'bd09'}, optional
        The datum of the coordinates: ``'gcj02'`` for Amap/Gaode or Tencent, ``'bd09'`` for
        Baidu, ``'wgs84'`` if already converted. Needed for every table (unless its column
        names state the datum, which must then agree) and for layers that look like Amap or
        Baidu output; a vector layer's CRS serves otherwise.
    mapping : dict or DataFrame, optional
        Rules that go before the packaged ones (:func:`mapping_table`). A dict maps a type
        code (``"141204"``), an OSM tag (``"amenity=kindergarten"``) or a text found in the
        type or tag (``"培训机构"``) to a category id, or to None to leave such POIs
        unmapped; a DataFrame has the columns of :func:`mapping_table`.
    drop_duplicates : bool, default False
        Drop the POIs that repeat an earlier one (same name within ``duplicate_m``); they
        are always reported.
    duplicate_m : float, default 30
        The distance within which two POIs of the same name are one.
    encoding : str, optional
        A CSV's text encoding, when it is none of those detected.

    Returns
    -------
    GeoDataFrame
        EPSG:4326, one row per POI with valid coordinates, indexed by the row's position in
        the file; the file's columns, plus ``name``, ``category`` (an id of
        :data:`~shangcheng_geo.lifecircle.standards.CATEGORIES`, or None), ``mapping_rule``
        (the rule that gave it) and ``duplicate_of`` (the index of the POI it repeats, or
        None). ``attrs["provenance"]``: the file, ``licence`` ``'user data'``, the datum
        read, the date read and the count per category. Rows without valid coordinates,
        unmapped POIs and duplicates are each counted in one warning.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> from shangcheng_geo import lifecircle
    >>> path = os.path.join(tempfile.mkdtemp(), "baidu.csv")
    >>> pd.DataFrame({"name": ["采荷第一小学"], "tag": ["教育培训;小学"], "lng": [120.2007],
    ...               "lat": [30.2632]}).to_csv(path, index=False)
    >>> pois = lifecircle.read_pois(path, datum="bd09")
    >>> pois.loc[0, "category"], pois.attrs["provenance"]["source_datum"]
    ('primary_school', 'bd09')
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"file not found: {str(p)!r}. Check the path.")
    own: list[Rule] = [(FILE_CATEGORY, "", None, "the file's")]
    rules = user_rules(mapping) + own + table_rules(mapping_table(), "packaged")
    if p.suffix.lower() in _TABLES:
        layer, used, provider, dropped = _from_table(p, datum, encoding)
    else:
        layer, used, provider, dropped = _from_layer(p, datum)
    out = categorise(layer, rules)
    out = _duplicates(out, duplicate_m, drop_duplicates)
    counts = out["category"].value_counts().to_dict()
    out.attrs["provenance"] = provenance(
        p.stem,
        source=p.name,
        licence="user data",
        source_datum=used,
        read_on=_dt.date.today().isoformat(),
        looks_like=provider or "no known export",
        rows_without_coordinates=dropped,
        counts={c: int(counts.get(c, 0)) for c in sorted(counts)},
        unmapped=int(out["category"].isna().sum()),
        duplicates=int(out.attrs.pop("duplicates")),
        duplicates_dropped=bool(drop_duplicates),
        mapping=f"{len(rules) - 1} rules ({len(rules) - 1 - len(mapping_table())} the caller's)",
    )
    return out


# --------------------------------------------------------------------------------------
# reading and coordinates
# --------------------------------------------------------------------------------------


def _looks_like(df: Any) -> tuple[str | None, str]:
    """'amap' or 'baidu' with the evidence, from the columns and their values."""
    stated = {m.group(1) or m.group(4) for c in df.columns if (m := _STATED.match(str(c).lower()))}
    if stated & {"gcj02", "gcj"}:
        return "amap", "columns named for GCJ-02"
    if "bd09" in stated:
        return "baidu", "columns named for BD-09"
    code_col = column(df, TYPECODE_COLUMNS)
    if code_col is not None:
        codes = column_text(df, code_col)
        codes = codes[codes != ""]
        if len(codes) and codes.str.fullmatch(r"\d{5,6}(\.0)?(\|\d{5,6})*").mean() >= 0.5:
            return "amap", f"Amap type codes in column {code_col!r}"
    type_col = column(df, TYPE_COLUMNS)
    if type_col is not None:
        text = column_text(df, type_col)
        first = text.str.split(";").str[0]
        depth = text.str.split("|").str[0].str.count(";")
        if ((depth == 2) & first.isin(_AMAP_FIRST)).mean() >= 0.5:
            return "amap", f"Amap type text in column {type_col!r}"
        if ((depth <= 1) & first.isin(_BAIDU_FIRST) & (text != "")).mean() >= 0.5:
            return "baidu", f"Baidu tags in column {type_col!r}"
    if "uid" in {str(c).lower() for c in df.columns}:
        return "baidu", "a Baidu uid column"
    return None, ""


def _refuse_missing_datum(name: str, provider: str | None, evidence: str) -> NoReturn:
    if provider is not None:
        raise InputError(
            f"{name} looks like {provider.capitalize()} output ({evidence}) and no datum= says "
            f"what its coordinates are. {_FIX[provider]}; datum='wgs84' if they were "
            "already converted."
        )
    raise InputError(
        f"{name}: a table's lon/lat carry no datum. Pass datum='wgs84' (GPS, OSM, or already "
        "converted), datum='gcj02' (Amap/Gaode, Tencent) or datum='bd09' (Baidu)."
    )


def _coordinate_columns(df: Any, datum: str | None, name: str) -> tuple[Any, Any, str]:
    """(lon, lat, datum) as text columns, from the stated, plain or location columns."""
    from ..crs import normalize_datum

    stated: dict[str, dict[str, Any]] = {}
    for c in df.columns:
        m = _STATED.match(str(c).lower())
        if m:
            d = normalize_datum(m.group(1) or m.group(4))
            axis = m.group(2) or m.group(3)
            stated.setdefault(d, {})["lat" if axis in ("lat", "latitude", "纬度") else "lon"] = c
    stated = {d: v for d, v in stated.items() if len(v) == 2}
    want = normalize_datum(datum) if datum is not None else None
    if stated:
        if want is None and len(stated) > 1:
            raise InputError(
                f"{name} has coordinates in several datums ({sorted(stated)}): pass datum= "
                "to say which to read."
            )
        use = want or next(iter(stated))
        if use not in stated:
            raise InputError(
                f"{name}: datum={datum!r}, but its coordinate columns say "
                f"{[c for v in stated.values() for c in v.values()]}: pass datum="
                f"{next(iter(stated))!r} or rename the columns."
            )
        return df[stated[use]["lon"]], df[stated[use]["lat"]], use
    lon_c, lat_c, loc_c = column(df, _LON), column(df, _LAT), column(df, _LOCATION)
    if want is None:
        _refuse_missing_datum(name, *_looks_like(df))
    if lon_c is not None and lat_c is not None:
        return df[lon_c], df[lat_c], want
    if loc_c is not None:
        parts = df[loc_c].astype(str).str.split(",", n=1, expand=True).reindex(columns=[0, 1])
        return parts[0], parts[1], want
    raise InputError(
        f"{name} has no coordinates among {list(df.columns)}: expected 'location' as "
        f"'lng,lat' text or lon/lat columns named one of {list(_LON)} / {list(_LAT)}."
    )


def _from_table(p: Path, datum: Any, encoding: Any) -> tuple[Any, str, Any, int]:
    import geopandas as gpd
    import numpy as np
    import pandas as pd

    from ..crs import convert_datum, normalize_datum

    df = read_table(p, encoding=encoding, dtype=str)
    df.index = pd.RangeIndex(len(df))
    provider, _ = _looks_like(df)
    lon_s, lat_s, used = _coordinate_columns(df, datum, p.name)
    _warn_if_unlikely(p.name, provider, normalize_datum(used))
    lon = pd.to_numeric(lon_s.astype(str).str.strip(), errors="coerce").to_numpy(float)
    lat = pd.to_numeric(lat_s.astype(str).str.strip(), errors="coerce").to_numpy(float)
    ok = np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)
    dropped = _report_bad_rows(p.name, ok, len(df))
    x, y = convert_datum(lon[ok], lat[ok], from_datum=used, to_datum="wgs84")
    layer = gpd.GeoDataFrame(df[ok], geometry=gpd.points_from_xy(x, y), crs="EPSG:4326")
    return _named(layer), used, provider, dropped


def _from_layer(p: Path, datum: Any) -> tuple[Any, str, Any, int]:
    from ..crs import normalize_datum

    layer = read_vector(p, datum=datum)
    provider, evidence = _looks_like(layer)
    if datum is None and provider is not None:
        _refuse_missing_datum(p.name, provider, evidence)
    read_as = layer.attrs.get("provenance", {}).get("source_datum", "EPSG:4326")
    used = normalize_datum(datum) if datum is not None else str(read_as)
    if datum is not None:
        _warn_if_unlikely(p.name, provider, normalize_datum(datum))
    ok = (layer.geometry.notna() & ~layer.geometry.is_empty).to_numpy(bool)
    dropped = _report_bad_rows(p.name, ok, len(layer))
    out = layer[ok].copy()
    out.attrs = {}
    return _named(out), used, provider, dropped


def _warn_if_unlikely(name: str, provider: str | None, datum: str) -> None:
    expected = {"amap": "gcj02", "baidu": "bd09"}.get(provider or "")
    if expected is not None and datum not in (expected, "wgs84"):
        warn(
            f"{name} looks like {provider} output, whose coordinates are {expected}, but was "
            f"read as datum={datum!r}: check where it came from."
        )


def _report_bad_rows(name: str, ok: Any, n: int) -> int:
    import numpy as np

    bad = np.flatnonzero(~ok)
    if len(bad) == n and n:
        raise InputError(
            f"{name}: none of its {n} rows has valid lon/lat (lon within ±180, lat within "
            "±90): are the columns swapped, or projected metres?"
        )
    if len(bad):
        warn(
            f"{name}: {len(bad)} of {n} rows have missing or invalid coordinates and are left "
            f"out (rows {bad[:8].tolist()}{'...' if len(bad) > 8 else ''})."
        )
    return len(bad)


def _named(layer: Any) -> Any:
    """The layer with ``name`` (found under its export's column name) and the file's own
    ``category`` kept as ``source_category``."""
    out = layer.rename(columns={"category": "source_category"})
    if "name" not in out.columns:
        col = column(out, NAME_COLUMNS)
        out["name"] = out[col] if col is not None else None
    return out


def _duplicates(layer: Any, within_m: float, drop: bool) -> Any:
    """Mark (and on request drop) POIs that repeat an earlier one of the same name."""
    import numpy as np
    import pandas as pd
    from scipy.spatial import cKDTree

    radius = positive_metres(within_m, "duplicate_m", allow_zero=True)
    names = column_text(layer, "name").to_numpy()
    first = np.arange(len(layer))  # union-find: each group's root is its first row

    def root(i: int) -> int:
        while first[i] != i:
            first[i] = first[first[i]]
            i = int(first[i])
        return i

    if len(layer) > 1:
        pts = layer.geometry.representative_point().to_crs(options.analysis_crs)
        tree = cKDTree(np.column_stack([pts.x.to_numpy(), pts.y.to_numpy()]))
        for i, j in tree.query_pairs(radius):
            if names[i] and names[i] == names[j]:
                a, b = root(i), root(j)
                first[max(a, b)] = min(a, b)
    first = np.array([root(i) for i in range(len(layer))], dtype=int)
    dup = first != np.arange(len(layer))
    labels = layer.index.to_numpy()
    out = layer.copy()
    out["duplicate_of"] = pd.Series(
        [labels[first[i]] if dup[i] else None for i in range(len(layer))],
        index=out.index,
        dtype=object,
    )
    if dup.any() and not drop:
        warn(
            f"{int(dup.sum())} POIs repeat an earlier one of the same name within {radius:g} m"
            " (duplicate_of gives the row they repeat): pass drop_duplicates=True to drop them."
        )
    if drop:
        out = out[~dup].copy()
    out.attrs["duplicates"] = int(dup.sum())
    return out
