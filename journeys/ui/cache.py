"""Cached core calls: analyses and figures are computed once per journey revision.

The cache key is (workspace, journey id, revision, time of the revision change, language and
the call's options); the journey itself rides along unhashed (``_journey``), since its revision
already names its content. A rerun that changes nothing (a click on a tab, a selection) costs
a lookup, not an analysis.

Analyses and tables use ``st.cache_data`` (each caller gets its own copy). Figures use
``st.cache_resource``: pickling a plotly figure deep-copies it, which cost more than drawing
a 100-step map; a figure is never changed after it is built, so sharing it is safe.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from journeys.analysis import Analysis, analyze
from journeys.figures import focus_journey, journey_map, journey_map_table, map_geometry
from journeys.store import StoredJourney
from models import Journey

SCREEN_WIDTH = 1240
"""The map's width on a page: the plot area of a 1280 px browser window (laptop, beamer)."""
WORKSHOP_WIDTH = 1880
"""The map's width in workshop mode: the full width of a 1920 px projector, larger type."""

Key = tuple[str, str, int, str]
"""(workspace path, journey id, revision, changed at): names one revision's content."""


def key_of(workspace: str, stored: StoredJourney) -> Key:
    return (workspace, stored.id, stored.revision, stored.updated_at.isoformat())


@st.cache_data(max_entries=200, show_spinner=False)
def analysis(key: Key, lang: str, _journey: Journey) -> Analysis:
    """``journeys.analysis.analyze`` of one revision."""
    return analyze(_journey, lang=lang)


@st.cache_resource(max_entries=100, show_spinner=False)
def map_figure(key: Key, lang: str, selected: str | None, route: tuple[str, ...] | None,
               mitigated: tuple[str, ...], presentation: bool, _journey: Journey,
               slide: bool = False, screen: tuple[int, int] | None = None,
               focus: tuple[str, ...] | None = None, load_top: float | None = None
               ) -> go.Figure:
    """The journey map of one revision (``journeys.figures.journey_map``), laid out for the
    page (as tall as its lanes need; workshop mode: full width, larger type), for a
    ``screen`` (width, height in px: the map fits it), or with ``slide`` for the 1600 × 900
    slide the downloads render (no selection ring: exports show no app state). ``focus``:
    the step ids to show of a journey too large for the screen."""
    journey = focus_journey(_journey, focus) if focus else _journey
    if slide:
        size: dict = {}
    elif screen:
        size = {"width": screen[0], "height": screen[1]}
    else:
        size = {"width": WORKSHOP_WIDTH if presentation else SCREEN_WIDTH, "height": None}
    return journey_map(journey, lang=lang, selected=None if slide else selected,
                       highlight_route=route, mitigated=mitigated, load_top=load_top,
                       presentation=presentation and not screen, screen=bool(screen), **size)


@st.cache_data(max_entries=200, show_spinner=False)
def map_fits(key: Key, lang: str, screen: tuple[int, int], focus: tuple[str, ...] | None,
             _journey: Journey) -> bool:
    """Does the map (or its ``focus``) fit ``screen`` with type of at least 14 px?"""
    journey = focus_journey(_journey, focus) if focus else _journey
    return map_geometry(journey, lang=lang, width=screen[0], height=screen[1],
                        screen=True).fits


@st.cache_data(max_entries=200, show_spinner=False)
def map_table(key: Key, lang: str, route: tuple[str, ...] | None, mitigated: tuple[str, ...],
              _journey: Journey) -> pd.DataFrame:
    """The table alternative of the journey map."""
    return journey_map_table(_journey, lang=lang, highlight_route=route, mitigated=mitigated)


def route_tuple(steps: Sequence[str] | None) -> tuple[str, ...] | None:
    return tuple(steps) if steps else None
