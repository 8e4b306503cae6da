"""Life circles: the future-community scorecard, and the two-step floating catchment against
pysal's ``access`` on the same distances.

Run: python benchmarks/bench_lifecircle.py [n_demand] [n_supply]

1. ``lifecircle.scorecard`` of the future-community sites (plan.sites) x 3 tiers on the
   embedded OSM facilities, straight line and walking on the embedded western streets (the
   first call in this process, then a second one), with 800 m metro access and ranking.
2. 2SFCA of n_demand (default 100,000) demand points and n_supply (default 2,000) facilities
   spread over 12 km x 12 km, 1,000 m catchment, straight line: ``lifecircle.two_step_fca``
   from the points against ``access.Access(...).two_stage_fca`` (pysal) given the cost table
   of every pair within the catchment, which is not counted in pysal's time. Same answer is
   checked (largest difference of the ratios).
"""

from __future__ import annotations

import sys
import time
import warnings

import numpy as np
from _common import peak_mb


def scorecards() -> None:
    from shangcheng_geo import lifecircle
    from shangcheng_geo.lifecircle import facilities
    from shangcheng_geo.plan import sites

    warnings.simplefilter("ignore")
    pois = facilities.from_osm()
    fc = sites.future_communities()
    for method in ("euclidean", "network"):
        for run in ("first", "second"):
            t = time.perf_counter()
            card = lifecircle.scorecard(fc, pois, method=method)
            dt = time.perf_counter() - t
            n_rank = int(card["rank"].notna().sum() // 4)
            print(f"scorecard {method:9s} {run}: {dt:.2f} s ({len(fc)} sites, {n_rank} ranked)")


def fca(n_demand: int, n_supply: int) -> None:
    import geopandas as gpd
    import pandas as pd
    from access import Access as PysalAccess
    from scipy.spatial import cKDTree

    from shangcheng_geo import lifecircle

    rng = np.random.default_rng(0)
    x0, y0, side, radius = 515_000.0, 3_343_000.0, 12_000.0, 1_000.0
    dxy = rng.uniform(0, side, (n_demand, 2)) + np.array([x0, y0])
    sxy = rng.uniform(0, side, (n_supply, 2)) + np.array([x0, y0])
    pop = rng.integers(1, 200, n_demand).astype(float)
    cap = rng.integers(10, 300, n_supply).astype(float)
    demand = gpd.GeoDataFrame({"pop": pop}, geometry=gpd.points_from_xy(*dxy.T), crs=4549)
    supply = gpd.GeoDataFrame({"cap": cap}, geometry=gpd.points_from_xy(*sxy.T), crs=4549)
    t = time.perf_counter()
    cKDTree(sxy).sparse_distance_matrix(cKDTree(dxy), radius, output_type="ndarray")
    t_pairs = time.perf_counter() - t
    t = time.perf_counter()
    ours = lifecircle.two_step_fca(demand, supply, population_col="pop", capacity_col="cap",
                                   radius_m=radius)["supply_ratio"].to_numpy()  # fmt: skip
    t_ours = time.perf_counter() - t
    pairs = cKDTree(dxy).sparse_distance_matrix(cKDTree(sxy), radius, output_type="ndarray")
    cost = pd.DataFrame({"origin": pairs["i"], "dest": pairs["j"], "cost": pairs["v"]})
    dem = pd.DataFrame({"pop": pop}, index=pd.Index(np.arange(n_demand), name="d"))
    sup = pd.DataFrame({"cap": cap}, index=pd.Index(np.arange(n_supply), name="s"))
    t = time.perf_counter()
    acc = PysalAccess(demand_df=dem, demand_index=True, demand_value="pop", supply_df=sup,
                      supply_index=True, supply_value=["cap"], cost_df=cost,
                      cost_origin="origin", cost_dest="dest", cost_name="cost")  # fmt: skip
    theirs = acc.two_stage_fca(name="fca", max_cost=radius)["fca_cap"]
    t_theirs = time.perf_counter() - t
    theirs = theirs.reindex(dem.index).fillna(0.0).to_numpy()
    diff = float(np.max(np.abs(ours - theirs)))
    print(f"2SFCA {n_demand:,} x {n_supply:,} ({len(cost):,} pairs within {radius:g} m): "
          f"shangcheng_geo {t_ours:.2f} s (distances included; the k-d tree pair search "
          f"alone {t_pairs:.2f} s), pysal access "
          f"{t_theirs:.2f} s (cost table given): {t_theirs / t_ours:.1f}x; "
          f"max |difference| {diff:.1e} (ratios up to {ours.max():.3f})")  # fmt: skip


def walking_fca(n_demand: int, n_supply: int) -> None:
    """2SFCA by walking on the embedded western streets (500 m), demand and supply drawn
    inside the streets' extent."""
    import geopandas as gpd

    from shangcheng_geo import datasets, lifecircle

    net = datasets.streets()
    rng = np.random.default_rng(1)
    nodes = net.xy[rng.integers(0, net.n_nodes, n_demand + n_supply)]
    xy = nodes + rng.normal(0, 30, nodes.shape)
    demand = gpd.GeoDataFrame(
        {"pop": rng.integers(1, 200, n_demand).astype(float)},
        geometry=gpd.points_from_xy(*xy[:n_demand].T),
        crs=net.crs,
    )
    supply = gpd.GeoDataFrame(
        {"cap": rng.integers(10, 300, n_supply).astype(float)},
        geometry=gpd.points_from_xy(*xy[n_demand:].T),
        crs=net.crs,
    )
    t = time.perf_counter()
    out = lifecircle.two_step_fca(demand, supply, population_col="pop", capacity_col="cap",
                                  radius_m=500, method="network", network=net)  # fmt: skip
    dt = time.perf_counter() - t
    print(f"2SFCA walking {n_demand:,} x {n_supply:,} (500 m, embedded streets): {dt:.2f} s; "
          f"{int(out['supply_ratio'].gt(0).sum()):,} demand points reach a facility")  # fmt: skip


if __name__ == "__main__":
    n_demand = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    n_supply = int(sys.argv[2]) if len(sys.argv) > 2 else 2_000
    scorecards()
    fca(n_demand, n_supply)
    walking_fca(10_000, 200)
    print(f"peak {peak_mb():.0f} MB")
