"""``shangcheng-geo report``: the review-meeting report, one self-contained HTML page."""

from __future__ import annotations

import argparse
import sys

from .._atomic import check_output_path
from ..maps.report import write_report
from ._arguments import add_as_of, add_datum, add_plan, add_radius, add_tiles, add_units
from ._converters import one_radius, planned_from, tiles
from ._parser import Commands
from ._units import units_from

__all__ = ["register", "run"]


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``report`` command."""
    p = commands.add_parser(
        "report", help="write the review-meeting report: one self-contained HTML page"
    )
    p.add_argument("out", nargs="?", default="report.html", help="output file (.html)")
    add_units(p, default="zones:14th")
    add_plan(p)
    add_radius(p)
    add_datum(p)
    add_as_of(p)
    add_tiles(p, default="none", note="the report's map offline")
    p.add_argument(
        "--planned",
        default=None,
        help="your planned stations (CSV/Excel/GeoJSON, with --datum): today vs their year "
        "(default: none)",
    )
    p.add_argument(
        "--pois",
        default=None,
        help="your facilities (an Amap/Baidu POI export or a layer, with --datum): adds the "
        "life-circle section (default: none, and the report says the section needs them)",
    )
    return p


def run(args: argparse.Namespace) -> int:
    """Write the report."""
    radius_m = one_radius(args)  # the radius is checked before the units are read
    check_output_path(args.out, suffixes=(".html",), what="report")  # before reading inputs
    pois = None
    if args.pois:
        from ..lifecircle import read_pois

        pois = read_pois(args.pois, datum=args.datum)
    out = write_report(
        units_from(args),
        args.out,
        as_of=args.as_of,
        radius_m=radius_m,
        tiles=tiles(args.tiles),
        planned=planned_from(args),
        pois=pois,
    )
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0
