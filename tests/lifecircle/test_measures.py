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
    assert cov["n_inside_kindergarten"].iloc[0] == 2
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
    assert cov["n_inside_elderly_day_care"].isna().all() and cov["share_park"].iloc[0] > 0
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


def test_the_readme_life_circle_block_runs_as_written(repo_root, capsys, tmp_path, monkeypatch):
    text = (repo_root / "README.md").read_text(encoding="utf-8")
    block = text.split("## Life circles", 1)[1].split("```python", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)  # the block saves its map where it runs: not in the repository
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)  # shown to a user, not errors
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "湖滨街道" in out and "share_kindergarten" in out
    assert (tmp_path / "lifecircle_map.html").stat().st_size > 10_000


# ----------------------------------------------------------------------------- per unit, no data


def _units(*boxes, **cols):
    return gpd.GeoDataFrame(
        cols, geometry=[box(X0 + a, Y0 + b, X0 + c, Y0 + d) for a, b, c, d in boxes], crs=CRS
    )


def test_counts_are_the_facilities_inside_each_unit_not_the_data_total():
    units = _units((0, 0, 1000, 1000), (1000, 0, 2000, 1000), (5000, 5000, 6000, 6000),
                   name_zh=["甲", "乙", "丙"], code=["a", "b", "c"])  # fmt: skip
    pois = _pois(("kindergarten", 100, 100), ("kindergarten", 200, 900),
                 ("kindergarten", 1500, 500), ("kindergarten", 3000, 3000))  # fmt: skip
    cov = lifecircle.facility_coverage(units, pois, categories=["kindergarten"], base="unit")
    assert cov["n_inside_kindergarten"].tolist() == [2, 1, 0]
    assert "n_kindergarten" not in cov.columns  # the district total is not a per-unit count
    assert cov.attrs["lifecircle"]["n_facilities"] == {"kindergarten": 4}
    assert cov[["name_zh", "code"]].values.tolist() == [["甲", "a"], ["乙", "b"], ["丙", "c"]]


def test_no_facility_of_a_category_is_no_data_in_every_column_of_nearest():
    homes = gpd.GeoDataFrame({"name_zh": ["甲", "乙"]},
                             geometry=[Point(X0, Y0), Point(X0 + 50, Y0)], crs=CRS)  # fmt: skip
    pois = _pois(("kindergarten", 100, 0))
    with pytest.warns(sg.DataQualityWarning, match="health_station"):
        r = lifecircle.nearest(homes, pois, categories=["kindergarten", "health_station"])
    assert r["within_health_station"].isna().all()  # not False: there is no data
    assert r["dist_health_station"].isna().all()
    with pytest.warns(sg.DataQualityWarning, match="health_station"):
        rk = lifecircle.nearest(homes, pois, categories=["health_station"], k=2)
    assert rk["count_health_station"].isna().all() and rk["dist_health_station_2"].isna().all()
    assert r["within_kindergarten"].tolist() == [True, True]
    assert r["name_zh"].tolist() == ["甲", "乙"] and list(r.index) == list(homes.index)
    # summing the tiers cannot read 0 of 2 where one has no data
    assert int(r[["within_kindergarten", "within_health_station"]].sum(axis=1).iloc[0]) == 1
    assert r[["within_kindergarten", "within_health_station"]].isna().sum(axis=1).tolist() == [1, 1]


def test_categories_default_to_those_the_data_has():
    home = gpd.GeoDataFrame(geometry=[Point(X0, Y0)], crs=CRS)
    r = lifecircle.nearest(home, _pois(("park", 100, 0), ("market", 0, 100)))
    assert {c[5:] for c in r.columns if c.startswith("dist_")} == {"park", "market"}
    unit = _units((0, 0, 500, 500))
    cov = lifecircle.facility_coverage(unit, _pois(("park", 100, 100)), base="unit")
    assert [c for c in cov.columns if c.startswith("share_")] == ["share_park"]


