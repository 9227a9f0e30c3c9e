"""A journey as editable table rows, and the rows back as a journey document.

Why this exists: the map editor shows stages, actors, steps, transitions and barriers as five
``st.data_editor`` tables. The user edits rows; the app must turn the rows into a journey
document, validate it with ``models.parse_journey`` and, when a row breaks a rule, show the
problem next to that row and keep the row (as a draft) until the user fixes it.

Each row is a plain dict of JSON values, so the rows can be kept as a draft in the workspace.
The visible columns are ``COLUMNS[table]``; the hidden ``_orig`` keeps the item as it was
stored, so fields no table shows (evidence, mitigations, ``extra`` …) survive every edit, and
an id that was changed in a row can be followed by the rows that refer to it (renames cascade).

Pure functions, no Streamlit: the page module lays out the tables, this module does the rest.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from journeys.exchange import unique_slug
from journeys.formats import to_document
from models import Journey, JourneyInvalid, Problem, parse_journey

TABLES = ("stages", "actors", "steps", "transitions", "barriers")

COLUMNS: dict[str, tuple[str, ...]] = {
    "stages": ("id", "label"),
    "actors": ("id", "label", "level"),
    "steps": ("id", "label", "stage", "actor", "channel", "outcome", "reached",
              "duration_days", "emotion", "description"),
    "transitions": ("from", "to", "kind", "data_transfer", "count", "label"),
    "barriers": ("at", "category", "severity", "description", "affected", "votes"),
}
"""The visible columns of each table, in the order they are shown."""

DEFAULTED = frozenset({"stage", "actor", "kind", "severity", "level"})
"""Columns a new row comes with a value in (the editor's defaults): they alone make no row."""

WHOLE_NUMBERS = frozenset({"level", "reached", "emotion", "count", "severity", "votes"})
NUMBERS = WHOLE_NUMBERS | {"duration_days", "affected"}
ORIGINAL = "_orig"
ARROW = " → "

Row = dict[str, Any]
Rows = dict[str, list[Row]]
_LOCATION = re.compile(r"^(stages|actors|steps|transitions)\[(\d+)\]"
                       r"(?:\.barriers\[(\d+)\])?(?:\.(\w+))?")


def transition_place(source: str, target: str) -> str:
    """The ``at`` value of a barrier on the transition ``source`` → ``target``.

    >>> transition_place("form", "approval")
    'form → approval'
    """
    return f"{source}{ARROW}{target}"


def journey_rows(journey: Journey) -> Rows:
    """The journey as rows of the five tables (in file order, ``_orig`` kept per row)."""
    document = to_document(journey, "json")
    rows: Rows = {table: [] for table in TABLES}
    for table in ("stages", "actors"):
        rows[table] = [_row(item, table) for item in document[table]]
    for step in document["steps"]:
        rows["steps"].append(_row(step, "steps"))
        rows["barriers"] += [_barrier_row(b, step["id"]) for b in step.get("barriers", [])]
    transition_barriers = []
    for transition in document.get("transitions", []):
        rows["transitions"].append(_row(transition, "transitions"))
        place = transition_place(transition["from"], transition["to"])
        transition_barriers += [_barrier_row(b, place) for b in transition.get("barriers", [])]
    rows["barriers"] += transition_barriers
    return rows


def _row(item: dict, table: str) -> Row:
    original = dict(item)
    if "barriers" in original:
        original["barriers"] = []  # a placeholder that keeps the key's place; rows hold them
    return {**{c: item.get(c) for c in COLUMNS[table]}, ORIGINAL: original}


def _barrier_row(barrier: dict, place: str) -> Row:
    return {"at": place, **{c: barrier.get(c) for c in COLUMNS["barriers"][1:]},
            ORIGINAL: dict(barrier)}


def apply_edits(rows: list[Row], state: Mapping[str, Any] | None, table: str) -> list[Row]:
    """``rows`` with the edit state of ``st.data_editor`` applied (edited, deleted, added rows).

    Only visible columns are taken from the edits, so a client cannot overwrite ``_orig``.

    >>> rows = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    >>> state = {"edited_rows": {"1": {"label": "Be"}}, "deleted_rows": [0],
    ...          "added_rows": [{"id": "c", "_orig": {"id": "x"}}]}
    >>> apply_edits(rows, state, "stages")
    [{'id': 'b', 'label': 'Be'}, {'id': 'c'}]
    """
    if not state:
        return [dict(row) for row in rows]
    visible = set(COLUMNS[table])
    edited = {int(pos): changes for pos, changes in (state.get("edited_rows") or {}).items()}
    deleted = {int(pos) for pos in state.get("deleted_rows") or []}
    result = []
    for position, row in enumerate(rows):
        if position in deleted:
            continue
        changes = {k: v for k, v in (edited.get(position) or {}).items() if k in visible}
        result.append({**row, **changes})
    for added in state.get("added_rows") or []:
        result.append({k: v for k, v in added.items() if k in visible})
    return result


def has_edits(state: Mapping[str, Any] | None) -> bool:
    """Whether a data editor's edit state holds any change."""
    return bool(state) and any(state.get(part) for part in
                               ("edited_rows", "added_rows", "deleted_rows"))


def _clean(column: str, value: Any) -> Any:
    """A cell value as the journey format wants it: blank is unset, 3.0 is 3."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = value.strip()
        if column in NUMBERS and value:
            try:
                value = float(value.replace(",", "."))
            except ValueError:
                return value  # the validation names the column and the bad value
        else:
            return value or None
    if column in WHOLE_NUMBERS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _item(row: Row, table: str, skip: tuple[str, ...] = ()) -> dict:
    """The document item of a row: its original with the visible columns laid over it."""
    item = dict(row.get(ORIGINAL) or {})
    for column in COLUMNS[table]:
        if column in skip:
            continue
        value = _clean(column, row.get(column))
        if value is None:
            item.pop(column, None)
        else:
            item[column] = value
    return item


@dataclass
class Edited:
    """Rows turned back into a journey: the journey when valid, else what is wrong where.

    ``problems[table][row]`` holds the messages of one row (``row`` counts from 0);
    ``problems["journey"][-1]`` those of the journey as a whole.
    """

    document: dict
    journey: Journey | None = None
    problems: dict[str, dict[int, list[str]]] = field(default_factory=dict)
    placement: dict[tuple[str, int, int], int] = field(default_factory=dict)
    """(``steps``/``transitions``, index, barrier index) → barrier row."""

    def add(self, table: str, row: int, message: str) -> None:
        self.problems.setdefault(table, {}).setdefault(row, []).append(message)

    @property
    def count(self) -> int:
        """How many problems there are."""
        return sum(len(messages) for rows in self.problems.values()
                   for messages in rows.values())


def _renames(rows: list[Row]) -> dict[str, str]:
    """Old id → new id for every row whose id the user changed."""
    renamed = {}
    for row in rows:
        old, new = (row.get(ORIGINAL) or {}).get("id"), _clean("id", row.get("id"))
        if old and new and old != new:
            renamed[old] = new
    return renamed


def _follow(value: Any, renamed: dict[str, str], current: set[str]) -> Any:
    """A reference after renames: an id that was changed (and is no id now) takes the new one."""
    if isinstance(value, str) and value not in current and value in renamed:
        return renamed[value]
    return value


def _with_ids(items: list[dict], fallback: str) -> list[dict]:
    """A new row with a label but no id gets one made from its label (``Ruft an`` →
    ``ruft-an``): nobody should have to invent ids in a workshop.

    >>> _with_ids([{"id": "ruft-an"}, {"label": "Ruft an"}], "step")
    [{'id': 'ruft-an'}, {'label': 'Ruft an', 'id': 'ruft-an-2'}]
    """
    taken = {item["id"] for item in items if isinstance(item.get("id"), str)}
    for item in items:
        if "id" not in item and isinstance(item.get("label"), str):
            item["id"] = unique_slug(item["label"], taken, fallback)
    return items


def rows_document(header: Journey, rows: Rows) -> tuple[dict, Edited]:
    """The journey document the rows stand for (header fields taken from ``header``)."""
    original = to_document(header, "json")
    edited = Edited({})
    stage_names = _renames(rows["stages"])
    actor_names = _renames(rows["actors"])
    step_names = _renames(rows["steps"])
    stages = _with_ids([_item(r, "stages") for r in rows["stages"]], "stage")
    actors = _with_ids([_item(r, "actors") for r in rows["actors"]], "actor")
    steps = _with_ids([_item(r, "steps") for r in rows["steps"]], "step")
    stage_ids, actor_ids = {s.get("id") for s in stages}, {a.get("id") for a in actors}
    step_ids = {s.get("id") for s in steps}
    for step in steps:
        for column, renamed, current in (("stage", stage_names, stage_ids),
                                         ("actor", actor_names, actor_ids)):
            if column in step:
                step[column] = _follow(step[column], renamed, current)
    transitions = [_item(r, "transitions") for r in rows["transitions"]]
    for transition in transitions:
        for column in ("from", "to"):
            if column in transition:
                transition[column] = _follow(transition[column], step_names, step_ids)
    _place_barriers(rows, steps, transitions, step_names, edited)
    lists = {"stages": stages, "actors": actors, "steps": steps, "transitions": transitions}
    if not transitions and "transitions" not in original:
        del lists["transitions"]
    document = {k: lists.pop(k, v) for k, v in original.items()}
    document.update(lists)  # keeps the user's key order; lists the header lacked come last
    edited.document = document
    return document, edited


def _place_barriers(rows: Rows, steps: list[dict], transitions: list[dict],
                    step_names: dict[str, str], edited: Edited) -> None:
    """Put each barrier row on its step or transition; remember where, to map problems back."""
    step_index = {}
    for index, step in enumerate(steps):
        step_index.setdefault(step.get("id"), index)
    known = set(step_index)  # once: a set per row made 20,000 barriers take 17 s
    pair_index: dict[str, int] = {}
    original_index: dict[str, int] = {}
    for index, (row, transition) in enumerate(zip(rows["transitions"], transitions,
                                                  strict=True)):
        pair_index.setdefault(transition_place(str(transition.get("from")),
                                               str(transition.get("to"))), index)
        original = row.get(ORIGINAL)
        if original:
            source, target = (_follow(original[k], step_names, known)
                              for k in ("from", "to"))
            original_index.setdefault(transition_place(source, target), index)
    for item in (*steps, *transitions):
        if "barriers" in item:
            item["barriers"] = []
    for row_number, row in enumerate(rows["barriers"]):
        barrier = _item(row, "barriers", skip=("at",))
        place = _clean("at", row.get("at"))
        if isinstance(place, str) and ARROW in place:
            source, target = (_follow(p, step_names, known)
                              for p in place.split(ARROW, 1))
            place = transition_place(source, target)
        else:
            place = _follow(place, step_names, known)
        if place in step_index:
            owner, path = steps[step_index[place]], ("steps", step_index[place])
        elif place in pair_index or place in original_index:
            index = pair_index.get(place, original_index.get(place))
            owner, path = transitions[index], ("transitions", index)
        else:
            message = ("at: choose the step or transition the barrier is on" if place is None
                       else f"at: unknown step or transition '{place}'")
            edited.add("barriers", row_number, message)
            continue
        owner.setdefault("barriers", []).append(barrier)
        edited.placement[(*path, len(owner["barriers"]) - 1)] = row_number


def problem_place(problem: Problem, placement: Mapping[tuple, int]) -> tuple[str, int, str]:
    """(table, row, message) for a validation problem; row -1 means the journey as a whole.

    >>> problem_place(Problem("steps[3].stage", "unknown stage 'x'", "use one of: a"), {})
    ('steps', 3, "stage: unknown stage 'x' — use one of: a")
    >>> problem_place(Problem("steps[0].barriers[1].severity", "must be 1..5, got 7"),
    ...               {("steps", 0, 1): 4})
    ('barriers', 4, 'severity: must be 1..5, got 7')
    """
    match = _LOCATION.match(problem.location)
    hint = f" — {problem.hint}" if problem.hint else ""
    if not match:
        where = f"{problem.location}: " if problem.location else ""
        return "journey", -1, f"{where}{problem.message}{hint}"
    table, index, barrier, column = match.groups()
    prefix = f"{column}: " if column else ""
    text = f"{prefix}{problem.message}{hint}"
    if barrier is not None:
        row = placement.get((table, int(index), int(barrier)))
        if row is not None:
            return "barriers", row, text
    return table, int(index), text


def blank(row: Row, table: str) -> bool:
    """A new row nobody typed into (Enter in the last row adds one): it holds no data, so it
    is left out instead of blocking every save with "id is missing".

    >>> blank({"id": None, "label": " "}, "stages"), blank({"id": "x"}, "stages")
    (True, False)
    >>> blank({"from": None, "to": None, "kind": "next"}, "transitions")
    True
    """
    return not row.get(ORIGINAL) and all(_clean(c, row.get(c)) is None
                                         for c in COLUMNS[table] if c not in DEFAULTED)


def edit_journey(header: Journey, rows: Rows) -> Edited:
    """Validate the rows as a journey: ``Edited.journey`` when valid, else the row problems
    (numbered as the rows are shown; blank new rows are left out)."""
    kept = {table: [i for i, row in enumerate(rows[table]) if not blank(row, table)]
            for table in TABLES}
    document, edited = rows_document(header, {t: [rows[t][i] for i in kept[t]] for t in TABLES})
    if edited.problems:  # a barrier without a place is not in the document: never drop it
        try:
            parse_journey(document)
        except JourneyInvalid as error:
            _add_problems(edited, error.problems)
    else:
        try:
            edited.journey = parse_journey(document)
        except JourneyInvalid as error:
            _add_problems(edited, error.problems)
    edited.problems = {table: {kept[table][row] if row >= 0 else row: messages
                               for row, messages in problems.items()}
                       if table in kept else problems
                       for table, problems in edited.problems.items()}
    return edited


def _add_problems(edited: Edited, problems: list[Problem]) -> None:
    for problem in problems:
        table, row, message = problem_place(problem, edited.placement)
        edited.add(table, row, message)
