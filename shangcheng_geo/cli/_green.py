"""``shangcheng-geo green``: the green coverage ratio (绿化覆盖率) per unit from a vector
layer of green polygons or a land-cover / NDVI raster; from OSM-mapped green space, the
proxy under its own name (``mapped_green_share``: 已测绘绿地占比, not 绿化覆盖率)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..datasets import read_file
from ..green import measure as green
from ._arguments import add_base, add_datum, add_plan, add_table_output, add_units
from ._converters import raster_classes
from ._parser import Commands, UsageError
from ._tables import check_out, no_data_where_no_boundary, write_table
from ._units import units_from

__all__ = ["register", "run"]


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``green`` command."""
    p = commands.add_parser(
        "green",
        help="green coverage ratio from a vector or raster file "
        "(OSM green space: mapped_green_share, not 绿化覆盖率)",
    )
    add_units(p)
    add_plan(p)
    add_datum(p)  # no --radius: the command measures none, so it is refused, not ignored
    p.add_argument("--green", required=True, help="green polygons or a land-cover/NDVI raster")
    p.add_argument(
        "--classes",
        default=None,
        help="raster: worldcover|dynamic_world|clcd or values 10,20,30; "
        "vector: values of --class-col (default: none: every feature of a vector layer)",
    )
    p.add_argument(
        "--class-col", default=None, help="class column of a vector green layer (default: none)"
    )
    p.add_argument(
        "--ndvi-threshold",
        type=float,
        default=None,
        help="an NDVI raster: pixels at or above this count as green, e.g. 0.3 (default: none)",
    )
    add_base(p, default="unit")
    add_table_output(p, layer="green")
    return p


def run(args: argparse.Namespace) -> int:
    """Measure and write the green coverage table."""
    check_out(args.out)  # at the door: a long analysis never runs to fail at the write
    source = Path(args.green)
    if not source.exists():
        raise UsageError(f"--green file not found: {source}")
    raster_ext = (".tif", ".tiff", ".vrt", ".img", ".nc", ".asc")
    if source.suffix.lower() in raster_ext:
        classes: Any = raster_classes(args.classes)
        layer: Any = str(source)
    else:
        layer = read_file(source, datum=args.datum)
        classes = args.classes.split(",") if args.classes else None
    units = units_from(args)
    res = green.green_coverage(
        units,
        layer,
        classes=classes,
        class_col=args.class_col,
        ndvi_threshold=args.ndvi_threshold,
        base=args.base,
    )
    measures = [c for c in res.columns if c not in units.columns and c != "base"]
    table = no_data_where_no_boundary(res, measures)
    write_table(table, args.out, as_json=args.json, args=args)
    return 0
