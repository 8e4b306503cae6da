"""Green coverage (绿化覆盖率), green-space ratio (绿地率) and park service-radius coverage.

The family's public names in one place (``shangcheng_geo.green.<name>`` answers from here);
each is measured in its own room: the ratios in ``_cover`` and ``_raster``, the service radii
in :mod:`~shangcheng_geo.green.service`, the OSM layers and their share in
:mod:`~shangcheng_geo.green.osm`, the plan's targets in :mod:`~shangcheng_geo.green.targets`.

**No green data for Hangzhou is bundled** (none is openly available offline). These functions
take the user's data: green polygons (their own survey, OpenStreetMap via
:func:`green_from_osm`), a land-cover raster (ESA WorldCover, Dynamic World, CLCD, GlobeLand30
with explicit classes) or NDVI.

Definitions (GB/T 50563-2010《城市园林绿化评价标准》; the national garden-city standard):

* **绿化覆盖率 (green coverage ratio)** = area of the vertical projection of all vegetation
  (trees, shrubs, grass; roof greening where the data has it) / unit area. Overlapping
  polygons never count twice: the *union* of green, not the sum.
* **绿地率 (green space ratio)** = area of land *classified* as green space (park,
  protective, square and attached green) / unit area: a land-use measure, not canopy
  (:func:`green_space_ratio`).
* **公园绿地服务半径覆盖率 (park service-radius coverage)**: parks of at least 5,000 m² serve
  500 m, parks of 2,000-5,000 m² serve 300 m (configurable); the share of the unit's land
  (or residential land) inside those service areas (:func:`park_service_coverage`).

Green space *mapped* in OpenStreetMap (parks, gardens, grass polygons) is not vegetation
cover: :func:`green_coverage` names its share 已测绘绿地占比 (``mapped_green_share``, a proxy,
not 绿化覆盖率) and the plan's targets are never compared with it as a shortfall
(:mod:`~shangcheng_geo.green.kinds`).

The base of a ratio is the whole unit (``base="unit"``, as the standard defines it), its land
(``"land"``: minus the water layer) or a built-up mask the user gives (a polygon
GeoDataFrame); the output names the base it used.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import box
>>> from shangcheng_geo import green
>>> unit = gpd.GeoDataFrame({"name": ["block"]}, geometry=[box(0, 0, 100, 100)], crs="EPSG:4549")
>>> trees = gpd.GeoDataFrame(geometry=[box(0, 0, 50, 100), box(25, 0, 75, 100)], crs="EPSG:4549")
>>> round(float(green.green_coverage(unit, trees)["green_ratio"].iloc[0]), 3)  # union: 0.75
0.75
"""

from __future__ import annotations

from ._cover import green_coverage, green_space_ratio
from ._raster import LAND_COVER
from .kinds import MAPPED_GREEN_LABEL as MAPPED_GREEN_LABEL  # the label's old path
from .kinds import overall_ratio
from .osm import (
    OSM_GREEN_TAGS,
    green_from_features,
    green_from_osm,
    green_from_osmnx,
    mapped_green_share,
)
from .service import greenway_coverage, park_service_coverage
from .targets import compare_with_plan

__all__ = [
    "LAND_COVER",
    "OSM_GREEN_TAGS",
    "compare_with_plan",
    "green_coverage",
    "green_from_features",
    "green_from_osm",
    "green_from_osmnx",
    "green_space_ratio",
    "greenway_coverage",
    "mapped_green_share",
    "overall_ratio",
    "park_service_coverage",
]
