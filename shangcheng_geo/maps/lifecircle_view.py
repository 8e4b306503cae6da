"""The life-circle map: each unit's share within a facility category's distance, and the
facilities themselves (a :func:`shangcheng_geo.lifecircle.facility_coverage` result).

Examples
--------
>>> import geopandas as gpd
>>> from shapely.geometry import Point, box
>>> from shangcheng_geo import lifecircle, maps
>>> unit = gpd.GeoDataFrame({"name_zh": ["甲"]}, geometry=[box(520_000, 3_350_000,
...                         521_000, 3_351_000)], crs=4549)
>>> pois = gpd.GeoDataFrame({"category": ["kindergarten"]},
...                         geometry=[Point(520_500, 3_350_500)], crs=4549)
>>> res = lifecircle.facility_coverage(unit, pois, categories=["kindergarten"], base="unit")
>>> m = maps.lifecircle_map(res, pois, category="kindergarten", tiles=None)
>>> "sg-facility" in m.get_root().render()
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._errors import InputError
from ..lifecircle.standards import CATEGORIES
from ._basemap import base_map
from ._mapkit import (
    add_legend,
    colour_bar,
    credit,
    district_outline,
    finish,
    fit_to,
    geojson_layer,
    points_layer,
    prepare_layer,
    title_box,
    zone_labels,
)

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["lifecircle_map"]

COLOURS = ["#fff5eb", "#fdae6b", "#e6550d", "#7f2704"]
NO_DATA_TEXT = "无数据 no data"  # a unit's share not measured: grey, and so in its tooltip


def lifecircle_map(
    result: gpd.GeoDataFrame,
    pois: gpd.GeoDataFrame,
    *,
    category: str,
    m: Any = None,
    tiles: Any = ("light", "osm"),
    simplify_m: float = 10.0,
    assets: str = "inline",
) -> Any:
    """Life-circle coverage of one facility category: units by share (%), the facilities.

    Parameters
    ----------
    result : GeoDataFrame
        A :func:`shangcheng_geo.lifecircle.facility_coverage` result.
    pois : GeoDataFrame
        The facility points measured (with ``category``).
    category : str
        The category drawn (one of the result's ``share_<category>`` columns).
    m : folium.Map, optional
        Draw on this map instead of a new one.
    tiles : str, sequence of str or None, default ('light', 'osm')
        Basemaps, as in :func:`shangcheng_geo.maps.base_map`.
    simplify_m : float, default 10
        Outline simplification tolerance in metres.
    assets : {'inline', 'cdn'}, default 'inline'
        A self-contained page, or one that loads Leaflet online.

    Returns
    -------
    folium.Map
        The map; its title names the category, the distance (and walking minutes), the
        standard, and the units' median share. Units without data are drawn grey, as no data.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import lifecircle, maps
    >>> unit = gpd.GeoDataFrame(geometry=[box(520_000, 3_350_000, 521_000, 3_351_000)], crs=4549)
    >>> pois = gpd.GeoDataFrame({"category": ["primary_school"]},
    ...                         geometry=[Point(520_500, 3_350_500)], crs=4549)
    >>> res = lifecircle.facility_coverage(unit, pois, categories=["primary_school"])
    >>> m = maps.lifecircle_map(res, pois, category="primary_school", tiles=None)
    >>> "500 米" in m.shangcheng_title
    True
    """
    import numpy as np

    from .. import datasets

    info = getattr(result, "attrs", {}).get("lifecircle")
    column = f"share_{category}"
    if info is None or column not in result.columns:
        have = sorted(c[6:] for c in getattr(result, "columns", []) if str(c).startswith("share_"))
        raise InputError(
            f"result has no {column!r}: pass a lifecircle.facility_coverage() result and one "
            f"of its categories {have}."
        )
    distance = float(info["distance_m"][category])
    zh = CATEGORIES.get(category, category)  # the standard's Chinese name
    minutes = _walk_minutes(info, category, distance)
    verified = bool(info.get("verified", {}).get(category, False))
    m = base_map(tiles=tiles, assets=assets) if m is None else m
    district = datasets.district()
    fit_to(m, district, result)
    district_outline(m, district, simplify_m)
    shares = result[column].to_numpy(dtype=float)
    pct = np.round(shares * 100, 1)
    shown = result.assign(share_pct=[f"{v:.1f}" if v == v else NO_DATA_TEXT for v in pct])
    import branca.colormap as cm

    colormap = cm.LinearColormap(COLOURS, vmin=0, vmax=1)

    def style(feature: dict[str, Any]) -> dict[str, Any]:
        pct = feature["properties"].get("share_pct")
        if pct in (None, NO_DATA_TEXT):
            return {"color": "#888888", "weight": 1, "fillColor": "#cccccc", "fillOpacity": 0.5}
        return {"color": "#555555", "weight": 1, "fillColor": colormap(float(pct) / 100),
                "fillOpacity": 0.65}  # fmt: skip

    label = [c for c in ("name_zh", "name") if c in shown.columns][:1]
    geojson_layer(
        prepare_layer(shown, m, simplify_m),
        f"生活圈覆盖 Life-circle share ({category}, {distance:g} m)",
        m=m,
        style={},
        style_function=style,
        fields=[*label, "share_pct"],
        aliases=[*(["单元 Unit"] if label else []), f"{distance:g} m 内比例 Share (%)"],
        class_name="sg-unit",
    )
    if label:
        zone_labels(m, prepare_layer(shown, m, simplify_m), label[0])
    mine = pois[pois["category"] == category].to_crs("EPSG:4326")
    names = [c for c in ("name_zh", "name", "category") if c in mine.columns]
    points_layer(m, mine, f"设施 Facilities: {category} ({len(mine)})", "#7f2704", names,
                 "sg-facility")  # fmt: skip
    colour_bar(m, f"{distance:g} 米内比例 Share within {distance:g} m (%)", COLOURS)
    median = float(np.nanmedian(shares)) if np.isfinite(shares).any() else float("nan")
    tier = "" if verified else "; the standard's tier for it is not verified"
    add_legend(
        m,
        f"{info['standard']} · {zh} {category}",
        [("#cccccc", "无数据 no data"), ("#7f2704", f"设施 facility ({len(mine)})")],
        note=f"{distance:g} m ≈ {minutes:.0f} min walking; method {info['method']}{tier}",
    )
    when = "no data" if median != median else f"{median * 100:.1f} %"
    title_box(
        m,
        f"生活圈 {zh} {distance:g} 米（约 {minutes:.0f} 分钟）单元中位数 {when}",
        f"Life circle ({info['standard']}): median share of the units within {distance:g} m "
        f"of a {category}",
    )
    credit(m, result, district, datasets.water(), pois)  # every layer drawn, by its provenance
    return finish(m)


def _walk_minutes(info: dict[str, Any], category: str, distance: float) -> float:
    """The category's distance in walking minutes at the speed the result was made with: its
    own ``walk_min``, else its ``walk_speed_m_s``; the model's default speed only when the
    result states neither."""
    stated = info.get("walk_min") or {}
    if category in stated:
        return float(stated[category])
    from ..access import DEFAULT_WALK_SPEED_M_S, walk_minutes

    return float(walk_minutes(distance, float(info.get("walk_speed_m_s", DEFAULT_WALK_SPEED_M_S))))
