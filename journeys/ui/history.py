"""The open journey's toolbar (undo, redo, history, export) and its conflict box."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from journeys.i18n import number, translate
from journeys.store import Conflict, StoredJourney, Workspace
from journeys.ui import editing, exports, session, widgets
from journeys.ui.library import when
from models import JourneyError

TEXT = {
    "en": {
        "undo": "Undo", "redo": "Redo", "history": "History",
        "saved": "Revision {revision} · saved {when} · every valid edit is saved at once",
        "revision": "**{number}** · {when} · {note} · {steps:step|steps}, "
                    "{barriers:barrier|barriers}",
        "current": "current", "restore": "Restore {number}",
        "restored": "Revision {number} restored as a new revision.",
        "conflict": "**Not saved: this journey was changed in another tab or by someone "
                    "else.** Revision {current} was saved at {time}; your change started from "
                    "revision {expected}. Nothing was overwritten.",
        "conflict_choice": "Both changed the same fields (below, side by side). Keep theirs "
                           "or keep mine for these fields — every other change of both is "
                           "kept — or save your version as a copy of the journey.",
        "conflict_reload": "Reload to see their version (your undo or restore is dropped).",
        "field": "Field", "mine": "Mine", "theirs": "Theirs",
        "reload": "Keep theirs", "keep_mine": "Keep mine", "copy": "Save mine as a copy",
    },
    "de": {
        "undo": "Rückgängig", "redo": "Wiederholen", "history": "Verlauf",
        "saved": "Revision {revision} · gespeichert {when} · jede gültige Änderung wird "
                 "sofort gespeichert",
        "revision": "**{number}** · {when} · {note} · {steps:Schritt|Schritte}, "
                    "{barriers:Barriere|Barrieren}",
        "current": "aktuell", "restore": "{number} wiederherstellen",
        "restored": "Revision {number} als neue Revision wiederhergestellt.",
        "conflict": "**Nicht gespeichert: Diese Nutzerreise wurde in einem anderen Tab oder "
                    "von jemand anderem geändert.** Revision {current} wurde um {time} Uhr "
                    "gespeichert; Ihre Änderung ging von Revision {expected} aus. Nichts wurde "
                    "überschrieben.",
        "conflict_choice": "Beide haben dieselben Felder geändert (unten nebeneinander). "
                           "Behalten Sie für diese Felder deren oder Ihre Fassung — alle "
                           "anderen Änderungen beider bleiben erhalten — oder speichern Sie "
                           "Ihre Fassung als Kopie der Nutzerreise.",
        "conflict_reload": "Laden Sie deren Fassung neu (Ihr Rückgängig oder Wiederherstellen "
                           "entfällt).",
        "field": "Feld", "mine": "Meine", "theirs": "Deren",
        "reload": "Deren behalten", "keep_mine": "Meine behalten",
        "copy": "Meine als Kopie speichern",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return translate(TEXT, key, lang, **values)


def _move(workspace: Workspace, stored: StoredJourney, redo: bool) -> None:
    step = workspace.redo if redo else workspace.undo
    try:
        moved = step(stored.id, expected_revision=session.base_revision(stored))
    except Conflict as error:
        editing.hold_conflict(error, stored.id, None)
        return
    except JourneyError as error:
        session.flash("warning", str(error))
        return
    session.set_base(moved.id, moved.revision)
    workspace.drop_draft(stored.id, editing.DRAFT)
    editing.restart()


def _restore(workspace: Workspace, stored: StoredJourney, revision: int, lang: str) -> None:
    try:
        restored = workspace.restore_revision(
            stored.id, revision, expected_revision=session.base_revision(stored))
    except Conflict as error:
        editing.hold_conflict(error, stored.id, None)
        return
    except JourneyError as error:
        session.flash("error", str(error))
        return
    session.set_base(restored.id, restored.revision)
    workspace.drop_draft(stored.id, editing.DRAFT)
    editing.restart()
    session.flash("success", _t("restored", lang, number=revision))


def toolbar(page: session.Page, stored: StoredJourney) -> None:
    """Undo and redo buttons, the history with restore, and what revision is shown."""
    lang, workspace = page.lang, page.workspace
    undo, redo, history, export, status = st.columns([1, 1, 1, 1, 3.5],
                                                     vertical_alignment="center")
    exports.export_menu(export, stored, lang)
    undo.button(_t("undo", lang), icon=":material/undo:", key="undo", width="stretch",
                disabled=not stored.can_undo, on_click=_move, args=(workspace, stored, False),
                shortcut="Alt+Z")
    redo.button(_t("redo", lang), icon=":material/redo:", key="redo", width="stretch",
                disabled=not stored.can_redo, on_click=_move, args=(workspace, stored, True),
                shortcut="Alt+Y")
    revisions = history.popover(_t("history", lang), icon=":material/history:",
                                width="stretch", key="history", on_change="rerun")
    if not revisions.open:  # the list is read only when someone looks at it
        status.caption(_t("saved", lang, revision=stored.revision,
                          when=when(stored.updated_at, lang)))
        return
    with revisions:
        for item in workspace.history(stored.id)[:30]:
            text, action = st.columns([4, 2], vertical_alignment="center")
            text.markdown(widgets.md(
                TEXT, "revision", lang, number=item.number, when=when(item.saved_at, lang),
                note=item.note or "—", steps=number(item.steps, lang),
                barriers=number(item.barriers, lang)))
            if item.is_head:
                action.caption(_t("current", lang))
            else:
                action.button(_t("restore", lang, number=item.number),
                              key=f"restore-rev-{item.number}", on_click=_restore,
                              args=(workspace, stored, item.number, lang))
    status.caption(_t("saved", lang, revision=stored.revision,
                      when=when(stored.updated_at, lang)))


def conflict_box(page: session.Page, stored: StoredJourney) -> bool:
    """The held conflict: both versions of each field side by side, and the ways out (keep
    theirs, keep mine, save mine as a copy); True when there is one."""
    held = editing.conflict(stored.id)
    if not held:
        return False
    lang = page.lang
    with st.container(border=True, key="conflict"):
        st.error(_t("conflict", lang, current=held["current"], time=held["time"],
                    expected=held["expected"]), icon=":material/sync_problem:")
        if not held["document"]:  # an undo, redo or restore: nothing to merge
            st.markdown(_t("conflict_reload", lang))
            st.button(_t("reload", lang), key="conflict-reload", type="primary",
                      on_click=editing.reload_latest, args=(page.workspace, stored.id))
            return True
        st.markdown(_t("conflict_choice", lang))
        if held["fields"]:
            st.table(pd.DataFrame(held["fields"], columns=[
                _t("field", lang), _t("mine", lang), _t("theirs", lang)]), hide_index=True)
        theirs, mine, copy, _ = st.columns([1, 1, 1.3, 1.7])
        theirs.button(_t("reload", lang), key="conflict-reload", type="primary",
                      on_click=editing.resolve, args=(page.workspace, stored.id, "theirs"))
        mine.button(_t("keep_mine", lang), key="conflict-mine",
                    on_click=editing.resolve, args=(page.workspace, stored.id, "mine"))
        copy.button(_t("copy", lang), key="conflict-copy",
                    on_click=editing.save_copy, args=(page.workspace, stored.id, lang))
    return True
