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

from typing import TYPE_CHECKING

from . import _plan_data
from ._errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["get", "indicators"]


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

    df = pd.DataFrame(_plan_data.INDICATORS)
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
