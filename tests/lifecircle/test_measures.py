"""Life-circle measures (lifecircle/measures.py): analytic shapes, no data as NaN, 2SFCA by
hand, walking on a street with a known answer."""

from __future__ import annotations

import math
import warnings

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import Point, box
from shapes import CRS, X0, Y0, band, street_network

import shangcheng_geo as sg
from shangcheng_geo import lifecircle


def _pois(*rows):
    return gpd.GeoDataFrame(
        {"category": [c for c, _, _ in rows]},
        geometry=[Point(X0 + x, Y0 + y) for _, x, y in rows],
        crs=CRS,
    )


def test_two_kindergartens_share_is_the_union_of_their_discs_in_the_unit(contract):
    unit = gpd.GeoDataFrame({"name": ["u"]}, geometry=[box(X0, Y0, X0 + 1000, Y0 + 1000)], crs=CRS)
    pois = _pois(("kindergarten", 200, 200), ("kindergarten", 500, 300), ("park", 900, 900))
    before = unit.copy()
    cov = lifecircle.facility_coverage(unit.to_crs(4326), pois, categories=["kindergarten"],
                                       base="unit")  # fmt: skip
    discs = shapely.union_all([p.buffer(300, quad_segs=256) for p in pois.geometry[:2]])
    expected = discs.intersection(unit.geometry.iloc[0]).area / 1e6
    assert cov["share_kindergarten"].iloc[0] == pytest.approx(expected, rel=2e-4)
    assert cov["n_kindergarten"].iloc[0] == 2
    contract(cov, unit.to_crs(4326), before=before.to_crs(4326))
    assert cov.attrs["lifecircle"]["distance_m"] == {"kindergarten": 300.0}


def test_a_category_with_no_facility_is_no_data_not_zero():
    unit = gpd.GeoDataFrame(geometry=[box(X0, Y0, X0 + 500, Y0 + 500)], crs=CRS)
    pois = _pois(("park", 100, 100))
    with pytest.warns(sg.DataQualityWarning, match="elderly_day_care"):
        cov = lifecircle.facility_coverage(
            unit, pois, categories=["park", "elderly_day_care"], base="unit"
        )
    assert np.isnan(cov["share_elderly_day_care"].iloc[0])
    assert cov["n_elderly_day_care"].iloc[0] == 0 and cov["share_park"].iloc[0] > 0
    assert cov.attrs["lifecircle"]["no_data"] == ["elderly_day_care"]


def test_the_distance_is_inclusive_and_the_users_table_wins():
    home = gpd.GeoDataFrame(geometry=[Point(X0, Y0)], crs=CRS)
    pois = _pois(("kindergarten", 300, 0), ("middle_school", 900, 0))
    r = lifecircle.nearest(home, pois, categories=["kindergarten", "middle_school"])
    assert r["dist_kindergarten"].iloc[0] == pytest.approx(300.0)
    assert bool(r["within_kindergarten"].iloc[0])  # exactly at 300 m: served
    assert bool(r["within_middle_school"].iloc[0])  # 900 <= 1000 (15-minute tier)
    r800 = lifecircle.nearest(home, pois, categories=["middle_school"], fifteen_min_m=800)
    assert not bool(r800["within_middle_school"].iloc[0])
    mine = lifecircle.nearest(
        home, pois, categories=["kindergarten"], distance_m={"kindergarten": 299.9}
    )
    assert not bool(mine["within_kindergarten"].iloc[0])
    with pytest.raises(sg.InputError, match="800 or 1000"):
        lifecircle.nearest(home, pois, fifteen_min_m=900)
    with pytest.raises(sg.InputError, match="no distance for"):
        lifecircle.nearest(home, pois, categories=["cinema"])


