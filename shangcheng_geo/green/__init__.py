"""Green coverage: vector and raster measurement, park service radii, green space from OSM.

:mod:`~shangcheng_geo.green.measure` measures (绿化覆盖率 from polygons or rasters, park
service coverage, the plan's targets); :mod:`~shangcheng_geo.green.osm` reads mapped green space
from OpenStreetMap; ``_raster`` is the raster path. Loaded on first use; the names of
``measure`` are reachable here (``from shangcheng_geo.green import green_coverage``).
>>> from shangcheng_geo.green import LAND_COVER
>>> "worldcover" in LAND_COVER
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from . import measure, osm, service
    from .measure import *  # noqa: F403

__getattr__, __dir__ = attach(__name__, main="measure", submodules=("osm", "service"))
