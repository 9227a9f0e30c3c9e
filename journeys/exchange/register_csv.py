"""The barrier register as a CSV table: one row per barrier, for Excel and back.

Columns have stable English ids (they are the round-trip contract); the ``*_label`` columns
carry the German or English words for people reading the table. Placement columns
(``step``, or ``from`` and ``to`` for a barrier on a transition) and the barrier's own fields
are read back; columns marked derived below are written for reading and filtering only and
are ignored on import (the journey computes them).

A barrier has one group of ``mitigation_N_idea``, ``mitigation_N_owner`` and
``mitigation_N_status`` columns per mitigation (at least one group, so one can be added in
Excel). Free-form ``extra`` data is a JSON object in the ``extra`` column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from journeys.exchange.table import Cell, Cells, Table, extra_cell, read_table, write_table
from journeys.register import PlacedBarrier, barrier_register
from models import DIMENSIONS, LEVELS, Barrier, Journey, JourneyFileError, problems_of
from models.errors import quote
from models.rules import Nearest, did_you_mean

PLACE_COLUMNS = ("ref", "step", "from", "to", "stage", "actor", "level", "channel")
BARRIER_COLUMNS = ("category", "dimension", "severity", "description", "affected", "votes",
                   "load", "evidence_source", "evidence_note", "evidence_date")
MITIGATION_FIELDS = ("idea", "owner", "status")
LABEL_COLUMNS = ("step_label", "stage_label", "actor_label", "level_label", "category_label",
                 "dimension_label")
DERIVED_COLUMNS = ("ref", "stage", "actor", "level", "channel", "dimension", "load",
                   *LABEL_COLUMNS)
"""Written for reading only; ``dimension`` and ``category_label`` declare a custom category."""
REQUIRED_COLUMNS = ("category", "severity")
MITIGATION_COLUMN = r"mitigation_([1-9]\d*)_(idea|owner|status)"
MAX_MITIGATIONS = 99
"""Highest mitigation number a register column may carry (``mitigation_99_status``)."""


def mitigation_columns(count: int) -> list[str]:
    """``mitigation_1_idea``, ``mitigation_1_owner``, ``mitigation_1_status``, … for ``count``.

    >>> mitigation_columns(1)
    ['mitigation_1_idea', 'mitigation_1_owner', 'mitigation_1_status']
    """
    return [f"mitigation_{n}_{name}" for n in range(1, count + 1) for name in MITIGATION_FIELDS]


def register_columns(mitigations: int = 1) -> list[str]:
    """The register's header for barriers with up to ``mitigations`` mitigations."""
    return [*PLACE_COLUMNS, *BARRIER_COLUMNS, *mitigation_columns(max(1, mitigations)),
            "extra", *LABEL_COLUMNS]


def _row(journey: Journey, placed: PlacedBarrier, mitigations: int, lang: str) -> list[Cell]:
    barrier = placed.barrier
    category = journey.category(barrier.category)
    dimension = DIMENSIONS.get(category.dimension)
    evidence = barrier.evidence
    source, target = placed.transition or (None, None)
    cells: list[Cell] = [
        placed.ref, placed.step, source, target, placed.stage, placed.actor, placed.level,
        placed.channel, barrier.category, category.dimension, barrier.severity,
        barrier.description, barrier.affected, barrier.votes, round(placed.load, 2),
        evidence.source if evidence else None, evidence.note if evidence else None,
        evidence.date if evidence else None]
    for index in range(max(1, mitigations)):
        item = barrier.mitigations[index] if index < len(barrier.mitigations) else None
        cells += [item.idea, item.owner, item.status] if item else [None, None, None]
    level = LEVELS[placed.level]
    cells += [extra_cell(barrier.extra), journey.steps_by_id[placed.step].label,
              journey.stages_by_id[placed.stage].label,
              journey.actors_by_id[placed.actor].label, level.de if lang == "de" else level.en,
              category.label(lang),
              (dimension.de if lang == "de" else dimension.en) if dimension else None]
    return cells


def register_csv(journey: Journey, *, sep: str = ",", lang: str | None = None) -> str:
    """The barrier register of ``journey`` as CSV text (labels in ``lang``, default the
    journey's language); ``sep=";"`` for German Excel."""
    lang = lang or journey.language
    placed = barrier_register(journey)
    mitigations = max((len(p.barrier.mitigations) for p in placed), default=1)
    return write_table(register_columns(mitigations),
                       (_row(journey, p, mitigations, lang) for p in placed), sep=sep)


# -- reading --------------------------------------------------------------------------------

@dataclass
class RegisterBarriers:
    """Barriers read from a register, grouped by where they go, in the register's order."""

    on_steps: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    on_transitions: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    categories: list[dict[str, Any]] = field(default_factory=list)


def read_register(data: bytes, name: str) -> Table:
    """Parse a register CSV and check its columns (nothing about the journey yet)."""
    known = [*PLACE_COLUMNS, *BARRIER_COLUMNS, "extra", *LABEL_COLUMNS]
    table = read_table(data, name, required=REQUIRED_COLUMNS, known=known,
                       repeated=MITIGATION_COLUMN)
    if "step" not in table.columns and not {"from", "to"} <= set(table.columns):
        raise JourneyFileError("missing column 'step'", file=name, location="line 1",
                               hint="a barrier needs a place: the column step, or from and to "
                                    "for a barrier on a transition")
    return table


def _column(location: str) -> str:
    """A model location (``evidence.source``, ``mitigations[0].idea``) as its column."""
    found = re.fullmatch(r"mitigations\[(\d+)\]\.(\w+)", location)
    if found:
        return f"mitigation_{int(found[1]) + 1}_{found[2]}"
    return location.replace(".", "_")


