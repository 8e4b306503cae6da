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
...     _ = static.static_coverage_map(path, as_of="2025-12-31", dpi=60)
>>> os.path.getsize(path) > 10_000
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._atomic import replacing
from .._errors import MissingDependencyError
from .._options import STATION_RADIUS_M

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "CJK_FONT",
    "cjk_font_path",
    "coverage_figure",
    "green_figure",
    "static_coverage_map",
    "static_green_map",
    "static_lifecircle_map",
]

CJK_FONT = "Noto Sans CJK SC"  # from the noto-cjk-sans-otc package (OFL-1.1)
# The packaged face is registered under a family name of the library's own, so that a machine's
# own Noto Sans CJK (Debian's fonts-noto-cjk, say) can never be picked in its place: the same
# figure comes out on every machine.
_FAMILY = "shangcheng_geo Noto Sans CJK SC"
A4_LANDSCAPE_IN = (11.69, 8.27)
COVERED = "#08519c"  # the covered land's outline and hatching
GAP = "#f16913"


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt
    except ImportError:
        raise MissingDependencyError(
            "static maps need matplotlib: pip install 'shangcheng_geo[maps]'."
        ) from None
    return plt


def cjk_font_path() -> Path:
    """The packaged CJK font file, registered with matplotlib (once) under a family name of
    the library's own, so that the print maps use this file whatever fonts the machine has.

    Returns
    -------
    Path
        ``NotoSansCJK-Regular.ttc`` of the ``noto-cjk-sans-otc`` package.

    Examples
    --------
    >>> from shangcheng_geo.maps import static
    >>> static.cjk_font_path().name
    'NotoSansCJK-Regular.ttc'
    """
    try:
        import noto_cjk_sans_otc
    except ImportError:
        raise MissingDependencyError(
            "static maps carry their own Chinese font: pip install 'shangcheng_geo[maps]' "
            "(it brings noto-cjk-sans-otc, Noto Sans CJK under the SIL Open Font License)."
        ) from None
    import dataclasses

    from matplotlib import font_manager, ft2font

    path = Path(str(noto_cjk_sans_otc.FONT_PATH))
    manager = font_manager.fontManager
    if not any(f.name == _FAMILY and f.fname == str(path) for f in manager.ttflist):
        # the collection's Simplified Chinese face, by its own name, under the library's family
        faces = ft2font.FT2Font(str(path)).num_faces
        for index in range(faces):
            face = ft2font.FT2Font(str(path), face_index=index)
            if face.family_name == CJK_FONT:
                entry = font_manager.ttfFontProperty(face)
                manager.ttflist.append(dataclasses.replace(entry, name=_FAMILY))
                break
        else:
            raise MissingDependencyError(
                f"the font file {path} has no {CJK_FONT!r} face: reinstall it with "
                "pip install --force-reinstall noto-cjk-sans-otc"
            )
        # a lookup made before the registration must not be answered from matplotlib's cache
        clear = getattr(getattr(manager, "_findfont_cached", None), "cache_clear", None)
        if clear is not None:
            clear()
    return path


