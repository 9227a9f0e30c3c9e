"""What the app says at the top of every page about the workspace file itself: that it is
open read-only, so nothing can be saved."""

from __future__ import annotations

import streamlit as st

from journeys.i18n import translate
from journeys.store import Workspace
from journeys.ui.widgets import escape

TEXT = {
    "en": {"read_only": "The workspace file {path} cannot be written, so it is open read-only: "
           "you can look at every journey, but no change is saved."},
    "de": {"read_only": "Die Arbeitsbereich-Datei {path} ist schreibgeschützt und nur zum "
           "Lesen geöffnet: Alle Nutzerreisen sind sichtbar, aber Änderungen werden nicht "
           "gespeichert."},
}


def show(workspace: Workspace, lang: str) -> None:
    """A warning above the page when the workspace cannot be written."""
    if workspace.read_only:
        st.warning(translate(TEXT, "read_only", lang, path=escape(str(workspace.path))))
