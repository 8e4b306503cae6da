"""Result tables of the command line, written by the output file's extension (CSV with BOM,
Excel, JSON, GeoPackage, GeoJSON) or printed (CSV, or JSON with ``--json``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .. import export
from .._atomic import layer_options, replacing
from ._parser import UsageError

__all__ = ["TABLE_FORMATS", "write_table"]

TABLE_FORMATS = (".csv", ".xlsx", ".json", ".gpkg", ".geojson")


def write_table(df: Any, out: str | None, *, as_json: bool, args: Any = None) -> None:
    """Write a result table by extension, or print it (JSON with --json, else CSV)."""
    import geopandas as gpd  # heavy: loaded when a table is written, not for --help

    plain = df.drop(columns=df.geometry.name) if isinstance(df, gpd.GeoDataFrame) else df
    if out is None:
        if as_json:
            print(plain.to_json(orient="records", force_ascii=False, date_format="iso"))
        else:
            plain.to_csv(sys.stdout, index=True)
        return
    path = Path(out)
    ext = path.suffix.lower()
    if ext not in TABLE_FORMATS:
        raise UsageError(f"cannot write {path.name}: use one of {', '.join(TABLE_FORMATS)}")
    if ext == ".csv":
        export.to_csv(plain, path, index_label=plain.index.name or "unit")
    elif ext == ".xlsx":
        params = {k: v for k, v in vars(args).items() if k != "func"} if args else {}
        sheets = {
            "coverage": "覆盖率 Coverage",
            "timeline": "时间序列 Timeline",
            "green": "绿化 Green",
        }
        sheet = sheets.get(str(params.get("command")), "结果 Result")
        export.to_excel({sheet: df}, path, provenance=params)
    elif ext == ".json":
        text = plain.to_json(orient="records", force_ascii=False, date_format="iso")
        with replacing(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    else:
        if not isinstance(df, gpd.GeoDataFrame):
            raise UsageError(f"{path.name}: this result has no geometry; write .csv or .json")
        with replacing(path) as tmp:
            df.to_crs("EPSG:4326").to_file(tmp, **layer_options(path))
    print(f"wrote {path}", file=sys.stderr)
