"""The page every print map is drawn on, and the drawing it shares (``maps`` extra).

An A4-landscape matplotlib figure whose every text is in the packaged CJK font (the Simplified
Chinese face of ``noto-cjk-sans-otc``, registered under the library's own family name, so a
system font of the same name is never used in its place); the bilingual headings and the data
attribution; the frame (no ticks in metres, a scale bar, a north arrow); unit labels placed so
that none overlap; the % colour bar and the legends; the coverage layers and the share
choropleth; and the save, whole or not at all.

Examples
--------
>>> from shangcheng_geo.maps._printkit import a4_page, pyplot
>>> with a4_page() as (fig, ax):
...     size = tuple(round(float(v), 2) for v in fig.get_size_inches())
>>> pyplot().close(fig)
>>> size
(11.69, 8.27)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .._atomic import replacing
from .._errors import MissingDependencyError

__all__ = [
    "CJK_FONT",
    "a4_page",
    "cjk_font_path",
    "colour_bar",
    "coverage_layers",
    "coverage_legend",
    "frame",
    "headings",
    "name_column",
    "north_arrow",
    "pyplot",
    "save",
    "share_figure",
    "unit_labels",
    "view_bounds",
]

CJK_FONT = "Noto Sans CJK SC"  # from the noto-cjk-sans-otc package (OFL-1.1)
# The packaged face is registered under a family name of the library's own, so that a machine's
# own Noto Sans CJK (Debian's fonts-noto-cjk, say) can never be picked in its place: the same
# figure comes out on every machine.
_FAMILY = "shangcheng_geo Noto Sans CJK SC"
A4_LANDSCAPE_IN = (11.69, 8.27)
COVERED = "#08519c"  # the covered land's outline and hatching
GAP = "#f16913"


def pyplot() -> Any:
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


@contextmanager
def a4_page() -> Iterator[tuple[Any, Any]]:
    """An A4-landscape figure and its map axes, every text in the packaged CJK font: concrete
    family names (not 'sans-serif', which is looked up again when the figure is drawn,
    outside this context)."""
    plt = pyplot()
    cjk_font_path()
    with plt.rc_context({"font.family": [_FAMILY, "DejaVu Sans"]}):
        fig = plt.figure(figsize=A4_LANDSCAPE_IN)
        yield fig, fig.add_axes((0.03, 0.08, 0.74, 0.80))


def headings(fig: Any, title: str, sub: str, credit: str) -> None:
    """The bilingual title, its subtitle and the data attribution at the foot."""
    fig.text(0.03, 0.955, title, fontsize=15)
    fig.text(0.03, 0.925, sub, fontsize=9, color="#333333")
    fig.text(0.03, 0.02, f"Data: {credit}", fontsize=5.5, color="#444444", wrap=True)


def save(fig: Any, out: Path, dpi: int) -> Path:
    """Write the figure whole or not at all (a temporary file moved into place), then free it."""
    plt = pyplot()
    try:
        with replacing(out) as tmp:
            fig.savefig(tmp, dpi=dpi, format=out.suffix[1:].lower())
    finally:
        plt.close(fig)
    return out


def share_figure(
    units_m: Any, column: str, *, cmap: str, bar_label: str, title: str, sub: str, credit: str,
    below: tuple[float, str] | None = None, points: Any = None, points_label: str = "",
) -> tuple[Any, Any, list[str]]:  # fmt: skip
    """An A4 print map of a 0-1 share per unit: colours, % bar, labels, frame, title."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from .. import datasets

    district = datasets.in_analysis_crs("district")
    handles: list[Any] = [Patch(facecolor="#c6dbef", label="钱塘江 Qiantang River")]
    with a4_page() as (fig, ax):
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
            what = f"设施 Facilities {points_label}".strip()
            handles.insert(0, Line2D([], [], marker="o", color="none", markerfacecolor="#7f2704",
                                     label=f"{what} ({len(points)})"))  # fmt: skip
        if (units_m[column].isna() & ~units_m.geometry.is_empty).any():
            handles.append(Patch(facecolor="#cccccc", label="无数据 No data"))
        unbounded = units_m.geometry.is_empty | units_m.geometry.isna()
        if unbounded.any():  # units with no boundary cannot be drawn: named, as no data
            label_of = name_column(units_m)
            named = units_m.loc[unbounded, label_of] if label_of else units_m.index[unbounded]
            handles.append(Patch(facecolor="none", edgecolor="none",
                                 label="无边界，无数据 No boundary, no data:\n" + "\n".join(
                                     "、".join(map(str, list(named)[i : i + 3]))
                                     for i in range(0, len(named), 3))))  # fmt: skip
        datasets.in_analysis_crs("water").plot(ax=ax, color="#c6dbef", zorder=1)
        district.boundary.plot(ax=ax, color="#222222", linewidth=1.4, zorder=4)
        frame(ax, view_bounds(units_m, district), pad=800)  # the whole district and the units
        ax.apply_aspect()
        shown = units_m.assign(coverage_ratio=units_m[column])
        labels = unit_labels(ax, shown, shown) if name_column(units_m) else []
        colour_bar(fig, 0, label=bar_label, cmap=cmap)
        fig.legend(handles=handles, loc="lower left", bbox_to_anchor=(0.79, 0.12), fontsize=7.5,
                   frameon=False)  # fmt: skip
        headings(fig, title, sub, credit)
    return fig, ax, labels


