"""Distances given as text are refused by name, like every numeric option of the library."""

from __future__ import annotations

import pandas as pd
import pytest

import shangcheng_geo as sg
from shangcheng_geo import lifecircle
from shangcheng_geo.lifecircle import standards


def test_a_category_distance_given_as_text_is_refused_with_the_number_to_pass():
    with pytest.raises(sg.InputError, match=r"distance_m\['kindergarten'\].*'500'"):
        standards.distances(distance_m={"kindergarten": "500"})
    with pytest.raises(sg.InputError, match="distance_m"):
        standards.distances(distance_m={"kindergarten": True})
    assert standards.distances(distance_m={"kindergarten": 250})["kindergarten"] == 250.0


def test_the_duplicate_distance_given_as_text_is_refused(tmp_path):
    path = tmp_path / "pois.csv"
    pd.DataFrame({"name": ["胜利幼儿园"], "lng": [120.17], "lat": [30.25]}).to_csv(
        path, index=False
    )
    with pytest.raises(sg.InputError, match=r"duplicate_m.*'30'"):
        lifecircle.read_pois(path, datum="wgs84", duplicate_m="30")
