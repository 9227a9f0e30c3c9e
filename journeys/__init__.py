"""Barrier Journeys engine: files, graph, routes, analysis, figures, export, storage.

No Streamlit here; the app and the CLI are thin shells over these functions.
"""

from journeys.formats import dumps_journey, load_journey, loads_journey, save_journey
from models import Journey, JourneyError, JourneyFileError, JourneyInvalid, Problem

__all__ = [
    "Journey", "JourneyError", "JourneyFileError", "JourneyInvalid", "Problem",
    "dumps_journey", "load_journey", "loads_journey", "save_journey",
]
