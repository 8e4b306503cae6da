"""The access model's options as one object (the bundle every coverage question passes on)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .network import DEFAULT_MAX_SNAP_M

__all__ = ["DEFAULT_CELL_M", "ModelOptions"]

DEFAULT_CELL_M = 10.0


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
