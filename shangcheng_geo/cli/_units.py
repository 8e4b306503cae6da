"""The ``--units`` mini-language, which only the command line speaks: ``district``,
``subdistricts``, ``zones[:version]``, ``corridor[:width_m]``, ``grid:<size_m>``,
``h3:<resolution>`` or a polygon file, made into the library's units layer."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import datasets
from .._validate import metres_from_text, split_located
from ..plan import layout as plan
from ..units import grid, h3_cells
from ._parser import UsageError

__all__ = ["units_from"]


def units_from(args: argparse.Namespace) -> Any:
    """Units from the ``--units`` mini-language: district, subdistricts, zones[:version],
    corridor[:width_m], grid:<size_m>, h3:<resolution>, or a polygon file."""
    text = str(args.units)
    kind, _, arg = text.partition(":")
    if kind == "district" and not arg:
        return datasets.district()
    if kind == "subdistricts" and not arg:  # all 14: 9 with an OSM boundary, 5 named missing
        return datasets.subdistricts(geometry=True)
    if kind == "zones":
        zones = plan.structure(arg or args.plan)
        located, _ = split_located(zones, "plan zones", id_col="element_id")
        return located
    if kind == "corridor":
        width = metres_from_text(arg, "corridor width") if arg else 1000.0
        return plan.riverfront_corridor(width_m=width)
    if kind == "grid" and arg:
        return grid(size_m=metres_from_text(arg, "grid cell size"))
    if kind == "h3" and arg:
        if not arg.isdigit():
            raise UsageError(f"h3 resolution must be a whole number from 0 to 15; got {arg!r}.")
        return h3_cells(resolution=int(arg))
    path = Path(text)
    if path.exists():
        layer = datasets.read_file(path, datum=getattr(args, "datum", None))
        if len(layer) == 0:
            raise UsageError(f"units file {text!r} has no features; give a file with polygons.")
        return layer
    known = ("district", "subdistricts", "zones", "corridor", "grid", "h3")
    if kind not in known and ("/" in text or "." in text):
        raise UsageError(f"units file not found: {text!r}.")
    raise UsageError(
        f"unknown units {text!r}: use 'district', 'subdistricts', 'zones[:version]', "
        "'corridor[:width_m]', 'grid:<size_m>', 'h3:<resolution>' or a path to a polygon file."
    )
