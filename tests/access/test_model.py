"""The access model (access/model.py): siblings share the stations checked once."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

import shangcheng_geo as sg
from shangcheng_geo import access


def _stations():
    return gpd.GeoDataFrame(
        {"name_zh": ["A", "B"], "opened": ["2010-01-01", "2020-01-01"]},
        geometry=[Point(0, 0), Point(5_000, 0)],
        crs=4549,
    )


def test_a_date_keeps_the_what_if_stations():
    """``with_stations(extra).on(day)``: the stations open on that day plus the candidates."""
    extra = gpd.GeoDataFrame(geometry=[Point(0, 3_000)], crs=4549)
    acc = access.Access(_stations()).with_stations(extra)
    early = acc.on("2015-01-01")
    assert len(acc.stations) == 3
    assert list(early.stations["name_zh"]) == ["A", "candidate 0"]
    assert (
        early.distances(gpd.GeoDataFrame(geometry=[Point(0, 3_100)], crs=4549))["distance_m"].iloc[
            0
        ]
        == 100.0
    )


def test_on_filters_the_projected_layer_without_changing_the_model():
    acc = access.Access(_stations())
    early = acc.on("2015-01-01")
    assert len(acc.stations) == 2 and len(early.stations) == 1
    assert early.stations.crs == acc.stations.crs
    assert list(early.stations.index) == [0]


MODEL_FUNCTIONS = [
    "shangcheng_geo.access.model:Access",
    "shangcheng_geo.coverage:station_coverage",
    "shangcheng_geo.coverage:compare_methods",
    "shangcheng_geo.coverage:coverage_gaps",
    "shangcheng_geo.coverage:site_access",
    "shangcheng_geo.scenarios:coverage_timeline",
    "shangcheng_geo.scenarios:what_if",
]


@pytest.mark.parametrize("target", MODEL_FUNCTIONS)
def test_every_function_uses_the_model_options_defaults(target):
    """The bundle (as_of, method, network, max_snap_m, cell_m) has one set of defaults:
    ModelOptions'. Every function that takes it as keywords declares the same ones."""
    import dataclasses
    import importlib
    import inspect

    module, name = target.split(":")
    params = inspect.signature(getattr(importlib.import_module(module), name)).parameters
    defaults = {f.name: f.default for f in dataclasses.fields(access.ModelOptions)}
    shared = [n for n in defaults if n in params]
    assert len(shared) >= 3, (target, list(params))
    for n in shared:
        default = params[n].default
        if default is inspect.Parameter.empty:  # required here (compare_methods' network)
            continue
        assert default == defaults[n], (target, n, default, defaults[n])
        assert params[n].kind is inspect.Parameter.KEYWORD_ONLY, (target, n)


def test_a_model_given_with_options_names_the_clash():
    acc = access.Access(_stations())
    with pytest.raises(sg.InputError, match=r"\['as_of', 'cell_m'\]"):
        access.resolve(acc, as_of="2020-01-01", cell_m=5)
    assert access.resolve(acc, method="euclidean", max_snap_m=250.0) is acc


def _line_network():
    """One street along y = 0 with junctions at x = 0, 4,990 m and 5,010 m."""
    from shapely.geometry import LineString

    from shangcheng_geo import network

    lines = [LineString([(0, 0), (4_990, 0)]), LineString([(4_990, 0), (5_010, 0)])]
    return network.graph_from_lines(gpd.GeoDataFrame(geometry=lines, crs=4549))


def test_the_public_distance_doors_search_to_the_one_default_cutoff():
    """Not given a cutoff, each door searches 5,000 m (DEFAULT_CUTOFF_M): 4,990 m is
    reached, 5,010 m is not."""
    import numpy as np
    from shapely.geometry import box

    from shangcheng_geo import network
    from shangcheng_geo._options import DEFAULT_CUTOFF_M

    assert DEFAULT_CUTOFF_M == 5_000.0
    G = _line_network()
    st = gpd.GeoDataFrame(geometry=[Point(0, 0)], crs=4549)
    near_far = gpd.GeoDataFrame(geometry=[Point(4_990, 0), Point(5_010, 0)], crs=4549)
    assert sorted(network.network_distances(G, st).tolist()) == [0.0, 4_990.0, np.inf]
    assert network.point_distances(G, st, near_far).tolist() == [4_990.0, np.inf]
    walk = access.Access(st, method="network", network=G, cell_m=10)
    xy = np.array([[4_990.0, 0.0], [5_010.0, 0.0]])
    assert walk.distance_xy(xy)[0].tolist() == [4_990.0, np.inf]
    assert walk.distances(near_far)["distance_m"].tolist() == [4_990.0, np.inf]
    samples, d, _ = walk.sample_distances(np.array([box(4_960, -10, 5_040, 10)]))
    walked = samples.xy[:, 0] + np.abs(samples.xy[:, 1])  # the leg, then along the street
    assert (walked <= 5_000).any() and (walked > 5_000).any()
    assert d.tolist() == pytest.approx(np.where(walked <= 5_000, walked, np.inf).tolist())
