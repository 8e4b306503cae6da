"""Plan indicators: values and citations checked against the planning documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import shangcheng_geo as sg
from shangcheng_geo import indicators

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def observed_m2(result):
    """The units' base that the green data observes: without a raster's nodata or the part
    beyond a layer's extent (a unit wholly outside observes nothing)."""
    base = result["base_m2"]
    if "nodata_share" in result:
        base = base * (1 - result["nodata_share"].fillna(1.0))
    return float(base.sum())


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
    from rawkit import require

    require(SEEDS, "the planning documents (citations not cross-checked)")
    for _, row in indicators.indicators().iterrows():
        doc = re.match(r"(\d{3}_[0-9a-f]+\.txt)", row["citation"]).group(1)
        text = (SEEDS / doc).read_text(encoding="utf-8")
        quote = row["statement_zh"].replace(" ", "")
        assert quote in text.replace(" ", ""), (row["indicator_id"], quote)
        line = re.search(r"line (\d+)", row["citation"])
        if line:
            cited = text.splitlines()[int(line.group(1)) - 1].replace(" ", "")
            assert quote[:6] in cited or quote in cited, (row["indicator_id"], line.group(1))


def test_district_ranking_matches_an_independent_overlay():
    """The 800 m claim: Shangcheng's rank among the 13 districts, recomputed here with a plain
    geopandas buffer / dissolve / overlay and the stations' own opening dates."""
    import warnings

    import geopandas as gpd
    import pandas as pd

    from shangcheng_geo import datasets

    districts = datasets.districts().to_crs(4549)
    land = districts.overlay(datasets.water().to_crs(4549), how="difference")
    land = land.set_index("adcode").reindex(districts["adcode"])
    stations = datasets.stations().to_crs(4549)
    opened = pd.to_datetime(stations["opened"])
    by = pd.to_datetime(stations["in_service_by"].replace("", None))
    for day, first in (("2025-12-31", "上城区"), ("2020-12-31", "滨江区")):
        t = pd.Timestamp(day)
        open_ = stations[(opened <= t) | (opened.isna() & (by <= t))]
        catch = gpd.GeoSeries(open_.buffer(800, quad_segs=64), crs=4549).union_all()
        ratio = land.geometry.intersection(catch).area / land.geometry.area
        ours_expected = ratio.sort_values(ascending=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", sg.DataQualityWarning)
            ranked = indicators.district_ranking([day])
        assert ranked["adcode"].tolist() == ours_expected.index.tolist()
        assert ranked["coverage_ratio"].to_numpy() == pytest.approx(ours_expected.to_numpy())
        assert ranked.loc[ranked["rank"] == 1, "name_zh"].iloc[0] == first
    sc = ranked.set_index("name_zh")
    assert int(sc.loc["上城区", "rank"]) == 2  # on 2020-12-31, by post-2021 boundaries


def test_scorecard_rows_say_what_is_measured_and_what_is_not():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        card = indicators.scorecard(as_of="2025-12-31").set_index("indicator_id")
    assert set(card.index) == set(indicators.indicators()["indicator_id"])
    rank = card.loc["metro_800m_coverage_rank"]
    assert (rank["measured"], rank["status"]) == (1.0, "met")
    assert "ranks 2 on 2020-12-31" in rank["caveats"] and "滨江区" in rank["caveats"]
    assert "pre-merger" in rank["caveats"]
    river = card.loc["riverfront_length"]
    assert river["measured"] == pytest.approx(18.95, abs=0.05) and river["status"] == "consistent"
    assert "north bank" in river["caveats"]
    assert card.loc["district_area", "measured"] == pytest.approx(120.4, abs=0.1)
    for key in ("green_coverage_ratio", "population", "resident_population_target"):
        assert card.loc[key, "status"] == "not measurable" and card.loc[key, "needs"]
    # citations carry the document title, not only the file id
    assert card["citation"].str.contains("《杭州市上城区国民经济").any()
    assert card["citation"].str.contains("003_d5cc40613ea0b968.txt").any()


def test_every_method_and_status_reads_chinese_first_in_the_report(tmp_path):
    import warnings

    from shangcheng_geo import indicators
    from shangcheng_geo.maps import report

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        card = indicators.scorecard(as_of="2025-12-31")
        page = report.write_report(path=tmp_path / "r.html", as_of="2025-12-31").read_text(
            encoding="utf-8"
        )
    methods = card["method"].dropna()
    assert len(methods) >= 3
    assert all("\u4e00" <= m[0] <= "\u9fff" for m in methods), list(methods)
    for status in ("达标 met", "一致 consistent", "无法测量 not measurable"):
        assert status in page


def test_the_scorecard_sets_the_osm_proxy_beside_the_target_as_indicative(tmp_path):
    """OSM-mapped green space is no 绿化覆盖率: its row is 'indicative', never 'not met'."""
    import warnings

    import geopandas as gpd
    import numpy as np
    import rasterio
    from rasterio.transform import from_origin
    from shapely.geometry import box

    from shangcheng_geo import datasets, green

    def card_row(result):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            card = indicators.scorecard(as_of="2025-12-31", green=result)
        return card.set_index("indicator_id").loc["green_coverage_ratio"]

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        osm = green.green_coverage(datasets.district(), datasets.green_space())
    row = card_row(osm)
    share = osm["mapped_green_m2"].sum() / observed_m2(osm) * 100
    assert row["status"] == "indicative" and row["measured"] == pytest.approx(share)
    assert "indicative: mapped green share vs 绿化覆盖率 target; not comparable" in row["caveats"]
    assert row["method"].startswith("已测绘绿地占比") and "land cover" in row["needs"]

    square = box(520_000, 3_350_000, 521_000, 3_351_000)  # land cover: 绿化覆盖率 proper
    path = tmp_path / "lc.tif"
    classes = np.full((10, 10), 50, "uint8")
    classes[:, :3] = 10  # tree cover on 30 %
    grid = from_origin(520_000, 3_351_000, 100, 100)
    with rasterio.open(path, "w", driver="GTiff", width=10, height=10, count=1, dtype="uint8",
                       crs="EPSG:4549", transform=grid) as ds:  # fmt: skip
        ds.write(classes, 1)
    unit = gpd.GeoDataFrame(geometry=[square], crs="EPSG:4549")
    row = card_row(green.green_coverage(unit, str(path), classes="worldcover"))
    assert row["status"] == "not met" and row["measured"] == pytest.approx(30.0)
