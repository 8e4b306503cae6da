"""Building blocks of the Folium maps: basemaps, layers, labels, attribution; the panels
(title, legends, colour bar, layer panel) of ``_panels`` and folium itself (``_folium``) are
reachable here too.

Private to :mod:`shangcheng_geo.maps`, which composes them into the public maps.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .._errors import InputError
from .._validate import require_geodataframe
from ._folium import element, folium_module
from ._panels import add_legend, colour_bar, finish, html_control, title_box

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "BASEMAPS",
    "CENTRE",
    "LINE_COLOURS_FALLBACK",
    "ZONE_COLOURS",
    "add_legend",
    "colour_bar",
    "credit",
    "district_outline",
    "element",
    "finish",
    "fit_to",
    "flat_fills",
    "folium_module",
    "geojson_layer",
    "html_control",
    "points_layer",
    "prepare_layer",
    "require_map_units",
    "scale_bar",
    "tiles_list",
    "title_box",
    "zone_labels",
]

BASEMAPS: dict[str, dict[str, Any]] = {
    "light": {
        "tiles": "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        "attr": "© OpenStreetMap contributors © CARTO",
        "name": "浅色底图 Light (CartoDB)",
        "datum": "wgs84",
        "subdomains": "abcd",
    },
    "osm": {
        "tiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attr": "© OpenStreetMap contributors",
        "name": "OpenStreetMap",
        "datum": "wgs84",
        "subdomains": "abc",
    },
    "amap": {
        "tiles": "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1"
        "&style=8&x={x}&y={y}&z={z}",
        "attr": "© 高德地图 AutoNavi (GCJ-02)",
        "name": "高德地图 Amap (GCJ-02)",
        "datum": "gcj02",
        "subdomains": "1234",
    },
    "tencent": {
        "tiles": "https://rt{s}.map.gtimg.com/realtimerender?z={z}&x={x}&y={-y}&type=vector"
        "&style=0",
        "attr": "© 腾讯地图 Tencent (GCJ-02)",
        "name": "腾讯地图 Tencent (GCJ-02)",
        "datum": "gcj02",
        "subdomains": "0123",
    },
    "tianditu": {
        "tiles": "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
        "&VERSION=1.0.0&LAYER=vec&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}"
        "&TILEROW={y}&TILECOL={x}&tk={key}",
        "attr": "© 天地图 Tianditu",
        "name": "天地图 Tianditu",
        "datum": "wgs84",
        "subdomains": "01234567",
    },
}

LINE_COLOURS_FALLBACK = "#555555"
ZONE_COLOURS = {"axis": "#1f78b4", "core": "#e31a1c", "star": "#ff7f00", "area": "#6a3d9a"}
CENTRE = (30.27, 120.21)


# ----------------------------------------------------------------------------- base map


def tiles_list(tiles: Any) -> list[dict[str, Any]]:
    """Basemap specs from names (``'light'``) and URL templates with their datum declared
    (``{"url": "http://tiles.intranet/{z}/{x}/{y}.png", "datum": "gcj02"}``)."""
    if tiles is None:
        return []
    items = [tiles] if isinstance(tiles, str | dict) else list(tiles)
    specs = []
    for item in items:
        if isinstance(item, dict):
            specs.append(_custom_tiles(item))
        elif isinstance(item, str) and "{z}" in item:
            raise InputError(
                f"the tile URL {item!r} needs its datum declared, so the overlays can be shifted "
                'to match: tiles={"url": ..., "datum": "wgs84" | "gcj02", "attribution": ...}.'
            )
        elif item in BASEMAPS:
            specs.append(BASEMAPS[item])
        else:
            raise InputError(
                f"unknown basemap {item!r}; available: {sorted(BASEMAPS)}, a dict with a tile "
                "URL template and its datum, or None."
            )
    datums = {spec["datum"] for spec in specs}
    if len(datums) > 1:
        raise InputError(
            f"basemaps {[spec['name'] for spec in specs]} mix WGS84 and GCJ-02; overlays can "
            "line up with only one. Choose e.g. ('light', 'osm') or ('amap',)."
        )
    return specs


def _custom_tiles(item: dict[str, Any]) -> dict[str, Any]:
    from ..crs import normalize_datum

    url = item.get("url")
    if not isinstance(url, str) or not all(k in url for k in ("{z}", "{x}", "{y}")):
        raise InputError(
            f"a custom basemap needs 'url', a tile URL template with {{z}}, {{x}} and {{y}}; "
            f"received {url!r}."
        )
    if "datum" not in item:
        raise InputError(
            "a custom basemap needs 'datum': 'wgs84' (also CGCS2000, e.g. a TianDiTu mirror) or "
            "'gcj02' (an Amap-style mirror), so the overlays can be shifted to match."
        )
    datum = normalize_datum(item["datum"])
    if datum == "bd09":
        raise InputError("BD-09 basemaps (Baidu) use their own tiling; use a WGS84 or GCJ-02 one.")
    return {
        "tiles": url,
        "attr": str(item.get("attribution", "basemap: user tile server")),
        "name": str(item.get("name", "底图 Basemap")),
        "datum": datum,
        "subdomains": str(item.get("subdomains", "abc")),
    }


def prepare_layer(gdf: gpd.GeoDataFrame, m: Any, simplify_m: float) -> gpd.GeoDataFrame:
    """Simplify in metres, convert to the map's datum, round coordinates to ~0.1 m."""
    import shapely

    from ..crs import to_analysis_crs, to_datum

    out = gdf[~gdf.geometry.isna() & ~gdf.geometry.is_empty]
    if simplify_m and simplify_m > 0 and len(out):
        metric = to_analysis_crs(out)
        metric = metric.set_geometry(metric.geometry.simplify(simplify_m, preserve_topology=True))
        out = metric.to_crs("EPSG:4326")
    elif out.crs != "EPSG:4326":
        out = out.to_crs("EPSG:4326")
    if getattr(m, "shangcheng_datum", "wgs84") != "wgs84":
        out = to_datum(out, m.shangcheng_datum)
    geoms = out.geometry.values
    try:
        rounded = shapely.set_precision(geoms, 1e-6)
    except shapely.errors.GEOSException:  # simplifying and reprojecting can leave slivers
        rounded = shapely.set_precision(shapely.make_valid(geoms), 1e-6)
    return out.set_geometry(rounded, crs=out.crs)


