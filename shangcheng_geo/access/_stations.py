"""Station layers inside the access model: projected once, combined with what-if stations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["combined", "station_xy", "to_metric"]


def to_metric(gdf: gpd.GeoDataFrame, what: str) -> gpd.GeoDataFrame:
    from ..crs import to_analysis_crs

    return to_analysis_crs(gdf, what)


def station_xy(gdf: gpd.GeoDataFrame) -> Any:
    return np.column_stack([gdf.geometry.x.to_numpy(), gdf.geometry.y.to_numpy()])


def combined(first: gpd.GeoDataFrame, extra: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Stations followed by what-if stations, renumbered, with their names."""
    import geopandas as gpd
    import pandas as pd

    geoms = pd.concat([first.geometry, extra.geometry], ignore_index=True)
    names = pd.concat(
        [
            first.get("name_zh", pd.Series(index=first.index, dtype=object)),
            extra["name_zh"],
        ],
        ignore_index=True,
    )
    return gpd.GeoDataFrame({"name_zh": names}, geometry=geoms.to_numpy(), crs=first.crs)
