"""The ``shangcheng-geo`` parser and :func:`main`: the one tuple of command rooms, exit codes,
one-line errors and warnings printed once per run."""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence
from typing import Any

from .._errors import InputError, OutputError, ShangchengGeoError
from .._version import __version__
from . import _convert, _coverage, _green, _layers, _lifecircle, _map, _report, _timeline
from ._parser import Parser, UsageError, show_defaults, traceback_if

__all__ = ["COMMANDS", "PARSERS", "build_parser", "main"]

#: The command rooms, in the order ``--help`` lists them: each has ``register(commands)``,
#: which adds its parser, and ``run(args)``, which carries it out and returns the exit code.
COMMANDS = (_layers, _map, _report, _coverage, _timeline, _green, _lifecircle, _convert)

PARSERS: dict[str, argparse.ArgumentParser] = {}  # the subcommands' parsers, by name


def build_parser() -> argparse.ArgumentParser:
    """The ``shangcheng-geo`` argument parser (sub-commands map, coverage, timeline, ...).

    Returns
    -------
    argparse.ArgumentParser
        The parser; :func:`main` runs it.

    Examples
    --------
    >>> from shangcheng_geo import cli
    >>> cli.build_parser().parse_args(["coverage", "--as-of", "2025-12-31"]).command
    'coverage'
    """
    parser = Parser(
        prog="shangcheng-geo",
        description="Spatial-plan layers and metrics for Shangcheng District, Hangzhou.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for room in COMMANDS:
        room.register(sub).set_defaults(func=room.run)
    PARSERS.clear()
    PARSERS.update(sub.choices)
    for p in sub.choices.values():
        # --debug after the subcommand too (SUPPRESS: not given there keeps the main value)
        p.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        show_defaults(p)
    return parser


_SHOWN: set[str] = set()


def _show_warning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
    """Print a warning once per run (the same message from several calls prints once)."""
    text = str(message)
    if text not in _SHOWN:
        _SHOWN.add(text)
        print(f"warning: {text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 for bad usage or input, 1 for other errors.

    Examples
    --------
    >>> from shangcheng_geo import cli
    >>> cli.main(["layers"])  # doctest: +ELLIPSIS
    Embedded layers in ...
    0
    """
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # a typo in a subcommand's option: that subcommand's usage, not the main one
        where = PARSERS.get(getattr(args, "command", None) or "")
        (where or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    _SHOWN.clear()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = _show_warning
            return int(args.func(args))
    except (UsageError, InputError, OutputError) as exc:  # bad input, or a path not writable
        traceback_if(args)
        print(f"shangcheng-geo: error: {exc}", file=sys.stderr)
        return 2
    except ShangchengGeoError as exc:
        traceback_if(args)
        print(f"shangcheng-geo: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader (e.g. `| head`) closed the pipe: stop quietly, like other Unix tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # never a traceback without --debug
        traceback_if(args)
        text = " ".join(str(exc).split())
        print(f"shangcheng-geo: error: {type(exc).__name__}: {text}", file=sys.stderr)
        return 1
