"""Measure the covered share of units for an access model: exact areas or sample cells.

The body of :meth:`shangcheng_geo.access.Access.coverage`, kept apart so that the model
stays small; it asks the model only through its public methods.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._errors import InputError, warn
from .._geom import circles, is_raster, safe_ratio
from .._options import STATION_RADIUS_M
from .._validate import label_column, radii, radius_suffix
from ._bundle import walk_minutes
from .bases import BASES

__all__ = ["NOT_SERVED_WARN_SHARE", "measure"]

NOT_SERVED_WARN_SHARE = 0.05


def measure(
    acc: Any,
    units: Any,
    *,
    radius_m: Any = STATION_RADIUS_M,
    base: str = "land",
    water: Any = None,
    weights: Any = None,
    weight_col: str | None = None,
) -> Any:
    """Coverage columns for ``units`` from the access model ``acc`` (see Access.coverage)."""
    import shapely

    from ._units import Units

    rs = radii(radius_m)
    mask = hasattr(base, "geometry") and not isinstance(base, str)
    if not mask and (not isinstance(base, str) or base not in BASES):
        raise InputError(
            f"base must be one of {list(BASES)} or a GeoDataFrame of polygons (e.g. the "
            f"built-up area); received {base!r}."
        )
    prepared = Units.of(units)  # checked and projected once (or already, by the caller)
    units, units_m = prepared.source, prepared.metric
    if len(acc.stations) == 0:
        warn("no station is open in the given set (as_of or an empty layer): every ratio is 0.")
    out = units.copy()
    sfx = (lambda r: "") if len(rs) == 1 else (lambda r: f"_{radius_suffix(r)}")
    if not mask and base == "weights":
        for name, values in _weighted_columns(acc, units_m, rs, weights, weight_col).items():
            out[name] = values
        out.attrs["coverage"] = _describe(acc, rs, base, units_m)
        return out
    bases = prepared.bases(base, water)
    base_area = shapely.area(bases)
    out["base_m2"] = base_area
    if not acc.sampled:  # exact areas
        for r in rs:
            covered = _covered_by_circles(bases, acc.stations.geometry.values, r)
            out[f"covered_m2{sfx(r)}"] = covered
            out[f"coverage_ratio{sfx(r)}"] = np.clip(safe_ratio(covered, base_area), 0, 1)
    else:  # sample cells
        samples, d, served = acc.sample_distances(bases, cutoff_m=max(rs))
        k = len(bases)
        n = np.bincount(samples.owner, minlength=k).astype(float)
        if acc.method == "network":
            not_served = safe_ratio(np.bincount(samples.owner, ~served, minlength=k), n)
            out["not_served_m2"] = np.nan_to_num(not_served) * base_area
            out["not_served_share"] = not_served
            _warn_not_served(acc, units, not_served)
            # a unit wholly beyond the network has no walking data: NaN, never 0 %
            nothing = np.bincount(samples.owner, served, minlength=k) == 0
        else:
            nothing = np.zeros(k, bool)
        for r in rs:
            share = safe_ratio(np.bincount(samples.owner, d <= r, minlength=k), n)
            share = np.where(nothing, np.nan, share)
            out[f"covered_m2{sfx(r)}"] = np.where(nothing, np.nan, np.nan_to_num(share) * base_area)
            out[f"coverage_ratio{sfx(r)}"] = np.where(base_area > 0, share, np.nan)
    out.attrs["coverage"] = _describe(acc, rs, "mask" if mask else base, units_m)
    return out


def _covered_by_circles(bases: Any, stations: Any, radius: float) -> Any:
    """Area of each base within ``radius`` of a station: each base meets only the circles
    that touch it (their union), not the whole dissolved catchment -- the same area, found
    in a fraction of the time when there are many small units."""
    import shapely

    covered = np.zeros(len(bases))
    if len(stations) == 0 or len(bases) == 0:
        return covered
    disks = circles(stations, radius)
    unit_idx, disk_idx = shapely.STRtree(disks).query(bases, predicate="intersects")
    if len(unit_idx) == 0:
        return covered
    order = np.argsort(unit_idx, kind="stable")
    unit_idx, disk_idx = unit_idx[order], disk_idx[order]
    starts = np.flatnonzero(np.r_[True, unit_idx[1:] != unit_idx[:-1]])
    ends = np.r_[starts[1:], len(unit_idx)]
    for s, t in zip(starts.tolist(), ends.tolist(), strict=True):
        u = int(unit_idx[s])
        local = shapely.union_all(disks[disk_idx[s:t]])
        covered[u] = shapely.area(shapely.intersection(bases[u], local))
    return covered


def _labels(units: Any) -> Any:
    col = label_column(units)
    return (units[col] if col else units.index.to_series()).astype(str)


def _warn_not_served(acc: Any, units: Any, share: Any) -> None:
    label = _labels(units)
    whole = np.nan_to_num(share) >= 1.0
    if whole.any():
        names = ", ".join(list(label[whole])[:10])
        warn(
            f"{int(whole.sum())} unit(s) lie wholly beyond the network (no point within "
            f"max_snap_m={acc.max_snap_m:g} m of a walkable edge): {names}. Their walking "
            "coverage is NaN (no data), not 0 %."
            + (
                " The embedded streets cover western Shangcheng only: for the east, bring an "
                "OSM extract (network.graph_from_osm)."
                if acc.network_source and "embedded" in acc.network_source
                else ""
            )
        )
    big = (np.nan_to_num(share) > NOT_SERVED_WARN_SHARE) & ~whole
    if big.any():
        detail = ", ".join(
            f"{name}: {s:.0%}" for name, s in list(zip(label[big], share[big], strict=True))[:8]
        )
        warn(
            f"{int(big.sum())} unit(s) lie partly beyond the network (farther than "
            f"max_snap_m={acc.max_snap_m:g} m from every walkable edge): {detail}. That "
            "land is not served by the network (see not_served_share), so their walking "
            "coverage is a lower bound; use a network that covers the units."
            + (
                " The embedded streets cover western Shangcheng only: for the east, bring an "
                "OSM extract (network.graph_from_osm)."
                if acc.network_source and "embedded" in acc.network_source
                else ""
            )
        )


def _describe(acc: Any, rs: list[float], base: str, units_m: Any) -> dict[str, Any]:
    info: dict[str, Any] = {
        "method": acc.method,
        "base": base,
        "radius_m": rs,
        "walk_min": [walk_minutes(r, acc.walk_speed_m_s) for r in rs],
        "walk_speed_m_s": acc.walk_speed_m_s,
        "as_of": None if acc.as_of is None else str(acc.as_of.date()),
        "n_stations": len(acc.stations),
        "analysis_crs": str(units_m.crs.to_string()),
    }
    if acc.method == "network":
        info.update(max_snap_m=acc.max_snap_m, cell_m=acc.cell_m, n_used=acc.n_used)
        info["network"] = getattr(acc, "network_source", None) or "the caller's network"
    return info


def _weighted_columns(
    acc: Any, units_m: Any, rs: list[float], weights: Any, weight_col: Any
) -> dict[str, Any]:
    """Coverage columns by weights for an access model ``acc``: weight points (either
    method) or a raster (straight line), for units in the analysis CRS."""
    import shapely

    from ..crs import to_analysis_crs

    sfx = (lambda r: "") if len(rs) == 1 else (lambda r: f"_{radius_suffix(r)}")
    cols: dict[str, Any] = {}
    if is_raster(weights):
        if acc.method != "euclidean":
            raise InputError(
                "walking coverage by a raster of weights is not supported; give the "
                "weights as points (e.g. the raster's cell centres with their values)."
            )
        from ..raster import zonal_sums

        cells = units_m[[units_m.geometry.name]]
        whole = zonal_sums(cells, weights)
        totals = whole["value_sum"].to_numpy()
        cols["base_weight"] = totals
        missing = (whole["nodata_weight"] + whole["outside_weight"]).to_numpy()
        total = whole["valid_weight"].to_numpy() + missing
        cols["nodata_share"] = safe_ratio(missing, total)
        beyond = whole["outside_weight"].to_numpy() > 0
        if beyond.any():
            warn(
                f"{int(beyond.sum())} unit(s) extend beyond the weights raster (index "
                f"{list(units_m.index[beyond])[:10]}): the area outside it has no data, is "
                "counted in nodata_share and holds no weight. Use a raster that covers the units."
            )
        extent = shapely.box(*units_m.total_bounds)
        for r in rs:
            cut = shapely.intersection(
                units_m.geometry.values, acc.covered_geometry(r, extent=extent)
            )
            covered = zonal_sums(cells, weights, geometries=cut)["value_sum"].to_numpy()
            cols[f"covered_weight{sfx(r)}"] = covered
            cols[f"coverage_ratio{sfx(r)}"] = np.clip(safe_ratio(covered, totals), 0, 1)
        return cols
    from .._weights import point_weights

    layer, w = point_weights(weights, weight_col)
    pts = to_analysis_crs(layer, "weights").geometry.values
    unit_idx, pt_idx = shapely.STRtree(pts).query(units_m.geometry.values, predicate="intersects")
    k = len(units_m)
    totals = np.bincount(unit_idx, weights=w[pt_idx], minlength=k)
    cols["base_weight"] = totals
    xy = np.column_stack([shapely.get_x(pts[pt_idx]), shapely.get_y(pts[pt_idx])])
    if len(xy):
        d, _, served = acc.distance_xy(xy, cutoff_m=max(rs))
    else:
        d, served = np.zeros(0), np.zeros(0, bool)
    if acc.method == "network":
        lost = np.bincount(unit_idx, weights=w[pt_idx] * ~served, minlength=k)
        cols["not_served_weight"] = lost
        cols["not_served_share"] = safe_ratio(lost, totals)
    for r in rs:
        covered = np.bincount(unit_idx, weights=w[pt_idx] * (d <= r), minlength=k)
        cols[f"covered_weight{sfx(r)}"] = covered
        cols[f"coverage_ratio{sfx(r)}"] = safe_ratio(covered, totals)
    return cols
