"""Static images of a journey's figures (PNG, SVG, PDF) and plotly's own camera button.

Why here and not in ``journeys.render``: render turns any figure into bytes; this module knows
which figures a journey has (``FIGURE_NAMES``, the names of ``journeys export --figure``), in
which language, at which size, and turns a failed render into a ``JourneyError`` that the CLI
and the app print (with the hint how to install a browser when none is found).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import plotly.graph_objects as go

from journeys.export.names import FIGURE_NAMES
from journeys.figures import (
    FIGURES,
    focus_journey,
    journey_map,
    load_scale_top,
    map_parts,
    no_data_message,
    theme,
)
from journeys.i18n import language, translate
from journeys.render import DEFAULT_SCALE, FORMATS, ImageRenderer, RenderError, render_image
from models import Journey, JourneyError

IMAGE_FORMATS = FORMATS
WIDTH, HEIGHT = theme.WIDTH, theme.HEIGHT
"""Images are rendered at the figures' own 16:9 slide size; PNG at ``DEFAULT_SCALE`` (2)."""
TITLE_BLOCK_PX = 80
"""Height of a chart's title and subtitle at its top (``theme.finish`` puts them there)."""

TEXT = {
    "en": {
        "unknown_figure": "there is no figure '{name}'",
        "figure_hint": "use one of: {names}",
        "no_data": "the figure '{name}' has nothing to show for this journey",
        "unknown_format": "cannot export images as '{fmt}'",
        "format_hint": "use one of: {formats}",
        "render_failed": "could not render the image: {reason}",
        "part": "{title} — part {page} of {pages}: {stages}",
    },
    "de": {
        "unknown_figure": "die Grafik '{name}' gibt es nicht",
        "figure_hint": "eine davon wählen: {names}",
        "no_data": "die Grafik '{name}' hat für diese Nutzerreise nichts zu zeigen",
        "unknown_format": "Bilder können nicht als '{fmt}' exportiert werden",
        "format_hint": "eines davon wählen: {formats}",
        "render_failed": "das Bild konnte nicht erzeugt werden: {reason}",
        "part": "{title} – Teil {page} von {pages}: {stages}",
    },
}


class ExportError(JourneyError):
    """An export could not be made: no browser to render with, an unknown figure or format."""


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def journey_figure(journey: Journey, name: str, *, lang: str, source: theme.Source = None,
                   presentation: bool = False) -> go.Figure | None:
    """The figure ``name`` (a ``FIGURE_NAMES`` key) of ``journey`` in ``lang``; None when it
    has nothing to show (a funnel without counts, an emotion curve without feelings).
    ``presentation``: the projector's larger type (slides)."""
    if name not in FIGURE_NAMES:
        raise ExportError(_t("unknown_figure", lang, name=name),
                          hint=_t("figure_hint", lang, names=", ".join(FIGURE_NAMES)))
    return FIGURES[name](journey, language(lang), source=source, presentation=presentation)


def plain_text(markup: str | None) -> str:
    """Plotly's text markup as plain text (tags dropped, ``<br>`` a space, entities resolved).

    >>> plain_text("<b>Journey map</b><br>Kind &amp; Verein")
    'Journey map Kind & Verein'
    """
    if not markup:
        return ""
    flat = re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", " ", markup))
    return " ".join(html.unescape(flat).split())


def figure_words(fig: go.Figure) -> tuple[str, str]:
    """A figure's title and subtitle as plain text."""
    return plain_text(fig.layout.title.text), plain_text(fig.layout.title.subtitle.text)


