"""GraphML: read back through networkx with every attribute intact, nothing of the journey lost."""

from __future__ import annotations

import copy
import io
import json

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeys.exchange import graphml_graph, journey_graphml
from journeys.exchange.graphml_writer import digraph_graphml
from journeys.formats import load_journey
from journeys.network import network_graph, network_graphml, referral_network
from models import Journey, JourneyInvalid, parse_journey
from tests.conftest import SAMPLES, TINY_JOURNEY
from tests.strategies import journeys


def read(text: str) -> nx.DiGraph:
    return nx.read_graphml(io.BytesIO(text.encode("utf-8")))


def rebuilt(graph: nx.DiGraph) -> Journey:
    """The journey again, from the JSON attributes alone."""
    document = json.loads(graph.graph["journey_json"])
    document["steps"] = [json.loads(data["step_json"]) for _, data in graph.nodes(data=True)]
    edges = sorted(graph.edges(data=True), key=lambda edge: edge[2]["index"])
    if edges:
        document["transitions"] = [json.loads(data["transition_json"]) for *_, data in edges]
    return parse_journey(document)


def test_tiny_journey_attributes() -> None:
    document = copy.deepcopy(TINY_JOURNEY)
    document["steps"][2].update(duration_days=3, emotion=2, channel="letter",
                                description='Vier Seiten, "Anlage K" <Pflicht> & Ümläute')
    journey = parse_journey(document)
    graph = read(journey_graphml(journey))
    assert graph.is_directed()
    assert list(graph.nodes) == ["letter", "ask-neighbour", "form", "give-up", "join"]
    assert graph.graph == {
        "journey_id": "tiny", "title": "Child joins a sports club", "language": "en",
        "journey_json": graph.graph["journey_json"], "node_default": {}, "edge_default": {}}
    assert graph.nodes["form"] == {
        "label": "Fills in the form", "stage": "apply", "stage_label": "Apply",
        "actor": "family", "actor_label": "Household", "level": 1,
        "level_label": "Household / person", "channel": "letter", "duration_days": 3.0,
        "reached": 10, "emotion": 2, "start": False,
        "description": 'Vier Seiten, "Anlage K" <Pflicht> & Ümläute', "barriers": 1,
        "load": 1.2, "max_severity": 3, "categories": "forms",
        "barrier_summary": "Forms & proofs (3)",
        "step_json": json.dumps(journey.steps[2].model_dump(
            mode="json", by_alias=True, exclude_unset=True), ensure_ascii=False)}
    assert graph.nodes["letter"]["start"] is True
    assert graph.nodes["join"]["outcome"] == "goal"
    assert graph.nodes["ask-neighbour"]["barriers"] == 0
    assert "categories" not in graph.nodes["ask-neighbour"]
    assert graph.edges["form", "join"] == {
        "index": 3, "kind": "referral", "data_transfer": "paper", "count": 6, "barriers": 1,
        "load": 3.0, "max_severity": 3, "categories": "handoff",
        "barrier_summary": "Handoffs & data transfer (3)",
        "transition_json": '{"from": "form", "to": "join", "kind": "referral", '
                           '"data_transfer": "paper", "count": 6, "barriers": [{"category": '
                           '"handoff", "severity": 3}]}'}
    assert graph.edges["give-up", "letter"]["kind"] == "return"
    assert rebuilt(graph) == journey


def test_german_labels_and_barrier_summary() -> None:
    document = copy.deepcopy(TINY_JOURNEY)
    document["steps"][0]["barriers"][0]["description"] = "Hinweis im Kleingedruckten"
    graph = read(journey_graphml(parse_journey(document), lang="de"))
    assert graph.nodes["letter"]["level_label"] == "Institution"
    assert graph.nodes["letter"]["barrier_summary"] == (
        "Information (4): Hinweis im Kleingedruckten")


def test_each_attribute_name_has_one_type() -> None:
    """yEd and Gephi read one column per attribute: a number key must not be both int and
    double (``duration_days`` 0 and 0.5 in the same journey)."""
    text = journey_graphml(load_journey(SAMPLES[0]))
    names = [(line.split('for="')[1].split('"')[0], line.split('attr.name="')[1].split('"')[0])
             for line in text.splitlines() if line.strip().startswith("<key ")]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_samples_lose_nothing(path) -> None:
    journey = load_journey(path)
    graph = read(journey_graphml(journey))
    assert graph.number_of_nodes() == len(journey.steps)
    assert graph.number_of_edges() == len(journey.transitions)
    for step in journey.steps:
        data = graph.nodes[step.id]
        assert (data["label"], data["stage"], data["actor"], data["barriers"]) == (
            step.label, step.stage, step.actor, len(step.barriers))
    assert rebuilt(graph) == journey


