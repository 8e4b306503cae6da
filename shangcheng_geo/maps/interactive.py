"""Interactive Folium maps: plan structure, metro coverage, green coverage (``maps`` extra).

Every function returns a :class:`folium.Map` and takes ``m=`` to draw onto an existing one.
Maps carry a title with the headline figure, a layer control with Chinese and English names,
legends for the layers present and colour bars in %, zone labels, the river and the district
outline, a scale bar and the data attributions. Pages are self-contained by default
(``assets='inline'``: Leaflet is written into the page, so it renders with no internet);
``assets='cdn'`` gives a smaller page that loads Leaflet online.

**Basemaps and datums.** ``tiles`` names one or more basemaps: ``"light"`` (CartoDB Positron)
and ``"osm"`` (OpenStreetMap) by default; ``"amap"`` and ``"tencent"`` are GCJ-02 basemaps, so
every overlay is shifted to GCJ-02 (:func:`shangcheng_geo.crs.to_datum`) to line up with them
-- never the basemap to WGS84; ``"tianditu"`` (CGCS2000, within a metre of WGS84) reads its
key from the ``TIANDITU_KEY`` environment variable; a local tile server is a dict with its URL
template and datum (see :func:`base_map`). ``tiles=None`` draws no basemap (a grey background
with the river and the district: the look for an intranet without a tile server).
A map cannot mix WGS84 and GCJ-02 basemaps: the overlays can only line up with one.

**Web weight.** Geometries are simplified for display with a tolerance in metres
(``simplify_m``) and coordinates rounded to 1e-6 degrees (~0.1 m).

Examples
--------
>>> from shangcheng_geo import maps
>>> m = maps.plan_map("14th", tiles=None)
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

from ._basemap import base_map
from ._mapkit import BASEMAPS
from .coverage_view import coverage_map
from .green_view import green_map
from .plan_view import plan_map

__all__ = ["BASEMAPS", "base_map", "coverage_map", "green_map", "plan_map"]
