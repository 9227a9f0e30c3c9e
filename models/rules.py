"""The cross-reference rules of the journey format that a field type cannot express.

Each rule yields ``Problem``s naming the place and the fix; ``Journey`` runs them all in its
validator, so one load reports every broken rule at once.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from models.errors import Problem, quote

if TYPE_CHECKING:
    from models.journey import Journey


def location(path: Iterable[str | int]) -> str:
    """``("steps", 3, "barriers", 0)`` → ``steps[3].barriers[0]``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{quote(part)}" if text else quote(part)
    return text


SUGGESTIONS = 100
"""How many look-ups one ``Nearest`` makes, two for each of the problems printed (see
``models.errors.MAX_LINES``): each look-up costs time, and later problems are not shown."""

_SCAN_ALL = 300
"""Up to this many options every one is compared; above, only the ids next to the word in
sorted order (forwards and backwards), so that a look-up costs the same among 60,000 ids."""

_NEIGHBOURS = 40
"""Ids taken from each side of the word's place in each sorted order."""


def _around(ordered: list[str], key: str) -> list[str]:
    at = bisect.bisect_left(ordered, key)
    return ordered[max(0, at - _NEIGHBOURS): at + _NEIGHBOURS]


class Nearest:
    """The known ids of one kind: membership in O(1), and the closest ones to a misspelt id
    in bounded time (a typo keeps the start or the end of the id, so the ids next to it in
    sorted order, and in sorted order of the reversed ids, hold the close ones)."""

    def __init__(self, options: Iterable[str], budget: int = SUGGESTIONS) -> None:
        self.options = list(dict.fromkeys(options))
        self.known = set(self.options)
        self.budget = budget
        self._sorted: tuple[list[str], list[str]] | None = None

    def __contains__(self, word: object) -> bool:
        return word in self.known

    def _pool(self, word: str) -> list[str]:
        if len(self.options) <= _SCAN_ALL:
            return self.options
        if self._sorted is None:
            self._sorted = (sorted(self.options), sorted(o[::-1] for o in self.options))
        forwards, backwards = self._sorted
        near = _around(forwards, word) + [o[::-1] for o in _around(backwards, word[::-1])]
        return list(dict.fromkeys(near))

    def closest(self, word: str, count: int = 1, cutoff: float = 0.6) -> list[str]:
        """Up to ``count`` options close to ``word``, closest first (none once the budget
        of look-ups is spent)."""
        if self.budget <= 0:
            return []
        self.budget -= 1
        word = word[:200]  # nothing longer is close to an id
        return difflib.get_close_matches(word, self._pool(word), n=count, cutoff=cutoff)

    def choices(self, word: str) -> str:
        """The options to name in a hint: all of a few, else the three nearest and the count."""
        if len(self.options) <= 10:
            return ", ".join(map(quote, self.options)) or "(none yet)"
        near = self.closest(word, 3, cutoff=0) or self.options[:3]
        return f"{', '.join(map(quote, near))}, … ({len(self.options):,} in all)"


def did_you_mean(word: str, options: Iterable[str] | Nearest) -> str | None:
    """A hint naming the closest option, or None when nothing is close."""
    nearest = options if isinstance(options, Nearest) else Nearest(options)
    close = nearest.closest(word)
    return f"did you mean '{quote(close[0])}'?" if close else None


def _unique(items: list, field: str) -> Iterator[Problem]:
    ids = [item.id for item in items]
    if len(set(ids)) == len(ids):  # the usual case, decided without a loop in Python
        return
    first: dict[str, int] = {}
    for index, item_id in enumerate(ids):
        if item_id in first:
            yield Problem(location([field, index, "id"]),
                          f"duplicate id '{quote(item_id)}' (already used by "
                          f"{field}[{first[item_id]}])", "give each entry its own id")
        else:
            first[item_id] = index


def _unknown(path: list, kind: str, value: str, known: Nearest) -> Problem:
    hint = did_you_mean(value, known) or f"use one of: {known.choices(value)}"
    return Problem(location(path), f"unknown {kind} '{quote(value)}'", hint)


def _unknown_category(path: list, category: str, categories: Nearest) -> Problem:
    hint = did_you_mean(category, categories) or (
        "use a category id from the catalogue, or declare it under `categories:`")
    return Problem(location(path), f"unknown category '{quote(category)}'", hint)


def _references(journey: Journey) -> Iterator[Problem]:
    """Every id that names a stage, actor, step or category nobody declared (one pass, and
    only when a set difference says that some id is unknown)."""
    stages = Nearest(s.id for s in journey.stages)
    actors = Nearest(a.id for a in journey.actors)
    steps = Nearest(s.id for s in journey.steps)
    categories = Nearest(journey.known_categories())
    if _all_known(journey, stages, actors, steps, categories):
        return
    for field, items in (("steps", journey.steps), ("transitions", journey.transitions)):
        for index, item in enumerate(items):
            if field == "steps":
                if item.stage not in stages.known:
                    yield _unknown([field, index, "stage"], "stage", item.stage, stages)
                if item.actor not in actors.known:
                    yield _unknown([field, index, "actor"], "actor", item.actor, actors)
            else:
                if item.from_ not in steps.known:
                    yield _unknown([field, index, "from"], "step", item.from_, steps)
                if item.to not in steps.known:
                    yield _unknown([field, index, "to"], "step", item.to, steps)
            for number, barrier in enumerate(item.barriers):
                if barrier.category not in categories.known:
                    yield _unknown_category([field, index, "barriers", number, "category"],
                                            barrier.category, categories)
    for index, start in enumerate(journey.start or []):
        if start not in steps.known:
            yield _unknown(["start", index], "step", start, steps)


