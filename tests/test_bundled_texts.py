"""What the texts users read say is bundled matches the embedded data: the ``layers``
command's footer and the walkthrough notebooks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shangcheng_geo import datasets
from shangcheng_geo.cli import main

ROOT = Path(__file__).resolve().parents[1]
WESTERN = ("streets_west", "green_space", "facilities", "bus_stops", "subdistrict_boundaries")


def _footer(capsys) -> str:
    """The text after the last layer's block of ``shangcheng-geo layers``."""
    assert main(["layers"]) == 0
    out = capsys.readouterr().out
    last = out.rsplit("licence:", 1)[1]
    return " ".join(last.split("\n", 1)[1].split())


def test_the_layers_footer_names_the_bundled_western_layers(capsys):
    footer = _footer(capsys)
    catalogue = set(datasets.layers().index)
    for name in WESTERN:
        assert name in catalogue  # the footer names layers that exist
        assert re.search(rf"\b{name}\b", footer), name
    assert "datasets.streets()" in footer
    sub = datasets.subdistricts(geometry=True)
    with_boundary = int((~sub.is_empty).sum())
    assert f"{with_boundary} of the {len(sub)} subdistricts" in footer
    assert "Western Shangcheng only" in footer


def test_the_layers_footer_names_what_is_not_bundled(capsys):
    footer = _footer(capsys)
    sub = datasets.subdistricts(geometry=True)
    missing = datasets.missing_stations()
    not_bundled = footer.split("Not bundled", 1)[1]
    assert "streets, green space and facilities of the east" in not_bundled
    assert f"boundaries for the other {int(sub.is_empty.sum())} subdistricts" in not_bundled
    assert "population grids" in not_bundled
    assert not missing["in_shangcheng"].any()
    assert f"{len(missing)} stations in service (none in Shangcheng" in not_bundled
    # the old claim that no boundaries, green space or street network are bundled is gone
    assert "a street network" not in footer
    assert not re.search(r"subdistrict boundaries, green space", not_bundled)


def _markdown(name: str) -> str:
    nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed")
    path = next((ROOT / "notebooks").glob(f"{name}_*.ipynb"))
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


ABSENT_CLAIM = re.compile(
    r"\bno\b[^.]{0,40}\b(street|green)[^.]{0,40}\bis bundled|"
    r"\b(street network|streets|green space|green data)\b[^.]{0,20}\bis not bundled",
    re.I,
)


@pytest.mark.parametrize("name", ["02", "03"])
def test_notebooks_no_longer_claim_streets_or_green_are_absent(name):
    text = _markdown(name)
    assert not ABSENT_CLAIM.search(text), ABSENT_CLAIM.search(text)
    assert "western" in text.lower()
    loader = {"02": "datasets.streets()", "03": "datasets.green_space()"}[name]
    assert loader in text


def test_the_absent_claim_pattern_catches_the_old_wording():
    assert ABSENT_CLAIM.search("No Hangzhou street network is bundled. With an OSM extract")
    assert ABSENT_CLAIM.search("No green data for Hangzhou is bundled. This notebook")
    assert not ABSENT_CLAIM.search("The east's streets are not bundled, since no extract")
