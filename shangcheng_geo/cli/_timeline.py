"""``shangcheng-geo timeline``: station coverage at each opening date, yearly, or on given
dates."""

from __future__ import annotations

import argparse
from typing import Any

from .. import coverage
from .._errors import warn
from ..transit import future_note
from ._arguments import (
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
from ._converters import network_from, one_radius, stations_from, walking_note
from ._parser import Commands
from ._tables import by_unit, check_out, no_data_where_no_boundary, with_caveat, write_table
from ._units import units_from

__all__ = ["register", "run"]

#: The timeline's measures of a unit (``n_stations`` counts the network, not the unit).
MEASURES = ("base_m2", "covered_m2", "coverage_ratio")


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
    add_planned(p)
    add_method(p)
    add_network(p)
    add_base(p, default="land")
    add_table_output(p, layer="timeline")
    return p


def run(args: argparse.Namespace) -> int:
    """Measure and write the coverage timeline."""
    check_out(args.out)  # at the door: a long analysis never runs to fail at the write
    dates: Any = None if args.dates == "openings" else args.dates
    if dates not in (None, "yearly"):
        dates = [d.strip() for d in str(dates).split(",")]
    radius_m = one_radius(args)
    units = units_from(args)
    stations, planned_note = stations_from(args)
    res = coverage.coverage_timeline(
        units,
        stations,
        radius_m=radius_m,
        base=args.base,
        dates=dates,
        method=args.method,
        network=network_from(args),
    )
    res.attrs["coverage"] = {"method": args.method, "base": args.base, "radius_m": [radius_m]}
    table = by_unit(res, units)  # the units' names and codes beside their labels
    table = no_data_where_no_boundary(table, MEASURES)
    for day in sorted(set(res["date"])):
        note = future_note(stations, day)
        if note:
            warn(f"the timeline's date {day.date()} is in the future: {note}.")
            table = with_caveat(table, note, rows=(res["date"] == day).to_numpy())
    table = with_caveat(table, planned_note)
    table = with_caveat(table, walking_note(args))
    write_table(table, args.out, as_json=args.json, args=args)
    return 0
