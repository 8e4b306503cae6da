"""``shangcheng-geo layers``: the embedded layers with counts, datum, source and licence."""

from __future__ import annotations

import argparse
import json

from .. import datasets
from ._arguments import add_json
from ._parser import Commands

__all__ = ["register", "run"]


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``layers`` command."""
    p = commands.add_parser(
        "layers", help="list the embedded layers with counts, datum, source, licence"
    )
    add_json(p)
    return p


def run(args: argparse.Namespace) -> int:
    """List the embedded layers."""
    cat = datasets.layers()
    if args.json:
        print(json.dumps(cat.reset_index().to_dict(orient="records"), ensure_ascii=False, indent=2))
        return 0
    print(f"Embedded layers in {datasets.data_dir()} (all EPSG:4326)\n")
    for name, row in cat.iterrows():
        print(f"{name}  [{row['kind']}, {row['features']} features]")
        print(f"    {row['title']}")
        print(f"    datum:   {row['source_datum']}")
        print(f"    source:  {row['source']}")
        print(f"    licence: {row['licence']}")
    print(
        "\nWestern Shangcheng only (the OpenStreetMap extract stops at about 120.21 E): "
        "streets_west (the walking network, datasets.streets()), green_space, facilities, "
        "bus_stops, and subdistrict_boundaries for 9 of the 14 subdistricts."
        "\nNot bundled (no open source): the streets, green space and facilities of the east "
        "(笕桥, 彭埠, 九堡, 丁兰, eastern 四季青; walking measures report that land as not "
        "served), boundaries for the other 5 subdistricts (kept as no data), population grids, "
        "and the positions of 68 stations in service (none in Shangcheng; see missing_stations)."
    )
    return 0
