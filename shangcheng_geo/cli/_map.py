"""``shangcheng-geo map``: the coverage map of the embedded data (the command's main job), as
an interactive page (.html) or a print map (.png, .pdf, .svg)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._atomic import replacing
from .._options import STATION_RADIUS_M
from ..maps import interactive as maps
from ..maps.static import static_coverage_map
from ._arguments import (
    add_as_of,
    add_datum,
    add_network,
    add_plan,
    add_radius,
    add_tiles,
    add_units,
)
from ._converters import network_from, radii, tiles
from ._parser import Commands
from ._tables import check_out
from ._units import units_from

__all__ = ["register", "run"]

#: What ``map`` writes, by extension.
FORMATS = (".html", ".png", ".pdf", ".svg")


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``map`` command."""
    p = commands.add_parser(
        "map", help="write the coverage map of the embedded data (.html/.png/.pdf/.svg)"
    )
    p.add_argument(
        "out", nargs="?", default="coverage_map.html", help="output file: .html, .png, .pdf or .svg"
    )
    add_units(p, default="zones:14th")
    add_plan(p)
    add_radius(p, default=(500.0, STATION_RADIUS_M))
    add_datum(p)
    add_as_of(p)
    add_network(p)
    add_tiles(p, default="light,osm", note="the page renders without them too")
    p.add_argument(
        "--assets",
        choices=["inline", "cdn"],
        default="inline",
        help="inline: a self-contained page that works with no internet (default); cdn: a "
        "smaller page that loads Leaflet online",
    )
    p.set_defaults(method="euclidean")
    return p


def run(args: argparse.Namespace) -> int:
    """Write the coverage map."""
    out = Path(args.out)
    ext = out.suffix.lower()
    check_out(str(out), formats=FORMATS, what="maps")  # at the door, before the map is drawn
    units = units_from(args)
    given = radii(args.radius)
    if ext == ".html":
        m = maps.coverage_map(
            units,
            radius_m=given,
            as_of=args.as_of,
            network=network_from(args) or "embedded",  # the western streets, layer off at first
            tiles=tiles(args.tiles),
            assets=args.assets,
        )
        with replacing(out) as tmp:
            m.save(str(tmp))
    else:
        static_coverage_map(units, out, radius_m=given, as_of=args.as_of)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0
