"""Least-barrier routes: exact routes and loads on the tiny journey, bounded on 2^30 routes."""

from __future__ import annotations

import pytest

from journeys.routes import MAX_ROUTES, Route, RouteSet, find_routes, iter_routes
from models import parse_journey
from tests.builders import diamonds

# Route loads of the tiny journey (tests/conftest.py): a route pays each step's barrier load
# and each transition's: letter 2 + ask-neighbour 0 + (ask-neighbour → join) 1 + join 2 = 5;
# letter 2 + form 1.2 + (form → join) 3 + join 2 = 8.2.
VIA_NEIGHBOUR = Route(("letter", "ask-neighbour", "join"), 5.0)
VIA_FORM = Route(("letter", "form", "join"), 8.2)


def test_routes_cheapest_first(tiny_journey_dict: dict) -> None:
    assert find_routes(parse_journey(tiny_journey_dict)) == RouteSet(
        [VIA_NEIGHBOUR, VIA_FORM], truncated=False)


def test_cheaper_form_changes_the_order(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["steps"][0]["barriers"] = []
    tiny_journey_dict["transitions"][3]["barriers"] = []
    tiny_journey_dict["transitions"][2]["barriers"][0]["severity"] = 5
    routes = find_routes(parse_journey(tiny_journey_dict)).routes
    assert routes == [Route(("letter", "form", "join"), 3.2),  # 1.2 + 2
                      Route(("letter", "ask-neighbour", "join"), 7.0)]  # 5 + 2


def test_max_routes_truncates_and_says_so(tiny_journey_dict: dict) -> None:
    assert find_routes(parse_journey(tiny_journey_dict), max_routes=1) == RouteSet(
        [VIA_NEIGHBOUR], truncated=True,
        reason="showing the 1 route with the least barrier load; there are more")


def test_exactly_max_routes_is_not_truncated(tiny_journey_dict: dict) -> None:
    result = find_routes(parse_journey(tiny_journey_dict), max_routes=2)
    assert (len(result.routes), result.truncated) == (2, False)


def test_time_limit_truncates_and_says_so(tiny_journey_dict: dict) -> None:
    result = find_routes(parse_journey(tiny_journey_dict), time_limit=0)
    assert result.truncated
    assert result.routes == [VIA_NEIGHBOUR]  # the route found when time ran out is kept
    assert result.reason == "stopped after 0 s with 1 route; there may be more"


def test_given_starts_and_goals(tiny_journey_dict: dict) -> None:
    journey = parse_journey(tiny_journey_dict)
    assert find_routes(journey, starts=["form"]).routes == [Route(("form", "join"), 6.2)]
    assert find_routes(journey, goals=["give-up"]).routes == [
        Route(("letter", "form", "give-up"), 3.2)]


def test_start_named_in_the_journey(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["start"] = ["ask-neighbour"]
    assert find_routes(parse_journey(tiny_journey_dict)).routes == [
        Route(("ask-neighbour", "join"), 3.0)]


def test_a_start_that_is_a_goal_is_a_route_of_one_step(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["start"] = ["join"]
    assert find_routes(parse_journey(tiny_journey_dict)).routes == [Route(("join",), 2.0)]


def test_no_way_to_a_goal(tiny_journey_dict: dict) -> None:
    journey = parse_journey(tiny_journey_dict)
    assert find_routes(journey, starts=["ask-neighbour"], goals=["form"]) == RouteSet(
        [], truncated=False)
    assert find_routes(journey, starts=[]) == RouteSet([], truncated=False)


def test_return_transitions_are_never_part_of_a_route(tiny_journey_dict: dict) -> None:
    routes = list(iter_routes(parse_journey(tiny_journey_dict), goals=["letter"]))
    assert routes == [Route(("letter",), 2.0)]  # not letter, form, give-up, letter


def test_thirty_diamonds_are_bounded_and_truncated() -> None:
    result = find_routes(parse_journey(diamonds(30)))
    assert result.truncated
    assert result.reason == (f"showing the {MAX_ROUTES} routes with the least barrier load; "
                             "there are more")
    # the cheapest route takes every upper way (30 × 1); then 30 routes with one lower way,
    # then the 435 with two, of which 19 fit into the 50
    assert [r.load for r in result.routes] == [30.0] + [31.0] * 30 + [32.0] * 19
    upper = [step for i in range(30) for step in (f"s{i}", f"a{i}")]
    assert result.routes[0].steps == (*upper, "s30")
    assert len(set(result.routes)) == MAX_ROUTES


@pytest.mark.parametrize("count", [1, 2, 5])
def test_small_diamonds_give_every_route(count: int) -> None:
    result = find_routes(parse_journey(diamonds(count)), max_routes=100)
    assert (len(result.routes), result.truncated) == (2 ** count, False)
    assert result.routes[-1].load == 2 * count
