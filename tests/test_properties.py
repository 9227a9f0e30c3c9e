"""Properties of random valid journeys (tests/strategies.py): round trips, graph, routes."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from typing import Any

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.formats import dumps_journey, loads_journey, to_document
from journeys.graph import forward_graph, from_graph, to_graph
from journeys.routes import find_routes
from models import Journey, JourneyInvalid, parse_journey
from tests.conftest import TINY_JOURNEY
from tests.strategies import journey_dicts, journeys

PROPERTY = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPERTY
@given(journey_dicts())
def test_saving_writes_exactly_what_was_read(document: dict) -> None:
    """No defaults added, nothing dropped, lists in the user's order."""
    assert to_document(parse_journey(document)) == document


@PROPERTY
@given(journeys(), st.sampled_from(["yaml", "json"]))
def test_round_trip(journey: Journey, fmt: str) -> None:
    text = dumps_journey(journey, fmt)
    again = loads_journey(text, fmt, name=f"random.{fmt}")
    assert again == journey
    assert dumps_journey(again, fmt) == text  # saved twice, the same bytes


@PROPERTY
@given(journeys())
def test_yaml_and_json_hold_the_same_journey(journey: Journey) -> None:
    via_json = loads_journey(dumps_journey(journey, "json"), "json")
    assert dumps_journey(via_json) == dumps_journey(journey)


@PROPERTY
@given(journeys())
def test_graph_invariants(journey: Journey) -> None:
    graph = to_graph(journey)
    assert list(graph.nodes) == [s.id for s in journey.steps]
    assert [(u, v) for u, v, _ in sorted(graph.edges(data="index"), key=lambda e: e[2])] == [
        (t.from_, t.to) for t in journey.transitions]
    assert graph.number_of_edges() == len(journey.transitions)
    forward = forward_graph(graph)
    assert nx.is_directed_acyclic_graph(forward)
    assert forward.number_of_edges() == sum(t.kind != "return" for t in journey.transitions)
    assert from_graph(graph) == journey


@PROPERTY
@given(journeys())
def test_routes_run_from_a_start_to_a_goal_cheapest_first(journey: Journey) -> None:
    graph = to_graph(journey)
    result = find_routes(journey, graph=graph, max_routes=20, time_limit=5)
    starts, goals = set(journey.start_ids()), set(journey.goal_ids())
    loads = [route.load for route in result.routes]
    assert loads == sorted(loads)
    assert len(set(result.routes)) == len(result.routes)
    assert result.truncated == (result.reason is not None)
    for route in result.routes:
        assert route.steps[0] in starts
        assert route.steps[-1] in goals
        edges = list(itertools.pairwise(route.steps))
        assert all(graph.edges[e]["kind"] != "return" for e in edges)
        expected = sum(graph.nodes[s]["load"] for s in route.steps) + sum(
            graph.edges[e]["load"] for e in edges)
        assert route.load == pytest.approx(expected, abs=1e-6)


ANYTHING = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5),
              st.dates(), st.binary(max_size=3), st.sampled_from([dt.date(2022, 3, 10)])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.one_of(st.text(max_size=5), st.integers()),
                                            inner, max_size=3)),
    max_leaves=6)


def places(value: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in a document, to put something else there."""
    found: list[tuple[Any, Any]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += [(value, key), *places(inner)]
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += [(value, index), *places(inner)]
    return found


@PROPERTY
@given(st.data())
def test_any_change_is_a_clear_problem_or_a_valid_journey(data: st.DataObject) -> None:
    """Put anything anywhere in a valid journey (or add a field): the result is either a
    ``JourneyInvalid`` with located problems, or a journey that saves and loads again."""
    document = copy.deepcopy(TINY_JOURNEY)
    container, key = data.draw(st.sampled_from(places(document)))
    if isinstance(container, dict) and data.draw(st.booleans()):
        key = data.draw(st.text(min_size=1, max_size=8))
    container[key] = data.draw(ANYTHING)
    try:
        journey = parse_journey(document)
    except JourneyInvalid as error:
        assert error.problems and all(p.message for p in error.problems)
        return
    for fmt in ("yaml", "json"):
        assert loads_journey(dumps_journey(journey, fmt), fmt) == journey
