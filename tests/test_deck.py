"""Slide decks (journeys.export.deck): parsed back with python-pptx.

Most tests write the deck with a stand-in renderer that returns a tiny PNG, so they check the
slides without a browser; the ``browser`` tests render for real through one shared Chromium.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import shutil
import struct
import subprocess
import zlib

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu, Inches

from journeys.export import deck
from journeys.export.contents import barrier_table
from journeys.export.deck import (
    BODY_BOTTOM,
    BODY_TOP,
    ChartSlide,
    TableSlide,
    comparison_deck,
    comparison_plan,
    journey_deck,
    journey_plan,
    pages,
    row_height,
)
from journeys.export.images import ExportError
from journeys.figures import load_scale_top, map_parts, step_loads
from journeys.formats import load_journey
from journeys.render import ImageRenderer
from models import parse_journey
from tests.conftest import SAMPLE_DIR
from tests.images import PNG_SIGNATURE

DATE = dt.date(2024, 3, 12)


def tiny_png(width: int = 16, height: int = 9) -> bytes:
    """A white PNG, written by hand (a stand-in for a rendered chart)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\xff\xff\xff" * width for _ in range(height))
    return PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) \
        + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


class FakeRenderer:
    """Counts how often a browser would start and how many images it would render."""

    started = 0

    def __init__(self, *args, **kwargs) -> None:
        self.calls: list[tuple] = []
        FakeRenderer.started += 1

    def __enter__(self) -> FakeRenderer:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def render(self, fig, fmt="png", *, width=1600, height=900, scale=None) -> bytes:
        self.calls.append((fmt, width, height))
        return tiny_png()


DESCRIPTION = ("Der Antrag verlangt Kontoauszüge der letzten drei Monate, Mietvertrag, "
               "Nachweise über Kindergeld und Unterhalt; vieles liegt nur auf Papier vor")


def german_journey(barriers_on_form: int = 12):
    """A German journey: 4 steps in a row, a dropout, feelings but no counts (no funnel)."""
    return parse_journey({
        "id": "kita-platz", "title": "Kita-Platz für Übergänge", "language": "de",
        "region": "Everswinkel", "persona": "Alleinerziehender Vater", "goal": "Kind betreut",
        "stages": [{"id": "suchen", "label": "Suchen"}, {"id": "antrag", "label": "Antrag"},
                   {"id": "nutzen", "label": "Nutzen"}],
        "actors": [{"id": "familie", "label": "Familie", "level": 1},
                   {"id": "amt", "label": "Jugendamt", "level": 4}],
        "steps": [
            {"id": "liest", "label": "Liest über Kitas", "stage": "suchen", "actor": "familie",
             "emotion": 3, "barriers": [{"category": "information", "severity": 4,
                                         "affected": 0.5, "description": "Niemand erklärt es"}]},
            {"id": "formular", "label": "Füllt das Formular aus", "stage": "antrag",
             "actor": "familie", "emotion": 1,
             "barriers": [{"category": "forms", "severity": 1 + i % 5, "description":
                           f"{DESCRIPTION} ({i + 1})",
                           "mitigations": [{"idea": "Ausfüllhilfe im Familienbüro",
                                            "owner": "Familienbüro", "status": "planned"}]}
                          for i in range(barriers_on_form)]},
            {"id": "bescheid", "label": "Bekommt den Bescheid", "stage": "antrag",
             "actor": "amt", "emotion": 2},
            {"id": "betreut", "label": "Kind ist betreut", "stage": "nutzen",
             "actor": "familie", "outcome": "goal", "emotion": 5},
            {"id": "aufgegeben", "label": "Gibt auf", "stage": "antrag", "actor": "familie",
             "outcome": "dropout"},
        ],
        "transitions": [
            {"from": "liest", "to": "formular"},
            {"from": "formular", "to": "bescheid", "kind": "handoff",
             "barriers": [{"category": "handoff", "severity": 3, "description": "Post"}]},
            {"from": "formular", "to": "aufgegeben"},
            {"from": "bescheid", "to": "betreut"},
        ],
    })


@pytest.fixture
def fake_renderer(monkeypatch):
    FakeRenderer.started = 0
    monkeypatch.setattr(deck, "ImageRenderer", FakeRenderer)
    return FakeRenderer


