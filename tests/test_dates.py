"""Dates (shangcheng_geo._dates): one parser for every ``as_of``, on the ground floor."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

import shangcheng_geo as sg
from shangcheng_geo import _dates, datasets


def test_the_old_paths_answer_the_same_functions():
    assert datasets.parse_date is _dates.parse_date
    assert datasets.measured_day is _dates.measured_day
    assert datasets.embedded.parse_date is _dates.parse_date
    assert {"parse_date", "measured_day"} <= set(datasets.__all__)


def test_the_date_module_imports_nothing_above_the_ground_floor():
    code = (
        "import sys, shangcheng_geo._dates as d; "
        "d.parse_date('2025-12-31'); "
        "print(sorted(m for m in sys.modules if m.startswith('shangcheng_geo.') "
        "and m.split('.')[1] in ('datasets', 'access', 'transit', 'crs')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "value",
    ["2025-12-31", " 2025-12-31 ", dt.datetime(2025, 12, 31, 15, 30, tzinfo=dt.UTC)],
    ids=["iso", "spaces", "aware-datetime"],
)
def test_a_day_is_midnight_of_that_day(value):
    day = _dates.parse_date(value)
    assert (day.year, day.month, day.day, day.hour) == (2025, 12, 31, 0)
    assert _dates.measured_day(value) == "2025-12-31"


def test_a_bad_date_names_the_argument():
    with pytest.raises(sg.InputError, match="dates must be a date") as info:
        _dates.parse_date("31/12/2025", name="dates")
    assert isinstance(info.value, ValueError) and "'31/12/2025'" in str(info.value)