def _barrier(cells: Cells, mitigations: list[int], checked: bool) -> dict[str, Any] | None:
    """The barrier fields of one row, validated when ``checked``; None (with problems noted)
    when broken. (Valid fields come back as they went in: typed cells, in the model's order.)"""
    fields: dict[str, Any] = {
        "category": cells.word("category"), "severity": cells.whole("severity"),
        "description": cells.text("description"), "affected": cells.number("affected"),
        "votes": cells.whole("votes")}
    evidence = {"source": cells.word("evidence_source"), "note": cells.text("evidence_note"),
                "date": cells.date("evidence_date")}
    if any(v is not None for v in evidence.values()):
        fields["evidence"] = _set(evidence)
    items = []
    for number in mitigations:
        item = {"idea": cells.text(f"mitigation_{number}_idea"),
                "owner": cells.text(f"mitigation_{number}_owner"),
                "status": cells.word(f"mitigation_{number}_status")}
        if any(v is not None for v in item.values()):
            items.append(_set(item))
    fields["mitigations"] = items
    fields["extra"] = cells.mapping("extra")
    document = {key: value for key, value in fields.items() if value not in (None, [])}
    if not checked:
        return document
    try:
        return Barrier.model_validate(document).model_dump(by_alias=True, exclude_unset=True)
    except ValidationError as error:
        for problem in problems_of(error, document):
            column = _column(problem.location)
            if column in cells.bad:
                continue  # already reported: the cell was not a number or date
            if problem.message == "is missing":
                cells.problem(column, "is empty", f"fill in the column '{column}'")
            else:
                cells.problem(column, problem.message, problem.hint)
        return None


def _set(values: dict[str, Any]) -> dict[str, Any]:
    """The fields of a row that are set (empty cells are left out, not null)."""
    return {key: value for key, value in values.items() if value is not None}


def _declare(cells: Cells, category: str, known: list[str], lang: str,
             result: RegisterBarriers) -> bool:
    """Whether ``category`` is usable; a new id with a ``category_label`` declares it."""
    if category in known:
        return True
    label = cells.text("category_label")
    if label is None:
        cells.problem("category", f"unknown category '{quote(category)}'",
                      did_you_mean(category, known) or "use a category id from the catalogue, "
                      "or give the new category a name in the column category_label")
        return False
    dimension = cells.word("dimension") or "none"
    if dimension not in (*DIMENSIONS, "none"):
        cells.problem("dimension", f"unknown dimension '{quote(dimension)}'",
                      did_you_mean(dimension, DIMENSIONS) or
                      f"use one of: {', '.join(DIMENSIONS)}, none")
        return False
    result.categories.append({"id": category, lang: label, "dimension": dimension})
    known.append(category)
    return True


def _mitigation_numbers(table: Table) -> list[int]:
    """The mitigation numbers the header names, in order; a number above ``MAX_MITIGATIONS``
    is an error (it would make every row read that many empty mitigations)."""
    numbers: set[int] = set()
    for column in table.columns:
        found = re.fullmatch(MITIGATION_COLUMN, column)
        if found:
            if len(found[1]) > len(str(MAX_MITIGATIONS)) or int(found[1]) > MAX_MITIGATIONS:
                raise JourneyFileError(
                    f"column '{quote(column)}': a barrier has at most {MAX_MITIGATIONS} "
                    "mitigations", file=table.name, location="line 1",
                    hint="number the mitigation columns 1, 2, 3, …")
            numbers.add(int(found[1]))
    return sorted(numbers)


def register_barriers(table: Table, *, steps: Sequence[str],
                      transitions: Sequence[tuple[str, str]], categories: Sequence[str],
                      lang: str, checked: bool = True) -> RegisterBarriers:
    """Check each row of a register against a journey's steps, transitions and categories.

    Raises ``JourneyInvalid`` naming every bad row and column. Unless ``checked``, the
    barriers' fields are left for the journey's own validation (which must follow).
    """
    mitigations = _mitigation_numbers(table)
    known = list(categories)
    places = (Nearest(steps), dict.fromkeys(transitions))  # in order, found in O(1)
    result = RegisterBarriers()
    for row in table.rows:
        cells = table.cells(row)
        place = _place(cells, *places)
        barrier = _barrier(cells, mitigations, checked)
        if barrier is None or place is None:
            continue
        if not _declare(cells, barrier["category"], known, lang, result):
            continue
        if isinstance(place, tuple):
            result.on_transitions.setdefault(place, []).append(barrier)
        else:
            result.on_steps.setdefault(place, []).append(barrier)
    table.check()
    return result


def _place(cells: Cells, steps: Nearest,
           transitions: dict[tuple[str, str], None]) -> str | tuple[str, str] | None:
    """The step id, or the (from, to) pair, a row's barrier belongs to."""
    source, target = cells.word("from"), cells.word("to")
    if source or target:
        if not (source and target):
            cells.problem("to" if source else "from", "is empty",
                          "a barrier on a transition needs both from and to; for a barrier on "
                          "a step, leave both empty")
            return None
        pair = (source, target)
        if pair not in transitions:
            listed = [] if cells.crowded else [
                f"{quote(a)} → {quote(b)}" for a, b in transitions if pair[0] == a or pair[1] == b
            ][:10]
            cells.problem("from", f"unknown transition {quote(pair[0])} → {quote(pair[1])}",
                          f"transitions near it: {', '.join(listed)}" if listed else
                          "add the transition to the journey first")
            return None
        return pair
    step = cells.word("step")
    if step is None:
        cells.problem("step", "is empty", "name the step the barrier is on")
        return None
    if step not in steps:
        cells.problem("step", f"unknown step '{quote(step)}'",
                      did_you_mean(step, steps) or "use a step id of the journey")
        return None
    return step