def test_a_category_with_one_facility_for_a_large_area_is_too_sparse_not_zero():
    # one health station (300 m: 0.28 km² at most) for 16 km² of units: under a fifth
    units = _units((0, 0, 2000, 4000), (2000, 0, 4000, 4000), name_zh=["甲", "乙"])
    pois = _pois(
        ("health_station", 100, 100),
        *[("park", x, y) for x in range(250, 4000, 500) for y in range(250, 4000, 500)],
    )
    with pytest.warns(sg.DataQualityWarning, match=r"too sparse to measure: health_station \(1"):
        cov = lifecircle.facility_coverage(units, pois, base="unit")
    assert cov["share_health_station"].isna().all()  # not 0.00 % in 乙, 2 km from it
    assert cov["n_inside_health_station"].isna().all()
    assert cov["share_park"].notna().all()
    assert cov.attrs["lifecircle"]["sparse"] == {"health_station": 1}
    # measured as it is when asked
    raw = lifecircle.facility_coverage(units, pois, base="unit", min_reach_share=0)
    assert raw["share_health_station"].iloc[1] == 0.0 and raw.attrs["lifecircle"]["sparse"] == {}
    # places: within where the one station is reached (a fact), unknown elsewhere
    homes = gpd.GeoDataFrame(geometry=[Point(X0 + 150, Y0 + 100), Point(X0 + 3900, Y0 + 3900),
                                       Point(X0 + 100, Y0 + 3900)], crs=CRS)  # fmt: skip
    with pytest.warns(sg.DataQualityWarning, match="too sparse"):
        r = lifecircle.nearest(homes, pois, categories=["health_station"], k=1)
    assert r["within_health_station"].tolist()[0] is True
    assert r["within_health_station"].isna().tolist() == [False, True, True]
    assert r["count_health_station"].isna().all()
    assert r["dist_health_station"].iloc[1] == pytest.approx(math.hypot(3800, 3800))
    with pytest.raises(sg.InputError, match="min_reach_share"):
        lifecircle.nearest(homes, pois, min_reach_share=2)


# ----------------------------------------------------------------------------- k nearest


def _grid(n=9, spacing=100.0, seed=1):
    import networkx as nx

    rng = np.random.default_rng(seed)
    G = nx.MultiGraph(crs=CRS)
    for i in range(n):
        for j in range(n):
            G.add_node(i * n + j, x=X0 + i * spacing, y=Y0 + j * spacing)
    for i in range(n):
        for j in range(n):
            if i + 1 < n:
                G.add_edge(i * n + j, (i + 1) * n + j, length=spacing * rng.uniform(1, 1.6))
            if j + 1 < n:
                G.add_edge(i * n + j, i * n + j + 1, length=spacing * rng.uniform(1, 1.6))
    return G


def _at(G, nodes, **cols):
    return gpd.GeoDataFrame(
        cols, geometry=[Point(G.nodes[v]["x"], G.nodes[v]["y"]) for v in nodes], crs=CRS
    )


def test_k_nearest_and_counts_by_walking_equal_networkx_on_a_street_grid():
    import networkx as nx

    G = _grid()
    rng = np.random.default_rng(7)
    fac_nodes = rng.choice(G.number_of_nodes(), 12, replace=False).tolist()
    home_nodes = rng.choice(G.number_of_nodes(), 20, replace=False).tolist()
    pois = _at(G, fac_nodes, category=["primary_school"] * 8 + ["market"] * 4)
    homes = _at(G, home_nodes, code=[f"h{v}" for v in home_nodes])
    r = lifecircle.nearest(homes, pois, k=3, method="network", network=G, cutoff_m=5_000,
                           min_reach_share=0)  # fmt: skip
    for cat, d in (("primary_school", 500.0), ("market", 500.0)):
        mine = [v for v, c in zip(fac_nodes, pois["category"], strict=True) if c == cat]
        for row, h in enumerate(home_nodes):
            lengths = nx.single_source_dijkstra_path_length(G, h, weight="length")
            ref = sorted(lengths[v] for v in mine)
            got = [r[f"dist_{cat}_{i}"].iloc[row] for i in (1, 2, 3)]
            expected = (ref + [np.inf] * 3)[:3]
            assert got == pytest.approx(expected, abs=1e-6), (cat, h)
            assert r[f"count_{cat}"].iloc[row] == sum(x <= d + 1e-9 for x in ref)
            assert r[f"dist_{cat}"].iloc[row] == pytest.approx(expected[0], abs=1e-6)
    assert r["code"].tolist() == [f"h{v}" for v in home_nodes]
    assert np.allclose(r["min_market_2"], r["dist_market_2"] / 1.2 / 60)


