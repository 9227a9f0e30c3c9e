"""Bottlenecks, exact route counts, unavoidable steps and the whole ``analyze`` result.

Every expected number below is computed by hand from the tiny journey in conftest.py:
barriers letter 4 × 0.5 = 2, form 3 × 4/10 = 1.2, join 2, ask-neighbour → join 1 and
form → join 3 (both placed at join); routes letter → ask-neighbour → join (load 5) and
letter → form → join (8.2).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from journeys.analysis import Analysis, analysis_schema, analyze, bottlenecks, schema_text
from journeys.bottlenecks import route_counts, unavoidable_steps
from journeys.routes import iter_routes
from models import parse_journey
from tests.builders import diamonds
from tests.conftest import ROOT, SAMPLES
from tests.strategies import journeys

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def chain(links: list[tuple[str, str]], goals: list[str], **steps: dict) -> dict:
    """A journey document from ``(from, to)`` links; every step on level 1 unless given."""
    ids = list(dict.fromkeys([s for link in links for s in link] + goals))
    return {
        "id": "chain", "title": "Chain", "language": "en",
        "stages": [{"id": "s", "label": "Stage"}],
        "actors": [{"id": "p", "label": "Person", "level": 1}],
        "steps": [{"id": i, "label": i.upper(), "stage": "s", "actor": "p",
                   **({"outcome": "goal"} if i in goals else {}), **steps.get(i, {})}
                  for i in ids],
        "transitions": [{"from": a, "to": b} for a, b in links],
    }


# -- exact values on the tiny journey -------------------------------------------------------

def test_bottleneck_ranking_scores_and_reasons(tiny_journey_dict):
    ranking = bottlenecks(parse_journey(tiny_journey_dict))
    assert [(b.step, b.score) for b in ranking] == [
        ("join", 6.0), ("letter", 2.0), ("form", 1.6), ("ask-neighbour", 0.0), ("give-up", 0.0)]
    join, letter, form = ranking[:3]
    assert join.reasons == ["all 2 routes pass here",
                            "3 barriers, load 6, worst: Handoffs & data transfer 3/5"]
    assert join.barriers == ["step:join:0", "transition:ask-neighbour>join:0",
                             "transition:form>join:0"]
    assert (join.load, join.routes_through, join.routes_total, join.unavoidable) == (
        6.0, 2, 2, True)
    assert letter.reasons == [
        "all 2 routes pass here", "1 barrier, load 2: Information / awareness 4/5",
        "drop-off unknown: no count on the transition to “Asks the neighbour”"]
    assert letter.dropout_share is None
    assert form.reasons == ["1 of 2 routes passes here", "1 barrier, load 1.2: Forms & proofs 3/5",
                            "4 of 10 people (40%) drop out here (→ “Gives up”)"]
    assert (form.reached, form.dropped, form.dropout_share, form.unavoidable) == (
        10, 4, 0.4, False)


def test_reasons_in_german(tiny_journey_dict):
    form = next(b for b in bottlenecks(parse_journey(tiny_journey_dict), lang="de")
                if b.step == "form")
    assert form.reasons == ["1 von 2 Wegen führt hier durch",
                            "1 Barriere, Last 1,2: Formulare & Nachweise 3/5",
                            "4 von 10 Personen (40 %) steigen hier aus (→ „Gives up“)"]


def test_waiting_days_add_one_point_per_week_up_to_five():
    journey = parse_journey(chain([("a", "b"), ("b", "g")], ["g"],
                                  a={"duration_days": 14}, b={"duration_days": 70}))
    scores = {b.step: b.score for b in bottlenecks(journey)}
    assert scores == {"a": 2.0, "b": 5.0, "g": 0.0}
    reasons = {b.step: b.reasons for b in bottlenecks(journey)}
    assert reasons["a"] == ["the only route passes here", "no barriers recorded",
                            "14 days waiting"]


def test_dropout_counts_like_a_severity_five_barrier_for_the_share_who_leave():
    journey = parse_journey(chain([("a", "g"), ("a", "x")], ["g"], a={"reached": 20},
                                  g={"reached": 15}, x={"outcome": "dropout"}))
    a = next(b for b in bottlenecks(journey) if b.step == "a")
    assert (a.dropped, a.dropout_share, a.score) == (5, 0.25, 1.25)
    assert a.reasons[-1] == "5 of 20 people (25%) drop out here"


def test_inconsistent_numbers_say_why_instead_of_guessing():
    going_on = parse_journey(chain([("a", "g")], ["g"], a={"reached": 5}, g={"reached": 8}))
    a = next(b for b in bottlenecks(going_on) if b.step == "a")
    assert a.dropout_share is None
    assert a.dropout_note == "drop-off unknown: 8 people go on, but only 5 reached this step"
    assert a.dropout_note in a.reasons

    document = chain([("a", "b"), ("b", "g")], ["g"], b={"reached": 3})
    document["transitions"][0]["count"] = 7
    b = next(x for x in bottlenecks(parse_journey(document)) if x.step == "b")
    assert b.dropout_note == ("drop-off unknown: transitions bring 7 people here, but only 3 "
                              "reached this step")


def test_reached_falls_back_to_the_counts_coming_in():
    document = chain([("a", "b"), ("b", "g"), ("b", "x")], ["g"], x={"outcome": "dropout"})
    document["transitions"][0]["count"] = 10
    document["transitions"][1]["count"] = 9
    b = next(x for x in bottlenecks(parse_journey(document)) if x.step == "b")
    assert (b.reached, b.dropped, b.dropout_share) == (10, 1, 0.1)


def test_no_route_to_a_goal_scores_the_pressure_alone():
    document = chain([("a", "b")], ["g"], a={"barriers": [{"category": "forms", "severity": 3}]})
    journey = parse_journey({**document, "start": ["a"]})
    ranking = bottlenecks(journey)
    assert [(b.step, b.score, b.routes_total) for b in ranking] == [
        ("a", 3.0, 0), ("b", 0.0, 0), ("g", 0.0, 0)]
    assert ranking[0].reasons == ["1 barrier, load 3: Forms & proofs 3/5"]
    result = analyze(journey)
    assert result.routes == [] and result.least_barrier_route is None
    assert result.routes_note.startswith("No route leads from a start to a goal")


# -- exact counts without enumerating ------------------------------------------------------

def test_route_counts_and_unavoidable_steps_on_30_diamonds():
    journey = parse_journey(diamonds(30))
    counts = route_counts(journey)
    assert counts.total == 2 ** 30
    assert counts.through["a7"] == counts.through["b29"] == 2 ** 29
    assert counts.through["s12"] == 2 ** 30
    assert unavoidable_steps(journey) == {f"s{i}" for i in range(31)}


def test_analysis_of_30_diamonds_is_bounded_and_says_so():
    result = analyze(parse_journey(diamonds(30)), max_routes=20, time_limit=5)
    assert len(result.routes) == 20 and result.routes_truncated
    assert result.routes_total == 2 ** 30
    assert result.routes_note == "Showing the 20 least-barrier routes of 1,073,741,824."
    assert analyze(parse_journey(diamonds(30)), lang="de", max_routes=3,
                   time_limit=5).routes_note == (
        "Gezeigt werden die 3 Wege mit der geringsten Barrierelast von 1.073.741.824.")
    top = {b.step: b for b in result.bottlenecks}
    assert top["s5"].reasons[0] == "all 1,073,741,824 routes pass here"
    assert top["a5"].reasons[0] == "536,870,912 of 1,073,741,824 routes pass here"


def test_multiple_starts_and_goals_count_like_the_route_finder():
    # a route ends at the first goal: a → c → g1 → g2 is not a route (changed on purpose:
    # it was counted before, so this journey had 6 routes)
    document = chain([("a", "c"), ("b", "c"), ("c", "g1"), ("g1", "g2"), ("c", "g2")],
                     ["g1", "g2"])
    journey = parse_journey(document)
    counts = route_counts(journey)
    listed = list(iter_routes(journey))
    assert counts.total == len(listed) == 4
    assert [r.steps for r in listed] == [("a", "c", "g1"), ("b", "c", "g1"), ("a", "c", "g2"),
                                         ("b", "c", "g2")]
    assert counts.through == {s: sum(s in r.steps for r in listed) for s in counts.through}
    assert unavoidable_steps(journey) == {"c"}


# -- analyze --------------------------------------------------------------------------------

def test_analyze_tiny_journey(tiny_journey_dict):
    result = analyze(parse_journey(tiny_journey_dict))
    assert result.step_loads == {"letter": 2.0, "ask-neighbour": 0.0, "form": 1.2,
                                 "give-up": 0.0, "join": 6.0}
    assert result.transition_loads == {"ask-neighbour>join": 1.0, "form>join": 3.0}
    assert (result.total_load, result.barrier_count) == (9.2, 5)
    assert [(r.steps, r.barrier_load) for r in result.routes] == [
        (["letter", "ask-neighbour", "join"], 5.0), (["letter", "form", "join"], 8.2)]
    assert (result.routes_total, result.routes_truncated, result.routes_note) == (2, False, None)
    assert result.least_barrier_route == 0
    assert result.subsidiarity == []
    assert result.hotspots["level"] == {"3": 6.0, "4": 2.0, "1": 1.2}
    assert result.hotspot_counts["level"] == {"3": 3, "4": 1, "1": 1}
    assert result.hotspots["category"] == {"handoff": 3.0, "cost": 2.0, "information": 2.0,
                                           "forms": 1.2, "trust": 1.0}
    assert result.hotspots["stage"] == {"use": 6.0, "seek": 2.0, "apply": 1.2}
    assert result.hotspots["channel"] == {"none": 9.2}


def test_json_has_the_documented_fields_and_validates_against_the_schema(tiny_journey_dict):
    document = json.loads(analyze(parse_journey(tiny_journey_dict)).model_dump_json())
    jsonschema.validate(document, analysis_schema())
    assert document["bottlenecks"][0] == {**document["bottlenecks"][0], "step": "join",
                                          "score": 6.0}
    assert set(document["routes"][0]) >= {"steps", "actors", "levels", "barrier_load",
                                          "handoffs", "days"}
    assert document["routes"][0]["actors"] == ["jobcenter", "neighbour", "club"]
    assert document["routes"][0]["levels"] == [2, 3, 4]
    assert set(document["hotspots"]) >= {"category", "dimension", "actor", "level", "stage"}
    assert Analysis.model_validate(document) == analyze(parse_journey(tiny_journey_dict))


def test_docs_schema_is_the_generated_one():
    assert (ROOT / "docs" / "analysis-schema.json").read_text(encoding="utf-8") == schema_text()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: Path(p).stem)
def test_every_sample_analyses_and_validates(path):
    from journeys.formats import load_journey

    journey = load_journey(path)
    result = analyze(journey, lang=journey.language, time_limit=10)
    jsonschema.validate(json.loads(result.model_dump_json()), analysis_schema())
    assert result.routes and not result.routes_truncated
    assert result.bottlenecks[0].score > 0 and result.bottlenecks[0].reasons
    assert sum(result.step_loads.values()) == pytest.approx(result.total_load)


# -- properties -----------------------------------------------------------------------------

@PROPERTY
@given(journeys())
def test_counts_and_cut_points_agree_with_the_listed_routes(journey):
    listed = list(iter_routes(journey))
    counts = route_counts(journey)
    assert counts.total == len(listed)
    assert counts.through == {s: sum(s in r.steps for r in listed) for s in counts.through}
    assert unavoidable_steps(journey) == (
        {s for s, n in counts.through.items() if n == counts.total} if listed else set())


@PROPERTY
@given(journeys())
def test_least_barrier_route_is_the_minimum_over_all_routes(journey):
    result = analyze(journey, max_routes=10_000, time_limit=60)
    assert not result.routes_truncated
    loads = [r.barrier_load for r in result.routes]
    assert loads == [r.load for r in iter_routes(journey)]
    if loads:
        assert result.routes[result.least_barrier_route].barrier_load == min(loads)
    # each of the step loads and the total is rounded to 6 decimals once
    rounding = 0.5e-6 * (len(result.step_loads) + 1)
    assert sum(result.step_loads.values()) == pytest.approx(result.total_load, abs=rounding)
    jsonschema.validate(json.loads(result.model_dump_json()), analysis_schema())