def credit(m: Any, *layers: Any) -> None:
    """Credit the layers drawn (GeoDataFrames, read for their provenance and their features'
    ``source``/``licence``, or credit texts) in the map's attribution control: one line for
    everything drawn on the map so far, OpenStreetMap once (:mod:`._credits`)."""
    from ._credits import credits

    pieces = credits(*getattr(m, "shangcheng_attribution", []), *layers)
    m.add_child(
        element(
            "{% macro script(this, kwargs) %}"
            "{{ this._parent.get_name() }}.attributionControl.addAttribution("
            "{{ this.payload|tojson }});{% endmacro %}",
            "; ".join(pieces),
        ),
        name="sg_credit",  # replaces the line of a map drawn before onto the same one
    )
    m.shangcheng_attribution = pieces


def district_outline(m: Any, district: gpd.GeoDataFrame, simplify_m: float) -> gpd.GeoDataFrame:
    """The river and the district's outline (``sg-district``): on every map, so a map
    without a basemap still shows where it is. Returns the outline as drawn (EPSG:4326)."""
    from .. import datasets

    if not getattr(m, "shangcheng_outlined", False):
        geojson_layer(
            prepare_layer(datasets.in_analysis_crs("water"), m, simplify_m),
            "钱塘江 Qiantang River",
            m=m,
            style={"color": "#6baed6", "weight": 0, "fillColor": "#9ecae1", "fillOpacity": 0.6},
            class_name="sg-water",
        )
    outline = prepare_layer(district, m, simplify_m)
    geojson_layer(
        outline,
        "上城区 District",
        m=m,
        style={"color": "#333333", "weight": 2.5, "fill": False},
        class_name="sg-district",
    )
    m.shangcheng_outlined = True
    return outline


