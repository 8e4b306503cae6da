"""The access model for a question: the one the caller gave, or one built from the options."""

from __future__ import annotations

from typing import Any

from .._errors import InputError
from ._bundle import ModelOptions
from .model import Access

__all__ = ["resolve"]


def resolve(stations: Any, **options: Any) -> Access:
    """The access model for a question: the one given, or one built from the options.

    Functions that take ``stations`` accept an :class:`Access` in its place; then the
    options that the model fixes must be left at their defaults (a clear error otherwise).

    Parameters
    ----------
    stations : GeoDataFrame, Access or None
        Station points, an access model, or None for the embedded stations.
    **options
        The fields of :class:`ModelOptions` (``as_of``, ``method``, ``network``,
        ``max_snap_m``, ``cell_m``).

    Returns
    -------
    Access
        The model.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> from shangcheng_geo import access
    >>> acc = access.Access(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549))
    >>> access.resolve(acc) is acc
    True
    """
    opts = ModelOptions(**options)
    if isinstance(stations, Access):
        clash = opts.given()
        if clash:
            raise InputError(
                f"stations is an Access model, which already fixes {clash}; set them when "
                "building it, or use acc.on(as_of) for another date."
            )
        return stations
    return Access(stations, **opts.as_kwargs())
