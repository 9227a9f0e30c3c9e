"""Routes described for planners, subsidiarity, and routes by institution (tiny journey of
conftest.py: letter → ask-neighbour → join, load 5; letter → form → join, load 8.2)."""

from __future__ import annotations

import pytest

from journeys.analysis import analyze
from journeys.institutions import (
    Handoff,
    best_route_through,
    describe_routes,
    routes_by_institution,
    subsidiarity,
)
from journeys.routes import find_routes
from models import JourneyError, parse_journey


@pytest.fixture
def low_route_journey(tiny_journey_dict):
    """The tiny journey with the letter from the family (level 1) and the form at the
    jobcenter (level 4): route 1 stays on levels 1-3 (load 5), route 2 reaches level 4 (8.2)."""
    tiny_journey_dict["steps"][0]["actor"] = "family"
    tiny_journey_dict["steps"][2]["actor"] = "jobcenter"
    return tiny_journey_dict


def test_routes_with_actors_levels_handoffs_and_days(tiny_journey_dict):
    tiny_journey_dict["steps"][0]["duration_days"] = 1
    tiny_journey_dict["steps"][2]["duration_days"] = 5
    journey = parse_journey(tiny_journey_dict)
    first, second = describe_routes(journey, find_routes(journey).routes)
    assert first.model_dump() == {
        "steps": ["letter", "ask-neighbour", "join"],
        "actors": ["jobcenter", "neighbour", "club"], "levels": [2, 3, 4], "goal": "join",
        "barrier_load": 5.0, "barrier_count": 3,
        "barriers": ["step:letter:0", "step:join:0", "transition:ask-neighbour>join:0"],
        "worst_load": 2.0, "worst_barrier": "step:letter:0",
        "handoffs": [
            {"from_step": "letter", "to_step": "ask-neighbour", "from_actor": "jobcenter",
             "to_actor": "neighbour", "kind": "alternative", "data_transfer": None},
            {"from_step": "ask-neighbour", "to_step": "join", "from_actor": "neighbour",
             "to_actor": "club", "kind": "handoff", "data_transfer": "verbal"}],
        "days": 1, "days_unknown": 2}
    assert (second.steps, second.barrier_load, second.worst_barrier, second.days,
            second.days_unknown, second.levels) == (
        ["letter", "form", "join"], 8.2, "transition:form>join:0", 6, 1, [1, 3, 4])
    assert second.handoffs[1] == Handoff(from_step="form", to_step="join", from_actor="family",
                                         to_actor="club", kind="referral",
                                         data_transfer="paper")


def test_a_marked_handoff_counts_even_within_one_actor(tiny_journey_dict):
    tiny_journey_dict["steps"][1]["actor"] = "club"
    journey = parse_journey(tiny_journey_dict)
    route = describe_routes(journey, find_routes(journey).routes)[0]
    assert [(h.from_step, h.kind) for h in route.handoffs] == [
        ("letter", "alternative"), ("ask-neighbour", "handoff")]
    tiny_journey_dict["transitions"][2]["kind"] = "next"
    journey = parse_journey(tiny_journey_dict)
    route = describe_routes(journey, find_routes(journey).routes)[0]
    assert [(h.from_step, h.kind) for h in route.handoffs] == [("letter", "alternative")]


def test_subsidiarity_flags_the_institutional_route(low_route_journey):
    journey = parse_journey(low_route_journey)
    routes = describe_routes(journey, find_routes(journey).routes)
    [flag] = subsidiarity(journey, routes)
    assert (flag.route, flag.alternative) == (1, 0)
    assert flag.message == ("Route 2 goes up to institutions (level 4: Jobcenter) although "
                            "route 1 reaches the same goal on levels 1–3 with less barrier load "
                            "(5 instead of 8.2). Rule: life-world first, as no legal entitlement "
                            "is recorded for them.")
    [german] = subsidiarity(journey, routes, lang="de")
    assert german.message == ("Weg 2 führt bis zu Institutionen (Ebene 4: Jobcenter), obwohl "
                              "Weg 1 dasselbe Ziel über die Ebenen 1–3 mit weniger Barrierelast "
                              "erreicht (5 statt 8,2). Regel: Lebenswelt zuerst, denn für sie ist "
                              "kein Rechtsanspruch erfasst.")
    assert analyze(journey).subsidiarity == [flag]


def test_no_flag_when_the_low_route_is_heavier_or_reaches_another_goal(low_route_journey):
    low_route_journey["steps"][1]["barriers"] = [{"category": "trust", "severity": 5}]
    journey = parse_journey(low_route_journey)  # route on levels 1-3 now weighs 10
    assert subsidiarity(journey, describe_routes(journey, find_routes(journey).routes)) == []

    low_route_journey["steps"][1]["barriers"] = []
    low_route_journey["steps"].append({"id": "other-goal", "label": "Other goal",
                                       "stage": "use", "actor": "club", "outcome": "goal"})
    low_route_journey["transitions"][2]["to"] = "other-goal"
    journey = parse_journey(low_route_journey)
    routes = describe_routes(journey, find_routes(journey).routes)
    assert [r.goal for r in routes] == ["other-goal", "join"]
    assert subsidiarity(journey, routes) == []


def test_best_route_through_an_actor(tiny_journey_dict):
    journey = parse_journey(tiny_journey_dict)
    family = best_route_through(journey, "family")
    assert (family.steps, family.barrier_load) == (["letter", "form", "join"], 8.2)
    assert best_route_through(journey, "jobcenter").steps == ["letter", "ask-neighbour", "join"]
    with pytest.raises(JourneyError) as error:
        best_route_through(journey, "jobcentre")
    assert (error.value.message, error.value.hint) == ("unknown actor 'jobcentre'",
                                                       "did you mean 'jobcenter'?")


def test_best_route_is_none_for_an_actor_on_no_route(tiny_journey_dict):
    tiny_journey_dict["actors"].append({"id": "school", "label": "School", "level": 4})
    tiny_journey_dict["steps"][3]["actor"] = "school"  # give-up: a dropout
    assert best_route_through(parse_journey(tiny_journey_dict), "school") is None


def test_routes_by_institution_side_by_side(tiny_journey_dict):
    rows = routes_by_institution(parse_journey(tiny_journey_dict))
    assert [(r.actor, r.level, r.steps, r.load, r.barrier_count, r.routes_through,
             r.routes_total, r.best_route.barrier_load) for r in rows] == [
        ("family", 1, ["form", "give-up"], 1.2, 1, 1, 2, 8.2),
        ("neighbour", 2, ["ask-neighbour"], 0.0, 0, 1, 2, 5.0),
        ("club", 3, ["join"], 6.0, 3, 2, 2, 5.0),
        ("jobcenter", 4, ["letter"], 2.0, 1, 2, 2, 5.0)]
    only_institutions = routes_by_institution(parse_journey(tiny_journey_dict), levels=(4,))
    assert [r.actor for r in only_institutions] == ["jobcenter"]
