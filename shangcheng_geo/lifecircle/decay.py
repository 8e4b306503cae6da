"""Distance decay for access measures: how much a facility at distance ``d`` counts.

Four named forms, each 1 at ``d = 0``, and 0 beyond ``radius_m`` (a catchment, as in the
two-step floating catchment): ``step`` (1 within the radius), ``linear`` (1 - d/r),
``exponential`` (exp(-beta d), beta default ln(100)/r so that it falls to 1 % at the radius)
and ``gaussian`` (the Gaussian of Dai 2010 used with 2SFCA: (exp(-(d/r)^2/2) - exp(-1/2)) /
(1 - exp(-1/2)), 0 at the radius).

Examples
--------
>>> from shangcheng_geo.lifecircle import decay
>>> decay.weights([0, 250, 500, 600], radius_m=500, kind="linear").tolist()
[1.0, 0.5, 0.0, 0.0]
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._errors import InputError
from .._validate import positive_metres

__all__ = ["KINDS", "weights"]

KINDS = ("step", "linear", "exponential", "gaussian")


def weights(
    distance_m: Any, *, radius_m: float, kind: str = "step", beta: float | None = None
) -> Any:
    """Decay weights for distances (metres); 0 beyond ``radius_m`` and for NaN/inf.

    Parameters
    ----------
    distance_m : array-like
        Distances in metres.
    radius_m : float
        The catchment radius.
    kind : {'step', 'linear', 'exponential', 'gaussian'}, default 'step'
        The decay form.
    beta : float, optional
        The exponential's rate per metre (default ln(100) / radius_m).

    Returns
    -------
    ndarray
        Weights in [0, 1].

    Examples
    --------
    >>> from shangcheng_geo.lifecircle import decay
    >>> decay.weights([0, 500, 501], radius_m=500).tolist()  # the radius is inclusive
    [1.0, 1.0, 0.0]
    """
    r = positive_metres(radius_m, "radius_m")
    if kind not in KINDS:
        raise InputError(f"kind must be one of {list(KINDS)}; received {kind!r}.")
    d = np.asarray(distance_m, dtype=float)
    inside = np.isfinite(d) & (d <= r)
    dd = np.where(inside, d, 0.0)
    if kind == "step":
        w = np.ones_like(dd)
    elif kind == "linear":
        w = 1.0 - dd / r
    elif kind == "exponential":
        b = np.log(100.0) / r if beta is None else positive_metres(beta, "beta")
        w = np.exp(-b * dd)
    else:
        floor = np.exp(-0.5)
        w = (np.exp(-0.5 * (dd / r) ** 2) - floor) / (1.0 - floor)
    return np.where(inside, np.clip(w, 0.0, 1.0), 0.0)
