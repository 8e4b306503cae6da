"""What a planner looks at and hands in: interactive maps, print maps and the report.

:mod:`~shangcheng_geo.maps.interactive` makes the Folium maps; :mod:`~shangcheng_geo.maps.static`
the print maps (PNG, PDF, SVG); :mod:`~shangcheng_geo.maps.report` the review-meeting report.
``_mapkit`` holds the shared building blocks and ``_mapassets`` the inlined Leaflet. Loaded on
first use; the names of ``interactive`` are reachable here (``from shangcheng_geo.maps import
coverage_map``).
>>> from shangcheng_geo.maps import BASEMAPS
>>> "osm" in BASEMAPS
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from . import interactive, lifecircle_view, report, static
    from .interactive import *  # noqa: F403
    from .lifecircle_view import *  # noqa: F403

__getattr__, __dir__ = attach(
    __name__, main=("interactive", "lifecircle_view"), submodules=("report", "static")
)
