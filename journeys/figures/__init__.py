"""Every chart the app shows and the exports render, in one look (``theme``).

Each figure function returns a ``plotly.graph_objects.Figure`` sized for a 16:9 slide
(1600 × 900) with title, legend, source line and its alt text in ``layout.meta``
(``alt_text(fig)``), in German or English (``lang``); each has a ``*_table`` twin with the
same numbers. Figures that have nothing to show return None: show
``no_data_message(name, lang)`` instead.

``FIGURES`` and ``TABLES`` name what the CLI export renders for one journey; each entry is
called as ``FIGURES[name](journey, lang, **options)`` (options: ``source``, ``presentation``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from journeys.figures import theme
from journeys.figures.analysis_charts import (
    bottleneck_chart,
    bottleneck_table,
    routes_chart,
    routes_table,
    score_parts,
)
from journeys.figures.charts import (
    emotion_curve,
    emotion_table,
    funnel,
    funnel_table,
    heatmap,
    heatmap_table,
    main_route,
)
from journeys.figures.comparisons import (
    journeys_compared,
    journeys_compared_table,
    key_label,
    portfolio_chart,
    portfolio_table,
)
from journeys.figures.journey_map import (
    STEP_TRACE,
    focus_journey,
    journey_map,
    journey_map_table,
    load_scale_top,
    map_geometry,
    map_parts,
    step_loads,
)
from journeys.figures.placement import MapLayout, map_layout
from journeys.figures.theme import alt_text, no_data_message, source_line
from models import Journey

FIGURES: dict[str, Callable[..., go.Figure | None]] = {
    "map": lambda journey, lang, **options: journey_map(journey, lang=lang, **options),
    "bottlenecks": lambda journey, lang, **options: bottleneck_chart(None, journey, lang=lang,
                                                                     **options),
    "heatmap": lambda journey, lang, **options: heatmap(journey, lang=lang, **options),
    "funnel": lambda journey, lang, **options: funnel(journey, lang=lang, **options),
    "routes": lambda journey, lang, **options: routes_chart(journey, None, lang=lang,
                                                            **options),
    "emotion": lambda journey, lang, **options: emotion_curve(journey, lang=lang, **options),
}
"""The figures of one journey: ``FIGURES[name](journey, lang)`` → figure or None."""

TABLES: dict[str, Callable[[Journey, str], pd.DataFrame | None]] = {
    "map": lambda journey, lang: journey_map_table(journey, lang=lang),
    "bottlenecks": lambda journey, lang: bottleneck_table(None, journey, lang=lang),
    "heatmap": lambda journey, lang: heatmap_table(journey, lang=lang),
    "funnel": lambda journey, lang: funnel_table(journey, lang=lang),
    "routes": lambda journey, lang: routes_table(journey, None, lang=lang),
    "emotion": lambda journey, lang: emotion_table(journey, lang=lang),
}
"""The table alternative of each entry of ``FIGURES``, with the same numbers."""


def step_at(event: Any) -> str | None:
    """The step id a plotly selection event (a dict like Streamlit's ``{"selection":
    {"points": [...]}}`` or a list of points) picked on the journey map, else None.

    Step markers carry their id as ``customdata``; transition points carry a
    ``[from, to]`` pair and are skipped.

    >>> step_at({"selection": {"points": [{"curve_number": 3, "customdata": "form"}]}})
    'form'
    >>> step_at([{"customdata": ["form", "join"]}]) is None
    True
    """
    points = event.get("selection", {}).get("points", []) if isinstance(event, dict) else event
    for point in points or ():
        step = point.get("customdata")
        if isinstance(step, str):
            return step
    return None


__all__ = [
    "FIGURES",
    "STEP_TRACE",
    "TABLES",
    "MapLayout",
    "alt_text",
    "bottleneck_chart",
    "bottleneck_table",
    "emotion_curve",
    "emotion_table",
    "focus_journey",
    "funnel",
    "funnel_table",
    "heatmap",
    "heatmap_table",
    "journey_map",
    "journey_map_table",
    "journeys_compared",
    "journeys_compared_table",
    "key_label",
    "load_scale_top",
    "main_route",
    "map_geometry",
    "map_layout",
    "map_parts",
    "no_data_message",
    "portfolio_chart",
    "portfolio_table",
    "routes_chart",
    "routes_table",
    "score_parts",
    "source_line",
    "step_at",
    "step_loads",
    "theme",
]
