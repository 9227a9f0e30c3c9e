"""Quick forms of the map editor: a barrier on the selected step, a new step, a new connection,
the selected step's fields and the journey's details — a few clicks each, for the workshop."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from journeys.exchange import unique_slug
from journeys.formats import to_document
from journeys.i18n import translate
from journeys.store import StoredJourney
from journeys.ui import editing, session, widgets
from journeys.ui.names import CHANNELS, KINDS, OUTCOMES, TRANSFERS, Names
from models import JourneyError, parse_journey
from models.journey import LABEL_LIMIT, TEXT_LIMIT

TEXT = {
    "en": {
        "tab_barrier": "Add a barrier", "tab_step": "Add a step", "tab_connect": "Connect steps",
        "tab_edit": "Edit the step", "tab_details": "Journey details",
        "barrier_on": "Barrier on **{step}**", "category": "Category", "severity": "Severity",
        "severity_help": "1 = minor … 5 = blocks the journey",
        "description": "What is the barrier?", "affected": "Share affected (0–1) or count",
        "votes": "Votes (dot voting)", "add_barrier": "Add barrier",
        "label": "Label", "stage": "Stage", "actor": "Actor (resource level)",
        "channel": "Channel", "outcome": "Outcome",
        "connect_from": "Connect from the selected step (“{step}”)", "add_step": "Add step",
        "from": "From", "to": "To", "kind": "Kind", "data_transfer": "Data transfer",
        "add_transition": "Connect",
        "save_step": "Save step", "delete_step": "Delete this step",
        "title": "Title", "region": "Region", "owner": "Owner", "persona": "Persona",
        "goal": "Goal", "tags": "Tags (comma-separated)", "save_details": "Save details",
        "added_barrier": "Barrier “{barrier}” added to “{step}”.",
        "added_step": "Step “{step}” added.",
        "connected": "Connected “{source}” → “{target}”.", "saved_step": "Step saved.",
        "deleted_step": "Step “{step}” deleted with its connections.",
        "saved_details": "Details saved.",
        "paused": "Fix the marked table rows first: the quick forms work on the saved journey.",
        "no_label": "Give the step a label.",
        "saved_as": "{message} Revision {revision}.",
    },
    "de": {
        "tab_barrier": "Barriere hinzufügen", "tab_step": "Schritt hinzufügen",
        "tab_connect": "Schritte verbinden", "tab_edit": "Schritt bearbeiten",
        "tab_details": "Angaben zur Nutzerreise",
        "barrier_on": "Barriere bei **{step}**", "category": "Kategorie",
        "severity": "Schwere", "severity_help": "1 = gering … 5 = blockiert die Reise",
        "description": "Was ist die Barriere?", "affected": "Anteil betroffen (0–1) oder Anzahl",
        "votes": "Punkte (Punktabfrage)", "add_barrier": "Barriere hinzufügen",
        "label": "Bezeichnung", "stage": "Phase", "actor": "Akteur (Ressourcenebene)",
        "channel": "Kanal", "outcome": "Ergebnis",
        "connect_from": "Vom ausgewählten Schritt („{step}“) aus verbinden",
        "add_step": "Schritt hinzufügen",
        "from": "Von", "to": "Nach", "kind": "Art", "data_transfer": "Datenweitergabe",
        "add_transition": "Verbinden",
        "save_step": "Schritt speichern", "delete_step": "Diesen Schritt löschen",
        "title": "Titel", "region": "Region", "owner": "Verantwortlich", "persona": "Persona",
        "goal": "Ziel", "tags": "Schlagwörter (mit Komma getrennt)",
        "save_details": "Angaben speichern",
        "added_barrier": "Barriere „{barrier}“ bei „{step}“ hinzugefügt.",
        "added_step": "Schritt „{step}“ hinzugefügt.",
        "connected": "„{source}“ → „{target}“ verbunden.", "saved_step": "Schritt gespeichert.",
        "deleted_step": "Schritt „{step}“ mit seinen Verbindungen gelöscht.",
        "saved_details": "Angaben gespeichert.",
        "paused": "Korrigieren Sie zuerst die markierten Tabellenzeilen: Die Schnellformulare "
                  "arbeiten auf der gespeicherten Nutzerreise.",
        "no_label": "Geben Sie dem Schritt eine Bezeichnung.",
        "saved_as": "{message} Revision {revision}.",
    },
}

def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _changed(page: session.Page, stored: StoredJourney, change: Callable[[dict], None],
             message: str, clear: tuple[str, ...] = ()) -> bool:
    """Apply ``change`` to the document of ``stored`` (the revision the form showed),
    validate, and save it on the newest revision (another tab's edits are merged in). Only
    a save that happened says so (with its revision) and clears the form's ``clear`` fields:
    a rejected form keeps what was typed."""
    document = to_document(stored.journey, "json")
    change(document)
    st.session_state.pop("form_problem", None)
    try:
        journey = parse_journey(document)
    except JourneyError as error:
        st.session_state["form_problem"] = _plain(error, page.lang)
        return False
    saved = editing.save(page.workspace, stored, journey, note=message)
    if saved is None:
        return False
    session.flash("success", _t("saved_as", page.lang, message=message,
                                revision=saved.revision))
    for key in clear:
        st.session_state[key] = "" if isinstance(st.session_state.get(key), str) else None
    return True


def _plain(error: JourneyError, lang: str) -> list[str]:
    """The problems in the form's words: "Share affected (0–1) or count: must be …", not a
    path into the file (``steps[5].barriers[1].affected``)."""
    lines = []
    for problem in error.problems:
        field = problem.location.rsplit(".", 1)[-1] if problem.location else ""
        known = field in TEXT["en"] and not field.endswith("]")
        text = f"{_t(field, lang)}: {problem.message}" if known else problem.message
        lines.append(f"{text} — {problem.hint}" if problem.hint else text)
    return lines


def _value(key: str) -> object:
    value = st.session_state.get(key)
    return value.strip() or None if isinstance(value, str) else value


def _add_barrier(page: session.Page, stored: StoredJourney, step_id: str) -> None:
    barrier = {"category": _value("fb_category"), "severity": _value("fb_severity"),
               "description": _value("fb_description"), "affected": _value("fb_affected"),
               "votes": _value("fb_votes")}
    barrier = {k: v for k, v in barrier.items() if v not in (None, 0) or k == "severity"}

    def change(document: dict) -> None:
        step = next(s for s in document["steps"] if s["id"] == step_id)
        step.setdefault("barriers", []).append(barrier)

    label = stored.journey.steps_by_id[step_id].label
    names = Names(stored.journey, page.lang)
    _changed(page, stored, change, _t("added_barrier", page.lang, step=label,
                                      barrier=barrier.get("description")
                                      or names.category(barrier["category"])),
             clear=("fb_description", "fb_affected", "fb_votes"))


def _add_step(page: session.Page, stored: StoredJourney, selected: str | None) -> None:
    label = _value("fs_label")
    if not label:
        session.flash("warning", _t("no_label", page.lang))
        return
    step_id = unique_slug(str(label), set(stored.journey.steps_by_id), "step")
    step = {"id": step_id, "label": label, "stage": _value("fs_stage"),
            "actor": _value("fs_actor"), "channel": _value("fs_channel"),
            "outcome": _value("fs_outcome")}
    step = {k: v for k, v in step.items() if v is not None}
    connect = selected if st.session_state.get("fs_connect") else None

    def change(document: dict) -> None:
        document["steps"].append(step)
        if connect:
            document.setdefault("transitions", []).append({"from": connect, "to": step_id})

    if _changed(page, stored, change, _t("added_step", page.lang, step=label),
                clear=("fs_label",)):
        st.session_state["step_pick"] = step_id


def _connect(page: session.Page, stored: StoredJourney) -> None:
    source, target, kind = _value("fc_from"), _value("fc_to"), _value("fc_kind")
    transfer = _value("fc_transfer")
    transition = {"from": source, "to": target}
    if kind != "next":
        transition["kind"] = kind
    if transfer:
        transition["data_transfer"] = transfer

    def change(document: dict) -> None:
        document.setdefault("transitions", []).append(transition)

    steps = stored.journey.steps_by_id
    _changed(page, stored, change, _t("connected", page.lang, source=steps[source].label,
                                      target=steps[target].label))


def _save_step(page: session.Page, stored: StoredJourney, step_id: str) -> None:
    tag = f"-{step_id}-{stored.revision}"
    fields = {name: _value(f"fe_{name}{tag}")
              for name in ("label", "stage", "actor", "channel", "outcome")}

    def change(document: dict) -> None:
        step = next(s for s in document["steps"] if s["id"] == step_id)
        for name, value in fields.items():
            if value is None:
                step.pop(name, None)
            else:
                step[name] = value

    _changed(page, stored, change, _t("saved_step", page.lang))


def _delete_step(page: session.Page, stored: StoredJourney, step_id: str) -> None:
    def change(document: dict) -> None:
        document["steps"] = [s for s in document["steps"] if s["id"] != step_id]
        if "transitions" in document:
            document["transitions"] = [t for t in document["transitions"]
                                       if step_id not in (t["from"], t["to"])]

    label = stored.journey.steps_by_id[step_id].label
    _changed(page, stored, change, _t("deleted_step", page.lang, step=label))


def _save_details(page: session.Page, stored: StoredJourney) -> None:
    tag = f"-{stored.revision}"
    tags = [t.strip() for t in str(_value(f"fd_tags{tag}") or "").split(",") if t.strip()]
    fields = {name: _value(f"fd_{name}{tag}")
              for name in ("title", "region", "owner", "persona", "goal")}
    fields["tags"] = tags or None

    def change(document: dict) -> None:
        for name, value in fields.items():
            if value is None:
                document.pop(name, None)
            else:
                document[name] = value

    _changed(page, stored, change, _t("saved_details", page.lang))


# -- layout ------------------------------------------------------------------------------------
FORMS = ("tab_barrier", "tab_step", "tab_connect", "tab_edit", "tab_details")


def quick_forms(page: session.Page, stored: StoredJourney, selected: str | None,
                paused: bool) -> None:
    """The quick forms in tabs (only the open one is drawn); ``paused`` while table rows wait
    for a fix."""
    lang = page.lang
    if paused:
        st.warning(_t("paused", lang))
    names = Names(stored.journey, lang)
    tabs = st.tabs([_t(k, lang) for k in FORMS], key="quick-form", on_change="rerun")
    draw = (_barrier_form, _new_step_form, _connect_form, _step_form, _details_form)
    for tab, form in zip(tabs, draw, strict=True):
        if tab.open:
            with tab:
                form(page, stored, selected, paused, names)
                problems = st.session_state.get("form_problem")
                if problems:  # beside the form that was rejected; what was typed is kept
                    st.error("\n".join(f"- {widgets.escape(line)}" for line in problems))


def _barrier_form(page: session.Page, stored: StoredJourney, selected: str | None,
                  paused: bool, names: Names) -> None:
    lang, journey = page.lang, stored.journey
    with st.form("form-barrier", border=False):
        if selected:
            st.markdown(widgets.md(TEXT, "barrier_on", lang, step=names.step(selected)))
        left, right = st.columns([2, 1])
        left.selectbox(_t("category", lang), journey.known_categories(), key="fb_category",
                       format_func=names.category)
        right.select_slider(_t("severity", lang), [1, 2, 3, 4, 5], value=3, key="fb_severity",
                            help=_t("severity_help", lang))
        st.text_input(_t("description", lang), key="fb_description", max_chars=TEXT_LIMIT)
        left, right = st.columns(2)
        # no min_value: a wrong number is refused with a message, never silently ignored
        left.number_input(_t("affected", lang), value=None, step=0.1, key="fb_affected")
        right.number_input(_t("votes", lang), value=None, step=1, key="fb_votes")
        st.form_submit_button(_t("add_barrier", lang), type="primary",
                              disabled=paused or not selected, on_click=_add_barrier,
                              args=(page, stored, selected))


def _new_step_form(page: session.Page, stored: StoredJourney, selected: str | None,
                   paused: bool, names: Names) -> None:
    lang, journey = page.lang, stored.journey
    with st.form("form-step", border=False):
        st.text_input(_t("label", lang), key="fs_label", max_chars=LABEL_LIMIT)
        left, middle, right = st.columns(3)
        left.selectbox(_t("stage", lang), [s.id for s in journey.stages], key="fs_stage",
                       format_func=names.stage)
        middle.selectbox(_t("actor", lang), [a.id for a in journey.actors], key="fs_actor",
                         format_func=names.actor)
        right.selectbox(_t("outcome", lang), [None, *OUTCOMES], key="fs_outcome",
                        format_func=names.word)
        st.selectbox(_t("channel", lang), [None, *CHANNELS], key="fs_channel",
                     format_func=names.word)
        st.checkbox(widgets.md(TEXT, "connect_from", lang,
                               step=names.step(selected) if selected else "—"),
                    value=True, key="fs_connect", disabled=not selected)
        st.form_submit_button(_t("add_step", lang), type="primary", disabled=paused,
                              on_click=_add_step, args=(page, stored, selected))


def _connect_form(page: session.Page, stored: StoredJourney, selected: str | None,
                  paused: bool, names: Names) -> None:
    lang = page.lang
    steps = [s.id for s in stored.journey.steps]
    with st.form("form-connect", clear_on_submit=True, border=False):
        left, middle, right = st.columns(3)
        left.selectbox(_t("from", lang), steps, key="fc_from", format_func=names.step,
                       index=steps.index(selected) if selected in steps else 0)
        middle.selectbox(_t("to", lang), steps, key="fc_to", format_func=names.step)
        right.selectbox(_t("kind", lang), KINDS, key="fc_kind", format_func=names.word)
        st.selectbox(_t("data_transfer", lang), [None, *TRANSFERS], key="fc_transfer",
                     format_func=names.word)
        st.form_submit_button(_t("add_transition", lang), type="primary", disabled=paused,
                              on_click=_connect, args=(page, stored))


def _step_form(page: session.Page, stored: StoredJourney, selected: str | None, paused: bool,
               names: Names) -> None:
    if not selected:
        return
    lang, journey = page.lang, stored.journey
    step = journey.steps_by_id[selected]
    tag = f"-{selected}-{stored.revision}"
    with st.form(f"form-edit{tag}", border=False):
        st.text_input(_t("label", lang), value=step.label, key=f"fe_label{tag}",
                      max_chars=LABEL_LIMIT)
        left, middle, right = st.columns(3)
        stages, actors = [s.id for s in journey.stages], [a.id for a in journey.actors]
        left.selectbox(_t("stage", lang), stages, index=stages.index(step.stage),
                       key=f"fe_stage{tag}", format_func=names.stage)
        middle.selectbox(_t("actor", lang), actors, index=actors.index(step.actor),
                         key=f"fe_actor{tag}", format_func=names.actor)
        outcomes = [None, *OUTCOMES]
        right.selectbox(_t("outcome", lang), outcomes, index=outcomes.index(step.outcome),
                        key=f"fe_outcome{tag}", format_func=names.word)
        channels = [None, *CHANNELS]
        st.selectbox(_t("channel", lang), channels, index=channels.index(step.channel),
                     key=f"fe_channel{tag}", format_func=names.word)
        st.form_submit_button(_t("save_step", lang), type="primary", disabled=paused,
                              on_click=_save_step, args=(page, stored, selected))
    st.button(_t("delete_step", lang), key=f"delete-step-{selected}", disabled=paused,
              icon=":material/delete:", on_click=_delete_step, args=(page, stored, selected))


def _details_form(page: session.Page, stored: StoredJourney, selected: str | None,
                  paused: bool, names: Names) -> None:
    lang, journey = page.lang, stored.journey
    tag = f"-{stored.revision}"
    with st.form(f"form-details{tag}", border=False):
        st.text_input(_t("title", lang), value=journey.title, key=f"fd_title{tag}",
                      max_chars=LABEL_LIMIT)
        left, right = st.columns(2)
        left.text_input(_t("region", lang), value=journey.region or "", key=f"fd_region{tag}",
                        max_chars=LABEL_LIMIT)
        right.text_input(_t("owner", lang), value=journey.owner or "", key=f"fd_owner{tag}",
                         max_chars=LABEL_LIMIT)
        st.text_area(_t("persona", lang), value=journey.persona or "", key=f"fd_persona{tag}",
                     height=80, max_chars=TEXT_LIMIT)
        st.text_input(_t("goal", lang), value=journey.goal or "", key=f"fd_goal{tag}",
                      max_chars=TEXT_LIMIT)
        st.text_input(_t("tags", lang), value=", ".join(journey.tags), key=f"fd_tags{tag}")
        st.form_submit_button(_t("save_details", lang), disabled=paused,
                              on_click=_save_details, args=(page, stored))
