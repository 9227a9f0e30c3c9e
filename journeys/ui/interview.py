"""Interview view: record one household's path through the open journey — the steps it took
in order (one click each), the barriers it met, dates or waiting days, the outcome — and see
the counts of all recorded households (small counts hidden); put them on the map as a new
revision. Households are kept in the workspace under a pseudonym (``journeys.evidence``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from journeys.evidence.apply import EvidenceConflict, apply_evidence
from journeys.evidence.casebook import CaseBook
from journeys.evidence.cases import Case, CaseEvent
from journeys.evidence.pipeline import evidence_from_cases
from journeys.evidence.privacy import HIDDEN
from journeys.evidence.report import EvidenceReport
from journeys.i18n import number, translate
from journeys.register import barrier_register
from journeys.store import StoredJourney
from journeys.ui import editing, session, widgets
from models import Journey, JourneyError

TEXT = {
    "en": {
        "title": "Interview: {title}", "pick": "Open a journey from the library first.",
        "record": "Record a household",
        "household": "Household id", "household_help": "Any id you use for the household "
        "(file number, initials). Only a pseudonym of it is stored.",
        "region": "Region",
        "click": "Click the steps in the order the household took them.",
        "path": "Its path", "empty": "No step yet.",
        "date": "Date", "wait": "Days waited", "met": "Barriers met",
        "undo": "Remove the last step",
        "outcome": "Outcome", "goal": "reached the goal", "dropout": "gave up",
        "ongoing": "still on its way",
        "save": "Save household", "saved": "Household saved ({steps:step|steps}).",
        "need_id": "Enter a household id first.", "need_steps": "Click at least one step.",
        "recorded": "Counts from {cases:household|households}",
        "none": "No household recorded yet.",
        "step": "Step", "reached": "Reached", "dropped": "Dropped out after",
        "median": "Median days waited",
        "hidden_note": "Counts below {k} show as “< {k}”; “hidden” marks a count hidden so "
                       "that they cannot be worked out.",
        "overwrite": "Replace hand-typed numbers that differ",
        "apply": "Put the counts on the map",
        "applied": "The map now shows the counts ({n} numbers set).",
        "differs": "Hand-typed numbers differ from the households: {changes}. Tick “Replace "
                   "hand-typed numbers” to replace them.",
    },
    "de": {
        "title": "Interview: {title}",
        "pick": "Öffnen Sie zuerst eine Nutzerreise aus der Bibliothek.",
        "record": "Haushalt erfassen",
        "household": "Haushalts-Kennung", "household_help": "Eine beliebige Kennung für den "
        "Haushalt (Aktenzeichen, Kürzel). Gespeichert wird nur ein Pseudonym davon.",
        "region": "Region",
        "click": "Klicken Sie die Schritte in der Reihenfolge an, in der der Haushalt sie ging.",
        "path": "Sein Weg", "empty": "Noch kein Schritt.",
        "date": "Datum", "wait": "Wartetage", "met": "Getroffene Barrieren",
        "undo": "Letzten Schritt entfernen",
        "outcome": "Ausgang", "goal": "Ziel erreicht", "dropout": "aufgegeben",
        "ongoing": "noch unterwegs",
        "save": "Haushalt speichern", "saved": "Haushalt gespeichert ({steps:Schritt|Schritte}).",
        "need_id": "Geben Sie zuerst eine Haushalts-Kennung ein.",
        "need_steps": "Klicken Sie mindestens einen Schritt an.",
        "recorded": "Zahlen aus {cases:Haushalt|Haushalten}",
        "none": "Noch kein Haushalt erfasst.",
        "step": "Schritt", "reached": "Erreicht", "dropped": "Danach ausgestiegen",
        "median": "Median Wartetage",
        "hidden_note": "Zahlen unter {k} stehen als „< {k}“; „verdeckt“ steht für eine Zahl, "
                       "die verdeckt ist, damit sie sich nicht zurückrechnen lassen.",
        "overwrite": "Von Hand eingetragene, abweichende Zahlen ersetzen",
        "apply": "Zahlen in die Karte übernehmen",
        "applied": "Die Karte zeigt jetzt die Zahlen ({n} Zahlen gesetzt).",
        "differs": "Von Hand eingetragene Zahlen weichen von den Haushalten ab: {changes}. "
                   "Kreuzen Sie „abweichende Zahlen ersetzen“ an, um sie zu ersetzen.",
    },
}
OUTCOMES = ("goal", "dropout", "ongoing")
SEGMENT = "region"
HIDDEN_WORD = {"en": "hidden", "de": "verdeckt"}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


@st.cache_resource(show_spinner=False)
def _book(path: str) -> CaseBook:
    """The workspace's household records, opened once per server process."""
    return CaseBook(path)


