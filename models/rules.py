"""The cross-reference rules of the journey format that a field type cannot express.

Each rule yields ``Problem``s naming the place and the fix; ``Journey`` runs them all in its
validator, so one load reports every broken rule at once.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

from models.errors import Problem

if TYPE_CHECKING:
    from models.journey import Barrier, Journey


def location(path: Iterable[str | int]) -> str:
    """``("steps", 3, "barriers", 0)`` → ``steps[3].barriers[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """A hint naming the closest option, or None when nothing is close."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None


def _unique(items: list, field: str) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, item in enumerate(items):
        if item.id in first:
            yield Problem(location([field, index, "id"]),
                          f"duplicate id '{item.id}' (already used by {field}[{first[item.id]}])",
                          "give each entry its own id")
        else:
            first[item.id] = index


def _reference(path: list, kind: str, value: str, known: list[str]) -> Iterator[Problem]:
    if value not in known:
        hint = did_you_mean(value, known) or f"use one of: {', '.join(known) or '(none yet)'}"
        yield Problem(location(path), f"unknown {kind} '{value}'", hint)


def _barriers(path: list, barriers: list[Barrier], categories: list[str]) -> Iterator[Problem]:
    for index, barrier in enumerate(barriers):
        if barrier.category not in categories:
            hint = did_you_mean(barrier.category, categories) or (
                "use a category id from the catalogue, or declare it under `categories:`")
            yield Problem(location([*path, "barriers", index, "category"]),
                          f"unknown category '{barrier.category}'", hint)


def _cycle(journey: Journey) -> Iterator[Problem]:
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for transition in journey.transitions:
        if transition.kind != "return":
            sorter.add(transition.to, transition.from_)
    try:
        sorter.prepare()
    except CycleError as error:
        cycle = error.args[1]
        edges = list(itertools.pairwise(cycle))
        order = {step.id: i for i, step in enumerate(journey.steps)}
        # the edge that leads back is the one into a step declared no later than its source
        back = next((e for e in edges if order.get(e[1], 0) <= order.get(e[0], 0)), edges[-1])
        index = next(i for i, t in enumerate(journey.transitions)
                     if (t.from_, t.to) == back and t.kind != "return")
        yield Problem(location(["transitions", index]),
                      f"steps form a cycle {' → '.join(cycle)} without a `return` transition",
                      f"mark the transition that leads back ({back[0]} → {back[1]}) as "
                      "`kind: return`, or remove it")


def _ways_on(journey: Journey, complete: bool) -> Iterator[Problem]:
    """A dropout step ends the journey: no way leads on from it (a ``return`` may lead back,
    for someone who starts again). A ``return`` leads back to an earlier step (one the
    forward transitions lead from to its source), never forward or sideways; this is only
    checked when every reference is ``complete`` (a missing step could be the way back)."""
    steps = journey.steps_by_id
    ancestry: _Ancestry | None = None
    for index, transition in enumerate(journey.transitions):
        source = steps.get(transition.from_)
        if source is None or transition.to not in steps:
            continue
        if transition.kind != "return" and source.outcome == "dropout":
            yield Problem(location(["transitions", index]),
                          f"a way leads on from the dropout step '{source.id}' (a dropout "
                          "step is where people leave the journey)",
                          f"remove this transition, or remove `outcome: dropout` from "
                          f"'{source.id}' and let those who leave go to a dropout step of "
                          "their own")
        elif complete and transition.kind == "return" and transition.from_ != transition.to:
            ancestry = ancestry or _Ancestry(journey)
            if not ancestry.leads_back(transition.from_, transition.to):
                yield Problem(location(["transitions", index, "kind"]),
                              f"the return {transition.from_} → {transition.to} does not "
                              f"lead back: '{transition.to}' does not come before "
                              f"'{transition.from_}'",
                              "a return must lead back to an earlier step; use `kind: next` "
                              "for a way forward")


class _Ancestry:
    """Which steps the forward transitions (a DAG) lead from to a step, asked cheaply: a
    topological order says "no" at once when the target comes later, a depth-first spanning
    forest says "yes" at once for a target above the source in it (every chain and tree),
    and only the rest is searched backwards, skipping steps sorted before the target."""

    def __init__(self, journey: Journey) -> None:
        self.before: dict[str, list[str]] = {}
        after: dict[str, list[str]] = {}
        for transition in journey.transitions:
            if transition.kind != "return":
                self.before.setdefault(transition.to, []).append(transition.from_)
                after.setdefault(transition.from_, []).append(transition.to)
        roots = [step for step in journey.steps_by_id if step not in self.before]
        waiting = {step: len(froms) for step, froms in self.before.items()}
        self.order: dict[str, int] = {}
        ready = list(roots)
        while ready:  # Kahn's topological sort (the forward graph has no cycle here)
            step = ready.pop()
            self.order[step] = len(self.order)
            for child in after.get(step, ()):
                waiting[child] -= 1
                if not waiting[child]:
                    ready.append(child)
        self.enter: dict[str, int] = {}
        self.leave: dict[str, int] = {}
        clock = 0
        for root in roots:  # a depth-first spanning forest, with entry and exit times
            self.enter[root], clock = clock, clock + 1
            stack = [(root, after.get(root, ()), 0)]
            while stack:
                node, children, next_child = stack.pop()
                while next_child < len(children) and children[next_child] in self.enter:
                    next_child += 1
                if next_child == len(children):
                    self.leave[node], clock = clock, clock + 1
                    continue
                child = children[next_child]
                stack.append((node, children, next_child + 1))
                self.enter[child], clock = clock, clock + 1
                stack.append((child, after.get(child, ()), 0))

    def _above(self, upper: str, lower: str) -> bool:
        """Whether ``upper`` is ``lower`` or above it in the spanning forest."""
        return self.enter[upper] <= self.enter[lower] and self.leave[lower] <= self.leave[upper]

    def leads_back(self, source: str, target: str) -> bool:
        """Whether ``target`` is ``source`` or one of its forward ancestors."""
        if self._above(target, source):
            return True
        floor = self.order.get(target, -1)
        if floor > self.order.get(source, -1):
            return False
        seen, todo = {source}, [source]
        while todo:
            for step in self.before.get(todo.pop(), ()):
                if self._above(target, step):
                    return True
                if step not in seen and self.order.get(step, -1) > floor:
                    seen.add(step)
                    todo.append(step)
        return False


def journey_problems(journey: Journey) -> list[Problem]:
    """Every broken cross-reference rule of ``journey`` (empty when it is valid)."""
    problems: list[Problem] = []
    for field in ("stages", "actors", "steps", "categories"):
        problems += _unique(getattr(journey, field), field)
    stages = [s.id for s in journey.stages]
    actors = [a.id for a in journey.actors]
    steps = [s.id for s in journey.steps]
    categories = journey.known_categories()
    for index, step in enumerate(journey.steps):
        problems += _reference(["steps", index, "stage"], "stage", step.stage, stages)
        problems += _reference(["steps", index, "actor"], "actor", step.actor, actors)
        problems += _barriers(["steps", index], step.barriers, categories)
    seen: dict[tuple[str, str], int] = {}
    for index, transition in enumerate(journey.transitions):
        problems += _reference(["transitions", index, "from"], "step", transition.from_, steps)
        problems += _reference(["transitions", index, "to"], "step", transition.to, steps)
        problems += _barriers(["transitions", index], transition.barriers, categories)
        pair = (transition.from_, transition.to)
        if pair in seen:
            problems.append(Problem(
                location(["transitions", index]),
                f"duplicate transition {pair[0]} → {pair[1]} (already transitions[{seen[pair]}])",
                "keep one transition per pair of steps; put both barriers on it"))
        seen.setdefault(pair, index)
    for index, start in enumerate(journey.start or []):
        problems += _reference(["start", index], "step", start, steps)
    if journey.steps and not journey.goal_ids():
        problems.append(Problem("steps", "no step has `outcome: goal`",
                                "mark the step where the person reaches the aid offer with "
                                "`outcome: goal`"))
    if not journey.steps:
        problems.append(Problem("steps", "the journey has no steps", "add at least one step"))
    cycle = list(_cycle(journey))
    problems += cycle or _ways_on(journey, complete=not problems)
    return problems
