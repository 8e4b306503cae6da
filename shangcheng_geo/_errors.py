"""Exceptions and warnings raised by shangcheng_geo.

Every exception derives from :class:`ShangchengGeoError`, and each subclass also
inherits the built-in exception a caller would naturally catch (``ValueError``,
``LookupError``, ``ImportError``, ``OSError``), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

from typing import TypeVar

__all__ = [
    "CRSError",
    "DataNotAvailableError",
    "DataQualityWarning",
    "DatumError",
    "InputError",
    "MissingDependencyError",
    "OutputError",
    "ShangchengGeoError",
    "ShangchengGeoWarning",
    "warn",
]


class ShangchengGeoError(Exception):
    """Root of every error raised by shangcheng_geo."""


class InputError(ShangchengGeoError, ValueError):
    """An argument has the wrong type, shape, value or schema."""


class CRSError(InputError):
    """A layer has no CRS, the wrong kind of CRS, or CRSs that do not match."""


class DatumError(CRSError):
    """An unknown datum name, or coordinates that cannot be in the datum named."""


class DataNotAvailableError(ShangchengGeoError, LookupError):
    """Data the caller asked for is not bundled (no open source exists)."""


class MissingDependencyError(ShangchengGeoError, ImportError):
    """An optional dependency is not installed; the message names the extra."""


class OutputError(ShangchengGeoError, OSError):
    """A file cannot be written where asked: a missing or read-only folder, a path that is a
    folder, a full disk, a file-size limit. The message names the caller's path and the fix;
    ``errno`` and ``filename`` are set as on the ``OSError`` it stands for."""

    def __str__(self) -> str:  # the message, not OSError's "[Errno 28] ...: 'file'"
        return str(self.args[0]) if self.args else ""


class ShangchengGeoWarning(UserWarning):
    """Root of every warning issued by shangcheng_geo."""


class DataQualityWarning(ShangchengGeoWarning):
    """The result rests on data with a known gap (unknown dates, unplaced features...)."""


def warn(message: str, category: type[Warning] = DataQualityWarning) -> None:
    """Issue a warning that points at the user's line: the first frame outside the package.

    Library functions call each other at different depths, so a fixed ``stacklevel`` names
    a line inside the library for some callers; this walks the stack instead.
    """
    import inspect
    import os
    import warnings

    package = os.path.dirname(os.path.abspath(__file__)) + os.sep
    frame = inspect.currentframe()
    level = 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


_T = TypeVar("_T")


def renamed(old: str, new: str, value: _T | None, current: _T, default: _T) -> _T:
    """A keyword's value under its new name: ``current``, or the old keyword's ``value``.

    ``value`` is what the caller passed as ``old`` (None when not passed); passing it warns
    (DeprecationWarning naming ``new``), passing both refuses.
    """
    if value is None:
        return current
    if current != default:
        raise InputError(
            f"{old}= is the old name of {new}=; received both ({old}={value!r}, "
            f"{new}={current!r}). Pass only {new}=."
        )
    warn(f"{old}= is deprecated; use {new}= (the same value).", DeprecationWarning)
    return value
