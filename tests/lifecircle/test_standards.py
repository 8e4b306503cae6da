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
    with pytest.raises(sg.InputError, match="positive, finite number"):
        standards.distances(distance_m={"park": -5})
    with pytest.raises(sg.InputError, match="positive, finite number"):
        standards.distances(distance_m={"park": True})


def test_a_tier_is_verified_only_with_a_quotation_of_the_standard():
    for tier, spec in standards.TIERS.items():
        if spec["verified"]:
            assert "https://" in spec["source"] and "GB 50180-2018" in spec["source"], tier
        else:
            assert spec["source"] == "", tier  # no quotation: visibly unverified
    assert standards.TIERS["10min"]["verified"] and "约500米" in standards.TIERS["10min"]["source"]
    assert not standards.TIERS["5min"]["verified"] and not standards.TIERS["15min"]["verified"]
    t = standards.standard_table()
    assert t.loc["primary_school", "tier_verified"] and not t.loc["kindergarten", "tier_verified"]
    assert "zgbk.com" in t.loc["market", "tier_source"]


def test_the_earlier_editions_radii_agree_with_the_presets_distances():
    import re

    d = standards.distances("GB50180-2018")
    t = standards.standard_table()
    for cat, text in standards.EARLIER_EDITION.items():
        (metres,) = re.findall(r"不宜大于(\d+)m", text)
        assert float(metres) == d[cat], cat
        assert t.loc[cat, "earlier_edition"] == text
    assert t.loc["park", "earlier_edition"] == ""
