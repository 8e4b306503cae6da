"""``shangcheng-geo convert``: a vector file converted between the WGS84, GCJ-02 (Amap,
Tencent) and BD-09 (Baidu) datums."""

from __future__ import annotations

import argparse
import sys

from .. import export
from .._atomic import replacing
from ..crs import DATUMS, normalize_datum, to_datum
from ..datasets import read_file
from ._arguments import add_layer
from ._parser import Commands
from ._tables import check_out

__all__ = ["register", "run"]

#: What ``convert`` writes, by extension.
FORMATS = (".gpkg", ".geojson", ".shp", ".csv")


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``convert`` command."""
    p = commands.add_parser("convert", help="convert a vector file between WGS84, GCJ-02 and BD-09")
    datums = " | ".join(DATUMS)
    p.add_argument("--from", dest="from_datum", required=True, help=f"datum of input: {datums}")
    p.add_argument("--to", dest="to_datum", required=True, help=f"datum to write: {datums}")
    p.add_argument("input", help="a vector file (any format GDAL reads)")
    p.add_argument("output", help="the converted file: .gpkg, .geojson, .shp or .csv")
    add_layer(p, default="convert")
    return p


def run(args: argparse.Namespace) -> int:
    """Convert the file."""
    path = check_out(args.output, formats=FORMATS, what="converted layers")  # before the read
    assert path is not None
    src, dst = normalize_datum(args.from_datum), normalize_datum(args.to_datum)
    gdf = read_file(args.input, datum=src)  # now true WGS84
    out = gdf if dst == "wgs84" else to_datum(gdf, dst)
    if path.suffix.lower() == ".csv":
        table = out.drop(columns=out.geometry.name)
        if (out.geom_type == "Point").all():
            table["lon"], table["lat"] = out.geometry.x, out.geometry.y
        else:  # lines and polygons: their coordinates as WKT
            table["wkt"] = out.geometry.to_wkt()
        with replacing(path) as tmp:
            table.to_csv(tmp, index=False, encoding="utf-8-sig")
    else:  # a GeoPackage keeps its other layers
        export.to_file(out, path, layer=args.layer if path.suffix.lower() == ".gpkg" else None)
    print(f"wrote {path} ({len(out)} features, {src} -> {dst})", file=sys.stderr)
    return 0