def test_text_xml_cannot_hold() -> None:
    """A control character pasted from a PDF must not break the file (XML 1.0 has none).
    Since issue 12 a journey refuses such text (``models.journey.NOT_TEXT``); GraphML still
    replaces any that a journey built without validation holds."""
    document = copy.deepcopy(TINY_JOURNEY)
    document["steps"][0]["label"] = "Liest\x0bden Bescheid\x1f\uffff"
    with pytest.raises(JourneyInvalid, match="control character"):
        parse_journey(document)
    journey = parse_journey(TINY_JOURNEY)
    step = journey.steps[0].model_copy(update={"label": document["steps"][0]["label"]})
    journey = journey.model_copy(update={"steps": [step, *journey.steps[1:]]})
    graph = read(journey_graphml(journey))
    assert graph.nodes["letter"]["label"] == "Liest\ufffdden Bescheid\ufffd\ufffd"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_any_journey_is_rebuilt_from_graphml(journey: Journey) -> None:
    assert rebuilt(read(journey_graphml(journey))) == journey


# -- the writer: what networkx writes, without building the graph and its elements ---------


def networkx_text(graph: nx.DiGraph) -> str:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return buffer.getvalue().decode("utf-8")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_samples_are_written_as_networkx_writes_them(path, lang: str) -> None:
    journey = load_journey(path)
    assert journey_graphml(journey, lang=lang) == networkx_text(graphml_graph(journey, lang=lang))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(journeys())
def test_any_journey_is_written_as_networkx_writes_it(journey: Journey) -> None:
    assert journey_graphml(journey) == networkx_text(graphml_graph(journey))


def test_edges_come_by_source_step_as_in_networkx() -> None:
    """A DiGraph keeps edges by source node: a transition written first in the file but
    leaving a later step comes later (and takes its key ids later)."""
    document = copy.deepcopy(TINY_JOURNEY)
    document["transitions"].reverse()
    document["transitions"][0]["label"] = "zuerst"
    journey = parse_journey(document)
    text = journey_graphml(journey)
    assert text == networkx_text(graphml_graph(journey))
    assert [(u, v) for u, v in read(text).edges] == [
        (t.from_, t.to) for step in journey.steps for t in journey.transitions
        if t.from_ == step.id]


def test_text_xml_cannot_hold_is_written_as_networkx_writes_it() -> None:
    journey = parse_journey(TINY_JOURNEY)
    step = journey.steps[0].model_copy(update={"label": "a\x0bb\ufffe", "description": "\x08"})
    journey = journey.model_copy(update={"steps": [step, *journey.steps[1:]]})
    assert journey_graphml(journey) == networkx_text(graphml_graph(journey))
    assert "\x0b" not in journey_graphml(journey)


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list('&<>"\'\t\n\r ]')), min_size=1, max_size=8)
values = st.one_of(names, st.integers(), st.booleans(),
                   st.floats(allow_nan=False), st.sampled_from(["", "1.5", "True"]))
attributes = st.dictionaries(names, values, max_size=4)


@settings(max_examples=200, deadline=None)
@given(graph=attributes, nodes=st.dictionaries(names, attributes, max_size=5),
       edges=st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), attributes), max_size=6),
       name=st.none() | names)
def test_any_graph_is_written_as_networkx_writes_it(graph, nodes, edges, name) -> None:
    """Escapes in ids, names and text, every type, a graph ``id``, nodes without data, no
    nodes at all: the same bytes."""
    result = nx.DiGraph(**graph, **({} if name is None else {"id": name}))
    result.add_nodes_from(nodes.items())
    ids = list(nodes)
    result.add_edges_from((ids[u], ids[v], data) for u, v, data in edges
                          if u < len(ids) and v < len(ids))
    expected = networkx_text(result.copy())  # networkx takes ``id`` out of the graph it writes
    assert digraph_graphml(result) == expected


def test_the_referral_network_is_written_as_networkx_writes_it() -> None:
    network = referral_network([load_journey(path) for path in SAMPLES])
    assert network_graphml(network).decode("utf-8") == networkx_text(network_graph(network))
