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
    ShangchengGeoError,
    ShangchengGeoWarning,
)
from ._options import options, set_options
from ._version import __version__

if TYPE_CHECKING:
    from . import (
        access,
        bases,
        cli,
        coverage,
        crs,
        dask_engine,
        datasets,
        export,
        green,
        green_osm,
        indicators,
        maps,
        network,
        plan,
        raster,
        report,
        riverfront,
        scenarios,
        sites,
        siting,
        static,
        transit,
        units,
        zones,
    )

__all__ = [
    "CRSError",
    "DataNotAvailableError",
    "DataQualityWarning",
    "DatumError",
    "InputError",
    "MissingDependencyError",
    "ShangchengGeoError",
    "ShangchengGeoWarning",
    "__version__",
    "access",
    "bases",
    "cli",
    "coverage",
    "crs",
    "dask_engine",
    "datasets",
    "export",
    "green",
    "green_osm",
    "indicators",
    "maps",
    "network",
    "options",
    "plan",
    "raster",
    "report",
    "riverfront",
    "scenarios",
    "set_options",
    "sites",
    "siting",
    "static",
    "transit",
    "units",
    "zones",
]

_SUBMODULES = {
    "access",
    "bases",
    "cli",
    "coverage",
    "crs",
    "dask_engine",
    "datasets",
    "export",
    "green",
    "green_osm",
    "indicators",
    "maps",
    "network",
    "plan",
    "raster",
    "report",
    "riverfront",
    "scenarios",
    "sites",
    "siting",
    "static",
    "transit",
    "units",
    "zones",
}


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'shangcheng_geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _SUBMODULES)
