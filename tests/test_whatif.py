"""What-if: mitigated barriers, skipped steps and added transitions, before vs. after
(tiny journey of conftest.py: loads letter 2, form 1.2, join 6; routes 5 and 8.2)."""

from __future__ import annotations

import copy

import networkx as nx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from journeys.analysis import analyze
from journeys.bottlenecks import bottlenecks, route_counts
from journeys.graph import forward_graph, to_graph
from journeys.register import barrier_register
from journeys.routes import iter_routes
from journeys.whatif import apply_what_if, mitigation_refs, what_if
from models import JourneyError, JourneyInvalid, parse_journey
from tests.strategies import journeys

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def test_mitigating_a_barrier(tiny_journey_dict):
    journey = parse_journey(tiny_journey_dict)
    result = what_if(journey, mitigated=["step:form:0"])
    assert (result.total_before, result.total_after) == (9.2, 8.0)
    assert [(c.step, c.before, c.after) for c in result.changes] == [("form", 1.2, 0.0)]
    assert [(r.step, r.score) for r in result.ranking_after][:3] == [
        ("join", 6.0), ("letter", 2.0), ("form", 1.0)]
    assert (result.route_before.barrier_load, result.route_after.barrier_load) == (5.0, 5.0)
    assert result.summary == ["Total barrier load: 9.2 → 8.",
                              "Least-barrier route: 5 → 5.",
                              "Top bottleneck stays “Child trains at the club”: score 6 → 6."]
    assert "barriers" not in result.journey_after.steps_by_id["form"].model_fields_set
    assert journey.steps_by_id["form"].barriers  # the original is untouched


def test_mitigating_a_transition_barrier_keeps_the_others(tiny_journey_dict):
    tiny_journey_dict["transitions"][3]["barriers"].append({"category": "forms", "severity": 2})
    after = apply_what_if(parse_journey(tiny_journey_dict),
                          mitigated=["transition:form>join:0"])
    assert [p.ref for p in barrier_register(after) if p.transition] == [
        "transition:ask-neighbour>join:0", "transition:form>join:0"]
    assert after.transitions[3].barriers[0].category == "forms"


def test_removing_a_step_connects_its_neighbours(tiny_journey_dict):
    result = what_if(parse_journey(tiny_journey_dict), removed_steps=["ask-neighbour"])
    after = result.journey_after
    assert ("letter", "join") in {(t.from_, t.to) for t in after.transitions}
    assert after.transitions[-1].extra == {"what_if": "skips ask-neighbour"}
    assert [(c.step, c.before, c.after) for c in result.changes] == [
        ("ask-neighbour", 0.0, None), ("join", 6.0, 5.0)]
    assert result.route_after.steps == ["letter", "join"]
    assert result.summary == ["Total barrier load: 9.2 → 8.2.",
                              "Least-barrier route: 5 → 4.",
                              "Top bottleneck stays “Child trains at the club”: score 6 → 5."]


def test_removing_a_start_makes_the_next_steps_starts():
    document = {"id": "c", "title": "C", "language": "en", "stages": [{"id": "s", "label": "S"}],
                "actors": [{"id": "p", "label": "P", "level": 1}],
                "steps": [{"id": i, "label": i, "stage": "s", "actor": "p"} for i in "ab"] + [
                    {"id": "g", "label": "g", "stage": "s", "actor": "p", "outcome": "goal"}],
                "transitions": [{"from": "a", "to": "b"}, {"from": "b", "to": "g"}]}
    after = apply_what_if(parse_journey(document), removed_steps=["a"])
    assert after.start is None and after.start_ids() == ["b"]
    document["start"] = ["a"]
    assert apply_what_if(parse_journey(document), removed_steps=["a"]).start == ["b"]


def test_adding_a_transition(tiny_journey_dict):
    result = what_if(parse_journey(tiny_journey_dict), added_transitions=[("letter", "join")],
                     lang="de")
    assert (result.routes_total_before, result.routes_total_after) == (2, 3)
    assert result.route_after.steps == ["letter", "join"]
    assert result.added_transitions == ["letter>join"]
    assert result.summary[1:3] == ["Weg mit der geringsten Barrierelast: 5 → 4.",
                                   "Wege zum Ziel: 2 → 3."]


def test_adding_a_transition_into_a_start_keeps_it_a_start():
    document = {"id": "c", "title": "C", "language": "en", "stages": [{"id": "s", "label": "S"}],
                "actors": [{"id": "p", "label": "P", "level": 1}],
                "steps": [{"id": i, "label": i, "stage": "s", "actor": "p"} for i in "ab"] + [
                    {"id": "g", "label": "g", "stage": "s", "actor": "p", "outcome": "goal"}],
                "transitions": [{"from": "a", "to": "g"}, {"from": "b", "to": "g"}]}
    after = apply_what_if(parse_journey(document),
                          added_transitions=[{"from": "a", "to": "b", "kind": "alternative"}])
    assert after.start == ["a", "b"]
    assert route_counts(after).total == 3


