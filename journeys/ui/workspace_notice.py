"""What the app says at the top of every page about the workspace file itself: opened
read-only (nothing can be saved), or holding damaged revisions (found when it was opened)."""

from __future__ import annotations

import streamlit as st

from journeys.i18n import translate
from journeys.store import Workspace, damaged_list
from journeys.ui.widgets import escape

TEXT = {
    "en": {"read_only": "The workspace file {path} cannot be written, so it is open read-only: "
           "you can look at every journey, but no change is saved.",
           "damaged": "Damaged revisions in the workspace file (restore a backup, see "
           "docs/workspace.md): {revisions}."},
    "de": {"read_only": "Die Arbeitsbereich-Datei {path} ist schreibgeschützt und nur zum "
           "Lesen geöffnet: Alle Nutzerreisen sind sichtbar, aber Änderungen werden nicht "
           "gespeichert.",
           "damaged": "Beschädigte Revisionen in der Arbeitsbereich-Datei (Sicherung "
           "zurückspielen, siehe docs/workspace.md): {revisions}."},
}


def show(workspace: Workspace, lang: str) -> None:
    """The notices that apply, as warnings above the page (none for a healthy workspace)."""
    if workspace.read_only:
        st.warning(translate(TEXT, "read_only", lang, path=escape(str(workspace.path))))
    if workspace.damaged:
        revisions = escape(damaged_list(workspace.damaged))
        st.warning(translate(TEXT, "damaged", lang, revisions=revisions))
