"""The room's view beside the computed one: steps ranked by the dots the room gave.

A step's votes are the ``votes`` of the barriers placed at it (its own and those on the
transitions into it, as for its barrier load — ``journeys.register``). The room *sees it
differently* when the steps it voted for most are not the steps the bottleneck score puts on
top: the first ``TOP`` of each ranking, as sets (an order swapped within them is no
disagreement), among steps that have any votes or score at all.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from journeys.bottlenecks import Bottleneck
from journeys.register import PlacedBarrier

TOP = 3
"""How many top steps of each ranking are compared."""


def step_votes(register: Sequence[PlacedBarrier]) -> dict[str, int]:
    """The room's dots per step (steps without any are left out)."""
    votes: Counter[str] = Counter()
    for placed in register:
        votes[placed.step] += placed.votes
    return {step: count for step, count in votes.items() if count}


def room_ranking(items: Sequence[Bottleneck], votes: dict[str, int]) -> list[Bottleneck]:
    """The bottlenecks with votes, most votes first (ties: the computed order)."""
    return sorted((b for b in items if votes.get(b.step)), key=lambda b: -votes[b.step])


def sees_differently(items: Sequence[Bottleneck], votes: dict[str, int], top: int = TOP
                     ) -> bool:
    """Whether the room's top steps differ from the score's (False when nobody voted).

    >>> from journeys.bottlenecks import Bottleneck
    >>> def step(name, score):
    ...     return Bottleneck(step=name, label=name, score=score, load=score, barriers=[],
    ...                       routes_through=1, routes_total=1, unavoidable=True, reasons=[])
    >>> ranked = [step("a", 9), step("b", 5), step("c", 1)]
    >>> sees_differently(ranked, {"a": 2, "b": 7}, top=2), sees_differently(ranked, {"c": 7})
    (False, True)
    """
    room = room_ranking(items, votes)[:top]
    if not room:
        return False
    computed = [b for b in items if b.score > 0][:len(room)]
    return {b.step for b in room} != {b.step for b in computed}
