"""Provenance records: the one shape of ``attrs['provenance']`` on every layer the library
makes (``layer``, ``source``, ``licence``, ``attribution``, ``source_datum``, extras).

Maps and reports read ``attribution`` to credit the data
(:func:`shangcheng_geo.datasets.attribution`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["OSM_ATTRIBUTION", "OSM_LICENCE", "provenance"]

OSM_ATTRIBUTION = "© OpenStreetMap contributors"
OSM_LICENCE = "ODbL-1.0"


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
