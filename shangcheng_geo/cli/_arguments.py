"""The options several commands share, each defined once: ``--units``, ``--plan``,
``--radius``, ``--datum``, ``--as-of``, ``--method``, ``--network``, ``--base``, ``--tiles``,
``--out``, ``--layer``, ``--planned`` and ``--json``. Their choices come from the library's
own constants and every help line states the default."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from .. import datasets
from .._options import STATION_RADIUS_M
from ..access.model import BASES, METHODS
from ..crs import DATUMS

__all__ = [
    "CLI_BASES",
    "add_as_of",
    "add_base",
    "add_datum",
    "add_json",
    "add_layer",
    "add_method",
    "add_network",
    "add_plan",
    "add_planned",
    "add_radius",
    "add_table_output",
    "add_tiles",
    "add_units",
    "today",
]

#: The bases a command can name: the library's, less ``weights`` (which needs a weights layer
#: that the command line does not take).
CLI_BASES = tuple(b for b in BASES if b != "weights")


def today() -> str:
    """The default ``--as-of``: today, from the library's one default date."""
    return datasets.measured_day()  # looked up when the parser is built, so it can be frozen


def add_units(p: argparse.ArgumentParser, *, default: str = "district") -> None:
    """--units, in the command line's mini-language (see :mod:`._units`)."""
    p.add_argument(
        "--units",
        default=default,
        help="district | subdistricts | zones[:version] | corridor[:width_m] | grid:<size_m> | "
        f"h3:<res> | FILE (default: {default})",
    )


def add_plan(p: argparse.ArgumentParser) -> None:
    """--plan: the plan version of ``--units zones``."""
    p.add_argument("--plan", default="14th", help="plan version for --units zones (default: 14th)")


def add_radius(
    p: argparse.ArgumentParser, *, default: Sequence[float] = (STATION_RADIUS_M,)
) -> None:
    """--radius in metres, one or more (default: the station catchment, 800 m)."""
    shown = [f"{m:g}" for m in default]
    p.add_argument(
        "--radius",
        nargs="+",
        default=shown,
        metavar="M",
        help=f"radius in metres, one or more (default: {' '.join(shown)})",
    )


def add_datum(p: argparse.ArgumentParser) -> None:
    """--datum of the lon/lat input files (checked where a file is read)."""
    p.add_argument(
        "--datum",
        default=None,
        help=f"datum of lon/lat input files: {'|'.join(DATUMS)} (default: the file's own CRS)",
    )


def add_as_of(p: argparse.ArgumentParser) -> None:
    """--as-of: the day measured (default: today, stated in every title and table)."""
    p.add_argument(
        "--as-of",
        default=today(),
        help="stations open on this date, YYYY-MM-DD (default: today; every title and table "
        "states it)",
    )


def add_method(p: argparse.ArgumentParser) -> None:
    """--method: straight line or along the walking network."""
    p.add_argument(
        "--method",
        choices=METHODS,
        default=METHODS[0],
        help="euclidean: the straight line; network: walking along the streets "
        f"(default: {METHODS[0]})",
    )


def add_network(p: argparse.ArgumentParser) -> None:
    """--network: the walking network file."""
    p.add_argument(
        "--network",
        default=None,
        help="walking network: .osm/.osm.pbf or road lines (default: the embedded streets "
        "of western Shangcheng)",
    )


def add_base(p: argparse.ArgumentParser, *, default: str) -> None:
    """--base: the denominator of each ratio."""
    p.add_argument(
        "--base",
        choices=CLI_BASES,
        default=default,
        help=f"the denominator: land (without water) or the whole unit (default: {default})",
    )


def add_tiles(p: argparse.ArgumentParser, *, default: str, note: str) -> None:
    """--tiles: the basemaps of a map."""
    p.add_argument(
        "--tiles",
        default=default,
        help=f"basemaps: light,osm | amap | none (default: {default}; {note})",
    )


def add_table_output(p: argparse.ArgumentParser, *, layer: str) -> None:
    """--out, --layer and --json of the commands that write a table (``layer``: the default
    GeoPackage layer, the command's name)."""
    p.add_argument(
        "--out",
        default=None,
        help="output file: .csv (UTF-8 with BOM), .xlsx, .json, .gpkg or .geojson; checked "
        "before any work (default: CSV on stdout)",
    )
    add_layer(p, default=layer)
    add_json(p)


def add_json(p: argparse.ArgumentParser) -> None:
    """--json: the result as JSON on stdout."""
    p.add_argument("--json", action="store_true", help="print machine-readable JSON to stdout")


def add_layer(p: argparse.ArgumentParser, *, default: str) -> None:
    """--layer: the layer written into a GeoPackage (its other layers are kept)."""
    p.add_argument(
        "--layer",
        default=default,
        help=f"layer name in a .gpkg output; the file's other layers are kept (default: {default})",
    )


def add_planned(p: argparse.ArgumentParser) -> None:
    """--planned: the caller's planned stations, added to the embedded ones."""
    p.add_argument(
        "--planned",
        default=None,
        help="your planned stations (CSV/Excel/GeoJSON, with --datum), measured with the "
        "embedded ones from their opening date (default: none)",
    )
