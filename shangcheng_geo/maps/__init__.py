"""What a planner looks at and hands in: interactive maps, print maps and the report.

One room per map: :mod:`~shangcheng_geo.maps.plan_view` (the plan structure),
:mod:`~shangcheng_geo.maps.coverage_view` (metro coverage), :mod:`~shangcheng_geo.maps.green_view`
(green coverage) and :mod:`~shangcheng_geo.maps.lifecircle_view` (a life-circle category) make
the Folium maps, each on the empty map of ``_basemap``; :mod:`~shangcheng_geo.maps.interactive`
gathers them (and ``base_map``) under their first name. :mod:`~shangcheng_geo.maps.static` makes
the print maps (PNG, PDF, SVG) on the page of ``_printkit``; :mod:`~shangcheng_geo.maps.report`
the review-meeting report; ``_writers`` gives these writers one order, what then where.
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
    from . import (
        coverage_view,
        green_view,
        interactive,
        lifecircle_view,
        plan_view,
        report,
        static,
    )
    from .interactive import *  # noqa: F403
    from .lifecircle_view import *  # noqa: F403

__getattr__, __dir__ = attach(
    __name__,
    main=("interactive", "lifecircle_view"),
    submodules=("coverage_view", "green_view", "plan_view", "report", "static"),
)