def require_map_units(units: Any) -> Any:
    """Units a map can show: a non-empty polygon layer with a CRS, checked and projected
    once (a :class:`~shangcheng_geo.access._units.Units` for the layers to read)."""
    from ..access import Units
    from ..crs import require_crs

    require_geodataframe(units, "units")
    if len(units) == 0:
        raise InputError("units is empty: there is nothing to map. Pass at least one polygon.")
    require_crs(units, "units")
    return Units(units)


def fit_to(m: Any, *layers: gpd.GeoDataFrame) -> None:
    """Open the map on the layers together (once: maps drawn onto an existing map keep its
    view)."""
    import numpy as np

    shown = [gdf for gdf in layers if len(gdf)]
    if getattr(m, "shangcheng_fitted", False) or not shown:
        return
    bounds = np.array(
        [(gdf if gdf.crs == "EPSG:4326" else gdf.to_crs("EPSG:4326")).total_bounds for gdf in shown]
    )
    minx, miny = np.nanmin(bounds[:, :2], axis=0)
    maxx, maxy = np.nanmax(bounds[:, 2:], axis=0)
    m.fit_bounds([[miny, minx], [maxy, maxx]], padding=(10, 10))
    m.shangcheng_fitted = True


def geojson_layer(
    gdf: gpd.GeoDataFrame,
    name: str,
    *,
    m: Any,
    style: dict[str, Any],
    fields: Sequence[str] = (),
    aliases: Sequence[str] = (),
    show: bool = True,
    class_name: str | None = None,
    style_function: Any = None,
    keep: Sequence[str] = (),
) -> Any:
    folium = folium_module()
    group = folium.FeatureGroup(name=name, show=show)
    if len(gdf):
        cols = [c for c in fields if c in gdf.columns]
        extra = [c for c in keep if c in gdf.columns and c not in cols]
        data = gdf[[*cols, *extra, gdf.geometry.name]].copy()
        for c in [*cols, *extra]:
            data[c] = data[c].astype(str)
        base_style = dict(style)
        if class_name:
            base_style["className"] = class_name
            if style_function is not None:  # keep the class on per-feature styles too
                per_feature = style_function

                def style_function(f: Any, fn: Any = per_feature) -> Any:
                    return {**fn(f), "className": class_name}

        tooltip = (
            folium.GeoJsonTooltip(fields=cols, aliases=list(aliases)[: len(cols)] or cols)
            if cols
            else None
        )
        folium.GeoJson(
            data.__geo_interface__,
            style_function=style_function or (lambda _f, s=base_style: s),
            tooltip=tooltip,
        ).add_to(group)
    group.add_to(m)
    return group


def points_layer(
    m: Any, gdf: gpd.GeoDataFrame, name: str, colour: str, fields: list[str], class_name: str
) -> None:
    folium = folium_module()
    group = folium.FeatureGroup(name=name)
    for _, row in gdf.iterrows():
        text = "<br>".join(
            html.escape(str(row[f])) for f in fields if f in row and row[f] == row[f]
        )
        folium.CircleMarker(
            location=[row.geometry.y, row.geometry.x],
            radius=6,
            color=colour,
            fill=True,
            fill_opacity=0.8,
            weight=1,
            tooltip=text,
            className=class_name,
        ).add_to(group)
    group.add_to(m)


def scale_bar(m: Any) -> None:
    """A metric scale bar at the top left, clear of the attribution and the legends."""
    m.add_child(
        element(
            "{% macro script(this, kwargs) %}"
            "L.control.scale({position: 'topleft', imperial: false, maxWidth: 160})"
            ".addTo({{ this._parent.get_name() }});{% endmacro %}",
            "",
        )
    )


