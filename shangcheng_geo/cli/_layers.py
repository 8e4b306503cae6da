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
        "\nNot bundled (no open source): subdistrict boundaries, green space, a street network, "
        "population grids, 68 unplaced stations outside the district (see missing_stations)."
    )
    return 0
