"""Map view, the editor: the journey map, quick forms and the five editable tables."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from journeys.figures import step_at
from journeys.i18n import translate
from journeys.store import StoredJourney
from journeys.ui import (
    cache,
    editing,
    forms,
    history,
    map_view,
    quick_line,
    session,
    voting_panel,
    widgets,
)
from journeys.ui.names import CHANNELS, KINDS, OUTCOMES, TRANSFERS, Names
from journeys.ui.tables import (
    COLUMNS,
    NUMBERS,
    TABLES,
    WHOLE_NUMBERS,
    Row,
    transition_place,
)
from models.journey import LABEL_LIMIT, TEXT_LIMIT

TEXT = {
    "en": {
        "pick": "Open a journey from the library first.", "to_library": "Go to the library",
        "selected": "Selected step (or click a step in the map)",
        "edit": "Forms: a barrier, a step, a connection, the step, the details",
        "tables": "Tables",
        "steps": "Steps", "transitions": "Transitions", "barriers": "Barriers",
        "stages": "Stages", "actors": "Actors", "stages_actors": "Stages & actors",
        "row": "Row {row}", "problems": "{count} rows need a fix ({where}) — they are kept as "
        "a draft until they are valid; the map shows the last saved version.",
        "problem": "1 row needs a fix ({where}) — it is kept as a draft until it is valid; "
        "the map shows the last saved version.",
        "journey_problem": "The journey as a whole: {message}",
        "draft": "The tables are kept as a draft until the journey is valid; the map shows "
        "the last saved version.",
        "discard": "Discard my unsaved rows",
        "tables_help": "Edit cells directly; every valid change is saved at once. Add rows "
                       "with + at the bottom, delete rows by selecting them.",
        "id": "Id", "label": "Label", "stage": "Stage", "actor": "Actor",
        "channel": "Channel", "outcome": "Outcome", "reached": "Reached",
        "duration_days": "Days", "emotion": "Emotion (1–5)", "description": "Description",
        "from": "From", "to": "To", "kind": "Kind", "data_transfer": "Data transfer",
        "count": "Count", "at": "On step / transition", "category": "Category",
        "severity": "Severity", "affected": "Affected", "votes": "Votes", "level": "Level",
        "fill_in": "fill in this cell",
    },
    "de": {
        "pick": "Öffnen Sie zuerst eine Nutzerreise aus der Bibliothek.",
        "to_library": "Zur Bibliothek",
        "selected": "Ausgewählter Schritt (oder einen Schritt in der Karte anklicken)",
        "edit": "Formulare: Barriere, Schritt, Verbindung, Schritt bearbeiten, Angaben",
        "tables": "Tabellen",
        "steps": "Schritte", "transitions": "Übergänge", "barriers": "Barrieren",
        "stages": "Phasen", "actors": "Akteure", "stages_actors": "Phasen & Akteure",
        "row": "Zeile {row}", "problems": "{count} Zeilen brauchen eine Korrektur ({where}) — "
        "sie bleiben als Entwurf erhalten, bis sie gültig sind; die Karte zeigt den zuletzt "
        "gespeicherten Stand.",
        "problem": "1 Zeile braucht eine Korrektur ({where}) — sie bleibt als Entwurf "
        "erhalten, bis sie gültig ist; die Karte zeigt den zuletzt gespeicherten Stand.",
        "journey_problem": "Die Nutzerreise insgesamt: {message}",
        "draft": "Die Tabellen bleiben als Entwurf erhalten, bis die Nutzerreise gültig ist; "
        "die Karte zeigt den zuletzt gespeicherten Stand.",
        "discard": "Meine ungespeicherten Zeilen verwerfen",
        "tables_help": "Zellen direkt bearbeiten; jede gültige Änderung wird sofort "
                       "gespeichert. Zeilen mit + unten hinzufügen, zum Löschen markieren.",
        "id": "Kennung", "label": "Bezeichnung", "stage": "Phase", "actor": "Akteur",
        "channel": "Kanal", "outcome": "Ergebnis", "reached": "Erreicht",
        "duration_days": "Tage", "emotion": "Gefühl (1–5)", "description": "Beschreibung",
        "from": "Von", "to": "Nach", "kind": "Art", "data_transfer": "Datenweitergabe",
        "count": "Anzahl", "at": "Bei Schritt / Übergang", "category": "Kategorie",
        "severity": "Schwere", "affected": "Betroffen", "votes": "Punkte", "level": "Ebene",
        "fill_in": "diese Zelle ausfüllen",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def show(page: session.Page) -> None:
    lang = page.lang
    stored = widgets.open_stored(page, _t("pick", lang), lambda: st.button(
        _t("to_library", lang), on_click=session.open_journey, args=(None, "library")))
    if stored is None:
        return
    work, stored = editing.apply_table_edits(page.workspace, stored)
    journey = stored.journey
    if not page.workshop:  # on the projector the map's own title is enough
        st.title(widgets.escape(journey.title), anchor=False)
        facts = [f for f in (journey.region, journey.owner, journey.persona) if f]
        if facts:
            st.caption(widgets.escape(" · ".join(facts)))
    selected = _selection(journey)
    key = cache.key_of(str(page.workspace.path), stored)
    clicked = functools.partial(_clicked, f"map-{journey.id}")
    if page.workshop:  # the quick line and the map first, laid out for the projector's screen
        quick_line.quick_line(page, stored, selected, bool(work.problems), compact=True)
        if not widgets.too_large(journey, "map", lang):
            map_view.show_workshop_map(key, stored, lang, selected, clicked,
                                       reserved=quick_line.COMPACT_HEIGHT)
    session.show_flashes()
    history.conflict_box(page, stored)
    history.toolbar(page, stored)
    if not page.workshop:
        quick_line.quick_line(page, stored, selected, bool(work.problems))
        if not widgets.too_large(journey, "map", lang):
            fig = cache.map_figure(key, lang, selected, None, (), False, journey)
            widgets.show_figure(fig, lambda: cache.map_table(key, lang, None, (), journey),
                                key=f"map-{journey.id}", lang=lang, name=journey.id,
                                slide=lambda: cache.map_figure(key, lang, selected, None, (),
                                                               False, journey, slide=True),
                                on_select=clicked, selection_mode="points")
    names = Names(journey, lang)
    st.selectbox(_t("selected", lang), [s.id for s in journey.steps], key="step_pick",
                 format_func=names.step)
    voting_panel.show(page, stored)
    paused = bool(work.problems)
    # Forms and tables are drawn only while their section is open: live capture with the
    # quick line then redraws little more than the map (issue 9's latency target), and rows
    # with problems open the tables by themselves.
    edit = st.expander(_t("edit", lang), key="map-forms", on_change="rerun",
                       icon=":material/edit_note:")
    if edit.open:
        with edit:
            forms.quick_forms(page, stored, selected, paused)
    if paused:
        st.session_state["map-tables"] = True
    tables = st.expander(_t("tables", lang), key="map-tables", on_change="rerun",
                         icon=":material/table:")
    if tables.open:
        with tables:
            _tables(page, stored, work)


def _selection(journey) -> str | None:
    """The selected step: kept in ``step_pick``, set by the picker or a click in the map."""
    ids = [s.id for s in journey.steps]
    if st.session_state.get("step_pick") not in ids:
        st.session_state["step_pick"] = ids[0] if ids else None
    return st.session_state["step_pick"]


def _clicked(key: str) -> None:
    """A click on a step marker selects the step (``journeys.figures.step_at``)."""
    step = step_at(st.session_state.get(key) or {})
    if step:
        st.session_state["step_pick"] = step


# -- the tables --------------------------------------------------------------------------------
def _column_config(table: str, names: Names, lang: str) -> dict:
    journey = names.journey
    cc = st.column_config
    steps = [s.id for s in journey.steps]
    places = steps + [transition_place(t.from_, t.to) for t in journey.transitions]
    choices = {
        "stage": ([s.id for s in journey.stages], names.stage),
        "actor": ([a.id for a in journey.actors], names.actor),
        "channel": (list(CHANNELS), names.word), "outcome": (list(OUTCOMES), names.word),
        "from": (steps, names.step), "to": (steps, names.step),
        "kind": (list(KINDS), names.word), "data_transfer": (list(TRANSFERS), names.word),
        "at": (places, names.place),
        "category": (journey.known_categories(), names.category),
        "severity": ([1, 2, 3, 4, 5], str), "emotion": ([1, 2, 3, 4, 5], str),
        "level": ([1, 2, 3, 4], names.level),
    }
    defaults = {"stage": choices["stage"][0][0], "actor": choices["actor"][0][0],
                "kind": "next", "severity": 3, "level": 1}
    config = {}
    for column in COLUMNS[table]:
        label = _t(column, lang)
        if column in choices:
            options, shown = choices[column]
            # nothing is "required" in the grid: Streamlit would keep such a row in the
            # browser until it is complete, and a reload would lose it; the rows are checked
            # here instead, and an incomplete one is kept as a draft with its message
            config[column] = cc.SelectboxColumn(
                label, options=options, format_func=shown, default=defaults.get(column))
        elif column in NUMBERS:
            whole = column in WHOLE_NUMBERS
            config[column] = cc.NumberColumn(label, min_value=0, step=1 if whole else None,
                                             format="%d" if whole else None)
        else:
            config[column] = cc.TextColumn(
                label,
                width="large" if column in ("label", "description") else None,
                max_chars=TEXT_LIMIT if column == "description" else LABEL_LIMIT)
    return config


def _frame(rows: list[Row], table: str) -> pd.DataFrame:
    """The visible columns of ``rows`` with types the editor can offer the right widget for."""
    data = {}
    for column in COLUMNS[table]:
        values = [row.get(column) for row in rows]
        dtype = "Int64" if column in WHOLE_NUMBERS else "Float64" if column in NUMBERS \
            else object
        try:
            data[column] = pd.array(values, dtype=dtype)
        except (TypeError, ValueError):
            data[column] = pd.array(values, dtype=object)
    return pd.DataFrame(data)


def _tables(page: session.Page, stored: StoredJourney, work: editing.Round) -> None:
    lang = page.lang
    names = Names(work.journey, lang)
    problems = work.problems
    rows_with_problems = sum(len(rows) for table, rows in problems.items() if table != "journey")
    if problems:
        where = ", ".join(_t(t, lang) for t in TABLES if problems.get(t))
        kind = "draft" if not rows_with_problems else "problem" if rows_with_problems == 1 \
            else "problems"
        st.warning(_t(kind, lang, count=rows_with_problems, where=where))
        for message in problems.get("journey", {}).get(-1, []):
            st.error(_t("journey_problem", lang, message=widgets.escape(message)))
        st.button(_t("discard", lang), key="discard-draft", on_click=editing.reload_latest,
                  args=(page.workspace, stored.id), icon=":material/delete_sweep:")
    st.caption(_t("tables_help", lang))

    groups = (("steps",), ("transitions",), ("barriers",), ("stages", "actors"))
    labels = [_t(k, lang) for k in ("steps", "transitions", "barriers", "stages_actors")]
    # Only the open tab's tables are drawn; switching tabs starts a new editing round, so the
    # tables that were hidden come back from the stored revision (or its draft) intact.
    tabs = st.tabs(labels, key="table-tab", on_change=editing.restart)
    for tab, tables in zip(tabs, groups, strict=True):
        if not tab.open:
            continue
        with tab:
            for table in tables:
                if len(tables) > 1:
                    st.markdown(f"**{_t(table, lang)}**")
                _table(work, table, names, lang)


def _table(work: editing.Round, table: str, names: Names, lang: str) -> None:
    if table not in work.frames:
        work.frames[table] = _frame(work.rows[table], table)
    st.data_editor(work.frames[table], key=work.key(table), num_rows="dynamic",
                   hide_index=True, width="stretch", placeholder=widgets.MISSING,
                   column_config=_column_config(table, names, lang))
    messages = work.problems.get(table, {})
    if messages:
        current = work.edited.document if work.edited else {}
        st.error("\n".join(
            f"- **{_t('row', lang, row=row + 1)}**{_row_name(current, table, row)}: "
            + "; ".join(widgets.escape(_cell_words(m, table, lang)) for m in texts)
            for row, texts in sorted(messages.items())))


def _cell_words(message: str, table: str, lang: str) -> str:
    """A row's problem in the table's words: the column as its heading says, and "fill in
    the cell" instead of the file's "add `to:`"."""
    column, _, rest = message.partition(": ")
    if column not in COLUMNS[table]:
        return message
    rest = rest.replace(f"add `{column}:`", _t("fill_in", lang))
    return f"{_t(column, lang)}: {rest}"


def _row_name(document: dict, table: str, row: int) -> str:
    """`` · <id>`` of a problem row, to find it in a long table."""
    items = document.get(table, []) if table != "barriers" else []
    if 0 <= row < len(items) and isinstance(items[row], dict) and items[row].get("id"):
        return f" · {widgets.escape(str(items[row]['id']))}"
    return ""
