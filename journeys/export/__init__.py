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

import importlib

_HOMES = {
    "comparison_deck": "deck", "journey_deck": "deck", "html_report": "report",
    "FIGURE_NAMES": "names", "IMAGE_FORMATS": "images", "ExportError": "images",
    "figure_image": "images", "image_filename": "images", "journey_figure": "images",
    "plotly_config": "images", "LineProgress": "progress", "Progress": "progress",
}
"""Where each public name lives. The submodules are imported when a name is first used:
plotly, pandas and python-pptx take a second and 120 MB to load, and ``journeys export
--format csv`` needs none of them."""

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
