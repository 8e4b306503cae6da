"""Replacement zone layers: one call to load and validate; coordinates from web maps."""

from __future__ import annotations

import geopandas as gpd
import pytest
from geopandas.testing import assert_geodataframe_equal
from shapely.geometry import Point, Polygon

import shangcheng_geo as sg
from shangcheng_geo import crs, plan, zones


def official():
    """Two square zones in the district (WGS84)."""
    return gpd.GeoDataFrame(
        {"zone_code": ["A1", "B2"], "zone_name": ["甲区", "乙区"], "note": ["x", "y"]},
        geometry=[
            Polygon([(120.20, 30.25), (120.21, 30.25), (120.21, 30.26), (120.20, 30.26)]),
            Polygon([(120.22, 30.27), (120.23, 30.27), (120.23, 30.28), (120.22, 30.28)]),
        ],
        crs=4326,
    )


@pytest.mark.parametrize(
    ("fmt", "how"), [("gpkg", "gcj02"), ("geojson", "wgs84"), ("shp", "projected")]
)
def test_load_zones_from_files_in_any_datum(tmp_path, fmt, how):
    truth = official()
    if how == "gcj02":
        on_disk = crs.to_datum(truth, "gcj02")
        datum = "gcj02"
    elif how == "projected":
        on_disk, datum = truth.to_crs(4549), None
    else:
        on_disk, datum = truth, None
    path = tmp_path / f"zones.{fmt}"
    on_disk.to_file(path)
    z = zones.load_zones(path, datum=datum, id_col="zone_code", name_col="zone_name")
    assert z.crs.to_epsg() == 4326
    assert list(z["element_id"]) == ["A1", "B2"]
    for got, want in zip(z.geometry, truth.geometry, strict=True):
        assert got.symmetric_difference(want).area < 1e-12
    assert (z["status"] == "user-supplied").all() and (z["confidence"] == "official").all()
    assert z["area_m2"].iloc[0] == pytest.approx(truth.to_crs(4549).area.iloc[0], rel=1e-6)


def test_a_version_of_the_users_zones_flows_through_structure_without_a_registry():
    z = zones.load_zones(official(), id_col="zone_code", name_col="zone_name")
    mine = plan.version_from_zones("institute-2026", z, title="our drawings")
    got = plan.structure(mine)
    assert list(got["element_id"]) == ["A1", "B2"]
    assert set(got["version"]) == {"institute-2026"}
    assert len(plan.elements(mine)) == 2
    assert not mine.builtin and plan.version("14th").builtin
    # nothing is registered process-wide: the name alone means nothing elsewhere
    assert "institute-2026" not in plan.versions().index
    with pytest.raises(sg.InputError, match="unknown plan version 'institute-2026'"):
        plan.structure("institute-2026")
    with pytest.raises(sg.InputError, match="built-in"):
        plan.version_from_zones("14th", z)
    both = plan.compare_versions("14th", mine)
    assert {"only_a", "only_b"} <= set(both["presence"])


def test_input_is_not_modified():
    given = official()
    keep = given.copy()
    zones.load_zones(given, id_col="zone_code", name_col="zone_name")
    assert_geodataframe_equal(given, keep)


def rename(gdf):
    return gdf.rename(columns={"zone_code": "element_id", "zone_name": "name_zh"})


def test_missing_columns():
    with pytest.raises(sg.InputError, match=r"required column\(s\) \['element_id', 'name_zh'\]"):
        zones.validate_zones(official())
    with pytest.raises(sg.InputError, match="id_col"):
        zones.load_zones(official())


def test_duplicate_ids():
    z = rename(official())
    z.loc[1, "element_id"] = "A1"
    with pytest.raises(sg.InputError, match=r"duplicate element_id values: \['A1'\]"):
        zones.validate_zones(z)


def test_invalid_empty_and_non_polygon_geometry():
    z = rename(official())
    bowtie = z.copy()
    bowtie.loc[1, "geometry"] = Polygon(
        [(120.22, 30.27), (120.23, 30.28), (120.23, 30.27), (120.22, 30.28)]
    )
    with pytest.raises(sg.InputError, match=r"invalid polygon.*B2.*make_valid"):
        zones.validate_zones(bowtie)
    empty = z.copy()
    empty.loc[0, "geometry"] = Polygon()
    with pytest.raises(sg.InputError, match=r"empty geometr.*A1"):
        zones.validate_zones(empty)
    points = z.copy()
    points["geometry"] = [Point(120.2, 30.25), Point(120.22, 30.27)]
    with pytest.raises(sg.InputError, match=r"must contain polygons; received \['Point'\]"):
        zones.validate_zones(points)


