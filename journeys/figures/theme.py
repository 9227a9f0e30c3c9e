"""The one look of every chart: 16:9 slide size, large type, colour-blind-safe colours.

Every figure builder ends with ``figure(...)`` (or ``finish(...)``), so title, legend, source
line, size, German number format (``separators=",."``) and the alt text in ``layout.meta``
are set in one place.
Colours: Okabe-Ito for categories (safe for the common colour-vision deficiencies) and a
reversed viridis scale for barrier load (light = little, dark = much); no chart relies on
colour alone — sizes, symbols, dash patterns, bar patterns or printed numbers repeat it.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import textwrap
from collections.abc import Sequence

import plotly.colors
import plotly.graph_objects as go

from journeys.compare import distinct_names
from journeys.figures import text_metrics
from journeys.hotspots import journey_keys
from journeys.i18n import language, translate
from models import LEVELS, Journey

WIDTH, HEIGHT = 1600, 900
"""Default figure size: a 16:9 slide (the size exports render at)."""

FONT_FAMILY = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
FONT_SIZE = 18
"""Axis ticks and titles, legends, numbers printed on bars."""
LABEL_SIZE = 16
"""Names beside bars and markers: steps, routes, categories, journeys."""
SMALL_SIZE = 15
"""The least any text gets: notes under a label, colour-bar ticks, the source line."""
TITLE_SIZE = 28
PRESENTATION_SCALE = 1.4
"""Projector mode (and every slide) multiplies type by this: a chart fills a slide 12 inches
wide, so 1 px is about half a point, and the smallest text (15 px × 1.4) still reads as 11 pt
at the back of the room."""
CHAR_EM = 0.5
"""Average width of a character in em (Arial, with capitals and digits): to guess how wide a
label runs, so margins hold it and wrapping keeps it there."""
LINE_EM = 1.2
"""Height of a line of text in em (plotly's line spacing)."""
HALO = ", ".join(f"{x}px {y}px 0 white" for x, y in ((-2, 0), (2, 0), (0, -2), (0, 2),
                                                      (-1, -1), (1, 1), (-1, 1), (1, -1)))
"""A solid white outline around text drawn over lines (``textfont.shadow``), so a line
crossing a step's name never runs through its letters."""

INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#d9d9d9"
BAND = "#f2f2f2"

OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000")
"""Okabe & Ito (2008): eight colours told apart with every common colour-vision deficiency."""

PATTERNS = ("", "/", ".", "x", "\\", "+", "-", "|")
"""Bar fill patterns: the second cue beside the colour of a stacked or grouped bar."""

LOAD_SCALE = [[i / 9, colour] for i, colour in enumerate(plotly.colors.sequential.Viridis_r)]
"""Sequential scale for barrier load, light yellow (none) to dark purple (heavy), as the
``[position, colour]`` pairs plotly.js reads (the map skips plotly.py's conversion)."""

LEVEL_COLOURS = {1: OKABE_ITO[2], 2: OKABE_ITO[1], 3: OKABE_ITO[0], 4: OKABE_ITO[4]}
LEVEL_PATTERNS = {1: "", 2: "/", 3: ".", 4: "x"}

TEXT = {
    "en": {
        "source": "Source: {what}",
        "journey": "journey “{title}”",
        "journeys": "{count} journeys ({titles})",
        "revision": "as of {date}",
        "level": "{number} · {name}",
        "load": "Barrier load",
        "no_data": "No data to show.",
        "no_data_funnel": "No numbers yet: record how many people reached each step "
                          "(`reached`) or took each transition (`count`) to see the drop-off.",
        "no_data_emotion": "No feelings recorded: give steps an `emotion` from 1 (very bad) "
                           "to 5 (very good) to see the emotion curve.",
        "no_data_bottlenecks": "No bottlenecks: no step has barriers, drop-out or waiting "
                               "recorded.",
        "no_data_routes": "No route leads from a start to a goal yet.",
        "channel_in_person": "in person", "channel_phone": "phone", "channel_letter": "letter",
        "channel_email": "e-mail", "channel_online": "online", "channel_app": "app",
        "channel_other": "other channel", "channel_none": "(no channel)",
    },
    "de": {
        "source": "Quelle: {what}",
        "journey": "Nutzerreise „{title}“",
        "journeys": "{count} Nutzerreisen ({titles})",
        "revision": "Stand {date}",
        "level": "{number} · {name}",
        "load": "Barrierelast",
        "no_data": "Keine Daten zum Anzeigen.",
        "no_data_funnel": "Noch keine Zahlen: Tragen Sie ein, wie viele Personen jeden Schritt "
                          "erreicht (`reached`) oder jeden Übergang genommen haben (`count`), "
                          "um den Ausstieg zu sehen.",
        "no_data_emotion": "Keine Gefühle erfasst: Geben Sie Schritten ein `emotion` von 1 "
                           "(sehr schlecht) bis 5 (sehr gut), um die Gefühlskurve zu sehen.",
        "no_data_bottlenecks": "Keine Engpässe: kein Schritt hat erfasste Barrieren, Ausstiege "
                               "oder Wartezeiten.",
        "no_data_routes": "Noch führt kein Weg von einem Start zu einem Ziel.",
        "channel_in_person": "persönlich", "channel_phone": "Telefon", "channel_letter": "Brief",
        "channel_email": "E-Mail", "channel_online": "online", "channel_app": "App",
        "channel_other": "anderer Kanal", "channel_none": "(kein Kanal)",
    },
}

TEMPLATE = go.layout.Template(layout=go.Layout(
    font={"family": FONT_FAMILY, "size": FONT_SIZE, "color": INK},
    title={"font": {"size": TITLE_SIZE}, "x": 0.0, "xref": "paper", "xanchor": "left",
           "subtitle": {"font": {"size": SMALL_SIZE + 2, "color": MUTED}}},
    colorway=list(OKABE_ITO),
    paper_bgcolor="white",
    plot_bgcolor="white",
    legend={"font": {"size": SMALL_SIZE + 1}, "orientation": "h", "x": 0, "xanchor": "left",
            "y": -0.08, "yanchor": "top"},
    hoverlabel={"font": {"size": SMALL_SIZE + 1, "family": FONT_FAMILY}, "align": "left"},
    xaxis={"gridcolor": GRID, "linecolor": MUTED, "zerolinecolor": GRID, "automargin": False,
           "title": {"standoff": 12}},
    yaxis={"gridcolor": GRID, "linecolor": MUTED, "zerolinecolor": GRID, "automargin": False,
           "title": {"standoff": 12}},
))
"""The plotly template shared by the app and every export."""
TEMPLATE_JSON = TEMPLATE.to_plotly_json()


def text(key: str, lang: str, **values: object) -> str:
    """A word of the shared vocabulary in ``lang``."""
    return translate(TEXT, key, lang, **values)


def plain(words: str) -> str:
    """``words`` as plotly shows them literally: plotly reads a subset of HTML in every text
    (``<a href>``, ``<span style>``, ``<br>``), so user text is escaped before it goes into a
    figure — a label stays the label the user typed, never a link or a style.

    >>> plain('<a href="https://x">Club</a> & <b>')
    '&lt;a href="https://x"&gt;Club&lt;/a&gt; &amp; &lt;b&gt;'
    """
    return html.escape(words, quote=False)


def plain_wrap(label: str, width: int, max_lines: int = 3) -> str:
    """``wrap`` for user text: the lines wrapped as typed, then each one made ``plain``
    (escaping first would let the wrap cut ``&lt;`` in half).

    >>> plain_wrap("<b>Kita</b> & Schule", 12)
    '&lt;b&gt;Kita&lt;/b&gt;<br>&amp; Schule'
    """
    return "<br>".join(plain(line) for line in wrap(label, width, max_lines).split("<br>"))


def wrap(label: str, width: int, max_lines: int = 3, lang: str | None = None) -> str:
    """``label`` broken into lines of at most ``width`` characters (``<br>`` for plotly),
    cut with "…" after ``max_lines`` so long step names never run into their neighbours.
    A word up to two characters longer than ``width`` keeps its own line; longer words
    (German compounds) break after a hyphen they have or at a syllable boundary
    (``text_metrics.syllable_breaks`` in ``lang``; without it where German and English
    agree), never inside a syllable; a word with no such place is cut with "…". Linear in
    the label's length, and reads no further than it shows.

    >>> wrap("Fills in the application for club fees", 14)
    'Fills in the<br>application<br>for club fees'
    >>> wrap("Fills in the application for club fees", 14, 2)
    'Fills in the<br>application …'
    >>> wrap("Ruft bei der Schuldnerberatungsstelle an", 12, 4, "de")
    'Ruft bei der<br>Schuldnerbera-<br>tungsstelle<br>an'
    >>> wrap("Antragshilfe-Sprechstunde", 14)
    'Antragshilfe-<br>Sprechstunde'
    >>> wrap("Antragshilfe-Sprechstunde des Familienbüros", 11, 4)
    'Antragshilfe-<br>Sprechstunde<br>des<br>Familienbüros'
    >>> wrap("Kommt zum Probetraining", 10, 3, "de")
    'Kommt zum<br>Probetrai-<br>ning'
    >>> wrap("x" * 4_000_000, 10, 2)
    'xxxxxxxxx…'

    A short last line is filled up with the start of the next word, so the cut keeps
    saying something:

    >>> wrap("A volunteer mentor practises the interview", 10, 1)
    'A volunte…'
    >>> wrap("Lädt Nachweise hoch (Leistung-Nachweis)", 10, 2)
    'Lädt<br>Nachweise…'
    >>> wrap("Lädt hoch (Leistung-Nachweis)", 10, 2)
    'Lädt hoch<br>(Leistung…'
    """
    lines: list[str] = []
    for match in _WORD.finditer(label):
        if len(lines) > max_lines:
            break
        for word in _word_pieces(match.group(), width, lang):
            if lines and len(lines[-1]) + 1 + len(word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
    if len(lines) > max_lines:
        room = width - len(lines[max_lines - 1]) - 2
        following = lines[max_lines].split()[0].rstrip("-")
        lines = lines[:max_lines]
        if room >= 3:
            lines[-1] += f" {following[:room]}…"
        elif len(lines[-1]) + 2 <= width:
            lines[-1] += " …"
        else:  # a full line: the cut takes its last letters, so it stays ``width`` wide
            lines[-1] = lines[-1][:width - 1].rstrip(" -") + "…"
    return "<br>".join(lines)


_WORD = re.compile(r"\S+")


def _word_pieces(word: str, width: int, lang: str | None) -> list[str]:
    """A word as lines of at most ``width`` characters, broken at hyphens or syllables; a
    word that cannot be broken so is cut with "…" (never "Probetr-aining")."""
    if len(word) <= width + 2 or width <= 4:
        return [word]
    if len(word) > text_metrics.HYPHENATE_UP_TO and "-" not in word[:width + 2]:
        return [word[:width - 1] + "…"]
    pieces, start = [], 0
    breaks = text_metrics.syllable_breaks(word[:text_metrics.HYPHENATE_UP_TO], lang)
    while len(word) - start > width + 2:
        fitting = [b for b in breaks
                   if start < b and b - start + (word[b - 1] != "-") <= width + 2]
        if not fitting:
            pieces.append(word[start:start + width - 1] + "…")
            return pieces
        end = fitting[-1]
        pieces.append(word[start:end] + ("" if word[end - 1] == "-" else "-"))
        start = end
    pieces.append(word[start:])
    return pieces


def no_data_message(figure: str, lang: str) -> str:
    """What to show instead of a figure that came back as None (``"funnel"``, ``"emotion"``,
    ``"bottlenecks"``, ``"routes"``; anything else gets a general message).

    >>> no_data_message("routes", "de")
    'Noch führt kein Weg von einem Start zu einem Ziel.'
    """
    key = f"no_data_{figure}"
    return text(key if key in TEXT["en"] else "no_data", lang)


def level_name(level: int, lang: str) -> str:
    """``"3 · Sozialraum"``: a resource level's number and name in ``lang``."""
    name = LEVELS[level].de if language(lang) == "de" else LEVELS[level].en
    return text("level", lang, number=level, name=name)


def format_date(date: dt.date, lang: str) -> str:
    """``12.03.2024`` (de) or ``2024-03-12`` (en)."""
    return date.strftime("%d.%m.%Y") if language(lang) == "de" else date.isoformat()


Source = dt.date | str | None
"""What a figure's ``source`` parameter takes: the revision date or a ready text."""


def source_text(subject: Journey | Sequence[Journey], revision_date: Source, lang: str) -> str:
    """The words of the source line: which journey(s), and as of when.

    ``revision_date`` given as text replaces the whole line (for exports that know better).
    """
    if isinstance(revision_date, str):
        return revision_date
    if isinstance(subject, Journey):
        what = text("journey", lang, title=subject.title)
    else:
        keys = journey_keys(subject)
        names = distinct_names([(key, j.title, j.region)
                                for key, j in zip(keys, subject, strict=True)])
        titles = "; ".join(names[key] for key in keys)
        what = text("journeys", lang, count=len(subject),
                    titles=textwrap.shorten(titles, 150, placeholder=" …"))
    line = text("source", lang, what=what)
    if revision_date is not None:
        line += " · " + text("revision", lang, date=format_date(revision_date, lang))
    observed = _evidence_source(subject) if isinstance(subject, Journey) else None
    return f"{line} · {observed}" if observed else line


def _evidence_source(journey: Journey) -> str | None:
    """Where the journey's observed numbers come from, when household records filled them
    (``journeys evidence --apply`` writes ``extra.evidence.source``): "from 30 household
    records, March–September 2025"."""
    evidence = (journey.extra or {}).get("evidence")
    source = evidence.get("source") if isinstance(evidence, dict) else None
    return source if isinstance(source, str) and source.strip() else None


MARGIN = {"l": 90, "r": 40, "t": 120, "b": 140}
EDGE = 24
"""Pixels between the figure's edge and the title or the source line."""


def source_line(subject: Journey | Sequence[Journey], revision_date: Source = None,
                lang: str = "en", margin: dict | None = None, presentation: bool = False,
                width: int = WIDTH) -> dict:
    """The source line as a plotly annotation: bottom left of the figure, small, grey, and
    shortened (" …") where it would run off the figure.

    ``margin`` is the figure's margin (the template's by default): the line sits inside the
    bottom margin, so it never covers data; ``width`` is the figure's.
    """
    margin = {**MARGIN, **(margin or {})}
    size = scaled(SMALL_SIZE, presentation)
    line = textwrap.shorten(source_text(subject, revision_date, lang),
                            chars(width - 2 * EDGE, size), placeholder=" …")
    return {"text": plain(line), "xref": "paper", "yref": "paper", "x": 0, "y": 0,
            "xanchor": "left", "yanchor": "bottom", "xshift": EDGE - margin["l"],
            "yshift": 8 - margin["b"], "showarrow": False,
            "font": {"size": size, "color": MUTED}, "name": "source"}


def scaled(size: float, presentation: bool) -> int:
    """A font size, larger in projector mode (and on slides).

    >>> scaled(SMALL_SIZE, False), scaled(SMALL_SIZE, True)
    (15, 21)
    """
    return round(size * PRESENTATION_SCALE) if presentation else round(size)


def text_width(label: str, size: float) -> float:
    """Roughly how wide ``label`` runs in px at ``size`` (its longest ``<br>`` line)."""
    return max(len(line) for line in label.split("<br>")) * CHAR_EM * size


def chars(px: float, size: float) -> int:
    """How many characters fit ``px`` at ``size`` (at least 8: no word is cut to nothing).

    >>> chars(400, 20)
    40
    """
    return max(int(px / (CHAR_EM * size)), 8)


def label_lines(rows: int, px: float, size: float, most: int = 3) -> int:
    """How many lines each of ``rows`` labels sharing ``px`` of height may take, so that
    neighbouring labels never run into each other.

    >>> label_lines(4, 600, 16), label_lines(12, 600, 22), label_lines(40, 600, 22)
    (3, 1, 1)
    """
    return max(1, min(most, int(px / max(rows, 1) / (size * LINE_EM))))


def row_labels(labels: Sequence[str], size: float, rows_px: float, widest: float,
               most: int = 2) -> tuple[list[str], int]:
    """The row labels of a horizontal bar chart wrapped to at most ``widest`` px and to their
    share of ``rows_px`` (the plot height), and the left margin that holds them."""
    lines = label_lines(len(labels), rows_px, size, most)
    wrapped = [wrap(label, chars(widest, size), lines) for label in labels]
    needed = max((text_width(label, size) for label in wrapped), default=0.0)
    return ([plain_wrap(label, chars(widest, size), lines) for label in labels],
            round(min(widest, needed) + 2 * EDGE))


def row_axis(keys: Sequence[str], labels: Sequence[str], size: float) -> dict:
    """The y axis of a horizontal bar chart whose rows are ``keys`` (top to bottom) shown as
    ``labels``: rows stay apart even when two labels read the same once wrapped."""
    return {"type": "category", "tickmode": "array", "tickvals": list(keys),
            "ticktext": list(labels), "autorange": "reversed", "tickfont": {"size": size},
            "ticks": ""}


def title_height(presentation: bool) -> int:
    """The height the title and subtitle take at the top of a figure (``look``)."""
    return round(12 + 1.3 * scaled(TITLE_SIZE, presentation)
                 + 1.6 * scaled(SMALL_SIZE + 2, presentation) + 20)


def plot_height(margin: dict) -> int:
    """The height of the plot area between the ``margin``'s top and bottom."""
    return HEIGHT - margin["t"] - margin["b"]


def load_colourbar(lang: str, presentation: bool, **place: object) -> dict:
    """The colour bar of the barrier-load scale: its title on top with the tick labels BELOW
    their ticks, so the top value never runs into the title; ``place`` positions it."""
    size = scaled(SMALL_SIZE, presentation)
    return {"title": {"text": text("load", lang), "side": "top",
                      "font": {"size": scaled(FONT_SIZE, presentation)}},
            "tickfont": {"size": size}, "ticklabelposition": "outside bottom",
            "thickness": 18, "outlinewidth": 0, **place}


def one_line(words: str, largest: int, smallest: int, bold: bool = False,
             width: int = WIDTH) -> tuple[str, int]:
    """``words`` and the largest size from ``largest`` down to ``smallest`` at which they fit
    one line across a figure ``width`` px wide (titles never wrap); shortened with " …" where
    not even ``smallest`` fits.

    >>> one_line("Engpässe", 39, 18)
    ('Engpässe', 39)
    >>> one_line("Wege im Vergleich: " + "sehr " * 60, 39, 18)[1]
    18
    """
    em = CHAR_EM * (1.08 if bold else 1.0)
    room = width - 2 * EDGE
    size = max(smallest, min(largest, int(room / (max(len(words), 1) * em))))
    if len(words) * em * size <= room:
        return words, size
    return textwrap.shorten(words, int(room / (size * em)), placeholder=" …"), size


def look(*, title: str, subtitle: str | None, lang: str, source: str, alt: str,
         presentation: bool = False, margin: dict | None = None, width: int = WIDTH,
         height: int = HEIGHT) -> dict:
    """The shared layout as a plain dict: template, size (the 16:9 slide unless ``width`` and
    ``height`` say otherwise), title, source line, number format (``separators``) and the alt
    text in ``meta``.

    ``source`` is the ready source text (see ``source_text``); the source line is the LAST
    annotation, so figures that bring their own annotations put theirs before it. Title,
    subtitle and source are words, not markup: they are made ``plain`` here, once.
    """
    margin = {**MARGIN, **(margin or {})}
    title, title_size = one_line(title, scaled(TITLE_SIZE, presentation), FONT_SIZE, bold=True,
                                 width=width)
    subtitle, subtitle_size = one_line(subtitle or "", scaled(SMALL_SIZE + 2, presentation),
                                       SMALL_SIZE, width=width)
    return {
        "template": TEMPLATE_JSON, "width": width, "height": height, "margin": margin,
        "separators": ",." if language(lang) == "de" else ".,",
        "font": {"size": scaled(FONT_SIZE, presentation)},
        "title": {"text": f"<b>{plain(title)}</b>", "font": {"size": title_size},
                  "subtitle": {"text": plain(subtitle), "font": {"size": subtitle_size}},
                  "x": EDGE / width, "xref": "container",
                  "y": 1 - 12 / height, "yref": "container", "yanchor": "top"},
        "meta": {"alt": alt, "lang": language(lang)},
        "legend": {"font": {"size": scaled(LABEL_SIZE, presentation)}},
        "hoverlabel": {"font": {"size": scaled(LABEL_SIZE, presentation)}},
        "annotations": [source_line([], source, lang, margin, presentation, width)],
    }


def figure(data: list, layout: dict, **look_args: object) -> go.Figure:
    """A figure from its traces and own ``layout`` with the shared ``look(**look_args)``,
    built in one go (plotly validates each property once)."""
    shared = look(**look_args)  # type: ignore[arg-type]
    notes = [*layout.pop("annotations", []), *shared.pop("annotations")]
    return go.Figure(data=data, layout={**shared, **layout, "annotations": notes,
                                        "legend": {**shared["legend"],
                                                   **layout.get("legend", {})}})


def finish(fig: go.Figure, **look_args: object) -> go.Figure:
    """Apply ``look(**look_args)`` to a figure built step by step (keeps its annotations)."""
    shared = look(**look_args)  # type: ignore[arg-type]
    notes = [*fig.layout.annotations, *shared.pop("annotations")]
    fig.update_layout(shared, annotations=notes)
    return fig


def bar_marker(colour: str, pattern: str, ink: str | None = None) -> dict:
    """A bar's marker: ``colour`` with a fill ``pattern`` drawn over it in ``ink`` (the
    second cue beside the colour; white, or dark on yellow where white would vanish), and a
    thin white outline between stacked parts."""
    if ink is None:
        ink = "white" if luminance(plotly.colors.hex_to_rgb(colour)) < 0.75 else MUTED
    return {"color": colour, "line": {"color": "white", "width": 1},
            "pattern": {"shape": pattern, "fgcolor": ink, "fillmode": "overlay", "size": 10,
                        "solidity": 0.25}}


def alt_text(fig: go.Figure) -> str:
    """The figure's alt text (one or two sentences in the figure's language)."""
    meta = fig.layout.meta
    return meta.get("alt", "") if isinstance(meta, dict) else ""


_LOAD_RGB = [plotly.colors.hex_to_rgb(colour) for _, colour in LOAD_SCALE]


def load_colour(load: float, top: float) -> str:
    """The load scale's colour for ``load`` on a scale from 0 to ``top`` (as plotly
    interpolates it: linearly between the scale's evenly spaced colours).

    >>> load_colour(0, 5), load_colour(5, 5)
    ('rgb(253, 231, 37)', 'rgb(68, 1, 84)')
    """
    share = min(max(load / top, 0.0), 1.0) if top else 0.0
    position = share * (len(_LOAD_RGB) - 1)
    low = min(int(position), len(_LOAD_RGB) - 2)
    part = position - low
    red, green, blue = (a + (b - a) * part for a, b in zip(_LOAD_RGB[low], _LOAD_RGB[low + 1],
                                                          strict=True))
    return f"rgb({round(red)}, {round(green)}, {round(blue)})"


def luminance(rgb: Sequence[float]) -> float:
    """How light a colour looks, 0 (black) to 1 (white).

    >>> round(luminance(plotly.colors.hex_to_rgb(OKABE_ITO[3])), 2)
    0.86
    """
    red, green, blue = rgb
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (an ``rgb(r, g, b)`` string)."""
    return INK if luminance(plotly.colors.unlabel_rgb(colour)) > 0.45 else "white"
