"""Print maps (maps/static.py): A4 report figures whose pixels show what was measured, with
Chinese drawn in the packaged font."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest

mpl = pytest.importorskip("matplotlib", reason="matplotlib (the maps extra) is not installed")

import geopandas as gpd  # noqa: E402
from shapely.geometry import Point, box  # noqa: E402

import shangcheng_geo as sg  # noqa: E402
from shangcheng_geo import coverage, datasets  # noqa: E402
from shangcheng_geo.maps import _printkit, static  # noqa: E402

MAGIC = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml"}


def _quiet():
    ctx = warnings.catch_warnings()
    ctx.__enter__()
    warnings.simplefilter("ignore", category=Warning)
    warnings.filterwarnings("error", message="Glyph .* missing")  # tofu fails the test
    return ctx


def _draw(path, **kwargs):
    ctx = _quiet()
    try:
        return static.static_coverage_map(path=path, as_of="2025-12-31", **kwargs)
    finally:
        ctx.__exit__(None, None, None)


@pytest.mark.parametrize("ext", [".png", ".pdf", ".svg"])
def test_the_format_follows_the_extension(tmp_path, ext):
    out = _draw(tmp_path / f"map{ext}", dpi=50)
    assert out.read_bytes()[: len(MAGIC[ext])] == MAGIC[ext]
    assert not [p for p in tmp_path.iterdir() if p != out]


def test_a4_landscape_pdf_and_a_300_dpi_png_by_default(tmp_path):
    pdf = _draw(tmp_path / "m.pdf").read_bytes()
    box_pt = re.search(rb"/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]", pdf)
    assert (
        box_pt
        and abs(float(box_pt.group(1)) - 841.7) < 1
        and abs(float(box_pt.group(2)) - 595.4) < 1
    )
    png = _pixels(_draw(tmp_path / "m.png"))
    assert png.shape[1] == pytest.approx(11.69 * 300, abs=2)


def _pixels(path):
    from matplotlib.image import imread

    return (imread(path)[..., :3] * 255).round().astype(int)


def _share(img, hex_colour, tol=12):
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(img - rgb).max(axis=-1) <= tol).mean())


def test_the_title_is_chinese_in_the_packaged_font_with_the_measured_figure():
    from matplotlib import font_manager

    ctx = _quiet()
    try:
        fig, _ax, info = static.coverage_figure(as_of="2025-12-31")
        fig.canvas.draw()  # draws every text: a missing glyph would raise here
    finally:
        ctx.__exit__(None, None, None)
    title = next(t for t in fig.texts if t.get_text() == info["title"])
    used = font_manager.findfont(title.get_fontproperties(), fallback_to_default=False)
    assert str(used) == str(static.cjk_font_path())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = coverage.station_coverage(datasets.district(), as_of="2025-12-31")
    figure = f"{ref['coverage_ratio'].iloc[0] * 100:.1f} %"
    assert (
        figure in info["title"]
        and "2025-12-31" in info["title"]
        and "站点800米覆盖率" in info["title"]
    )
    assert any(figure in t.get_text() and "Shangcheng" in t.get_text() for t in fig.texts)


@pytest.fixture
def a_machine_font_of_the_same_name():
    """A font of the machine's registered under the packaged font's own family name (as Debian's
    fonts-noto-cjk registers its Noto Sans CJK SC), first in matplotlib's list: with or without
    system CJK fonts, the machine now has a competitor to the packaged file."""
    from matplotlib import font_manager

    manager = font_manager.fontManager
    other = font_manager.findfont("DejaVu Sans", fallback_to_default=False)
    impostor = font_manager.FontEntry(
        fname=str(other), name=static.CJK_FONT, weight=400, size="scalable"
    )
    saved = list(manager.ttflist)
    manager.ttflist.insert(0, impostor)
    manager._findfont_cached.cache_clear()
    try:
        yield str(other)
    finally:
        manager.ttflist[:] = saved
        manager._findfont_cached.cache_clear()


def test_the_packaged_font_is_used_even_when_the_machine_has_one_of_the_same_name(
    a_machine_font_of_the_same_name,
):
    from matplotlib import font_manager

    ctx = _quiet()
    try:
        fig, _ax, _info = static.coverage_figure(as_of="2025-12-31")
        fig.canvas.draw()
    finally:
        ctx.__exit__(None, None, None)
    # the competitor is the one a lookup by the font's public name finds ...
    found = font_manager.findfont(static.CJK_FONT, fallback_to_default=False)
    assert str(found) == a_machine_font_of_the_same_name
    # ... and every text of the figure is still drawn from the packaged file
    for text in fig.texts:
        used = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        assert str(used) == str(static.cjk_font_path()), text.get_text()


def test_lines_stations_river_and_every_zone_label_are_drawn_without_collisions(tmp_path):
    ctx = _quiet()
    try:
        fig, ax, info = static.coverage_figure(as_of="2025-12-31")
        fig.canvas.draw()
    finally:
        ctx.__exit__(None, None, None)
    assert len(info["labels"]) == 8  # every 14th-plan zone
    r = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer=r) for t in ax.texts if "%" in t.get_text()]
    assert len(boxes) == 8
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    img = _pixels(_draw(tmp_path / "m.png", dpi=80))
    assert _share(img, "#df4661", tol=25) > 0  # line 1 in its colour
    assert _share(img, "#c6dbef") > 0.001  # the Qiantang
    assert ax.get_xticks().size == 0 and ax.get_xlabel() == ""


def test_overlapping_catchments_are_not_darker(tmp_path):
    """Two stations 600 m apart: the land covered twice looks like the land covered once."""
    x0, y0 = 520_000.0, 3_350_000.0
    unit = gpd.GeoDataFrame({"name_zh": ["方块"]}, geometry=[box(x0 - 2_000, y0 - 1_500,
                            x0 + 2_600, y0 + 1_500)], crs="EPSG:4549")  # fmt: skip
    st = gpd.GeoDataFrame(
        {"name_zh": ["甲", "乙"], "opened": ["2000-01-01"] * 2},
        geometry=[Point(x0, y0), Point(x0 + 600, y0)],
        crs="EPSG:4549",
    )
    ctx = _quiet()
    try:
        fig, ax, _info = static.coverage_figure(unit, st, as_of="2025-12-31")
        # the page shows the whole district (~40 m a pixel); the shading is looked at on the
        # square, as a reader zooming into the PDF would
        ax.set_xlim(x0 - 2_000, x0 + 2_600)
        ax.set_ylim(y0 - 1_500, y0 + 1_500)
        fig.canvas.draw()
    finally:
        ctx.__exit__(None, None, None)
    img = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(float)
    h = img.shape[0]

    def window(x, y, half=6):
        px, py = ax.transData.transform((x, y))
        row, col = int(h - py), int(px)
        return img[row - half : row + half, col - half : col + half].reshape(-1, 3).mean(axis=0)

    both = window(x0 + 300, y0 - 300)  # within 800 m of both stations
    one = window(x0 - 600, y0 - 300)  # within 800 m of the first only
    outside = window(x0 - 1_700, y0 + 1_300)  # of neither
    assert np.abs(both - one).max() < 12  # not stacked
    assert np.abs(one - outside).max() > 12  # the shading does show


def test_the_green_print_map_shows_the_measurement_against_the_target(tmp_path):
    from shangcheng_geo import green, plan

    zones = plan.structure("14th")
    trees = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326)
    ctx = _quiet()
    try:
        res = green.green_coverage(zones, trees)
        fig, ax, info = static.green_figure(res, data_source="test polygons")
        fig.canvas.draw()  # a missing glyph would raise here
        out = static.static_green_map(res, tmp_path / "g.pdf")
    finally:
        ctx.__exit__(None, None, None)
    measured = res["green_m2"].sum() / res["base_m2"].sum()
    assert info["title"] == f"绿化覆盖率 {measured * 100:.1f} %（目标 40.5 %）"
    shown = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts if "%" in t.get_text()}
    for name, ratio in zip(res["name_zh"], res["green_ratio"], strict=True):
        if name in shown:
            assert f"{ratio * 100:.1f} %" in shown[name]  # the zone's own figure, not 10x off
    assert len(shown) == len(info["labels"]) > 0
    assert out.read_bytes()[:4] == b"%PDF"


def test_the_lifecircle_print_map_writes_each_units_share(tmp_path):
    from shangcheng_geo import lifecircle

    ctx = _quiet()
    try:
        subs = datasets.subdistricts(geometry=True)
        subs = subs[~subs.geometry.is_empty]
        pois = lifecircle.facilities.from_osm()
        res = lifecircle.facility_coverage(subs, pois, categories=["kindergarten"])
        out = static.static_lifecircle_map(res, pois, tmp_path / "l.pdf", category="kindergarten")
        fig, ax, labels = _printkit.share_figure(
            res.to_crs(4549), "share_kindergarten", cmap="Oranges", bar_label="x", title="t",
            sub="s", credit="c",
        )  # fmt: skip
        fig.canvas.draw()
    finally:
        ctx.__exit__(None, None, None)
    assert out.read_bytes()[:4] == b"%PDF"
    texts = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts if "%" in t.get_text()}
    assert len(texts) == len(labels) == 9
    for name, share in zip(res["name"], res["share_kindergarten"], strict=True):
        assert f"{share * 100:.1f} %" in texts[name]


@pytest.mark.parametrize("radius", [500, 1000])
def test_the_print_map_is_coloured_and_labelled_at_its_radius(radius):
    from shangcheng_geo import plan

    ctx = _quiet()
    try:
        _fig, ax, info = static.coverage_figure(radius_m=radius, as_of="2025-12-31")
        want = coverage.station_coverage(plan.structure("14th"), radius_m=radius,
                                         as_of="2025-12-31")  # fmt: skip
    finally:
        ctx.__exit__(None, None, None)
    assert info["radius_m"] == radius and f"站点{radius}米覆盖率" in info["title"]
    colours = ax.collections[0].get_array()  # the units' choropleth, drawn first
    located = want["coverage_ratio"].notna().to_numpy()
    assert np.allclose(np.asarray(colours), want["coverage_ratio"].to_numpy()[located])
    texts = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts if "%" in t.get_text()}
    for name, ratio in zip(want["name_zh"], want["coverage_ratio"], strict=True):
        if name in texts:
            assert f"{ratio * 100:.1f} %" in texts[name]


def _calls(*calls):
    """Run each call with every warning but DeprecationWarning ignored; the deprecations
    each one issued."""
    seen = []
    for call in calls:
        with warnings.catch_warnings(record=True) as got:
            warnings.simplefilter("ignore")
            warnings.simplefilter("always", DeprecationWarning)
            call()
        seen.append([w for w in got if issubclass(w.category, DeprecationWarning)])
    return seen


def test_the_print_maps_take_what_then_where_and_the_old_order_warns(tmp_path):
    """Data first, then the file (as export.to_excel(tables, path)): the earlier file-first
    call still writes the same file, with a DeprecationWarning that names the new call."""
    from shangcheng_geo import green, lifecircle

    x0, y0 = 520_000.0, 3_350_000.0
    unit = gpd.GeoDataFrame({"name_zh": ["方块"]}, geometry=[box(x0, y0, x0 + 1_500, y0 + 1_500)],
                            crs="EPSG:4549")  # fmt: skip
    pois = gpd.GeoDataFrame({"category": ["kindergarten"]},
                            geometry=[Point(x0 + 750, y0 + 750)], crs="EPSG:4549")  # fmt: skip
    trees = gpd.GeoDataFrame(geometry=[Point(x0 + 750, y0 + 750).buffer(400)], crs="EPSG:4549")
    res_green = green.green_coverage(unit, trees)
    res_life = lifecircle.facility_coverage(
        unit,
        pois,
        categories=["kindergarten"],
        min_reach_share=0,  # one facility, measured
    )
    day = {"as_of": "2025-12-31", "dpi": 40}
    p = {k: tmp_path / f"{k}.png" for k in ("new", "old", "gnew", "gold", "lnew", "lold")}
    new, old, gnew, gold, lnew, lold = _calls(
        lambda: static.static_coverage_map(unit, p["new"], **day),
        lambda: static.static_coverage_map(str(p["old"]), unit, **day),
        lambda: static.static_green_map(res_green, p["gnew"], dpi=40),
        lambda: static.static_green_map(p["gold"], res_green, dpi=40),
        lambda: static.static_lifecircle_map(
            res_life, pois, p["lnew"], category="kindergarten", dpi=40
        ),
        lambda: static.static_lifecircle_map(
            p["lold"], res_life, pois, category="kindergarten", dpi=40
        ),
    )
    assert new == gnew == lnew == []
    assert [len(w) for w in (old, gold, lold)] == [1, 1, 1]
    assert "static_coverage_map(units, path" in str(old[0].message)
    assert "static_green_map(result, path)" in str(gold[0].message)
    assert "static_lifecircle_map(result, pois, path" in str(lold[0].message)
    assert old[0].filename == __file__  # the warning points at the caller's line
    for a, b in (("new", "old"), ("gnew", "gold"), ("lnew", "lold")):
        assert p[a].read_bytes()[:4] == MAGIC[".png"]
        assert p[a].read_bytes() == p[b].read_bytes(), (a, b)


def test_the_default_zones_print_map_is_asked_for_by_its_path(tmp_path):
    """``static_coverage_map(path=...)`` draws the plan zones, as the old
    ``static_coverage_map(path)`` did; without a path the error says how to give one."""
    new, old = _calls(
        lambda: static.static_coverage_map(path=tmp_path / "new.png", as_of="2025-12-31", dpi=40),
        lambda: static.static_coverage_map(tmp_path / "old.png", as_of="2025-12-31", dpi=40),
    )
    assert new == [] and len(old) == 1 and "static_coverage_map(path=path)" in str(old[0].message)
    assert (tmp_path / "new.png").read_bytes() == (tmp_path / "old.png").read_bytes()
    with pytest.raises(sg.InputError, match=r"needs the file to write.*static_coverage_map\("):
        static.static_coverage_map(as_of="2025-12-31")


def test_every_print_map_checks_its_path_at_the_door(tmp_path, monkeypatch):
    """A missing folder is the library's OutputError, raised before anything is measured or
    drawn (the figure makers are never called), for each of the three print maps."""
    from shangcheng_geo import lifecircle

    def never(*_args, **_kwargs):
        raise AssertionError("the map was drawn before its path was checked")

    for name in ("coverage_figure", "green_figure", "share_figure"):
        monkeypatch.setattr(static, name, never)
    missing = tmp_path / "missing"
    unit = gpd.GeoDataFrame({"name_zh": ["方块"]}, geometry=[box(0, 0, 1_000, 1_000)], crs=4549)
    pois = gpd.GeoDataFrame({"category": ["kindergarten"]}, geometry=[Point(500, 500)], crs=4549)
    res = lifecircle.facility_coverage(unit, pois, categories=["kindergarten"], min_reach_share=0)
    calls = {
        "coverage": lambda: static.static_coverage_map(path=missing / "c.png"),
        "green": lambda: static.static_green_map(res, missing / "g.pdf"),
        "lifecircle": lambda: static.static_lifecircle_map(
            res, pois, missing / "l.svg", category="kindergarten"
        ),
    }
    for name, call in calls.items():
        with pytest.raises(sg.OutputError, match="does not exist") as info:
            call()
        assert str(missing) in str(info.value), name
    with pytest.raises(sg.InputError, match=r"print maps are written as \.png or \.pdf or \.svg"):
        static.static_coverage_map(path=tmp_path / "c.jpg")
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def _figures():
    """The three print maps of the district: coverage of the plan zones, green coverage of
    the zones, kindergartens of the subdistricts (western Shangcheng only)."""
    from shangcheng_geo import green, lifecircle, plan

    ctx = _quiet()
    try:
        zones = plan.structure("14th")
        trees = gpd.GeoDataFrame(geometry=[box(120.15, 30.24, 120.17, 30.27)], crs=4326)
        subs = datasets.subdistricts(geometry=True)
        subs = subs[~subs.geometry.is_empty]
        pois = lifecircle.facilities.from_osm()
        kinder = lifecircle.facility_coverage(subs, pois, categories=["kindergarten"])
        figures = {
            "coverage": static.coverage_figure(as_of="2025-12-31"),
            "green": static.green_figure(green.green_coverage(zones, trees)),
            "lifecircle": static.lifecircle_figure(kinder, pois, category="kindergarten"),
        }
        for fig, _ax, _info in figures.values():
            fig.canvas.draw()
    finally:
        ctx.__exit__(None, None, None)
    return figures


@pytest.fixture(scope="module")
def figures():
    import matplotlib.pyplot as plt

    made = _figures()
    yield made
    for fig, _ax, _info in made.values():
        plt.close(fig)


def test_the_whole_district_is_inside_the_frame_and_the_map_fills_its_box(figures):
    """The district's corners, drawn into the axes, lie inside them (the subdistricts and
    the zones cover only part of it: the north end used to be cut off), and the map fills the
    box the page gives it (no white bands beside a narrow map)."""
    minx, miny, maxx, maxy = datasets.district().to_crs(4549).total_bounds
    for name, (fig, ax, _info) in figures.items():
        r = fig.canvas.get_renderer()
        frame = ax.get_window_extent(renderer=r)
        corners = ax.transData.transform([(minx, miny), (maxx, maxy)])
        assert frame.x0 < corners[0][0] < corners[1][0] < frame.x1, name
        assert frame.y0 < corners[0][1] < corners[1][1] < frame.y1, name
        given = ax.get_position(original=True)
        drawn = ax.get_position()
        assert drawn.width >= 0.99 * given.width and drawn.height >= 0.99 * given.height, name


def test_the_north_arrow_is_clear_of_the_map_frame_and_every_other_artist(figures):
    from matplotlib.transforms import Bbox

    for name, (fig, ax, _info) in figures.items():
        r = fig.canvas.get_renderer()
        north = [a for a in fig.findobj() if a.get_gid() == "sg-north"]
        assert len(north) == 2, name  # the arrow and its letter
        arrow = Bbox.union([a.get_window_extent(renderer=r) for a in north])
        assert arrow.width > 5 and arrow.height > 20, name  # a real arrow, not a dot
        page = fig.bbox
        assert page.x0 < arrow.x0 and arrow.x1 < page.x1 and page.y0 < arrow.y0 < page.y1
        others = [ax.get_window_extent(renderer=r).expanded(1.02, 1.02)]  # the map and frame
        others += [t.get_window_extent(renderer=r) for t in fig.texts if t.get_gid() != "sg-north"]
        others += [lg.get_window_extent(renderer=r) for lg in fig.legends]
        others += [a.get_tightbbox(renderer=r) for a in fig.axes if a is not ax]  # colour bar
        for other in others:
            assert not arrow.overlaps(other), (name, other)


def test_the_lifecircle_print_map_names_the_category_in_chinese(figures):
    _fig, ax, info = figures["lifecircle"]
    assert info["title"].startswith("生活圈 幼儿园 300 米 单元中位数 ")
    assert "kindergarten" not in info["title"]
    legend = " ".join(t.get_text() for lg in ax.figure.legends for t in lg.get_texts())
    assert "幼儿园" in legend


def test_every_print_map_credits_openstreetmap_for_what_it_draws(figures):
    """The subdistricts, the kindergartens, the stations and lines are OSM data: the credit
    line says so with the licence, whatever else it names."""
    for name, (fig, _ax, _info) in figures.items():
        credit = next(t.get_text() for t in fig.texts if t.get_text().startswith("Data: "))
        assert "© OpenStreetMap contributors" in credit and "ODbL" in credit, (name, credit)
    credit = next(t.get_text() for t in figures["lifecircle"][0].texts if "Data: " in t.get_text())
    assert "(2026-05-08)" in credit and "user data" not in credit


def test_units_without_a_boundary_are_named_as_no_data_on_every_print_map():
    """The 14 subdistricts, 5 without a boundary: each print map draws the 9 and names the 5
    as no data (never a raw geometry error on an empty boundary)."""
    from shangcheng_geo import green, lifecircle
    from shangcheng_geo.lifecircle import facilities

    subs = datasets.subdistricts(geometry=True)
    unbounded = set(subs.loc[subs.geometry.is_empty, "name"])
    assert len(unbounded) == 5
    ctx = _quiet()
    try:
        pois = facilities.from_osm()
        life = lifecircle.facility_coverage(subs, pois, categories=["kindergarten"])
        figures = [
            static.green_figure(green.green_coverage(subs, datasets.green_space()))[0],
            static.lifecircle_figure(life, pois, category="kindergarten")[0],
        ]
        cov_fig, _ax, cov_info = static.coverage_figure(subs, as_of="2025-12-31")
        for fig in [*figures, cov_fig]:
            fig.canvas.draw()
    finally:
        ctx.__exit__(None, None, None)
    for fig in figures:
        legend = " ".join(t.get_text() for lg in fig.legends for t in lg.get_texts())
        assert "No boundary, no data" in legend and all(n in legend for n in unbounded), legend
    assert len(cov_info["labels"]) == 9  # the nine with a boundary, labelled by name
