"""Self-contained map pages: Leaflet's JS and CSS inlined from a pip package.

Private to :mod:`shangcheng_geo.maps`. Leaflet 1.9.4 comes from the ``django-js-lib-leaflet``
wheel (plain Leaflet files, no dependencies of its own; the ``maps`` extra installs it); its
images are inlined as data URIs. Nothing is copied into this repository, and a page written
this way makes no network request except for basemap tiles, if any.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import re
from pathlib import Path
from typing import Any

from .._errors import InputError, MissingDependencyError

__all__ = ["ASSET_MODES", "PAGE_CSS", "leaflet_files", "set_assets"]

ASSET_MODES = ("inline", "cdn")

# the page's own style: a finished look without a basemap, attribution that wraps instead
# of covering the map, and a scale bar above it
PAGE_CSS = """
.leaflet-container { background: #e8e8e8; font-family: "Noto Sans CJK SC", "Microsoft YaHei",
  "PingFang SC", sans-serif; }
.leaflet-control-attribution { max-width: 55vw; white-space: normal; line-height: 1.3;
  font-size: 10px; }
.sg-title { position: absolute; top: 10px; left: 50%; transform: translateX(-50%);
  z-index: 1000; background: rgba(255,255,255,0.93); padding: 6px 12px; border-radius: 4px;
  border: 1px solid #999; font-size: 14px; text-align: center; max-width: 46vw;
  pointer-events: none; }
.sg-title .sg-sub { font-size: 11px; color: #444; }
.sg-label { display: inline-block; font-size: 11px; font-weight: bold; color: #222;
  white-space: nowrap; text-shadow: 0 0 3px #fff, 0 0 3px #fff; pointer-events: none; }
.leaflet-control-layers-expanded { max-height: 46vh; overflow-y: auto; font-size: 12px; }
.sg-legend { max-height: 40vh; max-width: 300px; overflow-y: auto; }
.sg-colourbar span { white-space: nowrap; }
"""


@functools.lru_cache(maxsize=1)
def leaflet_files() -> tuple[str, str]:
    """Leaflet's minified JS and its CSS (images as data URIs), from django-js-lib-leaflet."""
    spec = importlib.util.find_spec("js_lib_leaflet")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(
            "self-contained maps need Leaflet from the django-js-lib-leaflet package: "
            "pip install 'shangcheng_geo[maps]' (or pass assets='cdn' to load Leaflet online)."
        )
    root = Path(next(iter(spec.submodule_search_locations))) / "static" / "js_lib_leaflet"
    js = (root / "leaflet.js").read_text(encoding="utf-8")
    css = (root / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match[str]) -> str:
        path = root / match.group(1)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, css)
    return js, css


def set_assets(m: Any, assets: str) -> None:
    """Give a new folium Map its page assets: inlined Leaflet, or Leaflet from a CDN.

    Either way only Leaflet is loaded: the library's maps use no other script (no jQuery,
    Bootstrap, icon fonts or plugins), so nothing else is needed.
    """
    from branca.element import Element

    if assets not in ASSET_MODES:
        raise InputError(
            f"assets must be 'inline' (a self-contained page that works with no internet) or "
            f"'cdn' (a small page that loads Leaflet online); received {assets!r}."
        )
    header = m.get_root().header
    if assets == "inline":
        js, css = leaflet_files()
        m.default_js = []
        m.default_css = []
        header.add_child(Element(f"<style>{css}</style>"), name="sg_leaflet_css")
        header.add_child(Element(f"<script>{js}</script>"), name="sg_leaflet_js")
    else:
        m.default_js = [pair for pair in type(m).default_js if pair[0] == "leaflet"]
        m.default_css = [pair for pair in type(m).default_css if pair[0] == "leaflet_css"]
    header.add_child(Element(f"<style>{PAGE_CSS}</style>"), name="sg_page_css")
    m.shangcheng_assets = assets