_DECLUTTER_JS = """
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  // labels in order of priority (smaller zones first); each keeps its place if free, else
  // moves a step up, down or aside, else hides until a zoom makes room
  var steps = [[0, 0]];
  [1, 2, 3, 4].forEach(function (k) {
    steps.push([0, -k], [0, k], [k, 0], [-k, 0], [k, -k], [-k, k], [k, k], [-k, -k]); });
  function declutter() {
    var els = Array.prototype.slice.call(document.querySelectorAll('.sg-label'));
    els.sort(function (a, b) { return a.dataset.rank - b.dataset.rank; });
    var placed = [];
    els.forEach(function (el) {
      el.style.transform = ''; el.style.visibility = 'visible';
      var r0 = el.getBoundingClientRect(), done = false;
      for (var i = 0; i < steps.length && !done; i++) {
        var dx = steps[i][0] * (r0.width * 0.6 + 4), dy = steps[i][1] * (r0.height + 3);
        var r = {l: r0.left + dx, r: r0.right + dx, t: r0.top + dy, b: r0.bottom + dy};
        var free = placed.every(function (p) {
          return r.r < p.l || r.l > p.r || r.b < p.t || r.t > p.b; });
        if (free) { el.style.transform = 'translate(' + dx + 'px,' + dy + 'px)';
                    placed.push(r); done = true; }
      }
      if (!done) { el.style.visibility = 'hidden'; }
    });
  }
  map.on('zoomend moveend overlayadd', function () { setTimeout(declutter, 0); });
  map.whenReady(function () { setTimeout(declutter, 50); });
})();
{% endmacro %}
"""


def zone_labels(m: Any, gdf: gpd.GeoDataFrame, label_col: str) -> None:
    """Names written on the map at each polygon's representative point; in the browser they
    move aside (or hide until zoomed in) rather than overlap."""
    folium = folium_module()
    if label_col not in gdf.columns or not len(gdf):
        return
    import numpy as np

    group = folium.FeatureGroup(name="名称 Labels", show=True)
    points = gdf.geometry.representative_point()
    import shapely

    # for the order only: lon/lat areas rank a district's zones as metres would (no reprojection)
    areas = shapely.area(np.asarray(gdf.geometry.values))
    # priority: the cores, then stars and areas, then the axis (a long corridor whose label
    # has room to move); smaller first within each
    kinds = gdf["element_type"] if "element_type" in gdf.columns else None
    tier = (
        np.array([{"core": 0, "axis": 2}.get(str(k), 1) for k in kinds])
        if kinds is not None
        else np.ones(len(gdf))
    )
    ranks = np.argsort(np.lexsort((areas, tier)), kind="stable")
    for label, pt, rank in zip(gdf[label_col], points, ranks, strict=True):
        if pt is None or pt.is_empty or label != label:
            continue
        text = html.escape(str(label))
        folium.Marker(
            location=[pt.y, pt.x],
            icon=folium.DivIcon(
                html=f'<div class="sg-label" data-rank="{int(rank)}">{text}</div>',
                icon_size=(0, 0),
                class_name="sg-label-icon",
            ),
        ).add_to(group)
    group.add_to(m)
    if not getattr(m, "shangcheng_declutter", False):
        m.add_child(element(_DECLUTTER_JS, ""))
        m.shangcheng_declutter = True


def flat_fills(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Fill geometries that never overlap: smaller units keep their shape, larger ones give
    up the parts under smaller ones, so overlapping zones do not stack into darker colour
    (in the analysis CRS, ready for :func:`prepare_layer`)."""
    import shapely

    from ..crs import to_analysis_crs

    metric = to_analysis_crs(gdf)
    order = metric.area.sort_values().index
    taken = shapely.Polygon()
    fills = {}
    for i in order:
        geom = metric.geometry.loc[i]
        fills[i] = geom.difference(taken)
        taken = taken.union(geom)
    return metric.set_geometry([fills[i] for i in metric.index], crs=metric.crs)


# ----------------------------------------------------------------------------- coverage map
