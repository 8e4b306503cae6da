"""The shapes of metro coverage in the analysis CRS: catchments per radius and gaps.

Private helpers that trust their inputs (a built access model, checked radii, units prepared
at a door); :mod:`shangcheng_geo.coverage` checks and projects, then asks these, and the map
layers ask them directly for polygons in metres.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._options import options
from .access import cells_to_polygon

if TYPE_CHECKING:
    import geopandas as gpd

    from .access.model import Access

__all__ = ["catchments_metric", "gaps_metric"]


def catchments_metric(acc: Access, rs: Sequence[float], *, extent: Any = None) -> Any:
    """The dissolved catchment of a model for each (checked) radius, in the analysis CRS."""
    import geopandas as gpd

    rows = [{"radius_m": r, "geometry": acc.covered_geometry(r, extent=extent)} for r in rs]
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=options.analysis_crs)
    out.insert(1, "n_stations", len(acc.stations))
    out.insert(2, "area_m2", out.area)
    return out


def gaps_metric(
    units: Any, acc: Access, r: float, *, base: Any, water: Any, min_area_m2: float
) -> gpd.GeoDataFrame:
    """The uncovered pieces of prepared units' bases, largest first, in the analysis CRS."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    units_m, bases = units.metric, units.bases(base, water)
    labels = list(units.index)
    pieces: list[tuple[Any, str, Any]] = []
    if acc.method == "euclidean":
        catch = acc.covered_geometry(r, extent=shapely.box(*units_m.total_bounds))
        for lab, g in zip(labels, shapely.difference(bases, catch), strict=True):
            pieces.append((lab, "uncovered", g))
    else:
        samples, d, served = acc.sample_distances(bases, cutoff_m=r)
        for k, lab in enumerate(labels):
            mine = samples.owner == k
            for kind, mask in (
                ("uncovered", mine & served & ~(d <= r)),
                ("not served by the network", mine & ~served),
            ):
                cells = cells_to_polygon(samples.ij[mask], acc.cell_m)
                pieces.append((lab, kind, shapely.intersection(cells, bases[k])))
    frame = gpd.GeoDataFrame(
        {"unit": [p[0] for p in pieces], "kind": [p[1] for p in pieces]},
        geometry=[p[2] for p in pieces],
        crs=units_m.crs,
    ).explode(index_parts=False)
    frame = frame[~frame.is_empty & frame.geom_type.isin(["Polygon", "MultiPolygon"])]
    frame["area_m2"] = frame.area
    frame = frame[frame["area_m2"] > min_area_m2]
    frame = frame.sort_values("area_m2", ascending=False, ignore_index=True)
    frame["rank"] = pd.array(range(1, len(frame) + 1), dtype="int64")
    return frame
