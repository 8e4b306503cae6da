"""Interactive Folium maps: plan structure, metro coverage, green coverage (``maps`` extra).

Every function returns a :class:`folium.Map` and takes ``m=`` to draw onto an existing one.
Maps carry a layer control with Chinese and English names, legends for every colour scale and
category (including "indicative zone, not official"), a scale bar, a fullscreen button and the
data attributions.

**Basemaps and datums.** ``tiles`` names one or more basemaps: ``"light"`` (CartoDB Positron)
and ``"osm"`` (OpenStreetMap) by default; ``"amap"`` and ``"tencent"`` are GCJ-02 basemaps, so
every overlay is shifted to GCJ-02 (:func:`shangcheng_geo.crs.to_datum`) to line up with them
-- never the basemap to WGS84; ``"tianditu"`` (CGCS2000, within a metre of WGS84) reads its
key from the ``TIANDITU_KEY`` environment variable. ``tiles=None`` draws no basemap (offline).
A map cannot mix WGS84 and GCJ-02 basemaps: the overlays can only line up with one.

**Web weight.** Geometries are simplified for display with a tolerance in metres
(``simplify_m``) and coordinates rounded to 1e-6 degrees (~0.1 m).

Examples
--------
>>> from shangcheng_geo import maps
>>> m = maps.plan_map("14th", tiles=None)
>>> type(m).__name__
'Map'
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._errors import InputError, MissingDependencyError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["BASEMAPS", "base_map", "coverage_map", "green_map", "plan_map"]

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
_CENTRE = (30.27, 120.21)


def _folium() -> Any:
    try:
        import folium
    except ImportError:
        raise MissingDependencyError(
            "maps need folium: pip install 'shangcheng_geo[maps]'."
        ) from None
    return folium


# ----------------------------------------------------------------------------- base map


def _tiles_list(tiles: Any) -> list[str]:
    if tiles is None:
        return []
    names = [tiles] if isinstance(tiles, str) else list(tiles)
    for name in names:
        if name not in BASEMAPS:
            raise InputError(f"unknown basemap {name!r}; available: {sorted(BASEMAPS)} or None.")
    datums = {BASEMAPS[n]["datum"] for n in names}
    if len(datums) > 1:
        raise InputError(
            f"basemaps {names} mix WGS84 and GCJ-02; overlays can line up with only one. "
            "Choose e.g. ('light', 'osm') or ('amap',)."
        )
    return names


def base_map(
    *,
    tiles: Any = ("light", "osm"),
    location: tuple[float, float] = _CENTRE,
    zoom_start: int = 12,
) -> Any:
    """An empty map with basemaps, scale bar and fullscreen button.

    The map remembers its datum (``m.shangcheng_datum``): overlays added by this module are
    shifted to GCJ-02 when the basemap is Amap or Tencent.

    Parameters
    ----------
    tiles : str, sequence of str, xyzservices provider or None, default ('light', 'osm')
        Basemaps: names such as ``'light'``, ``'osm'``, ``'amap'`` (GCJ-02), or None.
    location : (lat, lon), default the district's centre
        The opening centre.
    zoom_start : int, default 12
        The opening zoom.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> from shangcheng_geo import maps
    >>> m = maps.base_map(tiles=None)
    >>> m.shangcheng_datum
    'wgs84'
    """
    folium = _folium()
    from folium.plugins import Fullscreen

    names = _tiles_list(tiles)
    m = folium.Map(location=list(location), zoom_start=zoom_start, tiles=None, control_scale=True)
    for i, name in enumerate(names):
        spec = BASEMAPS[name]
        url = spec["tiles"]
        if name == "tianditu":
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
    Fullscreen(title="全屏 Fullscreen", title_cancel="退出全屏 Exit fullscreen").add_to(m)
    m.shangcheng_datum = BASEMAPS[names[0]]["datum"] if names else "wgs84"
    m.shangcheng_attribution = []
    return m


def _prepare(gdf: gpd.GeoDataFrame, m: Any, simplify_m: float) -> gpd.GeoDataFrame:
    """Simplify in metres, convert to the map's datum, round coordinates to ~0.1 m."""
    import shapely

    from .crs import to_analysis_crs, to_datum

    out = gdf[~gdf.geometry.isna() & ~gdf.geometry.is_empty]
    if simplify_m and simplify_m > 0 and len(out):
        metric = to_analysis_crs(out)
        metric = metric.set_geometry(metric.geometry.simplify(simplify_m, preserve_topology=True))
        out = metric.to_crs("EPSG:4326")
    else:
        out = out.to_crs("EPSG:4326")
    if getattr(m, "shangcheng_datum", "wgs84") != "wgs84":
        out = to_datum(out, m.shangcheng_datum)
    out = out.set_geometry(shapely.set_precision(out.geometry.values, 1e-6))
    return out


