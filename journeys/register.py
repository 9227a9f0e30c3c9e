"""The barrier register: every barrier of a journey, placed, as one flat list.

Hotspots, the barrier table in the app, the CSV register and the what-if all work on this list.
A transition's barrier is placed at the step the transition leads to (the person meets it on
the way there), but keeps the transition in ``transition`` and in its reference.

Barrier references are stable strings: ``step:<step id>:<n>`` and
``transition:<from>><to>:<n>`` (``n`` = position in that barriers list).
"""

from __future__ import annotations

from typing import NamedTuple

from journeys.load import barrier_load, transition_reached
from models import Barrier, Journey


class PlacedBarrier(NamedTuple):
    """A barrier with where it sits: step (or transition), actor, level, stage, channel, load.

    A named tuple: immutable like the journey, and made 60,000 times for a long journey (a
    frozen dataclass takes three times as long to make)."""

    ref: str
    barrier: Barrier
    step: str
    transition: tuple[str, str] | None
    actor: str
    level: int
    stage: str
    channel: str | None
    load: float

    @property
    def votes(self) -> int:
        """The room's dots on the barrier (``votes``; 0 when none were given)."""
        return self.barrier.votes or 0


def step_ref(step_id: str, index: int) -> str:
    return f"step:{step_id}:{index}"


def transition_ref(source: str, target: str, index: int) -> str:
    return f"transition:{source}>{target}:{index}"


def barrier_register(journey: Journey) -> list[PlacedBarrier]:
    """Every barrier of the journey, steps first (in file order), then transitions."""
    placed: list[PlacedBarrier] = []
    add = placed.append
    steps, actors = journey.steps_by_id, journey.actors_by_id
    for step in journey.steps:
        if not step.barriers:
            continue
        actor = actors[step.actor]
        for i, b in enumerate(step.barriers):
            add(PlacedBarrier(step_ref(step.id, i), b, step.id, None, actor.id, actor.level,
                              step.stage, step.channel, barrier_load(b, step.reached)))
    for transition in journey.transitions:
        if not transition.barriers:
            continue
        target = steps[transition.to]
        actor = actors[target.actor]
        reached = transition_reached(journey, transition)
        pair = (transition.from_, transition.to)
        for i, b in enumerate(transition.barriers):
            add(PlacedBarrier(transition_ref(*pair, i), b, target.id, pair, actor.id,
                              actor.level, target.stage, target.channel,
                              barrier_load(b, reached)))
    return placed