def test_a_new_route_through_other_steps_is_named(tiny_journey_dict):
    tiny_journey_dict["steps"][1]["barriers"] = [{"category": "trust", "severity": 5}]
    result = what_if(parse_journey(tiny_journey_dict), mitigated=["step:ask-neighbour:0",
                                                                  "step:form:0"])
    assert result.summary[1] == "Least-barrier route: 8.2 → 5, now through “Asks the neighbour”."


def test_errors_name_the_problem(tiny_journey_dict):
    journey = parse_journey(tiny_journey_dict)
    with pytest.raises(JourneyError) as error:
        apply_what_if(journey, mitigated=["step:form:3"])
    assert (error.value.message, error.value.hint) == ("unknown barrier 'step:form:3'",
                                                       "did you mean 'step:form:0'?")
    with pytest.raises(JourneyError, match="unknown step 'nowhere'"):
        apply_what_if(journey, removed_steps=["nowhere"])
    with pytest.raises(JourneyInvalid) as invalid:
        apply_what_if(journey, removed_steps=["join"])
    assert [str(p) for p in invalid.value.problems] == [
        "steps: no step has `outcome: goal` — mark the step where the person reaches the aid "
        "offer with `outcome: goal`"]
    with pytest.raises(JourneyInvalid) as invalid:
        apply_what_if(journey, added_transitions=[("join", "letter")])
    assert str(invalid.value) == (
        "transitions[6]: steps form a cycle form → join → letter → form without a `return` "
        "transition — mark the transition that leads back (join → letter) as `kind: return`, "
        "or remove it")


def test_mitigation_refs_by_status(tiny_journey_dict):
    tiny_journey_dict["steps"][0]["barriers"][0]["mitigations"] = [
        {"idea": "Explain BuT in the first meeting", "status": "done"}]
    tiny_journey_dict["transitions"][3]["barriers"][0]["mitigations"] = [
        {"idea": "Send it by email", "status": "planned"}]
    journey = parse_journey(tiny_journey_dict)
    assert mitigation_refs(journey) == ["step:letter:0"]
    assert mitigation_refs(journey, ("done", "planned")) == ["step:letter:0",
                                                             "transition:form>join:0"]


# -- properties -----------------------------------------------------------------------------

def _route_loads(journey) -> dict[tuple[str, ...], float]:
    return {r.steps: r.load for r in iter_routes(journey)}


@PROPERTY
@given(journeys(), st.data())
def test_mitigating_a_barrier_never_raises_any_load(journey, data):
    refs = [p.ref for p in barrier_register(journey)]
    assume(refs)
    chosen = data.draw(st.lists(st.sampled_from(refs), min_size=1, unique=True))
    after = apply_what_if(journey, mitigated=chosen)
    before_analysis, after_analysis = analyze(journey), analyze(after)
    for step, load in after_analysis.step_loads.items():
        assert load <= before_analysis.step_loads[step]
    assert after_analysis.total_load <= before_analysis.total_load
    for edge, load in to_graph(after).edges.items():
        assert load["load"] <= to_graph(journey).edges[edge]["load"]
    before_routes = _route_loads(journey)
    for steps, load in _route_loads(after).items():
        assert load <= before_routes[steps] + 1e-9
    scores = {b.step: b.score for b in bottlenecks(journey)}
    assert all(b.score <= scores[b.step] + 1e-9 for b in bottlenecks(after))
    for by, cells in after_analysis.hotspots.items():
        assert all(load <= before_analysis.hotspots[by][key] + 1e-9
                   for key, load in cells.items())


@PROPERTY
@given(journeys(), st.data())
def test_adding_a_route_never_removes_a_route(journey, data):
    forward = forward_graph(to_graph(journey))
    order = list(nx.topological_sort(forward))
    taken = {(t.from_, t.to) for t in journey.transitions}
    dropouts = set(journey.dropout_ids())  # no way may lead on from a dropout step
    pairs = [(a, b) for i, a in enumerate(order) for b in order[i + 1:]
             if (a, b) not in taken and a not in dropouts]
    assume(pairs)
    pair = data.draw(st.sampled_from(pairs))
    after = apply_what_if(journey, added_transitions=[pair])
    assert set(_route_loads(journey)) <= set(_route_loads(after))
    assert route_counts(after).total >= route_counts(journey).total


def test_what_if_leaves_the_document_alone(tiny_journey_dict):
    original = copy.deepcopy(tiny_journey_dict)
    journey = parse_journey(tiny_journey_dict)
    what_if(journey, mitigated=["step:letter:0"], removed_steps=["form"],
            added_transitions=[("ask-neighbour", "give-up")])
    assert journey == parse_journey(original)
