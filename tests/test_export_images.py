"""Static images of a journey's figures (journeys.export.images) and ``journeys export
--format png|svg|pdf``: sizes read from the PNG header, SVG parsed as XML, PDF pages counted.
"""

from __future__ import annotations

import pytest
import yaml

from journeys.cli import main
from journeys.export import (
    FIGURE_NAMES,
    ExportError,
    figure_image,
    image_filename,
    plotly_config,
)
from journeys.export.images import journey_figure, untitled
from journeys.render import ImageRenderer
from models import parse_journey
from tests.images import pdf_pages, png_size, svg_text


@pytest.fixture(scope="module")
def renderer():
    with ImageRenderer() as r:
        yield r


@pytest.fixture
def journey(tiny_journey_dict):
    return parse_journey(tiny_journey_dict)


@pytest.fixture
def german(tiny_journey_dict):
    return parse_journey(dict(tiny_journey_dict, language="de", title="Kind tritt dem "
                              "Sportverein bei (Übungsleiter grüßen)"))


@pytest.fixture
def journey_file(tmp_path, tiny_journey_dict):
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(tiny_journey_dict, allow_unicode=True), encoding="utf-8")
    return path


# -- without a browser ----------------------------------------------------------------------

def test_figure_names_are_the_cli_names():
    assert FIGURE_NAMES == ("map", "bottlenecks", "heatmap", "funnel", "routes", "emotion")


def test_plotly_config_saves_slide_sized_png():
    assert plotly_config("de", "kita-map") == {
        "toImageButtonOptions": {"format": "png", "width": 1600, "height": 900, "scale": 2,
                                 "filename": "kita-map"},
        "displaylogo": False, "locale": "de"}
    assert plotly_config("fr", "x")["locale"] == "en"


def test_image_filename(journey):
    assert image_filename(journey, "heatmap", "svg") == "tiny-heatmap.svg"


def test_unknown_figure_names_the_choices(journey):
    with pytest.raises(ExportError) as info:
        figure_image(journey, "sankey", "png", "en")
    assert info.value.message == "there is no figure 'sankey'"
    assert info.value.hint == "use one of: map, bottlenecks, heatmap, funnel, routes, emotion"


def test_unknown_format_names_the_choices(journey):
    with pytest.raises(ExportError) as info:
        figure_image(journey, "map", "gif", "de")
    assert info.value.message == "Bilder können nicht als 'gif' exportiert werden"
    assert info.value.hint == "eines davon wählen: png, svg, pdf"


def test_figure_without_data_says_what_is_missing(journey):
    with pytest.raises(ExportError) as info:
        figure_image(journey, "emotion", "png", "en")  # no step has a feeling
    assert info.value.message == "the figure 'emotion' has nothing to show for this journey"
    assert "emotion" in info.value.hint


def test_no_browser_says_how_to_install_one(journey, monkeypatch):
    monkeypatch.setenv("BARRIER_JOURNEYS_BROWSER", "/nonexistent/chromium")
    with pytest.raises(ExportError, match="apt-get install chromium"):
        figure_image(journey, "map", "png")


def test_untitled_drops_title_and_source_and_keeps_the_plot(journey):
    fig = journey_figure(journey, "map", lang="en")
    height, top = fig.layout.height, fig.layout.margin.t
    assert fig.layout.title.text
    assert [a.text for a in fig.layout.annotations if a.name == "source"] == [
        "Source: journey “Child joins a sports club”"]
    assert untitled(fig) is fig
    assert fig.layout.title.text == "" and fig.layout.title.subtitle.text == ""
    assert [(a.text, a.visible) for a in fig.layout.annotations if a.name == "source"] == [
        ("", False)]
    # the map is drawn in px: it loses its title's height by moving its y axis up
    cut = fig.layout.meta["title_px"]
    assert (height - fig.layout.height, top - fig.layout.margin.t) == (cut, 0)
    assert list(fig.layout.yaxis.range) == [height, cut]
    bars = journey_figure(journey, "bottlenecks", lang="en")
    height, top = bars.layout.height, bars.layout.margin.t
    untitled(bars)
    assert (height - bars.layout.height, top - bars.layout.margin.t) == (80, 80)


def test_cli_image_needs_a_figure(journey_file, capsys):
    assert main(["export", str(journey_file), "--format", "png", "-o", "x.png"]) == 1
    assert "add --figure, one of: map, bottlenecks" in capsys.readouterr().err


def test_cli_figure_applies_to_images_only(journey_file, capsys):
    assert main(["export", str(journey_file), "--format", "csv", "--figure", "map"]) == 1
    assert "--figure does not apply to --format csv" in capsys.readouterr().err


def test_cli_binary_needs_an_output_file(journey_file, capsys):
    assert main(["export", str(journey_file), "--format", "pdf", "--figure", "map"]) == 1
    assert "give the file to write with -o" in capsys.readouterr().err


def test_cli_does_not_replace_a_file(journey_file, tmp_path, capsys):
    out = tmp_path / "map.png"
    out.write_bytes(b"mine")
    assert main(["export", str(journey_file), "--figure", "map", "-o", str(out)]) == 1
    assert "the file exists already" in capsys.readouterr().err
    assert out.read_bytes() == b"mine"


