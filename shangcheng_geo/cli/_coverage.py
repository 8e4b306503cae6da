"""``shangcheng-geo coverage``: the per-unit station coverage table on one day."""

from __future__ import annotations

import argparse

from .. import coverage
from ..transit import future_note
from ._arguments import (
    add_as_of,
    add_base,
    add_datum,
    add_method,
    add_network,
    add_plan,
    add_planned,
    add_radius,
    add_table_output,
    add_units,
)
from ._converters import network_from, radii, stations_from, walking_note
from ._parser import Commands
from ._tables import check_out, no_data_where_no_boundary, with_caveat, write_table
from ._units import units_from

__all__ = ["register", "run"]


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``coverage`` command."""
    p = commands.add_parser("coverage", help="per-unit station coverage table")
    add_units(p)
    add_plan(p)
    add_radius(p)
    add_datum(p)
    add_method(p)
    add_network(p)
    add_as_of(p)
    add_planned(p)
    add_base(p, default="land")
    add_table_output(p, layer="coverage")
    return p


def run(args: argparse.Namespace) -> int:
    """Measure and write the coverage table."""
    check_out(args.out)  # at the door: a long analysis never runs to fail at the write
    units = units_from(args)
    stations, planned_note = stations_from(args)
    res = coverage.station_coverage(
        units,
        stations,
        radius_m=radii(args.radius),
        method=args.method,
        network=network_from(args),
        as_of=args.as_of,
        base=args.base,
    )
    res["as_of"] = args.as_of  # the day measured, stated in the table itself
    measures = [c for c in res.columns if c not in units.columns and c != "as_of"]
    table = no_data_where_no_boundary(res, measures)
    table = with_caveat(table, future_note(stations, args.as_of))
    table = with_caveat(table, planned_note)
    table = with_caveat(table, walking_note(args))
    write_table(table, args.out, as_json=args.json, args=args)
    return 0
