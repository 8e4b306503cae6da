"""Dates: the day a measurement is for, parsed one way for the whole library.

:func:`parse_date` reads the ``as_of`` (or ``dates``) arguments of every function that takes a
day; :func:`measured_day` is the library's one default date (today). Both are public as
``shangcheng_geo.datasets.parse_date`` and ``shangcheng_geo.datasets.measured_day``.

Examples
--------
>>> from shangcheng_geo.datasets import measured_day, parse_date
>>> parse_date("2025-12-31").date().isoformat(), measured_day("2025-12-31")
('2025-12-31', '2025-12-31')
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

from ._errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["measured_day", "parse_date"]


def measured_day(as_of: Any = None) -> str:
    """The day a map, table or report measures, as an ISO date: ``as_of``, or today.

    The library's one default date: the command line, the coverage map, the print maps and
    the report all take it from here and state it in their titles.

    Parameters
    ----------
    as_of : date, datetime, Timestamp or ISO str, optional
        The day asked for; None means today.

    Returns
    -------
    str
        ``YYYY-MM-DD``.

    Examples
    --------
    >>> measured_day("2025-12-31"), measured_day() == _dt.date.today().isoformat()
    ('2025-12-31', True)
    """
    if as_of is None:
        return _dt.date.today().isoformat()
    return parse_date(as_of).date().isoformat()


def parse_date(value: Any, *, name: str = "as_of") -> pd.Timestamp:
    """Parse a date given as ``datetime.date``, ``datetime``, ``pandas.Timestamp`` or ISO string.

    Parameters
    ----------
    value : date, datetime, Timestamp or str
        The date; times are dropped, time zones removed.
    name : str, default 'as_of'
        The argument's name in the error message.

    Returns
    -------
    pandas.Timestamp
        Midnight of that day.

    Examples
    --------
    >>> parse_date("2025-12-31")
    Timestamp('2025-12-31 00:00:00')
    """
    import pandas as pd

    if isinstance(value, pd.Timestamp | _dt.date | _dt.datetime):
        return pd.Timestamp(value).tz_localize(None).normalize()
    if isinstance(value, str):
        try:
            return pd.Timestamp(_dt.date.fromisoformat(value.strip()))
        except ValueError:
            pass
    raise InputError(
        f"{name} must be a date: a datetime.date, a pandas.Timestamp or an ISO string such as "
        f"'2025-12-31'; received {value!r}."
    )