def _element(template: str, payload: str) -> Any:
    """A map element whose script is ``template``, with ``this.payload`` available to it."""
    from branca.element import MacroElement
    from jinja2 import Template

    class _Script(MacroElement):
        _template = Template(template)

        def __init__(self) -> None:
            super().__init__()
            self.payload = payload

    return _Script()


def _credit(m: Any, *texts: str) -> None:
    """Add data attributions to the map's attribution control (once each)."""
    seen = getattr(m, "shangcheng_attribution", [])
    for text in texts:
        for piece in str(text).split("; "):
            if not piece or piece in seen:
                continue
            seen.append(piece)
            m.add_child(
                _element(
                    "{% macro script(this, kwargs) %}"
                    "{{ this._parent.get_name() }}.attributionControl.addAttribution("
                    "{{ this.payload|tojson }});{% endmacro %}",
                    piece,
                )
            )
    m.shangcheng_attribution = seen


def _legend(m: Any, title: str, items: Sequence[tuple[str, str]], *, note: str = "") -> None:
    """A categorical legend box (colour swatch, label) in the bottom-left corner."""
    rows = "".join(
        f'<div><span style="display:inline-block;width:12px;height:12px;margin-right:5px;'
        f'background:{html.escape(c)};opacity:0.7;border:1px solid #333"></span>'
        f"{html.escape(label)}</div>"
        for c, label in items
    )
    extra = (
        f'<div style="margin-top:4px;font-style:italic">{html.escape(note)}</div>' if note else ""
    )
    box = (
        '<div class="sg-legend" style="background:white;padding:6px 8px;font:12px sans-serif;'
        f'border:1px solid #999;border-radius:4px"><b>{html.escape(title)}</b>{rows}{extra}</div>'
    )
    m.add_child(
        _element(
            "{% macro script(this, kwargs) %}"
            "var legend = L.control({position: 'bottomleft'});"
            "legend.onAdd = function() { var d = L.DomUtil.create('div'); d.innerHTML = "
            "{{ this.payload|tojson }}; return d; };"
            "legend.addTo({{ this._parent.get_name() }});"
            "{% endmacro %}",
            box,
        )
    )


def _district_outline(m: Any, district: gpd.GeoDataFrame, simplify_m: float) -> None:
    _geojson(
        _prepare(district, m, simplify_m),
        "上城区 District",
        m=m,
        style={"color": "#333333", "weight": 2, "fill": False},
    )


def _fit(m: Any, gdf: gpd.GeoDataFrame) -> None:
    """Open the map on the data (once: maps drawn onto an existing map keep its view)."""
    if getattr(m, "shangcheng_fitted", False) or not len(gdf):
        return
    minx, miny, maxx, maxy = gdf.to_crs("EPSG:4326").total_bounds
    m.fit_bounds([[miny, minx], [maxy, maxx]])
    m.shangcheng_fitted = True


