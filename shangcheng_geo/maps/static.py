"""Print maps for reports (PNG/PDF/SVG) with matplotlib (``maps`` extra).

A report figure, A4 landscape: units coloured by their coverage in % (with a % colour bar),
the covered land as one shaded area (overlapping catchments never darker), gaps over 1 ha
outlined, the river, the district outline, metro lines in their colours, stations, zone
labels placed so that they do not collide, a bilingual title with the headline figure and
its date, a scale bar, a north arrow and the data attribution; no axis ticks in metres.
Chinese text uses the Noto Sans CJK SC font of the ``noto-cjk-sans-otc`` package (SIL Open
Font License), never a font the machine may or may not have.

Examples
--------
>>> import tempfile, os, warnings
>>> from shangcheng_geo import static
>>> path = os.path.join(tempfile.mkdtemp(), "coverage.png")
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     _ = static.static_coverage_map(path=path, as_of="2025-12-31", dpi=60)
>>> os.path.getsize(path) > 10_000
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._atomic import check_output_path
from .._errors import InputError
from .._options import STATION_RADIUS_M
from .._validate import radii as radius_list
from ..lifecircle.standards import CATEGORIES
from ._credits import credit_text
from ._mapkit import require_map_units
from ._printkit import (
    CJK_FONT,
    a4_page,
    cjk_font_path,
    colour_bar,
    coverage_layers,
    coverage_legend,
    frame,
    headings,
    pyplot,
    save,
    share_figure,
    unit_labels,
    view_bounds,
)
from ._writers import data_first, require_path

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "CJK_FONT",
    "cjk_font_path",
    "coverage_figure",
    "green_figure",
    "lifecircle_figure",
    "static_coverage_map",
    "static_green_map",
    "static_lifecircle_map",
]

PRINT_SUFFIXES = (".png", ".pdf", ".svg")  # the formats a print map is written in


@data_first(
    ("path", "units", "stations"),
    "static_coverage_map(units, path, stations=...) or static_coverage_map(path=path)",
)
def static_coverage_map(
    units: gpd.GeoDataFrame | None = None,
    path: str | Path | None = None,
    *,
    stations: gpd.GeoDataFrame | None = None,
    radius_m: float | list[float] = STATION_RADIUS_M,
    as_of: Any = None,
    dpi: int = 300,
) -> Path:
    """A print map of station coverage (A4 landscape; PNG at ``dpi``, PDF or SVG).

    What is drawn first, then where: ``static_coverage_map(units, "map.pdf")``, or
    ``static_coverage_map(path="map.pdf")`` for the plan zones. The earlier file-first call
    ``static_coverage_map("map.pdf", units)`` still works, with a ``DeprecationWarning``.

    Parameters
    ----------
    units : GeoDataFrame, optional
        Default the 14th-plan zones (located), labelled by ``name_zh``.
    path : str or Path
        The output file (required); the format follows the extension (``.png``, ``.pdf``,
        ``.svg``).
    stations : GeoDataFrame, optional
        Default the embedded stations (open on ``as_of``).
    radius_m : float or list of float, default 800
        The largest radius is the one measured, shaded and coloured.
    as_of : date or ISO str, optional
        Only stations open on that day; default today (stated in the title).
    dpi : int, default 300
        Resolution of a PNG (300: print quality).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import os, tempfile, warnings
    >>> from shangcheng_geo import static
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     out = static.static_coverage_map(path=os.path.join(tempfile.mkdtemp(), "c.png"),
    ...                                      as_of="2025-12-31", dpi=60)
    >>> out.suffix, out.stat().st_size > 10_000
    ('.png', True)
    """

    path = require_path(path, "static_coverage_map", "static_coverage_map(units, 'map.png')")
    out = check_output_path(path, suffixes=PRINT_SUFFIXES, what="print maps")  # at the door
    pyplot()  # matplotlib there, or a clear error before anything else
    fig, _ax, _info = coverage_figure(units, stations, radius_m=radius_m, as_of=as_of)
    return save(fig, out, dpi)


def coverage_figure(
    units: Any = None, stations: Any = None, *, radius_m: Any = STATION_RADIUS_M, as_of: Any = None
) -> tuple[Any, Any, dict[str, Any]]:
    """The print map as a matplotlib figure (what :func:`static_coverage_map` saves).

    Parameters
    ----------
    units, stations, radius_m, as_of
        As in :func:`static_coverage_map`.

    Returns
    -------
    (Figure, Axes, dict)
        The figure, its map axes, and what was drawn: ``radius_m``, ``as_of``,
        ``headline`` (the district's ratio), ``title`` and ``labels`` (those placed).

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo.maps import static
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     fig, ax, info = static.coverage_figure(as_of="2025-12-31")
    >>> round(info["headline"], 3), info["radius_m"]
    (0.61, 800.0)
    """

    from .. import datasets
    from ..access.model import Access
    from ..plan import layout as plan

    r = sorted(radius_list(radius_m))[-1]
    day = datasets.measured_day(as_of)
    prepared = require_map_units(plan.structure_metric("14th") if units is None else units)
    acc = Access(stations, as_of=day)
    cov = acc.coverage(prepared, radius_m=r)
    district = datasets.in_analysis_crs("district")
    headline = float(acc.coverage(district, radius_m=r)["coverage_ratio"].iloc[0])
    with a4_page() as (fig, ax):
        # the area measured: the district for the plan zones, else the caller's units
        area = district if units is None else prepared.metric[["geometry"]].dissolve()
        shown = cov.set_geometry(prepared.metric.geometry.to_numpy(), crs=prepared.metric.crs)
        coverage_layers(ax, shown, acc, area, r)
        frame(ax, view_bounds(area, district), pad=800)  # first: labels are placed in this view
        ax.apply_aspect()  # the final box of the axes, as it will be drawn
        labels = unit_labels(ax, prepared.metric, cov)
        colour_bar(fig, r)
        coverage_legend(fig, r)
        from ..transit import future_note

        note = future_note(stations, day)
        title = f"上城区 站点{r:g}米覆盖率 {headline * 100:.1f} %（陆地，直线，{day}）"
        sub = (
            f"Shangcheng: {headline * 100:.1f} % of the land within {r:g} m of a metro "
            f"station (straight line), {day}" + (f" -- {note}" if note else "")
        )
        drawn = (prepared.metric if units is None else units, district, stations, acc.stations,
                 datasets.stations() if stations is None else None, datasets.water(),
                 datasets.lines())  # fmt: skip
        headings(fig, title, sub, credit_text(*drawn))  # every layer drawn, by its provenance
    info = {"radius_m": r, "as_of": day, "headline": headline, "title": title, "labels": labels}
    return fig, ax, info


@data_first(("path", "result"), "static_green_map(result, path)")
def static_green_map(
    result: gpd.GeoDataFrame,
    path: str | Path,
    *,
    target_pct: float | None = None,
    data_source: str | None = None,
    dpi: int = 300,
) -> Path:
    """A print map of green coverage (A4 landscape; PNG at ``dpi``, PDF or SVG).

    A result from OSM-mapped green space is titled with the proxy's own name (已测绘绿地占比,
    not 绿化覆盖率), without the "below target" outlines.

    What is drawn first, then where: ``static_green_map(result, "green.pdf")``; the earlier
    ``static_green_map("green.pdf", result)`` still works, with a ``DeprecationWarning``.

    Parameters
    ----------
    result : GeoDataFrame
        A :func:`shangcheng_geo.green.green_coverage` result.
    path : str or Path
        The output file; the format follows the extension.
    target_pct : float, optional
        The target in percent; default the plan's 40.5.
    data_source : str, optional
        The green data, named in the title and the attribution; default the source the
        result states (the green layer's own attribution), else 'user data'.
    dpi : int, default 300
        Resolution of a PNG.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import os, tempfile, geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import datasets, green
    >>> from shangcheng_geo.maps import static
    >>> trees = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326)
    >>> res = green.green_coverage(datasets.district(), trees)
    >>> out = static.static_green_map(res, os.path.join(tempfile.mkdtemp(), "g.png"), dpi=50)
    >>> out.stat().st_size > 10_000
    True
    """

    out = check_output_path(path, suffixes=PRINT_SUFFIXES, what="print maps")  # at the door
    pyplot()  # matplotlib there, or a clear error before anything else
    fig, _ax, _info = green_figure(result, target_pct=target_pct, data_source=data_source)
    return save(fig, out, dpi)


def green_figure(
    result: Any, *, target_pct: float | None = None, data_source: str | None = None
) -> tuple[Any, Any, dict[str, Any]]:
    """The green print map as a matplotlib figure (what :func:`static_green_map` saves).

    Parameters
    ----------
    result, target_pct, data_source
        As in :func:`static_green_map`.

    Returns
    -------
    (Figure, Axes, dict)
        The figure, its map axes, and ``measured`` (the ratio over all units, 0-1),
        ``target_pct``, ``title`` and ``labels``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> from shangcheng_geo import datasets, green
    >>> from shangcheng_geo.maps import static
    >>> trees = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326)
    >>> fig, ax, info = static.green_figure(green.green_coverage(datasets.district(), trees))
    >>> info["target_pct"], 0 < info["measured"] < 1
    (40.5, True)
    """
    from .. import datasets
    from ..crs import to_analysis_crs
    from ..green.kinds import INDICATIVE, indicator_of, overall_ratio
    from ..indicators import get

    ind = indicator_of(result)  # 绿化覆盖率, or the OSM-mapped green share (a proxy)
    if data_source is None:  # whose green data it is, as the result states it
        data_source = (getattr(result, "attrs", {}).get("green") or {}).get("source") or "user data"
    if ind.column not in result.columns or ind.area_column not in result.columns:
        raise InputError(f"result must come from green.green_coverage() (no {ind.column!r}).")
    target = float(get("green_coverage_ratio")["target"]) if target_pct is None else target_pct
    units_m = to_analysis_crs(result, "result")
    measured = overall_ratio(result)  # over the observed part of the units
    if ind.comparable:
        title = f"绿化覆盖率 {measured * 100:.1f} %（目标 {target:g} %）"
        sub = (f"Green coverage of the units drawn: {measured * 100:.1f} % against the plan's "
               f"{target:g} % target; green data: {data_source}")  # fmt: skip
    else:  # the proxy under its own name, never outlined against the 绿化覆盖率 target
        title = f"{ind.name_zh} {measured * 100:.1f} %"
        sub = (f"{ind.name_en} of the units drawn: {measured * 100:.1f} % ({INDICATIVE}); "
               f"green data: {data_source}")  # fmt: skip
    credit = credit_text(data_source, result, datasets.district(), datasets.water())
    fig, ax, labels = share_figure(
        units_m, ind.column, cmap="Greens", bar_label=f"{ind.name_zh}\n{ind.name_en} (%)",
        title=title, sub=sub, credit=credit,
        below=(target, f"低于目标 Below {target:g} %") if ind.comparable else None,
    )  # fmt: skip
    info = {"measured": measured, "target_pct": target, "title": title, "labels": labels}
    return fig, ax, info


@data_first(("path", "result", "pois"), "static_lifecircle_map(result, pois, path, category=...)")
def static_lifecircle_map(
    result: gpd.GeoDataFrame, pois: gpd.GeoDataFrame, path: str | Path, *, category: str,
    dpi: int = 300,
) -> Path:  # fmt: skip
    """A print map of one life-circle category (A4 landscape; PNG at ``dpi``, PDF or SVG).

    What is drawn first, then where: ``static_lifecircle_map(result, pois, "l.pdf",
    category=...)``; the earlier ``static_lifecircle_map("l.pdf", result, pois, ...)`` still
    works, with a ``DeprecationWarning``.

    Parameters
    ----------
    result : GeoDataFrame
        A :func:`shangcheng_geo.lifecircle.facility_coverage` result.
    pois : GeoDataFrame
        The facility points measured (with ``category``).
    path : str or Path
        The output file; the format follows the extension.
    category : str
        The category drawn.
    dpi : int, default 300
        Resolution of a PNG.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import os, tempfile, geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import lifecircle
    >>> from shangcheng_geo.maps import static
    >>> unit = gpd.GeoDataFrame(geometry=[box(520_000, 3_350_000, 521_000, 3_351_000)], crs=4549)
    >>> pois = gpd.GeoDataFrame({"category": ["kindergarten"]},
    ...                         geometry=[Point(520_500, 3_350_500)], crs=4549)
    >>> res = lifecircle.facility_coverage(unit, pois, categories=["kindergarten"])
    >>> out = static.static_lifecircle_map(res, pois, os.path.join(tempfile.mkdtemp(), "l.png"),
    ...                                    category="kindergarten", dpi=50)
    >>> out.stat().st_size > 10_000
    True
    """
    out = check_output_path(path, suffixes=PRINT_SUFFIXES, what="print maps")  # at the door
    pyplot()  # matplotlib there, or a clear error before anything else
    fig, _ax, _info = lifecircle_figure(result, pois, category=category)
    return save(fig, out, dpi)


def lifecircle_figure(result: Any, pois: Any, *, category: str) -> tuple[Any, Any, dict[str, Any]]:
    """The life-circle print map as a matplotlib figure (what :func:`static_lifecircle_map`
    saves): the category by its Chinese name in the standard (幼儿园 for ``kindergarten``).

    Parameters
    ----------
    result, pois, category
        As in :func:`static_lifecircle_map`.

    Returns
    -------
    (Figure, Axes, dict)
        The figure, its map axes, and ``median`` (the units' median share, 0-1),
        ``distance_m``, ``title`` and ``labels``.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point, box
    >>> from shangcheng_geo import lifecircle
    >>> from shangcheng_geo.maps import static
    >>> unit = gpd.GeoDataFrame(geometry=[box(520_000, 3_350_000, 521_000, 3_351_000)], crs=4549)
    >>> pois = gpd.GeoDataFrame({"category": ["kindergarten"]},
    ...                         geometry=[Point(520_500, 3_350_500)], crs=4549)
    >>> res = lifecircle.facility_coverage(unit, pois, categories=["kindergarten"])
    >>> fig, ax, info = static.lifecircle_figure(res, pois, category="kindergarten")
    >>> info["title"]
    '生活圈 幼儿园 300 米 单元中位数 28.3 %'
    """
    import numpy as np

    from .. import datasets
    from ..crs import to_analysis_crs

    info = getattr(result, "attrs", {}).get("lifecircle")
    column = f"share_{category}"
    if info is None or column not in result.columns:
        raise InputError(f"result has no {column!r}: pass a lifecircle.facility_coverage() result.")
    distance = float(info["distance_m"][category])
    shares = result[column].to_numpy(dtype=float)
    median = float(np.nanmedian(shares)) if np.isfinite(shares).any() else float("nan")
    when = "no data" if median != median else f"{median * 100:.1f} %"
    mine = to_analysis_crs(pois[pois["category"] == category], "pois")
    zh = CATEGORIES.get(category, category)  # the standard's Chinese name
    title = f"生活圈 {zh} {distance:g} 米 单元中位数 {when}"
    fig, ax, labels = share_figure(
        to_analysis_crs(result, "result"), column, cmap="Oranges",
        bar_label=f"{distance:g} 米内比例 Share within {distance:g} m (%)",
        title=title,
        sub=f"Life circle ({info['standard']}): median share of the units within {distance:g} m "
        f"of a {category} ({zh}); {len(mine)} facilities",
        credit=credit_text(result, datasets.district(), datasets.water(), pois), points=mine,
        points_label=f"{zh} {category}",
    )  # fmt: skip
    return fig, ax, {"median": median, "distance_m": distance, "title": title, "labels": labels}
