"""Life circles (生活圈): how far every place is from the everyday facilities the plan
promises, by the Chinese standards, on the access model.

- :mod:`~shangcheng_geo.lifecircle.standards`: GB 50180-2018 and TD/T 1062-2021 presets
  (tiers, distances, clauses; unverified values marked);
- :mod:`~shangcheng_geo.lifecircle.measures`: :func:`facility_coverage`, :func:`nearest`,
  :func:`two_step_fca`;
- :mod:`~shangcheng_geo.lifecircle.scoring`: :func:`scorecard`, per unit or site and tier,
  the required types reached and pass or fail, with 一老一小 on its own line;
- :mod:`~shangcheng_geo.lifecircle.decay`: distance decay forms;
- :mod:`~shangcheng_geo.lifecircle.facilities`: the standard's categories from the data's
  classes (the embedded OSM facilities of western Shangcheng);
- :mod:`~shangcheng_geo.lifecircle.pois`: :func:`read_pois`, the planner's own Amap/Gaode or
  Baidu POI exports and GIS layers, in WGS84 and in the standard's categories.

Loaded on first use; the names of ``measures``, ``scoring`` and ``pois`` are reachable here:

>>> from shangcheng_geo.lifecircle import standards
>>> standards.TIERS["10min"]["distance_m"]
500.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from . import decay, facilities, measures, pois, scoring, standards
    from .measures import *  # noqa: F403
    from .pois import *  # noqa: F403
    from .scoring import *  # noqa: F403

__getattr__, __dir__ = attach(
    __name__,
    main=("measures", "scoring", "pois"),
    submodules=("decay", "facilities", "standards"),
)
