"""Where the journey map puts things: steps in stage slots and level lanes, edges as paths.

Pure geometry, no plotly: ``map_layout`` gives each step a (slot, lane) cell so that steps of
one stage × actor cell sit side by side and the flow inside a stage reads left to right;
``edge_path`` draws a transition straight, or arched when it would run through another
marker (and always arched for ``return`` transitions).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from journeys.graph import forward_graph, to_graph
from models import Journey

Point = tuple[float, float]
"""A point in pixels (x to the right, y downwards)."""


@dataclass(frozen=True)
class MapLayout:
    """Where everything sits: ``positions[step] = (x, lane)``, x in slots, lane 0 on top."""

    positions: dict[str, tuple[int, int]]
    lanes: list[str]
    """Actor ids top to bottom: level 1 first, file order within a level."""
    stage_spans: dict[str, tuple[int, int]]
    """Stage id → (first slot, number of slots)."""
    slots: int


def map_layout(journey: Journey, graph: nx.DiGraph | None = None) -> MapLayout:
    """Slot and lane of every step (pure; the figure and the tests share it).

    >>> from models import parse_journey
    >>> j = parse_journey({"id": "x", "title": "X", "language": "en",
    ...     "stages": [{"id": "s", "label": "S"}], "actors": [{"id": "a", "label": "A",
    ...     "level": 4}, {"id": "b", "label": "B", "level": 1}], "steps": [
    ...     {"id": "one", "label": "1", "stage": "s", "actor": "a"},
    ...     {"id": "two", "label": "2", "stage": "s", "actor": "a", "outcome": "goal"}],
    ...     "transitions": [{"from": "one", "to": "two"}]})
    >>> map_layout(j).positions
    {'one': (0, 1), 'two': (1, 1)}
    """
    graph = forward_graph(graph if graph is not None else to_graph(journey))
    order = {s.id: i for i, s in enumerate(journey.steps)}
    lanes = [a.id for a in sorted(journey.actors, key=lambda a: a.level)]
    lane_of = {actor: i for i, actor in enumerate(lanes)}
    slot: dict[str, int] = {}
    taken: set[tuple[str, str, int]] = set()
    for step_id in nx.lexicographical_topological_sort(graph, key=order.__getitem__):
        step = journey.steps_by_id[step_id]
        here = max((slot[p] + 1 for p in graph.predecessors(step_id)
                    if journey.steps_by_id[p].stage == step.stage), default=0)
        while (step.stage, step.actor, here) in taken:
            here += 1
        slot[step_id] = here
        taken.add((step.stage, step.actor, here))
    spans: dict[str, tuple[int, int]] = {}
    first = 0
    for stage in journey.stages:
        width = 1 + max((slot[s.id] for s in journey.steps if s.stage == stage.id), default=0)
        spans[stage.id] = (first, width)
        first += width
    positions = {s.id: (spans[s.stage][0] + slot[s.id], lane_of[s.actor])
                 for s in journey.steps}
    return MapLayout(positions, lanes, spans, first)


def card_layout(journey: Journey, graph: nx.DiGraph | None = None) -> MapLayout:
    """Column and lane of every card of the journey map: a stage has as many columns as its
    fullest stage × actor cell has steps, and the steps of a cell sit side by side in route
    order (a step of another lane may share a column with its predecessor: the line goes
    round through the gutters). Fewer columns than ``map_layout``, so the cards are wider.

    >>> from models import parse_journey
    >>> j = parse_journey({"id": "x", "title": "X", "language": "en",
    ...     "stages": [{"id": "s", "label": "S"}], "actors": [{"id": "a", "label": "A",
    ...     "level": 4}, {"id": "b", "label": "B", "level": 1}], "steps": [
    ...     {"id": "one", "label": "1", "stage": "s", "actor": "a"},
    ...     {"id": "two", "label": "2", "stage": "s", "actor": "b"},
    ...     {"id": "three", "label": "3", "stage": "s", "actor": "a", "outcome": "goal"}],
    ...     "transitions": [{"from": "one", "to": "two"}, {"from": "two", "to": "three"}]})
    >>> card_layout(j).positions, card_layout(j).slots
    ({'one': (0, 1), 'two': (0, 0), 'three': (1, 1)}, 2)
    """
    graph = forward_graph(graph if graph is not None else to_graph(journey))
    order = {s.id: i for i, s in enumerate(journey.steps)}
    lanes = [a.id for a in sorted(journey.actors, key=lambda a: a.level)]
    lane_of = {actor: i for i, actor in enumerate(lanes)}
    in_cell: dict[tuple[str, str], int] = {}
    column: dict[str, int] = {}
    for step_id in nx.lexicographical_topological_sort(graph, key=order.__getitem__):
        step = journey.steps_by_id[step_id]
        column[step_id] = in_cell.get((step.stage, step.actor), 0)
        in_cell[step.stage, step.actor] = column[step_id] + 1
    spans: dict[str, tuple[int, int]] = {}
    first = 0
    for stage in journey.stages:
        width = max([n for (s, _), n in in_cell.items() if s == stage.id], default=1)
        spans[stage.id] = (first, width)
        first += width
    positions = {s.id: (spans[s.stage][0] + column[s.id], lane_of[s.actor])
                 for s in journey.steps}
    return MapLayout(positions, lanes, spans, first)


@dataclass(frozen=True)
class Scale:
    """Pixels per slot and per lane at the default figure size: curves and arrow heads are
    shaped in pixels, so they look the same however many slots and lanes there are."""

    slot_px: float
    lane_px: float

    def px(self, x: float, y: float) -> Point:
        return x * self.slot_px, y * self.lane_px

    def data(self, px: float, py: float) -> Point:
        return px / self.slot_px, py / self.lane_px


def bezier(p0: Point, c: Point, p1: Point, n: int = 16) -> list[Point]:
    """``n`` points of the quadratic Bézier curve from ``p0`` over ``c`` to ``p1``."""
    return [((1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * c[0] + t * t * p1[0],
             (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * c[1] + t * t * p1[1])
            for t in (i / (n - 1) for i in range(n))]


def blocked(p0: Point, p1: Point, others: Iterable[tuple[Point, float]]) -> bool:
    """Does the straight segment p0–p1 (px) run through one of the ``others`` markers?"""
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    length2 = dx * dx + dy * dy or 1.0
    for (qx, qy), radius in others:
        t = min(1.0, max(0.0, ((qx - p0[0]) * dx + (qy - p0[1]) * dy) / length2))
        if math.dist((p0[0] + t * dx, p0[1] + t * dy), (qx, qy)) < radius + 6:
            return True
    return False


def edge_path(p0: Point, p1: Point, bulge: float) -> tuple[list[Point], Point]:
    """Points of an edge in px (straight, or arched upwards by ``bulge`` px; downwards when
    ``bulge`` is negative) and the direction it arrives in."""
    if not bulge:
        return [p0, p1], (p1[0] - p0[0], p1[1] - p0[1])
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    length = math.hypot(dx, dy) or 1.0
    nx_, ny_ = -dy / length, dx / length
    if ny_ > 0 or (ny_ == 0 and nx_ > 0):
        nx_, ny_ = -nx_, -ny_
    control = ((p0[0] + p1[0]) / 2 + 2 * bulge * nx_, (p0[1] + p1[1]) / 2 + 2 * bulge * ny_)
    return bezier(p0, control, p1), (p1[0] - control[0], p1[1] - control[1])


def loop_path(p: Point, radius: float, n: int = 24) -> tuple[list[Point], Point]:
    """A ``return`` from a step to itself: a circle above the step through its centre, and
    the direction it arrives in."""
    angles = [math.pi / 2 + 2 * math.pi * i / (n - 1) for i in range(n)]
    return ([(p[0] + radius * math.cos(a), p[1] - radius + radius * math.sin(a))
             for a in angles], (-1.0, 0.0))


def polyline(paths: Iterable[list[Point]]) -> tuple[list, list]:
    """Many paths as one line trace's x and y (``None`` breaks the line between paths)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    for path in paths:
        xs += [p[0] for p in path] + [None]
        ys += [p[1] for p in path] + [None]
    return xs, ys
