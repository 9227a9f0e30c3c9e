"""Barrier load: the one number that says how hard a step or transition is.

Formula (the same in docs/analysis.md, ``journeys analyze --help`` and on slides)::

    load of a barrier    = severity (1..5) × share of people affected (0..1)
    share                = ``affected`` when it is a share (0..1);
                           ``affected`` ÷ people who ``reached`` the step, when it is a count;
                           1 (everyone) when nothing is known
    load of a step       = sum of the loads of its barriers
    load of a transition = sum of the loads of its barriers
    load of a route      = sum over its steps and transitions

A severity-5 barrier that hits everyone weighs 5; a severity-4 barrier that hits 60 % weighs 2.4.
"""

from __future__ import annotations

from models import Barrier, Journey, Step, Transition


def barrier_share(barrier: Barrier, reached: int | None = None) -> float:
    """The share of people a barrier hits, 0..1 (1 when unknown)."""
    affected = barrier.affected
    if affected is None:
        return 1.0
    if affected <= 1:
        return float(affected)
    if reached:
        return min(1.0, affected / reached)
    return 1.0


def barrier_load(barrier: Barrier, reached: int | None = None) -> float:
    """Severity × share affected."""
    return barrier.severity * barrier_share(barrier, reached)


def step_load(step: Step) -> float:
    """Sum of the step's barrier loads."""
    return sum(barrier_load(b, step.reached) for b in step.barriers)


def transition_reached(journey: Journey, transition: Transition) -> int | None:
    """People who took the transition: its ``count``, else those who reached its source."""
    if transition.count is not None:
        return transition.count
    return journey.steps_by_id[transition.from_].reached


def transition_load(journey: Journey, transition: Transition) -> float:
    """Sum of the transition's barrier loads (counts in ``affected`` relate to
    ``transition_reached``)."""
    reached = transition_reached(journey, transition)
    return sum(barrier_load(b, reached) for b in transition.barriers)
