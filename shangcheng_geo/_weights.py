"""Weight inputs for coverage by weights: points with a weight column (residents, jobs)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._errors import InputError

__all__ = ["point_weights", "weighted_columns"]


def point_weights(weights: Any, weight_col: str | None) -> tuple[Any, Any]:
    """Validated weight points: (the layer, the weights as floats).

    Refuses a missing layer or column, non-numeric, NaN, infinite or negative weights, and
    non-point or empty geometries, each with what was received and the fix.
    """
    import pandas as pd

    from ._validate import require_geodataframe

    if weights is None:
        raise InputError(
            "base='weights' needs weights= (a point GeoDataFrame, e.g. buildings or residents) "
            "and weight_col= (the column of weights)."
        )
    require_geodataframe(weights, "weights")
    if weight_col is None or weight_col not in weights.columns:
        raise InputError(
            f"base='weights' needs weight_col naming a numeric column of weights; received "
            f"{weight_col!r}, columns: {list(weights.columns)}."
        )
    col = weights[weight_col]
    if not (pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)):
        raise InputError(
            f"weights column {weight_col!r} must be numeric; it has dtype {col.dtype}. Convert "
            "it with pd.to_numeric(...) first."
        )
    w = col.to_numpy(dtype=float)
    nan, inf, neg = np.isnan(w), np.isinf(w), w < 0
    if nan.any() or inf.any() or neg.any():
        raise InputError(
            f"weights column {weight_col!r} has {int(nan.sum())} NaN, {int(inf.sum())} infinite "
            f"and {int(neg.sum())} negative value(s); fill or drop them first."
        )
    geoms = weights.geometry
    bad = geoms.isna() | geoms.is_empty | ~(geoms.geom_type == "Point")
    if bad.any():
        raise InputError(
            f"weights must be non-empty points (e.g. building centroids, residents); "
            f"{int(bad.sum())} row(s) are not. Drop them or use their centroids."
        )
    return weights, w


def weighted_columns(
    acc: Any, units_m: Any, rs: list[float], weights: Any, weight_col: Any
) -> dict[str, Any]:
    """Coverage columns by weights for an access model ``acc``: weight points (either
    method) or a raster (straight line), for units in the analysis CRS."""
    import shapely

    from ._geom import is_raster, safe_ratio
    from ._validate import radius_suffix
    from .crs import to_analysis_crs

    sfx = (lambda r: "") if len(rs) == 1 else (lambda r: f"_{radius_suffix(r)}")
    cols: dict[str, Any] = {}
    if is_raster(weights):
        if acc.method != "euclidean":
            raise InputError(
                "walking coverage by a raster of weights is not supported; give the "
                "weights as points (e.g. the raster's cell centres with their values)."
            )
        from .raster import zonal_sums

        cells = units_m[[units_m.geometry.name]]
        whole = zonal_sums(cells, weights)
        totals = whole["value_sum"].to_numpy()
        cols["base_weight"] = totals
        total = (whole["valid_weight"] + whole["nodata_weight"]).to_numpy()
        cols["nodata_share"] = safe_ratio(whole["nodata_weight"].to_numpy(), total)
        extent = shapely.box(*units_m.total_bounds)
        for r in rs:
            cut = shapely.intersection(
                units_m.geometry.values, acc.covered_geometry(r, extent=extent)
            )
            covered = zonal_sums(cells, weights, geometries=cut)["value_sum"].to_numpy()
            cols[f"covered_weight{sfx(r)}"] = covered
            cols[f"coverage_ratio{sfx(r)}"] = np.clip(safe_ratio(covered, totals), 0, 1)
        return cols
    from ._weights import point_weights

    layer, w = point_weights(weights, weight_col)
    pts = to_analysis_crs(layer, "weights").geometry.values
    unit_idx, pt_idx = shapely.STRtree(pts).query(units_m.geometry.values, predicate="intersects")
    k = len(units_m)
    totals = np.bincount(unit_idx, weights=w[pt_idx], minlength=k)
    cols["base_weight"] = totals
    xy = np.column_stack([shapely.get_x(pts[pt_idx]), shapely.get_y(pts[pt_idx])])
    if len(xy):
        d, _, served = acc.distance_xy(xy, limit_m=max(rs))
    else:
        d, served = np.zeros(0), np.zeros(0, bool)
    if acc.method == "network":
        lost = np.bincount(unit_idx, weights=w[pt_idx] * ~served, minlength=k)
        cols["not_served_weight"] = lost
        cols["not_served_share"] = safe_ratio(lost, totals)
    for r in rs:
        covered = np.bincount(unit_idx, weights=w[pt_idx] * (d <= r), minlength=k)
        cols[f"covered_weight{sfx(r)}"] = covered
        cols[f"coverage_ratio{sfx(r)}"] = safe_ratio(covered, totals)
    return cols
