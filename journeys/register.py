"""The barrier register: every barrier of a journey, placed, as one flat list.

Hotspots, the barrier table in the app, the CSV register and the what-if all work on this list.
A transition's barrier is placed at the step the transition leads to (the person meets it on
the way there), but keeps the transition in ``transition`` and in its reference.

Barrier references are stable strings: ``step:<step id>:<n>`` and
``transition:<from>><to>:<n>`` (``n`` = position in that barriers list).
"""

from __future__ import annotations

from dataclasses import dataclass

from journeys.load import barrier_load, transition_reached
from models import Barrier, Journey


@dataclass(frozen=True)
class PlacedBarrier:
    """A barrier with where it sits: step (or transition), actor, level, stage, channel, load."""

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
    steps = journey.steps_by_id
    for step in journey.steps:
        actor = journey.actors_by_id[step.actor]
        placed += [
            PlacedBarrier(step_ref(step.id, i), b, step.id, None, actor.id, actor.level,
                          step.stage, step.channel, barrier_load(b, step.reached))
            for i, b in enumerate(step.barriers)]
    for transition in journey.transitions:
        target = steps[transition.to]
        actor = journey.actors_by_id[target.actor]
        reached = transition_reached(journey, transition)
        placed += [
            PlacedBarrier(transition_ref(transition.from_, transition.to, i), b, target.id,
                          (transition.from_, transition.to), actor.id, actor.level,
                          target.stage, target.channel, barrier_load(b, reached))
            for i, b in enumerate(transition.barriers)]
    return placed