def _all_known(journey: Journey, stages: Nearest, actors: Nearest, steps: Nearest,
               categories: Nearest) -> bool:
    transitions = journey.transitions
    return ({s.stage for s in journey.steps} <= stages.known
            and {s.actor for s in journey.steps} <= actors.known
            and {t.from_ for t in transitions} <= steps.known
            and {t.to for t in transitions} <= steps.known
            and set(journey.start or ()) <= steps.known
            and {b.category for item in (*journey.steps, *transitions) for b in item.barriers}
            <= categories.known)


def _duplicate_transitions(journey: Journey) -> Iterator[Problem]:
    pairs = [(transition.from_, transition.to) for transition in journey.transitions]
    if len(set(pairs)) == len(pairs):
        return
    seen: dict[tuple[str, str], int] = {}
    for index, pair in enumerate(pairs):
        if pair in seen:
            yield Problem(location(["transitions", index]),
                          f"duplicate transition {quote(pair[0])} → {quote(pair[1])} "
                          f"(already transitions[{seen[pair]}])",
                          "keep one transition per pair of steps; put both barriers on it")
        else:
            seen[pair] = index


def _find_cycle(edges: dict[str, list[str]], roots: Iterable[str]) -> list[str] | None:
    """A cycle of ``edges`` as a closed list of nodes, or None: a depth-first search from
    each of ``roots`` in turn, iterative and in linear time (graphlib's order, without its
    quadratic bookkeeping)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in roots:
        if root in state:
            continue
        path, nexts = [root], [iter(edges.get(root, ()))]
        state[root] = 1
        while path:
            target = next(nexts[-1], None)
            if target is None:
                state[path.pop()] = 2
                nexts.pop()
            elif state.get(target) == 1:
                return [*path[path.index(target):], target]
            elif target not in state:
                state[target] = 1
                path.append(target)
                nexts.append(iter(edges.get(target, ())))
    return None


def _forward_in_file_order(journey: Journey) -> bool:
    """Whether every transition but the returns leads to a step declared later: then no
    cycle is possible (most journeys are written in this order; checking it is cheap)."""
    order = {step.id: i for i, step in enumerate(journey.steps)}
    return all(order.get(t.from_, -1) < order.get(t.to, -1)
               for t in journey.transitions if t.kind != "return")


def _cycle(journey: Journey) -> Iterator[Problem]:
    if _forward_in_file_order(journey):
        return
    edges: dict[str, list[str]] = {}
    roots: dict[str, None] = {}
    for transition in journey.transitions:
        if transition.kind != "return":
            edges.setdefault(transition.from_, []).append(transition.to)
            roots.setdefault(transition.to)
            roots.setdefault(transition.from_)
    cycle = _find_cycle(edges, roots)
    if cycle:
        pairs = list(itertools.pairwise(cycle))
        order = {step.id: i for i, step in enumerate(journey.steps)}
        # the edge that leads back is the one into a step declared no later than its source
        back = next((e for e in pairs if order.get(e[1], 0) <= order.get(e[0], 0)), pairs[-1])
        index = next(i for i, t in enumerate(journey.transitions)
                     if (t.from_, t.to) == back and t.kind != "return")
        shown = " → ".join(quote(step) for step in cycle[:12]) + (" → …" if len(cycle) > 12
                                                                     else "")
        yield Problem(location(["transitions", index]),
                      f"steps form a cycle {shown} without a `return` transition",
                      f"mark the transition that leads back ({quote(back[0])} → "
                      f"{quote(back[1])}) as `kind: return`, or remove it")


def _ways_on(journey: Journey, complete: bool) -> Iterator[Problem]:
    """A dropout step ends the journey: no way leads on from it (a ``return`` may lead back,
    for someone who starts again). A ``return`` leads back to an earlier step (one the
    forward transitions lead from to its source), never forward or sideways; this is only
    checked when every reference is ``complete`` (a missing step could be the way back)."""
    if not journey.dropout_ids() and all(t.kind != "return" for t in journey.transitions):
        return
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
    """Every broken cross-reference rule of ``journey`` (empty when it is valid), in time
    linear in the size of the journey."""
    problems: list[Problem] = []
    for field in ("stages", "actors", "steps", "categories"):
        problems += _unique(getattr(journey, field), field)
    problems += _references(journey)
    problems += _duplicate_transitions(journey)
    if journey.steps and not journey.goal_ids():
        problems.append(Problem("steps", "no step has `outcome: goal`",
                                "mark the step where the person reaches the aid offer with "
                                "`outcome: goal`"))
    if not journey.steps:
        problems.append(Problem("steps", "the journey has no steps", "add at least one step"))
    cycle = list(_cycle(journey))
    problems += cycle or _ways_on(journey, complete=not problems)
    return problems
