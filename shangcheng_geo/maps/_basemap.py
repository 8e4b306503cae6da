"""The empty map every interactive map starts from: basemaps, the datum overlays must be
shifted to, a scale bar, and Leaflet inlined or from a CDN (``maps`` extra).

Examples
--------
>>> from shangcheng_geo.maps._basemap import base_map
>>> base_map(tiles="amap").shangcheng_datum
'gcj02'
"""

from __future__ import annotations

import os
from typing import Any

from .._errors import InputError
from ._mapassets import set_assets
from ._mapkit import CENTRE, folium_module, scale_bar, tiles_list

__all__ = ["base_map"]


def base_map(
    *,
    tiles: Any = ("light", "osm"),
    location: tuple[float, float] = CENTRE,
    zoom_start: int = 12,
    assets: str = "inline",
) -> Any:
    """An empty map with basemaps and a scale bar, self-contained by default.

    The map remembers its datum (``m.shangcheng_datum``): overlays added by this module are
    shifted to GCJ-02 when the basemap is GCJ-02 (Amap, Tencent, or a declared mirror).

    Parameters
    ----------
    tiles : str, dict, sequence of them, or None, default ('light', 'osm')
        Basemaps: names (``'light'``, ``'osm'``, ``'amap'``, ``'tencent'``, ``'tianditu'``),
        or a local tile server as ``{"url": "http://tiles.intranet/{z}/{x}/{y}.png",
        "datum": "wgs84" | "gcj02", "attribution": ..., "name": ...}``; None for no basemap
        (grey background: the river and the district are drawn by every map).
    location : (lat, lon), default the district's centre
        The opening centre (maps then fit their data).
    zoom_start : int, default 12
        The opening zoom.
    assets : {'inline', 'cdn'}, default 'inline'
        ``'inline'``: Leaflet's JS and CSS are written into the page (from the
        ``django-js-lib-leaflet`` package), so it renders with no internet; ``'cdn'``: a
        smaller page that loads Leaflet from jsdelivr.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> from shangcheng_geo import maps
    >>> m = maps.base_map(tiles=None)
    >>> m.shangcheng_datum, "cdn.jsdelivr.net" in m.get_root().render()
    ('wgs84', False)
    """
    folium = folium_module()
    specs = tiles_list(tiles)
    m = folium.Map(
        location=list(location),
        zoom_start=zoom_start,
        tiles=None,
        control_scale=False,
        zoom_snap=0.25,  # fractional zoom: the data fills the window, not half of it
    )
    set_assets(m, assets)
    for i, spec in enumerate(specs):
        url = spec["tiles"]
        if "{key}" in url:
            key = os.environ.get("TIANDITU_KEY")
            if not key:
                raise InputError(
                    "the Tianditu basemap needs a key: set the environment variable TIANDITU_KEY "
                    "(free from console.tianditu.gov.cn), or choose tiles='light'."
                )
            url = url.replace("{key}", key)
        folium.TileLayer(
            tiles=url,
            attr=spec["attr"],
            name=spec["name"],
            subdomains=spec["subdomains"],
            overlay=False,
            control=True,
            show=i == 0,
        ).add_to(m)
    scale_bar(m)
    m.shangcheng_datum = specs[0]["datum"] if specs else "wgs84"
    m.shangcheng_attribution = []
    return m
