"""Doctests of optional extras skip, saying why, when the extra is not installed.

At the repository root so that it applies to the package's doctests as well as to tests/.
"""

from __future__ import annotations

import importlib.util
import os

import pytest

# a doctest in these modules needs these packages (the extra that brings them)
_DOCTEST_EXTRAS = {
    "shangcheng_geo.maps": (("folium", "matplotlib"), "maps"),
    "shangcheng_geo.dask_engine": (("dask_geopandas",), "dask"),
    "shangcheng_geo.raster": (("rasterio",), "raster"),
    "shangcheng_geo.green._raster": (("rasterio",), "raster"),
    "shangcheng_geo.units.h3_cells": (("h3",), "h3"),
    "shangcheng_geo.access.network.graph_from_osmnx": (("osmnx",), "osm"),
}


def pytest_collection_modifyitems(config, items):
    """Doctests of an optional extra skip with the reason when the extra is missing (under
    CI=true they run and fail instead: CI installs every extra, so a missing one is a broken
    set-up)."""
    for item in items:
        if type(item).__name__ != "DoctestItem":
            continue
        for prefix, (modules, extra) in _DOCTEST_EXTRAS.items():
            if not item.name.startswith(prefix):
                continue
            missing = [m for m in modules if importlib.util.find_spec(m) is None]
            if missing and not os.environ.get("CI"):  # in CI it runs, and fails
                reason = f"needs {', '.join(missing)}: pip install '.[{extra}]'"
                item.add_marker(pytest.mark.skip(reason=reason))