def test_k_nearest_in_a_straight_line_equals_brute_force():
    rng = np.random.default_rng(3)
    fxy = rng.uniform(0, 3000, (40, 2))
    hxy = rng.uniform(0, 3000, (60, 2))
    pois = gpd.GeoDataFrame({"category": ["kindergarten"] * 30 + ["middle_school"] * 10},
                            geometry=[Point(X0 + x, Y0 + y) for x, y in fxy], crs=CRS)  # fmt: skip
    homes = gpd.GeoDataFrame(geometry=[Point(X0 + x, Y0 + y) for x, y in hxy], crs=CRS)
    r = lifecircle.nearest(homes.to_crs(4326), pois.to_crs(4326), k=4, min_reach_share=0)
    for cat, d, sl in (
        ("kindergarten", 300.0, slice(0, 30)),
        ("middle_school", 1000.0, slice(30, 40)),
    ):
        dist = np.hypot(*(hxy[:, None, :] - fxy[None, sl, :]).transpose(2, 0, 1))
        ref = np.sort(dist, axis=1)[:, :4]
        got = r[[f"dist_{cat}_{i}" for i in range(1, 5)]].to_numpy()
        assert np.allclose(got, ref, atol=1e-3)  # through EPSG:4326 and back
        assert r[f"count_{cat}"].tolist() == (dist <= d).sum(axis=1).tolist()
    with pytest.raises(sg.InputError, match="k must be"):
        lifecircle.nearest(homes, pois, k=0)


# ----------------------------------------------------------------------------- weights


def test_facility_coverage_by_weights_shares_the_population():
    unit = _units((0, 0, 1000, 1000), (1000, 0, 2000, 1000), name_zh=["甲", "乙"])
    pois = _pois(("kindergarten", 0, 0), ("kindergarten", 1000, 1000), ("kindergarten", 2000, 0))
    people = gpd.GeoDataFrame(
        {"pop": [10.0, 30.0, 60.0, 5.0, 15.0]},
        geometry=[Point(X0 + x, Y0 + y) for x, y in
                  ((100, 100), (500, 500), (900, 900), (1500, 500), (1900, 100))],
        crs=CRS,
    )  # fmt: skip
    cov = lifecircle.facility_coverage(unit, pois, categories=["kindergarten"], base="weights",
                                       weights=people, weight_col="pop")  # fmt: skip
    # 甲: (100,100) 141 m from (0,0), (900,900) 141 m from (1000,1000); (500,500) 707 m
    # 乙: (1900,100) 141 m from (2000,0); (1500,500) 707 m
    assert cov["share_kindergarten"].tolist() == pytest.approx([70 / 100, 15 / 20])
    assert cov["base_weight"].tolist() == pytest.approx([100.0, 20.0])


# ----------------------------------------------------------------------------- 2SFCA


def _pysal_2sfca(demand_pop, supply_cap, cost, radius):
    import pandas as pd
    from access import Access as PysalAccess

    dem = pd.DataFrame({"pop": demand_pop}, index=pd.Index(range(len(demand_pop)), name="d"))
    sup = pd.DataFrame({"cap": supply_cap}, index=pd.Index(range(len(supply_cap)), name="s"))
    acc = PysalAccess(demand_df=dem, demand_index=True, demand_value="pop", supply_df=sup,
                      supply_index=True, supply_value=["cap"], cost_df=cost, cost_origin="origin",
                      cost_dest="dest", cost_name="cost")  # fmt: skip
    got = acc.two_stage_fca(name="fca", max_cost=radius)["fca_cap"]
    return got.reindex(dem.index).fillna(0.0).to_numpy()


