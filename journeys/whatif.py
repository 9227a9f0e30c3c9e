"""What-if: mitigate barriers, skip steps or add transitions, and see loads, bottleneck ranking
and the least-barrier route before and after.

The changed journey is a new, validated ``Journey`` (the original is never touched):
- a mitigated barrier is taken out (its load becomes 0);
- a removed step is skipped: the steps before it lead straight to the steps after it, and its
  own barriers and those on its transitions go with it (a removed start hands its role to the
  steps after it);
- an added transition is a new way; the start steps stay what they were, so adding a way never
  takes a route away.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict

from journeys.bottlenecks import bottlenecks, route_counts
from journeys.formats import to_document
from journeys.i18n import number, translate
from journeys.institutions import RouteIndex, RouteSummary
from journeys.register import barrier_register
from journeys.routes import iter_routes
from models import Journey, JourneyError, Transition, parse_journey
from models.rules import did_you_mean

NewTransition = tuple[str, str] | Mapping[str, Any] | Transition
"""An added transition: ``("from", "to")``, a transition mapping, or a ``Transition``."""

TEXT = {
    "en": {
        "total": "Total barrier load: {before} → {after}.",
        "route": "Least-barrier route: {before} → {after}.",
        "route_steps": "Least-barrier route: {before} → {after}, now through {steps}.",
        "no_route": "no route",
        "top": "Top bottleneck: “{before}” ({score_before}) → “{after}” ({score_after}).",
        "top_same": "Top bottleneck stays “{step}”: score {before} → {after}.",
        "routes": "Routes to a goal: {before} → {after}.",
        "quote": "“{text}”",
    },
    "de": {
        "total": "Gesamte Barrierelast: {before} → {after}.",
        "route": "Weg mit der geringsten Barrierelast: {before} → {after}.",
        "route_steps": "Weg mit der geringsten Barrierelast: {before} → {after}, jetzt über "
                       "{steps}.",
        "no_route": "kein Weg",
        "top": "Größter Engpass: „{before}“ ({score_before}) → „{after}“ ({score_after}).",
        "top_same": "Größter Engpass bleibt „{step}“: Wert {before} → {after}.",
        "routes": "Wege zum Ziel: {before} → {after}.",
        "quote": "„{text}“",
    },
}


class StepChange(BaseModel):
    """A step whose barrier load changed (``after`` None: the step was removed)."""

    step: str
    label: str
    before: float
    after: float | None = None


class RankEntry(BaseModel):
    """A step's place in the bottleneck ranking."""

    step: str
    score: float


