"""Editing rounds: how table edits become revisions without ever losing one.

Known pitfall: feeding ``st.data_editor``'s output back into its own input loses edits (the
widget holds the edits as a delta against its input; a new input resets or double-applies
them). So the tables' input is pinned for an *editing round*: it is built once from the stored
revision (or from the draft kept for that revision) and stays the same, under the same widget
keys, while the user edits. Each rerun applies the widgets' deltas to the pinned rows, and:

- when the rows form a valid journey that differs from what this tab saved last, it is saved
  at once as a new revision, built on the newest revision: another tab's edits to other
  fields are merged in (``journeys.merge``), never overwritten;
- when a row breaks a rule, the rows are kept as a draft in the workspace (so a reload keeps
  them) and the problems are shown next to their rows; nothing is dropped;
- when another tab changed the same field, nothing is written and the tab holds the
  conflict until the user keeps theirs, keeps mine (both show side by side) or saves a copy.

A round ends (new input, new widget keys) when the journey changes in any other way (undo,
redo, a quick form, a restored revision, another tab's save) and when the user switches to
another tab of tables: only the open tab's tables are drawn, and no table offers in its
dropdowns the ids another table of the same tab edits, so within a round every dropdown stays
right, and a new round brings the new ids (a step added in *Steps* is offered in
*Transitions*).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import streamlit as st

from journeys.formats import to_document
from journeys.i18n import translate
from journeys.merge import MISSING, MergeConflict, place, save_on_newest
from journeys.store import Conflict, StoredJourney, Workspace
from journeys.ui import session
from journeys.ui.tables import (
    TABLES,
    Edited,
    Rows,
    apply_edits,
    edit_journey,
    has_edits,
    journey_rows,
)
from models import Journey, JourneyError, parse_journey

TEXT = {
    "en": {"copy_saved": "Your version is saved as a copy: “{title}”. The original keeps the "
                         "other tab's version."},
    "de": {"copy_saved": "Ihre Fassung ist als Kopie gespeichert: „{title}“. Das Original "
                         "behält die Fassung aus dem anderen Tab."},
}

DRAFT = "tables"
"""The draft key in the workspace: ``{"revision": r, "rows": {table: [row, …]}}``."""


@dataclass
class Round:
    """One editing round of one journey in this tab."""

    journey_id: str
    number: int
    journey: Journey
    """The journey at the round's start: the dropdowns offer its ids and header fields."""
    rows: Rows
    """The tables' input, pinned for the round."""
    document: dict
    """The document this tab saved last (or started from)."""
    saved: Journey
    """``document`` as a journey: the base of this tab's next table save."""
    revision: int
    """The revision ``saved`` was stored as."""
    fingerprint: str = ""
    edited: Edited | None = None
    touched: frozenset[str] = frozenset()
    """Tables with edits in this round (their edit state must never silently vanish)."""
    frames: dict = field(default_factory=dict)
    """The tables' input as drawn (built once per round: it must not change anyway)."""

    def key(self, table: str) -> str:
        """The widget key of a table in this round."""
        return f"edit-{table}-{self.journey_id}-{self.number}"

    @property
    def problems(self) -> dict[str, dict[int, list[str]]]:
        return self.edited.problems if self.edited else {}


def restart() -> None:
    """End the round: the next render builds the tables afresh from the stored journey."""
    st.session_state.pop("round", None)


def _start(workspace: Workspace, stored: StoredJourney) -> Round:
    number = st.session_state.get("round_counter", 0) + 1
    st.session_state["round_counter"] = number
    draft = workspace.get_draft(stored.id, DRAFT)
    rows = journey_rows(stored.journey)
    if isinstance(draft, dict) and draft.get("revision") == stored.revision:
        rows = {table: draft["rows"].get(table, rows[table]) for table in TABLES}
    # a draft of an older revision is left alone: the tab that made it may still fix it
    current = Round(stored.id, number, stored.journey, rows,
                    to_document(stored.journey, "json"), stored.journey,
                    stored.revision)
    st.session_state["round"] = current
    return current


def current_round(workspace: Workspace, stored: StoredJourney) -> Round:
    """This tab's round for ``stored``'s journey (a new one when none is running for it)."""
    running = st.session_state.get("round")
    if isinstance(running, Round) and running.journey_id == stored.id:
        return running
    return _start(workspace, stored)


# -- conflicts -------------------------------------------------------------------------------
def conflict(journey_id: str) -> dict | None:
    """The unresolved conflict of this tab on ``journey_id``: the revisions, when the other
    one was saved, this tab's version (``document``, None for undo/redo), the version it
    started from (``base``) and the fields both changed (``fields``: place, mine, theirs)."""
    held = st.session_state.get("conflict")
    return held if held and held["journey"] == journey_id else None


def hold_conflict(error: Conflict, journey_id: str, document: dict | None,
                  base: dict | None = None, fields: list[tuple[str, str, str]] = ()) -> None:
    """Keep the edit that lost the race (``document``) until the user chooses what to do."""
    st.session_state["conflict"] = {
        "journey": journey_id, "document": document, "base": base, "fields": list(fields),
        "current": error.current_revision, "expected": error.expected_revision,
        "time": error.changed_at.astimezone().strftime("%H:%M")}


