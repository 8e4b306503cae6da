"""OpenStreetMap files: a small streaming XML reader (``.osm``, ``.osm.bz2``, ``.osm.gz``),
``.osm.pbf`` through pyosmium, and the walkable-way filter (OSMnx's ``walk``)."""

from __future__ import annotations

import bz2
import gzip
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import InputError, MissingDependencyError

Tags = dict[str, str]


@dataclass
class OsmData:
    """Nodes (id -> (lon, lat)), ways (id -> (node refs, tags)) and relations."""

    nodes: dict[int, tuple[float, float]] = field(default_factory=dict)
    ways: dict[int, tuple[list[int], Tags]] = field(default_factory=dict)
    relations: list[tuple[int, list[tuple[str, int, str]], Tags]] = field(default_factory=list)


def open_osm(path: Path) -> Any:
    name = path.name.lower()
    if name.endswith(".bz2"):
        return bz2.open(path, "rb")
    if name.endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def read_osm_xml(path: Path, *, relations: bool = False) -> OsmData:
    """Read an OSM XML file element by element (memory grows with the data kept, not the file)."""
    import xml.etree.ElementTree as ET

    data = OsmData()
    try:
        with open_osm(path) as fh:
            for _event, elem in ET.iterparse(fh, events=("end",)):
                if elem.tag == "node":
                    data.nodes[int(elem.get("id"))] = (
                        float(elem.get("lon")),
                        float(elem.get("lat")),
                    )
                    elem.clear()
                elif elem.tag == "way":
                    refs = [int(nd.get("ref")) for nd in elem.findall("nd")]
                    tags = {t.get("k"): t.get("v") for t in elem.findall("tag")}
                    data.ways[int(elem.get("id"))] = (refs, tags)
                    elem.clear()
                elif elem.tag == "relation" and relations:
                    members = [
                        (m.get("type"), int(m.get("ref")), m.get("role") or "")
                        for m in elem.findall("member")
                    ]
                    tags = {t.get("k"): t.get("v") for t in elem.findall("tag")}
                    data.relations.append((int(elem.get("id")), members, tags))
                    elem.clear()
    except (ET.ParseError, OSError, EOFError, ValueError, TypeError) as exc:
        raise InputError(f"could not read {str(path)!r} as OSM XML: {exc}") from None
    return data


# OSMnx 2.1 "walk": highway values excluded (its Overpass regex matches substrings)
NOT_WALKABLE = (
    "abandoned",
    "bus_guideway",
    "construction",
    "cycleway",
    "motor",
    "no",
    "planned",
    "platform",
    "proposed",
    "raceway",
    "razed",
    "rest_area",
    "services",
)


def walkable(tags: dict[str, str]) -> bool:
    """OSMnx 2.1's ``network_type="walk"`` filter, tag for tag (its Overpass regexes match
    substrings, so ``motor`` excludes ``motorway`` and ``motorway_link``)."""
    hw = tags.get("highway")
    if hw is None or "yes" in tags.get("area", ""):
        return False
    if "private" in tags.get("access", "") or "private" in tags.get("service", ""):
        return False
    if any(word in hw for word in NOT_WALKABLE) or "no" in tags.get("foot", ""):
        return False
    sidewalks = ("sidewalk", "sidewalk:both", "sidewalk:left", "sidewalk:right")
    return not any("separate" in tags.get(key, "") for key in sidewalks)


def read_walk_xml(
    path: Path,
) -> tuple[dict[int, tuple[float, float]], list[tuple[int, list[int], dict[str, str]]]]:
    data = read_osm_xml(path)
    return data.nodes, [(wid, refs, tags) for wid, (refs, tags) in data.ways.items()]


