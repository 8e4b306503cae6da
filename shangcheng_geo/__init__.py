"""shangcheng_geo: the spatial plan of Shangcheng District, Hangzhou, as measurable GIS layers.

Submodules are imported on first use, so ``import shangcheng_geo`` stays fast:

>>> import shangcheng_geo as sg
>>> sg.datasets.district().crs.to_epsg()
4326

Coordinates are EPSG:4326 in and out; metric work runs in ``sg.options.analysis_crs``
(EPSG:4549 by default). GCJ-02 (Amap, Tencent) and BD-09 (Baidu) data are converted
explicitly with :mod:`shangcheng_geo.crs`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._errors import (
    CRSError,
    DataNotAvailableError,
    DataQualityWarning,
    DatumError,
    InputError,
    MissingDependencyError,
    OutputError,
    ShangchengGeoError,
    ShangchengGeoWarning,
)
from ._lazy import alias_modules
from ._options import options, set_options
from ._version import __version__

if TYPE_CHECKING:  # the same names as _SUBMODULES and _MOVED, for type checkers
    from . import (
        access,
        cli,
        coverage,
        crs,
        dask_engine,
        datasets,
        export,
        green,
        indicators,
        lifecircle,
        maps,
        plan,
        planned,
        raster,
        scenarios,
        siting,
        transit,
        units,
    )
    from .access import bases, network
    from .green import osm as green_osm
    from .maps import report, static
    from .plan import riverfront, sites, zones

# The modules and families at the top of the package (imported on first use) ...
_SUBMODULES = (
    "access",
    "cli",
    "coverage",
    "crs",
    "dask_engine",
    "datasets",
    "export",
    "green",
    "indicators",
    "lifecircle",
    "maps",
    "plan",
    "planned",
    "raster",
    "scenarios",
    "siting",
    "transit",
    "units",
)
# ... and the modules that moved into a family, still importable by their old names.
_MOVED = {
    "bases": "access.bases",
    "network": "access.network",
    "green_osm": "green.osm",
    "report": "maps.report",
    "static": "maps.static",
    "riverfront": "plan.riverfront",
    "sites": "plan.sites",
    "zones": "plan.zones",
}
alias_modules({f"{__name__}.{old}": f"{__name__}.{new}" for old, new in _MOVED.items()})

__all__ = [
    "CRSError",
    "DataNotAvailableError",
    "DataQualityWarning",
    "DatumError",
    "InputError",
    "MissingDependencyError",
    "OutputError",
    "ShangchengGeoError",
    "ShangchengGeoWarning",
    "__version__",
    "options",
    "set_options",
    *_SUBMODULES,
    *_MOVED,
]


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES or name in _MOVED:
        return importlib.import_module(f".{_MOVED.get(name, name)}", __name__)
    raise AttributeError(f"module 'shangcheng_geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_SUBMODULES) | set(_MOVED))
