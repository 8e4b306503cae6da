"""Life-circle presets (lifecircle/standards.py): tiers, distances, what is verified."""

from __future__ import annotations

import pytest

import shangcheng_geo as sg
from shangcheng_geo.lifecircle import standards


def test_tier_distances_of_the_standards():
    assert standards.TIERS["5min"]["distance_m"] == 300.0
    assert standards.TIERS["10min"]["distance_m"] == 500.0
    assert standards.TIERS["15min"]["distance_m"] == (800.0, 1000.0)
    for name in ("GB50180-2018", "TD/T1062-2021"):
        d = standards.distances(name)
        assert set(d) == set(standards.CATEGORIES)
        assert set(d.values()) <= {300.0, 500.0, 1000.0}


def test_facility_assignments_are_marked_unverified_with_their_clause():
    t = standards.standard_table("GB50180-2018")
    assert not t["verified"].any()  # not yet checked against the standard's own text
    assert t["clause"].str.contains("GB 50180-2018").all()
    assert t["tier_clause"].str.contains("Table 4.0.1").all()
    assert t.loc["kindergarten", "name_zh"] == "幼儿园"


def test_bad_presets_and_distances_are_refused():
    with pytest.raises(sg.InputError, match="standard must be one of"):
        standards.distances("GB50180-1993")
    with pytest.raises(sg.InputError, match="positive number"):
        standards.distances(distance_m={"park": -5})
    with pytest.raises(sg.InputError, match="positive number"):
        standards.distances(distance_m={"park": True})
