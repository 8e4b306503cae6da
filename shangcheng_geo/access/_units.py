"""A polygon layer checked and projected once: the form every measurement of it reads.

A public function that takes ``units`` makes one :class:`Units` at its door (the checks of
:func:`require_polygons`, one projection to the analysis CRS) and hands it down; the
measurement below trusts it. The bases (``'unit'``, ``'land'``, a mask) are computed once per
layer and kept with it, so a timeline over many dates, or a map that asks for ratios and gaps
of the same units, checks, projects and cuts them once.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Units"]


class Units:
    """Units checked once: the caller's layer, its metric copy and its bases.

    Parameters
    ----------
    units : GeoDataFrame or Units
        Polygons in any CRS (a ``Units`` is returned by :meth:`of` as it is).
    what : str, default 'units'
        The layer's name in error messages.
    """

    __slots__ = ("_bases", "metric", "source")

    def __init__(self, units: Any, what: str = "units") -> None:
        from .._validate import label_column, require_geodataframe, require_polygons
        from ..crs import to_analysis_crs

        require_geodataframe(units, what)
        require_polygons(units, what, id_col=label_column(units), allow_empty=True)
        self.source = units
        self.metric = to_analysis_crs(units, what)
        self._bases: dict[Any, tuple[Any, Any, Any]] = {}

    @classmethod
    def of(cls, units: Any, what: str = "units") -> Units:
        """``units`` itself when it is already prepared, else a new one."""
        return units if isinstance(units, Units) else cls(units, what)

    @property
    def index(self) -> Any:
        return self.source.index

    def __len__(self) -> int:
        return len(self.source)

    def bases(self, base: Any, water: Any) -> Any:
        """Each unit's base geometry in the analysis CRS (computed once per base and water)."""
        from .bases import cut_bases

        key = (base if isinstance(base, str) else id(base), id(water))
        if key not in self._bases:  # keep base and water alive with their result
            self._bases[key] = (base, water, cut_bases(self.metric, base=base, water=water))
        return self._bases[key][2]