def _shown(value: object) -> str:
    if value is MISSING:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _hold_merge_conflict(workspace: Workspace, base: Journey, base_revision: int,
                         mine: Journey, error: MergeConflict) -> None:
    newest = workspace.get(mine.id)
    fields = [(place(c.path), _shown(c.mine), _shown(c.theirs)) for c in error.conflicts] \
        or [(str(error), "", "")]
    race = Conflict(mine.id, expected=base_revision, current=newest.revision,
                    changed_at=newest.updated_at)
    hold_conflict(race, mine.id, to_document(mine, "json"), to_document(base, "json"), fields)


def reload_latest(workspace: Workspace, journey_id: str) -> None:
    """Resolve a conflict by taking the newest revision (this tab's edit is discarded)."""
    st.session_state.pop("conflict", None)
    session.forget_base(journey_id)
    workspace.drop_draft(journey_id, DRAFT)
    restart()


def resolve(workspace: Workspace, journey_id: str, prefer: str) -> None:
    """Resolve a conflict field by field for ``prefer`` (``mine`` or ``theirs``), keeping
    every other change of both sides; ``theirs`` without a held edit is a reload."""
    held = st.session_state.get("conflict") or {}
    if not held.get("document") or not held.get("base"):
        reload_latest(workspace, journey_id)
        return
    try:
        base, mine = parse_journey(held["base"]), parse_journey(held["document"])
        saved = save_on_newest(workspace, base, mine, note=f"conflict: kept {prefer}",
                               prefer=prefer)
    except JourneyError as error:
        session.flash("error", str(error))
        return
    st.session_state.pop("conflict", None)
    workspace.drop_draft(journey_id, DRAFT)
    session.set_base(saved.id, saved.revision)
    restart()


def save_copy(workspace: Workspace, journey_id: str, lang: str) -> None:
    """Resolve a conflict by keeping this tab's version as a new journey, and open it."""
    held = st.session_state.get("conflict") or {}
    try:
        copy = workspace.save_copy(parse_journey(held["document"]))
    except (JourneyError, KeyError, TypeError) as error:
        session.flash("error", str(error))
        return
    st.session_state.pop("conflict", None)
    session.forget_base(journey_id)
    restart()
    session.set_base(copy.id, copy.revision)
    session.open_journey(copy.id)
    session.flash("success", translate(TEXT, "copy_saved", lang, title=copy.journey.title))


# -- one journey change from a form or a button ---------------------------------------------
def save(workspace: Workspace, base: StoredJourney, journey: Journey, note: str = ""
         ) -> StoredJourney | None:
    """Save ``journey``, a change a form made to ``base`` (the revision the form showed),
    built on the newest revision: edits other tabs saved since are merged in. A conflict on
    the same field is held for the user, any other problem shown. Ends the round."""
    try:
        saved = save_on_newest(workspace, base.journey, journey, note=note)
    except MergeConflict as error:
        _hold_merge_conflict(workspace, base.journey, base.revision, journey, error)
        return None
    except Conflict as error:
        hold_conflict(error, base.id, to_document(journey, "json"),
                      to_document(base.journey, "json"))
        return None
    except JourneyError as error:
        session.flash("error", str(error))
        return None
    session.set_base(saved.id, saved.revision)
    restart()
    return saved


# -- the tables' edits -----------------------------------------------------------------------
def apply_table_edits(workspace: Workspace, stored: StoredJourney) -> tuple[Round,
                                                                            StoredJourney]:
    """Turn the tables' pending edits into a revision, a draft or a held conflict.

    Returns the round to draw the tables with and the journey as stored now.
    """
    base = session.base_revision(stored)
    work = current_round(workspace, stored)
    if conflict(stored.id):
        return work, stored
    states = {table: st.session_state.get(work.key(table)) for table in TABLES}
    if any(states[table] is None for table in work.touched):
        # a table with edits was not drawn (hidden tab, another view): its edits are saved or
        # in the draft, so a new round rebuilds every table from there instead of losing them
        # (and checks those rows again, so their problems stay marked)
        restart()
        return apply_table_edits(workspace, stored)
    work.touched |= {table for table, state in states.items() if has_edits(state)}
    fingerprint = json.dumps(states, sort_keys=True, default=str)
    changed = False
    if work.edited is None or fingerprint != work.fingerprint:
        work.fingerprint = fingerprint
        rows = {table: apply_edits(work.rows[table], states[table], table) for table in TABLES}
        work.edited = edit_journey(work.journey, rows)
        changed = work.edited.document != work.document
    edited = work.edited
    if not changed:
        if stored.revision != base and not edited.problems:
            session.set_base(stored.id, stored.revision)  # another tab saved: follow it
            restart()
            return current_round(workspace, stored), stored
        return work, stored
    if edited.journey is None:
        workspace.put_draft(stored.id, DRAFT, {"revision": base, "rows": rows})
        return work, stored
    try:
        saved = save_on_newest(workspace, work.saved, edited.journey, note="table edit")
    except MergeConflict as error:
        _hold_merge_conflict(workspace, work.saved, work.revision, edited.journey, error)
        return work, stored
    except Conflict as error:
        hold_conflict(error, stored.id, edited.document, work.document)
        return work, stored
    session.set_base(saved.id, saved.revision)
    workspace.drop_draft(stored.id, DRAFT)
    if saved.journey != edited.journey:  # another tab's edits came in: show them
        restart()
        return current_round(workspace, saved), saved
    work.document, work.saved, work.revision = edited.document, edited.journey, saved.revision
    return work, saved
