"""The ``shangcheng-geo`` command.

Subcommands: ``map`` (the coverage map of the embedded data -- the main job), ``report``
(the review-meeting report), ``coverage``,
``timeline``, ``green``, ``lifecircle`` (life circles per unit, or the future-community
scorecard), ``convert`` and ``layers``. Output formats follow the file extension
(``.html``, ``.png``, ``.pdf``, ``.gpkg``, ``.geojson``, ``.csv``, ``.json``).

Exit codes: 0 ok, 1 failed, 2 bad usage. Errors print one line on stderr; ``--debug`` shows
the traceback.

The rooms of the command (each private to it):

- ``_main``: the parser, :func:`main`, and the one tuple of command rooms;
- ``_layers``, ``_map``, ``_report``, ``_coverage``, ``_timeline``, ``_green``,
  ``_lifecircle``, ``_convert``: one command each, a ``register(commands)`` that adds its
  parser and a ``run(args)`` that carries it out -- adding a command is adding a room and
  naming it in ``_main.COMMANDS``;
- ``_arguments``: the options several commands share, each defined once;
- ``_units``: the ``--units`` mini-language (``zones:14th``, ``grid:500``, ...), which only
  the command line speaks;
- ``_converters``: the other arguments made into the library's values (radii, raster
  classes, basemaps, a walking network file, planned stations);
- ``_tables``: result tables written by extension or printed;
- ``_parser``: the parser class, usage errors, defaults in every help line, ``--debug``.
"""

from __future__ import annotations

from ._main import PARSERS, build_parser, main
from ._parser import UsageError
from ._tables import TABLE_FORMATS
from ._units import units_from

__all__ = ["build_parser", "main"]

# the names of the one-file command line, kept for scripts and tests that reach for them
_COMMANDS = PARSERS  # the subcommands' parsers, by name (filled by build_parser)
_units = units_from  # the --units mini-language, from a parsed Namespace