def static_coverage_map(
    path: str | Path,
    units: gpd.GeoDataFrame | None = None,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float | list[float] = STATION_RADIUS_M,
    as_of: Any = None,
    dpi: int = 300,
) -> Path:
    """A print map of station coverage (A4 landscape; PNG at ``dpi``, PDF or SVG).

    Parameters
    ----------
    path : str or Path
        The output file; the format follows the extension (``.png``, ``.pdf``, ``.svg``).
    units : GeoDataFrame, optional
        Default the 14th-plan zones (located), labelled by ``name_zh``.
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
    ...     out = static.static_coverage_map(os.path.join(tempfile.mkdtemp(), "c.png"),
    ...                                      as_of="2025-12-31", dpi=60)
    >>> out.suffix, out.stat().st_size > 10_000
    ('.png', True)
    """
    from .._validate import output_path

    _pyplot()  # matplotlib there, or a clear error before anything else
    out = output_path(path, (".png", ".pdf", ".svg"), "static maps")
    fig, _ax, _info = coverage_figure(units, stations, radius_m=radius_m, as_of=as_of)
    return _save(fig, out, dpi)


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
    from .._validate import radii as radius_list
    from ..access.model import Access
    from ..plan import layout as plan
    from ._mapkit import require_map_units

    r = sorted(radius_list(radius_m))[-1]
    day = datasets.measured_day(as_of)
    prepared = require_map_units(plan.structure_metric("14th") if units is None else units)
    acc = Access(stations, as_of=day)
    cov = acc.coverage(prepared, radius_m=r)
    district = datasets.in_analysis_crs("district")
    headline = float(acc.coverage(district, radius_m=r)["coverage_ratio"].iloc[0])
    with _page() as (fig, ax):
        # the area measured: the district for the plan zones, else the caller's units
        area = district if units is None else prepared.metric[["geometry"]].dissolve()
        _layers(ax, cov.set_geometry(prepared.metric.geometry.to_numpy(), crs=prepared.metric.crs),
                acc, area, r)  # fmt: skip
        _frame(ax, area.total_bounds, pad=800)  # first: labels are placed in this view
        ax.apply_aspect()  # the final box of the axes, as it will be drawn
        labels = _labels(ax, prepared.metric, cov)
        _colour_bar(fig, r)
        _legend(fig, r)
        from ..transit import future_note

        note = future_note(stations, day)
        title = f"上城区 站点{r:g}米覆盖率 {headline * 100:.1f} %（陆地，直线，{day}）"
        sub = (
            f"Shangcheng: {headline * 100:.1f} % of the land within {r:g} m of a metro "
            f"station (straight line), {day}" + (f" -- {note}" if note else "")
        )
        credit = datasets.attribution(datasets.district(), datasets.stations(), datasets.water())
        _headings(fig, title, sub, credit)
    info = {"radius_m": r, "as_of": day, "headline": headline, "title": title, "labels": labels}
    return fig, ax, info


def static_green_map(
    path: str | Path,
    result: gpd.GeoDataFrame,
    *,
    target_pct: float | None = None,
    data_source: str = "user data",
    dpi: int = 300,
) -> Path:
    """A print map of green coverage (A4 landscape; PNG at ``dpi``, PDF or SVG).

    Parameters
    ----------
    path : str or Path
        The output file; the format follows the extension.
    result : GeoDataFrame
        A :func:`shangcheng_geo.green.green_coverage` result.
    target_pct : float, optional
        The target in percent; default the plan's 40.5.
    data_source : str, default 'user data'
        The green data, named in the title and the attribution.
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
    >>> out = static.static_green_map(os.path.join(tempfile.mkdtemp(), "g.png"), res, dpi=50)
    >>> out.stat().st_size > 10_000
    True
    """
    from .._validate import output_path

    _pyplot()  # matplotlib there, or a clear error before anything else
    out = output_path(path, (".png", ".pdf", ".svg"), "static maps")
    fig, _ax, _info = green_figure(result, target_pct=target_pct, data_source=data_source)
    return _save(fig, out, dpi)


