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
from journeys.figures import journey_map, journey_map_table
from journeys.store import StoredJourney
from models import Journey

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
               mitigated: tuple[str, ...], presentation: bool, _journey: Journey) -> go.Figure:
    """The journey map of one revision (``journeys.figures.journey_map``)."""
    return journey_map(_journey, lang=lang, selected=selected, highlight_route=route,
                       mitigated=mitigated, presentation=presentation)


@st.cache_data(max_entries=200, show_spinner=False)
def map_table(key: Key, lang: str, route: tuple[str, ...] | None, mitigated: tuple[str, ...],
              _journey: Journey) -> pd.DataFrame:
    """The table alternative of the journey map."""
    return journey_map_table(_journey, lang=lang, highlight_route=route, mitigated=mitigated)


def route_tuple(steps: Sequence[str] | None) -> tuple[str, ...] | None:
    return tuple(steps) if steps else None