def _finish(m: Any) -> Any:
    folium = _folium()
    # one layer control, added last so it lists every layer
    for key, child in list(m._children.items()):
        if isinstance(child, folium.LayerControl):
            del m._children[key]
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def _geojson(
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
    folium = _folium()
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


# ----------------------------------------------------------------------------- plan map


def plan_map(
    version: str = "14th",
    *,
    m: Any = None,
    tiles: Any = ("light", "osm"),
    simplify_m: float = 5.0,
    radius_m: float = 1000,
) -> Any:
    """The plan structure: district, river, axis, zones of a plan version, sites.

    Zones are drawn as indicative (dashed outline) and the legend says "indicative zone, not
    official" unless the version was loaded from the user's official drawings.

    Parameters
    ----------
    version : str, default '14th'
        A plan version.
    m : folium.Map, optional
        Draw on this map instead of a new one.
    tiles : str, sequence of str, xyzservices provider or None, default ('light', 'osm')
        Basemaps: names such as ``'light'``, ``'osm'``, ``'amap'`` (GCJ-02), or None.
    simplify_m : float, default 5
        Outline simplification tolerance in metres.
    radius_m : float, default 1000
        Radius of the anchor circles that indicative zones are drawn from.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> from shangcheng_geo import maps
    >>> html = maps.plan_map("14th", tiles=None).get_root().render()
    >>> "sg-zone" in html  # the zone layer (names are in its GeoJSON, \\u-escaped)
    True
    """
    from . import datasets, plan, sites

    m = base_map(tiles=tiles) if m is None else m
    district = datasets.district()
    _fit(m, district)
    _district_outline(m, district, simplify_m)
    _geojson(
        _prepare(datasets.water(), m, simplify_m),
        "钱塘江 Qiantang River",
        m=m,
        style={"color": "#6baed6", "weight": 0, "fillColor": "#9ecae1", "fillOpacity": 0.5},
    )
    axis = plan.riverfront_axis()
    _geojson(
        _prepare(axis, m, 0),
        "一轴 Riverfront axis (19 km)",
        m=m,
        style={"color": ZONE_COLOURS["axis"], "weight": 5},
        fields=["name_zh", "length_m"],
        aliases=["名称", "长度 (m)"],
    )
    zones = plan.structure(version, radius_m=radius_m) if version in plan.versions().index else None
    indicative = True
    if zones is not None:
        indicative = bool((zones.get("status", "indicative") == "indicative").all())
        dash = "6 4" if indicative else None

        def style(feature: dict[str, Any]) -> dict[str, Any]:
            kind = feature["properties"].get("element_type", "area")
            colour = ZONE_COLOURS.get(kind, "#6a3d9a")
            return {
                "color": colour,
                "weight": 2,
                "fillColor": colour,
                "fillOpacity": 0.25,
                "dashArray": dash,
            }

        shown = zones[zones["element_type"] != "axis"] if "element_type" in zones else zones
        _geojson(
            _prepare(shown, m, simplify_m),
            f"规划分区 Plan zones ({version})",
            m=m,
            style={},
            style_function=style,
            fields=["name_zh", "name_en", "element_type", "confidence", "method"],
            aliases=["名称", "Name", "类型 Type", "置信度 Confidence", "方法 Method"],
            class_name="sg-zone",
            keep=["element_type"],
        )
    fc = sites.future_communities()
    kp = sites.key_projects()
    _points(
        m,
        _prepare(fc, m, 0),
        "未来社区 Future communities",
        "#31a354",
        ["name_zh", "name_en", "programme", "confidence"],
        "sg-site",
    )
    _points(
        m,
        _prepare(kp, m, 0),
        "标志性项目 Key projects",
        "#756bb1",
        ["name_zh", "name_en", "confidence"],
        "sg-site",
    )
    unlocated = int(fc.is_empty.sum() + kp.is_empty.sum())
    items = [
        (ZONE_COLOURS[k], label)
        for k, label in (
            ("axis", "一轴 Axis"),
            ("core", "核 Core"),
            ("star", "星 Star"),
            ("area", "片区 Area"),
        )
    ]
    items += [("#31a354", "未来社区 Future community"), ("#756bb1", "标志性项目 Key project")]
    note = (
        "示意范围，非官方边界 Indicative zone, not official"
        if indicative
        else "用户提供的官方范围 User-supplied official zones"
    )
    note += f"; {unlocated} sites unlocated (not drawn)"
    _legend(m, f"规划结构 Plan structure ({version})", items, note=note)
    _credit(m, datasets.attribution(district, datasets.water(), datasets.places()))
    return _finish(m)


def _points(
    m: Any, gdf: gpd.GeoDataFrame, name: str, colour: str, fields: list[str], class_name: str
) -> None:
    folium = _folium()
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


# ----------------------------------------------------------------------------- coverage map


def coverage_map(
    units: gpd.GeoDataFrame | None = None,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float | Sequence[float] = (500, 800),
    as_of: Any = None,
    network: Any = None,
    m: Any = None,
    tiles: Any = ("light", "osm"),
    simplify_m: float = 10.0,
    gaps: bool = True,
    base: str = "land",
) -> Any:
    """Metro coverage: stations by line colour, catchments, gaps and a per-unit choropleth.

    Parameters
    ----------
    units : GeoDataFrame, optional
        Units for the choropleth (default the plan zones of the 14th plan).
    stations : GeoDataFrame, optional
        Default: the embedded stations (open on ``as_of``); markers are drawn for those
        within 5 km of the units.
    radius_m : float or list
        Catchment radii drawn (the largest one drives the choropleth and the gaps).
    as_of : date or ISO str, optional
        Only stations open on that day.
    network : graph, optional
        Also draw walking catchments along this network.
    m : folium.Map, optional
        Draw on this map instead of a new one.
    tiles : str, sequence of str, xyzservices provider or None, default ('light', 'osm')
        Basemaps: names such as ``'light'``, ``'osm'``, ``'amap'`` (GCJ-02), or None.
    simplify_m : float, default 10
        Outline simplification tolerance in metres.
    gaps : bool, default True
        Draw the uncovered land (a layer switched off at first).
    base : {'land', 'unit'}, default 'land'
        The base of the choropleth's ratios.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import maps
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # 荆长路 has no opening date: named, left out
    ...     html = maps.coverage_map(as_of="2025-12-31", tiles=None).get_root().render()
    >>> "sg-catchment" in html
    True
    """

    import branca.colormap as cm
    import numpy as np
    import shapely

    from . import datasets
    from ._geom import near_box
    from ._validate import radii as radius_list
    from .access import Access
    from .coverage import catchments, coverage_gaps
    from .crs import to_analysis_crs

    radii = sorted(radius_list(radius_m))
    m = base_map(tiles=tiles) if m is None else m
    if units is None:
        from .units import named

        units = named("zones:14th")  # every 14th-plan zone is located
    # the stations open on as_of (default: the embedded ones), filtered once for every layer
    acc = Access(stations, as_of=as_of)
    district = datasets.district()
    _fit(m, units)
    _district_outline(m, district, simplify_m)
    cov = acc.coverage(units, radius_m=radii[-1], base=base)
    colormap = cm.LinearColormap(
        ["#fee5d9", "#fcae91", "#fb6a4a", "#cb181d"],
        vmin=0,
        vmax=1,
        caption=f"{radii[-1]:g} m 覆盖率 coverage ratio ({base})",
    )
    shown = cov.assign(coverage_pct=(cov["coverage_ratio"] * 100).round(1))
    label_col = "name_zh" if "name_zh" in shown.columns else None
    fields = [c for c in (label_col, "coverage_pct") if c]

    def choropleth_style(feature: dict[str, Any]) -> dict[str, Any]:
        pct = feature["properties"].get("coverage_pct")
        value = float(pct) / 100 if pct not in (None, "nan") else 0.0
        return {"color": "#555555", "weight": 1, "fillColor": colormap(value), "fillOpacity": 0.55}

    _geojson(
        _prepare(shown, m, simplify_m),
        f"单元覆盖率 Coverage per unit ({radii[-1]:g} m)",
        m=m,
        style={},
        style_function=choropleth_style,
        fields=fields,
        aliases=["单元 Unit", "覆盖率 Coverage (%)"][-len(fields) :],
        class_name="sg-unit",
    )
    colormap.add_to(m)
    units_box = shapely.box(*to_analysis_crs(units, "units").total_bounds)
    st_xy = np.column_stack([acc.stations.geometry.x, acc.stations.geometry.y])
    near = acc.stations[near_box(st_xy, units_box.bounds, 5_000)]  # stations drawn: within 5 km
    palette = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]
    all_catch = catchments(acc, radius_m=radii)
    for i, r in enumerate(radii):
        catch = all_catch[all_catch["radius_m"] == r]
        _geojson(
            _prepare(catch, m, simplify_m),
            f"{r:g} 米直线覆盖 {r:g} m straight-line",
            m=m,
            style={
                "color": palette[i % 4],
                "weight": 1,
                "fillColor": palette[i % 4],
                "fillOpacity": 0.15,
            },
            class_name=f"sg-catchment sg-catchment-{r:g}",
        )
    if network is not None:
        walking = Access(near, method="network", network=network)
        walk = catchments(walking, radius_m=radii, extent=units_box.buffer(max(radii)).envelope)
        for r in radii:
            _geojson(
                _prepare(walk[walk["radius_m"] == r], m, simplify_m),
                f"{r:g} 米步行覆盖 {r:g} m walking",
                m=m,
                style={"color": "#238b45", "weight": 1, "fillColor": "#41ab5d", "fillOpacity": 0.2},
                class_name=f"sg-catchment sg-walk-{r:g}",
            )
    if gaps:
        holes = coverage_gaps(units, acc, radius_m=radii[-1], base=base, min_area_m2=10_000)
        _geojson(
            _prepare(holes, m, simplify_m),
            f"覆盖空白 Gaps (> 1 ha, {radii[-1]:g} m)",
            m=m,
            style={
                "color": "#000000",
                "weight": 1,
                "fillColor": "#000000",
                "fillOpacity": 0.25,
                "dashArray": "3 3",
            },
            fields=["area_m2", "rank"],
            aliases=["面积 Area (m²)", "排名 Rank"],
            class_name="sg-gap",
            show=False,
        )
    lines = datasets.lines()
    _geojson(
        _prepare(lines, m, simplify_m),
        "地铁线路 Metro lines",
        m=m,
        style={},
        style_function=lambda f: {
            "color": f["properties"].get("colour") or "#777777",
            "weight": 3,
            "opacity": 0.8,
        },
        fields=["name_zh", "name_en", "geometry_kind"],
        aliases=["线路", "Line", "几何 Geometry"],
        keep=["colour"],
    )
    _station_markers(m, near.to_crs("EPSG:4326"))  # last, so markers sit on top
    legend = [(c, f"{r:g} m") for c, r in zip(palette, radii, strict=False)]
    if network is not None:
        legend.append(("#41ab5d", "步行 Walking"))
    if gaps:
        legend.append(("#000000", "空白 Gap"))
    when = f"as of {as_of}" if as_of is not None else "all open stations"
    _legend(
        m,
        f"站点覆盖 Station coverage ({when})",
        legend,
        note="2 stations in Shangcheng (五堡, 六堡) have no open position",
    )
    _credit(m, datasets.attribution(district, datasets.stations(), datasets.water()))
    return _finish(m)


