"""The plan's layers, with no analysis: structure and versions, zones, the riverfront, sites.

- :mod:`~shangcheng_geo.plan.layout`: the plan versions (一轴双核五星; 三核五片区).
- :mod:`~shangcheng_geo.plan.zones`: reading and checking zone drawings.
- :mod:`~shangcheng_geo.plan.riverfront`: the 19 km axis and its corridor.
- :mod:`~shangcheng_geo.plan.sites`: the future-community sites and key projects.
- :mod:`~shangcheng_geo.plan.greenways`: the plan's greenways, indicative where located.

Loaded on first use; the names of ``layout`` are reachable here:

>>> from shangcheng_geo import plan
>>> len(plan.structure("14th"))  # the axis, two cores and five stars
8
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import attach

if TYPE_CHECKING:
    from . import greenways, layout, riverfront, sites, zones
    from ._plan_data import INDICATORS, titled
    from .layout import *  # noqa: F403

# offered to the other families: the plan's indicators (as the documents state them) and the
# document titles their citations are written with
__getattr__, __dir__ = attach(
    __name__,
    main="layout",
    submodules=("greenways", "riverfront", "sites", "zones"),
    offered={"INDICATORS": "_plan_data", "titled": "_plan_data"},
)
