"""Pieces of a walking network: its connected components, and which ones snapping uses.

Private to :mod:`shangcheng_geo.access`: :class:`~shangcheng_geo.access._walk.WalkNetwork`
numbers its pieces here and snaps only to those holding at least ``min_component_m`` of
street (and always to the largest); the walker names the stations this moves.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np

__all__ = [
    "DEFAULT_MIN_COMPONENT_M",
    "RESNAP_NOTE_M",
    "components",
    "far_detail",
    "kept_edges",
    "report_moved",
]

log = logging.getLogger(__name__)

# Pieces of the network with less street than this (metres of edge length, in total) are not
# snapped to. Cut-off pieces of a city's walking graph are almost always mapping gaps: on the
# embedded western streets the 104 pieces besides the main one (1,133 km) hold 17 km of street,
# none more than 3.1 km (station staircases, footways and service ways whose junction with the
# street is not mapped: 103 of them lie within 160 m of the main network; the other is the
# island of 小瀛洲 in West Lake), while an 800 m walk from a station reaches 8-17 km of street
# on them (新风, 城站) and about 25 km on a 100 m grid. A network of its own (the far bank of a
# river with no bridge in the data) is longer than 5 km. OSMnx goes further and keeps only the
# largest piece by default.
DEFAULT_MIN_COMPONENT_M = 5_000.0

# A station moved from a cut-off piece to the connected network is named in a warning when its
# access leg grows by more than this; a few metres (a staircase beside the street, the usual
# case) are only logged.
RESNAP_NOTE_M = 50.0


def components(indptr: Any, indices: Any, u: Any, length: Any) -> tuple[Any, Any]:
    """(piece of every node, metres of edge length of every piece) of a symmetric CSR graph
    (``indptr``, ``indices``) whose edges start at nodes ``u`` with ``length`` metres
    (zero-length edges join their ends too)."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(indptr) - 1
    links = csr_matrix((np.ones(len(indices)), indices, indptr), shape=(n, n))
    count, piece = connected_components(links, directed=False)
    metres = np.bincount(piece[u], weights=length, minlength=count)
    return piece.astype(np.int64), metres


def kept_edges(piece: Any, metres: Any, u: Any, min_component_m: float) -> Any:
    """Per edge: whether its piece holds at least ``min_component_m`` of street or is the
    largest piece (so a network of small pieces only still has somewhere to snap to)."""
    floor = min(float(min_component_m), float(metres.max(initial=0.0)))
    return (metres >= floor)[piece[u]]


def _on_piece(cut_m: float, piece_m: float, cap: float) -> str:
    if not cut_m <= cap:  # NaN: its nearest edge is on the connected network
        return ""
    return f", but {cut_m:.0f} m from a piece of {piece_m:,.0f} m of street cut off from it"


def far_detail(names: Any, leg_m: Any, cut_m: Any, piece_m: Any, cap: float) -> str:
    """``name (leg m)`` of stations beyond the access-leg cap ``cap``, saying when a cut-off
    piece lies within it (a station on an island)."""
    return ", ".join(
        f"{n} ({d:.0f} m{_on_piece(c, p, cap)})"
        for n, d, c, p in zip(names, leg_m, cut_m, piece_m, strict=True)
    )


def report_moved(
    names: Any, leg_m: Any, cut_m: Any, piece_m: Any, used: Any, min_component_m: float
) -> None:
    """Name the used stations walked from the connected network although their nearest edge
    is on a cut-off piece: logged, and in a warning when the leg grows by over RESNAP_NOTE_M."""
    from .._errors import warn

    moved = used & np.isfinite(cut_m)
    if not moved.any():
        return
    text = [
        f"{n} ({c:.0f} m from a piece of {p:,.0f} m of street, {d:.0f} m from the rest)"
        for n, d, c, p in zip(names[moved], leg_m[moved], cut_m[moved], piece_m[moved], strict=True)
    ]
    log.info("walked from the connected network: %s", ", ".join(text))
    long = (leg_m - cut_m)[moved] > RESNAP_NOTE_M
    if long.any():
        detail = ", ".join(t for t, x in zip(text, long, strict=True) if x)
        warn(
            f"{int(long.sum())} station(s) stand beside a piece of the network cut off from the "
            f"rest (under min_component_m={min_component_m:g} m of street) and are walked from "
            f"the connected network instead: {detail}. Check the network there (a missing "
            "link), or prepare it with a lower min_component_m "
            "(shangcheng_geo.network.prepare) if the piece is real."
        )
