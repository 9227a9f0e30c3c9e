"""The app's door in a workshop room: without the room's access key a tab sees a key form and
nothing of the workspace (``journeys.access`` says when a key is needed)."""

from __future__ import annotations

import streamlit as st

from journeys.access import admits, configured_key
from journeys.i18n import translate

TEXT = {
    "en": {"title": "Barrier Journeys", "ask": "This app is shared in a workshop room. Open "
           "it with the room's link, or type the access key you were given.",
           "key": "Access key", "open": "Open", "wrong": "This key is not the room's key."},
    "de": {"title": "Barrier Journeys", "ask": "Diese App wird in einem Workshop-Raum geteilt. "
           "Öffnen Sie sie über den Link des Raums oder geben Sie den Zugangsschlüssel ein.",
           "key": "Zugangsschlüssel", "open": "Öffnen",
           "wrong": "Dieser Schlüssel ist nicht der des Raums."},
}

ADMITTED = "access_admitted"
"""``st.session_state`` flag: this tab has shown the key (kept until the tab closes)."""


def admitted(lang: str) -> bool:
    """True when this tab may see the app; otherwise draws the key form and returns False."""
    key = configured_key()
    if key is None or st.session_state.get(ADMITTED):
        return True
    given = st.query_params.get("key")
    if admits(key, given):
        st.session_state[ADMITTED] = True
        return True
    st.title(translate(TEXT, "title", lang))
    st.write(translate(TEXT, "ask", lang))
    with st.form("access"):
        typed = st.text_input(translate(TEXT, "key", lang), type="password")
        opened = st.form_submit_button(translate(TEXT, "open", lang))
    if opened and admits(key, typed):
        st.session_state[ADMITTED] = True
        st.query_params["key"] = typed  # a reload of this tab comes back in
        st.rerun()
    if opened or given:
        st.error(translate(TEXT, "wrong", lang))
    return False
