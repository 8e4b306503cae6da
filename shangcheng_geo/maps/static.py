"""Static maps for reports (PNG/PDF) with matplotlib (``maps`` extra).

Examples
--------
>>> import tempfile, os, warnings
>>> from shangcheng_geo import static
>>> path = os.path.join(tempfile.mkdtemp(), "coverage.png")
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     _ = static.static_coverage_map(path, as_of="2025-12-31")
>>> os.path.getsize(path) > 10_000
True
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._atomic import replacing
from .._errors import MissingDependencyError

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["static_coverage_map"]


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


def _cjk_font() -> list[str]:
    """Fonts with Chinese glyphs, if the machine has any (labels fall back to English)."""
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    return [
        n
        for n in (
            "Noto Sans CJK SC",
            "Noto Sans CJK JP",
            "WenQuanYi Zen Hei",
            "Source Han Sans SC",
            "SimHei",
            "Microsoft YaHei",
        )
        if n in names
    ]


def static_coverage_map(
    path: str | Path,
    units: gpd.GeoDataFrame | None = None,
    stations: gpd.GeoDataFrame | None = None,
    *,
    radius_m: float | list[float] = 800,
    as_of: Any = None,
    dpi: int = 200,
) -> Path:
    """A report map of station coverage: units coloured by coverage, catchments, stations,
    the river; with legend, scale bar, north arrow and data attribution. The format follows
    the extension (``.png``, ``.pdf``, ``.svg``). Drawn in the analysis CRS (metres).

    Parameters
    ----------
    path : str or Path
        The output file.
    units : GeoDataFrame, optional
        Default the district.
    stations : GeoDataFrame, optional
        Default the embedded stations (open on ``as_of``).
    radius_m : float or list of float, default 800
        Catchment radii drawn; the largest colours the units.
    as_of : date or ISO str, optional
        Only stations open on that day.
    dpi : int, default 200
        Resolution of a PNG.

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
    from .. import datasets
    from .._validate import output_path
    from .._validate import radii as radius_list
    from ..access.model import Access
    from ._mapkit import require_map_units

    plt = _pyplot()
    out = output_path(path, (".png", ".pdf", ".svg"), "static maps")
    radii = sorted(radius_list(radius_m))
    prepared = require_map_units(datasets.district() if units is None else units)
    acc = Access(stations, as_of=as_of)
    cov = acc.coverage(prepared, radius_m=radii[-1])
    cov_m = cov.set_geometry(prepared.metric.geometry.to_numpy(), crs=prepared.metric.crs)
    fonts = _cjk_font()
    rc = {"font.family": "sans-serif", "font.sans-serif": [*fonts, "DejaVu Sans"]}
    with plt.rc_context(rc):
        fig, ax = plt.subplots(figsize=(9, 9))
        district = datasets.in_analysis_crs("district")
        datasets.in_analysis_crs("water").plot(ax=ax, color="#c6dbef", zorder=1)
        cov_m.plot(
            ax=ax,
            column="coverage_ratio",
            cmap="Reds",
            vmin=0,
            vmax=1,
            alpha=0.6,
            edgecolor="#666666",
            linewidth=0.4,
            zorder=2,
            legend=True,
            legend_kwds={"label": f"{radii[-1]:g} m coverage ratio (land)", "shrink": 0.6},
        )
        handles = _catchment_outlines(ax, acc, radii)
        district.boundary.plot(ax=ax, color="#222222", linewidth=1.2, zorder=4)
        acc.stations.plot(
            ax=ax, markersize=10, color="#cb181d", edgecolor="white", linewidth=0.4, zorder=5
        )
        _legend(ax, handles)
        title = "上城区 站点覆盖 " if fonts else ""
        when = f"as of {as_of}" if as_of else "all open stations"
        ax.set_title(f"{title}Shangcheng metro station coverage ({when})")
        _frame(ax, district.total_bounds, pad=800)
        credit = datasets.attribution(datasets.district(), datasets.stations(), datasets.water())
        fig.text(0.01, 0.01, "Data: " + credit, fontsize=6, wrap=True, color="#444444")
        try:
            with replacing(out) as tmp:
                fig.savefig(tmp, dpi=dpi, bbox_inches="tight", format=out.suffix[1:].lower())
        finally:
            plt.close(fig)
    return out


def _catchment_outlines(ax: Any, acc: Any, radii: list[float]) -> list[Any]:
    """The catchment outlines, one colour per radius; returns their legend handles."""
    from matplotlib.patches import Patch

    from ..coverage import catchments_metric

    colours = ["#6baed6", "#2171b5", "#08306b"]
    handles = []
    every = catchments_metric(acc, radii)
    for i, r in enumerate(radii):
        every[every["radius_m"] == r].boundary.plot(
            ax=ax, color=colours[i % 3], linewidth=0.8, zorder=3
        )
        handles.append(
            Patch(facecolor="none", edgecolor=colours[i % 3], label=f"{r:g} m catchment")
        )
    return handles


def _legend(ax: Any, handles: list[Any]) -> None:
    from matplotlib.patches import Patch

    handles = [
        *handles,
        Patch(facecolor="#cb181d", label="metro station"),
        Patch(facecolor="#c6dbef", label="Qiantang River"),
    ]
    ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.9)


def _frame(ax: Any, bounds: Any, *, pad: float) -> None:
    """The view on the district, no ticks in metres, a 2 km scale bar and a north arrow."""
    minx, miny, maxx, maxy = bounds
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    x0, y0 = minx, miny - pad * 0.6
    ax.plot([x0, x0 + 2000], [y0, y0], color="black", linewidth=3)
    ax.text(x0 + 1000, y0 + 150, "2 km", ha="center", fontsize=8)
    # north arrow (the analysis CRS is a Gauss-Kruger grid: north is up to ~0.1 degree)
    ax.annotate(
        "N",
        xy=(maxx + pad * 0.5, maxy),
        xytext=(maxx + pad * 0.5, maxy - 1500),
        ha="center",
        fontsize=10,
        arrowprops={"arrowstyle": "-|>", "color": "black"},
    )
