"""Routes from a start step to a goal step, cheapest (least barrier load) first, bounded.

The number of routes can grow exponentially (30 diamonds in a row have 2^30), so routes are
enumerated lazily with Yen's algorithm (``networkx.shortest_simple_paths``) and
``find_routes`` stops after ``max_routes`` routes or ``time_limit`` seconds, saying so.
``return`` transitions lead back and are never part of a route.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import networkx as nx

from journeys.graph import forward_graph, to_graph
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


def _weighted(graph: nx.DiGraph, starts: Iterable[str], goals: Iterable[str]) -> nx.DiGraph:
    """A plain weighted copy: entering a step costs its load plus the transition's load."""
    forward = forward_graph(graph)
    weighted = nx.DiGraph()
    weighted.add_nodes_from(forward.nodes)
    loads = graph.nodes(data="load")
    weighted.add_weighted_edges_from(
        (u, v, data["load"] + loads[v]) for u, v, data in forward.edges(data=True))
    weighted.add_weighted_edges_from((_START, s, loads[s]) for s in starts)
    weighted.add_weighted_edges_from((g, _END, 0.0) for g in goals)
    return weighted


def iter_routes(journey: Journey, *, graph: nx.DiGraph | None = None,
                starts: Iterable[str] | None = None,
                goals: Iterable[str] | None = None) -> Iterator[Route]:
    """Every route from a start to a goal, cheapest first, lazily (may be astronomically many:
    take only what you need, or use ``find_routes``)."""
    graph = graph if graph is not None else to_graph(journey)
    starts = list(journey.start_ids() if starts is None else starts)
    goals = list(journey.goal_ids() if goals is None else goals)
    if not starts or not goals:
        return
    weighted = _weighted(graph, starts, goals)
    paths = nx.shortest_simple_paths(weighted, _START, _END, weight="weight")
    try:
        for path in paths:
            steps = tuple(path[1:-1])
            yield Route(steps, round(nx.path_weight(weighted, path, "weight"), 6))
    except nx.NetworkXNoPath:
        return


def _routes(count: int) -> str:
    return f"{count} route{'' if count == 1 else 's'}"


def find_routes(journey: Journey, *, max_routes: int = MAX_ROUTES,
                time_limit: float = TIME_LIMIT, graph: nx.DiGraph | None = None,
                starts: Iterable[str] | None = None,
                goals: Iterable[str] | None = None) -> RouteSet:
    """At most ``max_routes`` routes, cheapest first, found within about ``time_limit`` s."""
    deadline = time.perf_counter() + time_limit
    found: list[Route] = []
    generator = iter_routes(journey, graph=graph, starts=starts, goals=goals)
    for route in generator:
        if len(found) == max_routes:  # the route in hand proves there are more
            return RouteSet(found, True, f"showing the {_routes(max_routes)} with the least "
                                         "barrier load; there are more")
        found.append(route)
        if time.perf_counter() > deadline:
            return RouteSet(found, True, f"stopped after {time_limit:g} s with "
                                         f"{_routes(len(found))}; there may be more")
    return RouteSet(found, False)
