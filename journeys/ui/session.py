"""What one browser tab knows: workspace, language, the open journey and view, its revision.

The URL (``st.query_params``) holds what a reload must bring back: ``journey``, ``view``,
``lang`` and ``mode=workshop``. ``st.session_state`` holds what belongs to this tab only: the
revision each journey was at when this tab last saw or saved it (``base``), so that a save
from a stale tab is a ``Conflict`` and never overwrites another tab's edit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from journeys.i18n import LANGUAGES, language
from journeys.store import StoredJourney, Workspace, default_workspace_path

VIEWS = ("library", "map", "bottlenecks", "compare", "interview")
SAMPLES = Path(__file__).resolve().parents[2] / "sample_journeys"
"""The sample journeys that seed a new workspace (present in a source checkout)."""


@st.cache_resource(show_spinner=False)
def _open_workspace(path: str) -> Workspace:
    workspace = Workspace(path)
    if SAMPLES.is_dir():
        workspace.seed_from(SAMPLES)
    return workspace


def workspace() -> Workspace:
    """The workspace of ``BARRIER_JOURNEYS_WORKSPACE`` (or the default path), opened once per
    server process and seeded with the samples when it is new."""
    return _open_workspace(str(default_workspace_path()))


def browser_language() -> str:
    """``de`` or ``en`` from the browser's locale, else from its Accept-Language header
    (looked up once per tab)."""
    if "browser_lang" not in st.session_state:
        st.session_state["browser_lang"] = _browser_language()
    return st.session_state["browser_lang"]


def _browser_language() -> str:
    locale = getattr(st.context, "locale", None)
    if locale:
        return language(locale)
    header = st.context.headers.get("Accept-Language") or ""
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return "en"


def _param(name: str) -> str | None:
    value = st.query_params.get(name)
    return value or None


def set_param(name: str, value: str | None) -> None:
    """Put ``name=value`` into the URL (remove it for None), writing only on change."""
    if value is None:
        if name in st.query_params:
            del st.query_params[name]
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def ui_language() -> str:
    """The tab's UI language: the URL's ``lang``, else the browser's language."""
    chosen = _param("lang")
    return chosen if chosen in LANGUAGES else browser_language()


def current_view() -> str:
    view = _param("view")
    return view if view in VIEWS else "library"


def open_journey_id() -> str | None:
    return _param("journey")


def workshop_mode() -> bool:
    return _param("mode") == "workshop"


def open_journey(journey_id: str | None, view: str | None = None) -> None:
    """Make ``journey_id`` the open journey (and switch to ``view``); for button callbacks."""
    set_param("journey", journey_id)
    if view:
        set_param("view", view)


@dataclass(frozen=True)
class Page:
    """What every page gets: the workspace, the UI language and the tab's mode."""

    workspace: Workspace
    lang: str
    journey_id: str | None
    workshop: bool


# -- the revision this tab builds on --------------------------------------------------------
def base_revision(stored: StoredJourney) -> int:
    """The revision this tab last saw of ``stored``'s journey (the current one on first sight)."""
    bases = st.session_state.setdefault("base", {})
    return bases.setdefault(stored.id, stored.revision)


def set_base(journey_id: str, revision: int) -> None:
    st.session_state.setdefault("base", {})[journey_id] = revision


def forget_base(journey_id: str) -> None:
    st.session_state.setdefault("base", {}).pop(journey_id, None)


# -- messages that outlive the callback that raised them -------------------------------------
def flash(kind: str, text: str) -> None:
    """Show ``text`` once on the next render (``kind``: success, info, warning, error)."""
    st.session_state.setdefault("flash", []).append((kind, text))


def show_flashes() -> None:
    """The held messages, as plain text (they quote what users typed: never Markdown)."""
    from journeys.ui.widgets import escape

    for kind, text in st.session_state.pop("flash", []):
        getattr(st, kind)(escape(text))
