"""Editable PowerPoint decks (python-pptx): one journey, or several journeys compared.

Every slide has an editable title, one picture or one real table, and a source line (journey,
date); the speaker notes say what the chart shows (its alt text) and how its numbers are made
(the formulas, the reasons). 16:9 at 13.333 × 7.5 in; charts render 1600 px wide at scale 2,
all through ONE browser. The charts lose their own title, subtitle and source line on a slide
(``images.untitled``): the slide carries them as editable text instead.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import textwrap
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field

import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.text.text import TextFrame
from pptx.util import Emu, Inches, Pt

from journeys.analysis import Analysis, analyze
from journeys.compare import compare_journeys
from journeys.export.contents import (
    Table,
    barrier_table,
    bottleneck_notes,
    bottleneck_table,
    comparison_table,
    export_language,
    facts,
    left_out,
    source_line,
    text,
)
from journeys.export.images import figure_words, journey_figure, rendering, untitled
from journeys.export.progress import Progress, report
from journeys.figure_limits import Oversize
from journeys.figures import (
    alt_text,
    focus_journey,
    journey_map,
    journeys_compared,
    load_scale_top,
    map_parts,
    portfolio_chart,
    theme,
)
from journeys.hotspots import portfolio_hotspots
from journeys.i18n import number, translate
from journeys.render import ImageRenderer
from models import Journey, JourneyError

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
SIDE = Inches(0.5)
TITLE_TOP, TITLE_HEIGHT = Inches(0.25), Inches(0.6)
SUBTITLE_TOP, SUBTITLE_HEIGHT = Inches(0.85), Inches(0.45)
BODY_TOP, BODY_BOTTOM = Inches(1.35), Inches(7.0)
FOOT_TOP, FOOT_HEIGHT = Inches(7.06), Inches(0.32)
CONTENT_WIDTH = SLIDE_WIDTH - 2 * SIDE

FONT = "Arial"
"""The charts' font; LibreOffice shows it as the metric-compatible Liberation Sans."""
TITLE_PT, MIN_TITLE_PT, SUBTITLE_PT, FOOT_PT, TABLE_PT, NOTES_PT = 26, 18, 13, 11, 12, 12
BOLD_WIDTH = 0.58
CELL_MARGIN_PT = (2 * 0.1 * 72, 2 * 0.05 * 72)
"""python-pptx's default cell margins (left + right, top + bottom) in points."""
CHAR_WIDTH = 0.46
"""Average width of a character in em (Arial-like fonts), to guess how text wraps."""
MAX_CELL_CHARS = 320
"""Longer cells are cut with "…" so that one row always fits a slide."""
MAX_BULLETS = 10
MAX_TABLE_ROWS = 200
"""Most rows of the barrier register a deck shows (the heaviest; ~20 slides, 0.7 s to
write — 5,000 rows took 500 slides and 16 s); the CSV export has every barrier."""
LANGUAGE_IDS = {"de": MSO_LANGUAGE_ID.GERMAN, "en": MSO_LANGUAGE_ID.ENGLISH_UK}
INK = RGBColor.from_string(theme.INK.lstrip("#"))
MUTED = RGBColor.from_string(theme.MUTED.lstrip("#"))
ACCENT = RGBColor.from_string(theme.OKABE_ITO[4].lstrip("#"))
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5
"""Layouts of python-pptx's default template: "Title Slide" and "Title Only"."""

