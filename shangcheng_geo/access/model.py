"""The access model: open stations, a distance rule, and how far each place is from a station.

An :class:`Access` is built once -- the stations open on a date, and the method: straight
line, or walking along a network with its parameters -- and then asked questions: the
distance of points (:meth:`Access.distances`), the covered share of units
(:meth:`Access.coverage`), the covered area as a polygon (:meth:`Access.covered_geometry`),
the same on another date (:meth:`Access.on`) or with more stations (:meth:`Access.with_stations`).
:mod:`shangcheng_geo.coverage` and :mod:`shangcheng_geo.siting` are questions asked of it.

**Straight line** (``method="euclidean"``): distance to the nearest station; catchments are
circles (256-gons, :mod:`shangcheng_geo._geom`), areas exact.

**Walking** (``method="network"``): a location's walking distance to the nearest open station
is

* its **access leg** -- the straight line to the foot on its nearest walkable edge of the
  *connected* network (pieces cut off from the rest with under ``min_component_m`` of street,
  5 km by default, are not snapped to: :func:`~shangcheng_geo.network.prepare`); a location
  farther than ``max_snap_m`` (default 250 m) from every edge is *not served by the network*
  (reported as such, not as uncovered);
* plus the **network distance** from that foot: along the edge to either end, then the
  shortest path (edge ``length`` in metres), or along the edge directly to a station on it;
* plus the **station's access leg** to its own nearest edge, also at most ``max_snap_m``:
  a station farther from every edge contributes nothing (named in a warning).

Every leg is a straight line and every edge at least as long as the line between its ends,
so walking distance is never shorter than straight-line distance: walking coverage never
exceeds straight-line coverage. Distances equal to the radius count as reached. Covered land
is measured on cell centres of a ``cell_m`` lattice (10 m; error bound in ``_sampling``).

Examples
--------
>>> import geopandas as gpd; from shapely.geometry import LineString, Point, box
>>> from shangcheng_geo import access, network
>>> street = gpd.GeoDataFrame(geometry=[LineString([(-5000, 0), (5000, 0)])], crs=4549)
>>> G = network.graph_from_lines(street)
>>> station = gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549)
>>> acc = access.Access(station, method="network", network=G)
>>> acc.distances(gpd.GeoDataFrame(geometry=[Point(300, 40)], crs=4549))["distance_m"].tolist()
[340.0]
>>> unit = gpd.GeoDataFrame(geometry=[box(-2000, -250, 2000, 250)], crs=4549)
>>> cov = acc.coverage(unit, base="unit")  # the band |y| <= min(250, 800 - |x|)
>>> round(float(cov["covered_m2"].iloc[0]) / 1e6, 3)  # exact 0.675 km², on 10 m cells:
0.68
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

import numpy as np

from .._dates import parse_date
from .._errors import InputError
from .._geom import circles, near_box, point_xy
from .._options import DEFAULT_CUTOFF_M, STATION_RADIUS_M, options
from .._validate import one_radius, positive_metres
from ._bundle import DEFAULT_CELL_M, DEFAULT_WALK_SPEED_M_S, ModelOptions, walk_minutes
from ._sampling import Samples, cells_to_polygon, sample_polygons
from ._stations import combined, station_xy, to_metric
from ._walk import Walker
from .bases import BASES
from .network import DEFAULT_MAX_SNAP_M, prepare

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd


__all__ = [
    "BASES",
    "DEFAULT_CELL_M",
    "DEFAULT_MAX_SNAP_M",
    "DEFAULT_WALK_SPEED_M_S",
    "METHODS",
    "Access",
    "ModelOptions",
    "walk_minutes",
]

log = logging.getLogger(__name__)

METHODS = ("euclidean", "network")
EMBEDDED_STREETS = (
    "the embedded OpenStreetMap streets of western Shangcheng (© OpenStreetMap contributors, "
    "2026-05-08; they stop at about 120.21 E, so the east is not served by them)"
)
NO_NETWORK = (
    "walking needs a network: build one with shangcheng_geo.network.graph_from_osm("
    "'file.osm.pbf'), graph_from_lines(road_lines), pass an OSMnx graph, or use the embedded "
    "streets of western Shangcheng (shangcheng_geo.datasets.streets())."
)


class Access:
    """Open stations plus a distance rule, built once and asked many questions.

    Parameters
    ----------
    stations : GeoDataFrame, optional
        Station points in any CRS; default every placed Hangzhou Metro station.
    as_of : date or ISO str, optional
        Only stations open on that day (needs an ``opened`` column); unknown dates are
        named in a warning and left out.
    method : {'euclidean', 'network'}, default 'euclidean'
        Straight-line distance, or walking distance along ``network`` (module notes).
    network : networkx graph or WalkNetwork, optional
        The walking network for ``method='network'`` (OSMnx conventions, any CRS); default
        the embedded streets of western Shangcheng (:func:`shangcheng_geo.datasets.streets`),
        which do not reach the east: land beyond them is reported as not served.
    max_snap_m : float, default 250
        Longest access leg walked between a location (or station) and its nearest edge.
    cell_m : float, default 10
        Side of the sample cells for walking coverage of areas.
    walk_speed_m_s : float, default 1.2
        Walking speed for the minutes reported beside metres (:func:`walk_minutes`).

    Attributes
    ----------
    stations : GeoDataFrame
        The open stations in the analysis CRS (a copy).
    method, as_of, max_snap_m, cell_m
        As given (``as_of`` as a Timestamp or None).
    sampled : bool
        Whether areas are measured on sample cells (walking, and :meth:`straight_line`)
        rather than exactly.
    network : WalkNetwork or None
        The prepared network.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import access, datasets
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # a station without an opening date is named
    ...     acc = access.Access(as_of="2025-12-31")
    >>> cov = acc.coverage(datasets.district(), radius_m=[500, 800])
    >>> round(float(cov["coverage_ratio_800"].iloc[0]), 3)
    0.61
    """

    def __init__(
        self,
        stations: gpd.GeoDataFrame | None = None,
        *,
        as_of: Any = None,
        method: str = "euclidean",
        network: Any = None,
        max_snap_m: float = DEFAULT_MAX_SNAP_M,
        cell_m: float = DEFAULT_CELL_M,
        walk_speed_m_s: float = DEFAULT_WALK_SPEED_M_S,
    ) -> None:
        from .. import datasets
        from ..transit import open_stations

        if method not in METHODS:
            raise InputError(f"method must be one of {list(METHODS)}; received {method!r}.")
        if network is not None and method != "network":
            raise InputError("network= is only used with method='network'; pass one or the other.")
        self.network_source = None
        if method == "network" and network is None:  # the embedded streets of the west
            network = datasets.streets()
            self.network_source = EMBEDDED_STREETS
            log.info("method='network' without network=: %s", EMBEDDED_STREETS)
        elif method == "network":
            self.network_source = "the caller's network"
        self.method = method
        self.as_of = None if as_of is None else parse_date(as_of)
        self.max_snap_m = positive_metres(max_snap_m, "max_snap_m", allow_inf=True)
        self.cell_m = positive_metres(cell_m, "cell_m")
        self.walk_speed_m_s = positive_metres(walk_speed_m_s, "walk_speed_m_s")
        layer = open_stations(stations)  # checked once; each date only filters it
        self._layer = layer
        self._layer_m = to_metric(layer, "stations")  # projected once
        self._extra_m: gpd.GeoDataFrame | None = None  # what-if stations, kept on every date
        self.stations = self._open_m(as_of, report=True)
        self.network = prepare(network) if method == "network" else None
        self._shared: dict[str, Any] = {}  # sample grids and their snaps, shared by siblings
        self._walker: Any = None
        self.sampled = self.method == "network"
        if self.network is not None:
            self._walker_for_stations()

    def __repr__(self) -> str:
        day = "any date" if self.as_of is None else str(self.as_of.date())
        how = "straight line" if self.method == "euclidean" else "walking"
        return f"<Access: {len(self.stations)} stations open on {day}, {how}>"

    # ------------------------------------------------------------------ siblings

    def _sibling(
        self, stations_m: gpd.GeoDataFrame, as_of: Any, method: str | None = None
    ) -> Access:
        new = object.__new__(Access)
        new.__dict__.update(self.__dict__)
        new.stations = stations_m
        new.as_of = as_of
        if method is not None:
            new.method = method
        if new.method == "network":
            new._walker_for_stations()
        return new

    def _open_m(self, as_of: Any, *, report: bool) -> gpd.GeoDataFrame:
        """The stations open on ``as_of`` (all when None) in the analysis CRS, plus the
        what-if stations of :meth:`with_stations`."""
        from ..transit import is_open

        layer_m = self._layer_m
        if as_of is not None:
            layer_m = layer_m[is_open(self._layer, as_of, report=report).to_numpy()]
        if self._extra_m is None:
            return layer_m.copy()
        return combined(layer_m, self._extra_m)

    def on(self, as_of: Any, *, report: bool = True) -> Access:
        """The same model on another date (stations re-filtered, network and samples shared).

        Parameters
        ----------
        as_of : date or ISO str
            The new date.
        report : bool, default True
            Warn about stations of unknown status on that date (a timeline warns once).

        Returns
        -------
        Access
            A new model; this one is unchanged.

        Examples
        --------
        >>> import warnings
        >>> from shangcheng_geo import access
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     acc = access.Access(as_of="2025-12-31")
        ...     len(acc.on("2012-12-31").stations) < len(acc.stations)
        True
        """
        day = parse_date(as_of)
        return self._sibling(self._open_m(day, report=report), day)

    def straight_line(self) -> Access:
        """The same stations by straight-line distance, measured on the same sample cells.

        For comparisons with walking: both ratios then come from the same cells, so their
        difference is the effect of walking alone (never negative).

        Returns
        -------
        Access
            A straight-line model that measures areas on this model's ``cell_m`` cells.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely.geometry import Point
        >>> from shangcheng_geo import access
        >>> acc = access.Access(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549))
        >>> acc.straight_line().method
        'euclidean'
        """
        new = self._sibling(self.stations, self.as_of, method="euclidean")
        new.sampled = True
        return new

    def using(self, stations: gpd.GeoDataFrame) -> Access:
        """The same model measuring from other points (network, samples and snaps shared).

        For questions with several kinds of destination (a life circle's facility types):
        the sample cells and their snaps are made once and shared by every kind.

        Parameters
        ----------
        stations : GeoDataFrame
            Points in any CRS.

        Returns
        -------
        Access
            A new model whose stations are ``stations`` (no date filter).

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely.geometry import Point
        >>> from shangcheng_geo import access
        >>> one = gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549)
        >>> other = gpd.GeoDataFrame(geometry=[Point(9, 9), Point(5, 5)], crs=4549)
        >>> len(access.Access(one).using(other).stations)
        2
        """
        from ..transit import candidate_points

        return self._sibling(to_metric(candidate_points(stations), "points").copy(), None)

    def with_stations(self, extra: gpd.GeoDataFrame) -> Access:
        """The same model with more stations (a what-if), network and samples shared.

        Parameters
        ----------
        extra : GeoDataFrame
            Points in any CRS (see :func:`shangcheng_geo.transit.candidate_points`).

        Returns
        -------
        Access
            A new model whose stations are this one's plus ``extra``.

        Examples
        --------
        >>> import geopandas as gpd; from shapely.geometry import Point
        >>> from shangcheng_geo import access
        >>> one, two = (gpd.GeoDataFrame(geometry=[Point(x, x)], crs=4549) for x in (0, 9))
        >>> acc = access.Access(one).with_stations(two)
        >>> len(acc.stations), len(acc.candidates)
        (2, 1)
        """
        import geopandas as gpd
        import pandas as pd

        from ..transit import candidate_points

        add = to_metric(candidate_points(extra), "candidates")
        names = pd.Series([f"candidate {i}" for i in range(len(add))], dtype=object)
        add = gpd.GeoDataFrame({"name_zh": names}, geometry=add.geometry.to_numpy(), crs=add.crs)
        new = self._sibling(combined(self.stations, add), self.as_of)
        new._extra_m = add if self._extra_m is None else combined(self._extra_m, add)
        return new

    @property
    def candidates(self) -> gpd.GeoDataFrame:
        """The what-if stations of :meth:`with_stations` (analysis CRS; none: empty)."""
        return self.stations.iloc[:0] if self._extra_m is None else self._extra_m

    # ------------------------------------------------------------------ distances

    @property
    def n_used(self) -> int:
        """How many stations the model measures from (walking: those within ``max_snap_m``
        of an edge)."""
        return len(self.stations) if self._walker is None else len(self._walker.used)

    def _walker_for_stations(self) -> None:

        if self.network is None:
            raise InputError(NO_NETWORK)
        st = self.stations
        names = st["name_zh"] if "name_zh" in st.columns else st.index.to_series()
        self._walker = Walker(
            self.network, station_xy(st), names.to_numpy(), st.crs, self.max_snap_m
        )
        if n_far := len(st) - len(self._walker.used):
            log.info("%d station(s) farther than max_snap_m from the network are not used", n_far)

    def _network_snap(self, xy: Any, key: str | None = None) -> Any:
        if key is not None and key in self._shared:
            return self._shared[key]
        snap = self._walker.net.snap(self._walker.to_net(xy), max_snap_m=self.max_snap_m)
        if key is not None:
            self._shared[key] = snap
        return snap

    def distance_xy(self, xy: Any, *, cutoff_m: float = DEFAULT_CUTOFF_M) -> tuple[Any, Any, Any]:
        """Distances for coordinates: the array form of :meth:`distances`.

        Parameters
        ----------
        xy : array of shape (n, 2)
            Coordinates in the analysis CRS.
        cutoff_m : float, default 5000
            Walking: the search radius (farther is ``inf``).

        Returns
        -------
        tuple of arrays
            ``distance`` (NaN where not served), ``station`` (position in
            :attr:`stations`, -1 if none) and ``served``.

        Examples
        --------
        >>> import geopandas as gpd, numpy as np
        >>> from shapely.geometry import Point
        >>> from shangcheng_geo import access
        >>> acc = access.Access(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549))
        >>> acc.distance_xy(np.array([[3.0, 4.0]]))[0].tolist()
        [5.0]
        """
        return self._distance_xy(np.asarray(xy, dtype=float).reshape(-1, 2), cutoff_m)

    def sample_distances(
        self, bases: Any, *, cutoff_m: float = DEFAULT_CUTOFF_M
    ) -> tuple[Samples, Any, Any]:
        """Distances at the centres of the ``cell_m`` cells inside each base geometry.

        Sample cells and (walking) their snaps are kept and shared with the models made by
        :meth:`on`, :meth:`with_stations` and :meth:`straight_line`.

        Parameters
        ----------
        bases : array of shapely polygons
            In the analysis CRS (see :func:`base_geometries`).
        cutoff_m : float, default 5000
            Walking: the search radius.

        Returns
        -------
        tuple
            The samples (``xy``, lattice ``ij``, ``owner`` = position of the base), their
            distances (NaN where not served) and the served mask.

        Examples
        --------
        >>> import geopandas as gpd, numpy as np
        >>> from shapely.geometry import Point, box
        >>> from shangcheng_geo import access
        >>> acc = access.Access(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549), cell_m=50)
        >>> samples, d, served = acc.sample_distances(np.array([box(0, 0, 100, 100)]), cutoff_m=500)
        >>> len(samples.xy), round(float(d.min()), 2)
        (4, 35.36)
        """
        samples, key = self._samples(np.asarray(bases))
        d, _, served = self._distance_xy(samples.xy, cutoff_m, key=f"snap:{key}")
        return samples, d, served

    def _distance_xy(self, xy: Any, cutoff_m: float, key: str | None = None) -> tuple[Any, ...]:
        """(distance, station position or -1, served) for points in the analysis CRS."""
        n, cutoff_m = len(xy), positive_metres(cutoff_m, "cutoff_m", allow_inf=True)
        if self.method == "euclidean":
            if len(self.stations) == 0:
                return np.full(n, np.inf), np.full(n, -1), np.ones(n, bool)
            from scipy.spatial import cKDTree

            d, idx = cKDTree(station_xy(self.stations)).query(xy, workers=-1)
            return d, idx.astype(np.int64), np.ones(n, bool)
        return self._walker.at(self._network_snap(xy, key), cutoff_m)

    def distances(
        self, points: gpd.GeoDataFrame, *, cutoff_m: float = DEFAULT_CUTOFF_M
    ) -> pd.DataFrame:
        """Distance from each point to the nearest open station, and which station.

        Parameters
        ----------
        points : GeoDataFrame
            Points (other geometries use their representative point) in any CRS.
        cutoff_m : float, default 5000
            Walking: distances beyond this are ``inf`` (the search stops there). Straight
            line has no cutoff.

        Returns
        -------
        DataFrame
            Aligned to ``points``: ``distance_m`` (NaN where not served by the network),
            ``walk_min`` (the same in minutes at :attr:`walk_speed_m_s`), ``station``
            (position in :attr:`stations`, -1 if none reached) and ``served``.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely.geometry import Point
        >>> from shangcheng_geo import access
        >>> acc = access.Access(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549))
        >>> d = acc.distances(gpd.GeoDataFrame(geometry=[Point(30, 40)], crs=4549))
        >>> float(d["distance_m"].iloc[0]), int(d["station"].iloc[0])
        (50.0, 0)
        >>> round(float(d["walk_min"].iloc[0]), 3)  # 50 m at 1.2 m/s
        0.694
        """
        import pandas as pd

        from ..crs import require_crs

        xy = point_xy(points.geometry.values, require_crs(points, "points"), options.analysis_crs)
        d, pos, served = self._distance_xy(xy, cutoff_m)
        minutes = walk_minutes(d, self.walk_speed_m_s)
        return pd.DataFrame(
            {"distance_m": d, "walk_min": minutes, "station": pos, "served": served},
            index=points.index,
        )

    # ------------------------------------------------------------------ areas

    def _samples(self, bases: Any) -> tuple[Samples, str]:
        import shapely

        digest = hashlib.sha1(b"".join(shapely.to_wkb(bases).tolist()), usedforsecurity=False)
        key = f"samples:{self.cell_m}:{digest.hexdigest()}"
        if key not in self._shared:
            self._shared[key] = sample_polygons(bases, self.cell_m)
        return self._shared[key], key

    def _circles(self, radius: float, extent: Any) -> Any:
        import shapely

        st = self.stations
        if len(st) == 0:
            return shapely.Polygon()
        keep = slice(None) if extent is None else near_box(station_xy(st), extent.bounds, radius)
        return shapely.union_all(circles(st.geometry.values[keep], radius))

    def coverage(
        self,
        units: gpd.GeoDataFrame,
        *,
        radius_m: Any = STATION_RADIUS_M,
        base: str = "land",
        water: gpd.GeoDataFrame | None = None,
        weights: Any = None,
        weight_col: str | None = None,
    ) -> gpd.GeoDataFrame:
        """The share of each unit's base within ``radius_m`` of an open station.

        Parameters
        ----------
        units : GeoDataFrame
            Polygons in any CRS.
        radius_m : float or list of float, default 800
            One radius, or several in one pass.
        base : {'land', 'unit', 'weights'}, default 'land'
            The unit minus water, the whole unit, or the sum of ``weights[weight_col]``.
        water : GeoDataFrame, optional
            Water for ``base='land'``; default the embedded Qiantang layer.
        weights : GeoDataFrame or raster, optional
            Weight points (with ``weight_col``) or, straight line only, a raster.
        weight_col : str, optional
            The column of point weights.

        Returns
        -------
        GeoDataFrame
            A copy of ``units`` plus ``base_m2`` (``base_weight``), ``covered_m2``
            (``covered_weight``) and ``coverage_ratio``, with a ``_<radius>`` suffix when
            several radii are given. Walking adds ``not_served_m2`` (``not_served_weight``)
            and ``not_served_share``: the part of the base farther than ``max_snap_m`` from
            every edge, counted as not covered and warned about when above 5 %.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely.geometry import Point, box
        >>> from shangcheng_geo import access
        >>> acc = access.Access(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549))
        >>> sq = gpd.GeoDataFrame(geometry=[box(0, 0, 1000, 1000)], crs=4549)
        >>> round(float(acc.coverage(sq, base="unit")["coverage_ratio"].iloc[0]), 4)  # pi/16
        0.5026
        """
        from ._areal import measure

        return measure(
            self,
            units,
            radius_m=radius_m,
            base=base,
            water=water,
            weights=weights,
            weight_col=weight_col,
        )

    def covered_geometry(self, radius_m: float, *, extent: Any = None) -> Any:
        """The covered area for one radius as one shapely geometry in the analysis CRS.

        Parameters
        ----------
        radius_m : float
            The radius.
        extent : shapely geometry, optional
            Area of interest in the analysis CRS: straight line keeps the stations that can
            reach it; walking samples it (default: the network's bounding box).

        Returns
        -------
        shapely geometry
            Dissolved circles, or the union of reached ``cell_m`` cells.

        Examples
        --------
        >>> import geopandas as gpd
        >>> from shapely.geometry import Point
        >>> from shangcheng_geo import access
        >>> acc = access.Access(gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549))
        >>> acc.covered_geometry(100).bounds
        (-100.0, -100.0, 100.0, 100.0)
        """
        import shapely

        r = one_radius(radius_m)
        if self.method == "euclidean":
            return self._circles(r, extent)
        if extent is None:
            extent = shapely.box(*self._walker.extent())
        samples, d, _ = self.sample_distances(np.array([extent]), cutoff_m=r)
        return shapely.intersection(cells_to_polygon(samples.ij[d <= r], self.cell_m), extent)