def test_walking_along_a_street_is_leg_plus_along_plus_leg():
    G = street_network((-3_000, 0, 3_000, 0))
    pois = _pois(("primary_school", 0, 0))
    home = gpd.GeoDataFrame(geometry=[Point(X0 + 300, Y0 + 40)], crs=CRS)
    r = lifecircle.nearest(home, pois, categories=["primary_school"], method="network",
                           network=G)  # fmt: skip
    assert r["dist_primary_school"].iloc[0] == pytest.approx(340.0, abs=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        cov = lifecircle.facility_coverage(band(half_x=1_000, half_y=100), pois,
                                           categories=["primary_school"], base="unit",
                                           method="network", network=G, cell_m=5)  # fmt: skip
    # |y| + |x| <= 500 inside the 2 km x 200 m band: 2 * (2 * (500*100 - 100**2/2))
    expected = 2 * 2 * (500 * 100 - 100**2 / 2) / (2_000 * 200)
    assert cov["share_primary_school"].iloc[0] == pytest.approx(expected, abs=0.01)


def test_two_step_floating_catchment_by_hand():
    """3 demand points, 2 facilities, radius 1000 m:
    d(P1,S1)=500, d(P2,S1)=900, d(P2,S2)=600, d(P3,S2)=300, d(P1,S2)>1000, d(P3,S1)>1000.
    R1 = 10/(100+200), R2 = 30/(200+300); A1 = R1, A2 = R1 + R2, A3 = R2."""
    demand = gpd.GeoDataFrame(
        {"pop": [100.0, 200.0, 300.0]},
        geometry=[Point(X0, Y0), Point(X0 + 1400, Y0), Point(X0 + 2300, Y0)],
        crs=CRS,
    )
    supply = gpd.GeoDataFrame(
        {"cap": [10.0, 30.0]}, geometry=[Point(X0 + 500, Y0), Point(X0 + 2000, Y0)], crs=CRS
    )
    out = lifecircle.two_step_fca(demand, supply, population_col="pop", capacity_col="cap",
                                  radius_m=1000)  # fmt: skip
    r1, r2 = 10 / 300, 30 / 500
    assert out["supply_ratio"].tolist() == pytest.approx([r1, r1 + r2, r2])
    assert out["n_supply"].tolist() == [1, 2, 1]
    assert out.attrs["supply"].tolist() == pytest.approx([r1, r2])
    # with linear decay both steps weigh by 1 - d/r
    lin = lifecircle.two_step_fca(demand, supply, population_col="pop", capacity_col="cap",
                                  radius_m=1000, decay="linear")  # fmt: skip
    w = {(1, 1): 0.5, (2, 1): 0.1, (2, 2): 0.4, (3, 2): 0.7}
    R1 = 10 / (100 * w[1, 1] + 200 * w[2, 1])
    R2 = 30 / (200 * w[2, 2] + 300 * w[3, 2])
    assert lin["supply_ratio"].tolist() == pytest.approx(
        [R1 * w[1, 1], R1 * w[2, 1] + R2 * w[2, 2], R2 * w[3, 2]]
    )
    with pytest.raises(sg.InputError, match="cap"):
        lifecircle.two_step_fca(demand, supply, population_col="pop", capacity_col="beds",
                                radius_m=1000)  # fmt: skip


def test_decay_forms_at_known_distances():
    from shangcheng_geo.lifecircle import decay

    d = [0.0, 250.0, 500.0, 501.0, np.nan]
    assert decay.weights(d, radius_m=500).tolist() == [1, 1, 1, 0, 0]
    assert decay.weights(d, radius_m=500, kind="linear").tolist() == [1, 0.5, 0, 0, 0]
    e = decay.weights([0, 500], radius_m=500, kind="exponential")
    assert e.tolist() == pytest.approx([1.0, 0.01])
    g = decay.weights([0, 250, 500], radius_m=500, kind="gaussian")
    floor = math.exp(-0.5)
    assert g.tolist() == pytest.approx([1.0, (math.exp(-0.125) - floor) / (1 - floor), 0.0])
    with pytest.raises(sg.InputError, match="kind must be one of"):
        decay.weights(d, radius_m=500, kind="cubic")


def test_the_readme_life_circle_block_runs_as_written(repo_root, capsys):
    text = (repo_root / "README.md").read_text(encoding="utf-8")
    block = text.split("## Life circles", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # shown to a user, not errors
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "湖滨街道" in out and "share_kindergarten" in out