def read_walk_pbf(
    path: Path,
) -> tuple[dict[int, tuple[float, float]], list[tuple[int, list[int], dict[str, str]]]]:
    try:
        import osmium
    except ImportError:
        raise MissingDependencyError(
            "reading .osm.pbf files needs pyosmium: pip install 'shangcheng_geo[osm]'. "
            "Or convert the file to .osm XML (osmium cat in.osm.pbf -o out.osm)."
        ) from None
    nodes: dict[int, tuple[float, float]] = {}
    ways: list[tuple[int, list[int], dict[str, str]]] = []

    class Highways(osmium.SimpleHandler):
        """Only a way callback: node locations stay in pyosmium's C++ store, so no Python
        object is made per node; ways without a highway tag are passed over at once."""

        def way(self, w: Any) -> None:
            tags = w.tags
            if "highway" not in tags:
                return
            refs = []
            for n in w.nodes:
                loc = n.location
                if loc.valid():  # a node outside the extract has no location
                    nodes[n.ref] = (loc.lon, loc.lat)
                    refs.append(n.ref)
            ways.append((w.id, refs, dict(tags)))

    Highways().apply_file(str(path), locations=True, filters=[osmium.filter.KeyFilter("highway")])
    return nodes, ways


@dataclass
class OsmFeatures:
    """Tagged features of an OSM file: ``(osm_type, osm_id, tags, shapely geometry)``."""

    areas: list[tuple[str, int, Tags, Any]] = field(default_factory=list)
    nodes: list[tuple[str, int, Tags, Any]] = field(default_factory=list)
    lines: list[tuple[str, int, Tags, Any]] = field(default_factory=list)


def read_features_pbf(
    path: Path,
    *,
    area: Any = None,
    node: Any = None,
    line: Any = None,
) -> OsmFeatures:
    """One pass over a ``.osm.pbf`` file keeping the features whose tags pass a test.

    ``area(tags)``: closed ways and multipolygon relations, assembled by osmium (outer rings
    minus inner rings); ``node(tags)``: tagged nodes as points; ``line(tags)``: ways as
    lines. Each test is a callable on the tag dict, or None to keep nothing of that kind.
    """
    try:
        import osmium
    except ImportError:
        raise MissingDependencyError(
            "reading .osm.pbf files needs pyosmium: pip install 'shangcheng_geo[osm]'."
        ) from None

    wkb = osmium.geom.WKBFactory()
    out = OsmFeatures()
    processor = osmium.FileProcessor(str(path)).with_locations()
    if area is not None:
        processor = processor.with_areas()
    for obj in processor:
        if not obj.tags:
            continue
        if isinstance(obj, osmium.osm.Area):
            if area is not None:
                _keep_area(obj, area, wkb, out)
        elif isinstance(obj, osmium.osm.Node):
            if node is not None:
                _keep_node(obj, node, out)
        elif isinstance(obj, osmium.osm.Way) and line is not None:
            _keep_line(obj, line, wkb, out)
    return out


def _keep_area(obj: Any, test: Any, wkb: Any, out: OsmFeatures) -> None:
    import shapely

    tags = dict(obj.tags)
    if not test(tags):
        return
    try:
        geom = shapely.from_wkb(wkb.create_multipolygon(obj))
    except RuntimeError:  # a ring that does not close in the extract
        return
    kind = "way" if obj.from_way() else "relation"
    out.areas.append((kind, int(obj.orig_id()), tags, geom))


def _keep_node(obj: Any, test: Any, out: OsmFeatures) -> None:
    import shapely

    tags = dict(obj.tags)
    if test(tags) and obj.location.valid():
        point = shapely.Point(obj.location.lon, obj.location.lat)
        out.nodes.append(("node", int(obj.id), tags, point))


def _keep_line(obj: Any, test: Any, wkb: Any, out: OsmFeatures) -> None:
    import shapely

    tags = dict(obj.tags)
    if not test(tags) or len(obj.nodes) < 2:
        return
    try:
        geom = shapely.from_wkb(wkb.create_linestring(obj))
    except RuntimeError:  # a node outside the extract
        return
    out.lines.append(("way", int(obj.id), tags, geom))