def test_crs_and_datum_errors():
    naive = rename(official()).set_crs(None, allow_override=True)
    with pytest.raises(sg.CRSError, match="no CRS"):
        zones.validate_zones(naive)
    assert zones.validate_zones(naive, datum="wgs84").crs.to_epsg() == 4326
    with pytest.raises(sg.DatumError, match="unknown datum"):
        zones.validate_zones(naive, datum="wgs72")


def test_far_zones_are_refused_with_a_hint():
    swapped = rename(official())
    swapped["geometry"] = swapped.geometry.map(
        lambda g: Polygon([(y, x) for x, y in g.exterior.coords])
    )
    with pytest.raises(sg.InputError, match="lon/lat order"):
        zones.validate_zones(swapped.set_crs(4326, allow_override=True))


def test_zone_from_gcj02_coordinates():
    corners_wgs = [
        (120.2105, 30.2880),
        (120.2190, 30.2880),
        (120.2190, 30.2950),
        (120.2105, 30.2950),
    ]
    gx, gy = crs.wgs84_to_gcj02([c[0] for c in corners_wgs], [c[1] for c in corners_wgs])
    z = zones.zone_from_coords(
        list(zip(gx, gy, strict=True)),
        datum="gcj02",
        element_id="star:east_station_hub",
        name_zh="东站",
        element_type="star",
    )
    want = Polygon(corners_wgs)
    assert z.geometry.iloc[0].symmetric_difference(want).area < 1e-14
    assert z["element_type"].iloc[0] == "star"
    assert len(zones.validate_zones(z)) == 1


@pytest.mark.parametrize(
    ("coords", "match"),
    [
        ([(120.2, 30.2), (120.3, 30.3)], "at least three"),
        ([(120.20, 30.25), (120.21, 30.26), (120.21, 30.25), (120.20, 30.26)], "valid polygon"),
        ("120.2,30.2", "pairs"),
    ],
)
def test_zone_from_bad_coordinates(coords, match):
    with pytest.raises(sg.InputError, match=match):
        zones.zone_from_coords(coords, datum="gcj02", element_id="z", name_zh="z")


def _drawing(kind):
    """The 14th plan's zones as an institute's file would hold them: ids, names, shapes."""
    # "metric": saved in EPSG:4549, a CRS round trip
    z = plan.structure_metric("14th") if kind == "metric" else plan.structure("14th")
    out = z[["element_id", "name_zh", "geometry"]].rename(
        columns={"element_id": "zone_id", "name_zh": "zone_name"}
    )
    if kind == "own-ids":  # the institute's own codes: matched by name
        out["zone_id"] = [f"SC-{i:02d}" for i in range(len(out))]
    if kind == "concept-ids":  # ids without the type prefix, names of the drawing's own
        out["zone_id"] = list(z["concept"])
        out["zone_name"] = [f"图则{i}" for i in range(len(out))]
    return out


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [("ids", "gpkg"), ("metric", "geojson"), ("own-ids", "gpkg"), ("concept-ids", "geojson")],
)
def test_the_plan_loaded_from_a_file_matches_the_embedded_one(tmp_path, kind, fmt):
    path = tmp_path / f"official.{fmt}"
    _drawing(kind).to_file(path)
    z = zones.load_zones(path, id_col="zone_id", name_col="zone_name")
    official_version = plan.version_from_zones("official", z)
    c = plan.compare_versions("14th", official_version)
    assert len(c) == 8, c[["concept", "presence", "element_a", "element_b"]]
    assert (c["presence"] == "both").all()
    assert c["iou"].to_numpy() == pytest.approx([1.0] * 8, abs=1e-6)
    assert c["area_a_m2"].to_numpy() == pytest.approx(c["area_b_m2"].to_numpy(), rel=1e-6)
    assert c["element_b"].tolist() == list(z["element_id"])  # each zone beside its own


def test_zones_that_match_nothing_stand_alone_under_their_ids():
    z = zones.load_zones(official(), id_col="zone_code", name_col="zone_name")
    c = plan.compare_versions("14th", plan.version_from_zones("institute-2026", z))
    mine = c[c["presence"] == "only_b"]
    assert mine["concept"].tolist() == ["A1", "B2"] == mine["element_b"].tolist()
    assert (c["presence"] == "only_a").sum() == 8 and len(c) == 10
