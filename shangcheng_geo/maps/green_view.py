"""The green-coverage map: each unit's green coverage ratio (a
:func:`shangcheng_geo.green.green_coverage` result) against the plan's target (``maps`` extra).

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
    data_source: str = "user data",
    assets: str = "inline",
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
    """
    import branca.colormap as cm

    from .. import datasets
    from ..indicators import get

    if "green_ratio" not in result.columns:
        raise InputError("result must come from green.green_coverage() (no 'green_ratio' column).")
    target = float(get("green_coverage_ratio")["target"]) if target_pct is None else target_pct
    m = base_map(tiles=tiles, assets=assets) if m is None else m
    district = datasets.district()
    fit_to(m, district, result)
    district_outline(m, district, simplify_m)
    colours = ["#f7fcf5", "#a1d99b", "#31a354", "#00441b"]
    colormap = cm.LinearColormap(colours, vmin=0, vmax=1)
    shown = result.assign(green_pct=(result["green_ratio"] * 100).round(1))
    shown["vs_target"] = (shown["green_pct"] - target).round(1)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        pct = feature["properties"].get("green_pct")
        value = float(pct) / 100 if pct not in (None, "nan") else 0.0
        below = float(pct) < target if pct not in (None, "nan") else True
        return {
            "color": "#d7301f" if below else "#1a9850",
            "weight": 2.5 if below else 1.5,
            "fillColor": colormap(value),
            "fillOpacity": 0.6,
        }

    label = [c for c in ("name_zh", "cell_id", "element_id") if c in shown.columns][:1]
    geojson_layer(
        prepare_layer(shown, m, simplify_m),
        "绿化覆盖率 Green coverage",
        m=m,
        style={},
        style_function=style,
        fields=[*label, "green_pct", "vs_target"],
        aliases=[
            *(["单元 Unit"] if label else []),
            "绿化覆盖率 Green coverage (%)",
            f"与目标之差 vs {target:g} % target (points)",
        ],
        class_name="sg-unit",
    )
    if label and label[0] == "name_zh":
        zone_labels(m, prepare_layer(shown, m, simplify_m), "name_zh")
    colour_bar(m, "绿化覆盖率 Green coverage ratio (%)", colours)
    add_legend(
        m,
        f"规划目标 Plan target {target:g} %",
        [
            ("#1a9850", f"达到目标 Meets the {target:g} % target"),
            ("#d7301f", f"低于目标 Below the {target:g} % target"),
        ],
        note=f"Plan: 39.2 % (2020) → 40.5 % (2025). Data: {data_source}",
    )
    total = float(result["green_m2"].sum()) / max(float(result["base_m2"].sum()), 1e-9)
    title_box(
        m,
        f"绿化覆盖率 {total * 100:.1f} % (目标 {target:g} %)",
        f"Green coverage of the units shown: {total * 100:.1f} % (target {target:g} %); "
        f"data: {data_source}",
    )
    credit(m, datasets.attribution(district, datasets.water()), data_source)
    return finish(m)
