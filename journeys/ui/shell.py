"""The app's frame: page setup, the sidebar (language, view, journey, workshop mode) and the
dispatch to one page module per view. ``barrier_app.py`` calls ``main``."""

from __future__ import annotations

import streamlit as st

from journeys.compare import distinct_names
from journeys.i18n import LANGUAGES, translate
from journeys.ui import (
    access,
    bottlenecks,
    compare,
    editor,
    interview,
    library,
    participant,
    session,
    widgets,
    workspace_notice,
)
from models import JourneyError

TEXT = {
    "en": {
        "app": "Barrier Journeys", "tagline": "Map journeys through aid services, find the "
        "access barriers.",
        "language": "Language", "view": "View", "journey": "Journey",
        "library": "Library", "map": "Map", "bottlenecks": "Bottlenecks", "compare": "Compare",
        "interview": "Interview",
        "workshop": "Workshop", "workshop_help": "Workshop mode, a presentation view for a "
        "projector: large type, high contrast, the map full width, editors folded away.",
        "pick_journey": "Choose a journey …",
        "unknown_param": "The address asks for “{name}={value}”, which the app does not know "
        "— showing {shown} instead (known: {known}).", "normal": "the normal view",
    },
    "de": {
        "app": "Barrier Journeys", "tagline": "Nutzerreisen durch Hilfsangebote abbilden, "
        "Zugangsbarrieren finden.",
        "language": "Sprache", "view": "Ansicht", "journey": "Nutzerreise",
        "library": "Bibliothek", "map": "Karte", "bottlenecks": "Engpässe",
        "compare": "Vergleich", "interview": "Interview", "workshop": "Workshop",
        "workshop_help": "Workshop-Modus, eine Präsentationsansicht für den Beamer: große "
        "Schrift, hoher Kontrast, die Karte in voller Breite, Bearbeitung eingeklappt.",
        "pick_journey": "Nutzerreise wählen …",
        "unknown_param": "Die Adresse verlangt „{name}={value}“, das kennt die App nicht — "
        "stattdessen wird {shown} gezeigt (bekannt: {known}).", "normal": "die normale Ansicht",
    },
}

PAGES = {"library": library.show, "map": editor.show, "bottlenecks": bottlenecks.show,
         "compare": compare.show, "interview": interview.show}

BASE_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding: 0.75rem 1.25rem 3rem; max-width: 100%; }
[data-testid="stHeader"] { display: none; }
.st-key-top-bar { border-bottom: 1px solid #d0d7de; padding-bottom: 0.5rem;
                  margin-bottom: 0.5rem; }