def green_figure(
    result: Any, *, target_pct: float | None = None, data_source: str = "user data"
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
    from .._errors import InputError
    from ..crs import to_analysis_crs
    from ..indicators import get

    if "green_ratio" not in getattr(result, "columns", []):
        raise InputError("result must come from green.green_coverage() (no 'green_ratio' column).")
    target = float(get("green_coverage_ratio")["target"]) if target_pct is None else target_pct
    units_m = to_analysis_crs(result, "result")
    measured = float(result["green_m2"].sum()) / max(float(result["base_m2"].sum()), 1e-9)
    title = f"绿化覆盖率 {measured * 100:.1f} %（目标 {target:g} %）"
    sub = (f"Green coverage of the units drawn: {measured * 100:.1f} % against the plan's "
           f"{target:g} % target; green data: {data_source}")  # fmt: skip
    credit = datasets.attribution(datasets.district(), datasets.water())
    fig, ax, labels = _share_figure(
        units_m, "green_ratio", cmap="Greens", bar_label="绿化覆盖率 Green coverage ratio (%)",
        title=title, sub=sub, credit=f"{data_source}; {credit}",
        below=(target, f"低于目标 Below {target:g} %"),
    )  # fmt: skip
    info = {"measured": measured, "target_pct": target, "title": title, "labels": labels}
    return fig, ax, info


def static_lifecircle_map(
    path: str | Path, result: gpd.GeoDataFrame, pois: gpd.GeoDataFrame, *, category: str,
    dpi: int = 300,
) -> Path:  # fmt: skip
    """A print map of one life-circle category (A4 landscape; PNG at ``dpi``, PDF or SVG).

    Parameters
    ----------
    path : str or Path
        The output file; the format follows the extension.
    result : GeoDataFrame
        A :func:`shangcheng_geo.lifecircle.facility_coverage` result.
    pois : GeoDataFrame
        The facility points measured (with ``category``).
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
    >>> out = static.static_lifecircle_map(os.path.join(tempfile.mkdtemp(), "l.png"), res, pois,
    ...                                    category="kindergarten", dpi=50)
    >>> out.stat().st_size > 10_000
    True
    """
    import numpy as np

    from .. import datasets
    from .._errors import InputError
    from .._validate import output_path
    from ..crs import to_analysis_crs

    _pyplot()  # matplotlib there, or a clear error before anything else
    out = output_path(path, (".png", ".pdf", ".svg"), "static maps")
    info = getattr(result, "attrs", {}).get("lifecircle")
    column = f"share_{category}"
    if info is None or column not in result.columns:
        raise InputError(f"result has no {column!r}: pass a lifecircle.facility_coverage() result.")
    distance = float(info["distance_m"][category])
    shares = result[column].to_numpy(dtype=float)
    median = float(np.nanmedian(shares)) if np.isfinite(shares).any() else float("nan")
    when = "no data" if median != median else f"{median * 100:.1f} %"
    mine = to_analysis_crs(pois[pois["category"] == category], "pois")
    fig, _ax, _labels = _share_figure(
        to_analysis_crs(result, "result"), column, cmap="Oranges",
        bar_label=f"{distance:g} 米内比例 Share within {distance:g} m (%)",
        title=f"生活圈 {category} {distance:g} 米 单元中位数 {when}",
        sub=f"Life circle ({info['standard']}): median share of the units within {distance:g} m "
        f"of a {category}; {len(mine)} facilities",
        credit="; ".join([datasets.attribution(datasets.district()),
                          *sorted({str(v) for v in mine.get("licence", [])})]), points=mine,
    )  # fmt: skip
    return _save(fig, out, dpi)


@contextmanager
def _page() -> Iterator[tuple[Any, Any]]:
    """An A4-landscape figure and its map axes, every text in the packaged CJK font: concrete
    family names (not 'sans-serif', which is looked up again when the figure is drawn,
    outside this context)."""
    plt = _pyplot()
    cjk_font_path()
    with plt.rc_context({"font.family": [_FAMILY, "DejaVu Sans"]}):
        fig = plt.figure(figsize=A4_LANDSCAPE_IN)
        yield fig, fig.add_axes((0.03, 0.08, 0.74, 0.80))


def _headings(fig: Any, title: str, sub: str, credit: str) -> None:
    """The bilingual title, its subtitle and the data attribution at the foot."""
    fig.text(0.03, 0.955, title, fontsize=15)
    fig.text(0.03, 0.925, sub, fontsize=9, color="#333333")
    fig.text(0.03, 0.02, f"Data: {credit}", fontsize=5.5, color="#444444", wrap=True)


def _save(fig: Any, out: Path, dpi: int) -> Path:
    """Write the figure whole or not at all (a temporary file moved into place), then free it."""
    plt = _pyplot()
    try:
        with replacing(out) as tmp:
            fig.savefig(tmp, dpi=dpi, format=out.suffix[1:].lower())
    finally:
        plt.close(fig)
    return out


def _share_figure(
    units_m: Any, column: str, *, cmap: str, bar_label: str, title: str, sub: str, credit: str,
    below: tuple[float, str] | None = None, points: Any = None,
) -> tuple[Any, Any, list[str]]:  # fmt: skip
    """An A4 print map of a 0-1 share per unit: colours, % bar, labels, frame, title."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .. import datasets

    district = datasets.in_analysis_crs("district")
    handles: list[Any] = [Patch(facecolor="#c6dbef", label="钱塘江 Qiantang River")]
    with _page() as (fig, ax):
        units_m.plot(ax=ax, column=column, cmap=cmap, vmin=0, vmax=1, alpha=0.85,
                     edgecolor="#666666", linewidth=0.5, zorder=2,
                     missing_kwds={"color": "#cccccc", "label": "no data"})  # fmt: skip
        if below is not None:
            low = units_m[units_m[column] * 100 < below[0]]
            if len(low):
                low.boundary.plot(ax=ax, color="#d7301f", linewidth=1.2, zorder=3)
            handles.insert(0, Line2D([], [], color="#d7301f", linewidth=1.2, label=below[1]))
        if points is not None and len(points):
            points.plot(ax=ax, markersize=10, color="#7f2704", edgecolor="white", linewidth=0.4,
                        zorder=5)  # fmt: skip
            handles.insert(0, Line2D([], [], marker="o", color="none", markerfacecolor="#7f2704",
                                     label=f"设施 Facilities ({len(points)})"))  # fmt: skip
        datasets.in_analysis_crs("water").plot(ax=ax, color="#c6dbef", zorder=1)
        district.boundary.plot(ax=ax, color="#222222", linewidth=1.4, zorder=4)
        _frame(ax, units_m.total_bounds, pad=800)
        ax.apply_aspect()
        label_col = next((c for c in ("name_zh", "name") if c in units_m.columns), None)
        shown = units_m.assign(coverage_ratio=units_m[column])
        if label_col and label_col != "name_zh":
            shown = shown.assign(name_zh=units_m[label_col])
        labels = _labels(ax, shown, shown) if label_col else []
        _colour_bar(fig, 0, label=bar_label, cmap=cmap)
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.79, 0.12), fontsize=7.5,
                   frameon=False)  # fmt: skip
        _headings(fig, title, sub, credit)
    return fig, ax, labels


def _layers(ax: Any, cov_m: Any, acc: Any, area: Any, r: float) -> None:
    """Units by %, the covered land of ``area`` once, its gaps, the river, the district
    outline, lines and stations."""
    import geopandas as gpd
    import shapely

    from .. import datasets
    from ..coverage import coverage_gaps

    cov_m.plot(ax=ax, column="coverage_ratio", cmap="YlGn", vmin=0, vmax=1, alpha=0.75,
               edgecolor="#666666", linewidth=0.5, zorder=2)  # fmt: skip
    district = datasets.in_analysis_crs("district")
    land = area.geometry.union_all().difference(
        datasets.in_analysis_crs("water").geometry.union_all()
    )
    covered = shapely.intersection(acc.covered_geometry(r, extent=land), land)
    gpd.GeoSeries([covered], crs=district.crs).plot(
        ax=ax, facecolor="none", edgecolor=COVERED, hatch="////", linewidth=0.8, zorder=3
    )
    gaps = coverage_gaps(area.to_crs(4326), acc, radius_m=r, min_area_m2=10_000)
    if len(gaps):
        gaps.to_crs(district.crs).plot(
            ax=ax, facecolor="none", edgecolor=GAP, linewidth=1.0, zorder=4
        )
    datasets.in_analysis_crs("water").plot(ax=ax, color="#c6dbef", zorder=1)
    district.boundary.plot(ax=ax, color="#222222", linewidth=1.4, zorder=5)
    lines = datasets.lines().to_crs(district.crs)
    for colour, group in lines.groupby("colour"):
        group.plot(ax=ax, color=colour, linewidth=1.8, zorder=6)
    acc.stations.plot(ax=ax, markersize=14, color="white", edgecolor="#222222", linewidth=0.8,
                      zorder=7)  # fmt: skip


def _labels(ax: Any, units_m: Any, cov: Any) -> list[str]:
    """Unit names with their %, at a point inside each unit, moved (or left out) so that no
    two labels overlap: each tries its point, then eight offsets around it."""
    import numpy as np

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    names = units_m["name_zh"] if "name_zh" in units_m.columns else units_m.index.astype(str)
    placed: list[Any] = []
    shown: list[str] = []
    points = units_m.geometry.representative_point()
    order = units_m.geometry.area.sort_values(ascending=False).index  # big units first
    rings = [(0.0, 0.0)] + [
        (d * np.cos(a), d * np.sin(a))
        for d in (900.0, 1_800.0, 2_700.0)
        for a in np.radians([90, 270, 0, 180, 45, 135, 315, 225])
    ]
    for i in order:
        ratio = cov.loc[i, "coverage_ratio"]
        text = f"{names.loc[i]}\n{ratio * 100:.1f} %" if ratio == ratio else f"{names.loc[i]}"
        x, y = points.loc[i].x, points.loc[i].y
        for dx, dy in rings:  # its own point first, then rings around it (with a leader)
            label = ax.text(x + dx, y + dy, text, ha="center", va="center", fontsize=7,
                            zorder=8, bbox={"boxstyle": "round,pad=0.2", "fc": "white",
                                            "ec": "#999999", "lw": 0.4, "alpha": 0.9})  # fmt: skip
            box = label.get_window_extent(renderer=renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in placed):
                placed.append(box)
                shown.append(str(names.loc[i]))
                if (dx, dy) != (0.0, 0.0):
                    ax.plot([x, x + dx], [y, y + dy], color="#555555", linewidth=0.6, zorder=7.5)
                break
            label.remove()
    return shown


def _colour_bar(fig: Any, r: float, *, label: str | None = None, cmap: str = "YlGn") -> None:
    from matplotlib import cm
    from matplotlib.colors import Normalize

    cax = fig.add_axes((0.80, 0.55, 0.018, 0.30))
    bar = fig.colorbar(cm.ScalarMappable(Normalize(0, 100), cmap), cax=cax)
    bar.set_label(label or f"单元覆盖率 Coverage per unit ({r:g} m, %)", fontsize=8)
    bar.ax.tick_params(labelsize=7)


def _legend(fig: Any, r: float) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(
            facecolor="none",
            edgecolor=COVERED,
            hatch="////",
            label=f"覆盖陆地 Covered land ({r:g} m)",
        ),
        Patch(facecolor="none", edgecolor=GAP, label="未覆盖 > 1 公顷 Gaps > 1 ha"),
        Line2D([], [], color="#df4661", linewidth=1.8, label="地铁线路 Metro lines"),
        Line2D(
            [],
            [],
            marker="o",
            color="none",
            markerfacecolor="white",
            markeredgecolor="#222222",
            label="地铁站 Stations",
        ),
        Patch(facecolor="#c6dbef", label="钱塘江 Qiantang River"),
    ]
    fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.79, 0.12), fontsize=7.5,
               frameon=False)  # fmt: skip


def _frame(ax: Any, bounds: Any, *, pad: float) -> None:
    """The view on the district, no ticks in metres, a 2 km scale bar and a north arrow."""
    minx, miny, maxx, maxy = bounds
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    x0, y0 = minx, miny - pad * 0.6
    ax.plot([x0, x0 + 2000], [y0, y0], color="black", linewidth=3)
    ax.text(x0 + 1000, y0 + 150, "2 km", ha="center", fontsize=8)
    # north arrow (the analysis CRS is a Gauss-Kruger grid: north is up to ~0.1 degree)
    ax.annotate(
        "N 北",
        xy=(maxx + pad * 0.5, maxy),
        xytext=(maxx + pad * 0.5, maxy - 1500),
        ha="center",
        fontsize=10,
        arrowprops={"arrowstyle": "-|>", "color": "black"},
    )
