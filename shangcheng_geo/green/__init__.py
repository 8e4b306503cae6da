"""Green coverage: vector and raster measurement, park and greenway service radii, OSM green space.

The rooms of the family:

- :mod:`~shangcheng_geo.green.measure`: the definitions (绿化覆盖率, 绿地率, service-radius
  coverage) and every public name of the family in one place; ``green_coverage`` and
  ``green_space_ratio`` are measured by ``_cover`` (vector) and ``_raster`` (rasters);
- :mod:`~shangcheng_geo.green.service`: park and greenway service-radius coverage;
- :mod:`~shangcheng_geo.green.osm`: green space read from OpenStreetMap, and the share of each
  unit it maps;
- :mod:`~shangcheng_geo.green.targets`: a measurement beside the plan's baseline and target;
- :mod:`~shangcheng_geo.green.kinds`: what a measurement measures (绿化覆盖率 from vegetation
  cover, or the share of green space mapped in OSM, a proxy) and the name each carries.

Loaded on first use; every name of ``measure`` is reachable here
(``from shangcheng_geo.green import green_coverage``).

>>> from shangcheng_geo.green import LAND_COVER
>>> "worldcover" in LAND_COVER
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from . import kinds, measure, osm, service, targets
    from .measure import *  # noqa: F403

__getattr__, __dir__ = attach(
    __name__, main="measure", submodules=("kinds", "osm", "service", "targets")
)
