"""The data credit of what a map draws, read from the layers themselves.

Every layer the library makes carries its provenance (``attrs['provenance']``: ``source``,
``licence``, ``attribution``) and embedded features their own ``source`` and ``licence``
columns; a user's layer may carry either. :func:`credits` reads both from every layer drawn
(the features' sources where the layer states no attribution of its own, and always to find
OpenStreetMap data among them), so any layer on a map is credited: whatever comes from
OpenStreetMap -- the subdistricts, the green space, the facilities, the western streets, the
stations -- is credited once as ``© OpenStreetMap contributors, ODbL`` (with the extract's
date where known), and every other source by its own attribution.

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point
>>> from shangcheng_geo.maps._credits import credit_text
>>> osm = gpd.GeoDataFrame({"source": ["OpenStreetMap extract (2026-05-08)"],
...                         "licence": ["ODbL-1.0"]}, geometry=[Point(0, 0)], crs=4326)
>>> credit_text(osm, "survey of 2025")
'© OpenStreetMap contributors (2026-05-08), ODbL; survey of 2025'
"""

from __future__ import annotations

import re
from typing import Any

from .._provenance import OSM_ATTRIBUTION, mentions_osm

__all__ = ["credit_text", "credits", "layer_pieces"]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NONE = {"", "none", "nan", "null", "unknown"}


def layer_pieces(layer: Any) -> list[str]:
    """The credits of one layer: its provenance's attribution (or source), and the
    ``source``/``licence`` of its features; a str is a credit as it is."""
    if layer is None:
        return []
    if isinstance(layer, str):
        return [p.strip() for p in layer.split("; ") if p.strip()]
    pieces: list[str] = []
    prov = getattr(layer, "attrs", {}).get("provenance") or {}
    text = str(prov.get("attribution") or prov.get("source") or "")
    pieces += [p.strip() for p in text.split("; ") if p.strip()]
    licence = str(prov.get("licence") or "")
    if mentions_osm(licence) and not any(mentions_osm(p) for p in pieces):
        date = f" ({prov['osm_date']})" if prov.get("osm_date") else ""
        pieces.append(f"{OSM_ATTRIBUTION}{date}")
    columns = getattr(layer, "columns", ())
    if "source" in columns or "licence" in columns:
        import pandas as pd

        pairs = pd.DataFrame(
            {
                "source": layer["source"] if "source" in columns else "",
                "licence": layer["licence"] if "licence" in columns else "",
            }
        )
        for src, lic in pairs.astype(str).drop_duplicates().itertuples(index=False):
            src, lic = ("" if v.strip().lower() in _NONE else v.strip() for v in (src, lic))
            if mentions_osm(f"{src} {lic}"):
                dates = _DATE.findall(src)
                pieces.append(f"{OSM_ATTRIBUTION}{f' ({dates[0]})' if dates else ''}")
            elif (src or lic) and not text:  # a layer's own attribution speaks for the rest
                pieces.append(f"{src} ({lic})" if src and lic and lic not in src else src or lic)
    return pieces


def credits(*layers: Any) -> list[str]:
    """The credits of the layers drawn, each once: OpenStreetMap first, as ``© OpenStreetMap
    contributors (dates), ODbL`` (one piece for all the OSM-derived layers), then the others
    in the order given."""
    osm_dates: list[str] = []
    osm = False
    others: list[str] = []
    for layer in layers:
        for piece in layer_pieces(layer):
            if mentions_osm(piece):
                osm = True
                osm_dates += [d for d in _DATE.findall(piece) if d not in osm_dates]
            elif piece not in others:
                others.append(piece)
    if not osm:
        return others
    dated = f" ({', '.join(sorted(osm_dates))})" if osm_dates else ""
    return [f"{OSM_ATTRIBUTION}{dated}, ODbL", *others]


def credit_text(*layers: Any) -> str:
    """:func:`credits` joined by ``"; "``: the attribution line of a map."""
    return "; ".join(credits(*layers))