def slides_of(data: bytes):
    prs = Presentation(io.BytesIO(data))
    return prs, list(prs.slides)


def title_of(slide) -> str:
    return slide.shapes.title.text_frame.text


def tables_of(slide):
    return [s.table for s in slide.shapes if s.has_table]


def pictures_of(slide):
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


# -- the plan: which slides, in which words (no rendering) ----------------------------------

def test_german_plan_has_the_slides_in_order_with_german_titles():
    plan = journey_plan(german_journey(), date=DATE)
    assert plan.lang == "de"
    titles = [s.title for s in plan.slides]
    assert titles == ["Kita-Platz für Übergänge", "Nutzerreise", "Engpässe",
                      "Engpässe und ihre Gründe", "Wo die Barrieren liegen", "Wege im Vergleich",
                      "Wie es sich anfühlt", "Barrieren und Maßnahmen"]


def test_plan_language_override_and_no_funnel_without_counts():
    plan = journey_plan(german_journey(), lang="en", date=DATE)
    titles = [s.title for s in plan.slides]
    assert titles[1:4] == ["Journey map", "Bottlenecks", "Bottlenecks and why"]
    assert titles[-1] == "Barriers and mitigations"
    assert not any("get through" in t for t in titles)  # the funnel needs counts


def test_chart_notes_hold_the_alt_text_and_the_formula():
    plan = journey_plan(german_journey(), date=DATE)
    chart = next(s for s in plan.slides if isinstance(s, ChartSlide))
    assert chart.notes[0] == f"Was die Grafik zeigt: {chart.alt}"
    assert chart.alt.startswith("Nutzerreise „Kita-Platz für Übergänge“")
    assert any(n.startswith("Barrierelast = Schwere (1–5) × Anteil") for n in chart.notes)
    assert chart.source == "Quelle: Kita-Platz für Übergänge · Stand 12.03.2024"


def test_bottleneck_notes_give_the_score_formula_and_the_reasons():
    plan = journey_plan(german_journey(), date=DATE)
    table = next(s for s in plan.slides if isinstance(s, TableSlide))
    assert table.title == "Engpässe und ihre Gründe"
    assert table.notes[0].startswith("Engpass-Wert = (Barrierelast")
    assert table.table.rows[0][1] == "Füllt das Formular aus"
    assert table.notes[1].startswith("Füllt das Formular aus: der einzige Weg führt hier")


def test_slide_charts_lose_title_and_source_line_and_their_height():
    plan = journey_plan(german_journey(), date=DATE)
    for chart in plan.charts:
        fig = chart.figure
        assert fig.layout.title.text == ""
        assert [a.visible for a in fig.layout.annotations if a.name == "source"] == [False]
        assert fig.layout.height == 900 - 80


# -- long tables -----------------------------------------------------------------------------

def test_long_tables_split_into_pages_that_each_fit():
    table = barrier_table(german_journey(40), "de")
    widths = [int(Inches(12.333) * w) for w in table.widths]
    split = pages(table, widths, BODY_BOTTOM - BODY_TOP)
    assert len(split) > 2
    assert [row for page in split for row in page] == table.rows  # nothing lost, order kept
    header = row_height(table.header, widths)
    for page in split:
        assert header + sum(row_height(r, widths) for r in page) <= BODY_BOTTOM - BODY_TOP


def test_row_height_grows_with_the_text():
    widths = [int(Inches(2))]
    assert row_height(["kurz"], widths) < row_height(["lang " * 60], widths)


# -- the written deck (stand-in renderer) ----------------------------------------------------

def test_deck_is_16_9_with_title_picture_or_table_source_and_notes(fake_renderer):
    journey = german_journey()
    prs, slides = slides_of(journey_deck(journey, date=DATE))
    assert (Emu(prs.slide_width).inches, Emu(prs.slide_height).inches) == pytest.approx(
        (13.333, 7.5), abs=0.001)
    assert len(slides) == 7 + len(pages(barrier_table(journey, "de"), [int(Inches(12.333) * w)
                                        for w in barrier_table(journey, "de").widths],
                                        BODY_BOTTOM - BODY_TOP))
    for number, slide in enumerate(slides[1:], 2):
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert "Quelle: Kita-Platz für Übergänge · Stand 12.03.2024" in texts
        assert str(number) in texts  # slide number
        assert len(pictures_of(slide)) + len(tables_of(slide)) == 1
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()


