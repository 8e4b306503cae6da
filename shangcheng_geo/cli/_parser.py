"""The command line's parser pieces: the parser class (usage errors per command), the usage
error, defaults in every help line, tracebacks with ``--debug``, and the interface a command
room offers the main room."""

from __future__ import annotations

import argparse
import sys
import traceback
from typing import Any, Protocol

from .._errors import ShangchengGeoError

__all__ = ["Commands", "Parser", "UsageError", "show_defaults", "traceback_if"]


class UsageError(ShangchengGeoError):
    """A bad combination of arguments (exit code 2)."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


class Commands(Protocol):
    """What a command room's ``register`` receives: the sub-commands of the main parser."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser: ...


def show_defaults(p: argparse.ArgumentParser) -> None:
    """Every option's default in its --help line (those not saying it already)."""
    for action in p._actions:  # argparse keeps no public list of a parser's actions
        if action.help == argparse.SUPPRESS or action.default in (None, False, argparse.SUPPRESS):
            continue
        shown = " ".join(action.default) if isinstance(action.default, list) else action.default
        if action.help is None:
            action.help = f"(default: {shown})"
        elif "default" not in action.help:
            action.help = f"{action.help} (default: {shown})"


def traceback_if(args: argparse.Namespace) -> None:
    """With --debug, the traceback on stderr; the exit code stays the error's own."""
    if getattr(args, "debug", False):
        traceback.print_exc()
