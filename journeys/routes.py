"""Routes from a start step to a goal step, cheapest (least barrier load) first, bounded.

The number of routes can grow exponentially (30 diamonds in a row have 2^30), so routes are
enumerated lazily, cheapest first, with the recursive enumeration algorithm of Jiménez &
Marzal (1999) on the journey's forward graph, which is a DAG: the k-th route costs about one
walk along it, whatever the size of the graph (Yen's algorithm, ``networkx.
shortest_simple_paths``, runs a shortest-path search per step of every route instead: seconds
per route on a 2,000-step map). ``find_routes`` stops after ``max_routes`` routes or
``time_limit`` seconds, saying so. ``return`` transitions lead back and are never part of a
route.
"""

from __future__ import annotations

import heapq
import itertools
import math
import sys
import time
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

from journeys.graph import route_graph, route_order, to_graph
from models import Journey

MAX_ROUTES = 50
TIME_LIMIT = 1.0
_START, _END = ("<start>",), ("<end>",)


@dataclass(frozen=True)
class Route:
    """One way through the journey: its step ids and its total barrier load."""

    steps: tuple[str, ...]
    load: float


@dataclass(frozen=True)
class RouteSet:
    """Routes found, cheapest first, and whether the search stopped before the end."""

    routes: list[Route]
    truncated: bool
    reason: str | None = None


UNITS = 10 ** 6
"""Loads are added up in millionths (whole numbers), so that equal loads are equal exactly
and ties are broken by the documented order, not by floating-point noise."""


def _units(load: float) -> int:
    return round(load * UNITS)


def _weighted(graph: nx.DiGraph, starts: Iterable[str], goals: Iterable[str]
              ) -> tuple[dict[Hashable, dict[Hashable, int]], list[Hashable]]:
    """The route graph between ``_START`` (leading to every start) and ``_END`` (reached from
    every goal), as plain dicts: for each node, the cost of entering it from each predecessor
    (its load plus the transition's load, in millionths); and the nodes in a topological
    order."""
    forward = route_graph(graph)
    loads = dict(graph.nodes(data="load"))
    preds: dict[Hashable, dict[Hashable, int]] = {v: {} for v in forward}
    for u, successors in forward.adjacency():
        for v, edge in successors.items():
            preds[v][u] = _units(edge["load"] + loads[v])
    for start in starts:
        preds[start][_START] = _units(loads[start])
    preds[_START] = {}
    preds[_END] = dict.fromkeys(goals, 0)
    return preds, [_START, *route_order(graph), _END]


class _RankedPaths:
    """The k-th cheapest path from ``_START`` into each node, computed on demand.

    ``found[v][k]`` is ``(cost, predecessor, rank of the path into the predecessor)``; the
    candidates for the next path into ``v`` wait in a heap (Jiménez & Marzal's REA). Paths of
    equal cost are ordered by their predecessor's position in the file (``_START`` first), then
    by their rank there: that is, by the last step, then the step before it, and so on.
    """

    def __init__(self, preds: dict[Hashable, dict[Hashable, int]], order: list[Hashable],
                 position: dict[Hashable, int]) -> None:
        self.position = position
        self.preds = preds
        self.found: dict[Hashable, list[tuple[int, Hashable, int]]] = {
            _START: [(0, None, -1)]}
        self.candidates: dict[Hashable, list[tuple[int, int, int, Hashable]]] = {}
        self.exhausted: set[Hashable] = {_START}
        found = self.found
        for v in order[1:]:  # positions differ, so (cost, position) is never a tie
            into = preds[v]
            if len(into) == 1:  # most steps of most journeys: one way in
                [(p, w)] = into.items()
                if p in found:
                    found[v] = [(found[p][0][0] + w, p, 0)]
                continue
            options = [(found[p][0][0] + w, position[p], p) for p, w in into.items()
                       if p in found]
            if options:
                cost, _, pred = min(options)
                found[v] = [(cost, pred, 0)]

    def path(self, v: Hashable, k: int) -> tuple[int, Hashable, int] | None:
        """The k-th (0-based) cheapest path into ``v``, or None when there are fewer."""
        found = self.found.get(v)
        if found is None:
            return None
        while len(found) <= k:
            if v in self.exhausted:
                return None
            heap = self.candidates.get(v)
            if heap is None:  # every predecessor's best path, but the one already taken
                heap = [(self.found[p][0][0] + w, self.position[p], 0, p)
                        for p, w in self.preds[v].items()
                        if p in self.found and p != found[0][1]]
                heapq.heapify(heap)
                self.candidates[v] = heap
            _, pred, rank = found[-1]  # its successor through the same predecessor
            following = self.path(pred, rank + 1)
            if following is not None:
                heapq.heappush(heap, (following[0] + self.preds[v][pred], self.position[pred],
                                      rank + 1, pred))
            if not heap:
                self.exhausted.add(v)
                return None
            cost, _, rank, pred = heapq.heappop(heap)
            found.append((cost, pred, rank))
        return found[k]

    def steps(self, k: int) -> tuple[str, ...]:
        """The steps of the k-th path into ``_END``."""
        steps: list[str] = []
        _, node, rank = self.found[_END][k]
        while node != _START:
            steps.append(node)  # type: ignore[arg-type]
            _, node, rank = self.found[node][rank]
        return tuple(reversed(steps))