def test_barrier_table_rows_are_the_barriers(fake_renderer):
    journey = german_journey()
    _, slides = slides_of(journey_deck(journey, date=DATE))
    register = [s for s in slides if title_of(s).startswith("Barrieren und Maßnahmen")]
    assert len(register) > 1
    assert [title_of(s) for s in register] == [
        f"Barrieren und Maßnahmen ({n}/{len(register)})" for n in range(1, len(register) + 1)]
    rows = []
    for slide in register:
        (table,) = tables_of(slide)
        cells = [[table.cell(r, c).text for c in range(len(table.columns))]
                 for r in range(len(table.rows))]
        assert cells[0] == ["Wo", "Kategorie", "Schwere", "Betroffen", "Last", "Beschreibung",
                            "Maßnahmen (zuständig, Stand)"]
        rows += cells[1:]
    assert len(rows) == journey.barrier_count() == 14
    assert rows[0][:5] == ["Füllt das Formular aus", "Formulare & Nachweise", "5", "", "5"]
    assert ["Füllt das Formular aus → Bekommt den Bescheid", "Übergänge & Datenweitergabe",
            "3", "", "3", "Post", ""] in rows
    assert ["Liest über Kitas", "Information", "4", "50 %", "2", "Niemand erklärt es", ""] \
        in rows
    assert rows[0][6] == "Ausfüllhilfe im Familienbüro (Familienbüro, geplant)"


def test_pictures_carry_the_alt_text(fake_renderer):
    _, slides = slides_of(journey_deck(german_journey(), date=DATE))
    pictures = [p for s in slides for p in pictures_of(s)]
    assert len(pictures) == 5  # map, bottlenecks, heatmap, routes, feelings (no counts: no funnel)
    for picture in pictures:
        assert picture._element.nvPicPr.cNvPr.get("descr")


