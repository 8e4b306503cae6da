"""Shared fixtures: embedded layers in metres, the output contract, an offline browser."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def repo_root():
    return ROOT


@pytest.fixture(scope="session")
def district_m():
    """The embedded district in EPSG:4549 (plain geopandas, not the library's helpers)."""
    from shangcheng_geo import datasets

    return datasets.district().to_crs(4549)


@pytest.fixture(scope="session")
def geo(district_m):
    """District, land and water geometries in EPSG:4549, by plain geopandas/shapely."""
    from shangcheng_geo import datasets

    district = district_m.geometry.iloc[0]
    water = datasets.water().to_crs(4549).geometry.union_all()
    return {"district": district, "land": district.difference(water), "water": water}


@pytest.fixture(scope="session")
def contract():
    """The output contract every public layer function keeps, as one check:
    ``contract(result, given)`` asserts the result is aligned to ``given``'s index, in
    EPSG:4326 when it is a layer, carries provenance when asked, and that ``given`` is as
    it was (``before``: a copy taken before the call)."""

    def check(result, given=None, *, before=None, layer=True, provenance=False):
        import geopandas as gpd
        import pandas as pd

        if given is not None:
            assert list(result.index) == list(given.index), "result not aligned to the input"
        if layer:
            assert isinstance(result, gpd.GeoDataFrame), type(result)
            assert result.crs is not None and result.crs.to_epsg() == 4326, result.crs
        if provenance:
            prov = result.attrs.get("provenance")
            assert prov and prov.get("source") and prov.get("licence"), result.attrs
        if before is not None:
            pd.testing.assert_frame_equal(pd.DataFrame(given), pd.DataFrame(before))
        return result

    return check


def _require_browser():
    """Skip (saying why) without Chromium and playwright; in CI their absence is a failure."""
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        ready = False
    else:
        ready = Path(CHROMIUM).exists()
    if not ready:
        msg = f"needs Debian chromium at {CHROMIUM} and playwright (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser test: " + msg)
        pytest.skip(msg)


_GLYPH_JS = """([text, family]) => {
  const c = document.createElement('canvas'); c.width = 40; c.height = 40;
  const g = c.getContext('2d');
  const shot = (ch) => { g.clearRect(0, 0, 40, 40); g.font = `28px ${family}`;
    g.fillText(ch, 4, 32); return Array.from(g.getImageData(0, 0, 40, 40).data).join(','); };
  const tofu = shot('\\uE000');  // a private-use code point: no font has it
  const seen = new Set();
  for (const ch of text) { const s = shot(ch); if (s === tofu) return false; seen.add(s); }
  return seen.size === new Set(text).size;  // missing glyphs all look alike
}"""


def glyphs_render(page, text):
    """Whether every character of ``text`` is drawn with a real glyph in the page's font
    (not the missing-glyph box): each is drawn on a canvas and compared with a private-use
    code point, which no font has, and with the others."""
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily") or "sans-serif"
    return bool(page.evaluate(_GLYPH_JS, [text, family]))


def wait_until_settled(page, snapshot_js, *, polls=3, timeout=20_000):
    """Wait until the JS expression ``snapshot_js`` gives the same value on ``polls`` polls in
    a row (100 ms apart), and return that value: the page has stopped moving (the opening fit
    is done, the labels are placed). No fixed sleep: a slow machine waits longer, a fast one
    less, and a page that never settles fails after ``timeout`` ms."""
    import json

    key = json.dumps(snapshot_js)
    page.wait_for_function(
        f"""() => {{
          const now = JSON.stringify({snapshot_js});
          const all = window.__sgSettled = window.__sgSettled || {{}};
          const s = all[{key}] = all[{key}] || {{last: undefined, same: 0}};
          s.same = now === s.last ? s.same + 1 : 0;
          s.last = now;
          return s.same >= {polls};
        }}""",
        polling=100,
        timeout=timeout,
    )
    return page.evaluate(f"() => {snapshot_js}")


@contextlib.contextmanager
def _offline_page(path, *, env=None):
    from playwright.sync_api import sync_playwright

    errors, refused = [], []

    def refuse(route):
        if route.request.url == path.as_uri():
            return route.continue_()
        refused.append(route.request.url)
        return route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(
            env=env,
            executable_path=CHROMIUM,
            args=["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update"],
        )  # fmt: skip
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.route("**/*", refuse)
        page.goto(path.as_uri())
        if not glyphs_render(page, "上城区站点覆盖率绿化"):
            msg = (
                "Chinese text renders as empty boxes (tofu) in Chromium: no CJK font is "
                "installed (Debian: apt-get install fonts-noto-cjk; .ci/run installs it)"
            )
            browser.close()
            if os.environ.get("CI"):
                pytest.fail(msg)
            pytest.skip(msg)
        try:
            yield page, errors, refused
        finally:
            browser.close()


@pytest.fixture
def offline_page():
    """``with offline_page(path) as (page, errors, refused)``: the page in headless Chromium
    at 1280x720 with every other request refused (skips, saying why, without a browser)."""
    _require_browser()
    return _offline_page
