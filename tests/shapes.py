"""Synthetic shapes with analytic answers, shared by the tests (``from shapes import ...``)."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import LineString, Point, box

X0, Y0 = 520_000.0, 3_350_000.0  # a point in EPSG:4549 near Hangzhou
CRS = "EPSG:4549"


def square(half=5_000.0, index=None):
    """A square unit of side ``2 * half`` centred on (X0, Y0)."""
    return gpd.GeoDataFrame(
        {"name": ["sq"]},
        geometry=[box(X0 - half, Y0 - half, X0 + half, Y0 + half)],
        crs=CRS,
        index=index,
    )


def stations_at(*xy, ids=None):
    """Stations at offsets from (X0, Y0)."""
    ids = ids or [f"s{i}" for i in range(len(xy))]
    return gpd.GeoDataFrame(
        {"station_id": ids, "name_zh": ids},
        geometry=[Point(X0 + dx, Y0 + dy) for dx, dy in xy],
        crs=CRS,
    )


def street_network(*lines):
    """A walking graph of straight streets (x0, y0, x1, y1) offset from (X0, Y0)."""
    from shangcheng_geo import network

    streets = gpd.GeoDataFrame(
        geometry=[LineString([(X0 + a, Y0 + b), (X0 + c, Y0 + d)]) for a, b, c, d in lines],
        crs=CRS,
    )
    return network.graph_from_lines(streets)


def band(half_x=2_000.0, half_y=250.0):
    """A rectangle ``2 half_x`` by ``2 half_y`` centred on (X0, Y0)."""
    return gpd.GeoDataFrame(
        geometry=[box(X0 - half_x, Y0 - half_y, X0 + half_x, Y0 + half_y)], crs=CRS
    )


def gdf(*geoms, crs=CRS, **cols):
    """A layer of the given geometries (named g0, g1, ... unless columns are given)."""
    return gpd.GeoDataFrame(
        cols or {"name": [f"g{i}" for i in range(len(geoms))]}, geometry=list(geoms), crs=crs
    )
