"""The quick-entry line above the map: type a step with its barriers and press Enter
(``journeys.quick_entry`` reads the line; this module only lays it out and saves).

Two interactions for a step with a barrier, connected from the selected step: type, Enter.
The new step becomes the selected one, so the next line continues the route; actor and stage
are remembered. A line that cannot be read stays in the field, with the reason under it.
"""

from __future__ import annotations

import streamlit as st

from journeys.i18n import translate
from journeys.quick_entry import EntryError, apply_entry, legend, parse_entry
from journeys.store import StoredJourney
from journeys.ui import editing, session, widgets
from journeys.ui.names import Names
from models import JourneyError, parse_journey

TEXT = {
    "en": {
        "label": "Quick entry: a step with its barriers in one line — Enter adds it",
        "placeholder": "Asks the neighbour @actor #stage !trust 4 afraid to be a burden "
                       "~alternative",
        "add": "Add",
        "help": "The words first, then marks: **@** actor (`@+Name 2` adds one on level 2), "
                "**#** stage (`#+Name` adds one), **!** barrier: category, severity 1–5, "
                "description (several `!` make several), **~** connection from the selected "
                "step: kind and data transfer (`~handoff paper`; `~-` unconnected), **=** "
                "outcome or channel (`=goal`, `=phone`), **>** an existing step it leads on to. "
                "A line that starts with `!` adds barriers to the selected step; one that "
                "starts with `>` connects the selected step to another. Names may be "
                "shortened and written without umlauts.",
        "from": "From “{step}”", "unconnected": "No step selected: the step is added unconnected",
        "legend": "@ {actors} · # {stages} · ! {categories}",
        "added": "Step “{step}” added.", "barriers": "{count:barrier|barriers} added to “{step}”.",
        "problem": "Not added — {message}",
        "connected": "Connected “{source}” → “{target}”.",
    },
    "de": {
        "label": "Schnelleingabe: ein Schritt mit seinen Barrieren in einer Zeile — Enter "
                 "fügt ihn hinzu",
        "placeholder": "Fragt die Nachbarin @akteur #phase !vertrauen 4 will nicht zur Last "
                       "fallen ~alternative",
        "add": "Hinzufügen",
        "help": "Zuerst die Worte, dann Zeichen: **@** Akteur (`@+Name 2` legt einen auf Ebene "
                "2 an), **#** Phase (`#+Name` legt eine an), **!** Barriere: Kategorie, Schwere "
                "1–5, Beschreibung (mehrere `!` für mehrere), **~** Verbindung vom "
                "ausgewählten Schritt: Art und Datenweitergabe (`~Übergabe Papier`; `~-` ohne "
                "Verbindung), **=** Ergebnis oder Kanal (`=Ziel`, `=Telefon`), **>** ein "
                "vorhandener Schritt, zu dem es weitergeht. Eine Zeile, die mit `!` beginnt, "
                "fügt dem ausgewählten Schritt Barrieren hinzu; eine mit `>` verbindet ihn mit "
                "einem anderen. Namen dürfen abgekürzt und ohne Umlaute geschrieben werden.",
        "from": "Von „{step}“", "unconnected": "Kein Schritt ausgewählt: Der Schritt kommt "
                                               "ohne Verbindung hinzu",
        "legend": "@ {actors} · # {stages} · ! {categories}",
        "added": "Schritt „{step}“ hinzugefügt.",
        "barriers": "{count:Barriere|Barrieren} bei „{step}“ hinzugefügt.",
        "problem": "Nicht hinzugefügt — {message}",
        "connected": "„{source}“ → „{target}“ verbunden.",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _submit(page: session.Page, stored: StoredJourney, selected: str | None) -> None:
    """Read the line, add it on the revision the page showed, save on the newest one."""
    state = st.session_state
    text = (state.get("ql_text") or "").strip()
    state.pop("ql_problem", None)
    if not text:
        return
    try:
        entry = parse_entry(text, stored.journey)
        document, step_id = apply_entry(stored.journey, entry, selected=selected,
                                        actor=state.get("ql_actor"), stage=state.get("ql_stage"))
        journey = parse_journey(document)
    except JourneyError as error:
        state["ql_problem"] = "; ".join(
            str(p) if isinstance(error, EntryError) else p.message + (
                f" — {p.hint}" if p.hint else "") for p in error.problems)
        return
    step = journey.steps_by_id[step_id]
    if entry.label is not None:
        message = _t("added", page.lang, step=step.label)
    elif entry.barriers:
        message = _t("barriers", page.lang, count=len(entry.barriers), step=step.label)
    else:
        message = _t("connected", page.lang, source=step.label, target=" · ".join(
            journey.steps_by_id[t].label for t in entry.targets))
    saved = editing.save(page.workspace, stored, journey, note=message)
    if saved is None:
        return
    session.flash("success", f"{message} Revision {saved.revision}.")
    state["ql_text"] = ""
    state["ql_actor"], state["ql_stage"] = step.actor, step.stage
    state["step_pick"] = step_id


COMPACT_HEIGHT = 61
"""Px the line takes on the projector (no label, no list of names: 45) and the gap under it
(16): the map leaves room."""


def quick_line(page: session.Page, stored: StoredJourney, selected: str | None,
               paused: bool, *, compact: bool = False) -> None:
    """The line, its Add button (Enter works too) and what the marks accept; ``compact`` on
    the projector: the line alone (the marks are in its help), so the map keeps the screen."""
    lang, journey = page.lang, stored.journey
    names = Names(journey, lang)
    with st.form("quick-line", border=False, enter_to_submit=True):
        line, button = st.columns([8, 1], vertical_alignment="bottom")
        line.text_input(_t("label", lang), key="ql_text", placeholder=_t("placeholder", lang),
                        help=_t("help", lang), autocomplete="off",
                        label_visibility="collapsed" if compact else "visible")
        button.form_submit_button(_t("add", lang), type="primary", disabled=paused,
                                  on_click=_submit, args=(page, stored, selected),
                                  width="stretch")
    problem = st.session_state.get("ql_problem")
    if problem:
        st.error(widgets.md(TEXT, "problem", lang, message=problem))
    if compact:
        return
    marks = legend(journey, lang)
    where = widgets.md(TEXT, "from", lang, step=names.step(selected)) if selected \
        else _t("unconnected", lang)
    st.caption(where + " · " + widgets.md(
        TEXT, "legend", lang, actors=", ".join(marks["@"]), stages=", ".join(marks["#"]),
        categories=", ".join(c.split(" ")[0] for c in marks["!"])))
