"""Result tables of the command line, written by the output file's extension (CSV with BOM,
Excel, JSON, GeoPackage, GeoJSON) or printed (CSV, or JSON with ``--json``).

A table says what it is: rows by unit carry the units' names and codes, dates read
``YYYY-MM-DD``, a unit without a boundary reads "no data" in every measure (never 0), and a
``caveat`` (说明) column says what a row does not include (a future date, planned stations,
no boundary). The output path is checked at the door (:func:`check_out`), before any work.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .. import export
from .._atomic import check_output_path, replacing
from ._parser import UsageError

__all__ = [
    "NO_BOUNDARY",
    "TABLE_FORMATS",
    "by_unit",
    "check_out",
    "identifying_columns",
    "no_data_where_no_boundary",
    "with_caveat",
    "write_table",
]

TABLE_FORMATS = (".csv", ".xlsx", ".json", ".gpkg", ".geojson")

#: The columns that name or number a unit, in the order a table shows them.
ID_COLUMNS = (
    "element_id",
    "cell_id",
    "h3",
    "adcode",
    "code12",
    "code",
    "id",
    "name_zh",
    "name",
    "name_en",
)

#: What a unit without a boundary says in the ``caveat`` column.
NO_BOUNDARY = "无边界，无数据 (no boundary: no data)"

_AND = "；"  # between two caveats of a row (the notes themselves use ; and ，)

_SHEETS = {"coverage": "覆盖率 Coverage", "timeline": "时间序列 Timeline", "green": "绿化 Green"}


def check_out(
    out: str | None, *, formats: Sequence[str] = TABLE_FORMATS, what: str = "tables"
) -> Path | None:
    """The output path checked before any work (None: the table goes to stdout).

    A wrong extension is a usage error naming the formats; a missing or read-only folder, or
    a path that is a folder, is the library's ``OutputError`` (the path and the fix): either
    way the command prints one line and exits 2.
    """
    if out is None:
        return None
    # a folder, a missing or read-only folder first: "tmp: use .csv" would not help
    path = check_output_path(out, what=what)
    if path.suffix.lower() not in formats:
        raise UsageError(f"cannot write {path.name}: use one of {', '.join(formats)}")
    return path


def identifying_columns(units: Any) -> list[str]:
    """The columns of ``units`` that name or number its rows (``name_zh``, ``code12``, ...)."""
    return [c for c in ID_COLUMNS if c in units.columns]


def no_data_where_no_boundary(res: Any, measures: Sequence[str]) -> Any:
    """A copy of ``res`` (a GeoDataFrame of units, or of rows by unit) with every measure of
    a row without a boundary -- its geometry missing or empty -- set to no data (NaN), and
    :data:`NO_BOUNDARY` in its ``caveat``."""
    import numpy as np

    out = res.copy()
    geom = res.geometry
    missing = (geom.isna() | geom.is_empty).to_numpy()
    if missing.any():
        for col in measures:
            if col in out.columns:
                out[col] = out[col].astype(float).where(~missing, np.nan)
        out = with_caveat(out, NO_BOUNDARY, rows=missing)
    return out


def with_caveat(table: Any, text: str | None, *, rows: Any = None) -> Any:
    """``table`` with ``text`` added to the ``caveat`` column of ``rows`` (default every row);
    the column is there whenever a row has a caveat."""
    import numpy as np

    if not text:
        return table
    out = table.copy()
    where = np.ones(len(out), bool) if rows is None else np.asarray(rows, bool)
    if not where.any():
        return out
    old = out["caveat"] if "caveat" in out.columns else None
    values = [] if old is None else list(old)
    merged = []
    for k, hit in enumerate(where):
        before = values[k] if values and isinstance(values[k], str) and values[k] else ""
        merged.append(f"{before}{_AND}{text}" if hit and before else text if hit else before)
    out["caveat"] = merged
    return out


def by_unit(long: Any, units: Any, *, unit_col: str = "unit") -> Any:
    """A long table (one row per ``unit`` label and date) with the units' identifying
    columns after ``unit`` and their geometry, as a GeoDataFrame in the units' CRS."""
    import geopandas as gpd

    ids = identifying_columns(units)
    keys = long[unit_col]
    cols = list(long.columns)
    at = cols.index(unit_col) + 1
    out = long[cols[:at]].copy()
    for c in ids:
        out[c] = units[c].reindex(keys).to_numpy()
    for c in cols[at:]:
        out[c] = long[c].to_numpy()
    out.attrs = dict(long.attrs)
    geometry = units.geometry.reindex(keys).to_numpy()
    return gpd.GeoDataFrame(out, geometry=geometry, crs=units.crs)


def _dated(table: Any, *, excel: bool) -> Any:
    """Dates as days: a time column whose values are all at midnight becomes ``YYYY-MM-DD``
    text (Excel: date cells shown so)."""
    import pandas as pd

    changed = {}
    for col in table.columns:
        values = table[col]
        if not pd.api.types.is_datetime64_any_dtype(values) or isinstance(
            values.dtype, pd.DatetimeTZDtype
        ):
            continue
        known = values.dropna()
        if len(known) and not (known == known.dt.normalize()).all():
            continue  # times of day: kept as they are
        if excel:
            changed[col] = [None if pd.isna(v) else v.date() for v in values]
        else:
            changed[col] = [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in values]
    if not changed:
        return table
    out = table.copy()
    for col, values in changed.items():
        out[col] = pd.Series(values, index=out.index, dtype=object)
    return out


def _params(args: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(args).items() if k != "func"} if args else {}


def write_table(
    df: Any, out: str | None, *, as_json: bool, args: Any = None, layer: str | None = None
) -> None:
    """Write a result table by extension, or print it (JSON with --json, else CSV).

    A GeoPackage gets the table as ``layer`` (default the command's name) and keeps its
    other layers; the Excel workbook's provenance sheet lists the command's parameters and
    every caveat of the table.
    """
    import geopandas as gpd

    plain = df.drop(columns=df.geometry.name) if isinstance(df, gpd.GeoDataFrame) else df
    if out is None:
        text = _dated(plain, excel=False)
        if as_json:
            print(text.to_json(orient="records", force_ascii=False, date_format="iso"))
        else:
            text.to_csv(sys.stdout, index=True)
        return
    path = check_out(out)
    assert path is not None
    ext = path.suffix.lower()
    params = _params(args)
    if ext == ".csv":
        export.to_csv(_dated(plain, excel=False), path, index_label=plain.index.name or "unit")
    elif ext == ".xlsx":
        sheet = _SHEETS.get(str(params.get("command")), "结果 Result")
        book = _dated(plain, excel=True)
        book.attrs = dict(df.attrs)
        if "caveat" in plain.columns:  # every caveat of the table, once
            said = [part for t in plain["caveat"] if t for part in str(t).split(_AND)]
            for k, text in enumerate(dict.fromkeys(said), start=1):
                params[f"说明 caveat {k}"] = text
        export.to_excel({sheet: book}, path, provenance=params)
    elif ext == ".json":
        text = _dated(plain, excel=False).to_json(
            orient="records", force_ascii=False, date_format="iso"
        )
        with replacing(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    else:
        if not isinstance(df, gpd.GeoDataFrame):
            raise UsageError(f"{path.name}: this result has no geometry; write .csv or .json")
        name = (layer or params.get("layer") or params.get("command")) if ext == ".gpkg" else None
        export.to_file(_dated(df, excel=False), path, layer=name or None)  # keeps other layers
    print(f"wrote {path}", file=sys.stderr)