def test_two_step_fca_by_walking_equals_pysal_access_on_the_networkx_cost_matrix():
    import networkx as nx
    import pandas as pd

    G = _grid()
    rng = np.random.default_rng(11)
    dem_nodes = rng.choice(G.number_of_nodes(), 30, replace=False).tolist()
    sup_nodes = rng.choice(G.number_of_nodes(), 6, replace=False).tolist()
    pop = rng.integers(10, 500, len(dem_nodes)).astype(float)
    cap = rng.integers(20, 200, len(sup_nodes)).astype(float)
    demand = _at(G, dem_nodes, pop=pop, code=[f"d{v}" for v in dem_nodes])
    supply = _at(G, sup_nodes, cap=cap)
    radius = 450.0
    rows = []
    for i, v in enumerate(dem_nodes):
        lengths = nx.single_source_dijkstra_path_length(G, v, weight="length")
        rows += [(i, j, lengths[s]) for j, s in enumerate(sup_nodes) if s in lengths]
    cost = pd.DataFrame(rows, columns=["origin", "dest", "cost"])
    ref = _pysal_2sfca(pop, cap, cost, radius)
    assert (ref > 0).any() and (ref == 0).any()  # some reached, some not: a real check
    got = lifecircle.two_step_fca(demand, supply, population_col="pop", capacity_col="cap",
                                  radius_m=radius, method="network", network=G)  # fmt: skip
    assert got["supply_ratio"].to_numpy() == pytest.approx(ref, rel=1e-9, abs=1e-12)
    assert got["code"].tolist() == demand["code"].tolist()
    assert got["n_supply"].tolist() == [int(((cost.origin == i) & (cost.cost <= radius)).sum())
                                        for i in range(len(dem_nodes))]  # fmt: skip
    # per unit: the population-weighted mean of the points inside
    half = X0 + 400.0
    units = gpd.GeoDataFrame(
        {"name_zh": ["西", "东"]},
        geometry=[
            box(X0 - 1, Y0 - 1, half - 50, Y0 + 801),
            box(half - 50, Y0 - 1, X0 + 801, Y0 + 801),
        ],
        crs=CRS,
    )
    per = lifecircle.two_step_fca(
        demand,
        supply,
        population_col="pop",
        capacity_col="cap",
        radius_m=radius,
        method="network",
        network=G,
        units=units,
    )
    west = demand.geometry.x.to_numpy() < half - 50
    for k, side in enumerate((west, ~west)):
        assert per["supply_ratio"].iloc[k] == pytest.approx(
            np.sum(pop[side] * ref[side]) / pop[side].sum()
        )
        assert per["population"].iloc[k] == pytest.approx(pop[side].sum())
    assert per["name_zh"].tolist() == ["西", "东"]
    assert per.attrs["demand"].to_numpy() == pytest.approx(ref)


def test_two_step_fca_in_a_straight_line_equals_pysal_access():
    import pandas as pd
    from scipy.spatial.distance import cdist

    rng = np.random.default_rng(5)
    dxy, sxy = rng.uniform(0, 2000, (80, 2)), rng.uniform(0, 2000, (9, 2))
    pop, cap = rng.uniform(1, 100, 80), rng.uniform(1, 50, 9)
    demand = gpd.GeoDataFrame(
        {"pop": pop}, geometry=[Point(X0 + x, Y0 + y) for x, y in dxy], crs=CRS
    )
    supply = gpd.GeoDataFrame(
        {"cap": cap}, geometry=[Point(X0 + x, Y0 + y) for x, y in sxy], crs=CRS
    )
    full = cdist(dxy, sxy)
    i, j = np.nonzero(full >= 0)
    cost = pd.DataFrame({"origin": i, "dest": j, "cost": full[i, j]})
    ref = _pysal_2sfca(pop, cap, cost, 600.0)
    got = lifecircle.two_step_fca(demand, supply, population_col="pop", capacity_col="cap",
                                  radius_m=600)  # fmt: skip
    assert got["supply_ratio"].to_numpy() == pytest.approx(ref, rel=1e-9, abs=1e-12)


