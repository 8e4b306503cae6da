"""The access model and its walking engine.

- :mod:`~shangcheng_geo.access.model`: :class:`Access`, the open stations on a date, the
  method, and the distance every location needs to reach one.
- :mod:`~shangcheng_geo.access.network`: graphs and OSM files turned into the arrays the
  walking engine reads.
- :mod:`~shangcheng_geo.access.bases`: what a unit's share is measured over.
- private: the engine (``_walk``), the sample grid (``_sampling``), areal measurement
  (``_areal``).

What the family offers the others, and nothing more of its private modules: ``Units`` (units
checked and projected once at a door) and ``cells_to_polygon`` (sample cells as a polygon);
the model's defaults and ``walk_minutes`` are public names of ``model``. The datasets family, which
sits below this one, takes ``assemble`` (edge arrays to a prepared walking network) from
:mod:`~shangcheng_geo.access.network`.

Loaded on first use; the names of ``model`` are reachable here:

>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> from shangcheng_geo.access import Access
>>> station = gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549)
>>> place = gpd.GeoDataFrame(geometry=[Point(300, 400)], crs=4549)
>>> Access(station).distances(place)["distance_m"].tolist()
[500.0]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from . import bases, model, network, resolving
    from ._sampling import cells_to_polygon
    from ._units import Units
    from .model import *  # noqa: F403
    from .resolving import *  # noqa: F403

__getattr__, __dir__ = attach(
    __name__,
    main=("model", "resolving"),
    submodules=("bases", "network"),
    offered={
        "Units": "_units",
        "cells_to_polygon": "_sampling",
    },
)
