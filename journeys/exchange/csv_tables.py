"""A whole journey as three CSV tables (steps, transitions, barriers) and back.

``steps.csv`` has one row per step and says each step's stage and actor (with their labels
and the actor's resource level, so stages and actors need no table of their own);
``transitions.csv`` one row per transition; ``barriers.csv`` is the barrier register
(``journeys.exchange.register_csv``). The journey's header (id, title, language, region,
persona, …) is not in the tables: it comes from a base journey (``base``, the CLI's
``--onto``) or from the importer's options.

Imported onto a base journey, each table given replaces that part of the base; stages and
actors of the base are kept (labels and levels updated from ``steps.csv``), new ones are
added. Without a base, stages and actors are listed in the order ``steps.csv`` first names
them (a stage no step uses is not in the tables).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from journeys.exchange.ids import slug
from journeys.exchange.register_csv import read_register, register_barriers, register_csv
from journeys.exchange.table import Cells, Table, extra_cell, read_table, write_table
from journeys.formats import to_document
from journeys.graph import to_graph
from models import (
    CATEGORIES,
    LEVELS,
    Journey,
    JourneyError,
    JourneyFileError,
    JourneyInvalid,
    Problem,
    Step,
    Transition,
    parse_journey,
    problems_of,
)
from models.errors import quote, shown
from models.rules import Nearest, did_you_mean

STEP_COLUMNS = ("id", "label", "stage", "stage_label", "actor", "actor_label", "level",
                "channel", "duration_days", "reached", "emotion", "outcome", "description",
                "extra", "level_label", "barriers", "load")
TRANSITION_COLUMNS = ("from", "to", "kind", "data_transfer", "count", "label", "extra",
                      "barriers", "load")
DERIVED_COLUMNS = ("level_label", "barriers", "load")
"""Written for reading only (the number of barriers and the barrier load); ignored on import."""
FILES = ("steps.csv", "transitions.csv", "barriers.csv")


def journey_tables(journey: Journey, *, sep: str = ",", lang: str | None = None
                   ) -> dict[str, str]:
    """``{"steps.csv": …, "transitions.csv": …, "barriers.csv": …}`` as CSV text."""
    lang = lang or journey.language
    graph = to_graph(journey)
    steps = []
    for step in journey.steps:
        actor = journey.actors_by_id[step.actor]
        level = LEVELS[actor.level]
        steps.append([
            step.id, step.label, step.stage, journey.stages_by_id[step.stage].label, actor.id,
            actor.label, actor.level, step.channel, step.duration_days, step.reached,
            step.emotion, step.outcome, step.description, extra_cell(step.extra),
            level.de if lang == "de" else level.en, len(step.barriers),
            round(graph.nodes[step.id]["load"], 2)])
    transitions = [
        [t.from_, t.to, t.kind, t.data_transfer, t.count, t.label, extra_cell(t.extra),
         len(t.barriers), round(graph.edges[t.from_, t.to]["load"], 2)]
        for t in journey.transitions]
    return {"steps.csv": write_table(STEP_COLUMNS, steps, sep=sep),
            "transitions.csv": write_table(TRANSITION_COLUMNS, transitions, sep=sep),
            "barriers.csv": register_csv(journey, sep=sep, lang=lang)}


# -- reading --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    """A table's file name (for messages) and its bytes."""

    name: str
    data: bytes


def _validated(model: type[BaseModel], document: dict[str, Any], cells: Cells,
               column: Callable[[str], str] = lambda location: location) -> bool:
    try:
        model.model_validate(document)
    except ValidationError as error:
        for problem in problems_of(error, document):
            name = column(problem.location)
            if name in cells.bad:
                continue
            if problem.message == "is missing":
                cells.problem(name, "is empty", f"fill in the column '{name}'")
            else:
                cells.problem(name, problem.message, problem.hint)
        return False
    return True


def _fields(cells: Cells, text: tuple[str, ...], words: tuple[str, ...],
            whole: tuple[str, ...] = (), numbers: tuple[str, ...] = ()) -> dict[str, Any]:
    values: dict[str, Any] = {name: cells.text(name) for name in text}
    values.update({name: cells.word(name) for name in words})
    values.update({name: cells.whole(name) for name in whole})
    values.update({name: cells.number(name) for name in numbers})
    values["extra"] = cells.mapping("extra")
    return {key: value for key, value in values.items() if value is not None}


