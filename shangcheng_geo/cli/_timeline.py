"""``shangcheng-geo timeline``: station coverage at each opening date, yearly, or on given
dates."""

from __future__ import annotations

import argparse
from typing import Any

from .. import coverage
from ._arguments import (
    add_base,
    add_datum,
    add_method,
    add_network,
    add_plan,
    add_radius,
    add_table_output,
    add_units,
)
from ._converters import network_from, one_radius
from ._parser import Commands
from ._tables import write_table
from ._units import units_from

__all__ = ["register", "run"]


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``timeline`` command."""
    p = commands.add_parser(
        "timeline", help="coverage at each opening date (or yearly, or given dates)"
    )
    add_units(p)
    add_plan(p)
    add_radius(p)
    add_datum(p)
    p.add_argument("--dates", default="openings", help="openings | yearly | D1,D2,...")
    add_method(p)
    add_network(p)
    add_base(p, default="land")
    add_table_output(p)
    return p


def run(args: argparse.Namespace) -> int:
    """Measure and write the coverage timeline."""
    dates: Any = None if args.dates == "openings" else args.dates
    if dates not in (None, "yearly"):
        dates = [d.strip() for d in str(dates).split(",")]
    res = coverage.coverage_timeline(
        units_from(args),
        radius_m=one_radius(args),
        base=args.base,
        dates=dates,
        method=args.method,
        network=network_from(args),
    )
    write_table(res, args.out, as_json=args.json, args=args)
    return 0
