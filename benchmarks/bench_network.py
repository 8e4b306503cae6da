"""Walking distances: shangcheng_geo.network_distances (scipy csgraph) vs networkx.

Run: python benchmarks/bench_network.py [side]

A square grid network of side x side nodes (default 500: 499,000 edges, 100 m spacing,
lengths jittered) and 300 source points on nodes; distances within 2,000 m.
"""

from __future__ import annotations

import platform
import sys
import time

import geopandas as gpd
import networkx as nx
import numpy as np
import scipy

from shangcheng_geo import network


def grid(side, seed=0):
    rng = np.random.default_rng(seed)
    G = nx.MultiGraph(crs="EPSG:4549")
    for i in range(side):
        for j in range(side):
            G.add_node(i * side + j, x=i * 100.0, y=j * 100.0)
    for i in range(side):
        for j in range(side):
            a = i * side + j
            if i + 1 < side:
                G.add_edge(a, a + side, length=100.0 * rng.uniform(1.0, 1.5))
            if j + 1 < side:
                G.add_edge(a, a + 1, length=100.0 * rng.uniform(1.0, 1.5))
    return G


def main():
    side = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    G = grid(side)
    rng = np.random.default_rng(1)
    sources = rng.choice(G.number_of_nodes(), size=300, replace=False).tolist()
    pts = gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(
            [G.nodes[s]["x"] for s in sources], [G.nodes[s]["y"] for s in sources]
        ),
        crs="EPSG:4549",
    )
    cutoff = 2_000.0
    t = time.perf_counter()
    net = network.prepare(G)
    t_prep = time.perf_counter() - t
    times = []
    for _ in range(5):
        t = time.perf_counter()
        ours = network.network_distances(net, pts, cutoff_m=cutoff)
        times.append(time.perf_counter() - t)
    t_query = float(np.median(times))
    t = time.perf_counter()
    ref = nx.multi_source_dijkstra_path_length(G, sources, cutoff=cutoff, weight="length")
    t_nx = time.perf_counter() - t
    keys = np.fromiter(ref.keys(), dtype=np.int64)
    err = np.abs(ours.loc[keys].to_numpy() - np.fromiter(ref.values(), dtype=float)).max()
    unreached_ok = np.isinf(ours.drop(index=keys)).all()
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"networkx {nx.__version__}, scipy {scipy.__version__}"
    )
    print(
        f"grid {side}x{side}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges; "
        f"300 sources; cutoff {cutoff:g} m"
    )
    print(f"networkx multi_source_dijkstra_path_length  {t_nx:7.3f} s")
    print(
        f"network_distances, prepared (median of 5)   {t_query:7.3f} s   "
        f"ratio {t_nx / t_query:6.1f}x"
    )
    print(f"prepare (arrays + CSR + STRtree, once)     {t_prep:7.3f} s")
    print(
        f"prepare + one query                         {t_prep + t_query:7.3f} s   "
        f"ratio {t_nx / (t_prep + t_query):6.1f}x"
    )
    print(
        f"max difference {err:.2e} m over {len(keys):,} reached nodes; "
        f"unreached all inf: {unreached_ok}"
    )


if __name__ == "__main__":
    main()
