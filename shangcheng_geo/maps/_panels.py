"""The panels of an interactive map: the title with its headline figure, the legends and the
colour bar (each a Leaflet control of plain HTML), and the layer panel, kept clear of the title
(private to :mod:`shangcheng_geo.maps`; the building blocks of ``_mapkit`` re-export them).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from ._folium import element, folium_module

__all__ = ["LegendItem", "add_legend", "colour_bar", "finish", "html_control", "title_box"]


_LEGEND_SYNC_JS = """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  // a legend row names the layers it stands for; it is shown while one of them is on the map
  function sync() {
    document.querySelectorAll('[data-sg-layer]').forEach(function (row) {
      var on = row.getAttribute('data-sg-layer').split(' ').some(function (name) {
        return window[name] && map.hasLayer(window[name]); });
      row.style.display = on ? '' : 'none';
    });
  }
  map.on('overlayadd overlayremove', sync);
  map.whenReady(function () { setTimeout(sync, 0); });
})();
{% endmacro %}
"""


LegendItem = tuple[str, str] | tuple[str, str, Sequence[Any]]


def add_legend(m: Any, title: str, items: Sequence[LegendItem], *, note: str = "") -> None:
    """A categorical legend box (colour swatch, label) in the bottom-left corner.

    An item ``(colour, label, groups)`` stands for those layers (folium feature groups): it
    is listed only while one of them is shown -- hidden at first for a layer switched off at
    first, and following the layer control in the browser."""
    rows = []
    for colour, label, *rest in items:
        groups = list(rest[0]) if rest else []
        attrs = ""
        if groups:
            names = " ".join(g.get_name() for g in groups)
            hidden = (
                "" if any(getattr(g, "show", True) for g in groups) else ' style="display:none"'
            )
            attrs = f' data-sg-layer="{names}"{hidden}'
        rows.append(
            f'<div class="sg-legend-row"{attrs}><span style="display:inline-block;width:12px;'
            f"height:12px;margin-right:5px;background:{html.escape(colour)};opacity:0.7;"
            f'border:1px solid #333"></span>{html.escape(label)}</div>'
        )
    extra = (
        f'<div style="margin-top:4px;font-style:italic">{html.escape(note)}</div>' if note else ""
    )
    box = (
        '<div class="sg-legend" style="background:white;padding:6px 8px;font:12px sans-serif;'
        f'border:1px solid #999;border-radius:4px"><b>{html.escape(title)}</b>{"".join(rows)}'
        f"{extra}</div>"
    )
    html_control(m, box, "bottomleft")
    if any(len(item) > 2 for item in items) and not getattr(m, "shangcheng_legend_sync", False):
        m.add_child(element(_LEGEND_SYNC_JS, ""))
        m.shangcheng_legend_sync = True


_APART_JS = """
{% macro script(this, kwargs) %}
(function () {
  var ctl = {{ this.payload }}, box = ctl.getContainer();
  // the layer panel never covers the title: open where there is room beside it, else an
  // icon that opens on hover or tap
  function overlaps() {
    var t = document.querySelector('.sg-title');
    if (!t) { return false; }
    var a = t.getBoundingClientRect(), b = box.getBoundingClientRect();
    return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  }
  function place() {
    box.removeAttribute('data-sg-collapsed');
    ctl.expand();
    if (overlaps()) { ctl.collapse(); box.setAttribute('data-sg-collapsed', '1'); }
  }
  box.addEventListener('mouseenter', function () {
    if (box.hasAttribute('data-sg-collapsed')) { ctl.expand(); } });
  box.addEventListener('mouseleave', function () {
    if (box.hasAttribute('data-sg-collapsed')) { ctl.collapse(); } });
  window.addEventListener('resize', place);
  place();
})();
{% endmacro %}
"""


def finish(m: Any) -> Any:
    """The layer control (one, added last so it lists every layer), top right, kept clear
    of the title."""
    folium = folium_module()
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl) or key == "sg_layers_apart":
            del m._children[key]
    control = folium.LayerControl(position="topright", collapsed=False)
    control.add_to(m)
    m.add_child(element(_APART_JS, control.get_name()), name="sg_layers_apart")
    return m


def html_control(m: Any, html_text: str, position: str) -> None:
    """A Leaflet control holding ``html_text`` at ``position`` ('bottomleft', ...)."""
    m.add_child(
        element(
            "{% macro script(this, kwargs) %}"
            "(function(){ var c = L.control({position: '" + position + "'});"
            "c.onAdd = function() { var d = L.DomUtil.create('div'); d.innerHTML = "
            "{{ this.payload|tojson }}; L.DomEvent.disableScrollPropagation(d); return d; };"
            "c.addTo({{ this._parent.get_name() }}); })();"
            "{% endmacro %}",
            html_text,
        )
    )


def colour_bar(m: Any, title: str, colours: Sequence[str], *, note: str = "") -> None:
    """A colour bar from 0 % to 100 % as plain HTML (no script library)."""
    gradient = ", ".join(colours)
    ticks = "".join(
        f'<span style="position:absolute;left:{p}%;transform:translateX(-50%)">{p} %</span>'
        for p in (0, 25, 50, 75, 100)
    )
    extra = f'<div style="margin-top:2px">{html.escape(note)}</div>' if note else ""
    box = (
        '<div class="sg-legend sg-colourbar" style="background:white;padding:6px 14px 6px 10px;'
        'font:11px sans-serif;border:1px solid #999;border-radius:4px;width:220px">'
        f"<b>{html.escape(title)}</b>"
        f'<div style="height:10px;margin-top:4px;background:linear-gradient(to right, '
        f'{gradient});border:1px solid #777"></div>'
        f'<div style="position:relative;height:14px">{ticks}</div>{extra}</div>'
    )
    html_control(m, box, "bottomleft")


def title_box(m: Any, title: str, subtitle: str = "") -> None:
    """The map's title with its headline figure, centred at the top."""
    from branca.element import Element

    sub = f'<div class="sg-sub">{html.escape(subtitle)}</div>' if subtitle else ""
    box = f'<div class="sg-title"><b>{html.escape(title)}</b>{sub}</div>'
    m.get_root().html.add_child(Element(box), name="sg_title")
    # the browser tab and bookmarks name the page too
    page_title = (
        f"<title>{html.escape(title)}{' - ' + html.escape(subtitle) if subtitle else ''}</title>"
    )
    m.get_root().header.add_child(Element(page_title), name="sg_page_title")
    m.shangcheng_title = title
