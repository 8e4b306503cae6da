"""The options several commands share (``--units``, ``--radius``, ``--datum``, ``--out``,
...), and the one default date."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

__all__ = ["add_common", "add_output", "today"]


def add_common(
    p: argparse.ArgumentParser,
    *,
    units: str = "district",
    radius: Sequence[str] | None = ("800",),
) -> None:
    """--units, --plan, --radius and --datum."""
    p.add_argument(
        "--units",
        default=units,
        help="district | subdistricts | zones[:version] | corridor[:width_m] | grid:<cell_m> | "
        "h3:<res> | FILE "
        f"(default: {units})",
    )
    p.add_argument("--plan", default="14th", help="plan version for --units zones (default 14th)")
    if radius is None:  # the command measures no radius: --radius is refused, not ignored
        p.add_argument(
            "--datum", default=None, help="datum of lon/lat input files: wgs84|gcj02|bd09"
        )
        return
    p.add_argument(
        "--radius",
        nargs="+",
        default=list(radius),
        metavar="M",
        help=f"radius in metres, one or more (default: {' '.join(radius)})",
    )
    p.add_argument("--datum", default=None, help="datum of lon/lat input files: wgs84|gcj02|bd09")


def add_output(p: argparse.ArgumentParser) -> None:
    """--out and --json of the commands that write a table."""
    p.add_argument(
        "--out",
        default=None,
        help="output file: .csv (UTF-8 with BOM), .xlsx, .json, .gpkg or .geojson",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable JSON to stdout")


def today() -> str:
    """The default ``--as-of``: today, from the library's one default date."""
    from ..datasets import measured_day

    return measured_day()  # the library's one default date