def name_column(units: Any) -> str | None:
    """The column a unit is labelled by on a print map: ``name_zh``, else ``name``."""
    return next((c for c in ("name_zh", "name") if c in units.columns), None)


def view_bounds(*layers: Any) -> tuple[float, float, float, float]:
    """The bounds of the layers together (in one CRS): what a print map shows."""
    import numpy as np

    b = np.array([layer.total_bounds for layer in layers if len(layer)], dtype=float)
    return (float(np.nanmin(b[:, 0])), float(np.nanmin(b[:, 1])), float(np.nanmax(b[:, 2])),
            float(np.nanmax(b[:, 3])))  # fmt: skip


def coverage_layers(ax: Any, cov_m: Any, acc: Any, area: Any, r: float) -> None:
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


def unit_labels(ax: Any, units_m: Any, cov: Any) -> list[str]:
    """Unit names with their %, at a point inside each unit, moved (or left out) so that no
    two labels overlap: each tries its point, then eight offsets around it."""
    import numpy as np

    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    import pandas as pd

    label_of = name_column(units_m)  # else the index
    names = units_m[label_of] if label_of else pd.Series(units_m.index.astype(str), units_m.index)
    placed: list[Any] = []
    shown: list[str] = []
    points = units_m.geometry.representative_point()
    drawn = ~(units_m.geometry.is_empty | units_m.geometry.isna())  # no boundary: no label
    order = units_m.geometry[drawn].area.sort_values(ascending=False).index  # big units first
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


def colour_bar(fig: Any, r: float, *, label: str | None = None, cmap: str = "YlGn") -> None:
    from matplotlib import cm
    from matplotlib.colors import Normalize

    cax = fig.add_axes((0.80, 0.55, 0.018, 0.30))
    bar = fig.colorbar(cm.ScalarMappable(Normalize(0, 100), cmap), cax=cax)
    bar.set_label(label or f"单元覆盖率 Coverage per unit ({r:g} m, %)", fontsize=8)
    bar.ax.tick_params(labelsize=7)


def coverage_legend(fig: Any, r: float) -> None:
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


def frame(ax: Any, bounds: Any, *, pad: float) -> None:
    """The view: ``bounds`` (the district and the units) with ``pad`` metres around, widened
    on its short side to fill the map's box on the page; no ticks in metres, a 2 km scale
    bar in the lower-left corner, and the north arrow beside the map (clear of its frame)."""
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    fig = ax.figure
    box = ax.get_position(original=True)  # the box as laid out, before any aspect
    width_in, height_in = fig.get_size_inches()
    want = (box.width * width_in) / (box.height * height_in)  # the box's width / height
    cx, cy, w, h = (minx + maxx) / 2, (miny + maxy) / 2, maxx - minx, maxy - miny
    if w / h < want:  # too tall for the box: widen
        w = h * want
    else:  # too wide: heighten
        h = w / want
    ax.set_xlim(cx - w / 2, cx + w / 2)
    ax.set_ylim(cy - h / 2, cy + h / 2)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    x0, y0 = cx - w / 2 + 0.03 * w, cy - h / 2 + 0.03 * h
    ax.plot([x0, x0 + 2000], [y0, y0], color="black", linewidth=3, zorder=9, gid="sg-scale")
    ax.text(x0 + 1000, y0 + 0.01 * h, "2 km", ha="center", va="bottom", fontsize=8, zorder=9,
            gid="sg-scale")  # fmt: skip
    north_arrow(fig)


def north_arrow(fig: Any, *, x: float = 0.93, y: float = 0.70, length: float = 0.09) -> None:
    """A north arrow in the margin right of the map, above the legends and beside the colour
    bar (the analysis CRS is a Gauss-Kruger grid: north is up to ~0.1 degree). Its artists
    carry ``gid='sg-north'``."""
    from matplotlib.patches import FancyArrowPatch

    arrow = FancyArrowPatch(
        (x, y), (x, y + length), transform=fig.transFigure, arrowstyle="-|>",
        mutation_scale=16, color="black", linewidth=1.2, gid="sg-north",
    )  # fmt: skip
    fig.add_artist(arrow)
    fig.text(x, y - 0.01, "N 北", ha="center", va="top", fontsize=10, gid="sg-north")
