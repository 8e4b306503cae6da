"""``shangcheng-geo lifecircle``: life-circle coverage (生活圈) per unit -- the share of each
unit within each facility category's distance -- or, with ``--sites``, the future-community
scorecard; as CSV, JSON, an Excel workbook for the office, or the life-circle map."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .. import export
from .._atomic import replacing
from ..lifecircle.standards import CATEGORIES, STANDARDS, TIERS, distances
from ._arguments import (
    add_as_of,
    add_base,
    add_datum,
    add_method,
    add_network,
    add_plan,
    add_table_output,
    add_tiles,
    add_units,
)
from ._converters import network_from, tiles
from ._parser import Commands, UsageError
from ._tables import check_out, write_table
from ._units import units_from

__all__ = ["OSM_NOTE", "register", "run"]

#: what the command says when it measures the embedded facilities
OSM_NOTE = (
    "facilities: OpenStreetMap (embedded, western Shangcheng; under-maps kindergartens, "
    "health stations, elderly care) — pass --pois for your own"
)
FORMATS = (".csv", ".json", ".xlsx", ".html", ".gpkg", ".geojson")
STANDARD = "GB50180-2018"
SHEET = "生活圈 Life circles"
SCORE_SHEET = "生活圈评分 Scorecard"
COLUMNS_SHEET = "列说明 Columns"


def register(commands: Commands) -> argparse.ArgumentParser:
    """Add the ``lifecircle`` command."""
    p = commands.add_parser(
        "lifecircle",
        help="life-circle coverage (生活圈, GB 50180-2018) per unit, or the future-community "
        "scorecard",
        description="Life circles (生活圈, GB 50180-2018): per unit, the share within each "
        "facility category's walking distance; with --sites, the future-community scorecard. "
        "--out takes .csv, .json, .xlsx (bilingual headers, a columns sheet with the standard "
        "and clause of each column, a provenance sheet) or .html (the life-circle map of "
        "--category).",
    )
    p.add_argument(
        "--pois",
        default=None,
        help="your facilities: an Amap/Gaode or Baidu POI export (.csv/.xlsx; say its "
        "--datum) or a GIS layer (default: the embedded OpenStreetMap facilities of western "
        "Shangcheng)",
    )
    add_datum(p)
    add_units(p, default="subdistricts")
    add_plan(p)
    p.add_argument(
        "--sites",
        action="store_true",
        help="score the future-community sites (未来社区) instead of --units: each tier "
        "passed or failed, 800 m metro access and a rank (default: off)",
    )
    p.add_argument(
        "--tiers",
        nargs="+",
        choices=list(TIERS),
        default=list(TIERS),
        metavar="TIER",
        help=f"the life-circle tiers measured: {' '.join(TIERS)} (default: {' '.join(TIERS)})",
    )
    add_method(p)
    add_network(p)
    add_base(p, default="land")
    add_as_of(p)
    p.add_argument(
        "--category",
        default=None,
        help=".html: the facility category mapped, or 'all' for one map per category "
        "(<out>_<category>.html) (default: the first category measured)",
    )
    add_tiles(p, default="light,osm", note="the page renders without them too")
    add_table_output(p, layer="lifecircle")
    return p


def run(args: argparse.Namespace) -> int:
    """Measure the life circles and write them."""
    out = check_out(args.out, formats=FORMATS, what="life-circle results")  # before any work
    if out is not None and args.sites and out.suffix.lower() in (".html", ".gpkg", ".geojson"):
        raise UsageError(
            f"{out.name}: the sites' scorecard is a table (a row per site and tier): with "
            "--sites write .csv, .json or .xlsx"
        )
    tiers = list(dict.fromkeys(args.tiers))
    pois, source = _facilities(args)
    network = network_from(args)
    if args.sites:
        result, table = _scorecard(args, pois, tiers, network)
    else:
        result = _coverage(args, pois, tiers, network)
        table = result
    columns = _columns(result, pois, args.sites)
    prov = _provenance(args, pois, source, result, tiers)
    ext = out.suffix.lower() if out is not None else ""
    if (out is None and args.json) or ext == ".json":
        _write_json(table, columns, prov, out)
    elif out is None:
        _plain(table).to_csv(sys.stdout, index=True)
    elif ext == ".csv":
        plain = _plain(table)
        export.to_csv(plain, out, index_label=plain.index.name or "unit")
    elif ext in (".gpkg", ".geojson"):
        write_table(result, str(out), as_json=False, args=args)  # says what it wrote
        return 0
    elif ext == ".xlsx":
        sheet = SCORE_SHEET if args.sites else SHEET
        export.to_excel({sheet: table, COLUMNS_SHEET: columns}, out, provenance=prov)
    else:
        _write_maps(result, pois, args, out)
        return 0
    if out is not None:
        print(f"wrote {out}", file=sys.stderr)
    return 0


def _facilities(args: argparse.Namespace) -> tuple[Any, str]:
    """The facilities measured and where they come from: ``--pois``, or the embedded OSM
    facilities (said on stderr)."""
    from ..lifecircle import facilities, read_pois

    if args.pois:
        pois = read_pois(args.pois, datum=args.datum)
        prov = pois.attrs.get("provenance", {})
        return pois, f"{prov.get('source', args.pois)} (the caller's POIs, {prov.get('licence')})"
    print(OSM_NOTE, file=sys.stderr)
    return facilities.from_osm(), OSM_NOTE


def _categories(tiers: list[str]) -> list[str]:
    """The standard's facility categories of the tiers, in the standard's order."""

    cats = STANDARDS[STANDARD]["categories"]
    return [c for c, spec in cats.items() if spec["tier"] in tiers]


def _coverage(args: argparse.Namespace, pois: Any, tiers: list[str], network: Any) -> Any:
    from ..lifecircle import facility_coverage

    return facility_coverage(
        units_from(args),
        pois,
        standard=STANDARD,
        categories=_categories(tiers),
        base=args.base,
        method=args.method,
        network=network,
    )


def _scorecard(
    args: argparse.Namespace, pois: Any, tiers: list[str], network: Any
) -> tuple[Any, Any]:
    """The scorecard of the future-community sites, and its table with (site, tier) as
    columns."""
    from ..lifecircle import scorecard
    from ..plan.sites import future_communities

    card = scorecard(
        future_communities(),
        pois,
        standard=STANDARD,
        tiers=tiers,
        method=args.method,
        network=network,
        metro=True,
        as_of=args.as_of,
    )
    table = card.reset_index()
    table.index.name = "row"
    return card, table


def _plain(table: Any) -> Any:
    import geopandas as gpd
    import pandas as pd

    if isinstance(table, gpd.GeoDataFrame):
        return pd.DataFrame(table.drop(columns=table.geometry.name))
    return table


def _columns(result: Any, pois: Any, sites: bool) -> Any:
    """One row per life-circle column: the category, its tier, distance, the clause, whether
    the tier's distance and the category's tier are verified, and what the data gave."""
    import pandas as pd

    preset = STANDARDS[STANDARD]
    info = result.attrs.get("lifecircle") or {}
    card = result.attrs.get("scorecard") or {}
    measured = info.get("distance_m") or {}
    no_data = set(info.get("no_data") or card.get("no_data") or [])
    sparse = dict(info.get("sparse") or card.get("sparse") or {})
    table = _standard_distances()
    counts = pois["category"].value_counts().to_dict()
    rows = []
    kinds = ("dist", "reached") if sites else ("share", "n_inside")
    for col in result.columns:
        cat = next((str(col)[len(k) + 1 :] for k in kinds if str(col).startswith(k + "_")), "")
        if cat not in CATEGORIES:
            continue
        spec = preset["categories"].get(cat, {})
        tier = spec.get("tier", "")
        d = measured.get(cat, table.get(cat))
        status = (
            "no data"
            if cat in no_data
            else "too sparse to measure"
            if cat in sparse
            else "measured"
        )
        tier_info = TIERS.get(tier, {})
        rows.append(
            {
                "列 column": str(col),
                "表头 header": export.header(str(col), distance_m=measured or None),
                "设施 facility": f"{CATEGORIES[cat]} {cat}",
                "标准 standard": preset["title"],
                "层级 tier": tier,
                "距离 distance (m)": d,
                "条款 clause": f"{preset['tier_clause']}; {spec.get('clause', '')}",
                "距离核实 distance": _checked(tier_info.get("verified")),
                "层级核实 tier": _checked(spec.get("verified")),
                "设施数 facilities in the data": int(counts.get(cat, 0)),
                "状态 status": status,
            }
        )
    out = pd.DataFrame(rows).set_index("列 column") if rows else pd.DataFrame()
    return out


def _checked(verified: Any) -> str:
    return "已核实 verified" if verified else "未核实 unverified"


def _standard_distances() -> dict[str, float]:

    return distances(STANDARD)


def _provenance(
    args: argparse.Namespace, pois: Any, source: str, result: Any, tiers: list[str]
) -> dict[str, Any]:
    """What the result rests on: the facilities (source, date, datum, counts per type,
    unmapped and duplicates), the method and its parameters."""
    prov = dict(pois.attrs.get("provenance") or {})
    counts = pois["category"].value_counts().to_dict()
    info = result.attrs.get("lifecircle") or {}
    card = result.attrs.get("scorecard") or {}
    out: dict[str, Any] = {
        "facilities": source,
        "facility source": prov.get("source"),
        "facility licence": prov.get("licence"),
        "facility date": prov.get("read_on") or prov.get("osm_date"),
        "facility datum": prov.get("source_datum"),
        "facility extent": prov.get("extent") or prov.get("lifecircle_caveat"),
        "facility counts": {c: int(counts[c]) for c in sorted(counts)},
        "unmapped facilities": int(pois["category"].isna().sum()),
        "duplicate facilities": prov.get("duplicates", "not checked (OSM)"),
        "standard": STANDARD,
        "tiers": " ".join(tiers),
        "measured": "future-community sites" if args.sites else f"units: {args.units}",
        "method": args.method,
        "network": args.network
        or ("embedded OpenStreetMap streets of western Shangcheng" if args.method == "network"
            else None),
        "base": None if args.sites else args.base,
        "as_of (metro)": args.as_of if args.sites else None,
        "datum": args.datum,
        "no data": ", ".join(info.get("no_data") or card.get("no_data") or []) or None,
        "too sparse": ", ".join(info.get("sparse") or card.get("sparse") or []) or None,
        "min_reach_share": info.get("min_reach_share"),
        "command": "lifecircle",
    }  # fmt: skip
    if card.get("unscored"):
        out["not scored"] = ", ".join(f"{k} ({v})" for k, v in card["unscored"].items())
    return {k: v for k, v in out.items() if v is not None}


def _write_json(table: Any, columns: Any, prov: dict[str, Any], out: Path | None) -> None:
    """The rows, the columns' standards and the provenance as one JSON object."""
    plain = _plain(table)
    rows = json.loads(
        plain.reset_index().to_json(orient="records", date_format="iso", double_precision=15)
    )
    cols = json.loads(columns.reset_index().to_json(orient="records")) if len(columns) else []
    text = json.dumps(
        {"rows": rows, "columns": cols, "provenance": prov}, ensure_ascii=False, default=str
    )
    if out is None:
        print(text)
        return
    with replacing(out) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _write_maps(result: Any, pois: Any, args: argparse.Namespace, out: Path) -> None:
    """The life-circle map of ``--category`` (or one per category with ``all``)."""
    from ..maps.lifecircle_view import lifecircle_map

    info = result.attrs["lifecircle"]
    measured = [
        c for c in info["distance_m"] if c not in info["no_data"] and c not in info["sparse"]
    ]
    wanted = args.category
    if wanted == "all":
        chosen = measured
    elif wanted is None:
        chosen = measured[:1]
    else:
        if wanted not in info["distance_m"]:
            raise UsageError(
                f"--category {wanted!r} is not measured here: use one of "
                f"{', '.join(info['distance_m'])} or 'all'"
            )
        chosen = [wanted]
    if not chosen:
        raise UsageError(
            "no category has data enough to map (each is no data or too sparse): pass --pois "
            "with the facilities"
        )
    for cat in chosen:
        target = out if wanted != "all" else out.with_name(f"{out.stem}_{cat}{out.suffix}")
        m = lifecircle_map(result, pois, category=cat, tiles=tiles(args.tiles))
        with replacing(target) as tmp:
            m.save(str(tmp))
        print(f"wrote {target} ({target.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
