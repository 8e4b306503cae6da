"""The green-coverage map: each unit's green coverage ratio (a
:func:`shangcheng_geo.green.green_coverage` result) against the plan's target (``maps`` extra).

A result from OpenStreetMap-mapped green space (``mapped_green_share``) is drawn under the
proxy's own name, 已测绘绿地占比（OSM，非绿化覆盖率）, in the title, legend, colour bar and
tooltips, and is not outlined against the plan's 绿化覆盖率 target.

Examples
--------
>>> import geopandas as gpd
>>> from shangcheng_geo import green, maps, plan
>>> zones = plan.structure("14th").iloc[[1]]
>>> trees = gpd.GeoDataFrame(geometry=[zones.to_crs(4549).geometry.iloc[0].centroid.buffer(300)],
...                          crs=4549)
>>> m = maps.green_map(green.green_coverage(zones, trees), tiles=None)
>>> "目标 40.5 %" in m.shangcheng_title
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import InputError
from ._basemap import base_map
from ._mapkit import (
    add_legend,
    colour_bar,
    credit,
    district_outline,
    finish,
    fit_to,
    geojson_layer,
    prepare_layer,
    title_box,
    zone_labels,
)

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["green_map"]


def green_map(
    result: gpd.GeoDataFrame,
    *,
    target_pct: float | None = None,
    m: Any = None,
    tiles: Any = ("light", "osm"),
    simplify_m: float = 10.0,
    data_source: str | None = None,
    assets: str = "inline",
) -> Any:
    """Green coverage ratio per unit (a :func:`shangcheng_geo.green.green_coverage` result),
    coloured against the plan's target (40.5 % by 2025 unless ``target_pct`` is given).

    A result from OSM-mapped green space is named as the proxy it is (已测绘绿地占比, not
    绿化覆盖率) and marked as not comparable with the target instead of outlined below it.

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
    data_source : str, optional
        The green data, named in the attribution; default the source the result states
        (the green layer's own attribution, e.g. © OpenStreetMap contributors for the
        embedded green space), else 'user data'.
    assets : {'inline', 'cdn'}, default 'inline'
        As in :func:`base_map`.

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
    >>> osm = green.green_coverage(zones, trees.assign(source="OpenStreetMap"))
    >>> maps.green_map(osm, tiles=None).shangcheng_title.startswith("已测绘绿地占比")
    True
    """
    import branca.colormap as cm

    from .. import datasets
    from ..green.kinds import INDICATIVE, indicator_of, overall_ratio
    from ..indicators import get

    ind = indicator_of(result)  # 绿化覆盖率, or the OSM-mapped green share (a proxy)
    if data_source is None:  # whose green data it is, as the result states it
        data_source = (getattr(result, "attrs", {}).get("green") or {}).get("source") or "user data"
    if ind.column not in result.columns or ind.area_column not in result.columns:
        raise InputError(
            f"result must come from green.green_coverage() ({ind.column!r} and "
            f"{ind.area_column!r} columns); columns: {list(map(str, result.columns))}."
        )
    target = float(get("green_coverage_ratio")["target"]) if target_pct is None else target_pct
    m = base_map(tiles=tiles, assets=assets) if m is None else m
    district = datasets.district()
    fit_to(m, district, result)
    district_outline(m, district, simplify_m)
    colours = ["#f7fcf5", "#a1d99b", "#31a354", "#00441b"]
    colormap = cm.LinearColormap(colours, vmin=0, vmax=1)
    pct = "green_pct" if ind.comparable else "mapped_green_pct"
    shown = result.assign(**{pct: (result[ind.column] * 100).round(1)})
    # what the tooltip reads: the figure, or "no data" (never an empty cell or 0 %)
    shown["pct_shown"] = shown[pct].map(lambda v: "无数据 no data" if v != v else f"{v:.1f}")
    if ind.comparable:
        shown["vs_target"] = (shown[pct] - target).round(1)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        value = feature["properties"].get(pct)
        known = value not in (None, "nan")
        if not known:  # no data: grey, never the colour of 0 % nor "below the target"
            return {"color": "#888888", "weight": 1.0, "dashArray": "4 4",
                    "fillColor": "#cccccc", "fillOpacity": 0.5}  # fmt: skip
        if not ind.comparable:  # a proxy: no outline says "below the target"
            edge, weight = "#555555", 1.5
        else:
            below = float(value) < target
            edge, weight = ("#d7301f", 2.5) if below else ("#1a9850", 1.5)
        return {
            "color": edge,
            "weight": weight,
            "fillColor": colormap(float(value) / 100),
            "fillOpacity": 0.6,
        }

    label = [c for c in ("name_zh", "cell_id", "element_id") if c in shown.columns][:1]
    geojson_layer(
        prepare_layer(shown, m, simplify_m),
        ind.label,
        m=m,
        style={},
        style_function=style,
        fields=[*label, "pct_shown", *(["vs_target"] if ind.comparable else [])],
        keep=[pct],  # the figure itself, for the colours and for pipelines reading the page
        aliases=[
            *(["单元 Unit"] if label else []),
            f"{ind.label} (%)",
            *([f"与目标之差 vs {target:g} % target (points)"] if ind.comparable else []),
        ],
        class_name="sg-unit",
    )
    if label and label[0] == "name_zh":
        zone_labels(m, prepare_layer(shown, m, simplify_m), "name_zh")
    colour_bar(m, f"{ind.label} (%)", colours)
    total = overall_ratio(result)  # over the observed part of the units
    if ind.comparable:
        add_legend(
            m,
            f"规划目标 Plan target {target:g} %",
            [
                ("#1a9850", f"达到目标 Meets the {target:g} % target"),
                ("#d7301f", f"低于目标 Below the {target:g} % target"),
            ],
            note=f"Plan: 39.2 % (2020) → 40.5 % (2025). Data: {data_source}",
        )
        title_box(
            m,
            f"绿化覆盖率 {total * 100:.1f} % (目标 {target:g} %)",
            f"Green coverage of the units shown: {total * 100:.1f} % (target {target:g} %); "
            f"data: {data_source}",
        )
    else:
        add_legend(
            m,
            ind.label,
            [("#555555", f"不与绿化覆盖率目标 {target:g} % 比较 Not compared with the target")],
            note=f"{INDICATIVE}. OSM maps parks, gardens and grass, not street trees. "
            f"Data: {data_source}",
        )
        title_box(
            m,
            f"{ind.name_zh} {total * 100:.1f} %",
            f"{ind.name_en} of the units shown: {total * 100:.1f} % (not 绿化覆盖率; "
            f"{INDICATIVE}); data: {data_source}",
        )
    credit(m, datasets.attribution(district, datasets.water()), data_source)
    return finish(m)
