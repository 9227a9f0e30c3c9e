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
import textwrap
from collections.abc import Sequence

import plotly.colors
import plotly.graph_objects as go

from journeys.i18n import language, translate
from models import LEVELS, Journey

WIDTH, HEIGHT = 1600, 900
"""Default figure size: a 16:9 slide (the size exports render at)."""

FONT_FAMILY = "Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
FONT_SIZE = 18
TITLE_SIZE = 28
SMALL_SIZE = 15
PRESENTATION_SCALE = 1.2
"""Projector mode multiplies type and marker sizes by this."""

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


def wrap(label: str, width: int, max_lines: int = 3) -> str:
    """``label`` broken into lines of at most ``width`` characters (``<br>`` for plotly),
    cut with "…" after ``max_lines`` so long step names never run into their neighbours.
    A word up to two characters longer than ``width`` keeps its own line; longer words
    (German compounds) are split with a hyphen.

    >>> wrap("Fills in the application for club fees", 14)
    'Fills in the<br>application<br>for club fees'
    >>> wrap("Fills in the application for club fees", 14, 2)
    'Fills in the<br>application …'
    >>> wrap("Ruft bei der Schuldnerberatungsstelle an", 12, 4)
    'Ruft bei der<br>Schuldnerbe-<br>ratungsstelle<br>an'
    >>> wrap("Antragshilfe-Sprechstunde", 14)
    'Antragshilfe-<br>Sprechstunde'
    """
    words: list[str] = []
    for word in label.split():
        while len(word) > width + 2 and width > 4:
            cut = word.rfind("-", 2, width)  # split after a hyphen the word already has
            head, word = (word[:cut + 1], word[cut + 1:]) if cut > 0 else \
                (word[:width - 1] + "-", word[width - 1:])
            words.append(head)
        words.append(word)
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += " …"
    return "<br>".join(lines)


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
        every = [j.title for j in subject]
        titles = "; ".join(f"{j.title} ({j.region})" if every.count(j.title) > 1 and j.region
                           else j.title for j in subject)
        what = text("journeys", lang, count=len(subject),
                    titles=textwrap.shorten(titles, 90, placeholder=" …"))
    line = text("source", lang, what=what)
    if revision_date is not None:
        line += " · " + text("revision", lang, date=format_date(revision_date, lang))
    return line


MARGIN = {"l": 90, "r": 40, "t": 120, "b": 140}
EDGE = 24
"""Pixels between the figure's edge and the title or the source line."""


def source_line(subject: Journey | Sequence[Journey], revision_date: Source = None,
                lang: str = "en", margin: dict | None = None) -> dict:
    """The source line as a plotly annotation: bottom left of the figure, small, grey.

    ``margin`` is the figure's margin (the template's by default): the line sits inside the
    bottom margin, so it never covers data.
    """
    margin = {**MARGIN, **(margin or {})}
    return {"text": source_text(subject, revision_date, lang), "xref": "paper",
            "yref": "paper", "x": 0, "y": 0, "xanchor": "left", "yanchor": "bottom",
            "xshift": EDGE - margin["l"], "yshift": 8 - margin["b"], "showarrow": False,
            "font": {"size": SMALL_SIZE - 1, "color": MUTED}, "name": "source"}


def scaled(size: float, presentation: bool) -> int:
    """A font or marker size, larger in projector mode."""
    return round(size * PRESENTATION_SCALE) if presentation else round(size)


def look(*, title: str, subtitle: str | None, lang: str, source: str, alt: str,
         presentation: bool = False, margin: dict | None = None) -> dict:
    """The shared layout as a plain dict: template, 16:9 size, title, source line, number
    format (``separators``) and the alt text in ``meta``.

    ``source`` is the ready source text (see ``source_text``); the source line is the LAST
    annotation, so figures that bring their own annotations put theirs before it.
    """
    margin = {**MARGIN, **(margin or {})}
    return {
        "template": TEMPLATE_JSON, "width": WIDTH, "height": HEIGHT, "margin": margin,
        "separators": ",." if language(lang) == "de" else ".,",
        "font": {"size": scaled(FONT_SIZE, presentation)},
        "title": {"text": f"<b>{title}</b>", "font": {"size": scaled(TITLE_SIZE, presentation)},
                  "subtitle": {"text": subtitle or ""}, "x": EDGE / WIDTH, "xref": "container",
                  "y": 1 - 12 / HEIGHT, "yref": "container", "yanchor": "top"},
        "meta": {"alt": alt, "lang": language(lang)},
        "annotations": [source_line([], source, lang, margin)],
    }


def figure(data: list, layout: dict, **look_args: object) -> go.Figure:
    """A figure from its traces and own ``layout`` with the shared ``look(**look_args)``,
    built in one go (plotly validates each property once)."""
    shared = look(**look_args)  # type: ignore[arg-type]
    notes = [*layout.pop("annotations", []), *shared.pop("annotations")]
    return go.Figure(data=data, layout={**shared, **layout, "annotations": notes})


def finish(fig: go.Figure, **look_args: object) -> go.Figure:
    """Apply ``look(**look_args)`` to a figure built step by step (keeps its annotations)."""
    shared = look(**look_args)  # type: ignore[arg-type]
    notes = [*fig.layout.annotations, *shared.pop("annotations")]
    fig.update_layout(shared, annotations=notes)
    return fig


def bar_marker(colour: str, pattern: str, ink: str = "white") -> dict:
    """A bar's marker: ``colour`` with a fill ``pattern`` drawn over it in ``ink`` (the
    second cue beside the colour), and a thin white outline between stacked parts."""
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


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour`` (an ``rgb(r, g, b)`` string)."""
    red, green, blue = plotly.colors.unlabel_rgb(colour)
    luminance = (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255
    return INK if luminance > 0.45 else "white"
