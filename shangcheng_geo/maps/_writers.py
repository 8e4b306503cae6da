"""One order for the writers of maps and reports: what is written first, then where.

The print maps and the report took the file first (``static_green_map(path, result)``) while
the table writers take it last (``export.to_excel(tables, path)``, as geopandas' ``to_file``).
:func:`data_first` keeps the old calls working for a while: a writer called with a str or
path-like where its data is expected reads its positional arguments in the old order and warns
(``DeprecationWarning``) with the call to write instead.

Examples
--------
>>> import warnings
>>> from shangcheng_geo.maps._writers import data_first
>>> @data_first(("path", "table"), "write(table, path)")
... def write(table=None, path=None):
...     return table, path
>>> with warnings.catch_warnings(record=True) as seen:
...     warnings.simplefilter("always")
...     write("out.csv", [1, 2])
([1, 2], 'out.csv')
>>> "write(table, path)" in str(seen[0].message), seen[0].category.__name__
(True, 'DeprecationWarning')
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, TypeVar

from .._errors import InputError, warn

__all__ = ["data_first", "require_path"]

F = TypeVar("F", bound=Callable[..., Any])


def data_first(old: tuple[str, ...], new_call: str) -> Callable[[F], F]:
    """Let a data-first writer still take its old path-first call, with a warning naming
    ``new_call``; ``old`` names the positional parameters of the old order."""

    def wrap(fn: F) -> F:
        name = fn.__name__

        @functools.wraps(fn)
        def call(*args: Any, **kwargs: Any) -> Any:
            if not args or not isinstance(args[0], (str, os.PathLike)):
                return fn(*args, **kwargs)
            if len(args) > len(old):
                raise TypeError(
                    f"{name}() takes at most {len(old)} positional arguments in the old "
                    f"path-first order ({', '.join(old)}), received {len(args)}; write "
                    f"{new_call}."
                )
            named = dict(zip(old, args, strict=False))
            twice = sorted(set(named) & set(kwargs))
            if twice:
                raise TypeError(f"{name}() got multiple values for {', '.join(twice)}.")
            warn(
                f"{name}({', '.join(old[: len(args)])}) with the file first is deprecated: pass "
                f"what is written first, then where: {new_call}.",
                DeprecationWarning,
            )
            return fn(**named, **kwargs)

        return call  # type: ignore[return-value]

    return wrap


def require_path(path: Any, name: str, example: str) -> Any:
    """The ``path`` a writer was given, or the library's error saying how to give it."""
    if path is None:
        raise InputError(f"{name}() needs the file to write: received no path; write {example}.")
    return path
