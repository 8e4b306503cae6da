"""A frozen "today" for the tests about the default date (``from clock import freeze_today``).

The library reads the day as ``datetime.date.today()`` at call time, wherever its one "today"
lives; the test replaces the ``date`` class of the :mod:`datetime` module for its duration, so
the day a result states and the day the test expects are the same on either side of midnight.
A library that stopped asking ``datetime.date`` would state the real day, not the frozen one,
and the test would fail rather than pass by luck.
"""

from __future__ import annotations

import datetime as dt

_REAL_DATE = dt.date


class _AnyDate(type):
    """``isinstance(d, datetime.date)`` keeps answering for real dates while patched."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, _REAL_DATE)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, _REAL_DATE)


def freeze_today(monkeypatch, day: dt.date) -> dt.date:
    """Make ``datetime.date.today()`` return ``day`` until the test ends; returns ``day``."""

    class FrozenDate(_REAL_DATE, metaclass=_AnyDate):
        @classmethod
        def today(cls) -> dt.date:
            return day

    monkeypatch.setattr(dt, "date", FrozenDate)
    return day
