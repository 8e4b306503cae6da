"""Exceptions and warnings raised by shangcheng_geo.

Every exception derives from :class:`ShangchengGeoError`, and each subclass also
inherits the built-in exception a caller would naturally catch (``ValueError``,
``LookupError``, ``ImportError``), so ``except ValueError`` keeps working.
"""

from __future__ import annotations

__all__ = [
    "CRSError",
    "DataNotAvailableError",
    "DataQualityWarning",
    "DatumError",
    "InputError",
    "MissingDependencyError",
    "ShangchengGeoError",
    "ShangchengGeoWarning",
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


class ShangchengGeoWarning(UserWarning):
    """Root of every warning issued by shangcheng_geo."""


class DataQualityWarning(ShangchengGeoWarning):
    """The result rests on data with a known gap (unknown dates, unplaced features...)."""
