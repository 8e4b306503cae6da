"""Build the OpenStreetMap layers of western Shangcheng from the full-tag extract.

Called by ``scripts/build_data.py``; usable alone::

    python scripts/build_osm.py [--raw ../shared/data-raw] [--out data/boundaries]

Outputs, all from ``osm/hangzhou_west_osm_2026-05-08.osm.pbf`` (ODbL, © OpenStreetMap
contributors), EPSG:4326:

* ``osm_west.gpkg`` -- layers ``subdistrict_boundaries`` (the admin_level=8 relations of
  Shangcheng that close inside the extract), ``green_space`` (mapped green polygons),
  ``facilities`` (schools, kindergartens, health, social facilities, markets, parks: points,
  areas at their representative point with ``area_m2``), ``bus_stops``,
  ``community_labels`` (``place=quarter|village`` nodes), ``metro_construction``
  (``railway=construction`` metro ways);
* ``streets_west.npz`` -- the walking network (the library's walk filter, as
  :func:`shangcheng_geo.network.graph_from_osm` reads it), clipped to the district plus
  ``MARGIN_M``: node ids and lon/lat, edge ends, geodesic lengths, OSM way ids and highway
  classes, arrays that the engine reads without building a graph.

Nothing east of the extract's street coverage (about 120.21 E) is invented.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from shangcheng_geo._osm import read_features_pbf  # noqa: E402
from shangcheng_geo.green.osm import OSM_GREEN_TAGS  # noqa: E402

PBF = "osm/hangzhou_west_osm_2026-05-08.osm.pbf"
EXTRACT_DATE = "2026-05-08"
OSM_LICENCE = "ODbL-1.0, © OpenStreetMap contributors"
OSM_SOURCE = f"OpenStreetMap extract of western Hangzhou ({EXTRACT_DATE}, osmium cut of Geofabrik)"
EXTENT = (
    "western Shangcheng only: old 上城, 凯旋, 采荷, 闸弄口 and western 四季青 (streets reach "
    "about 120.03-120.21 E); nothing for 笕桥, 彭埠, 九堡, 丁兰 or eastern 四季青"
)
MARGIN_M = 1_000.0
# the rivers and canals the 14th plan's greenways follow (专栏 绿道建设), as OSM names them
WATERWAYS = ("贴沙河", "新开河", "新塘河", "上塘河", "京杭大运河", "钱塘江", "白石港", "笕桥港")

# OSM tags -> the library's facility classes (the life-circle categories refine these)
FACILITY_TAGS = {
    ("amenity", "school"): "school",
    ("amenity", "kindergarten"): "kindergarten",
    ("amenity", "hospital"): "hospital",
    ("amenity", "clinic"): "clinic",
    ("amenity", "doctors"): "doctors",
    ("amenity", "social_facility"): "social_facility",
    ("amenity", "marketplace"): "market",
    ("shop", "supermarket"): "supermarket",
    ("amenity", "pharmacy"): "pharmacy",
    ("leisure", "park"): "park",
    ("leisure", "garden"): "garden",
}


def facility_class(tags: dict[str, str]) -> str | None:
    for (key, value), name in FACILITY_TAGS.items():
        if tags.get(key) == value:
            return name
    return None


def is_green(tags: dict[str, str]) -> bool:
    return any(tags.get(k) in v for k, v in OSM_GREEN_TAGS.items())


def _rows(features, kind_col=True):
    rows = []
    for osm_type, osm_id, tags, geom in features:
        rows.append(
            {
                "osm_id": osm_id,
                "osm_type": osm_type,
                "name": tags.get("name"),
                "tags": json.dumps(tags, ensure_ascii=False, sort_keys=True),
                "geometry": geom,
            }
        )
    return rows


def _provenance(gdf: gpd.GeoDataFrame, confidence: str) -> gpd.GeoDataFrame:
    gdf["source"] = OSM_SOURCE
    gdf["licence"] = OSM_LICENCE
    gdf["confidence"] = confidence
    gdf["osm_date"] = EXTRACT_DATE
    return gdf


def _frame(rows, columns=()):
    cols = ["osm_id", "osm_type", "name", *columns, "tags", "geometry"]
    return gpd.GeoDataFrame(rows, columns=cols, geometry="geometry", crs="EPSG:4326")


def build_layers(raw: Path, district: gpd.GeoDataFrame, names: list[str]) -> dict:
    """The vector layers, clipped to the district plus the margin (bus stops: all)."""
    clip = district.to_crs(4549).buffer(MARGIN_M).to_crs(4326).union_all()
    wanted_admin = set(names)
    feats = read_features_pbf(
        raw / PBF,
        area=lambda t: (
            (t.get("admin_level") == "8" and t.get("name") in wanted_admin)
            or is_green(t)
            or facility_class(t) is not None
        ),
        node=lambda t: (
            facility_class(t) is not None
            or "entrance" in t
            or t.get("barrier") == "gate"
            or t.get("highway") == "bus_stop"
            or t.get("place") in ("quarter", "village")
            or t.get("construction") == "station"
        ),
        line=lambda t: (
            (t.get("railway") == "construction" and "地铁" in t.get("name", ""))
            or (t.get("waterway") in ("canal", "river") and t.get("name") in WATERWAYS)
        ),
    )
    admin = [f for f in feats.areas if f[2].get("admin_level") == "8"]
    sub = _frame(_rows(admin))
    sub["code12"] = None
    sub = _provenance(sub, "high")
    green = _frame(_rows([f for f in feats.areas if is_green(f[2])]))
    green["tag"] = [
        next(f"{k}={t[k]}" for k in OSM_GREEN_TAGS if t.get(k) in OSM_GREEN_TAGS[k])
        for t in map(json.loads, green["tags"])
    ]
    green = _provenance(green[green.intersects(clip)].reset_index(drop=True), "medium")
    fac_area = [f for f in feats.areas if facility_class(f[2]) is not None]
    fac_node = [f for f in feats.nodes if facility_class(f[2]) is not None]
    fac = _frame(_rows(fac_node + fac_area), columns=["category", "area_m2"])
    fac["category"] = [facility_class(json.loads(t)) for t in fac["tags"]]
    fac["area_m2"] = np.where(
        fac.geom_type.isin(["Polygon", "MultiPolygon"]), fac.to_crs(4549).area, np.nan
    )
    fac = fac[fac.intersects(clip)].reset_index(drop=True)
    areas = fac[fac.geom_type.isin(["Polygon", "MultiPolygon"])][["osm_id", "osm_type", "geometry"]]
    is_park = fac["category"].isin(["park", "garden"]) & fac.geom_type.isin(
        ["Polygon", "MultiPolygon"]
    )
    park_areas = fac[is_park]  # within the clip, as the facility_areas layer keeps them
    fac = fac.set_geometry(fac.representative_point())
    fac = _provenance(fac, "medium")
    # park and garden entrances: entrance/gate nodes on (within 5 m of) a park's outline
    gates = [f for f in feats.nodes if "entrance" in f[2] or f[2].get("barrier") == "gate"]
    entrances = _frame(_rows(gates))
    outlines = gpd.GeoDataFrame(
        {"park_osm_id": park_areas["osm_id"], "park_name": park_areas["name"]},
        geometry=park_areas.boundary.to_numpy(),
        crs="EPSG:4326",
    ).to_crs(4549)
    near = gpd.sjoin_nearest(entrances.to_crs(4549), outlines, max_distance=5.0, how="inner")
    near = near[~near.index.duplicated()]
    entrances = entrances.loc[near.index].copy()
    entrances["park_osm_id"] = near["park_osm_id"].to_numpy()
    entrances["park_name"] = near["park_name"].to_numpy()
    entrances = _provenance(entrances.reset_index(drop=True), "medium")
    bus = _frame(_rows([f for f in feats.nodes if f[2].get("highway") == "bus_stop"]))
    bus = _provenance(bus, "medium")
    labels = _frame(
        _rows([f for f in feats.nodes if f[2].get("place") in ("quarter", "village")]),
        columns=["place"],
    )
    labels["place"] = [json.loads(t)["place"] for t in labels["tags"]]
    labels = _provenance(labels[labels["name"].notna()].reset_index(drop=True), "low")
    metro_lines = [f for f in feats.lines if f[2].get("railway") == "construction"]
    water_lines = [f for f in feats.lines if f[2].get("waterway")]
    waterways = _frame(_rows(water_lines), columns=["waterway"])
    waterways["waterway"] = [json.loads(t)["waterway"] for t in waterways["tags"]]
    waterways = _provenance(waterways, "medium")  # whole lines: where they run is the point
    metro = _frame(_rows(metro_lines), columns=["status"])
    metro["status"] = f"under construction (OSM, {EXTRACT_DATE})"
    metro = _provenance(metro, "medium")
    return {
        "subdistrict_boundaries": sub,
        "green_space": green,
        "facilities": fac,
        "facility_areas": _provenance(areas.reset_index(drop=True), "medium"),
        "park_entrances": entrances,
        "bus_stops": bus,
        "community_labels": labels,
        "metro_construction": metro,
        "waterways": waterways,
    }


def build_streets(raw: Path, district: gpd.GeoDataFrame) -> dict[str, np.ndarray]:
    """The walking network as arrays, clipped to the district plus the margin."""
    from shangcheng_geo import network

    G = network.graph_from_osm(raw / PBF)
    clip = district.to_crs(G.graph["crs"]).buffer(MARGIN_M).union_all()
    ids = np.array(list(G.nodes), dtype=np.int64)
    x = np.array([G.nodes[n]["x"] for n in ids])
    y = np.array([G.nodes[n]["y"] for n in ids])
    inside = shapely.contains_xy(clip, x, y)
    keep = set(ids[inside].tolist())
    edges = [(a, b, d) for a, b, d in G.edges(data=True) if a in keep and b in keep]
    used = np.array(sorted({a for a, _, _ in edges} | {b for _, b, _ in edges}), dtype=np.int64)
    pos = {n: i for i, n in enumerate(used.tolist())}
    highways = sorted({str(d.get("highway")) for _, _, d in edges})
    code = {h: i for i, h in enumerate(highways)}
    return {
        "node_id": used,
        "lon": np.array([G.nodes[n]["lon"] for n in used.tolist()]),
        "lat": np.array([G.nodes[n]["lat"] for n in used.tolist()]),
        "u": np.array([pos[a] for a, _, _ in edges], dtype=np.int32),
        "v": np.array([pos[b] for _, b, _ in edges], dtype=np.int32),
        "length": np.array([d["length"] for _, _, d in edges]),
        "osmid": np.array([d["osmid"] for _, _, d in edges], dtype=np.int64),
        "highway": np.array([code[str(d.get("highway"))] for _, _, d in edges], dtype=np.int8),
        "highway_names": np.array(highways),
    }


CATALOG = {
    "subdistrict_boundaries": (
        "Shangcheng subdistricts with a boundary in the extract (9 of 14)",
        "admin_level=8 relations that close inside the extract; 四季青, 彭埠, 笕桥 are cut off "
        "at its edge and 九堡, 丁兰 absent",
    ),
    "green_space": (
        "Mapped green space (parks, gardens, grass, forest, wood...), western Shangcheng",
        "mapped green space, not 绿化覆盖率 (which counts all vegetation incl. street trees)",
    ),
    "facilities": (
        "Facilities (schools, kindergartens, health, social, markets, parks), western Shangcheng",
        "OSM under-maps kindergartens, community health stations and elderly care in China",
    ),
    "facility_areas": (
        "The footprints of the facilities mapped as areas (osm_id links to facilities)",
        "as for facilities",
    ),
    "park_entrances": (
        "Entrances of parks and gardens (entrance=* or barrier=gate nodes on their outline)",
        "where mapped: most parks have none in OSM; walk to a park's outline otherwise",
    ),
    "bus_stops": (
        "Bus stops (highway=bus_stop) of the extract",
        "OSM's state on the extract date; covers the extract, not the whole district",
    ),
    "community_labels": (
        "Community label nodes (place=quarter|village), western Shangcheng",
        "a label node is where the map writes the name, not the community's boundary or site",
    ),
    "metro_construction": (
        "Metro lines under construction (railway=construction), OSM",
        "OSM's state on the extract date, not an official plan; no planned station is inferred",
    ),
    "waterways": (
        "Named canals and rivers the plan's greenways follow (贴沙河, 新开河, 新塘河, 运河...)",
        "OSM centre lines, whole; 上塘河 runs outside the district here; 白石港, 笕桥港 absent",
    ),
    "streets_west": (
        "Walking network of western Shangcheng (OSMnx walk filter), district + 1 km",
        "about 40 % of the district's land lies within 250 m of it; the east is not covered",
    ),
}


def catalog_entry(name: str, features: int) -> dict:
    title, caveat = CATALOG[name]
    return {
        "title": title,
        "source": OSM_SOURCE,
        "licence": OSM_LICENCE,
        "attribution": f"© OpenStreetMap contributors ({EXTRACT_DATE})",
        "source_datum": "WGS84 (OSM)",
        "accuracy": "OSM mapping, metres to tens of metres",
        "extent": EXTENT,
        "caveat": caveat,
        "osm_date": EXTRACT_DATE,
        "kind": "network" if name == "streets_west" else "layer",
        "features": features,
    }


def _not_served(district: gpd.GeoDataFrame, out: Path) -> float:
    """The share of the district's land farther than 250 m from the streets just written,
    measured by the library on 25 m cells (the maps quote it)."""
    import os
    import warnings

    from shangcheng_geo import access

    os.environ["SHANGCHENG_GEO_DATA"] = str(out)  # read the files just built
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        acc = access.Access(method="network", cell_m=25)
        share = acc.coverage(district)["not_served_share"].iloc[0]
    return round(float(share), 3)


def build(raw: Path, out: Path, district: gpd.GeoDataFrame, names: list[str]) -> dict:
    """Write the OSM outputs into ``out``; returns their catalog entries."""
    gpkg = out / "osm_west.gpkg"
    if gpkg.exists():
        gpkg.unlink()
    entries = {}
    for name, gdf in build_layers(raw, district, names).items():
        gdf.to_file(gpkg, layer=name, driver="GPKG", engine="pyogrio")
        entries[name] = catalog_entry(name, len(gdf))
        print(f"{name:24s} {len(gdf):6d} features")
    arrays = build_streets(raw, district)
    np.savez_compressed(out / "streets_west.npz", **arrays)
    entries["streets_west"] = catalog_entry("streets_west", len(arrays["u"]))
    entries["streets_west"]["district_not_served_share"] = _not_served(district, out)
    print(f"{'streets_west':24s} {len(arrays['u']):6d} edges, {len(arrays['node_id'])} nodes")
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT.parent / "shared" / "data-raw")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "boundaries")
    args = parser.parse_args(argv)
    district = gpd.read_file(args.out / "shangcheng.gpkg", layer="district")
    names = pd.read_csv(args.out / "subdistricts.csv")["name"].tolist()
    entries = build(args.raw, args.out, district, names)
    path = args.out / "catalog.json"
    catalog = json.loads(path.read_text(encoding="utf-8"))
    catalog.update(entries)
    path.write_text(json.dumps(catalog, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
