"""The journey map measured by the browser's own geometry (Chromium through Playwright).

- Every sample's map exported as SVG and shown 1280 px wide: no line through a text, no two
  texts overlapping, no label cut, no text under 14 px.
- Every sample in workshop mode at 1280 × 720 and 1920 × 1080: the whole map entirely on the
  screen (no part chosen), no control of the top bar cut off, no text of the map under 14 px,
  no line through a text and no two texts overlapping.
- A generated journey of 40 steps over 9 actors: the app offers a part of it, which fits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journeys.figures import journey_map
from journeys.formats import load_journey
from journeys.render import ImageRenderer
from journeys.store import Workspace
from models import parse_journey
from tests.conftest import SAMPLES
from tests.test_browser_app import _settle, browser, server  # noqa: F401 (fixtures)
from tests.test_figures import large_journey

playwright = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

SHOWN = 1280
"""The width the exported map is shown at (a laptop, a projector)."""

MEASURE = """(shown) => {
  const svg = document.querySelector('svg.main-svg');
  const scale = svg.getBoundingClientRect().width / Number(svg.dataset.width);
  const texts = [];
  document.querySelectorAll('svg text').forEach((text, index) => {
    if (!text.textContent.trim()) return;
    const lines = text.querySelectorAll('tspan.line');
    const parts = lines.length ? Array.from(lines) : [text];
    const size = parseFloat(getComputedStyle(text).fontSize) * scale;
    parts.forEach(part => {
      const r = part.getBoundingClientRect();
      if (r.width > 0) texts.push({index, text: part.textContent, size,
                                   box: [r.left, r.top, r.right, r.bottom]});
    });
  });
  const inside = (p, b) => p.x > b[0] + 1 && p.x < b[2] - 1 && p.y > b[1] + 1 && p.y < b[3] - 1;
  const crossed = new Set();
  document.querySelectorAll('.scatterlayer path.js-line').forEach(path => {
    const length = path.getTotalLength();
    const ctm = path.getScreenCTM();
    for (let at = 0; at <= length; at += 1.5) {
      const p = path.getPointAtLength(at).matrixTransform(ctm);
      texts.forEach(t => { if (inside(p, t.box)) crossed.add(t.text); });
    }
  });
  const overlaps = [];
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i].box, b = texts[j].box;
    if (texts[i].index !== texts[j].index && a[0] < b[2] - 1 && b[0] < a[2] - 1
        && a[1] < b[3] - 1 && b[1] < a[3] - 1) overlaps.push([texts[i].text, texts[j].text]);
  }
  return {crossed: Array.from(crossed), overlaps, smallest: Math.min(...texts.map(t => t.size)),
          cut: texts.filter(t => t.text.includes('…')).map(t => t.text), count: texts.length};
}"""


def measure_svg(page, svg: str) -> dict:
    """Show ``svg`` ``SHOWN`` px wide and measure its texts and lines."""
    width, height = (float(v) for v in re.search(r'width="([\d.]+)" height="([\d.]+)"',
                                                 svg).groups())
    svg = svg.replace("<svg ", f'<svg data-width="{width}" viewBox="0 0 {width} {height}" ', 1)
    svg = re.sub(r'(<svg[^>]*?) width="[\d.]+" height="[\d.]+"',
                 rf'\1 width="{SHOWN}" height="{SHOWN * height / width:.1f}"', svg, count=1)
    page.set_content(f"<html><body style='margin:0'>{svg}</body></html>")
    return page.evaluate(MEASURE, SHOWN)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_exported_maps_read_cleanly_when_shown_1280_px_wide(browser, lang):  # noqa: F811
    page = browser.new_page(viewport={"width": SHOWN, "height": 900})
    results = {}
    with ImageRenderer() as renderer:
        for path in SAMPLES:
            journey = load_journey(path)
            svg = renderer.render(journey_map(journey, lang=lang), "svg").decode("utf-8")
            results[path.stem] = measure_svg(page, svg)
    for name, found in results.items():
        assert found["count"] > 40, name
        assert found["crossed"] == [], (name, found["crossed"])
        assert found["overlaps"] == [], (name, found["overlaps"])
        assert found["cut"] == [], (name, found["cut"])
        assert found["smallest"] >= 14 - 0.01, (name, found["smallest"])


SCREEN_CHECK = """() => {
  const plot = document.querySelector('.js-plotly-plot').getBoundingClientRect();
  const svg = document.querySelector('.js-plotly-plot svg.main-svg');
  const sizes = Array.from(document.querySelectorAll('.js-plotly-plot svg text'))
    .filter(t => t.textContent.trim()).map(t => parseFloat(getComputedStyle(t).fontSize));
  const controls = Array.from(document.querySelectorAll(
      '.st-key-top-bar button, .st-key-top-bar [role=radio], .st-key-top-bar input,'
      + ' .st-key-top-bar label, .st-key-top-bar p'))
    .map(e => { const r = e.getBoundingClientRect();
                return {text: e.innerText || e.value || '', left: r.left, right: r.right,
                        top: r.top, bottom: r.bottom,
                        // a long journey title may scroll inside its select box; buttons,
                        // view and language choices and the toggle show their whole label
                        cut: e.tagName !== 'INPUT' && e.scrollWidth > e.clientWidth + 1}; })
    .filter(c => c.right > c.left);
  // a choice that scrolls inside its box (the views, when the column is too narrow)
  document.querySelectorAll('.st-key-top-bar *').forEach(e => {
    if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
        && e.scrollWidth > e.clientWidth + 1)
      controls.push({text: e.innerText, left: 0, right: 0, cut: true});
  });
  return {plot: [plot.left, plot.top, plot.right, plot.bottom],
          svg: svg.getBoundingClientRect().height, smallest: Math.min(...sizes), controls,
          width: window.innerWidth, height: window.innerHeight,
          focus: !!document.querySelector('.st-key-map_focus')};
}"""


SCREEN_MEASURE = MEASURE.replace(  # the same measures on the app's map, at its own size
    "const scale = svg.getBoundingClientRect().width / Number(svg.dataset.width);",
    "const scale = 1;").replace("querySelector('svg.main-svg')",
                                "querySelector('.js-plotly-plot svg.main-svg')").replace(
    "querySelectorAll('svg text')", "querySelectorAll('.js-plotly-plot svg text')")


def workshop_view(browser, url: str, journey: str, size: tuple[int, int],  # noqa: F811
                  report_size: bool = True, lang: str = "de") -> dict:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]},
                                  locale="de-DE")
    if report_size:  # as after the page's first visit: the cookie holds the window's size
        context.add_cookies([{"name": "bj_screen", "value": f"{size[0]}x{size[1]}",
                              "url": url}])
    page = context.new_page()
    page.goto(f"{url}/?journey={journey}&view=map&mode=workshop&lang={lang}")
    if not report_size:  # the page reports its size and reloads once
        page.wait_for_function("() => document.cookie.includes('bj_screen=')")
        page.wait_for_timeout(1500)
    _settle(page)
    page.wait_for_function("() => document.querySelector('.js-plotly-plot')?._fullLayout")
    found = page.evaluate(SCREEN_CHECK)
    found["texts"] = page.evaluate(SCREEN_MEASURE, 0)
    context.close()
    return found


def assert_on_screen(found: dict, name: str) -> None:
    left, top, right, bottom = found["plot"]
    assert left >= 0 and top >= 0, (name, found["plot"])
    assert right <= found["width"] and bottom <= found["height"], (name, found["plot"])
    assert found["smallest"] >= 14, (name, found["smallest"])
    assert not found["texts"]["crossed"] and not found["texts"]["overlaps"], (name, found)
    for control in found["controls"]:
        assert control["left"] >= 0 and control["right"] <= found["width"], (name, control)
        assert not control["cut"], (name, control)


def test_workshop_map_fits_the_screen(server, browser):  # noqa: F811
    """The whole map of every sample (no part chosen), in German and English."""
    url, _ = server
    for path in SAMPLES:
        for size, lang in (((1280, 720), "de"), ((1920, 1080), "de"), ((1280, 720), "en")):
            found = workshop_view(browser, url, path.stem, size, lang=lang)
            assert not found["focus"], (path.stem, size, lang)
            assert_on_screen(found, f"{path.stem} {size} {lang}")


def test_workshop_map_learns_the_screen_size_from_the_page(server, browser):  # noqa: F811
    url, _ = server
    found = workshop_view(browser, url, SAMPLES[0].stem, (1920, 1080), report_size=False)
    assert_on_screen(found, "reported")
    assert found["plot"][2] - found["plot"][0] > 1800  # laid out for 1920, not the default


def test_a_journey_too_large_offers_a_part_that_fits(server, browser):  # noqa: F811
    url, workspace = server
    with Workspace(Path(workspace)) as store:
        store.create(parse_journey(large_journey(40, 9)))
    found = workshop_view(browser, url, "big", (1280, 720))
    assert found["focus"]
    assert_on_screen(found, "big")
