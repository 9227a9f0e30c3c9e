"""Households per step, transition, barrier, route, stage and segment — the raw counts.

Everything is counted in DuckDB (``journeys.evidence.sql``) and returned as plain numbers;
hiding small counts is ``privacy``'s job, so the counts here are exact (tests check them).

Definitions: a household *reached* a step when one of its events maps to the step; it
*dropped out after* a step when that step is its last one and not a goal; the *wait* at a step
is the time from the household's step before to this one (per visit, so a loop counts twice);
a *variant* is a household's steps in order, a step repeated in a row merged into one visit
(the wait for the next step counts from its last event).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

import duckdb

from journeys.evidence import sql
from journeys.evidence.matching import Matching
from journeys.register import barrier_register
from models import Journey


@dataclass(frozen=True)
class StepCounts:
    reached: int
    dropped: int
    timed: int
    """Households whose first arrival here has a measured wait (both times known)."""
    wait: tuple[float, float, float] | None
    """(p25, median, p75) in days."""


@dataclass(frozen=True)
class TransitionCounts:
    households: int
    timed: int
    median_days: float | None
    in_map: bool


@dataclass(frozen=True)
class BarrierCounts:
    households: int
    reached: int
    """Households who reached the place of the barrier (its step, or its transition)."""
    step: str
    transition: tuple[str, str] | None


@dataclass(frozen=True)
class SegmentCounts:
    cases: int
    steps: dict[str, tuple[int, int]]
    """step → (reached, dropped)."""


@dataclass
class Evidence:
    """The exact counts of one log over one journey."""

    journey: Journey
    cases: int
    events: int
    first: dt.date | None
    last: dt.date | None
    steps: dict[str, StepCounts]
    stages: dict[str, int]
    transitions: dict[tuple[str, str], TransitionCounts]
    barriers: dict[str, BarrierCounts]
    variants: list[tuple[tuple[str, ...], int]]
    unmatched: dict[str, tuple[int, str | None]]
    unknown_barriers: dict[str, int] = field(default_factory=dict)
    """``step:token`` → households, for barrier cells that name no barrier of the step."""
    by: str | None = None
    segments: dict[str, SegmentCounts] = field(default_factory=dict)

    @property
    def not_in_map(self) -> dict[tuple[str, str], int]:
        return {pair: t.households for pair, t in self.transitions.items() if not t.in_map}


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> list[tuple]:
    return con.execute(query).fetchall()


def prepare(con: duckdb.DuckDBPyConnection, journey: Journey, matching: Matching,
            segmented: bool = False) -> None:
    """The matching and the journey's steps as tables, and ``cases``, ``moves`` and
    ``route_groups`` built from them (see ``journeys.evidence.sql``)."""
    for statement in sql.statements(sql.CREATE_MAPS):
        con.execute(statement)
    number = {s.id: i for i, s in enumerate(journey.steps)}
    stage = {s.id: i for i, s in enumerate(journey.stages)}
    if matching.steps:
        con.executemany(sql.INSERT_ACTIVITY, [(a, number[s]) for a, s in matching.steps.items()])
    con.executemany(sql.INSERT_STEP, [(i, stage[s.stage], s.outcome == "goal")
                                      for i, s in enumerate(journey.steps)])
    _, _, _, _, last_row, start, stop = _rows(con, sql.TOTALS)[0]
    packed = (len(journey.steps) < 2**sql.STEP_BITS and (last_row or 0) < 2**sql.ROW_BITS
              and (stop or 0) - (start or 0) < sql.NO_TIME)
    con.execute(sql.cases(start or 0, packed, segmented))
    con.execute(sql.MOVES)
    con.execute(sql.ROUTE_GROUPS)


def activities(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    return dict(_rows(con, sql.ACTIVITIES))


def _barriers(con: duckdb.DuckDBPyConnection, journey: Journey, steps: dict[str, StepCounts],
              transitions: dict[tuple[str, str], TransitionCounts],
              ) -> tuple[dict[str, BarrierCounts], dict[str, int]]:
    """Barrier cells (a reference such as ``step:form:0`` or a category such as ``forms``)
    counted per barrier; a category means the first barrier of that category at the step,
    else on a transition into it."""
    placed = barrier_register(journey)
    found: dict[str, BarrierCounts] = {}
    unknown: dict[str, int] = {}
    ids = [s.id for s in journey.steps]
    for number, token, households in _rows(con, sql.BARRIERS):
        step = ids[number]
        here = [p for p in placed if p.step == step]
        match = next((p for p in here if p.ref == token), None) or next(
            (p for p in here if p.transition is None and p.barrier.category == token), None
        ) or next((p for p in here if p.barrier.category == token), None)
        if match is None:
            unknown[f"{step}:{token}"] = unknown.get(f"{step}:{token}", 0) + households
            continue
        if match.transition and match.transition not in transitions:
            match = dataclasses.replace(match, transition=None)  # not observed: at the step
        reached = (transitions[match.transition].households if match.transition
                   else steps[step].reached)
        before = found.get(match.ref)
        found[match.ref] = BarrierCounts((before.households if before else 0) + households,
                                         reached, step, match.transition)
    ordered = {p.ref: found[p.ref] for p in placed if p.ref in found}
    return ordered, unknown


def _segments(con: duckdb.DuckDBPyConnection, journey: Journey) -> dict[str, SegmentCounts]:
    cases = dict(_rows(con, sql.SEGMENT_CASES))
    per: dict[str, dict[str, tuple[int, int]]] = {s: {} for s in cases}
    for segment, number, reached, dropped in _rows(con, sql.SEGMENT_STEPS):
        per[segment][journey.steps[number].id] = (reached, dropped)
    return {segment: SegmentCounts(n, {s.id: per[segment].get(s.id, (0, 0))
                                       for s in journey.steps})
            for segment, n in cases.items()}


def aggregate(con: duckdb.DuckDBPyConnection, journey: Journey, matching: Matching,
              by: str | None = None) -> Evidence:
    """Every count of the report; ``prepare`` must have run."""
    cases, events, first, last, *_ = _rows(con, sql.TOTALS)[0]
    ids = [s.id for s in journey.steps]
    steps = {ids[number]: StepCounts(reached, dropped, timed,
                                     (p25, median, p75) if median is not None else None)
             for number, reached, dropped, timed, median, p25, p75 in _rows(con, sql.STEPS)}
    mapped = {(t.from_, t.to) for t in journey.transitions}
    transitions = {(ids[a], ids[b]): TransitionCounts(n, timed, median,
                                                      (ids[a], ids[b]) in mapped)
                   for a, b, n, timed, median in _rows(con, sql.TRANSITIONS)}
    barriers, unknown = _barriers(con, journey, steps, transitions)
    stage_counts = {journey.stages[n].id: reached for n, reached in _rows(con, sql.STAGES)}
    return Evidence(
        journey=journey, cases=cases, events=events, first=_day(first), last=_day(last),
        steps=steps, stages={s.id: stage_counts.get(s.id, 0) for s in journey.stages},
        transitions=transitions, barriers=barriers,
        variants=[(tuple(ids[i] for i in route), n) for route, n in _rows(con, sql.VARIANTS)],
        unmatched=matching.unmatched, unknown_barriers=unknown, by=by,
        segments=_segments(con, journey) if by else {})