.stApp h1 { font-size: 2.1rem; padding-top: 0.5rem; }
</style>
"""

WORKSHOP_CSS = BASE_CSS + """
<style>
.stApp, .stApp p, .stApp li, .stApp label, .stApp input, .stApp button { font-size: 1.3rem; }
.stApp h1 { font-size: 2.8rem; color: #000; }
.stApp h2, .stApp h3 { font-size: 2rem; color: #000; }
.stApp { background: #fff; color: #000; }
.stApp [data-testid="stCaptionContainer"] { color: #111; font-size: 1.2rem; }
.stApp button { border-width: 2px; border-color: #000; }
.stApp [data-testid="stExpander"] details { border: 2px solid #000; }
.st-key-top-bar { border-bottom: 3px solid #000; padding-bottom: 0.25rem; }
.st-key-top-bar p, .st-key-top-bar button, .st-key-top-bar label,
.st-key-top-bar input { font-size: 1rem; }
[data-testid="stMainBlockContainer"] { padding-top: 0.5rem; }
.st-key-map-focus-row p, .st-key-map-focus-row input { font-size: 1rem; line-height: 1.3; }
.st-key-map-focus-row p { margin: 0; }
.st-key-screen-probe, [data-testid="stLayoutWrapper"]:has(> .st-key-screen-probe) {
  display: none; }
</style>
"""


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _follow_url() -> None:
    """Put the URL's choices into the sidebar widgets (the URL wins: a reload restores it)."""
    state = st.session_state
    state["ui_lang"] = session.ui_language()
    state["nav_view"] = session.current_view()
    state["nav_workshop"] = session.workshop_mode()


def _set_lang() -> None:
    session.set_param("lang", st.session_state.get("ui_lang") or None)


def _set_view() -> None:
    session.set_param("view", st.session_state.get("nav_view") or "library")


def _set_journey() -> None:
    session.set_param("journey", st.session_state.get("nav_journey"))


def _set_workshop() -> None:
    session.set_param("mode", "workshop" if st.session_state.get("nav_workshop") else None)


def _unknown_params(lang: str) -> None:
    """Say so when the URL names a view, language or mode the app does not know (a mistyped
    or old link), instead of silently showing something else."""
    known = {"view": session.VIEWS, "lang": LANGUAGES, "mode": ("workshop",)}
    shown = {"view": _t(session.current_view(), lang), "lang": lang.upper(),
             "mode": _t("normal", lang)}
    for name, values in known.items():
        value = st.query_params.get(name)
        if value and value not in values:
            st.warning(_t("unknown_param", lang, name=name, value=widgets.escape(value),
                          shown=shown[name], known=", ".join(values)))


def _top_bar(lang: str, page: session.Page) -> None:
    """Navigation in one row above the page (no sidebar: the map needs the full width)."""
    with st.container(key="top-bar"):
        if page.workshop:  # compact: the journey's whole title, no app name
            views, journey, language, mode = st.columns([4.0, 3.5, 1.1, 1.4],
                                                        vertical_alignment="center")
        else:  # the five views take ~470 px: at 1280 px none may scroll out of sight
            name, views, journey, language, mode = st.columns(
                [1.3, 3.9, 2.4, 1.0, 1.4], vertical_alignment="center")
            name.markdown(f"**{_t('app', lang)}**", help=_t("tagline", lang))
        views.segmented_control(_t("view", lang), list(session.VIEWS), key="nav_view",
                                format_func=lambda view: _t(view, lang), on_change=_set_view,
                                required=True, label_visibility="collapsed")
        summaries = page.workspace.summaries()
        ids = [s.id for s in summaries]
        titles = distinct_names([(s.id, s.title, s.region) for s in summaries])
        if page.journey_id in ids:
            st.session_state["nav_journey"] = page.journey_id
        else:
            st.session_state.pop("nav_journey", None)
        journey.selectbox(_t("journey", lang), ids, key="nav_journey", index=None,
                          format_func=lambda i: titles.get(i, i), on_change=_set_journey,
                          placeholder=_t("pick_journey", lang), label_visibility="collapsed")
        language.segmented_control(_t("language", lang), ["de", "en"], key="ui_lang",
                                   format_func={"de": "DE", "en": "EN"}.get,
                                   on_change=_set_lang, required=True,
                                   label_visibility="collapsed")
        mode.toggle(_t("workshop", lang), key="nav_workshop", on_change=_set_workshop,
                    help=_t("workshop_help", lang))


def main() -> None:
    """One run of the app."""
    if participant.requested():  # a phone in the room: its voting page and nothing else
        participant.main()
        return
    workshop = session.workshop_mode()
    # an emoji icon is drawn in the browser; a :material/…: icon is fetched from Google
    st.set_page_config(page_title="Barrier Journeys", page_icon="🧭",
                       layout="wide", initial_sidebar_state="collapsed")
    _follow_url()
    lang = session.ui_language()
    if not access.admitted(lang):  # a room's tab without the key sees nothing else
        return
    try:
        workspace = session.workspace()
    except JourneyError as error:
        widgets.show_error(error)
        return
    page = session.Page(workspace, lang, session.open_journey_id(), workshop)
    st.html(WORKSHOP_CSS if workshop else BASE_CSS)
    _top_bar(lang, page)
    workspace_notice.show(workspace, lang)
    _unknown_params(lang)
    try:
        PAGES[session.current_view()](page)
    except JourneyError as error:  # e.g. the workspace file became unreadable
        widgets.show_error(error)