def test_places_without_a_location_or_beyond_the_streets_are_no_data():
    G = street_network((-3_000, 0, 3_000, 0))
    homes = gpd.GeoDataFrame(
        {"name_zh": ["街边", "无址", "远"]},
        geometry=[Point(X0 + 100, Y0 + 10), Point(), Point(X0, Y0 + 2_000)],
        crs=CRS,
    )
    pois = _pois(("park", 0, 0), ("park", 400, 0))
    r = lifecircle.nearest(homes, pois, method="network", network=G, k=2, min_reach_share=0)
    assert r["dist_park"].iloc[0] == pytest.approx(110.0)
    assert r["dist_park_2"].iloc[0] == pytest.approx(310.0)
    assert r["count_park"].iloc[0] == 2
    assert r["within_park"].isna().tolist() == [False, True, True]
    assert r[["dist_park", "dist_park_2"]].iloc[1:].isna().all().all()
    assert r["count_park"].iloc[1:].isna().all()
    people = homes.iloc[[0, 2]].assign(pop=[10.0, 20.0])
    supply = _pois(("park", 0, 0)).assign(cap=[5.0])
    fca = lifecircle.two_step_fca(people, supply, population_col="pop", capacity_col="cap",
                                  radius_m=500, method="network", network=G)  # fmt: skip
    assert fca["supply_ratio"].iloc[0] == pytest.approx(5 / 10)  # the far one is not counted
    assert np.isnan(fca["supply_ratio"].iloc[1]) and fca["n_supply"].isna().tolist() == [
        False,
        True,
    ]


def test_nearest_snaps_the_places_once_for_every_category(monkeypatch):
    """The places are snapped once and the snap is asked again per category; the memo
    keeps the points and max_snap_m apart, and its arrays are read-only."""
    from shangcheng_geo import network
    from shangcheng_geo.access._walk import WalkNetwork

    net = network.prepare(_grid())
    rng = np.random.default_rng(4)
    xy = rng.uniform(0, 800, (50, 2)) + np.array([X0, Y0])
    homes = gpd.GeoDataFrame(geometry=[Point(x, y) for x, y in xy], crs=CRS)
    pois = _pois(("kindergarten", 100, 100), ("market", 700, 200), ("park", 400, 700))
    sizes = []
    real = WalkNetwork._snap

    def counted(self, pts, cap):
        sizes.append(len(pts))
        return real(self, pts, cap)

    monkeypatch.setattr(WalkNetwork, "_snap", counted)
    r = lifecircle.nearest(homes, pois, method="network", network=net, min_reach_share=0)
    assert sizes.count(len(homes)) == 1  # three categories, one snap of the places
    fresh = network.prepare(_grid())  # a new network: nothing kept
    for cat in ("kindergarten", "market", "park"):
        one = lifecircle.nearest(homes, pois[pois["category"] == cat], method="network",
                                 network=fresh, min_reach_share=0)  # fmt: skip
        assert r[f"dist_{cat}"].tolist() == one[f"dist_{cat}"].tolist()
    off = np.array([[X0 + 50.0, Y0 + 30.0]])  # 30 m beside a street
    assert np.isinf(net.snap(off, max_snap_m=10).leg_m[0])
    assert net.snap(off).leg_m[0] == pytest.approx(30.0)
    assert net.snap(off + 1).leg_m[0] != net.snap(off).leg_m[0]
    with pytest.raises(ValueError, match="read-only"):
        net.snap(off).t[0] = 1.0


def test_the_sparse_rule_reads_the_same_area_from_the_hull_vertices():
    from shangcheng_geo.lifecircle import _inputs
    from shangcheng_geo.lifecircle.measures import _hull_points

    rng = np.random.default_rng(9)
    for xy in (
        rng.uniform(0, 3000, (500, 2)),
        np.column_stack([np.arange(6.0) * 100, np.arange(6.0) * 50]),  # collinear
        np.array([[0.0, 0.0]] * 5),  # one place, repeated
        np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]]),
    ):
        hull = _hull_points(xy)
        assert len(hull) <= len(xy)
        for d in (300.0, 1000.0):
            assert _inputs.places_area_m2(hull, d) == pytest.approx(
                _inputs.places_area_m2(xy, d), rel=1e-12
            )
