"""One check and one projection per input at the door: counted with spies in a fresh
interpreter (so no cache from another test helps), for the map job and the timeline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SPY = """
import json, sys, warnings
warnings.simplefilter("ignore")
import geopandas as gpd, shapely
import shangcheng_geo as sg
counts = {"to_crs": 0, "is_valid": 0}
def spy(cls):
    orig = cls.to_crs
    def to_crs(self, *a, **k):
        counts["to_crs"] += 1
        return orig(self, *a, **k)
    cls.to_crs = to_crs
spy(gpd.GeoDataFrame); spy(gpd.GeoSeries)
valid = shapely.is_valid
def is_valid(*a, **k):
    counts["is_valid"] += 1
    return valid(*a, **k)
shapely.is_valid = is_valid
JOB
print(json.dumps(counts))
"""


def _count(job: str) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", SPY.replace("JOB", job)], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("job", "max_to_crs", "max_valid"),
    [
        # a spy on both GeoDataFrame.to_crs and GeoSeries.to_crs counts a frame's call twice
        # the map as the issue counted it (88 before): its layers, no walking layer
        ("sg.maps.coverage_map(network=None)", 30, 2),
        # the default map adds two layers (walking on the embedded streets, lines under
        # construction): one reprojection each, counted twice by the spy
        ("sg.maps.coverage_map()", 34, 2),
        ("sg.scenarios.coverage_timeline(sg.datasets.district())", 20, 2),
    ],
)
def test_each_input_is_checked_and_projected_about_once(job, max_to_crs, max_valid):
    counts = _count(job)
    assert counts["to_crs"] <= max_to_crs, counts
    assert counts["is_valid"] <= max_valid, counts


def test_the_timeline_does_not_project_again_per_date():
    """24 dates or 2: the same number of reprojections and validity checks."""
    many = _count("sg.scenarios.coverage_timeline(sg.datasets.district())")
    two = _count(
        "sg.scenarios.coverage_timeline(sg.datasets.district(), dates=['2012-12-31', '2025-12-31'])"
    )
    assert many == two
