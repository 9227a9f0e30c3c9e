"""Static image export through the system Chromium (journeys.render).

Most tests share one browser (module fixture) because that is how the app
uses it, and because each browser start costs 1-2 s.
"""

import os
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest

from journeys import render
from journeys.render import (
    BrowserNotFound,
    ImageRenderer,
    RenderError,
    RenderTimeout,
    find_browser,
    render_image,
)
from tests.images import PNG_SIGNATURE, pdf_pages, png_size, svg_text


def make_fig(title: str = "Barrier map") -> go.Figure:
    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], mode="lines+markers", name="steps"))
    fig.update_layout(title_text=title)
    return fig


@pytest.fixture(scope="module")
def renderer():
    with ImageRenderer() as r:
        yield r


# -- finding the browser (no browser needed) ------------------------------------


def test_find_browser_bad_env_path_raises_with_install_hint(monkeypatch):
    monkeypatch.setenv("BARRIER_JOURNEYS_BROWSER", "/nonexistent/chrome")
    with pytest.raises(BrowserNotFound) as info:
        find_browser()
    assert isinstance(info.value, RenderError)
    assert "apt-get install chromium" in str(info.value)
    assert "/nonexistent/chrome" in str(info.value)


def test_find_browser_prefers_env_var(monkeypatch, tmp_path):
    fake = tmp_path / "my-chrome"
    fake.write_text("#!/bin/sh\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("BARRIER_JOURNEYS_BROWSER", str(fake))
    assert find_browser() == str(fake)


def test_find_browser_nothing_installed(monkeypatch):
    monkeypatch.delenv("BARRIER_JOURNEYS_BROWSER", raising=False)
    monkeypatch.setattr(render.shutil, "which", lambda *a, **k: None)
    with pytest.raises(BrowserNotFound, match="apt-get install chromium"):
        find_browser()


def test_explicit_browser_that_does_not_exist():
    with pytest.raises(BrowserNotFound, match="BARRIER_JOURNEYS_BROWSER"):
        ImageRenderer(browser="/nonexistent/chrome")


# -- argument checks happen before any browser starts ---------------------------


@pytest.mark.parametrize("fmt", ["gif", "jpeg", "", "png2"])
def test_bad_format_raises_value_error(fmt):
    r = ImageRenderer()
    with pytest.raises(ValueError, match="png, svg, pdf"):
        r.render(make_fig(), fmt=fmt)
    assert not r.running
    with pytest.raises(ValueError, match="Unsupported image format"):
        render_image(make_fig(), fmt)


@pytest.mark.parametrize("kwargs", [{"width": 0}, {"height": -5}, {"scale": float("nan")}])
def test_bad_size_raises_value_error(kwargs):
    with pytest.raises(ValueError):
        ImageRenderer().render(make_fig(), "png", **kwargs)


def test_not_a_figure_raises_type_error():
    with pytest.raises(TypeError, match="plotly figure"):
        ImageRenderer().render("not a figure", "png")


# -- real rendering ---------------------------------------------------------------


@pytest.mark.browser
def test_png_default_is_slide_size_at_scale_2(renderer):
    data = renderer.render(make_fig(), fmt="png")
    assert data.startswith(PNG_SIGNATURE)
    assert png_size(data) == (1600 * 2, 900 * 2)


@pytest.mark.browser
def test_png_size_follows_width_height_scale(renderer):
    data = renderer.render(make_fig(), fmt="png", width=400, height=300, scale=3)
    assert png_size(data) == (1200, 900)


@pytest.mark.browser
def test_svg_is_xml_with_the_title(renderer):
    data = renderer.render(make_fig("Waiting room barrier"), fmt="svg")
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    assert "Waiting room barrier" in svg_text(data)


@pytest.mark.browser
def test_pdf_has_one_page(renderer):
    data = renderer.render(make_fig(), fmt="pdf")
    assert data.startswith(b"%PDF")
    assert pdf_pages(data) == 1


@pytest.mark.browser
def test_many_figures_share_one_browser(renderer):
    renderer.render(make_fig(), "png", width=200, height=100, scale=1)
    pid = renderer._kaleido.subprocess.pid
    titles = [f"Slide {i}" for i in range(4)]
    svgs = renderer.render_many([make_fig(t) for t in titles], "svg")
    assert [t in svg_text(s) for s, t in zip(svgs, titles, strict=True)] == [True] * 4
    assert "Slide 2" not in svg_text(svgs[1])  # order is kept
    for fmt in ("png", "pdf", "svg"):
        assert renderer.render(make_fig(), fmt, width=320, height=180)
    assert renderer._kaleido.subprocess.pid == pid, "a second browser was started"
    assert renderer.render_many([], "png") == []


@pytest.mark.browser
def test_render_image_one_off():
    data = render_image(make_fig(), "png", width=320, height=180, scale=1)
    assert png_size(data) == (320, 180)


@pytest.mark.browser
def test_browser_start_failure_is_render_error(tmp_path):
    broken = tmp_path / "broken-chrome"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    with pytest.raises(RenderError) as info:
        render_image(make_fig(), "png", browser=str(broken))
    message = str(info.value)
    assert str(broken) in message
    assert "apt-get install chromium" in message


@pytest.mark.browser
def test_timeout_raises_and_the_next_render_restarts_the_browser():
    with ImageRenderer(timeout=0.001) as r:
        with pytest.raises(RenderTimeout):
            r.render(make_fig(), "png")
        assert not r.running
        r.timeout = 60
        assert png_size(r.render(make_fig(), "png", width=100, height=50, scale=1)) == (100, 50)


@pytest.mark.browser
def test_dead_browser_is_restarted():
    with ImageRenderer() as r:
        r.render(make_fig(), "svg")
        proc = r._kaleido.subprocess
        os.killpg(proc.pid, 9)
        proc.wait(10)
        assert r.render(make_fig(), "pdf").startswith(b"%PDF")
        assert r._kaleido.subprocess.pid != proc.pid
