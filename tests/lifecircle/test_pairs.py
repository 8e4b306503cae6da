"""Place-facility pairs (lifecircle/_pairs.py): the discs of the straight-line step catchment
against a dense distance matrix, ties at the radius included."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point
from shapes import CRS, X0, Y0

from shangcheng_geo import lifecircle
from shangcheng_geo.lifecircle._pairs import Discs


def _dense(centres, places, r):
    """Which places lie within r of which centre, by the k-d tree's rule dx² + dy² <= r²."""
    dx = places[None, :, 0] - centres[:, None, 0]
    dy = places[None, :, 1] - centres[:, None, 1]
    return dx * dx + dy * dy <= r * r


def _cases():
    rng = np.random.default_rng(42)
    for trial in range(60):
        n, m = int(rng.integers(1, 300)), int(rng.integers(1, 25))
        r = float(rng.choice([50.0, 333.3, 1000.0]))
        if trial % 3 < 2:  # lattices: ties at r (3² + 4² = 5²), places on cell borders
            step = r / 5 if trial % 3 == 0 else r / 16
            places = rng.integers(0, 40, (n, 2)) * step + X0
            centres = rng.integers(-8, 48, (m, 2)) * step + X0
        else:  # centres also outside the places' extent
            places = rng.uniform(0, 5 * r, (n, 2)) + Y0
            centres = rng.uniform(-2 * r, 7 * r, (m, 2)) + Y0
        yield places, centres, r, rng.integers(0, 3, m) * rng.uniform(1, 9, m), rng.uniform(0, 9, n)


@pytest.mark.parametrize("rows_at_once", [1_000_000, 40])  # one pass, or centres in chunks
def test_discs_sum_and_count_exactly_the_places_within_the_radius(monkeypatch, rows_at_once):
    from shangcheng_geo.lifecircle import _pairs

    monkeypatch.setattr(_pairs, "_ROWS_AT_ONCE", rows_at_once)
    n_ties = 0
    for places, centres, r, v, w in _cases():
        inside = _dense(centres, places, r)
        d2 = (places[None, :, 0] - centres[:, None, 0]) ** 2 + (
            places[None, :, 1] - centres[:, None, 1]
        ) ** 2
        n_ties += int((d2 == r * r).sum())
        discs = Discs(centres, places, r)
        assert discs.fits
        assert discs.counts().tolist() == inside.sum(axis=0).tolist()
        assert discs.to_centres(w) == pytest.approx(inside @ w, rel=1e-12, abs=0)
        want = v @ inside
        got = discs.to_places(v)
        assert got == pytest.approx(want, rel=1e-12, abs=0)
        assert ((got == 0) == (want == 0)).all()  # only zeros reach: exactly 0
    assert n_ties > 100  # the lattice put places exactly at the radius


def test_a_grid_too_coarse_for_the_radius_is_not_used():
    places = np.array([[0.0, 0.0], [4e7, 1.0], [0.0, 4e7]])
    assert not Discs(places[:1], places, 10.0).fits


def _brute_2sfca(dxy, sxy, pop, cap, r):
    inside = _dense(sxy, dxy, r)  # (supply, demand)
    demand_j = inside @ pop
    r_j = np.divide(cap, demand_j, out=np.zeros(len(cap)), where=demand_j > 0)
    return r_j @ inside, inside.sum(axis=0), r_j


@pytest.mark.parametrize("spread_m", [2_000.0, 4e7])  # the discs, and the k-d tree's pairs
def test_two_step_fca_in_a_straight_line_equals_a_dense_matrix_with_ties(spread_m):
    rng = np.random.default_rng(8)
    r = 400.0
    dxy = rng.integers(0, 64, (150, 2)) * (r / 16) + np.array([X0, Y0])
    sxy = rng.integers(0, 64, (12, 2)) * (r / 16) + np.array([X0, Y0])
    dxy[0] = (X0 + spread_m, Y0)  # far away: the grid would be too coarse with 4e7 m
    pop, cap = rng.uniform(1, 50, len(dxy)), rng.uniform(0, 30, len(sxy))
    cap[:3] = 0.0  # facilities of no capacity give exactly 0 to those only they reach
    demand = gpd.GeoDataFrame({"pop": pop}, geometry=[Point(x, y) for x, y in dxy], crs=CRS)
    supply = gpd.GeoDataFrame({"cap": cap}, geometry=[Point(x, y) for x, y in sxy], crs=CRS)
    got = lifecircle.two_step_fca(demand, supply, population_col="pop", capacity_col="cap",
                                  radius_m=r)  # fmt: skip
    a_i, n_i, r_j = _brute_2sfca(dxy, sxy, pop, cap, r)
    assert (n_i > 1).any() and (a_i == 0).any() and (a_i > 0).any()
    assert got["supply_ratio"].to_numpy() == pytest.approx(a_i, rel=1e-12, abs=0)
    assert got["n_supply"].tolist() == n_i.tolist()
    assert got.attrs["supply"].to_numpy() == pytest.approx(r_j, rel=1e-12, abs=0)
