"""The ``shangcheng-geo`` command.

Exit codes: 0 ok, 1 failed, 2 bad usage. Errors print one line on stderr; ``--debug``
shows the traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from ._errors import ShangchengGeoError
from ._version import __version__

__all__ = ["main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _cmd_layers(args: argparse.Namespace) -> int:
    from . import datasets

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
        "population grids, 70 unplaced stations (see missing_stations)."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="shangcheng-geo",
        description="Spatial-plan layers and metrics for Shangcheng District, Hangzhou.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    p = sub.add_parser(
        "layers", help="list the embedded layers with counts, datum, source, licence"
    )
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.set_defaults(func=_cmd_layers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except ShangchengGeoError as exc:
        if args.debug:
            raise
        print(f"shangcheng-geo: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader (e.g. `| head`) closed the pipe: stop quietly, like other Unix tools
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OSError, ValueError) as exc:
        if args.debug:
            raise
        print(f"shangcheng-geo: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