@st.cache_resource(max_entries=50, show_spinner=False)
def _report(journey_id: str, revision: int, cases: tuple[str, ...], _journey: Journey,
            _cases: list[Case]) -> EvidenceReport:
    """The counts, once per revision and set of households (every click reruns the page)."""
    return evidence_from_cases(_cases, _journey, SEGMENT).report


def _counted(stored: StoredJourney, cases: list[Case]) -> EvidenceReport:
    return _report(stored.id, stored.revision, tuple(c.model_dump_json() for c in cases),
                   stored.journey, cases)


def _prefix(journey_id: str) -> str:
    return f"iv-{journey_id}"


def _path(journey_id: str) -> list[str]:
    return st.session_state.setdefault(f"{_prefix(journey_id)}-path", [])


def _follow_outcome(journey: Journey) -> None:
    """The outcome the last step suggests: a goal or a dropout step, else still on its way
    (the user can change it before saving)."""
    path = _path(journey.id)
    outcome = journey.steps_by_id[path[-1]].outcome if path else None
    st.session_state[f"{_prefix(journey.id)}-outcome"] = outcome or "ongoing"


def _add(journey: Journey, step_id: str) -> None:
    _path(journey.id).append(step_id)
    _follow_outcome(journey)


def _remove_last(journey: Journey) -> None:
    path = _path(journey.id)
    if path:
        prefix = f"{_prefix(journey.id)}-{len(path) - 1}"
        for name in ("date", "wait", "met"):
            st.session_state.pop(f"{prefix}-{name}", None)
        path.pop()
    _follow_outcome(journey)


def _save(book: CaseBook, journey: Journey, lang: str) -> None:
    """Store the household being recorded and clear the form for the next one."""
    state = st.session_state
    prefix = _prefix(journey.id)
    path = _path(journey.id)
    given = (state.get(f"{prefix}-household") or "").strip()
    if not given or not path:
        session.flash("warning", _t("need_id" if not given else "need_steps", lang))
        return
    events = [CaseEvent(step=step, date=state.get(f"{prefix}-{i}-date"),
                        wait_days=state.get(f"{prefix}-{i}-wait"),
                        barriers=list(state.get(f"{prefix}-{i}-met") or []))
              for i, step in enumerate(path)]
    region = (state.get(f"{prefix}-region") or "").strip()
    book.save(Case(id=book.pseudonym(given), journey=journey.id, events=events,
                   outcome=state.get(f"{prefix}-outcome") or "ongoing",
                   attributes={SEGMENT: region} if region else {}))
    for i in range(len(path)):
        for name in ("date", "wait", "met"):
            state.pop(f"{prefix}-{i}-{name}", None)
    for name in ("household", "outcome"):
        state.pop(f"{prefix}-{name}", None)
    path.clear()
    session.flash("success", _t("saved", lang, steps=len(events)))


def _apply(page: session.Page, stored: StoredJourney, cases: list[Case]) -> None:
    """The counts into the journey as a new revision (hand-typed numbers only when told)."""
    lang = page.lang
    report = _counted(stored, cases)
    overwrite = bool(st.session_state.get(f"{_prefix(stored.id)}-overwrite"))
    try:
        journey, changes = apply_evidence(stored.journey, report, overwrite=overwrite)
    except EvidenceConflict as conflict:
        listed = "; ".join(f"{c.where}: {c.before} → {c.after}"
                           for c in conflict.changes if c.conflict)
        session.flash("warning", _t("differs", lang, changes=listed))
        return
    if editing.save(page.workspace, stored, journey, note="evidence") is not None:
        session.flash("success", _t("applied", lang, n=len(changes)))