def test_cli_without_browser_says_how_to_install_one(journey_file, tmp_path, capsys,
                                                     monkeypatch):
    monkeypatch.setenv("BARRIER_JOURNEYS_BROWSER", "/nonexistent/chromium")
    out = tmp_path / "map.png"
    assert main(["export", str(journey_file), "--figure", "map", "-o", str(out)]) == 1
    assert "apt-get install chromium" in capsys.readouterr().err
    assert not out.exists()


# -- for real ------------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("name", ["map", "bottlenecks", "heatmap", "routes"])
def test_png_is_slide_size_at_scale_2(journey, renderer, name):
    assert png_size(figure_image(journey, name, "png", renderer=renderer)) == (3200, 1800)


@pytest.mark.browser
def test_svg_is_xml_with_the_figure_title(journey, renderer):
    text = svg_text(figure_image(journey, "map", "svg", renderer=renderer))
    assert "Journey map: Child joins a sports club" in text


@pytest.mark.browser
def test_german_svg_keeps_umlauts(german, renderer):
    text = svg_text(figure_image(german, "heatmap", "svg", renderer=renderer))
    assert "Wo die Barrieren liegen: Kind tritt dem Sportverein bei (Übungsleiter grüßen)" \
        in text


@pytest.mark.browser
def test_lang_overrides_the_journeys_language(german, renderer):
    text = svg_text(figure_image(german, "bottlenecks", "svg", "en", renderer=renderer))
    assert "Bottlenecks: Kind tritt dem Sportverein bei" in text


@pytest.mark.browser
def test_pdf_has_one_page(journey, renderer):
    data = figure_image(journey, "routes", "pdf", renderer=renderer)
    assert data.startswith(b"%PDF-")
    assert pdf_pages(data) == 1


@pytest.mark.browser
def test_without_a_renderer_a_browser_is_started_for_the_image(journey):
    assert png_size(figure_image(journey, "heatmap", "png")) == (3200, 1800)


@pytest.mark.browser
def test_cli_png_svg_pdf(journey_file, tmp_path, capsys):
    png, pdf = tmp_path / "map.png", tmp_path / "karte.pdf"
    assert main(["export", str(journey_file), "--figure", "map", "-o", str(png)]) == 0
    assert png_size(png.read_bytes()) == (3200, 1800)
    assert main(["export", str(journey_file), "--format", "pdf", "--figure", "heatmap",
                 "--lang", "de", "-o", str(pdf)]) == 0
    assert pdf_pages(pdf.read_bytes()) == 1
    capsys.readouterr()
    assert main(["export", str(journey_file), "--format", "svg", "--figure", "routes"]) == 0
    assert "Routes compared: Child joins a sports club" in svg_text(
        capsys.readouterr().out.encode("utf-8"))


def test_parts_write_one_slide_image_per_run_of_stages(tmp_path, monkeypatch, capsys):
    """A map too large for a 16:9 slide at readable type: ``--parts`` writes one slide
    image per run of stages, all on the whole journey's colour scale, through one browser."""
    from journeys.export import images
    from journeys.figures import load_scale_top
    from journeys.formats import load_journey
    from tests.conftest import SAMPLE_DIR
    from tests.test_deck import FakeRenderer

    FakeRenderer.started = 0
    drawn = []
    monkeypatch.setattr(images, "ImageRenderer", FakeRenderer)
    monkeypatch.setattr(images, "render", lambda fig, fmt, renderer=None: drawn.append(fig)
                        or renderer.render(fig, fmt))
    sample = SAMPLE_DIR / "familienpass-antrag.yaml"
    out = tmp_path / "map.png"
    assert main(["export", str(sample), "--figure", "map", "--parts", "-o", str(out)]) == 0
    names = ["map-1.png", "map-2.png", "map-3.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == names
    assert f"3 Folienbilder: {', '.join(names)}" in capsys.readouterr().err
    assert FakeRenderer.started == 1
    assert [fig.layout.height for fig in drawn] == [900, 900, 900]  # each fits a slide
    assert {fig.layout.meta["load_top"] for fig in drawn} == {
        load_scale_top(load_journey(sample))}
    assert "Teil 2 von 3: Erreichen – Nutzen" in drawn[1].layout.title.text


def test_a_map_taller_than_a_slide_says_how_to_split_it(tmp_path, monkeypatch, capsys):
    from journeys.export import images
    from tests.conftest import SAMPLE_DIR

    monkeypatch.setattr(images, "figure_image", lambda *args, **kwargs: b"image")
    sample = SAMPLE_DIR / "familienpass-antrag.yaml"
    assert main(["export", str(sample), "--figure", "map", "--lang", "en",
                 "-o", str(tmp_path / "map.png")]) == 0
    assert ("note: the map is taller than a 16:9 slide at readable type (never squeezed); "
            "--parts writes one slide image per run of stages") in capsys.readouterr().err
    small = SAMPLE_DIR / "sportverein-but-haushalte.yaml"  # fits one slide: no note
    assert main(["export", str(small), "--figure", "map", "-o", str(tmp_path / "s.png")]) == 0
    assert "--parts" not in capsys.readouterr().err