class _Registry:
    """Stages or actors: those of the base, then new ones in the order the table names them."""

    def __init__(self, kind: str, items: list[dict[str, Any]]) -> None:
        self.kind = kind
        self.entries = {item["id"]: dict(item) for item in items}  # the base's stay as given
        self.written: dict[tuple[str, str], tuple[Any, int]] = {}

    def note(self, cells: Cells, item_id: str, field: str, column: str, value: Any) -> None:
        """Take ``value`` (label or level) for ``item_id`` unless another row says otherwise."""
        item = self.entries.setdefault(item_id, {"id": item_id})
        if value is None:
            return
        earlier = self.written.get((item_id, field))
        if earlier and earlier[0] != value:
            cells.problem(column, f"{self.kind} '{quote(item_id)}' has {field} {shown(value)} "
                          f"here but {shown(earlier[0])} in line {earlier[1]}",
                          f"give every row of {self.kind} '{quote(item_id)}' the same {field}")
            return
        self.written[item_id, field] = (value, cells.row.line)
        item[field] = value


def _steps(table: Table, stages: _Registry, actors: _Registry, checked: bool
           ) -> tuple[list[dict], list[int]]:
    documents: list[dict[str, Any]] = []
    lines: list[int] = []
    first: dict[str, int] = {}
    for row in table.rows:
        cells = table.cells(row)
        step = _fields(cells, ("description",),
                       ("id", "stage", "actor", "channel", "outcome"), ("reached", "emotion"),
                       ("duration_days",))
        step["label"] = row.cells["label"]  # required, so an empty cell is an empty label
        if checked and not _validated(Step, step, cells):
            continue
        if step["id"] in first:
            cells.problem("id", f"duplicate step id '{quote(step['id'])}' (already line "
                          f"{first[step['id']]})", "give each step its own id")
            continue
        first[step["id"]] = row.line
        stages.note(cells, step["stage"], "label", "stage_label", cells.text("stage_label"))
        actors.note(cells, step["actor"], "label", "actor_label", cells.text("actor_label"))
        level = cells.whole("level")
        if level is not None and level not in LEVELS:
            cells.problem("level", f"must be 1..4, got {level}",
                          "1 household, 2 social environment, 3 social space, 4 institution")
        else:
            actors.note(cells, step["actor"], "level", "level", level)
        documents.append(step)
        lines.append(row.line)
    for actor_id, actor in actors.entries.items():
        if "level" not in actor:
            line = next(d_line for d, d_line in zip(documents, lines, strict=True)
                        if d["actor"] == actor_id)
            table.problems.append(Problem(
                f"line {line}, level", f"actor '{actor_id}' has no level",
                "fill the column level: 1 household, 2 social environment, 3 social space, "
                "4 institution"))
    for registry in (stages, actors):
        for item in registry.entries.values():
            item.setdefault("label", item["id"])
    table.check()
    if not documents:
        raise JourneyFileError("the table has no steps", file=table.name,
                               hint="add one row per step below the header")
    return documents, lines


def _transitions(table: Table, step_ids: list[str], checked: bool
                 ) -> tuple[list[dict], list[int]]:
    steps = Nearest(step_ids)
    documents: list[dict[str, Any]] = []
    lines: list[int] = []
    first: dict[tuple[str, str], int] = {}
    for row in table.rows:
        cells = table.cells(row)
        transition = _fields(cells, ("label",), ("from", "to", "kind", "data_transfer"),
                             ("count",))
        for name in ("from", "to"):
            value = transition.pop(name, "")
            if value and value not in steps:
                cells.problem(name, f"unknown step '{quote(value)}'",
                              did_you_mean(value, steps) or "use a step id from steps.csv")
            if value:
                transition[name] = value
        if checked and not _validated(Transition, transition, cells):
            continue
        if transition.get("kind") == "next":
            del transition["kind"]  # the default, written out in the table for reading
        pair = (transition["from"], transition["to"])
        if pair in first:
            cells.problem("from", f"duplicate transition {quote(pair[0])} → {quote(pair[1])} "
                          "(already line "
                          f"{first[pair]})", "keep one row per pair of steps")
            continue
        first[pair] = row.line
        documents.append(transition)
        lines.append(row.line)
    table.check()
    return documents, lines


def journey_from_tables(*, steps: Source | None = None, transitions: Source | None = None,
                        barriers: Source | None = None,
                        base: Journey | dict[str, Any] | None = None, title: str | None = None,
                        journey_id: str | None = None, language: str | None = None,
                        name: str = "<tables>") -> Journey:
    """Build a journey from CSV tables, onto ``base`` when given (see the module docstring;
    a base may be given as its document, ``formats.to_document``, to save memory).

    Without a base, ``steps`` is needed and ``title`` names the journey (``journey_id``
    defaults to its slug). Raises ``JourneyError``s naming the table, line and column.

    Rows are first taken as they are and the journey checked once as a whole; only when that
    fails are the tables read again row by row, so that each problem names its line and
    column (a valid 60,000-step table is not checked twice).
    """
    if base is None and steps is None:
        raise JourneyFileError("steps.csv is missing", file=name,
                               hint="give steps.csv (with transitions.csv and barriers.csv), "
                                    "or a base journey to import the tables onto (--onto)")
    arguments = {"steps": steps, "transitions": transitions, "barriers": barriers,
                 "title": title, "journey_id": journey_id, "language": language, "name": name}
    try:
        return _from_tables(base=base, checked=False, **arguments)
    except _ROW_FAILURES:
        return _from_tables(base=base, checked=True, **arguments)


