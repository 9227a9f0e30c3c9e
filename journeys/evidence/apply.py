"""Evidence into the journey: ``reached``, ``count`` and ``affected`` filled from the cases.

Only the counts the report shows are applied (a hidden count is never written into a file).
A number typed by hand that differs is a *conflict*: it is listed, and replaced only when the
caller says so (``overwrite``) — never silently. The source of the numbers goes into
``extra.evidence`` ("from 30 household records, March–September 2025").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from journeys.evidence.report import EvidenceReport
from journeys.formats import to_document
from journeys.graph import forward_graph, to_graph
from journeys.register import barrier_register
from models import Journey, JourneyError, parse_journey


@dataclass(frozen=True)
class Change:
    """One number set from the evidence; ``before`` is what the file said (``None``: empty)."""

    where: str
    before: int | float | None
    after: int | float

    @property
    def conflict(self) -> bool:
        return self.before is not None and self.before != self.after


class EvidenceConflict(JourneyError):
    """Hand-typed numbers differ from the evidence; ``changes`` lists every number."""

    def __init__(self, changes: list[Change]) -> None:
        conflicts = sum(c.conflict for c in changes)
        super().__init__(f"{conflicts} hand-typed number(s) differ from the evidence and were "
                         "not replaced",
                         hint="check the list above; add --overwrite to replace them")
        self.changes = changes


def _affected(households: int, reached: int | str, before: object) -> int | float:
    """Households as ``affected`` reads them: a share when the file held a share, or for a
    single household (``affected: 1`` would mean everyone); else the count."""
    share_wanted = (isinstance(before, float) and before <= 1) or households == 1
    if not share_wanted or not isinstance(reached, int) or reached == 0:
        return households
    return round(households / reached, 2)


def observed_transitions(journey: Journey, report: EvidenceReport) -> list[dict[str, Any]]:
    """The transitions the households took that the map lacks, as transitions to add: a
    ``return`` where the map already leads from the target back to the source (the format
    allows cycles only through ``return``), else ``next``; the count when it is shown."""
    forward = forward_graph(to_graph(journey))
    added = []
    for pair, count in report.not_in_map.items():
        source, target = pair.split(">", 1)
        kind = "return" if nx.has_path(forward, target, source) else "next"
        transition: dict[str, Any] = {"from": source, "to": target, "kind": kind}
        if not isinstance(count, str):
            transition["count"] = count
        transition["extra"] = {"evidence": "observed, not in the map"}
        if kind == "next":
            forward.add_edge(source, target)
        added.append(transition)
    return added


def evidence_changes(journey: Journey, report: EvidenceReport, add_observed: bool = False,
                     ) -> tuple[dict[str, Any], list[Change]]:
    """The journey document with the shown counts set (and, with ``add_observed``, the
    observed transitions the map lacks added), and every number that was set."""
    document = to_document(journey)
    changes: list[Change] = []
    if add_observed:
        for transition in observed_transitions(journey, report):
            document.setdefault("transitions", []).append(transition)
            changes.append(Change(f"transitions[{len(document['transitions']) - 1}] "
                                  f"{transition['from']} > {transition['to']}: count (new "
                                  f"{transition['kind']} transition)", None,
                                  transition.get("count", 0)))

    def put(place: dict[str, Any], key: str, value: int | float | str, where: str) -> None:
        if isinstance(value, str):  # hidden: never written
            return
        before = place.get(key)
        if before != value:
            changes.append(Change(where, before, value))
            place[key] = value

    for index, step in enumerate(journey.steps):
        put(document["steps"][index], "reached", report.steps[step.id].reached,
            f"steps[{index}] {step.id}: reached")
    for index, transition in enumerate(journey.transitions):
        observed = report.transitions.get(f"{transition.from_}>{transition.to}")
        put(document["transitions"][index], "count", observed.count if observed else 0,
            f"transitions[{index}] {transition.from_} > {transition.to}: count")
    places = {p.ref: p for p in barrier_register(journey)}
    for ref, found in report.barriers.items():
        placed, number = places[ref], int(ref.rsplit(":", 1)[1])
        if placed.transition is None:
            index = next(i for i, s in enumerate(journey.steps) if s.id == placed.step)
            holder, where = document["steps"][index], f"steps[{index}]"
        else:
            index = next(i for i, t in enumerate(journey.transitions)
                         if (t.from_, t.to) == placed.transition)
            holder, where = document["transitions"][index], f"transitions[{index}]"
        if not isinstance(found.households, str):
            barrier = holder["barriers"][number]
            put(barrier, "affected",
                _affected(found.households, found.reached, barrier.get("affected")),
                f"{where}.barriers[{number}] {ref}: affected")
    extra = dict(document.get("extra") or {})
    extra["evidence"] = {"source": report.source, "log": report.log, "cases": report.cases,
                         "min_count": report.min_count}
    document["extra"] = extra
    return document, changes


def apply_evidence(journey: Journey, report: EvidenceReport, overwrite: bool = False,
                   add_observed: bool = False) -> tuple[Journey, list[Change]]:
    """The new revision of the journey, and what changed; conflicts need ``overwrite``."""
    document, changes = evidence_changes(journey, report, add_observed)
    if not overwrite and any(c.conflict for c in changes):
        raise EvidenceConflict(changes)
    return parse_journey(document), changes
