"""Life-circle standards (生活圈): the walking distance of each tier and the facilities each
tier provides, as presets with their clauses.

A preset maps a facility category (English snake_case, with its Chinese name) to its tier and
walking distance. ``verified`` says whether a value was checked against a quotation of the
standard's text, and ``source`` names that quotation. Of the tier distances (5-minute 300 m,
10-minute 500 m, 15-minute 800-1000 m, GB 50180-2018 §2.0.2-2.0.4 and Table 4.0.1), the
10-minute tier's 500 m is checked against a quotation of the standard's definition; the 5- and
15-minute figures are the standard's as commonly quoted and stay **unverified** until a
quotation is found. The assignment of each facility to a tier follows GB 50180-2018 Appendix B
/ Table 5.0.3 as commonly quoted, and is **unverified** too; where the earlier edition (GB
50180-93, 2002 edition, Appendix A) gives a service radius for the facility, it is recorded as
``earlier_edition`` -- a consistency check, not a verification of the 2018 text. Pass your own
distances (``distance_m={"kindergarten": 300, ...}``) to any measure.

Examples
--------
>>> from shangcheng_geo.lifecircle import standards
>>> standards.distances("GB50180-2018")["kindergarten"]
300.0
>>> standards.distances("GB50180-2018", fifteen_min_m=800)["middle_school"]
800.0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._errors import InputError
from .._validate import positive_metres

__all__ = ["CATEGORIES", "EARLIER_EDITION", "STANDARDS", "TIERS", "distances", "standard_table"]

#: the facility categories: id -> Chinese name
CATEGORIES = {
    "kindergarten": "幼儿园",
    "nursery": "托儿所",
    "primary_school": "小学",
    "middle_school": "初中",
    "health_station": "社区卫生服务站",
    "health_centre": "社区卫生服务中心",
    "elderly_day_care": "老年人日间照料中心",
    "market": "菜市场/生鲜超市",
    "park": "公园绿地",
    "sports": "运动场地",
    "culture": "文化活动站/中心",
}

#: the tiers and their walking distances in metres (the 15-minute tier: 800-1000 m), with
#: whether each was checked against a quotation of GB 50180-2018 and where it is quoted
TIERS: dict[str, dict[str, Any]] = {
    "5min": {
        "name_zh": "五分钟生活圈",
        "distance_m": 300.0,
        "verified": False,  # no quotation of §2.0.4 found yet
        "source": "",
    },
    "10min": {
        "name_zh": "十分钟生活圈",
        "distance_m": 500.0,
        "verified": True,
        "source": "GB 50180-2018 §2.0.3 as quoted by the Encyclopedia of China (中国大百科全书), "
        "entry 十分钟生活圈居住区: '以居民步行十分钟(约500米)可满足其基本物质与生活文化需求"
        "为原则划分的居住区范围' (https://zgbk.com/ecph/words?ID=491601&SiteID=1&SubID=217393)",
    },
    "15min": {
        "name_zh": "十五分钟生活圈",
        "distance_m": (800.0, 1000.0),
        "verified": False,  # the 15-minute walk is quoted (CCPR glossary), the metres are not
        "source": "",
    },
}

#: the earlier edition's service radius for a facility (GB 50180-93, 2002 edition, Appendix
#: A), as quoted; consistent with the preset's tier distance, not a check of the 2018 text
EARLIER_EDITION: dict[str, str] = {
    cat: f"GB 50180-93 (2002 edition) Appendix A: 服务半径不宜大于{m}m (quoted at "
    "https://jz.jzsc.net/jingguanshejishuoming/96531.html)"
    for cat, m in (
        ("nursery", 300),
        ("kindergarten", 300),
        ("primary_school", 500),
        ("middle_school", 1000),
    )
}

_GB = "GB 50180-2018《城市居住区规划设计标准》"
_TDT = "TD/T 1062-2021《社区生活圈规划技术指南》"
_TIER_CLAUSE = f"{_GB} §2.0.2-2.0.4, Table 4.0.1 (walking distance per tier)"
_FACILITY_CLAUSE = f"{_GB} Appendix B / Table 5.0.3 (facilities per tier)"

# category -> tier, per standard; the assignments are not yet verified (see TIERS for the
# distances).
_GB_TIERS: dict[str, str] = {
    "kindergarten": "5min",
    "nursery": "5min",
    "health_station": "5min",
    "elderly_day_care": "5min",
    "sports": "5min",
    "culture": "5min",
    "primary_school": "10min",
    "market": "10min",
    "park": "10min",
    "middle_school": "15min",
    "health_centre": "15min",
}

STANDARDS: dict[str, dict[str, Any]] = {
    "GB50180-2018": {
        "title": _GB,
        "tier_clause": _TIER_CLAUSE,
        "categories": {
            cat: {
                "name_zh": CATEGORIES[cat],
                "tier": tier,
                "clause": _FACILITY_CLAUSE,
                "verified": False,  # the tier assignment
                "earlier_edition": EARLIER_EDITION.get(cat, ""),
            }
            for cat, tier in _GB_TIERS.items()
        },
    },
    "TD/T1062-2021": {
        "title": _TDT,
        "tier_clause": f"{_TDT}: 15-minute (800-1000 m), 10-minute (500 m) and 5-minute "
        "(300 m) community life circles",
        "categories": {
            cat: {
                "name_zh": CATEGORIES[cat],
                "tier": tier,
                "clause": f"{_TDT} (facility list per tier)",
                "verified": False,
            }
            for cat, tier in _GB_TIERS.items()
        },
    },
}


def _check_standard(standard: str) -> dict[str, Any]:
    if standard not in STANDARDS:
        raise InputError(f"standard must be one of {sorted(STANDARDS)}; received {standard!r}.")
    return STANDARDS[standard]


def distances(
    standard: str = "GB50180-2018",
    *,
    fifteen_min_m: float = 1000.0,
    distance_m: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The walking distance (metres) for each category of a standard.

    Parameters
    ----------
    standard : {'GB50180-2018', 'TD/T1062-2021'}
        The preset.
    fifteen_min_m : {800, 1000}, default 1000
        The 15-minute tier's distance (the standards give 800-1000 m).
    distance_m : mapping, optional
        The user's own distances by category; they replace the preset's and may add
        categories.

    Returns
    -------
    dict
        ``{category: metres}``.

    Examples
    --------
    >>> from shangcheng_geo.lifecircle import standards
    >>> standards.distances(distance_m={"kindergarten": 250})["kindergarten"]
    250.0
    """
    preset = _check_standard(standard)
    if fifteen_min_m not in (800, 1000, 800.0, 1000.0) or isinstance(fifteen_min_m, bool):
        raise InputError(
            f"fifteen_min_m must be 800 or 1000 (the standards' 15-minute range); "
            f"received {fifteen_min_m!r}."
        )
    out = {}
    for cat, spec in preset["categories"].items():
        d = TIERS[spec["tier"]]["distance_m"]
        out[cat] = float(fifteen_min_m) if isinstance(d, tuple) else float(d)
    for cat, d in (distance_m or {}).items():
        out[str(cat)] = positive_metres(d, f"distance_m[{cat!r}]")
    return out


def standard_table(standard: str = "GB50180-2018", *, fifteen_min_m: float = 1000.0) -> Any:
    """A preset as a table: category, Chinese name, tier, distance, clause, verified, and the
    tier's own check (``tier_verified``, ``tier_source``).

    Parameters
    ----------
    standard : str
        The preset.
    fifteen_min_m : {800, 1000}, default 1000
        The 15-minute tier's distance.

    Returns
    -------
    DataFrame
        One row per category.

    Examples
    --------
    >>> from shangcheng_geo.lifecircle import standards
    >>> t = standards.standard_table()
    >>> t.loc["primary_school", "tier"], float(t.loc["primary_school", "distance_m"])
    ('10min', 500.0)
    """
    import pandas as pd

    preset = _check_standard(standard)
    d = distances(standard, fifteen_min_m=fifteen_min_m)
    rows = [
        {
            "category": cat,
            **spec,
            "distance_m": d[cat],
            "tier_clause": preset["tier_clause"],
            "tier_verified": TIERS[spec["tier"]]["verified"],
            "tier_source": TIERS[spec["tier"]]["source"],
        }
        for cat, spec in preset["categories"].items()
    ]
    return pd.DataFrame(rows).set_index("category")
