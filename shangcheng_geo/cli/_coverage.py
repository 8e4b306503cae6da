"""``shangcheng-geo coverage``: the per-unit station coverage table on one day."""

from __future__ import annotations

import argparse

from ._arguments import add_common, add_output, today
from ._converters import network_from, radii
from ._parser import AS_OF_HELP, Commands
from ._tables import write_table
from ._units import units_from

__all__ = ["register", "run"]


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``coverage`` command."""
    p = commands.add_parser("coverage", help="per-unit station coverage table")
    add_common(p)
    p.add_argument("--method", choices=["euclidean", "network"], default="euclidean")
    p.add_argument("--network", default=None, help="walking network: .osm/.osm.pbf or road lines")
    p.add_argument("--as-of", default=today(), help=AS_OF_HELP)
    p.add_argument("--base", choices=["land", "unit"], default="land")
    add_output(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Measure and write the coverage table."""
    from .. import coverage

    res = coverage.station_coverage(
        units_from(args),
        radius_m=radii(args.radius),
        method=args.method,
        network=network_from(args),
        as_of=args.as_of,
        base=args.base,
    )
    res["as_of"] = args.as_of  # the day measured, stated in the table itself
    write_table(res, args.out, as_json=args.json, args=args)
    return 0