def _recorder(journey: Journey, book: CaseBook, lang: str) -> None:
    prefix = _prefix(journey.id)
    st.subheader(_t("record", lang))
    first, second = st.columns(2)
    first.text_input(_t("household", lang), key=f"{prefix}-household",
                     help=_t("household_help", lang))
    second.text_input(_t("region", lang), key=f"{prefix}-region", value=journey.region or "")
    st.caption(_t("click", lang))
    columns = st.columns(4)
    for index, step in enumerate(journey.steps):
        columns[index % 4].button(step.label, key=f"{prefix}-add-{step.id}", on_click=_add,
                                  args=(journey, step.id), width="stretch")
    st.markdown(f"**{_t('path', lang)}**")
    path = _path(journey.id)
    if not path:
        st.caption(_t("empty", lang))
    placed = barrier_register(journey)
    for index, step_id in enumerate(path):
        step = journey.steps_by_id[step_id]
        here = {p.ref: f"{journey.category(p.barrier.category).label(lang)}"
                       + (f" – {p.barrier.description[:60]}" if p.barrier.description else "")
                for p in placed if p.step == step_id}
        label, date, wait, met = st.columns([2.2, 1.2, 1, 2.6], vertical_alignment="bottom")
        label.markdown(f"{index + 1}. {widgets.escape(step.label)}")
        date.date_input(_t("date", lang), value=None, key=f"{prefix}-{index}-date",
                        format="DD.MM.YYYY" if lang == "de" else "YYYY-MM-DD")
        wait.number_input(_t("wait", lang), min_value=0.0, value=None, step=1.0,
                          key=f"{prefix}-{index}-wait")
        met.multiselect(_t("met", lang), list(here), format_func=here.get,
                        key=f"{prefix}-{index}-met", disabled=not here)
    if path:
        st.button(_t("undo", lang), key=f"{prefix}-undo", on_click=_remove_last,
                  args=(journey,))
    st.session_state.setdefault(f"{prefix}-outcome", "ongoing")
    st.radio(_t("outcome", lang), OUTCOMES, horizontal=True, key=f"{prefix}-outcome",
             format_func=lambda o: _t(o, lang))
    st.button(_t("save", lang), key=f"{prefix}-save", type="primary", on_click=_save,
              args=(book, journey, lang))


def _shown(value: int | str, lang: str) -> str:
    return HIDDEN_WORD[lang] if value == HIDDEN else str(value)


def _counts(page: session.Page, stored: StoredJourney, cases: list[Case]) -> None:
    lang, journey = page.lang, stored.journey
    st.subheader(_t("recorded", lang, cases=len(cases)))
    if not cases:
        st.info(_t("none", lang))
        return
    report = _counted(stored, cases)
    st.caption(report.source)
    table = pd.DataFrame([
        {_t("step", lang): journey.steps_by_id[step].label,
         _t("reached", lang): _shown(found.reached, lang),
         _t("dropped", lang): _shown(found.dropped, lang),
         _t("median", lang): number(found.wait_days.median, lang)
         if found.wait_days.median is not None else "–"}
        for step, found in report.steps.items()])
    st.dataframe(table, hide_index=True, key=f"{_prefix(journey.id)}-counts")
    if report.suppressed:
        st.caption(_t("hidden_note", lang, k=report.min_count))
    st.checkbox(_t("overwrite", lang), key=f"{_prefix(journey.id)}-overwrite")
    st.button(_t("apply", lang), key=f"{_prefix(journey.id)}-apply", on_click=_apply,
              args=(page, stored, cases))


def show(page: session.Page) -> None:
    lang = page.lang
    stored = widgets.open_stored(page, _t("pick", lang))
    if stored is None:
        return
    try:
        book = _book(str(page.workspace.path))
    except JourneyError as error:
        widgets.show_error(error)
        return
    st.title(_t("title", lang, title=stored.journey.title))
    session.show_flashes()
    _recorder(stored.journey, book, lang)
    _counts(page, stored, book.cases(stored.id))