_ROW_FAILURES = (JourneyError, LookupError, TypeError, ValueError, AttributeError)
"""What an unchecked row can lead to; the rows are then read again, checked one by one."""


def _from_tables(*, steps: Source | None, transitions: Source | None, barriers: Source | None,
                 base: Journey | dict[str, Any] | None, title: str | None,
                 journey_id: str | None, language: str | None, name: str,
                 checked: bool) -> Journey:
    # a base document is not changed: a pass replaces its lists and copies what it changes
    # (so the checked pass after a failed one starts from the same base)
    document: dict[str, Any] = (dict(base) if isinstance(base, dict) else to_document(base)
                                ) if base else {
        "schema": "journey/1", "id": journey_id or slug(title or "") or "journey",
        "title": title or "Journey", "language": language or "en", "stages": [],
        "actors": [], "steps": []}
    if base and title:
        document["title"] = title
    if base and journey_id:
        document["id"] = journey_id
    if base and language:
        document["language"] = language
    old_steps = {s["id"]: s for s in document["steps"]}
    old_transitions = {(t["from"], t["to"]): t for t in document.get("transitions", [])}
    places: dict[str, tuple[str, list[int]]] = {}
    if steps:
        table = read_table(steps.data, steps.name, required=(
            "id", "label", "stage", "actor", *(() if base else ("level",))), known=STEP_COLUMNS)
        stages = _Registry("stage", document["stages"])
        actors = _Registry("actor", document["actors"])
        document["steps"], lines = _steps(table, stages, actors, checked)
        document["stages"] = list(stages.entries.values())
        document["actors"] = list(actors.entries.values())
        places["steps"] = (steps.name, lines)
        if not barriers:
            _carry(document["steps"], old_steps, lambda s: s["id"])
    if transitions:
        table = read_table(transitions.data, transitions.name, required=("from", "to"),
                           known=TRANSITION_COLUMNS)
        document["transitions"], lines = _transitions(
            table, [s["id"] for s in document["steps"]], checked)
        places["transitions"] = (transitions.name, lines)
        if not barriers:
            _carry(document["transitions"], old_transitions, lambda t: (t["from"], t["to"]))
    if barriers:
        _place_barriers(document, barriers, checked)
    try:
        return parse_journey(document, file=name)
    except JourneyInvalid as error:
        raise JourneyInvalid([_relocated(p, places) for p in error.problems],
                             file=name) from None


def _carry(items: list[dict], old: dict, key: Callable[[dict], Any]) -> None:
    """Keep the base's barriers on steps or transitions that a table brings back."""
    for item in items:
        kept = old.get(key(item), {}).get("barriers")
        if kept:
            item["barriers"] = kept


def _place_barriers(document: dict[str, Any], source: Source, checked: bool) -> None:
    """Replace every barrier of ``document`` with those of the register ``source``."""
    steps = [s["id"] for s in document["steps"]]
    transitions = [(t["from"], t["to"]) for t in document.get("transitions", [])]
    categories = [*CATEGORIES, *(c["id"] for c in document.get("categories", []))]
    found = register_barriers(read_register(source.data, source.name), steps=steps,
                              transitions=transitions, categories=categories,
                              lang=document["language"], checked=checked)
    document["steps"] = [_with_barriers(step, found.on_steps.get(step["id"]))
                         for step in document["steps"]]
    if "transitions" in document:
        document["transitions"] = [
            _with_barriers(t, found.on_transitions.get((t["from"], t["to"])))
            for t in document["transitions"]]
    if found.categories:
        document["categories"] = [*document.get("categories", []), *found.categories]


def _with_barriers(item: dict[str, Any], barriers: list[dict] | None) -> dict[str, Any]:
    """``item`` with ``barriers`` (none: without the key), as a new mapping: a base's steps
    and transitions are not changed."""
    item = dict(item)
    if barriers:
        item["barriers"] = barriers
    else:
        item.pop("barriers", None)
    return item


def _relocated(problem: Problem, places: dict[str, tuple[str, list[int]]]) -> Problem:
    """``steps[3].stage`` → ``steps.csv line 5, stage`` for tables that were imported."""
    found = re.match(r"(steps|transitions)\[(\d+)\](?:\.(\w+))?", problem.location)
    if not found or found[1] not in places:
        return problem
    file, lines = places[found[1]]
    where = f"{file} line {lines[int(found[2])]}"
    return Problem(f"{where}, {found[3]}" if found[3] else where, problem.message, problem.hint)
