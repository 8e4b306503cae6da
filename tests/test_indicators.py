"""Plan indicators: values and citations checked against the planning documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import shangcheng_geo as sg
from shangcheng_geo import indicators

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def test_indicator_values():
    ind = indicators.indicators().set_index("indicator_id")
    green = ind.loc["green_coverage_ratio"]
    assert (green["baseline"], green["baseline_year"], green["target"], green["target_year"]) == (
        39.2,
        2020,
        40.5,
        2025,
    )
    assert ind.loc["riverfront_length", "baseline"] == 19.0
    assert ind.loc["district_area", "baseline"] == 122.0
    assert ind.loc["population", "baseline"] == 1_700_000
    assert ind.loc["metro_800m_coverage_rank", "kind"] == "qualitative claim"
    with pytest.raises(sg.InputError, match="available"):
        indicators.get("gdp")


def test_quotes_appear_in_the_cited_documents():
    if not SEEDS.is_dir():
        pytest.skip(f"planning documents not found at {SEEDS}; citations not cross-checked")
    for _, row in indicators.indicators().iterrows():
        doc = re.match(r"(\d{3}_[0-9a-f]+\.txt)", row["citation"]).group(1)
        text = (SEEDS / doc).read_text(encoding="utf-8")
        quote = row["statement_zh"].replace(" ", "")
        assert quote in text.replace(" ", ""), (row["indicator_id"], quote)
        line = re.search(r"line (\d+)", row["citation"])
        if line:
            cited = text.splitlines()[int(line.group(1)) - 1].replace(" ", "")
            assert quote[:6] in cited or quote in cited, (row["indicator_id"], line.group(1))
