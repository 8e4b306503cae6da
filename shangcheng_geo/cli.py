"""The ``shangcheng-geo`` command.

Subcommands: ``map`` (the coverage map of the embedded data -- the main job), ``report``
(the review-meeting report), ``coverage``,
``timeline``, ``green``, ``convert`` and ``layers``. Output formats follow the file extension
(``.html``, ``.png``, ``.pdf``, ``.gpkg``, ``.geojson``, ``.csv``, ``.json``).

Exit codes: 0 ok, 1 failed, 2 bad usage. Errors print one line on stderr; ``--debug`` shows
the traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._atomic import layer_options, replacing
from ._cliparts import AS_OF_HELP, Parser, show_defaults, traceback_if
from ._errors import InputError, ShangchengGeoError
from ._version import __version__

__all__ = ["build_parser", "main"]

TABLE_FORMATS = (".csv", ".xlsx", ".json", ".gpkg", ".geojson")


class UsageError(ShangchengGeoError):
    """A bad combination of arguments (exit code 2)."""


# ----------------------------------------------------------------------------- helpers


def _units(args: argparse.Namespace) -> Any:
    """Units from the ``--units`` mini-language: district, subdistricts, zones[:version],
    corridor[:width_m], grid:<cell_m>, h3:<resolution>, or a polygon file."""
    from pathlib import Path

    from . import datasets
    from ._validate import positive_metres, split_located
    from .plan import layout as plan
    from .units import grid, h3_cells

    text = str(args.units)
    kind, _, arg = text.partition(":")
    if kind == "district" and not arg:
        return datasets.district()
    if kind == "subdistricts" and not arg:  # all 14: 9 with an OSM boundary, 5 named missing
        return datasets.subdistricts(geometry=True)
    if kind == "zones":
        zones = plan.structure(arg or args.plan)
        located, _ = split_located(zones, "plan zones", id_col="element_id")
        return located
    if kind == "corridor":
        width = positive_metres(arg, "corridor width") if arg else 1000.0
        return plan.riverfront_corridor(width_m=width)
    if kind == "grid" and arg:
        return grid(cell_m=positive_metres(arg, "grid cell size"))
    if kind == "h3" and arg:
        if not arg.isdigit():
            raise UsageError(f"h3 resolution must be a whole number from 0 to 15; got {arg!r}.")
        return h3_cells(resolution=int(arg))
    path = Path(text)
    if path.exists():
        layer = datasets.read_file(path, datum=getattr(args, "datum", None))
        if len(layer) == 0:
            raise UsageError(f"units file {text!r} has no features; give a file with polygons.")
        return layer
    known = ("district", "subdistricts", "zones", "corridor", "grid", "h3")
    if kind not in known and ("/" in text or "." in text):
        raise UsageError(f"units file not found: {text!r}.")
    raise UsageError(
        f"unknown units {text!r}: use 'district', 'subdistricts', 'zones[:version]', "
        "'corridor[:width_m]', 'grid:<cell_m>', 'h3:<resolution>' or a path to a polygon file."
    )


def _network(args: argparse.Namespace) -> Any:
    if not getattr(args, "network", None):
        if getattr(args, "method", "euclidean") == "network":
            print(
                "walking along the embedded OpenStreetMap streets of western Shangcheng "
                "(2026-05-08); they do not reach the east, whose land is reported as not "
                "served. For the east pass --network FILE (an .osm/.osm.pbf extract).",
                file=sys.stderr,
            )
        return None
    from .access import network

    path = Path(args.network)
    if path.name.lower().endswith((".osm", ".osm.bz2", ".osm.gz", ".osm.pbf", ".pbf")):
        return network.graph_from_osm(path, prepared=True)
    from .datasets import read_file

    return network.graph_from_lines(read_file(path, datum=args.datum), prepared=True)


def _write_table(df: Any, out: str | None, *, as_json: bool, args: Any = None) -> None:
    """Write a result table by extension, or print it (JSON with --json, else CSV)."""
    import geopandas as gpd

    from . import export

    plain = df.drop(columns=df.geometry.name) if isinstance(df, gpd.GeoDataFrame) else df
    if out is None:
        if as_json:
            print(plain.to_json(orient="records", force_ascii=False, date_format="iso"))
        else:
            plain.to_csv(sys.stdout, index=True)
        return
    path = Path(out)
    ext = path.suffix.lower()
    if ext not in TABLE_FORMATS:
        raise UsageError(f"cannot write {path.name}: use one of {', '.join(TABLE_FORMATS)}")
    if ext == ".csv":
        export.to_csv(plain, path, index_label=plain.index.name or "unit")
    elif ext == ".xlsx":
        params = {k: v for k, v in vars(args).items() if k != "func"} if args else {}
        sheets = {
            "coverage": "覆盖率 Coverage",
            "timeline": "时间序列 Timeline",
            "green": "绿化 Green",
        }
        sheet = sheets.get(str(params.get("command")), "结果 Result")
        export.to_excel({sheet: df}, path, provenance=params)
    elif ext == ".json":
        text = plain.to_json(orient="records", force_ascii=False, date_format="iso")
        with replacing(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    else:
        if not isinstance(df, gpd.GeoDataFrame):
            raise UsageError(f"{path.name}: this result has no geometry; write .csv or .json")
        with replacing(path) as tmp:
            df.to_crs("EPSG:4326").to_file(tmp, **layer_options(path))
    print(f"wrote {path}", file=sys.stderr)


def _raster_classes(text: str | None) -> Any:
    """--classes for a raster: a class-map name, or comma-separated class values."""
    if not text:
        return None
    parts = [p.strip() for p in text.split(",") if p.strip()]
    numbers = []
    for p in parts:
        try:
            numbers.append(float(p))
        except ValueError:
            if len(parts) == 1:
                return p  # a class-map name such as worldcover
            raise UsageError(
                f"--classes {text!r}: {p!r} is not a number; give a class map name "
                "(worldcover, dynamic_world, clcd) or class values such as 10,20,30"
            ) from None
    return numbers


def _radii(text: Sequence[str]) -> list[float]:
    try:
        return [float(v) for v in text]
    except ValueError:
        raise UsageError(f"--radius takes numbers of metres, got {' '.join(text)}") from None


def _one_radius(args: argparse.Namespace) -> float:
    radii = _radii(args.radius)
    if len(radii) != 1:
        raise UsageError(f"{args.command} takes one --radius")
    return radii[0]


# ----------------------------------------------------------------------------- commands


def _cmd_layers(args: argparse.Namespace) -> int:
    from . import datasets

    cat = datasets.layers()
    if args.json:
        print(json.dumps(cat.reset_index().to_dict(orient="records"), ensure_ascii=False, indent=2))
        return 0
    print(f"Embedded layers in {datasets.data_dir()} (all EPSG:4326)\n")
    for name, row in cat.iterrows():
        print(f"{name}  [{row['kind']}, {row['features']} features]")
        print(f"    {row['title']}")
        print(f"    datum:   {row['source_datum']}")
        print(f"    source:  {row['source']}")
        print(f"    licence: {row['licence']}")
    print(
        "\nNot bundled (no open source): subdistrict boundaries, green space, a street network, "
        "population grids, 68 unplaced stations outside the district (see missing_stations)."
    )
    return 0


def _tiles(text: str) -> Any:
    if text.lower() in ("none", "offline", ""):
        return None
    return tuple(t.strip() for t in text.split(",") if t.strip())


def _cmd_map(args: argparse.Namespace) -> int:
    from .maps import interactive as maps

    out = Path(args.out)
    ext = out.suffix.lower()
    if ext not in (".html", ".png", ".pdf", ".svg"):
        raise UsageError(f"cannot write a map to {out.name}: use .html, .png, .pdf or .svg")
    units = _units(args)
    radii = _radii(args.radius)
    if ext == ".html":
        m = maps.coverage_map(
            units,
            radius_m=radii,
            as_of=args.as_of,
            network=_network(args) or "embedded",  # the western streets, layer off at first
            tiles=_tiles(args.tiles),
            assets=args.assets,
        )
        with replacing(out) as tmp:
            m.save(str(tmp))
    else:
        from .maps.static import static_coverage_map

        static_coverage_map(units, out, radius_m=radii, as_of=args.as_of)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .maps.report import write_report

    radius_m = _one_radius(args)
    out = write_report(
        _units(args),
        args.out,
        as_of=args.as_of,
        radius_m=radius_m,
        tiles=_tiles(args.tiles),
        planned=_planned(args),
    )
    print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)", file=sys.stderr)
    return 0


def _planned(args: argparse.Namespace) -> Any:
    if not getattr(args, "planned", None):
        return None
    from .planned import read_stations

    return read_stations(args.planned, datum=args.datum)


def _cmd_coverage(args: argparse.Namespace) -> int:
    from . import coverage

    res = coverage.station_coverage(
        _units(args),
        radius_m=_radii(args.radius),
        method=args.method,
        network=_network(args),
        as_of=args.as_of,
        base=args.base,
    )
    res["as_of"] = args.as_of  # the day measured, stated in the table itself
    _write_table(res, args.out, as_json=args.json, args=args)
    return 0


def _cmd_timeline(args: argparse.Namespace) -> int:
    from . import coverage

    dates: Any = None if args.dates == "openings" else args.dates
    if dates not in (None, "yearly"):
        dates = [d.strip() for d in str(dates).split(",")]
    res = coverage.coverage_timeline(
        _units(args),
        radius_m=_one_radius(args),
        base=args.base,
        dates=dates,
        method=args.method,
        network=_network(args),
    )
    _write_table(res, args.out, as_json=args.json, args=args)
    return 0


def _cmd_green(args: argparse.Namespace) -> int:
    from .green import measure as green

    source = Path(args.green)
    if not source.exists():
        raise UsageError(f"--green file not found: {source}")
    raster_ext = (".tif", ".tiff", ".vrt", ".img", ".nc", ".asc")
    if source.suffix.lower() in raster_ext:
        classes: Any = _raster_classes(args.classes)
        layer: Any = str(source)
    else:
        from .datasets import read_file

        layer = read_file(source, datum=args.datum)
        classes = args.classes.split(",") if args.classes else None
    res = green.green_coverage(
        _units(args),
        layer,
        classes=classes,
        class_col=args.class_col,
        ndvi_threshold=args.ndvi_threshold,
        base=args.base,
    )
    _write_table(res, args.out, as_json=args.json, args=args)
    return 0


def _cmd_convert(args: argparse.Namespace) -> int:
    from .crs import normalize_datum, to_datum
    from .datasets import read_file

    src, dst = normalize_datum(args.from_datum), normalize_datum(args.to_datum)
    gdf = read_file(args.input, datum=src)  # now true WGS84
    out = gdf if dst == "wgs84" else to_datum(gdf, dst)
    path = Path(args.output)
    if path.suffix.lower() not in (".gpkg", ".geojson", ".shp", ".csv"):
        raise UsageError(f"cannot write {path.name}: use .gpkg, .geojson, .shp or .csv")
    if path.suffix.lower() == ".csv":
        table = out.drop(columns=out.geometry.name)
        if (out.geom_type == "Point").all():
            table["lon"], table["lat"] = out.geometry.x, out.geometry.y
        else:  # lines and polygons: their coordinates as WKT
            table["wkt"] = out.geometry.to_wkt()
        with replacing(path) as tmp:
            table.to_csv(tmp, index=False, encoding="utf-8-sig")
    else:
        with replacing(path) as tmp:
            out.to_file(tmp, **layer_options(path))
    print(f"wrote {path} ({len(out)} features, {src} -> {dst})", file=sys.stderr)
    return 0


# ----------------------------------------------------------------------------- parser


def _common(
    p: argparse.ArgumentParser,
    *,
    units: str = "district",
    radius: Sequence[str] | None = ("800",),
) -> None:
    p.add_argument(
        "--units",
        default=units,
        help="district | subdistricts | zones[:version] | corridor[:width_m] | grid:<cell_m> | "
        "h3:<res> | FILE "
        f"(default: {units})",
    )
    p.add_argument("--plan", default="14th", help="plan version for --units zones (default 14th)")
    if radius is None:  # the command measures no radius: --radius is refused, not ignored
        p.add_argument(
            "--datum", default=None, help="datum of lon/lat input files: wgs84|gcj02|bd09"
        )
        return
    p.add_argument(
        "--radius",
        nargs="+",
        default=list(radius),
        metavar="M",
        help=f"radius in metres, one or more (default: {' '.join(radius)})",
    )
    p.add_argument("--datum", default=None, help="datum of lon/lat input files: wgs84|gcj02|bd09")


def _output(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--out",
        default=None,
        help="output file: .csv (UTF-8 with BOM), .xlsx, .json, .gpkg or .geojson",
    )
    p.add_argument("--json", action="store_true", help="print machine-readable JSON to stdout")


def _add_layers(sub: Any) -> None:
    p = sub.add_parser(
        "layers", help="list the embedded layers with counts, datum, source, licence"
    )
    p.add_argument("--json", action="store_true", help="print machine-readable JSON")
    p.set_defaults(func=_cmd_layers)


def _today() -> str:
    from .datasets import measured_day

    return measured_day()  # the library's one default date


def _add_map(sub: Any) -> None:
    p = sub.add_parser(
        "map", help="write the coverage map of the embedded data (.html/.png/.pdf/.svg)"
    )
    p.add_argument("out", nargs="?", default="coverage_map.html", help="output file")
    _common(p, units="zones:14th", radius=("500", "800"))
    p.add_argument("--as-of", default=_today(), help=AS_OF_HELP)
    p.add_argument("--network", default=None, help="walking network: .osm/.osm.pbf or road lines")
    p.add_argument(
        "--tiles",
        default="light,osm",
        help="basemaps: light,osm | amap | none (default: light,osm; the page renders without "
        "them too)",
    )
    p.add_argument(
        "--assets",
        choices=["inline", "cdn"],
        default="inline",
        help="inline: a self-contained page that works with no internet (default); cdn: a "
        "smaller page that loads Leaflet online",
    )
    p.set_defaults(func=_cmd_map, method="euclidean")


def _add_report(sub: Any) -> None:
    p = sub.add_parser(
        "report", help="write the review-meeting report: one self-contained HTML page"
    )
    p.add_argument("out", nargs="?", default="report.html", help="output file (.html)")
    _common(p, units="zones:14th")
    p.add_argument("--as-of", default=_today(), help=AS_OF_HELP)
    p.add_argument(
        "--tiles", default="none", help="basemap of the report's map (default: none, offline)"
    )
    p.add_argument(
        "--planned",
        default=None,
        help="your planned stations (CSV/Excel/GeoJSON, with --datum): today vs their year",
    )
    p.set_defaults(func=_cmd_report)


def _add_coverage(sub: Any) -> None:
    p = sub.add_parser("coverage", help="per-unit station coverage table")
    _common(p)
    p.add_argument("--method", choices=["euclidean", "network"], default="euclidean")
    p.add_argument("--network", default=None, help="walking network: .osm/.osm.pbf or road lines")
    p.add_argument("--as-of", default=_today(), help=AS_OF_HELP)
    p.add_argument("--base", choices=["land", "unit"], default="land")
    _output(p)
    p.set_defaults(func=_cmd_coverage)


def _add_timeline(sub: Any) -> None:
    p = sub.add_parser("timeline", help="coverage at each opening date (or yearly, or given dates)")
    _common(p)
    p.add_argument("--dates", default="openings", help="openings | yearly | D1,D2,...")
    p.add_argument("--method", choices=["euclidean", "network"], default="euclidean")
    p.add_argument("--network", default=None)
    p.add_argument("--base", choices=["land", "unit"], default="land")
    _output(p)
    p.set_defaults(func=_cmd_timeline)


def _add_green(sub: Any) -> None:
    p = sub.add_parser("green", help="green coverage ratio from a vector or raster file")
    _common(p, radius=None)
    p.add_argument("--green", required=True, help="green polygons or a land-cover/NDVI raster")
    p.add_argument(
        "--classes",
        default=None,
        help="raster: worldcover|dynamic_world|clcd or values 10,20,30; "
        "vector: values of --class-col",
    )
    p.add_argument("--class-col", default=None, help="class column of a vector green layer")
    p.add_argument("--ndvi-threshold", type=float, default=None)
    p.add_argument("--base", choices=["unit", "land"], default="unit")
    _output(p)
    p.set_defaults(func=_cmd_green)


def _add_convert(sub: Any) -> None:
    p = sub.add_parser("convert", help="convert a vector file between WGS84, GCJ-02 and BD-09")
    p.add_argument("--from", dest="from_datum", required=True, help="wgs84 | gcj02 | bd09")
    p.add_argument("--to", dest="to_datum", required=True, help="wgs84 | gcj02 | bd09")
    p.add_argument("input")
    p.add_argument("output")
    p.set_defaults(func=_cmd_convert)


def build_parser() -> argparse.ArgumentParser:
    """The ``shangcheng-geo`` argument parser (sub-commands map, coverage, timeline, ...).

    Returns
    -------
    argparse.ArgumentParser
        The parser; :func:`main` runs it.

    Examples
    --------
    >>> from shangcheng_geo import cli
    >>> cli.build_parser().parse_args(["coverage", "--as-of", "2025-12-31"]).command
    'coverage'
    """
    parser = Parser(
        prog="shangcheng-geo",
        description="Spatial-plan layers and metrics for Shangcheng District, Hangzhou.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    _add_layers(sub)
    _add_map(sub)
    _add_report(sub)
    _add_coverage(sub)
    _add_timeline(sub)
    _add_green(sub)
    _add_convert(sub)
    _COMMANDS.clear()
    _COMMANDS.update(sub.choices)
    for p in sub.choices.values():
        # --debug after the subcommand too (SUPPRESS: not given there keeps the main value)
        p.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        show_defaults(p)
    return parser


_SHOWN: set[str] = set()
_COMMANDS: dict[str, argparse.ArgumentParser] = {}  # the subcommands' parsers, by name


def _show_warning(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
    """Print a warning once per run (the same message from several calls prints once)."""
    text = str(message)
    if text not in _SHOWN:
        _SHOWN.add(text)
        print(f"warning: {text}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 2 for bad usage or input, 1 for other errors.

    Examples
    --------
    >>> from shangcheng_geo import cli
    >>> cli.main(["layers"])  # doctest: +ELLIPSIS
    Embedded layers in ...
    0
    """
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # a typo in a subcommand's option: that subcommand's usage, not the main one
        where = _COMMANDS.get(getattr(args, "command", None) or "")
        (where or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    _SHOWN.clear()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = _show_warning
            return int(args.func(args))
    except (UsageError, InputError) as exc:
        traceback_if(args)
        print(f"shangcheng-geo: error: {exc}", file=sys.stderr)
        return 2
    except ShangchengGeoError as exc:
        traceback_if(args)
        print(f"shangcheng-geo: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # the reader (e.g. `| head`) closed the pipe: stop quietly, like other Unix tools
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # never a traceback without --debug
        traceback_if(args)
        text = " ".join(str(exc).split())
        print(f"shangcheng-geo: error: {type(exc).__name__}: {text}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
