"""Folium, loaded where a map is made (with the install hint of the ``maps`` extra), and the
map element whose script is a template of its own: the two things every interactive map's
building block needs (private to :mod:`shangcheng_geo.maps`)."""

from __future__ import annotations

from typing import Any

from .._errors import MissingDependencyError

__all__ = ["element", "folium_module"]


def folium_module() -> Any:
    """The folium module, or the library's error naming the extra to install."""
    try:
        import folium
    except ImportError:
        raise MissingDependencyError(
            "maps need folium: pip install 'shangcheng_geo[maps]'."
        ) from None
    return folium


def element(template: str, payload: str) -> Any:
    """A map element whose script is ``template``, with ``this.payload`` available to it."""
    from branca.element import MacroElement
    from jinja2 import Template

    class _Script(MacroElement):
        _template = Template(template)

        def __init__(self) -> None:
            super().__init__()
            self.payload = payload

    return _Script()
