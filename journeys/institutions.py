"""Routes in the words of planners: who a route passes, on which resource level, with how many
handoffs and days — and what that means for institutions and subsidiarity.

A route's barrier load is the sum of the barriers on its steps and on the transitions between
them (``journeys.load``); its days are the sum of ``duration_days``. A *handoff* is every
transition on the route that changes the actor, or that is marked ``handoff`` or ``referral``.
Subsidiarity (DOMAIN.md) is told right: the life-world first, but never against a right
(``subsidiarity`` names the rule that applied in each flag).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections import defaultdict
from typing import Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict

from journeys.bottlenecks import route_counts
from journeys.graph import to_graph
from journeys.i18n import number, translate
from journeys.register import PlacedBarrier, barrier_register
from journeys.routes import Route, iter_routes
from models import Journey, JourneyError
from models.rules import did_you_mean

INSTITUTION_LEVEL = 4

TEXT = {
    "en": {
        "life_world_first": "Route {route} goes up to institutions (level 4: {actors}) although "
                            "route {other} reaches the same goal on levels 1–3 with less "
                            "barrier load ({low} instead of {high}). Rule: life-world first, "
                            "as {why}.",
        "not_entitled": "their offer is not a legal entitlement",
        "not_recorded": "no legal entitlement is recorded for them",
        "entitlement_via_charity": "Route {route} reaches the entitlement ({rights}) only "
                                   "through a charity ({charities}) — a non-take-up risk. Rule: "
                                   "never against a right; no route reaches it directly.",
        "charity_instead": "Route {route} reaches the goal through a charity ({charities}) "
                           "instead of the entitlement ({rights}) that route {other} uses — "
                           "a non-take-up risk. Rule: never against a right.",
    },
    "de": {
        "life_world_first": "Weg {route} führt bis zu Institutionen (Ebene 4: {actors}), "
                            "obwohl Weg {other} dasselbe Ziel über die Ebenen 1–3 mit weniger "
                            "Barrierelast erreicht ({low} statt {high}). Regel: Lebenswelt "
                            "zuerst, denn {why}.",
        "not_entitled": "ihr Angebot ist kein Rechtsanspruch",
        "not_recorded": "für sie ist kein Rechtsanspruch erfasst",
        "entitlement_via_charity": "Weg {route} erreicht den Rechtsanspruch ({rights}) nur über "
                                   "eine karitative Hilfe ({charities}) – ein Risiko der "
                                   "Nichtinanspruchnahme. Regel: nie gegen einen "
                                   "Rechtsanspruch; kein Weg erreicht ihn direkt.",
        "charity_instead": "Weg {route} erreicht das Ziel über eine karitative Hilfe "
                           "({charities}) statt über den Rechtsanspruch ({rights}), den Weg "
                           "{other} nutzt – ein Risiko der Nichtinanspruchnahme. Regel: nie "
                           "gegen einen Rechtsanspruch.",
    },
}

SubsidiarityRule = Literal["life_world_first", "entitlement_via_charity", "charity_instead"]
CHARITY = "charity"
"""The legal basis of help paid from donations (a Förderverein, a food bank, a welfare
association's own fund): kind, but no right — clubs and neighbours (``voluntary``) are the
life-world, not charity."""


@dataclasses.dataclass(kw_only=True, slots=True)  # as journeys.bottlenecks.Bottleneck
class Handoff:
    """A transition on a route where the person is passed on (or passes on) to another actor."""

    __pydantic_config__ = ConfigDict(use_attribute_docstrings=True)

    from_step: str
    to_step: str
    from_actor: str
    to_actor: str
    kind: str
    """The transition's ``kind``: next, alternative, handoff or referral."""
    data_transfer: str | None = None
    """How the case travels: none, verbal, paper, email, digital (None: not recorded)."""


class RouteSummary(BaseModel):
    """One route from a start to a goal, with everything planners ask about it."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    steps: list[str]
    """Step ids from the start to the goal."""
    actors: list[str]
    """Actor ids in the order the route first meets them."""
    levels: list[int]
    """Resource levels (1–4) the route uses, ascending."""
    goal: str
    barrier_load: float
    """Sum of the loads of every barrier on the route's steps and transitions."""
    barrier_count: int
    barriers: list[str]
    """References of the barriers on the route (``journeys.register``)."""
    worst_load: float
    """The load of the heaviest single barrier on the route (0 without barriers)."""
    worst_barrier: str | None = None
    handoffs: list[Handoff]
    days: float
    """Sum of ``duration_days`` of the route's steps (steps without it count 0)."""
    days_unknown: int
    """How many of the route's steps have no ``duration_days``."""


class SubsidiarityFlag(BaseModel):
    """A route that goes against subsidiarity told right: institutions where a lighter route
    on levels 1–3 exists, or a right reached only through (or replaced by) charity."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    route: int
    """Index of the flagged route in the routes list (0 = least barrier load)."""
    alternative: int | None
    """Index of the other route the message names (the lighter one on levels 1–3, or the one
    that uses the entitlement); None when there is none."""
    message: str
    rule: SubsidiarityRule = "life_world_first"
    """Which rule applied: ``life_world_first`` (an institution where the life-world would
    do), ``entitlement_via_charity`` (a right reached only through charity) or
    ``charity_instead`` (charity in place of a right another route uses)."""


class InstitutionRoutes(BaseModel):
    """One actor side by side with the others: its load, how many routes use it, its best
    route."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    actor: str
    label: str
    level: int
    steps: list[str]
    load: float
    """Barrier load placed at the actor's steps (their own and incoming transitions')."""
    barrier_count: int
    routes_through: int
    """How many routes (exact count) pass at least one of the actor's steps."""
    routes_total: int
    best_route: RouteSummary | None = None
    """The least-barrier route through one of the actor's steps (None: no route uses it)."""


class RouteIndex:
    """Lookups to describe many routes of one journey without searching lists each time."""

    def __init__(self, journey: Journey, register: list[PlacedBarrier] | None = None) -> None:
        self.journey = journey
        self.transitions = {(t.from_, t.to): t for t in journey.transitions}
        self.at_step: dict[str, list[PlacedBarrier]] = defaultdict(list)
        self.on_transition: dict[tuple[str, str], list[PlacedBarrier]] = defaultdict(list)
        for placed in barrier_register(journey) if register is None else register:
            if placed.transition is None:
                self.at_step[placed.step].append(placed)
            else:
                self.on_transition[placed.transition].append(placed)

    def describe(self, steps: tuple[str, ...] | list[str]) -> RouteSummary:
        """The summary of the route through ``steps`` (consecutive steps must be connected)."""
        journey = self.journey
        by_id = journey.steps_by_id
        actor_of = {s: by_id[s].actor for s in steps}
        at_step, on_transition, transitions = self.at_step, self.on_transition, self.transitions
        placed = [p for s in steps for p in at_step.get(s, ())]
        handoffs = []
        for pair in itertools.pairwise(steps):
            if pair in on_transition:
                placed += on_transition[pair]
            transition = transitions[pair]
            source, target = pair
            if transition.kind in ("handoff", "referral") or actor_of[source] != actor_of[target]:
                handoffs.append(Handoff(
                    from_step=source, to_step=target, from_actor=actor_of[source],
                    to_actor=actor_of[target], kind=transition.kind,
                    data_transfer=transition.data_transfer))
        worst = max(placed, key=lambda p: p.load, default=None)
        actors = list(dict.fromkeys(actor_of[s] for s in steps))
        days = [by_id[s].duration_days for s in steps]
        return RouteSummary(
            steps=list(steps), actors=actors,
            levels=sorted({journey.actors_by_id[a].level for a in actors}), goal=steps[-1],
            barrier_load=round(math.fsum(p.load for p in placed), 6), barrier_count=len(placed),
            barriers=[p.ref for p in placed], worst_load=round(worst.load, 6) if worst else 0.0,
            worst_barrier=worst.ref if worst else None, handoffs=handoffs,
            days=sum(d for d in days if d is not None),
            days_unknown=sum(d is None for d in days))


def describe_routes(journey: Journey, routes: list[Route], *,
                    register: list[PlacedBarrier] | None = None) -> list[RouteSummary]:
    """Summaries of ``routes`` (as found by ``journeys.routes.find_routes``), in their order."""
    index = RouteIndex(journey, register)
    return [index.describe(route.steps) for route in routes]


def _way_steps(journey: Journey, route: RouteSummary) -> list[str]:
    """The route's steps without an institution's letter that starts it (it sets off the
    journey; nobody seeks it out)."""
    steps = route.steps
    if len(steps) > 1 and journey.steps_by_id[steps[0]].channel == "letter":
        return steps[1:]
    return steps


def _way(journey: Journey, route: RouteSummary) -> list[str]:
    """The actors who help on the way: ``_way_steps`` without the goal step's (the offer
    reached)."""
    return list(dict.fromkeys(journey.steps_by_id[s].actor
                              for s in _way_steps(journey, route)[:-1]))


def _kind(journey: Journey, actor: str) -> str | None:
    basis = journey.actors_by_id[actor].legal_basis
    return basis.kind if basis else None


def _rights(journey: Journey, actors: list[str]) -> str:
    """"SGB II (BuT): Jobcenter" — the laws with the actors that grant them."""
    parts = []
    for actor in actors:
        basis, label = journey.actors_by_id[actor].legal_basis, journey.actors_by_id[actor].label
        parts.append(f"{basis.law}: {label}" if basis and basis.law else label)
    return "; ".join(parts)


def _charities_before(journey: Journey, route: RouteSummary, right: str) -> list[str]:
    """Charity actors the route passes before it first meets the entitled actor ``right``."""
    found: list[str] = []
    for step in _way_steps(journey, route):
        actor = journey.steps_by_id[step].actor
        if actor == right:
            return found
        if _kind(journey, actor) == CHARITY and actor not in found:
            found.append(actor)
    return found


def _labels(journey: Journey, actors: list[str]) -> str:
    return ", ".join(journey.actors_by_id[a].label for a in actors)


def _life_world_first(journey: Journey, routes: list[RouteSummary], lang: str
                      ) -> list[SubsidiarityFlag]:
    flags = []
    lightest_low: dict[str, int] = {}
    for index, route in enumerate(routes):
        way = _way(journey, route)
        institutions = [a for a in way if journey.actors_by_id[a].level == INSTITUTION_LEVEL]
        if not institutions:
            lightest_low.setdefault(route.goal, index)
            continue
        other = lightest_low.get(route.goal)
        if other is None or routes[other].barrier_load >= route.barrier_load:
            continue
        kinds = [_kind(journey, a) for a in institutions]
        if "entitlement" in kinds:  # never against a right: the family should use it anyway
            continue
        why = translate(TEXT, "not_recorded" if all(k is None for k in kinds)
                        else "not_entitled", lang)
        flags.append(SubsidiarityFlag(route=index, alternative=other, message=translate(
            TEXT, "life_world_first", lang, route=index + 1, other=other + 1,
            actors=_labels(journey, institutions), low=number(routes[other].barrier_load, lang),
            high=number(route.barrier_load, lang), why=why)))
    return flags


def _never_against_a_right(journey: Journey, routes: list[RouteSummary], lang: str
                           ) -> list[SubsidiarityFlag]:
    entitled = {a.id for a in journey.actors if _kind(journey, a.id) == "entitlement"}
    if not entitled:
        return []
    on_route = [[a for a in dict.fromkeys(journey.steps_by_id[s].actor
                                          for s in _way_steps(journey, route)) if a in entitled]
                for route in routes]
    direct = {right for route, rights in zip(routes, on_route, strict=True) for right in rights
              if not _charities_before(journey, route, right)}
    by_goal: dict[str, int] = {}
    for index, rights in enumerate(on_route):
        if rights:
            by_goal.setdefault(routes[index].goal, index)
    flags = []
    for index, (route, rights) in enumerate(zip(routes, on_route, strict=True)):
        if rights:
            lost = [r for r in rights if r not in direct]
            charities = list(dict.fromkeys(c for r in lost
                                           for c in _charities_before(journey, route, r)))
            if lost:
                flags.append(SubsidiarityFlag(
                    route=index, alternative=None, rule="entitlement_via_charity",
                    message=translate(TEXT, "entitlement_via_charity", lang, route=index + 1,
                                      rights=_rights(journey, lost),
                                      charities=_labels(journey, charities))))
            continue
        charities = [a for a in _way(journey, route) if _kind(journey, a) == CHARITY]
        other = by_goal.get(route.goal)
        if charities and other is not None:
            flags.append(SubsidiarityFlag(
                route=index, alternative=other, rule="charity_instead", message=translate(
                    TEXT, "charity_instead", lang, route=index + 1, other=other + 1,
                    charities=_labels(journey, charities),
                    rights=_rights(journey, on_route[other]))))
    return flags


def subsidiarity(journey: Journey, routes: list[RouteSummary], *,
                 lang: str = "en") -> list[SubsidiarityFlag]:
    """Subsidiarity told right (DOMAIN.md): the life-world first, but never against a right.

    - ``life_world_first``: a route whose helpers on the way (``_way``: not the goal step,
      not a starting letter) include institutions (level 4), none of them a legal
      entitlement, while a route to the same goal without institutions on the way has less
      barrier load (the lightest such route is named);
    - ``entitlement_via_charity``: a route reaches an entitled actor only after a charity
      (``legal_basis.kind: charity``), and no route reaches that actor without one;
    - ``charity_instead``: a route reaches the goal through charity and no entitled actor,
      while another route to the same goal uses one.

    ``routes`` must be ordered by load (as ``find_routes`` gives them); flags come by rule,
    then by route. Route numbers in messages count from 1."""
    return [*_life_world_first(journey, routes, lang),
            *_never_against_a_right(journey, routes, lang)]


def _actor_steps(journey: Journey, actor: str) -> list[str]:
    if actor not in journey.actors_by_id:
        known = list(journey.actors_by_id)
        raise JourneyError(f"unknown actor '{actor}'",
                           hint=did_you_mean(actor, known) or f"use one of: {', '.join(known)}")
    return [s.id for s in journey.steps if s.actor == actor]


def best_route_through(journey: Journey, actor: str, *, graph: nx.DiGraph | None = None,
                       index: RouteIndex | None = None) -> RouteSummary | None:
    """The least-barrier route that passes at least one step of ``actor`` (exact: for each of
    its steps, the cheapest way there plus the cheapest way on to a goal), or None."""
    graph = graph if graph is not None else to_graph(journey)
    best: tuple[float, tuple[str, ...]] | None = None
    for step in _actor_steps(journey, actor):
        there = next(iter_routes(journey, graph=graph, goals=[step]), None)
        on = next(iter_routes(journey, graph=graph, starts=[step]), None)
        if there is None or on is None:
            continue
        load = there.load + on.load - graph.nodes[step]["load"]
        if best is None or load < best[0] - 1e-9:
            best = (load, there.steps + on.steps[1:])
    if best is None:
        return None
    return (index or RouteIndex(journey)).describe(best[1])


def routes_by_institution(journey: Journey, *, levels: tuple[int, ...] = (1, 2, 3, 4),
                          graph: nx.DiGraph | None = None) -> list[InstitutionRoutes]:
    """Every actor on ``levels`` side by side (level 4 only: ``levels=(4,)``), in file order."""
    graph = graph if graph is not None else to_graph(journey)
    index = RouteIndex(journey)
    total = route_counts(journey, graph).total
    rows = []
    for actor in journey.actors:
        if actor.level not in levels:
            continue
        steps = _actor_steps(journey, actor.id)
        placed = [p for s in steps for p in index.at_step[s]] + [
            p for (_, target), items in index.on_transition.items() if target in steps
            for p in items]
        avoiding = route_counts(journey, graph.subgraph(set(graph) - set(steps))).total
        rows.append(InstitutionRoutes(
            actor=actor.id, label=actor.label, level=actor.level, steps=steps,
            load=round(sum(p.load for p in placed), 6), barrier_count=len(placed),
            routes_through=total - avoiding, routes_total=total,
            best_route=best_route_through(journey, actor.id, graph=graph, index=index)))
    return rows