def _station_markers(m: Any, stations: gpd.GeoDataFrame) -> None:
    folium = _folium()
    from . import datasets

    colours: dict[str, str] = {}
    for _, row in datasets.lines().iterrows():
        if row["colour"]:
            colours.setdefault(str(row["line_id"]), str(row["colour"]))
    shown = stations
    if getattr(m, "shangcheng_datum", "wgs84") != "wgs84":
        from .crs import to_datum

        shown = to_datum(stations, m.shangcheng_datum)
    group = folium.FeatureGroup(name="地铁站 Metro stations")
    for _, row in shown.iterrows():
        lines = str(row.get("lines", "")).split(";")
        colour = colours.get(lines[0], LINE_COLOURS_FALLBACK)
        opened = row.get("opened")
        opened_text = (
            opened.date().isoformat() if hasattr(opened, "date") and opened == opened else "?"
        )
        name_en = row.get("name_en")
        tip = (
            f"<b>{html.escape(str(row.get('name_zh', '')))}</b>"
            f"{' / ' + html.escape(str(name_en)) if isinstance(name_en, str) else ''}"
            f"<br>线路 Lines: {html.escape(', '.join(lines))}"
            f"<br>开通 Opened: {opened_text}"
        )
        folium.CircleMarker(
            location=[row.geometry.y, row.geometry.x],
            radius=5,
            color="#222222",
            weight=1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.95,
            tooltip=tip,
            className="sg-station",
        ).add_to(group)
    group.add_to(m)


