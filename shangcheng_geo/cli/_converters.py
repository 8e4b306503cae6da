"""The command line's arguments (other than ``--units``) made into the library's values:
radii in metres, raster classes, basemaps, a walking network file, planned stations."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..access import network
from ..datasets import read_file
from ..planned import read_stations, with_planned
from ._parser import UsageError

__all__ = [
    "network_from",
    "one_radius",
    "planned_from",
    "radii",
    "raster_classes",
    "stations_from",
    "tiles",
    "walking_note",
]


def network_from(args: argparse.Namespace) -> Any:
    """The walking network of ``--network`` (None: the library's embedded streets)."""
    if not getattr(args, "network", None):
        if getattr(args, "method", "euclidean") == "network":
            print(
                "walking along the embedded OpenStreetMap streets of western Shangcheng "
                "(2026-05-08); they do not reach the east, whose land is reported as not "
                "served. For the east pass --network FILE (an .osm/.osm.pbf extract).",
                file=sys.stderr,
            )
        return None
    path = Path(args.network)
    if path.name.lower().endswith((".osm", ".osm.bz2", ".osm.gz", ".osm.pbf", ".pbf")):
        return network.graph_from_osm(path, prepared=True)
    return network.graph_from_lines(read_file(path, datum=args.datum), prepared=True)


def raster_classes(text: str | None) -> Any:
    """--classes for a raster: a class-map name, or comma-separated class values."""
    if not text:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    numbers = []
    for p in parts:
        try:
            numbers.append(float(p))
        except ValueError:
            if len(parts) == 1:
                return p  # a class-map name such as worldcover
            raise UsageError(
                f"--classes {text!r}: {p!r} is not a number; give a class map name "
                "(worldcover, dynamic_world, clcd) or class values such as 10,20,30"
            ) from None
    return numbers


def radii(text: Sequence[str]) -> list[float]:
    """--radius as metres (one or more)."""
    try:
        return [float(v) for v in text]
    except ValueError:
        raise UsageError(f"--radius takes numbers of metres, got {' '.join(text)}") from None


def one_radius(args: argparse.Namespace) -> float:
    """--radius for a command that measures one radius."""
    given = radii(args.radius)
    if len(given) != 1:
        raise UsageError(f"{args.command} takes one --radius")
    return given[0]


def tiles(text: str) -> Any:
    """--tiles as the maps' basemaps (None: no basemap)."""
    if text.lower() in ("none", "offline", ""):
        return None
    return tuple(t.strip() for t in text.split(",") if t.strip())


def planned_from(args: argparse.Namespace) -> Any:
    """The planned stations of ``--planned`` (None when not given)."""
    if not getattr(args, "planned", None):
        return None
    return read_stations(args.planned, datum=args.datum)


def stations_from(args: argparse.Namespace) -> tuple[Any, str | None]:
    """The stations measured -- the embedded ones plus those of ``--planned`` (None: the
    embedded ones alone) -- and what the table says about them (None: nothing to say)."""
    mine = planned_from(args)
    if mine is None:
        return None, None
    n, name = len(mine), Path(args.planned).name
    note = (
        f"含 {n} 个规划站点（{name}，自其开通日期起计）(with {n} planned station(s) from "
        f"{name}, each from its opening date)"
    )
    return with_planned(mine), note


def walking_note(args: argparse.Namespace) -> str | None:
    """What a walking table says on every row: walked, and along which streets (None for
    straight-line distance)."""
    if getattr(args, "method", "euclidean") != "network":
        return None
    if not getattr(args, "network", None):
        return (
            "步行距离，沿内置上城西部街道（OpenStreetMap 2026-05-08），东部路网未达 (walking "
            "distance along the embedded streets of western Shangcheng; the east is not served)"
        )
    name = Path(args.network).name
    return f"步行距离，沿 {name} 路网 (walking distance along the network of {name})"
