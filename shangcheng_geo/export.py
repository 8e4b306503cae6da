"""Tables for the office: Excel workbooks and CSV files that open cleanly in Excel in China.

* :func:`to_excel` writes one sheet per table with bilingual column headers (中文 first),
  ratios formatted as percentages, and a provenance sheet (sources, licences, parameters).
* :func:`to_csv` writes UTF-8 with a byte-order mark (so Excel shows Chinese text correctly)
  and a named index column.
* :func:`to_file` writes a layer into a GeoPackage -- keeping the project's other layers --
  or as GeoJSON or a Shapefile.

Geometry columns are left out of the tables (write a GeoPackage for geometry). Every writer
checks its path first (:func:`check_output_path`) and fails with one
:class:`~shangcheng_geo.OutputError` naming the path and the fix.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ._atomic import check_output_path, layer_options, replacing
from ._errors import InputError, MissingDependencyError, warn
from ._headers import AREA_SUFFIX, COLUMN_LABELS, WALKING_LABELS, area_header, header
from ._version import __version__

__all__ = [
    "COLUMN_LABELS",
    "PROVENANCE_SHEET",
    "VECTOR_FORMATS",
    "WALKING_LABELS",
    "check_output_path",
    "header",
    "sheet_names",
    "to_csv",
    "to_excel",
    "to_file",
]


def _integer_format(values: Any) -> str | None:
    """'0' for a float column that holds only whole numbers (a count or a year read as
    float), so Excel shows 1700000, not 1700000.0."""
    import numpy as np
    import pandas as pd

    if not pd.api.types.is_float_dtype(values):
        return None
    v = values.to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    return "0" if len(v) and bool(np.all(v == np.round(v))) else None


def _is_share(column: str) -> bool:
    return "ratio" in column or column.endswith("_share") or column.startswith("share_")


def _plain(df: Any, name: str | None = None) -> Any:
    import geopandas as gpd
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        what = f"table {name!r} is" if name is not None else "received"
        hint = " (series.to_frame() makes one)" if isinstance(df, pd.Series) else ""
        raise InputError(
            f"expected a DataFrame or GeoDataFrame{hint}; {what} a {type(df).__name__}."
        )
    if isinstance(df, gpd.GeoDataFrame):
        return pd.DataFrame(df.drop(columns=df.geometry.name))
    return df


def to_csv(df: Any, path: str | Path, *, index_label: str | None = None) -> Path:
    """Write a table as CSV for Excel in China: UTF-8 with BOM, a named index column.

    Parameters
    ----------
    df : DataFrame or GeoDataFrame
        The table (geometry left out).
    path : str or Path
    index_label : str, optional
        Name of the index column; default the index's name, or ``'id'``.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import os, tempfile, pandas as pd
    >>> from shangcheng_geo import export
    >>> path = os.path.join(tempfile.mkdtemp(), "t.csv")
    >>> p = export.to_csv(pd.DataFrame({"覆盖率": [0.61]}), path)
    >>> p.read_bytes()[:3] == b"\\xef\\xbb\\xbf"  # the BOM that Excel needs
    True
    """
    table = _plain(df)
    out = check_output_path(path, suffixes=(".csv",), what="CSV tables")
    label = index_label or table.index.name or "id"
    if label in table.columns:  # e.g. a long table with its own 'unit' column: no twin
        label = next(n for n in ("row", "row_id", "_row") if n not in table.columns)
    with replacing(out) as tmp:  # the old file stays whole if writing fails
        table.to_csv(tmp, index=True, index_label=label, encoding="utf-8-sig")
    return out


PROVENANCE_SHEET = "来源 Provenance"
_FORBIDDEN = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_names(wanted: list[Any]) -> list[str]:
    """Excel sheet names for the tables, by one rule: characters Excel forbids
    (``[ ] : * ? / \\``) become ``_``, names are cut to 31 characters, and a name that
    collides (after cutting, or with the provenance sheet) gets ``~2``, ``~3``...; every
    change is named in a warning.

    Parameters
    ----------
    wanted : list
        The names asked for, in order.

    Returns
    -------
    list of str
        The names used, unique, none equal to the provenance sheet's.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import export
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # each change is named in a warning
    ...     export.sheet_names(["a/b", "覆盖率", "覆盖率"])
    ['a_b', '覆盖率', '覆盖率~2']
    """
    used = {PROVENANCE_SHEET.lower()}
    out: list[str] = []
    changed: list[str] = []
    for raw in wanted:
        name = (str(raw).translate(_FORBIDDEN).strip("'") or "Sheet")[:31]
        base, k = name, 2
        while name.lower() in used:
            suffix = f"~{k}"
            name = base[: 31 - len(suffix)] + suffix
            k += 1
        used.add(name.lower())
        if name != str(raw):
            changed.append(f"{raw!r} -> {name!r}")
        out.append(name)
    if changed:
        warn(
            "Excel sheet names changed (Excel allows 31 characters, no [ ] : * ? / \\, and "
            f"names must differ): {'; '.join(changed)}."
        )
    return out


def to_excel(
    tables: Any,
    path: str | Path,
    *,
    provenance: Mapping[str, Any] | None = None,
) -> Path:
    """Write tables to an Excel workbook: one sheet each, plus a provenance sheet.

    Headers are bilingual (:func:`header`), ratio and share columns are formatted as
    percentages (the cell keeps the exact value), and the last sheet, ``来源 Provenance``,
    lists each table's ``attrs['provenance']`` (source, licence), the ``provenance`` given
    here (e.g. the command's parameters), the library version and the time written.

    Parameters
    ----------
    tables : DataFrame or mapping of sheet name to DataFrame
    path : str or Path
        An ``.xlsx`` file.
    provenance : mapping, optional
        More rows for the provenance sheet (name -> value).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import os, tempfile, pandas as pd
    >>> from shangcheng_geo import export
    >>> t = pd.DataFrame({"name_zh": ["上城区"], "coverage_ratio": [0.61]})
    >>> p = export.to_excel({"覆盖率": t}, os.path.join(tempfile.mkdtemp(), "r.xlsx"))
    >>> pd.read_excel(p, sheet_name=None).keys()
    dict_keys(['覆盖率', '来源 Provenance'])
    """
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise MissingDependencyError("Excel output needs openpyxl: pip install openpyxl.") from None
    import pandas as pd

    out = check_output_path(path, suffixes=(".xlsx",), what="Excel workbooks")
    if isinstance(tables, pd.DataFrame):
        named = {"结果 Result": tables}
    elif isinstance(tables, Mapping):
        named = dict(tables)
    else:
        hint = " (series.to_frame() makes a table of it)" if isinstance(tables, pd.Series) else ""
        raise InputError(
            "to_excel takes a DataFrame or {sheet name: DataFrame}; received a "
            f"{type(tables).__name__}{hint}."
        )
    if not named:
        raise InputError("no tables to write; pass a DataFrame or {sheet name: DataFrame}.")
    rows: list[tuple[str, str, str]] = []
    names = sheet_names(list(named))
    plain = {}  # every table checked before the workbook is begun
    for (sheet, df), name in zip(named.items(), names, strict=True):
        plain[name], zones = _without_time_zones(_plain(df, str(sheet)), name)
        rows.extend((name, f"time zone: {col}", note) for col, note in zones.items())
    with replacing(out) as tmp, open(tmp, "wb") as handle:  # closed whatever happens
        writer = pd.ExcelWriter(handle, engine="openpyxl")
        try:
            _write_sheets(writer, named, plain, rows, provenance)
        except BaseException:
            with contextlib.suppress(Exception):  # the half-written book goes with tmp
                writer.close()
            raise
        writer.close()
    return out


def _write_sheets(
    writer: Any,
    named: dict[Any, Any],
    plain: dict[str, Any],
    rows: list[tuple[str, str, str]],
    provenance: Mapping[str, Any] | None,
) -> None:
    import pandas as pd

    for df, name in zip(named.values(), plain, strict=True):
        table = plain[name]
        areas = [c for c in table.columns if str(c).endswith(AREA_SUFFIX)]
        table = table.assign(**{str(c): table[c] / 1e4 for c in areas})  # m² -> ha
        d = (df.attrs.get("lifecircle") or {}).get("distance_m")  # life circles: as measured
        measured = df.attrs.get("coverage") or {}
        walking_m = measured.get("radius_m") if measured.get("method") == "network" else None
        titles = {
            c: area_header(str(c), walking_m)
            if c in areas
            else header(str(c), distance_m=d, walking_m=walking_m)
            for c in table
        }
        shown = table.rename(columns=titles)
        shown.index.name = "编号 id" if table.index.name in (None, "id") else table.index.name
        try:
            shown.to_excel(writer, sheet_name=name)
        except ValueError as exc:  # openpyxl: a value no Excel cell can hold
            raise InputError(
                f"sheet {name!r}: {exc}. Excel cells hold numbers, text, dates and "
                "booleans: convert that column first (e.g. .astype(str))."
            ) from None
        ws = writer.sheets[name]
        for j, col in enumerate(table.columns, start=2):  # column 1 is the index
            width = max(10, min(40, len(titles[col]) + 2))
            ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width = width
            fmt = "0.0%" if _is_share(str(col)) else "0.00" if col in areas else None
            fmt = fmt or _integer_format(table[col])
            if fmt:
                for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    row[0].number_format = fmt
        for key, value in (df.attrs.get("provenance") or {}).items():
            rows.append((name, str(key), str(value)))
        for key, value in (df.attrs.get("coverage") or {}).items():  # how it was measured
            rows.append((name, f"measure: {key}", str(value)))
    for key, value in (provenance or {}).items():
        if value is None or value is False or key in ("debug", "json", "func"):
            continue  # unset options are not parameters of the result
        rows.append(("参数 parameters", str(key), str(value)))
    rows.append(("shangcheng_geo", "version", __version__))
    rows.append(("shangcheng_geo", "written", _dt.datetime.now().isoformat(timespec="seconds")))
    prov = pd.DataFrame(rows, columns=["表 Table", "项 Item", "值 Value"])
    prov.to_excel(writer, sheet_name=PROVENANCE_SHEET, index=False)
    ws = writer.sheets[PROVENANCE_SHEET]
    for letter, width in (("A", 24), ("B", 22), ("C", 100)):
        ws.column_dimensions[letter].width = width


def _utc_naive(value: Any) -> Any:
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        return value.astimezone(_dt.UTC).replace(tzinfo=None)
    return value


def _without_time_zones(table: Any, sheet: str) -> tuple[Any, dict[str, str]]:
    """The table with time-zone-aware times as naive UTC (Excel has no time zones), and a
    note per converted column (and the index) saying from which zone; named in a warning."""
    import pandas as pd

    notes: dict[str, str] = {}
    converted = {}
    for col in table.columns:
        values = table[col]
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            notes[str(col)] = f"UTC (converted from {values.dt.tz})"
            converted[col] = values.dt.tz_convert("UTC").dt.tz_localize(None)
        elif values.dtype == object and any(
            isinstance(v, _dt.datetime) and v.tzinfo is not None for v in values
        ):
            notes[str(col)] = "UTC (converted from the times' own zones)"
            converted[col] = values.map(_utc_naive)
    out = table.assign(**{str(c): v for c, v in converted.items()}) if converted else table
    if isinstance(out.index, pd.DatetimeIndex) and out.index.tz is not None:
        notes["index"] = f"UTC (converted from {out.index.tz})"
        out = out.set_axis(out.index.tz_convert("UTC").tz_localize(None))
    if notes:
        warn(
            f"Excel has no time zones: in sheet {sheet!r}, {', '.join(map(repr, notes))} "
            "written as UTC times; the provenance sheet says from which zone."
        )
    return out, notes


# the vector formats :func:`to_file` writes, by extension
VECTOR_FORMATS: dict[str, str] = {
    ".gpkg": "GeoPackage (layers side by side: the others are kept)",
    ".geojson": "GeoJSON (one layer)",
    ".shp": "Shapefile (one layer, named after the file)",
}


def to_file(gdf: Any, path: str | Path, *, layer: str | None = None) -> Path:
    """Write a layer in EPSG:4326: into a GeoPackage, keeping its other layers, or as
    GeoJSON or a Shapefile.

    A GeoPackage is a project: writing ``layer`` into an existing one replaces that layer
    only, and every other layer stays as it was. The write is atomic: the file is copied,
    the layer written into the copy, and the copy moved into place when complete, so a
    failure midway leaves the old file whole (:func:`shangcheng_geo._atomic.replacing`).

    Parameters
    ----------
    gdf : GeoDataFrame
        The layer; reprojected to EPSG:4326 for writing (the input is not changed).
    path : str or Path
        A ``.gpkg``, ``.geojson`` or ``.shp`` file (:data:`VECTOR_FORMATS`).
    layer : str, optional
        The layer's name; default the file's name without extension. A Shapefile's layer is
        always named after its file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    OutputError
        The path cannot be written (a missing or read-only folder, a folder, a full disk).
    InputError, CRSError
        Not a GeoDataFrame, an empty layer name, or a layer without a CRS.

    Examples
    --------
    >>> import os, tempfile, pyogrio
    >>> from shangcheng_geo import datasets, export
    >>> path = os.path.join(tempfile.mkdtemp(), "project.gpkg")
    >>> _ = export.to_file(datasets.district(), path, layer="district")
    >>> _ = export.to_file(datasets.subdistrict_boundaries(), path, layer="subdistricts")
    >>> sorted(name for name, _ in pyogrio.list_layers(path))
    ['district', 'subdistricts']
    """
    import geopandas as gpd

    from .crs import require_crs

    out = check_output_path(path, suffixes=tuple(VECTOR_FORMATS), what="vector layers")
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputError(f"to_file writes a GeoDataFrame; received a {type(gdf).__name__}.")
    if layer is not None and (not isinstance(layer, str) or not layer.strip()):
        raise InputError(f"layer is a non-empty name; received {layer!r}.")
    require_crs(gdf, "the layer")
    data = gdf.to_crs("EPSG:4326")
    with replacing(out) as tmp:
        data.to_file(tmp, **layer_options(out, layer))
    return out
