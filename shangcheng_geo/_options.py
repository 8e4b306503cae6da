"""Library-wide options (the analysis CRS), validated on assignment."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._errors import CRSError, InputError

__all__ = ["DEFAULT_CUTOFF_M", "STATION_RADIUS_M", "Options", "options", "set_options"]

_DEFAULT_ANALYSIS_CRS = "EPSG:4549"

#: The station catchment every metro measure defaults to: the plan's 站点800米覆盖率 (the share
#: of land within 800 m of a metro station). One constant, so that every door agrees.
STATION_RADIUS_M = 800.0

#: The network search limit every public door defaults to (``cutoff_m``): walking distances
#: beyond it come back as ``inf``. Private helpers take the limit as a required argument.
DEFAULT_CUTOFF_M = 5_000.0


def _metric_crs(value: Any) -> Any:
    """Return ``value`` as a pyproj CRS after checking it is projected in metres."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError as PyprojCRSError

    try:
        crs = CRS.from_user_input(value)
    except PyprojCRSError as exc:
        raise CRSError(
            f"analysis_crs {value!r} is not a CRS pyproj understands ({exc}). "
            "Use an EPSG code such as 'EPSG:4549' (CGCS2000 / 3-degree Gauss-Kruger CM 120E)."
        ) from None
    if not crs.is_projected:
        raise CRSError(
            f"analysis_crs must be a projected CRS in metres; received {crs.name!r} "
            f"({crs.to_string()}), which is geographic (degrees). "
            "Use 'EPSG:4549' or a UTM zone such as 'EPSG:32651'."
        )
    units = {axis.unit_name for axis in crs.axis_info}
    if units - {"metre", "meter"}:
        raise CRSError(
            f"analysis_crs must have metre axes; {crs.to_string()} has {sorted(units)}. "
            "Use 'EPSG:4549' or a UTM zone such as 'EPSG:32651'."
        )
    return crs


class Options:
    """Validated options.

    Attributes
    ----------
    analysis_crs : pyproj.CRS
        The projected CRS (metres) in which every metric operation runs.
        Default ``EPSG:4549`` (CGCS2000 / 3-degree Gauss-Kruger CM 120E), which
        is centred on Hangzhou's meridian. Assigning a geographic CRS raises
        :class:`~shangcheng_geo.CRSError`.
    progress : bool
        Show progress bars on long work (default ``True``).

    Examples
    --------
    >>> from shangcheng_geo import options
    >>> options.analysis_crs.to_epsg()
    4549
    >>> with set_options(analysis_crs="EPSG:32651"):
    ...     options.analysis_crs.to_epsg()
    32651
    >>> options.analysis_crs.to_epsg()
    4549
    """

    def __init__(self) -> None:
        self._analysis_crs: Any = None
        self.progress = True

    @property
    def analysis_crs(self) -> Any:
        if self._analysis_crs is None:
            self._analysis_crs = _metric_crs(_DEFAULT_ANALYSIS_CRS)
        return self._analysis_crs

    @analysis_crs.setter
    def analysis_crs(self, value: Any) -> None:
        self._analysis_crs = _metric_crs(value)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in {"_analysis_crs", "analysis_crs", "progress"}:
            raise InputError(
                f"unknown option {name!r}; the options are 'analysis_crs' and 'progress'."
            )
        if name == "progress" and not isinstance(value, bool):
            raise InputError(f"options.progress must be True or False; received {value!r}.")
        object.__setattr__(self, name, value)

    def __repr__(self) -> str:
        return f"Options(analysis_crs={self.analysis_crs.to_string()!r}, progress={self.progress})"


options = Options()


@contextmanager
def set_options(**kwargs: Any) -> Iterator[Options]:
    """Set options for the duration of a ``with`` block, then restore them.

    Examples
    --------
    >>> from shangcheng_geo import options, set_options
    >>> with set_options(progress=False):
    ...     options.progress
    False
    """
    old = {"_analysis_crs": options._analysis_crs, "progress": options.progress}
    try:
        for key, value in kwargs.items():
            setattr(options, key, value)
        yield options
    finally:
        for key, value in old.items():
            object.__setattr__(options, key, value)