def iter_routes(journey: Journey, *, graph: nx.DiGraph | None = None,
                starts: Iterable[str] | None = None,
                goals: Iterable[str] | None = None) -> Iterator[Route]:
    """Every route from a start to a goal, cheapest first, lazily (may be astronomically many:
    take only what you need, or use ``find_routes``).

    A route ends at the first goal it reaches (``journeys.graph.route_graph``). Routes of equal
    load (in millionths) come in the order of their last step's position in the file, then
    the step before it, and so on back to the start (a route that starts at a step comes
    before one that passes through it)."""
    graph = graph if graph is not None else to_graph(journey)
    starts = list(journey.start_ids() if starts is None else starts)
    goals = list(journey.goal_ids() if goals is None else goals)
    if not starts or not goals:
        return
    position: dict[Hashable, int] = {s.id: i for i, s in enumerate(journey.steps)}
    position[_START] = -1
    ranked = _RankedPaths(*_weighted(graph, starts, goals), position)
    # one (cheap, since Python 3.11 keeps no C stack for it) call per step of a route
    sys.setrecursionlimit(max(sys.getrecursionlimit(), len(graph) + 200))
    for k in itertools.count():
        entry = ranked.path(_END, k)
        if entry is None:
            return
        steps = ranked.steps(k)
        yield Route(steps, _load(graph, steps))


def _load(graph: nx.DiGraph, steps: tuple[str, ...]) -> float:
    """A route's barrier load, summed exactly and rounded once (the ranking above works in
    millionths; the load it reports must equal the one its barriers add up to)."""
    loads = [graph.nodes[s]["load"] for s in steps]
    loads += [graph.edges[u, v]["load"] for u, v in itertools.pairwise(steps)]
    return round(math.fsum(loads), 6)


def _routes(count: int) -> str:
    return f"{count} route{'' if count == 1 else 's'}"


def find_routes(journey: Journey, *, max_routes: int = MAX_ROUTES,
                time_limit: float = TIME_LIMIT, graph: nx.DiGraph | None = None,
                starts: Iterable[str] | None = None,
                goals: Iterable[str] | None = None, total: int | None = None) -> RouteSet:
    """At most ``max_routes`` routes, cheapest first, found within about ``time_limit`` s.
    ``total``: how many routes there are (``journeys.bottlenecks.route_counts``), if known:
    the search ends with the last one instead of looking for one more (on a long chain, that
    look walks back along all of it)."""
    deadline = time.perf_counter() + time_limit
    found: list[Route] = []
    generator = iter_routes(journey, graph=graph, starts=starts, goals=goals)
    for route in generator:
        if len(found) == max_routes:  # the route in hand proves there are more
            return RouteSet(found, True, f"showing the {_routes(max_routes)} with the least "
                                         "barrier load; there are more")
        found.append(route)
        if len(found) == total:
            break
        if time.perf_counter() > deadline:
            return RouteSet(found, True, f"stopped after {time_limit:g} s with "
                                         f"{_routes(len(found))}; there may be more")
    return RouteSet(found, False)
