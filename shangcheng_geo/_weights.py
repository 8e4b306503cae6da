"""Weight inputs for coverage by weights: points with a weight column (residents, jobs)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._errors import InputError

__all__ = ["point_weights", "weight_values"]


def weight_values(col: Any, weight_col: str) -> Any:
    """A weight column as floats, refusing non-numeric, NaN, infinite and negative values."""
    import pandas as pd

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
    return w


def point_weights(weights: Any, weight_col: str | None) -> tuple[Any, Any]:
    """Validated weight points: (the layer, the weights as floats).

    Refuses a missing layer or column, non-numeric, NaN, infinite or negative weights, and
    non-point or empty geometries, each with what was received and the fix.
    """

    from ._validate import require_geodataframe, require_points

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
    w = weight_values(weights[weight_col], weight_col)
    require_points(
        weights, "weights", "Drop them, or use their centroids (e.g. of buildings, residents)."
    )
    return weights, w
