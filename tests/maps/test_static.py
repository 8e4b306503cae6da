"""Print maps (maps/static.py): the files are what their extension says, and the pixels
show the layers drawn."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

mpl = pytest.importorskip("matplotlib", reason="matplotlib (the maps extra) is not installed")

from shangcheng_geo.maps import static  # noqa: E402

MAGIC = {".png": b"\x89PNG", ".pdf": b"%PDF", ".svg": b"<?xml"}


def _draw(path, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return static.static_coverage_map(path, as_of="2025-12-31", **kwargs)


@pytest.mark.parametrize("ext", [".png", ".pdf", ".svg"])
def test_the_format_follows_the_extension(tmp_path, ext):
    out = _draw(tmp_path / f"map{ext}", dpi=50)
    assert out.read_bytes()[: len(MAGIC[ext])] == MAGIC[ext]
    assert not [p for p in tmp_path.iterdir() if p != out]


def _pixels(path):
    from matplotlib.image import imread

    return (imread(path)[..., :3] * 255).round().astype(int)


def _share(img, hex_colour, tol=12):
    rgb = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(img - rgb).max(axis=-1) <= tol).mean())


def test_stations_river_and_each_radius_are_drawn(tmp_path):
    """Station red, river blue and one outline colour per radius appear in the PNG; a
    second radius adds its own colour."""
    one = _pixels(_draw(tmp_path / "one.png", dpi=60))
    two = _pixels(_draw(tmp_path / "two.png", radius_m=[500, 800], dpi=60))
    assert _share(one, "#cb181d", tol=30) > 0  # stations
    assert _share(one, "#c6dbef") > 0.001  # the Qiantang
    assert _share(one, "#6baed6", tol=20) > 0  # the 800 m outline (first colour)
    assert _share(two, "#2171b5", tol=20) > _share(one, "#2171b5", tol=20)  # a second radius


def test_dpi_sets_the_png_size(tmp_path):
    small = _pixels(_draw(tmp_path / "s.png", dpi=40))
    large = _pixels(_draw(tmp_path / "l.png", dpi=80))
    assert large.shape[0] == pytest.approx(2 * small.shape[0], rel=0.05)


def test_a_missing_folder_is_refused_before_drawing(tmp_path):
    with pytest.raises(Exception, match="folder"):
        _draw(tmp_path / "missing" / "m.png")
