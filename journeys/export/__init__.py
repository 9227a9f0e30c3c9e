"""Presentation exports: figures as PNG/SVG/PDF, editable slide decks, a self-contained report.

Public API (the app's download buttons and ``journeys export`` use these)::

    figure_image(journey, "map", "png", lang="de", renderer=None) -> bytes
    plotly_config(lang, filename) -> dict        # plotly's camera button: slide-sized PNG
    journey_deck(journey, lang=None, renderer=None, progress=None) -> bytes   # .pptx
    comparison_deck(journeys, lang=None, renderer=None, progress=None) -> bytes
    html_report(journey, lang=None, progress=None) -> str                     # one HTML file

``progress(done, total, label)`` is called as long exports go; ``renderer`` is a running
``journeys.render.ImageRenderer`` to share one browser between many images.
"""

from journeys.export.deck import comparison_deck, journey_deck
from journeys.export.html_report import html_report
from journeys.export.images import (
    FIGURE_NAMES,
    IMAGE_FORMATS,
    ExportError,
    figure_image,
    image_filename,
    journey_figure,
    plotly_config,
)
from journeys.export.progress import LineProgress, Progress

__all__ = [
    "FIGURE_NAMES", "IMAGE_FORMATS", "ExportError", "LineProgress", "Progress",
    "comparison_deck", "figure_image", "html_report", "image_filename", "journey_deck",
    "journey_figure", "plotly_config",
]