class WhatIf(BaseModel):
    """A journey before and after the changes, in the numbers that matter to planners."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    mitigated: list[str]
    removed_steps: list[str]
    added_transitions: list[str]
    """Added transitions as ``from>to``."""
    total_before: float
    total_after: float
    changes: list[StepChange]
    ranking_before: list[RankEntry]
    ranking_after: list[RankEntry]
    routes_total_before: int
    routes_total_after: int
    route_before: RouteSummary | None = None
    """The least-barrier route before the changes (None: no route)."""
    route_after: RouteSummary | None = None
    summary: list[str]
    journey_after: Journey
    """The changed journey (e.g. to draw it or save it as a variant)."""


def mitigation_refs(journey: Journey, statuses: Iterable[str] = ("done",)) -> list[str]:
    """References of the barriers that have a mitigation in one of ``statuses`` — e.g. to ask
    "what if every planned mitigation worked?" with ``("planned", "in_progress", "done")``."""
    wanted = set(statuses)
    return [p.ref for p in barrier_register(journey)
            if any(m.status in wanted for m in p.barrier.mitigations)]


def _as_document(transition: NewTransition) -> dict[str, Any]:
    if isinstance(transition, Transition):
        return transition.model_dump(by_alias=True, exclude_unset=True)
    if isinstance(transition, tuple):
        return {"from": transition[0], "to": transition[1]}
    return dict(transition)


def _unknown(kind: str, value: str, known: list[str], example: str) -> JourneyError:
    return JourneyError(f"unknown {kind} '{value}'",
                        hint=did_you_mean(value, known) or f"{kind}s look like {example}")


def _mitigate(journey: Journey, document: dict[str, Any], refs: Iterable[str]) -> None:
    placed = {p.ref: p for p in barrier_register(journey)}
    gone: dict[tuple[str, ...], set[int]] = {}
    for ref in refs:
        if ref not in placed:
            raise _unknown("barrier", ref, list(placed), "step:<step id>:<n> or "
                           "transition:<from>><to>:<n>")
        where = placed[ref].transition or (placed[ref].step,)
        gone.setdefault(where, set()).add(int(ref.rsplit(":", 1)[1]))
    for item in document["steps"] + document.get("transitions", []):
        where = (item["from"], item["to"]) if "from" in item else (item["id"],)
        if where in gone:
            item["barriers"] = [b for i, b in enumerate(item["barriers"]) if i not in gone[where]]
            if not item["barriers"]:
                del item["barriers"]


def _remove(journey: Journey, document: dict[str, Any], removed: list[str]) -> list[str]:
    """Skip ``removed`` steps in ``document``; returns the start steps afterwards."""
    starts = journey.start_ids()
    transitions: list[dict[str, Any]] = document.get("transitions", [])
    for step in removed:
        if step not in journey.steps_by_id:
            raise _unknown("step", step, list(journey.steps_by_id), "the ids in `steps:`")
        forward = [t for t in transitions if t.get("kind", "next") != "return"]
        before = [t["from"] for t in forward if t["to"] == step]
        after = [t["to"] for t in forward if t["from"] == step]
        transitions = [t for t in transitions if step not in (t["from"], t["to"])]
        pairs = {(t["from"], t["to"]) for t in transitions}
        transitions += [{"from": a, "to": b, "extra": {"what_if": f"skips {step}"}}
                        for a in before for b in after if (a, b) not in pairs]
        if step in starts:
            starts = [s for s in starts if s != step] + [b for b in after if b not in starts]
    document["steps"] = [s for s in document["steps"] if s["id"] not in removed]
    document["transitions"] = transitions
    return starts


def apply_what_if(journey: Journey, *, mitigated: Iterable[str] = (),
                  removed_steps: Iterable[str] = (),
                  added_transitions: Iterable[NewTransition] = ()) -> Journey:
    """A new journey with the barriers ``mitigated`` (references from ``journeys.register``)
    taken out, ``removed_steps`` skipped and ``added_transitions`` added.

    Raises ``JourneyError`` for an unknown reference and ``JourneyInvalid`` when the result
    breaks a rule (e.g. the last goal removed, or an added transition closes a cycle).
    """
    document = to_document(journey)
    _mitigate(journey, document, mitigated)
    removed = list(dict.fromkeys(removed_steps))
    starts = _remove(journey, document, removed)
    document.setdefault("transitions", []).extend(_as_document(t) for t in added_transitions)
    order = [s["id"] for s in document["steps"]]
    starts = sorted(set(starts), key=order.index)
    entered = {t["to"] for t in document["transitions"] if t.get("kind", "next") != "return"}
    if journey.start is not None or starts != [s for s in order if s not in entered]:
        document["start"] = starts
    return parse_journey(document)


def _least_route(journey: Journey) -> RouteSummary | None:
    route = next(iter_routes(journey), None)
    return RouteIndex(journey).describe(route.steps) if route else None


def what_if(journey: Journey, *, mitigated: Iterable[str] = (),
            removed_steps: Iterable[str] = (), added_transitions: Iterable[NewTransition] = (),
            lang: str = "en") -> WhatIf:
    """Compare ``journey`` with ``apply_what_if(journey, …)``; ``summary`` in ``lang``."""
    mitigated, removed_steps = list(mitigated), list(removed_steps)
    added = [_as_document(t) for t in added_transitions]
    after = apply_what_if(journey, mitigated=mitigated, removed_steps=removed_steps,
                          added_transitions=added)
    loads = [_step_loads(j) for j in (journey, after)]
    ranks = [bottlenecks(j, lang=lang) for j in (journey, after)]
    routes = [_least_route(j) for j in (journey, after)]
    counts = [route_counts(j).total for j in (journey, after)]
    changes = [StepChange(step=s.id, label=s.label, before=loads[0][s.id],
                          after=loads[1].get(s.id)) for s in journey.steps
               if loads[1].get(s.id) != loads[0][s.id]]
    totals = [round(sum(x.values()), 6) for x in loads]
    return WhatIf(
        mitigated=mitigated, removed_steps=removed_steps,
        added_transitions=[f"{t['from']}>{t['to']}" for t in added],
        total_before=totals[0], total_after=totals[1], changes=changes,
        ranking_before=[RankEntry(step=b.step, score=b.score) for b in ranks[0]],
        ranking_after=[RankEntry(step=b.step, score=b.score) for b in ranks[1]],
        routes_total_before=counts[0], routes_total_after=counts[1],
        route_before=routes[0], route_after=routes[1],
        summary=_summary(journey, totals, ranks, routes, counts, lang), journey_after=after)


def _step_loads(journey: Journey) -> dict[str, float]:
    loads = {s.id: 0.0 for s in journey.steps}
    for placed in barrier_register(journey):
        loads[placed.step] = round(loads[placed.step] + placed.load, 6)
    return loads


def _summary(journey: Journey, totals: list[float], ranks: list, routes: list, counts: list[int],
             lang: str) -> list[str]:
    def load(route: RouteSummary | None) -> str:
        return number(route.barrier_load, lang) if route else translate(TEXT, "no_route", lang)

    lines = [translate(TEXT, "total", lang, before=number(totals[0], lang),
                       after=number(totals[1], lang))]
    new_steps = [s for s in (routes[1].steps if routes[1] else [])
                 if routes[0] is None or s not in routes[0].steps]
    if new_steps:
        steps = ", ".join(translate(TEXT, "quote", lang, text=journey.steps_by_id[s].label)
                          for s in new_steps)
        lines.append(translate(TEXT, "route_steps", lang, before=load(routes[0]),
                               after=load(routes[1]), steps=steps))
    else:
        lines.append(translate(TEXT, "route", lang, before=load(routes[0]),
                               after=load(routes[1])))
    if counts[0] != counts[1]:
        lines.append(translate(TEXT, "routes", lang, before=number(counts[0], lang),
                               after=number(counts[1], lang)))
    top = [r[0] if r and r[0].score > 0 else None for r in ranks]
    if top[0] and top[1] and top[0].step == top[1].step:
        lines.append(translate(TEXT, "top_same", lang, step=top[0].label,
                               before=number(top[0].score, lang),
                               after=number(top[1].score, lang)))
    elif top[0] and top[1]:
        lines.append(translate(TEXT, "top", lang, before=top[0].label, after=top[1].label,
                               score_before=number(top[0].score, lang),
                               score_after=number(top[1].score, lang)))
    return lines
