"""The embedded layers of Shangcheng District (all EPSG:4326, WGS84), as one family.

- :mod:`~shangcheng_geo.datasets.embedded`: the district and its neighbours, the river, the
  metro (stations, lines, openings), places and points of interest, and reading the user's
  files;
- :mod:`~shangcheng_geo.datasets.admin`: the subdistricts and communities (names, codes,
  and the 9 subdistrict boundaries the OSM extract closes);
- :mod:`~shangcheng_geo.datasets.osm`: OpenStreetMap layers of western Shangcheng: streets,
  green space, facilities, bus stops, community labels, metro under construction.

Every loader is reachable here (``datasets.district()``) and returns a fresh copy with its
provenance in ``attrs["provenance"]``.

>>> from shangcheng_geo import datasets
>>> datasets.district().crs.to_epsg()
4326
"""

from __future__ import annotations

from . import admin, embedded, osm
from .admin import *  # noqa: F403
from .embedded import *  # noqa: F403
from .osm import *  # noqa: F403

__all__ = [*embedded.__all__, *admin.__all__, *osm.__all__]