def untitled(fig: go.Figure) -> go.Figure:
    """Take title, subtitle and source line off ``fig`` (in place; returns it) for a slide or
    a report section that shows them as text. The image loses the height the title took, so
    the plot keeps exactly the size it was designed for. In place because copying a figure
    costs plotly more than building it."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    if "title_px" in meta:  # drawn in px (the journey map): its y axis moves up instead
        cut = meta["title_px"]
        height = (fig.layout.height or HEIGHT) - cut
        fig.update_layout(title={"text": "", "subtitle": {"text": ""}}, height=height,
                          yaxis_range=[height + cut, cut])
    else:
        top = fig.layout.margin.t if fig.layout.margin.t is not None else theme.MARGIN["t"]
        cut = min(TITLE_BLOCK_PX, max(top - 20, 0))
        fig.update_layout(title={"text": "", "subtitle": {"text": ""}}, margin={"t": top - cut},
                          height=(fig.layout.height or HEIGHT) - cut)
    fig.update_annotations(selector={"name": "source"}, text="", visible=False)
    return fig


@contextmanager
def rendering(lang: str = "en") -> Iterator[None]:
    """Turn a ``RenderError`` into an ``ExportError`` (its message already says how to fix
    it, e.g. how to install a browser)."""
    try:
        yield
    except RenderError as error:
        raise ExportError(_t("render_failed", lang, reason=error)) from error


def render(fig: go.Figure, fmt: str, renderer: ImageRenderer | None = None) -> bytes:
    """``fig`` as ``fmt`` bytes at slide size, through ``renderer`` or a browser of its own."""
    if renderer is None:
        return render_image(fig, fmt, width=WIDTH, height=HEIGHT)
    return renderer.render(fig, fmt, width=WIDTH, height=HEIGHT)


def check_format(fmt: str, lang: str = "en") -> str:
    """``fmt`` in lower case when it is an image format, else an ``ExportError``."""
    norm = fmt.lower().lstrip(".")
    if norm not in IMAGE_FORMATS:
        raise ExportError(_t("unknown_format", lang, fmt=fmt),
                          hint=_t("format_hint", lang, formats=", ".join(IMAGE_FORMATS)))
    return norm


def figure_image(journey: Journey, figure_name: str, fmt: str, lang: str | None = None,
                 renderer: ImageRenderer | None = None, *, source: theme.Source = None
                 ) -> bytes:
    """One figure of ``journey`` as PNG (3200 × 1800 px), SVG or PDF bytes.

    ``lang``: the journey's language by default; ``renderer``: a running ``ImageRenderer``
    to share one browser between many images (the app keeps one); without it a browser is
    started and stopped for this image (1–2 s). Raises ``ExportError`` when the figure has
    nothing to show or no browser is found.
    """
    lang = language(lang or journey.language)
    fmt = check_format(fmt, lang)
    fig = journey_figure(journey, figure_name, lang=lang, source=source)
    if fig is None:
        raise ExportError(_t("no_data", lang, name=figure_name),
                          hint=no_data_message(figure_name, lang))
    with rendering(lang):
        return render(fig, fmt, renderer)


def map_part_images(journey: Journey, fmt: str, lang: str | None = None,
                    renderer: ImageRenderer | None = None, *, source: theme.Source = None,
                    parts: list[tuple[str, tuple[str, ...]]] | None = None) -> list[bytes]:
    """The journey map as 16:9 slide images: one per run of stages that fits a slide at
    readable type (``figures.map_parts``), one image when the whole map does. Every part is
    coloured on the whole journey's load scale and its title names its stages ("… – Teil 2
    von 3: Erreichen – Nutzen"). ``parts``: ``map_parts`` of the journey when the caller
    has them already."""
    lang = language(lang or journey.language)
    fmt = check_format(fmt, lang)
    parts, top = parts or map_parts(journey, lang=lang), load_scale_top(journey)
    figures = []
    for page, (stages, steps) in enumerate(parts, 1):
        fig = journey_map(focus_journey(journey, steps) if stages else journey, lang=lang,
                          source=source, load_top=top)
        if stages:
            words = _t("part", lang, title=figure_words(fig)[0], page=page, pages=len(parts),
                       stages=stages)
            title, size = theme.one_line(words, theme.TITLE_SIZE, theme.FONT_SIZE, bold=True)
            fig.layout.title.update(text=f"<b>{theme.plain(title)}</b>", font_size=size)
        figures.append(fig)
    with rendering(lang), ExitStack() as stack:
        if renderer is None and len(figures) > 1:  # one browser for all parts
            renderer = stack.enter_context(ImageRenderer())
        return [render(fig, fmt, renderer) for fig in figures]


def image_filename(journey: Journey, figure_name: str, fmt: str) -> str:
    """A safe file name: ``<journey id>-<figure>.<fmt>``.

    >>> from models import parse_journey
    >>> image_filename(parse_journey({"id": "sv-everswinkel", "title": "T", "language": "de",
    ...     "stages": [{"id": "s", "label": "S"}],
    ...     "actors": [{"id": "p", "label": "P", "level": 1}],
    ...     "steps": [{"id": "g", "label": "G", "stage": "s", "actor": "p",
    ...                "outcome": "goal"}]}), "map", "png")
    'sv-everswinkel-map.png'
    """
    stem = re.sub(r"[^a-z0-9_-]+", "-", f"{journey.id}-{figure_name}".lower()).strip("-")
    return f"{stem}.{fmt}"


def plotly_config(lang: str, filename: str) -> dict[str, Any]:
    """plotly's ``config`` for an interactive chart: the camera button saves a slide-sized PNG
    (1600 × 900 at scale 2) named ``filename``, no plotly logo, menus in ``lang``.

    >>> plotly_config("de", "map")["toImageButtonOptions"]
    {'format': 'png', 'width': 1600, 'height': 900, 'scale': 2, 'filename': 'map'}
    """
    return {
        "toImageButtonOptions": {"format": "png", "width": WIDTH, "height": HEIGHT,
                                 "scale": DEFAULT_SCALE, "filename": filename},
        "displaylogo": False,
        "locale": language(lang),
    }
