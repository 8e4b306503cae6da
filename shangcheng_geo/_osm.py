"""A small streaming reader of OpenStreetMap XML (``.osm``, ``.osm.bz2``, ``.osm.gz``)."""

from __future__ import annotations

import bz2
import gzip
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ._errors import InputError

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
