"""Where the journey map's lines run: from card edge to card edge through the gutters.

The map is a grid of card cells (columns = stage slots, rows = actor lanes) with gutters
between every column (vertical gutters ``0..columns``, gutter ``c`` left of column ``c``) and
between every row (horizontal gutters ``0..rows``, gutter ``r`` above row ``r``). A line leaves
its card on the right, runs in the vertical gutter right of that card, along a horizontal
gutter beside the target's lane, down (or up) the vertical gutter left of the target and into
its left edge — so it never crosses a card. Lines sharing a gutter get their own tracks
(interval colouring), so they never lie on top of each other. Pure Python, no plotly: the
layout (``map_layout``) turns tracks into pixels.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

Cell = tuple[int, int]
"""(column, row) of a card."""


@dataclass
class Route:
    """One transition's way through the gutters (grid units, no pixels yet)."""

    source: str
    target: str
    start: Cell
    end: Cell
    out_gutter: int
    """Vertical gutter right of the source card."""
    in_gutter: int
    """Vertical gutter left of the target card."""
    lane_gutter: int | None
    """Horizontal gutter the line runs along (None: it stays in one vertical gutter)."""
    label_column: int | None = None
    """Column whose stretch of ``lane_gutter`` holds the line's label (None: no label)."""
    label_gutter: int | None = None
    tracks: dict[str, int] = field(default_factory=dict)
    """Track index in each gutter part: ``"out"``, ``"in"``, ``"lane"``."""
    label_level: int = 0
    """Which of the stacked labels in its gutter stretch this is (0 = nearest the line)."""


@dataclass
class Plan:
    """Every route, and how many tracks and labels each gutter must hold."""

    routes: list[Route]
    vertical_tracks: dict[int, int]
    horizontal_tracks: dict[int, int]
    labels: dict[tuple[int, int], int]
    """(horizontal gutter, column) → number of labels stacked there."""


def _colour(intervals: list[tuple[float, float, tuple[Route, str]]]) -> int:
    """Give each interval the lowest track free over its whole span; returns the track count.

    >>> r = Route("a", "b", (0, 0), (1, 0), 1, 1, None)
    >>> _colour([(0, 2, (r, "out")), (1, 3, (r, "in")), (2.5, 4, (r, "lane"))])
    2
    >>> r.tracks
    {'out': 0, 'in': 1, 'lane': 0}
    """
    ends: list[float] = []  # per track: where its last interval ends
    for low, high, (route, part) in sorted(intervals, key=lambda item: (item[0], item[1])):
        track = next((i for i, end in enumerate(ends) if end < low), len(ends))
        if track == len(ends):
            ends.append(high)
        else:
            ends[track] = high
        route.tracks[part] = track
    return len(ends)


def _label_columns(route: Route) -> list[int]:
    """The columns along a route's stretch of its lane gutter, nearest the target first: a
    label goes where the fewest others are, so labels stack only when they must."""
    if route.out_gutter == route.in_gutter:  # beside the line: right of it, else left
        return [route.end[0], route.end[0] - 1] if route.end[0] else [route.end[0]]
    if route.in_gutter > route.out_gutter:
        return list(range(route.in_gutter - 1, route.out_gutter - 1, -1))
    return list(range(route.in_gutter, route.out_gutter))


def plan_routes(cells: dict[str, Cell], transitions: Iterable[tuple[str, str, bool]]) -> Plan:
    """The routes of ``transitions`` (source, target, has a label) between cards in ``cells``.

    >>> plan = plan_routes({"a": (0, 0), "b": (1, 1), "c": (3, 0)},
    ...                    [("a", "b", True), ("a", "c", False)])
    >>> [(r.out_gutter, r.in_gutter, r.lane_gutter, r.label_column) for r in plan.routes]
    [(1, 1, None, 1), (1, 3, 0, None)]
    """
    routes = []
    for source, target, labelled in transitions:
        (c0, r0), (c1, r1) = cells[source], cells[target]
        out_gutter, in_gutter = c0 + 1, c1
        lane = r1 if r0 < r1 else r1 + 1 if r0 > r1 else r1
        route = Route(source, target, (c0, r0), (c1, r1), out_gutter, in_gutter,
                      None if out_gutter == in_gutter else lane)
        if labelled:
            route.label_gutter = lane
        routes.append(route)
    vertical: dict[int, list] = defaultdict(list)
    horizontal: dict[int, list] = defaultdict(list)
    for route in routes:
        start_y, end_y = route.start[1] + 0.5, route.end[1] + 0.5
        if route.lane_gutter is None:
            vertical[route.out_gutter].append((min(start_y, end_y), max(start_y, end_y),
                                               (route, "out")))
            continue
        lane_y = route.lane_gutter
        vertical[route.out_gutter].append((min(start_y, lane_y), max(start_y, lane_y),
                                           (route, "out")))
        vertical[route.in_gutter].append((min(end_y, lane_y), max(end_y, lane_y),
                                          (route, "in")))
        horizontal[lane_y].append((min(route.out_gutter, route.in_gutter),
                                   max(route.out_gutter, route.in_gutter), (route, "lane")))
    labels: dict[tuple[int, int], int] = defaultdict(int)
    labelled = [r for r in routes if r.label_gutter is not None]
    for route in sorted(labelled, key=lambda r: len(_label_columns(r))):  # fewest choices first
        choices = _label_columns(route)  # nearest the target first
        route.label_column = min(choices, key=lambda c: labels.get((route.label_gutter, c), 0))
        place = (route.label_gutter, route.label_column)
        route.label_level = labels[place]
        labels[place] += 1
    return Plan(routes, {g: _colour(items) for g, items in vertical.items()},
                {g: _colour(items) for g, items in horizontal.items()}, dict(labels))


def rounded(points: list[tuple[float, float]], radius: float) -> list[tuple[float, float]]:
    """An orthogonal polyline with its corners rounded (each corner a short arc of points).

    >>> rounded([(0, 0), (10, 0), (10, 10)], 4)[:3]
    [(0, 0), (6.0, 0.0), (7.75, 0.25)]
    """
    clean = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(clean) < 3:
        return clean
    out = [clean[0]]
    for before, corner, after in zip(clean, clean[1:], clean[2:], strict=False):
        into = (corner[0] - before[0], corner[1] - before[1])
        away = (after[0] - corner[0], after[1] - corner[1])
        length_in = abs(into[0]) + abs(into[1])
        length_out = abs(away[0]) + abs(away[1])
        r = min(radius, length_in / 2, length_out / 2)
        if r <= 0 or (into[0] and away[0]) or (into[1] and away[1]):
            out.append(corner)
            continue
        a = (corner[0] - into[0] / length_in * r, corner[1] - into[1] / length_in * r)
        b = (corner[0] + away[0] / length_out * r, corner[1] + away[1] / length_out * r)
        for t in (0.0, 0.25, 0.5, 0.75, 1.0):  # a quadratic curve with the corner as control
            out.append(((1 - t) ** 2 * a[0] + 2 * (1 - t) * t * corner[0] + t * t * b[0],
                        (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * corner[1] + t * t * b[1]))
    out.append(clean[-1])
    return out
