"""``shangcheng-geo report``: the review-meeting report, one self-contained HTML page."""

from __future__ import annotations

import argparse
import sys

from ._arguments import add_common, today
from ._converters import one_radius, planned_from, tiles
from ._parser import AS_OF_HELP, Commands
from ._units import units_from

__all__ = ["register", "run"]


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``report`` command."""
    p = commands.add_parser(
        "report", help="write the review-meeting report: one self-contained HTML page"
    )
    p.add_argument("out", nargs="?", default="report.html", help="output file (.html)")
    add_common(p, units="zones:14th")
    p.add_argument("--as-of", default=today(), help=AS_OF_HELP)
    p.add_argument(
        "--tiles", default="none", help="basemap of the report's map (default: none, offline)"
    )
    p.add_argument(
        "--planned",
        default=None,
        help="your planned stations (CSV/Excel/GeoJSON, with --datum): today vs their year",
    )
    return p


def run(args: argparse.Namespace) -> int:
    """Write the report."""
    from ..maps.report import write_report

    out = write_report(
        args.out,
        as_of=args.as_of,
        radius_m=one_radius(args),
        units=units_from(args),
        tiles=tiles(args.tiles),
        planned=planned_from(args),
    )
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0
