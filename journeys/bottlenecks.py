"""Bottlenecks: the steps where barriers, routes, drop-off and waiting come together.

Score of a step (the same in docs/analysis.md and ``journeys analyze --help``)::

    pressure = barrier load of the step
               + 5 × share of people who drop out here
               + 1 per week of waiting (duration_days ÷ 7, at most 5)
    score    = pressure × share of routes to a goal that pass the step

The barrier load of a step counts its own barriers and those on the transitions leading into it
(the person meets them on the way in). Dropping out weighs like a barrier of severity 5 that
hits the share who leave; a wait of five weeks or more weighs like one such barrier hitting
everyone. Routes are counted exactly, without listing them (a 2^30-route journey is fine);
a step is *unavoidable* when every route passes it. When no route reaches a goal, the score is
the pressure alone.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Container, Sequence
from dataclasses import dataclass

import networkx as nx
from pydantic import BaseModel, ConfigDict

from journeys.graph import route_graph, route_order, to_graph
from journeys.i18n import number, percent, translate
from journeys.register import PlacedBarrier, barrier_register
from models import Journey

DROPOUT_WEIGHT = 5.0
"""Dropping out weighs like a barrier of this severity hitting the share who drop out."""
DAYS_PER_POINT = 7.0
MAX_WAIT_POINTS = 5.0

TEXT = {
    "en": {
        "all_routes": "all {total} routes pass here",
        "only_route": "the only route passes here",
        "some_routes": "{through} of {total} routes pass here",
        "one_route": "1 of {total} routes passes here",
        "no_route": "on no route to a goal",
        "no_barrier": "no barriers recorded",
        "one_barrier": "1 barrier, load {load}: {worst}",
        "barriers": "{count} barriers, load {load}, worst: {worst}",
        "dropout": "{dropped} of {reached} people ({share}) drop out here",
        "dropout_to": "{dropped} of {reached} people ({share}) drop out here (→ “{step}”)",
        "waiting": "{days} days waiting",
        "waiting_one": "1 day waiting",
        "votes": "{votes} votes from the room", "vote": "1 vote from the room",
        "unknown_count": "drop-off unknown: no count on the transition to “{step}”",
        "too_many_out": "drop-off unknown: {out} people go on, but only {reached} "
                        "reached this step",
        "too_many_in": "drop-off unknown: transitions bring {into} people here, but only "
                       "{reached} reached this step",
        "too_many_in_known": "drop-off unknown: transitions bring at least {into} people here, "
                             "but only {reached} reached this step",
        "too_many_leave": "drop-off unknown: {out} people go on and {off} drop out, but only "
                          "{reached} reached this step",
        "unknown_return": "drop-off unknown: no count on the return from “{step}”",
        "nobody": "drop-off unknown: nobody reached this step",
        "comes_back": "{count:person comes|people come} back here (return from “{step}”)",
        "goes_back": "{count:person goes|people go} back to “{step}” (return)",
    },
    "de": {
        "all_routes": "alle {total} Wege führen hier durch",
        "only_route": "der einzige Weg führt hier durch",
        "some_routes": "{through} von {total} Wegen führen hier durch",
        "one_route": "1 von {total} Wegen führt hier durch",
        "no_route": "liegt auf keinem Weg zum Ziel",
        "no_barrier": "keine Barrieren erfasst",
        "one_barrier": "1 Barriere, Last {load}: {worst}",
        "barriers": "{count} Barrieren, Last {load}, schwerste: {worst}",
        "dropout": "{dropped} von {reached} Personen ({share}) steigen hier aus",
        "dropout_to": "{dropped} von {reached} Personen ({share}) steigen hier aus (→ „{step}“)",
        "waiting": "{days} Tage Wartezeit",
        "waiting_one": "1 Tag Wartezeit",
        "votes": "{votes} Punkte aus dem Raum", "vote": "1 Punkt aus dem Raum",
        "unknown_count": "Ausstieg unbekannt: keine Anzahl am Übergang zu „{step}“",
        "too_many_out": "Ausstieg unbekannt: {out} Personen gehen weiter, aber nur {reached} "
                        "haben diesen Schritt erreicht",
        "too_many_in": "Ausstieg unbekannt: Übergänge bringen {into} Personen hierher, aber nur "
                       "{reached} haben diesen Schritt erreicht",
        "too_many_in_known": "Ausstieg unbekannt: Übergänge bringen mindestens {into} Personen "
                             "hierher, aber nur {reached} haben diesen Schritt erreicht",
        "too_many_leave": "Ausstieg unbekannt: {out} Personen gehen weiter und {off} steigen "
                          "aus, aber nur {reached} haben diesen Schritt erreicht",
        "unknown_return": "Ausstieg unbekannt: keine Anzahl am Rückweg von „{step}“",
        "nobody": "Ausstieg unbekannt: niemand hat diesen Schritt erreicht",
        "comes_back": "{count:Person kommt|Personen kommen} hierher zurück (Rückweg von "
                      "„{step}“)",
        "goes_back": "{count:Person geht|Personen gehen} zurück zu „{step}“ (Rückweg)",
    },
}


# A plain dataclass with slots, described to pydantic (``__pydantic_config__``): in the JSON
# schema and validated like a model when read back, made without validation (every step has
# one; a model takes 1.2 kB and a pydantic dataclass five times as long to make).
@dataclass(kw_only=True, slots=True)
class Bottleneck:
    """One step with its score and everything that made it, in numbers and in words."""

    __pydantic_config__ = ConfigDict(use_attribute_docstrings=True)

    step: str
    label: str
    score: float
    load: float
    barriers: list[str]
    """References (``journeys.register``) of the barriers that make up ``load``."""
    routes_through: int
    routes_total: int
    unavoidable: bool
    reached: int | None = None
    """People who arrived on a forward transition (or started here): ``reached``, else the
    sum of the incoming forward ``count``s."""
    came_back: int | None = None
    """People whom ``return`` transitions brought back here (their ``count``s), on top of
    ``reached``; None when unknown or not needed."""
    dropped: int | None = None
    """reached + came_back − those who go on (to a step that is not a dropout)."""
    dropout_share: float | None = None
    """dropped ÷ (reached + came_back)."""
    dropout_note: str | None = None
    """Why drop-off cannot be computed although numbers were given (None otherwise)."""
    days: float | None = None
    reasons: list[str]


class RouteCounts(BaseModel):
    """Exact route counts: how many start→goal routes pass each step, and how many exist."""

    through: dict[str, int]
    total: int


def route_counts(journey: Journey, graph: nx.DiGraph | None = None) -> RouteCounts:
    """Count routes (start → goal paths on the forward graph) through every step, exactly.

    ``graph`` may be a subgraph (steps left out are avoided).

    Dynamic programming over the DAG: routes through v = (ways from a start to v) × (ways from
    v to a goal). Counts the same routes ``journeys.routes`` enumerates, without listing them.

    >>> from models import parse_journey
    >>> journey = parse_journey({"id": "j", "title": "J", "language": "en",
    ...     "stages": [{"id": "s", "label": "S"}],
    ...     "actors": [{"id": "p", "label": "Person", "level": 1}],
    ...     "steps": [{"id": i, "label": i, "stage": "s", "actor": "p"} for i in "abcd"]
    ...              + [{"id": "g", "label": "g", "stage": "s", "actor": "p", "outcome": "goal"}],
    ...     "transitions": [{"from": "a", "to": "b"}, {"from": "a", "to": "c"},
    ...                     {"from": "b", "to": "d"}, {"from": "c", "to": "d"},
    ...                     {"from": "d", "to": "g"}, {"from": "b", "to": "g"}]})
    >>> counts = route_counts(journey)
    >>> counts.total, counts.through["b"], counts.through["c"], counts.through["d"]
    (3, 2, 1, 2)
    """
    graph = graph if graph is not None else to_graph(journey)
    forward = route_graph(graph)
    order = route_order(graph)
    starts, goals = set(journey.start_ids()), set(journey.goal_ids())
    following = dict(forward.adjacency())  # step → its successors (plain dicts: fast)
    into = dict.fromkeys(order, 0)  # pushed forward along the transitions
    for step in order:
        ways = into[step] = into[step] + (step in starts)
        if ways:
            for successor in following[step]:
                into[successor] += ways
    out: dict[str, int] = {}
    for step in reversed(order):
        successors = following[step]
        out[step] = (step in goals) + (sum(map(out.__getitem__, successors)) if successors
                                       else 0)
    return RouteCounts(through={s: into[s] * out[s] for s in order},
                       total=sum(out.get(s, 0) for s in starts))


def unavoidable_steps(journey: Journey, graph: nx.DiGraph | None = None, *,
                      counts: RouteCounts | None = None) -> set[str]:
    """Steps every route passes (cut points): removing one disconnects all starts from all
    goals. A step is on every route exactly when the routes through it are all routes (a
    route passes a step at most once), so this is exact no matter how many routes there are;
    empty when no route reaches a goal. ``counts``: ``route_counts`` of the same graph."""
    counts = counts if counts is not None else route_counts(journey, graph)
    if not counts.total:
        return set()
    return {step for step, through in counts.through.items() if through == counts.total}


def count_text(count: int, lang: str) -> str:
    """A route count as people read it: ``1,024`` or, past a trillion, ``≈ 8.7 × 10^81``
    (counts grow exponentially; a float cannot even hold some of them).

    >>> count_text(2 ** 30, "de"), count_text(3 ** 200, "en")
    ('1.073.741.824', '≈ 2.7 × 10^95')
    """
    if count < 10 ** 12:
        return number(count, lang)
    exponent = int(math.log10(count))  # exact for ints of any size, up to float rounding:
    exponent += (count >= 10 ** (exponent + 1)) - (count < 10 ** exponent)
    lead = (count // 10 ** (exponent - 2) + 5) // 10  # the first two digits, rounded
    if lead == 100:
        lead, exponent = 10, exponent + 1
    return f"≈ {number(lead / 10, lang)} × 10^{exponent}"


@dataclass(frozen=True)
class _Flow:
    """What the observed numbers say about one step (``note``: why they say nothing)."""

    reached: int | None = None
    came_back: int | None = None
    dropped: int | None = None
    share: float | None = None
    main_exit: str | None = None
    note: str | None = None
    loops: tuple[str, ...] = ()


_UNKNOWN = _Flow()
"""The flow of a step without numbers (most steps): one object for all of them."""


def _flow(journey: Journey, graph: nx.DiGraph, step_id: str, lang: str,
          counted: Container[str]) -> _Flow:
    """Observed drop-off at a step from ``reached`` and transition ``count``s, or why not.

    Flow is kept: people arrive (``reached``, which counts arrivals on forward transitions,
    plus those a ``return`` brings back) and leave (every transition's ``count``, returns
    included); the rest drop out here. ``counted``: the steps a transition with a ``count``
    leads to."""
    steps = journey.steps_by_id
    step = steps[step_id]
    if step.reached is None and step_id not in counted:  # nothing observed: no need to look
        return _UNKNOWN
    edges = graph.edges
    counts_in: list[int | None] = []  # on forward transitions into the step
    returns_in: list[str] = []
    for source, edge in graph.pred[step_id].items():
        if edge["kind"] == "return":
            returns_in.append(source)
        else:
            counts_in.append(edge["transition"].count)
    known_in = sum(c for c in counts_in if c is not None)
    into = known_in if counts_in and None not in counts_in else None
    reached = step.reached if step.reached is not None else into
    if reached is None:
        return _UNKNOWN
    if step.outcome or not graph.succ[step_id]:
        return _Flow(reached=reached)
    if known_in > reached:
        return _Flow(reached=reached, note=translate(
            TEXT, "too_many_in" if into is not None else "too_many_in_known", lang,
            into=known_in, reached=reached))
    loops = tuple(translate(TEXT, "comes_back", lang, count=edges[p, step_id]["transition"].count,
                            step=steps[p].label)
                  for p in returns_in if edges[p, step_id]["transition"].count) + tuple(
        translate(TEXT, "goes_back", lang, count=edges[step_id, t]["transition"].count,
                  step=steps[t].label)
        for t in graph.successors(step_id)
        if edges[step_id, t]["kind"] == "return" and edges[step_id, t]["transition"].count)
    going_on, exits = 0, defaultdict[str, int](int)
    for target in graph.successors(step_id):
        transition = edges[step_id, target]["transition"]
        count = transition.count
        if count is None and transition.kind != "return" and [
                p for p in graph.predecessors(target)
                if edges[p, target]["kind"] != "return"] == [step_id]:
            count = steps[target].reached
        if steps[target].outcome == "dropout":
            exits[target] += count or 0
            continue
        if count is None:
            return _Flow(reached=reached, note=translate(
                TEXT, "unknown_count", lang, step=steps[target].label), loops=loops)
        going_on += count
    came_back = 0
    for source in returns_in:
        count = edges[source, step_id]["transition"].count
        if count is None:
            return _Flow(reached=reached, note=translate(
                TEXT, "unknown_return", lang, step=steps[source].label), loops=loops)
        came_back += count
    arrived = reached + came_back
    if going_on > arrived:
        return _Flow(reached=reached, came_back=came_back, loops=loops, note=translate(
            TEXT, "too_many_out", lang, out=going_on, reached=arrived))
    if going_on + sum(exits.values()) > arrived:
        return _Flow(reached=reached, came_back=came_back, loops=loops, note=translate(
            TEXT, "too_many_leave", lang, out=going_on, off=sum(exits.values()),
            reached=arrived))
    if arrived == 0:
        return _Flow(reached=0, came_back=0, note=translate(TEXT, "nobody", lang))
    main_exit = max(exits, key=lambda t: exits[t]) if any(exits.values()) else None
    return _Flow(reached=reached, came_back=came_back, dropped=arrived - going_on,
                 share=(arrived - going_on) / arrived, main_exit=main_exit, loops=loops)


class _Phrases:
    """The phrases of one ranking that repeat from step to step ("the only route passes
    here", "1 barrier, load 3: Forms 3/5"), each made once and shared: a 60,000-step journey
    needs a handful of different ones, not 120,000."""

    def __init__(self, journey: Journey, lang: str) -> None:
        self.journey, self.lang = journey, lang
        self.no_barrier = translate(TEXT, "no_barrier", lang)
        self.routes = functools.cache(self._routes)
        self.barriers = functools.cache(self._barriers)

    def _routes(self, through: int, total: int) -> str:
        lang = self.lang
        if through == total:
            key = "only_route" if total == 1 else "all_routes"
            return translate(TEXT, key, lang, total=count_text(total, lang))
        if through:
            return translate(TEXT, "one_route" if through == 1 else "some_routes", lang,
                             through=count_text(through, lang), total=count_text(total, lang))
        return translate(TEXT, "no_route", lang)

    def _barriers(self, count: int, load: float, category: str, severity: int) -> str:
        worst = f"{self.journey.category(category).label(self.lang)} {severity}/5"
        return translate(TEXT, "one_barrier" if count == 1 else "barriers", self.lang,
                         count=count, load=number(load, self.lang, 1), worst=worst)


def _reasons(phrases: _Phrases, item: Bottleneck, placed: Sequence[PlacedBarrier],
             flow: _Flow) -> list[str]:
    journey, lang = phrases.journey, phrases.lang
    reasons = []
    if item.routes_total:
        reasons.append(phrases.routes(item.routes_through, item.routes_total))
    if not placed:
        reasons.append(phrases.no_barrier)
    else:
        worst = (max(placed, key=lambda p: (p.load, p.barrier.severity)) if len(placed) > 1
                 else placed[0]).barrier
        reasons.append(phrases.barriers(len(placed), item.load, worst.category, worst.severity))
    if flow.loops:
        reasons += flow.loops
    votes = sum(p.barrier.votes or 0 for p in placed) if placed else 0  # the room's dots
    if votes:
        reasons.append(translate(TEXT, "vote" if votes == 1 else "votes", lang,
                                 votes=number(votes, lang)))
    if item.dropout_share:
        values = {"dropped": item.dropped, "reached": item.reached + (item.came_back or 0),
                  "share": percent(item.dropout_share, lang)}
        if flow.main_exit:
            values["step"] = journey.steps_by_id[flow.main_exit].label
        reasons.append(translate(TEXT, "dropout_to" if flow.main_exit else "dropout", lang,
                                 **values))
    if flow.note:
        reasons.append(flow.note)
    if item.days:
        reasons.append(translate(TEXT, "waiting_one", lang) if item.days == 1 else
                       translate(TEXT, "waiting", lang, days=number(item.days, lang)))
    return reasons


def bottlenecks(journey: Journey, *, lang: str = "en", graph: nx.DiGraph | None = None,
                register: list[PlacedBarrier] | None = None,
                counts: RouteCounts | None = None) -> list[Bottleneck]:
    """Every step, ranked by bottleneck score (highest first; ties keep the file order).

    See the module docstring for the formula; ``reasons`` say the same in words (``lang``).
    ``graph`` (``to_graph(journey)``), ``register`` and ``counts`` (``route_counts``) save
    work when given.
    """
    graph = graph if graph is not None else to_graph(journey)
    placed_at: dict[str, list[PlacedBarrier]] = defaultdict(list)
    for placed in barrier_register(journey) if register is None else register:
        placed_at[placed.step].append(placed)
    counts = counts if counts is not None else route_counts(journey, graph)
    unavoidable = unavoidable_steps(journey, graph, counts=counts)
    phrases = _Phrases(journey, lang)
    counted = {t.to for t in journey.transitions if t.count is not None}
    through_of, total = counts.through, counts.total
    ranking = []
    for step in journey.steps:
        step_id = step.id
        placed = placed_at.get(step_id, ())
        load = round(sum(p.load for p in placed), 6) if len(placed) > 1 else (
            round(placed[0].load, 6) if placed else 0.0)
        flow = _UNKNOWN if step.reached is None and step_id not in counted else _flow(
            journey, graph, step_id, lang, counted)
        days = step.duration_days
        pressure = load + DROPOUT_WEIGHT * (flow.share or 0) + (
            min(days / DAYS_PER_POINT, MAX_WAIT_POINTS) if days else 0)
        through = through_of.get(step_id, 0)
        item = Bottleneck(
            step=step_id, label=step.label,
            score=round(pressure * (through / total if total else 1.0), 6), load=load,
            barriers=[p.ref for p in placed], routes_through=through, routes_total=total,
            unavoidable=step_id in unavoidable, reached=flow.reached,
            came_back=flow.came_back, dropped=flow.dropped,
            dropout_share=None if flow.share is None else round(flow.share, 6),
            dropout_note=flow.note, days=days, reasons=[])
        item.reasons = _reasons(phrases, item, placed, flow)
        ranking.append(item)
    return sorted(ranking, key=lambda b: -b.score)
