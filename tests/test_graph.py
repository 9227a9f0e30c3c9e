"""A journey as a networkx graph: exact nodes, edges and attributes of the tiny journey."""

from __future__ import annotations

import networkx as nx
import pytest

from journeys.formats import dumps_journey
from journeys.graph import forward_graph, from_graph, to_graph
from models import JourneyInvalid, Step, Transition, parse_journey


@pytest.fixture
def tiny_graph(tiny_journey_dict: dict) -> nx.DiGraph:
    return to_graph(parse_journey(tiny_journey_dict))


def test_nodes_are_the_steps_in_file_order(tiny_graph: nx.DiGraph) -> None:
    journey = tiny_graph.graph["journey"]
    assert list(tiny_graph.nodes) == ["letter", "ask-neighbour", "form", "give-up", "join"]
    assert [(n, d["level"], d["stage"], d["actor"].id) for n, d in tiny_graph.nodes(data=True)] == [
        ("letter", 4, "seek", "jobcenter"), ("ask-neighbour", 2, "seek", "neighbour"),
        ("form", 1, "apply", "family"), ("give-up", 1, "apply", "family"),
        ("join", 3, "use", "club")]
    assert all(d["step"] is journey.steps_by_id[n] for n, d in tiny_graph.nodes(data=True))


def test_node_load_is_the_step_barrier_load(tiny_graph: nx.DiGraph) -> None:
    # letter 4 × 0.5; form 3 × 4 of 10 reached; join 2 × everyone (affected unknown)
    assert dict(tiny_graph.nodes(data="load")) == pytest.approx(
        {"letter": 2.0, "ask-neighbour": 0, "form": 1.2, "give-up": 0, "join": 2.0})


def test_edges_are_the_transitions(tiny_graph: nx.DiGraph) -> None:
    journey = tiny_graph.graph["journey"]
    assert [(u, v, d["kind"], d["index"], d["load"]) for u, v, d in tiny_graph.edges(data=True)] \
        == [("letter", "form", "next", 0, 0), ("letter", "ask-neighbour", "alternative", 1, 0),
            ("ask-neighbour", "join", "handoff", 2, 1.0), ("form", "join", "referral", 3, 3.0),
            ("form", "give-up", "next", 4, 0), ("give-up", "letter", "return", 5, 0)]
    assert all(d["transition"] is journey.transitions[d["index"]]
               for _, _, d in tiny_graph.edges(data=True))


def test_transition_load_counts_people_leaving(tiny_journey_dict: dict) -> None:
    """A count of affected people is divided by the transition's count, else by the people
    who reached the step the transition leaves."""
    tiny_journey_dict["transitions"][3]["barriers"][0]["affected"] = 3
    graph = to_graph(parse_journey(tiny_journey_dict))
    assert graph.edges["form", "join"]["load"] == 1.5  # 3 × 3 of 6
    del tiny_journey_dict["transitions"][3]["count"]  # form was reached by 10
    graph = to_graph(parse_journey(tiny_journey_dict))
    assert graph.edges["form", "join"]["load"] == pytest.approx(0.9)  # 3 × 3 of 10


def test_forward_graph_drops_return_transitions(tiny_graph: nx.DiGraph) -> None:
    forward = forward_graph(tiny_graph)
    assert list(forward.edges) == [("letter", "form"), ("letter", "ask-neighbour"),
                                   ("ask-neighbour", "join"), ("form", "join"),
                                   ("form", "give-up")]
    assert nx.is_directed_acyclic_graph(forward)
    assert not nx.is_directed_acyclic_graph(tiny_graph)
    assert tiny_graph.has_edge("give-up", "letter")  # the original is left alone


def test_forward_graph_without_returns_is_the_graph(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["transitions"].pop()
    graph = to_graph(parse_journey(tiny_journey_dict))
    assert forward_graph(graph) is graph


def test_header_rides_along(tiny_graph: nx.DiGraph, tiny_journey_dict: dict) -> None:
    assert tiny_graph.graph["journey"] == parse_journey(tiny_journey_dict)


def test_from_graph_gives_the_journey_back(tiny_journey_dict: dict) -> None:
    journey = parse_journey(tiny_journey_dict)
    again = from_graph(to_graph(journey))
    assert again == journey
    assert dumps_journey(again) == dumps_journey(journey)


def test_from_graph_keeps_the_file_order(tiny_graph: nx.DiGraph) -> None:
    data = tiny_graph.edges["letter", "form"]
    tiny_graph.remove_edge("letter", "form")
    tiny_graph.add_edge("letter", "form", **data)  # now last in networkx, first by index
    journey = from_graph(tiny_graph)
    assert [(t.from_, t.to) for t in journey.transitions][:2] == [
        ("letter", "form"), ("letter", "ask-neighbour")]


def test_from_graph_keeps_edits(tiny_graph: nx.DiGraph) -> None:
    tiny_graph.remove_edge("letter", "ask-neighbour")
    tiny_graph.add_node("call", step=Step.model_validate(
        {"id": "call", "label": "Calls the club", "stage": "seek", "actor": "family"}))
    tiny_graph.add_edge("letter", "call", transition=Transition.model_validate(
        {"from": "letter", "to": "call", "kind": "alternative"}))
    tiny_graph.add_edge("call", "join", transition=Transition.model_validate(
        {"from": "call", "to": "join"}))
    journey = from_graph(tiny_graph)
    assert [s.id for s in journey.steps] == ["letter", "ask-neighbour", "form", "give-up",
                                             "join", "call"]
    assert [(t.from_, t.to) for t in journey.transitions] == [
        ("letter", "form"), ("ask-neighbour", "join"), ("form", "join"), ("form", "give-up"),
        ("give-up", "letter"), ("letter", "call"), ("call", "join")]
    assert journey.start_ids() == ["letter", "ask-neighbour"]


def test_from_graph_refuses_a_broken_edit(tiny_graph: nx.DiGraph) -> None:
    tiny_graph.add_edge("join", "letter", transition=Transition.model_validate(
        {"from": "join", "to": "letter"}))
    with pytest.raises(JourneyInvalid) as caught:
        from_graph(tiny_graph)
    assert [str(p) for p in caught.value.problems] == [
        "transitions[6]: steps form a cycle form → join → letter → form without a "
        "`return` transition — mark the transition that leads back (join → letter) as "
        "`kind: return`, or remove it"]
