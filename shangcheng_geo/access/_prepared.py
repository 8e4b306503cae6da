"""Prepared networks kept per graph object, without keeping the graph alive.

Private to :mod:`shangcheng_geo.access`: :func:`shangcheng_geo.network.prepare` stores and
finds a graph's :class:`~shangcheng_geo.access._walk.WalkNetwork` here. Keys are held weakly
(a deleted graph takes its entry with it) and nothing is written into the graph.
"""

from __future__ import annotations

import threading
import weakref
from contextlib import suppress
from typing import Any

from .._options import options
from ._graph_arrays import adjacency

__all__ = ["PreparedCache", "fingerprint"]


class PreparedCache:
    """A thread-safe weak-keyed map from graph objects to ``(fingerprint, network)``."""

    def __init__(self) -> None:
        self._map: weakref.WeakKeyDictionary[Any, tuple[Any, Any]] = weakref.WeakKeyDictionary()
        self._lock = threading.Lock()

    def get(self, graph: Any) -> tuple[Any, Any] | None:
        """The kept entry for ``graph``, or None (also for graphs that cannot be weakly
        referenced, which are simply never kept)."""
        with self._lock:
            try:
                return self._map.get(graph)
            except TypeError:
                return None

    def put(self, graph: Any, entry: tuple[Any, Any]) -> None:
        """Keep ``entry`` for ``graph`` (replacing an older one); a graph that cannot be
        weakly referenced is not kept."""
        with self._lock, suppress(TypeError):
            self._map[graph] = entry

    def __len__(self) -> int:
        with self._lock:
            return len(self._map)


def fingerprint(network: Any, crs: Any) -> tuple[Any, ...] | None:
    """What a kept WalkNetwork depends on and a cheap look can tell: node count, joined node
    pairs (the adjacency's sizes, one C-level pass), the graph's CRS and the target CRS."""

    try:
        adj = adjacency(network)
        pairs = sum(map(len, adj.values()))
        return (
            len(adj),
            pairs,
            repr(network.graph.get("crs")),
            repr(crs),
            str(options.analysis_crs),
            network.is_directed(),
            network.is_multigraph(),
        )
    except (AttributeError, TypeError):  # not a graph: _prepare says what is wrong
        return None