TEXT = {
    "en": {"rendering": "Rendering “{title}”", "writing": "Writing the slides",
           "done": "Deck ready", "compare_title": "{count} journeys compared"},
    "de": {"rendering": "Grafik „{title}“ wird erzeugt", "writing": "Folien werden geschrieben",
           "done": "Foliensatz fertig", "compare_title": "{count} Nutzerreisen im Vergleich"},
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


# -- what goes on the slides --------------------------------------------------------------


@dataclass
class ChartSlide:
    """A chart with its words: the figure (slide version), title, subtitle, notes."""

    figure: go.Figure
    title: str
    subtitle: str
    notes: list[str]
    alt: str
    source: str
    image: bytes = b""


@dataclass
class TableSlide:
    """A table that may run over several slides."""

    title: str
    table: Table
    notes: list[str]
    source: str
    subtitle: str = ""


@dataclass
class TextSlide:
    """A title with bullet points (findings)."""

    title: str
    lines: list[str]
    notes: list[str]
    source: str


@dataclass
class TitleSlide:
    """The first slide: what kind of deck, the title, and the facts as labelled lines."""

    kicker: str
    title: str
    facts: list[tuple[str, str]]
    notes: list[str]
    source: str


@dataclass
class Plan:
    """Every slide of a deck in order, before anything is rendered."""

    lang: str
    title: str
    slides: list[TitleSlide | ChartSlide | TableSlide | TextSlide] = field(default_factory=list)

    @property
    def charts(self) -> list[ChartSlide]:
        return [s for s in self.slides if isinstance(s, ChartSlide)]


def chart_slide(fig: go.Figure, notes: Sequence[str], lang: str, source: str, *,
                journey: Journey | None = None, name: str = "") -> ChartSlide:
    """A chart's slide: its title and subtitle become slide text, its alt text a note.

    ``journey``: the chart's title ends in the journey's title (``Journey map: <title>``);
    it is dropped where the whole deck is about that journey (the source line names it),
    or replaced by ``name`` where compared journeys share a title.
    """
    alt = alt_text(fig)
    title, subtitle = figure_words(fig)
    if journey is not None:
        title = title.removesuffix(f": {journey.title}") + (f": {name}" if name else "")
    return ChartSlide(figure=untitled(fig), title=title, subtitle=subtitle, alt=alt,
                      notes=[text("shows", lang, alt=alt), *notes], source=source)


CHART_NOTES = {
    "map": ("load_formula",),
    "heatmap": ("load_formula",),
    "routes": ("routes_note", "load_formula"),
    "funnel": ("funnel_note",),
    "emotion": ("emotion_note",),
}


def _note_slide(plan: Plan, why: Oversize, lang: str, source: str, name: str = "") -> None:
    """In place of a figure too large to draw: its title and why it is missing."""
    note = why.note(lang)
    plan.slides.append(TextSlide(why.heading(lang) + (f": {name}" if name else ""), [note],
                                 [note], source))


def _map_slides(plan: Plan, journey: Journey, analysis: Analysis, lang: str, source: str, *,
                load_top: float | None = None, name: str = "") -> None:
    """The journey map, or — when it does not fit a slide at readable type — one slide per
    run of stages that does ("Journey map (1/2): Perceive – Seek"). Every part colours loads
    on the whole journey's scale, or on ``load_top`` (a comparison deck's common scale), so
    equal loads look equal on every slide; ``name``: the journey's name in a comparison. A
    journey too large to draw gets a slide that says why (``figure_limits``)."""
    missing = left_out(journey, "map", analysis)
    if missing is not None:  # too large to draw: a slide says why
        _note_slide(plan, missing[0], lang, source, name)
        return
    parts = map_parts(journey, lang=lang, presentation=True)
    top = load_top or load_scale_top(journey)
    notes = [text(key, lang) for key in CHART_NOTES["map"]]
    for page, (stages, steps) in enumerate(parts, 1):
        part = focus_journey(journey, steps) if stages else journey
        fig = journey_map(part, lang=lang, source=source, presentation=True, load_top=top)
        slide = chart_slide(fig, notes, lang, source, journey=part, name=name)
        if stages:
            slide.title = text("continued", lang, title=slide.title, page=page,
                               pages=len(parts)) + f": {stages}"
        plan.slides.append(slide)


def journey_plan(journey: Journey, *, lang: str | None = None, date: dt.date | None = None
                 ) -> Plan:
    """The slides of a journey's deck: title, map, bottlenecks (chart and reasons), hotspots,
    routes, funnel and feelings when recorded, and the barrier and mitigation table."""
    lang = export_language(journey, lang)
    date = date or dt.date.today()
    source = source_line(journey, date, lang)
    analysis = analyze(journey, lang=lang)
    plan = Plan(lang, journey.title)
    lines = facts(journey, analysis, lang)
    plan.slides.append(TitleSlide(
        kicker=text("kicker", lang), title=journey.title, facts=lines,
        notes=[f"{label}: {value}" for label, value in lines] + [text("load_formula", lang)],
        source=source))

    def chart(name: str, extra: Sequence[str] = ()) -> None:
        missing = left_out(journey, name, analysis)
        if missing is not None:
            if missing[1]:
                _note_slide(plan, missing[0], lang, source)
            return
        fig = journey_figure(journey, name, lang=lang, source=source, presentation=True)
        if fig is not None:
            notes = [text(key, lang) for key in CHART_NOTES.get(name, ())]
            plan.slides.append(chart_slide(fig, [*notes, *extra], lang, source,
                                           journey=journey))

    _map_slides(plan, journey, analysis, lang, source)
    reasons = bottleneck_notes(analysis.bottlenecks, lang)
    chart("bottlenecks", reasons)
    ranking = bottleneck_table(analysis.bottlenecks, lang)
    if ranking.rows:
        plan.slides.append(TableSlide(text("bottlenecks_title", lang), ranking, reasons,
                                      source))
    if analysis.barrier_count:
        chart("heatmap")  # an empty grid says nothing; the register slide says "none yet"
    chart("routes", [m for m in (analysis.routes_note,) if m]
          + [flag.message for flag in analysis.subsidiarity])
    chart("funnel")
    chart("emotion")
    register = barrier_table(journey, lang)
    notes = [text("table_note", lang), text("load_formula", lang)]
    if len(register.rows) > MAX_TABLE_ROWS:  # the heaviest fill ~20 slides; the CSV has all
        cut = text("rows_cut", lang, shown=number(MAX_TABLE_ROWS, lang),
                   count=number(len(register.rows), lang))
        register = Table(register.header, register.rows[:MAX_TABLE_ROWS], register.widths)
        notes.insert(0, cut)
    plan.slides.append(TableSlide(text("barriers_title", lang), register, notes, source,
                                  subtitle=" ".join(notes[:-1])))
    return plan


def comparison_plan(journeys: Sequence[Journey], *, lang: str | None = None,
                    date: dt.date | None = None) -> Plan:
    """The slides of a comparison deck: title, the journeys in numbers, what differs, the
    comparison charts, then each journey's map and bottlenecks."""
    journeys = list(journeys)
    if len(journeys) < 2:
        raise JourneyError("a comparison deck needs at least two journeys",
                           hint="give two or more journey files, or export one journey's deck")
    lang = export_language(journeys, lang)
    date = date or dt.date.today()
    source = source_line(journeys, date, lang)
    comparison = compare_journeys(journeys, lang=lang)
    title = _t("compare_title", lang, count=len(journeys))
    plan = Plan(lang, title)
    names = list(comparison.names().values())
    plan.slides.append(TitleSlide(
        kicker=text("kicker_compare", lang), title=title,
        facts=[(name, "") for name in names], notes=comparison.findings, source=source))
    plan.slides.append(TableSlide(text("compare_table_title", lang),
                                  comparison_table(comparison, lang),
                                  [text("load_formula", lang)], source))
    plan.slides.append(TextSlide(text("findings_title", lang), comparison.findings,
                                 [text("load_formula", lang)], source))
    notes = [*comparison.findings, text("load_formula", lang)]
    for fig in (journeys_compared(journeys, lang=lang, comparison=comparison, source=source,
                                  presentation=True),
                portfolio_chart(portfolio_hotspots(journeys, group_by="journey",
                                                   by="dimension"),
                                lang=lang, by="dimension", group_by="journey",
                                journeys=journeys, source=source, presentation=True)):
        plan.slides.append(chart_slide(fig, notes, lang, source))
    top = max(load_scale_top(journey) for journey in journeys)  # one scale for all maps
    for journey, name in zip(journeys, names, strict=True):
        own = source_line(journey, date, lang, title=name)
        analysis = analyze(journey, lang=lang)
        _map_slides(plan, journey, analysis, lang, own, load_top=top, name=name)
        reasons = bottleneck_notes(analysis.bottlenecks, lang)
        fig = journey_figure(journey, "bottlenecks", lang=lang, source=own, presentation=True)
        if fig is not None:
            plan.slides.append(chart_slide(fig, reasons, lang, own, journey=journey,
                                           name=name))
    return plan


# -- rendering and writing --------------------------------------------------------------


def render_charts(plan: Plan, renderer: ImageRenderer | None = None,
                  progress: Progress | None = None) -> None:
    """Render every chart of ``plan`` as a slide-sized PNG through one browser."""
    charts = plan.charts
    total = len(charts) + 1
    with ExitStack() as stack, rendering(plan.lang):
        if renderer is None:
            renderer = stack.enter_context(ImageRenderer())
        for done, chart in enumerate(charts):
            report(progress, done, total, _t("rendering", plan.lang, title=chart.title))
            chart.image = renderer.render(chart.figure, "png", width=theme.WIDTH,
                                          height=chart.figure.layout.height)


def journey_deck(journey: Journey, *, lang: str | None = None, date: dt.date | None = None,
                 renderer: ImageRenderer | None = None, progress: Progress | None = None
                 ) -> bytes:
    """A journey's deck as .pptx bytes (see ``journey_plan`` for the slides).

    ``lang``: the journey's language by default; ``date``: the date on the source lines
    (today); ``renderer``: a running ``ImageRenderer`` to reuse; ``progress(done, total,
    label)`` is called as charts render.
    """
    plan = journey_plan(journey, lang=lang, date=date)
    render_charts(plan, renderer, progress)
    return write_deck(plan, progress)


def comparison_deck(journeys: Sequence[Journey], *, lang: str | None = None,
                    date: dt.date | None = None, renderer: ImageRenderer | None = None,
                    progress: Progress | None = None) -> bytes:
    """A deck comparing two or more journeys as .pptx bytes (see ``comparison_plan``)."""
    plan = comparison_plan(journeys, lang=lang, date=date)
    render_charts(plan, renderer, progress)
    return write_deck(plan, progress)


def write_deck(plan: Plan, progress: Progress | None = None) -> bytes:
    """The planned slides (charts already rendered) as .pptx bytes."""
    total = len(plan.charts) + 1
    report(progress, total - 1, total, _t("writing", plan.lang))
    deck = _Deck(plan.lang, plan.title)
    for slide in plan.slides:
        if isinstance(slide, TitleSlide):
            deck.title_slide(slide)
        elif isinstance(slide, ChartSlide):
            deck.chart_slide(slide)
        elif isinstance(slide, TableSlide):
            deck.table_slides(slide)
        else:
            deck.text_slide(slide)
    data = deck.save()
    report(progress, total, total, _t("done", plan.lang))
    return data


# -- python-pptx ----------------------------------------------------------------------------


def fitting(words: str, width: int, largest: float, smallest: float,
            char_width: float = CHAR_WIDTH) -> float:
    """The largest font size (pt) from ``largest`` down to ``smallest`` at which ``words``
    fit into ``width`` (EMU) on one line.

    >>> fitting("Nutzerreise", Inches(12), 26, 18)
    26
    >>> fitting("x" * 120, Inches(12), 26, 18)
    18
    """
    size = Emu(width).pt / max(len(words) * char_width, 1)
    return max(smallest, min(largest, int(size)))


def _lines(value: str, width_pt: float, size: float) -> int:
    """How many lines ``value`` takes in a box ``width_pt`` wide at ``size`` pt (a guess that
    errs on the safe side: word wrap loses part of a word per line)."""
    per_line = max(int(width_pt / (size * CHAR_WIDTH)), 1)
    return sum(max(1, math.ceil(len(part) * 1.1 / per_line)) for part in value.split("\n"))


def row_height(cells: Sequence[str], widths: Sequence[int], size: float = TABLE_PT) -> int:
    """The height (EMU) a table row needs for ``cells`` in columns of ``widths`` (EMU)."""
    lines = max(_lines(cell, Emu(width).pt - CELL_MARGIN_PT[0], size)
                for cell, width in zip(cells, widths, strict=True))
    return int(Pt(lines * size * 1.2 + CELL_MARGIN_PT[1] + 2))


def _fill(heights: Sequence[int], room: int, most: int) -> list[int]:
    """Page sizes (rows per page) filling each page up to ``room`` and ``most`` rows."""
    sizes, used = [0], 0
    for need in heights:
        if sizes[-1] and (used + need > room or sizes[-1] == most):
            sizes.append(0)
            used = 0
        sizes[-1] += 1
        used += need
    return sizes


def pages(table: Table, widths: Sequence[int], height: int, size: float = TABLE_PT
          ) -> list[list[list[str]]]:
    """The table's rows split into pages that each fit ``height`` (EMU) under the header,
    as evenly as the fewest pages allow (19 rows on 4 pages: 5, 5, 5, 4 rather than 6, 6, 6, 1).

    >>> rows = [["x"]] * 19
    >>> [len(page) for page in pages(Table(["h"], rows, [1.0]), [Inches(5)], Inches(2.4))]
    [5, 5, 5, 4]
    """
    room = height - row_height(table.header, widths, size)
    heights = [row_height(row, widths, size) for row in table.rows]
    sizes = _fill(heights, room, len(heights))
    even = _fill(heights, room, math.ceil(len(heights) / len(sizes)))
    if len(even) == len(sizes):
        sizes = even
    result, start = [], 0
    for count in sizes:
        result.append(table.rows[start:start + count])
        start += count
    return result


def _shorten(cell: str) -> str:
    if len(cell) <= MAX_CELL_CHARS:
        return cell
    return textwrap.shorten(cell.replace("\n", " "), MAX_CELL_CHARS, placeholder=" …")


class _Deck:
    """A python-pptx presentation with this project's slide layout."""

    def __init__(self, lang: str, title: str) -> None:
        self.lang = lang
        self.prs: PresentationType = Presentation()
        self.prs.slide_width, self.prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
        props = self.prs.core_properties
        props.title = title
        props.language = "de-DE" if lang == "de" else "en-GB"
        props.author = props.last_modified_by = "Barrier Journeys"
        props.revision = 1

    def save(self) -> bytes:
        out = io.BytesIO()
        self.prs.save(out)
        return out.getvalue()

    # -- text -------------------------------------------------------------------------------

    def _write(self, frame: TextFrame, paragraphs: Sequence[str | Sequence[tuple[str, bool]]],
               size: float, *, colour: RGBColor = INK, bold: bool = False,
               align: PP_ALIGN = PP_ALIGN.LEFT, space: float = 0) -> None:
        """Replace ``frame``'s text; a paragraph is a string or ``(text, bold)`` runs."""
        frame.clear()
        frame.word_wrap = True
        for index, content in enumerate(paragraphs):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            paragraph.alignment = align
            if space and index:
                paragraph.space_before = Pt(space)
            runs = [(content, bold)] if isinstance(content, str) else content
            for words, strong in runs:
                run = paragraph.add_run()
                run.text = words
                run.font.size = Pt(size)
                run.font.bold = strong
                run.font.color.rgb = colour
                run.font.name = FONT
                run.font.language_id = LANGUAGE_IDS[self.lang]

    def _box(self, slide: Slide, left: int, top: int, width: int, height: int,
             paragraphs: Sequence[str | Sequence[tuple[str, bool]]], size: float, **style
             ) -> None:
        frame = slide.shapes.add_textbox(left, top, width, height).text_frame
        frame.margin_left = frame.margin_right = 0
        self._write(frame, paragraphs, size, **style)

    def _slide(self, title: str, source: str, notes: Sequence[str],
               subtitle: str = "") -> Slide:
        """A "Title Only" slide with its title, subtitle, source line, number and notes."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY_LAYOUT])
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = (
            SIDE, TITLE_TOP, CONTENT_WIDTH, TITLE_HEIGHT)
        frame = heading.text_frame
        frame.vertical_anchor = MSO_ANCHOR.BOTTOM
        frame.margin_left = frame.margin_right = 0
        self._write(frame, [title], fitting(title, CONTENT_WIDTH, TITLE_PT, MIN_TITLE_PT,
                                            BOLD_WIDTH), bold=True)
        if subtitle:
            self._box(slide, SIDE, SUBTITLE_TOP, CONTENT_WIDTH, SUBTITLE_HEIGHT, [subtitle],
                      fitting(subtitle, 2 * CONTENT_WIDTH, SUBTITLE_PT, 11), colour=MUTED)
        number = len(self.prs.slides)
        self._box(slide, SIDE, FOOT_TOP, CONTENT_WIDTH - Inches(1.2), FOOT_HEIGHT, [source],
                  FOOT_PT, colour=MUTED)
        self._box(slide, SLIDE_WIDTH - SIDE - Inches(1.2), FOOT_TOP, Inches(1.2), FOOT_HEIGHT,
                  [str(number)], FOOT_PT, colour=MUTED, align=PP_ALIGN.RIGHT)
        self._notes(slide, notes)
        return slide

    def _notes(self, slide: Slide, notes: Sequence[str]) -> None:
        self._write(slide.notes_slide.notes_text_frame, list(notes), NOTES_PT, space=6)

    # -- slides -----------------------------------------------------------------------------

    def title_slide(self, item: TitleSlide) -> None:
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_LAYOUT])
        left, width = Inches(0.9), SLIDE_WIDTH - Inches(1.8)
        self._box(slide, left, Inches(1.1), width, Inches(0.5), [item.kicker], 20,
                  colour=ACCENT, bold=True)
        heading = slide.shapes.title
        heading.left, heading.top, heading.width, heading.height = (
            left, Inches(1.6), width, Inches(1.7))
        heading.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        heading.text_frame.margin_left = 0
        self._write(heading.text_frame, [item.title], 40 if len(item.title) <= 60 else 32,
                    bold=True)
        body = slide.placeholders[1]
        body.left, body.top, body.width, body.height = left, Inches(3.5), width, Inches(3.2)
        body.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        body.text_frame.margin_left = 0
        lines = [[(f"{label}: " if value else label, True), (value, False)]
                 for label, value in item.facts]
        self._write(body.text_frame, lines, 18 if len(lines) <= 6 else 14, space=6)
        self._box(slide, left, FOOT_TOP, width, FOOT_HEIGHT, [item.source], FOOT_PT,
                  colour=MUTED)
        self._notes(slide, item.notes)

    def chart_slide(self, item: ChartSlide) -> None:
        slide = self._slide(item.title, item.source, item.notes, item.subtitle)
        aspect = theme.WIDTH / item.figure.layout.height
        height = min(BODY_BOTTOM - BODY_TOP, int(CONTENT_WIDTH / aspect))
        width = int(height * aspect)
        picture = slide.shapes.add_picture(io.BytesIO(item.image), (SLIDE_WIDTH - width) // 2,
                                           BODY_TOP, width, height)
        picture.name = item.title[:60]
        picture._element.nvPicPr.cNvPr.set("descr", item.alt)  # alt text for screen readers

    def table_slides(self, item: TableSlide) -> None:
        if not item.table.rows:
            slide = self._slide(item.title, item.source, item.notes)
            self._box(slide, SIDE, BODY_TOP, CONTENT_WIDTH, Inches(1), [text("no_barriers",
                      self.lang)], 18, colour=MUTED)
            return
        widths = [int(CONTENT_WIDTH * w) for w in item.table.widths]
        rows = [[_shorten(c) for c in row] for row in item.table.rows]
        split = pages(Table(item.table.header, rows, item.table.widths), widths,
                      BODY_BOTTOM - BODY_TOP)
        for page, chunk in enumerate(split, 1):
            title = item.title if len(split) == 1 else text(
                "continued", self.lang, title=item.title, page=page, pages=len(split))
            slide = self._slide(title, item.source, item.notes, item.subtitle)
            self._table(slide, item.table.header, chunk, widths)

    def _table(self, slide: Slide, header: list[str], rows: list[list[str]],
               widths: list[int]) -> None:
        heights = [row_height(r, widths) for r in [header, *rows]]
        shape = slide.shapes.add_table(len(rows) + 1, len(header), SIDE, BODY_TOP,
                                       sum(widths), sum(heights))
        table = shape.table
        for index, width in enumerate(widths):
            table.columns[index].width = width
        for index, height in enumerate(heights):
            table.rows[index].height = height
        for r, cells in enumerate([header, *rows]):
            for c, value in enumerate(cells):
                cell = table.cell(r, c)
                cell.vertical_anchor = MSO_ANCHOR.TOP
                self._write(cell.text_frame, value.split("\n"), TABLE_PT, bold=r == 0,
                            colour=RGBColor(0xFF, 0xFF, 0xFF) if r == 0 else INK)

    def text_slide(self, item: TextSlide) -> None:
        slide = self._slide(item.title, item.source, item.notes)
        lines = [f"• {line}" for line in item.lines[:MAX_BULLETS]]
        self._box(slide, SIDE, BODY_TOP, CONTENT_WIDTH, BODY_BOTTOM - BODY_TOP, lines,
                  20 if len(lines) <= 5 else 16, space=12)
