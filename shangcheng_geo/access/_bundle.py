"""The access model's options as one object (the bundle every coverage question passes on)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .._validate import positive_metres
from .network import DEFAULT_MAX_SNAP_M

__all__ = ["DEFAULT_CELL_M", "DEFAULT_WALK_SPEED_M_S", "ModelOptions", "walk_minutes"]

DEFAULT_CELL_M = 10.0
# FHWA-RD-98-107 (1998), the pedestrian chapter's procedures for the Highway Capacity Manual:
# 1.2 m/s for most conditions, 1.0 m/s where older pedestrians are many (pass that for 一老)
DEFAULT_WALK_SPEED_M_S = 1.2


def walk_minutes(distance_m: Any, walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S) -> Any:
    """Walking minutes for distances in metres: ``distance_m / walk_speed_m_s / 60``.

    Metres stay the unit of every stored distance; minutes are derived from them, never the
    other way round (NaN and inf pass through).

    Parameters
    ----------
    distance_m : float or array
        Distances in metres.
    walk_speed_m_s : float, default 1.2
        Walking speed (FHWA-RD-98-107's 1.2 m/s for most conditions; 1.0 m/s where older
        pedestrians are many).

    Returns
    -------
    float or ndarray
        Minutes.

    Examples
    --------
    >>> from shangcheng_geo.access import walk_minutes
    >>> walk_minutes(1080.0), walk_minutes(900.0, walk_speed_m_s=1.0)
    (15.0, 15.0)
    """
    import numpy as np

    speed = positive_metres(walk_speed_m_s, "walk_speed_m_s")
    out = np.asarray(distance_m, dtype=float) / speed / 60.0
    return float(out) if out.ndim == 0 else out


@dataclass(frozen=True)
class ModelOptions:
    """The access model's options, declared once: what every question about coverage,
    gaps, timelines and what-ifs passes on to its :class:`Access`.

    Functions that take these as keywords use these defaults (a test checks each one) and
    hand them to :func:`resolve` unchanged.

    Parameters
    ----------
    as_of : date or ISO str, optional
        Only stations open on that day.
    method : {'euclidean', 'network'}, default 'euclidean'
        Straight line or walking along ``network``.
    network : networkx graph or WalkNetwork, optional
        The walking network for ``method='network'``.
    max_snap_m : float, default 250
        Longest access leg between a location (or station) and its nearest edge.
    cell_m : float, default 10
        Side of the sample cells for walking coverage of areas.
    walk_speed_m_s : float, default 1.2
        Walking speed that turns metres into the minutes reported beside them
        (:func:`walk_minutes`); distances are measured and stored in metres.

    Examples
    --------
    >>> from shangcheng_geo.access import ModelOptions
    >>> ModelOptions(method="network").given()
    ['method']
    """

    as_of: Any = None
    method: str = "euclidean"
    network: Any = None
    max_snap_m: float = DEFAULT_MAX_SNAP_M
    cell_m: float = DEFAULT_CELL_M
    walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S

    def given(self) -> list[str]:
        """The options set to something other than their default.

        Returns
        -------
        list of str
            Their names, in declaration order.

        Examples
        --------
        >>> from shangcheng_geo.access import ModelOptions
        >>> ModelOptions(as_of="2025-12-31", cell_m=5).given()
        ['as_of', 'cell_m']
        """
        default = ModelOptions()
        return [
            f.name
            for f in fields(self)
            if getattr(self, f.name) is not getattr(default, f.name)
            and getattr(self, f.name) != getattr(default, f.name)
        ]

    def as_kwargs(self) -> dict[str, Any]:
        """The options as keywords of :class:`Access` (the network is not copied).

        Returns
        -------
        dict
            ``{name: value}`` for every option.

        Examples
        --------
        >>> from shangcheng_geo.access import ModelOptions
        >>> ModelOptions().as_kwargs()["method"]
        'euclidean'
        """
        return {f.name: getattr(self, f.name) for f in fields(self)}
