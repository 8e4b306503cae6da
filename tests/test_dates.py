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


def test_every_date_a_caller_gives_is_read_by_the_one_rule():
    """A date that does not exist is refused by name with the allowed forms, wherever given."""
    import warnings

    import geopandas as gpd
    from shapely.geometry import Point

    from shangcheng_geo import indicators, transit

    allowed = r"must be a date: a datetime.date, a pandas.Timestamp or an ISO string"
    with warnings.catch_warnings():  # stations of unknown status are named on real days
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        with pytest.raises(sg.InputError, match=rf"^dates {allowed}.*'2025-13-01'"):
            indicators.district_ranking(["2025-12-31", "2025-13-01"])
    layer = gpd.GeoDataFrame(
        {"name_zh": ["甲", "乙", "丙", "丁"], "opened": ["2012-11-24", "2025-13-01", None, ""]},
        geometry=[Point(120.2, 30.25)] * 4,
        crs=4326,
    )
    # a date that is not one is not "unknown": the row and its value are named
    with pytest.raises(sg.InputError, match=r"'opened' column has 1 value.*乙 '2025-13-01'.*ISO"):
        transit.open_stations(layer, as_of="2025-12-31")
    with warnings.catch_warnings():  # the two empty dates are named as unknown, as before
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        got = transit.open_stations(layer.drop(index=1), as_of="2025-12-31")
    assert got["name_zh"].tolist() == ["甲"]
    late = layer.assign(in_service_by=["", "", "2016/09/01", ""]).drop(index=1)
    with pytest.raises(sg.InputError, match=r"'in_service_by' column.*丙 '2016/09/01'"):
        transit.open_stations(late, as_of="2025-12-31")


def test_a_station_file_with_a_date_that_is_not_one_is_refused_by_row(tmp_path):
    import pandas as pd

    from shangcheng_geo import transit

    path = tmp_path / "planned.csv"
    table = {"站名": ["规划站A", "规划站B"], "经度": [120.2, 120.21], "纬度": [30.27, 30.27]}
    pd.DataFrame(table | {"opened": ["2031-06-30", "2031-13-30"]}).to_csv(path, index=False)
    with pytest.raises(sg.InputError, match=r"'opened' column has 1 value.*规划站B '2031-13-30'"):
        transit.read_stations(path, datum="wgs84")
    pd.DataFrame(table | {"opened": ["2031-06-30", ""]}).to_csv(path, index=False)
    with pytest.warns(sg.DataQualityWarning, match="no opening date"):  # empty: not known
        st = transit.read_stations(path, datum="wgs84")
    assert st["opened"].iloc[0] == pd.Timestamp("2031-06-30") and pd.isna(st["opened"].iloc[1])