def test_text_is_marked_german_for_spelling(fake_renderer):
    prs, slides = slides_of(journey_deck(german_journey(), date=DATE))
    assert prs.core_properties.language == "de-DE"
    run = slides[1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert run._r.rPr.get("lang") == "de-DE"


def test_one_browser_for_the_whole_deck(fake_renderer):
    journey_deck(german_journey(), date=DATE)
    assert fake_renderer.started == 1


def test_a_given_renderer_is_used_and_no_browser_started(fake_renderer):
    mine = FakeRenderer()
    fake_renderer.started = 0
    journey_deck(german_journey(), date=DATE, renderer=mine)
    assert fake_renderer.started == 0
    assert len(mine.calls) == 5
    assert set(mine.calls) == {("png", 1600, 820)}


def test_progress_counts_up_to_done(fake_renderer):
    calls = []
    journey_deck(german_journey(), date=DATE, progress=lambda *a: calls.append(a))
    assert [c[0] for c in calls] == list(range(7))
    assert {c[1] for c in calls} == {6}
    assert calls[0][2] == "Grafik „Nutzerreise“ wird erzeugt"
    assert calls[-1][2] == "Foliensatz fertig"


def test_no_browser_says_how_to_install_one(monkeypatch):
    monkeypatch.setenv("BARRIER_JOURNEYS_BROWSER", "/nonexistent/chromium")
    with pytest.raises(ExportError, match="apt-get install chromium"):
        journey_deck(german_journey(), date=DATE)


def test_journey_without_barriers(fake_renderer):
    journey = parse_journey({
        "id": "leer", "title": "Leer", "language": "de", "stages": [{"id": "s", "label": "S"}],
        "actors": [{"id": "p", "label": "Person", "level": 1}],
        "steps": [{"id": "g", "label": "Ziel", "stage": "s", "actor": "p", "outcome": "goal"}]})
    _, slides = slides_of(journey_deck(journey, date=DATE))
    assert [title_of(s) for s in slides] == ["Leer", "Nutzerreise", "Wege im Vergleich",
                                             "Barrieren und Maßnahmen"]
    texts = [s.text_frame.text for s in slides[-1].shapes if s.has_text_frame]
    assert "Noch keine Barrieren erfasst." in texts


def test_comparison_deck(fake_renderer, tiny_journey_dict):
    other = dict(tiny_journey_dict, region="Ennigerloh")
    first = dict(tiny_journey_dict, region="Everswinkel")
    journeys = [parse_journey(first), parse_journey(other)]
    _, slides = slides_of(comparison_deck(journeys, lang="en", date=DATE))
    titles = [title_of(s) for s in slides]
    assert titles[:3] == ["2 journeys compared", "The journeys in numbers", "What differs"]
    assert "Journey map: Child joins a sports club (Ennigerloh)" in titles
    (table,) = tables_of(slides[1])
    assert len(table.rows) == 3
    assert table.cell(1, 0).text == "Child joins a sports club (Everswinkel)"
    assert fake_renderer.started == 1


def test_comparison_charts_keep_journeys_that_share_id_and_title_apart(tiny_journey_dict):
    journeys = [parse_journey(dict(tiny_journey_dict, region=region))
                for region in ("Everswinkel", "Ennigerloh", "Everswinkel")]
    plan = deck.comparison_plan(journeys, lang="en", date=DATE)
    hotspots = next(s for s in plan.charts if s.title.startswith("Barrier hotspots"))
    axis = hotspots.figure.layout.yaxis
    assert sorted(axis.tickvals) == ["tiny", "tiny (2)", "tiny (3)"]  # three bars, not one
    assert sorted(axis.ticktext) == ["Child joins a sports club (Ennigerloh)",
                                     "Child joins a sports club (tiny (3))",
                                     "Child joins a sports club (tiny)"]
    assert plan.slides[0].facts == [(name, "") for name in (
        "Child joins a sports club (tiny)", "Child joins a sports club (Ennigerloh)",
        "Child joins a sports club (tiny (3))")]


def test_comparison_needs_two_journeys(tiny_journey_dict):
    with pytest.raises(Exception, match="at least two journeys"):
        comparison_deck([parse_journey(tiny_journey_dict)])


# -- for real ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_deck() -> bytes:
    with ImageRenderer() as renderer:
        return journey_deck(german_journey(), date=DATE, renderer=renderer)


@pytest.mark.browser
def test_real_deck_pictures_are_slide_resolution(real_deck):
    _, slides = slides_of(real_deck)
    pictures = [p for s in slides for p in pictures_of(s)]
    assert len(pictures) == 5
    for picture in pictures:
        assert png_size(picture.image.blob) == (3200, 1640)
        assert picture.width / picture.height == pytest.approx(1600 / 820, rel=0.01)
        assert picture.left >= 0 and picture.left + picture.width <= Inches(13.333)
        assert picture.top >= BODY_TOP and picture.top + picture.height <= BODY_BOTTOM


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="libreoffice not installed")
def test_libreoffice_converts_every_slide(real_deck, tmp_path):
    source = tmp_path / "deck.pptx"
    source.write_bytes(real_deck)
    subprocess.run(["libreoffice", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(source)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "deck.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    _, slides = slides_of(real_deck)
    assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) == len(slides)


def test_a_map_split_over_slides_keeps_one_colour_scale():
    journey = load_journey(SAMPLE_DIR / "familienpass-antrag.yaml")
    maps = [s for s in journey_plan(journey, lang="de").charts
            if "load_top" in s.figure.layout.meta]
    assert len(maps) == 3  # too large for one slide at readable type
    top = load_scale_top(journey)
    assert {m.figure.layout.meta["load_top"] for m in maps} == {top} and top == 8
    # on their own, the parts would colour on smaller scales (4.5 would look darker)
    own = [max(5.0, math.ceil(max(step_loads(journey).get(card, 0.0) for card in ids)))
           for _, ids in map_parts(journey, lang="de", presentation=True)]
    assert min(own) < top


def test_compared_journeys_maps_share_the_larger_scale(tiny_journey_dict):
    light = parse_journey(dict(tiny_journey_dict, region="Everswinkel"))
    heavy = load_journey(SAMPLE_DIR / "familienpass-antrag.yaml")
    plan = comparison_plan([light, heavy], lang="de", date=DATE)
    tops = {s.figure.layout.meta["load_top"] for s in plan.charts
            if "load_top" in s.figure.layout.meta}
    assert tops == {load_scale_top(heavy)} and load_scale_top(light) < load_scale_top(heavy)
