"""The bilingual headers of the columns the library writes (中文 first): one name per column,
with its radius or distance, for every writer (Excel sheets, the command line's tables).

Private to the writers; :mod:`shangcheng_geo.export` offers :func:`header`,
``COLUMN_LABELS`` and ``WALKING_LABELS`` by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["AREA_SUFFIX", "COLUMN_LABELS", "WALKING_LABELS", "area_header", "header"]

# Chinese names of the columns the library writes
COLUMN_LABELS: dict[str, str] = {
    "name_zh": "名称",
    "name_en": "英文名",
    "adcode": "行政区划代码",
    "element_id": "要素编号",
    "element_type": "要素类型",
    "cell_id": "网格编号",
    "h3": "H3 编号",
    "area_m2": "面积 (m²)",
    "base_m2": "基数面积 (m²)",
    "covered_m2": "覆盖面积 (m²)",
    "coverage_ratio": "覆盖率",
    "not_served_share": "路网未达比例",
    "nodata_share": "无数据比例",
    "green_m2": "绿化面积 (m²)",
    "green_ratio": "绿化覆盖率",
    "mapped_green_m2": "已测绘绿地面积 (m²)",  # OSM-mapped green space: a proxy, named apart
    "mapped_green_share": "已测绘绿地占比（OSM，非绿化覆盖率）",
    "service_ratio": "服务覆盖率",
    "base": "基数",
    "date": "日期",
    "unit": "单元",
    "n_stations": "站点数",
    "rank": "排名",
    "radius_m": "半径 (m)",
    "method": "方法",
    "status": "状态",
    "confidence": "置信度",
    "source": "来源",
    "licence": "许可",
    "id": "编号",
    "version": "版本",
    "concept": "概念",
    "role_zh": "定位",
    "citation": "出处",
    "includes": "包含",
    "note": "备注",
    "caveat": "说明",
    "anchors": "锚点",
    "n_anchors": "锚点数",
    "as_of": "统计日期",
    "name": "名称",
    "plan_value": "规划值",
    "plan_year": "规划年份",
    "measured": "实测值",
    "needs": "所需数据",
    "indicator_id": "指标编号",
    "distance_m": "距离 (m)",
    "walk_min": "步行时间 (分钟)",
    "nearest_station": "最近站点",
    "within_radius": "半径内",
    "served": "路网可达",
    "not_served_m2": "路网未达面积 (m²)",
    "coverage_before": "原覆盖率",
    "coverage_after": "新覆盖率",
    "gain": "覆盖率增量",
    "gain_m2": "新增覆盖面积 (m²)",
    "order": "选址顺序",
    "opened": "开通日期",
    "lines": "线路",
    "category": "类别",
    "subdistrict_zh": "街道",
    "community_zh": "社区",
    "osm_id": "OSM 编号",
    "station_id": "站点编号",
    "share": "比例",
    "n": "数量",
    "dist": "距离 (m)",
    "min": "步行时间 (分钟)",
    "within": "范围内",
    # life circles (生活圈): the scorecard's columns; the per-category ones are named by
    # _lifecircle_header
    "tier": "生活圈层级",
    "tier_zh": "生活圈",
    "required": "应配设施",
    "reached": "已达设施",
    "not_reached": "未达设施",
    "no_data": "无数据设施",
    "n_required": "应配设施数",
    "n_measured": "可测设施数",
    "n_reached": "已达设施数",
    "share_reached": "设施达标比例",
    "passes": "是否达标",
    "result": "结果",
    "clause": "标准条款",
    "metro_station": "最近地铁站",
    "metro_distance_m": "地铁站距离 (m)",
    "metro_within_800m": "800米内有地铁站",
    "score": "得分",
    "site_id": "地块编号",
    "kind": "类型",
    "subdistrict": "街道",
    "programme": "项目",
    "target_year": "目标年份",
    "community_code": "社区代码",
    "location_note": "位置说明",
    "base_weight": "基数权重",
}
# the coverage columns of a walking table (measured along the walking network): headed so,
# with their radius ({r}); a table is walking when its attrs["coverage"]["method"] is 'network'
WALKING_LABELS: dict[str, str] = {
    "coverage_ratio": "站点{r}米覆盖率（步行）",
    "covered_m2": "站点{r}米步行覆盖面积 (m²)",
}
# areas are shown in Excel in hectares (2 decimals); the stored unit stays m²
AREA_SUFFIX = "_m2"


def area_header(column: str, walking_m: Any = None) -> str:
    """The Excel header of an m² column shown in hectares: ``'面积 (公顷) area_ha'``."""
    title = header(column, walking_m=walking_m)
    zh = title.split(" ")[0] if title != column else "面积"
    stem = column[: -len(AREA_SUFFIX)]
    walked = title[title.index(" (walking") :] if " (walking" in title else ""
    return f"{zh.replace('(m²)', '').strip()} (公顷) {stem}_ha{walked}"


# the life-circle columns per facility category: Chinese, then English, at the distance
_LIFECIRCLE_COLUMNS: dict[str, tuple[str, str]] = {
    "share": ("{zh} {d}米覆盖率", "{en} within {d} m (%)"),
    "n_inside": ("{zh}数量（单元内）", "{en}: facilities inside the unit"),
    "dist": ("{zh}最近距离 (m)", "{en}: distance to the nearest (m)"),
    "min": ("{zh}步行时间 (分钟)", "{en}: walk to the nearest (min)"),
    "reached": ("{zh} {d}米内可达", "{en} within {d} m"),
    "within": ("{zh} {d}米内可达", "{en} within {d} m"),
    "count": ("{zh} {d}米内数量", "{en}: facilities within {d} m"),
}


def _lifecircle_header(column: str, distance_m: Mapping[str, float] | None) -> str | None:
    """``'幼儿园 300米覆盖率 Kindergarten within 300 m (%)'`` for ``share_kindergarten``: a
    life-circle column of a category of :data:`~shangcheng_geo.lifecircle.standards.CATEGORIES`
    at its distance (``distance_m``, else the GB 50180-2018 preset's); None for other columns."""
    from .lifecircle.standards import CATEGORIES, distances

    for kind, (zh, en) in _LIFECIRCLE_COLUMNS.items():
        cat = column[len(kind) + 1 :] if column.startswith(kind + "_") else ""
        if cat in CATEGORIES:
            d = (distance_m or {}).get(cat, distances().get(cat, float("nan")))
            name = cat.replace("_", " ").capitalize()
            return f"{zh} {en}".format(zh=CATEGORIES[cat], en=name, d=f"{d:g}")
    return None


def _walking_header(column: str, walking_m: Any) -> str | None:
    """The header of a walking table's coverage column, or None for another column."""
    for key, zh in WALKING_LABELS.items():
        if column == key and len(walking_m) == 1:
            r = f"{float(walking_m[0]):g}"
        elif column.startswith(key + "_"):
            r = column[len(key) + 1 :]
        else:
            continue
        return f"{zh.format(r=r)} {column} (walking {r} m)"
    return None


def header(
    column: str, *, distance_m: Mapping[str, float] | None = None, walking_m: Any = None
) -> str:
    """The bilingual header of a column: ``'覆盖率 coverage_ratio'``; unknown names as they are.

    Parameters
    ----------
    column : str
        A column name; radius-suffixed names (``coverage_ratio_500``) keep their suffix.
    distance_m : mapping, optional
        Life-circle columns (``share_<category>``, ``n_inside_<category>``,
        ``dist_<category>``, ``reached_<category>`` ...): each category's distance in metres,
        as the result states it (``attrs['lifecircle']['distance_m']``); default the
        GB 50180-2018 preset's.
    walking_m : sequence of float, optional
        The radii of a table measured along the walking network: its coverage columns are
        headed as walking, with their radius (:data:`WALKING_LABELS`).

    Returns
    -------
    str

    Examples
    --------
    >>> from shangcheng_geo import export
    >>> export.header("coverage_ratio_500")
    '覆盖率 (500) coverage_ratio_500'
    >>> export.header("share_kindergarten")
    '幼儿园 300米覆盖率 Kindergarten within 300 m (%)'
    >>> export.header("share_middle_school", distance_m={"middle_school": 800})
    '初中 800米覆盖率 Middle school within 800 m (%)'
    >>> export.header("coverage_ratio", walking_m=[800])
    '站点800米覆盖率（步行） coverage_ratio (walking 800 m)'
    """
    walked = _walking_header(column, walking_m) if walking_m is not None else None
    if walked is not None:
        return walked
    if column in COLUMN_LABELS:
        return f"{COLUMN_LABELS[column]} {column}"
    life = _lifecircle_header(column, distance_m)
    if life is not None:
        return life
    for key, zh in COLUMN_LABELS.items():
        if column.startswith(key + "_"):
            return f"{zh} ({column[len(key) + 1 :]}) {column}"
    return str(column)
