"""``shangcheng-geo convert``: a vector file converted between the WGS84, GCJ-02 (Amap,
Tencent) and BD-09 (Baidu) datums."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._atomic import layer_options, replacing
from ..crs import DATUMS, normalize_datum, to_datum
from ..datasets import read_file
from ._parser import Commands, UsageError

__all__ = ["register", "run"]


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``convert`` command."""
    p = commands.add_parser("convert", help="convert a vector file between WGS84, GCJ-02 and BD-09")
    datums = " | ".join(DATUMS)
    p.add_argument("--from", dest="from_datum", required=True, help=f"datum of input: {datums}")
    p.add_argument("--to", dest="to_datum", required=True, help=f"datum to write: {datums}")
    p.add_argument("input", help="a vector file (any format GDAL reads)")
    p.add_argument("output", help="the converted file: .gpkg, .geojson, .shp or .csv")
    return p


def run(args: argparse.Namespace) -> int:
    """Convert the file."""
    src, dst = normalize_datum(args.from_datum), normalize_datum(args.to_datum)
    gdf = read_file(args.input, datum=src)  # now true WGS84
    out = gdf if dst == "wgs84" else to_datum(gdf, dst)
    path = Path(args.output)
    if path.suffix.lower() not in (".gpkg", ".geojson", ".shp", ".csv"):
        raise UsageError(f"cannot write {path.name}: use .gpkg, .geojson, .shp or .csv")
    if path.suffix.lower() == ".csv":
        table = out.drop(columns=out.geometry.name)
        if (out.geom_type == "Point").all():
            table["lon"], table["lat"] = out.geometry.x, out.geometry.y
        else:  # lines and polygons: their coordinates as WKT
            table["wkt"] = out.geometry.to_wkt()
        with replacing(path) as tmp:
            table.to_csv(tmp, index=False, encoding="utf-8-sig")
    else:
        with replacing(path) as tmp:
            out.to_file(tmp, **layer_options(path))
    print(f"wrote {path} ({len(out)} features, {src} -> {dst})", file=sys.stderr)
    return 0