# ----------------------------------------------------------------------------- green map


def green_map(
    result: gpd.GeoDataFrame,
    *,
    target_pct: float | None = None,
    m: Any = None,
    tiles: Any = ("light", "osm"),
    simplify_m: float = 10.0,
    data_source: str = "user data",
) -> Any:
    """Green coverage ratio per unit (a :func:`shangcheng_geo.green.green_coverage` result),
    coloured against the plan's target (40.5 % by 2025 unless ``target_pct`` is given).

    Parameters
    ----------
    result : GeoDataFrame
        A :func:`shangcheng_geo.green.green_coverage` result.
    target_pct : float, optional
        The target in percent; default the plan's 40.5.
    m : folium.Map, optional
        Draw on this map instead of a new one.
    tiles : str, sequence of str, xyzservices provider or None, default ('light', 'osm')
        Basemaps: names such as ``'light'``, ``'osm'``, ``'amap'`` (GCJ-02), or None.
    simplify_m : float, default 10
        Outline simplification tolerance in metres.
    data_source : str, default 'user data'
        Named in the attribution.

    Returns
    -------
    folium.Map
        The map.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import green, maps, plan
    >>> zones = plan.structure("14th").iloc[[1]]
    >>> centre = zones.to_crs(4549).geometry.iloc[0].centroid
    >>> trees = gpd.GeoDataFrame(geometry=[centre.buffer(300)], crs=4549)
    >>> html = maps.green_map(green.green_coverage(zones, trees), tiles=None).get_root().render()
    >>> "sg-unit" in html and "Green coverage ratio" in html
    True
    """
    import branca.colormap as cm

    from . import datasets
    from .indicators import get

    if "green_ratio" not in result.columns:
        raise InputError("result must come from green.green_coverage() (no 'green_ratio' column).")
    target = float(get("green_coverage_ratio")["target"]) if target_pct is None else target_pct
    m = base_map(tiles=tiles) if m is None else m
    _fit(m, result)
    colormap = cm.LinearColormap(
        ["#f7fcf5", "#a1d99b", "#31a354", "#00441b"],
        vmin=0,
        vmax=1,
        caption="绿化覆盖率 Green coverage ratio",
    )
    shown = result.assign(green_pct=(result["green_ratio"] * 100).round(1))
    shown["vs_target"] = (shown["green_pct"] - target).round(1)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        pct = feature["properties"].get("green_pct")
        value = float(pct) / 100 if pct not in (None, "nan") else 0.0
        below = float(pct) < target if pct not in (None, "nan") else True
        return {
            "color": "#d7301f" if below else "#333333",
            "weight": 2 if below else 1,
            "fillColor": colormap(value),
            "fillOpacity": 0.6,
        }

    label = [c for c in ("name_zh", "cell_id", "element_id") if c in shown.columns][:1]
    _geojson(
        _prepare(shown, m, simplify_m),
        "绿化覆盖率 Green coverage",
        m=m,
        style={},
        style_function=style,
        fields=[*label, "green_pct", "vs_target"],
        aliases=[*(["单元 Unit"] if label else []), "绿化覆盖率 (%)", f"vs target {target} %"],
        class_name="sg-unit",
    )
    colormap.add_to(m)
    _legend(
        m,
        "绿化覆盖率 Green coverage",
        [("#d7301f", f"低于目标 Below {target} % target")],
        note=f"Plan: 39.2 % (2020) → 40.5 % (2025). Data: {data_source}",
    )
    _credit(m, datasets.attribution(datasets.district()), data_source)
    return _finish(m)
