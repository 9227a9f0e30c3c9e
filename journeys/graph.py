"""A journey as a ``networkx.DiGraph``: steps are nodes, transitions are edges.

Node attributes: ``step`` (the Step model), ``actor`` (Actor), ``level``, ``stage``, ``load``.
Edge attributes: ``transition`` (Transition), ``kind``, ``load``, ``index`` (position in the
file, so that converting back keeps the user's order). ``G.graph["journey"]`` keeps the header.
"""

from __future__ import annotations

import weakref

import networkx as nx

from journeys.load import step_load, transition_load
from models import Journey, Step, Transition, parse_journey


def to_graph(journey: Journey) -> nx.DiGraph:
    """The journey as a directed graph with the models riding along as attributes."""
    graph = nx.DiGraph(journey=journey)
    actors = journey.actors_by_id
    graph.add_nodes_from(  # in bulk: a 60,000-step journey is built in a fraction
        (step.id, {"step": step, "actor": actors[step.actor], "level": actors[step.actor].level,
                   "stage": step.stage, "load": step_load(step)}) for step in journey.steps)
    graph.add_edges_from(
        (t.from_, t.to, {"transition": t, "kind": t.kind, "index": index,
                         "load": transition_load(journey, t)})
        for index, t in enumerate(journey.transitions))
    return graph


def from_graph(graph: nx.DiGraph) -> Journey:
    """The journey a graph made by ``to_graph`` stands for, with steps and transitions taken
    from the graph (so nodes and edges added or removed in networkx are kept).

    Raises ``JourneyInvalid`` when the edited graph breaks a rule (a cycle, a dangling id)."""
    header: Journey = graph.graph["journey"]
    steps: list[Step] = [data["step"] for _, data in graph.nodes(data=True)]
    edges = sorted(graph.edges(data=True), key=lambda e: e[2].get("index", float("inf")))
    transitions: list[Transition] = [data["transition"] for _, _, data in edges]
    document = header.model_dump(by_alias=True, exclude_unset=True)
    document["steps"] = [s.model_dump(by_alias=True, exclude_unset=True) for s in steps]
    document["transitions"] = [t.model_dump(by_alias=True, exclude_unset=True)
                               for t in transitions]
    if not transitions and "transitions" not in header.model_fields_set:
        del document["transitions"]
    return parse_journey(document)  # a broken edit is a JourneyInvalid naming the place


def forward_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The graph without ``return`` transitions: a DAG, the one routes run on."""
    returns = [(u, v) for u, v, kind in graph.edges(data="kind") if kind == "return"]
    if not returns:
        return graph
    view = graph.copy()
    view.remove_edges_from(returns)
    return view


_ROUTE_GRAPHS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""``route_graph`` of each journey graph, made once: route counts, cut points and the route
finder all run on it (the graphs are not changed once built). ``_SAME`` stands for the graph
itself: a value that is its own key would keep the graph, and its journey, alive forever."""
_SAME = object()


def route_graph(graph: nx.DiGraph) -> nx.DiGraph:
    """The graph routes run on: the forward graph without the transitions that lead on from a
    goal step. A route ends at the first goal it reaches (that is where the person's aim is
    met), so a step after a goal is on no route even when another goal follows it."""
    made = _ROUTE_GRAPHS.get(graph)
    if made is None:
        made = _route_graph(graph)
        _ROUTE_GRAPHS[graph] = _SAME if made is graph else made
    return graph if made is _SAME else made


def release(graph: nx.DiGraph) -> None:
    """Empty ``graph`` and its route graph, so that the steps they hold can go at once.
    networkx's edge views point back at their graph, so an unused graph is garbage only for
    the cyclic collector, which the command line runs without (``journeys.cli``)."""
    routed = _ROUTE_GRAPHS.pop(graph, _SAME)
    if routed is not _SAME:
        routed.clear()
    graph.clear()


_ROUTE_ORDERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def route_order(graph: nx.DiGraph) -> tuple[str, ...]:
    """The steps of ``route_graph(graph)`` in a topological order, found once (route counts
    and the route finder both walk it): the file's order when every transition leads
    forward in it (as most journeys are written; checking that is three times faster than
    sorting)."""
    order = _ROUTE_ORDERS.get(graph)
    if order is None:
        forward = route_graph(graph)
        position = {step: i for i, step in enumerate(forward)}
        ordered = all(position[u] < position[v] for u, v in forward.edges)
        order = tuple(forward) if ordered else tuple(nx.topological_sort(forward))
        _ROUTE_ORDERS[graph] = order
    return order


def _route_graph(graph: nx.DiGraph) -> nx.DiGraph:
    forward = forward_graph(graph)
    goals = [step_id for step_id, step in forward.nodes(data="step") if step.outcome == "goal"]
    after_goal = list(forward.out_edges(goals))
    if not after_goal:
        return forward
    view = forward.copy() if forward is graph else forward
    view.remove_edges_from(after_goal)
    return view
