"""Hotspots of one journey and of a portfolio, with hand-computed sums (see conftest.py)."""

from __future__ import annotations

import copy

import pytest

from journeys.hotspots import (
    HOTSPOT_KEYS,
    hotspot_report,
    hotspots,
    portfolio_hotspots,
    total_hotspots,
)
from models import JourneyError, parse_journey
from tests.conftest import TINY_JOURNEY


def cells(result: dict) -> dict:
    return {key: (cell.count, cell.load) for key, cell in result.items()}


def variant(**changes) -> dict:
    document = copy.deepcopy(TINY_JOURNEY)
    document.update(changes)
    return document


@pytest.fixture
def portfolio():
    """tiny (region A, tags BuT+sport, load 9.2); tiny2 (region B, tag BuT, no forms barrier,
    letter severity 2: load 7); tiny3 (no region, no tags, same as tiny)."""
    first = variant(region="A", tags=["BuT", "sport"])
    second = variant(id="tiny2", region="B", tags=["BuT"])
    del second["steps"][2]["barriers"]
    second["steps"][0]["barriers"][0]["severity"] = 2
    third = variant(id="tiny3")
    return [parse_journey(d) for d in (first, second, third)]


def test_hotspots_of_one_journey_by_every_key(tiny_journey_dict):
    journey = parse_journey(tiny_journey_dict)
    assert cells(hotspots(journey, "category")) == {
        "handoff": (1, 3.0), "cost": (1, 2.0), "information": (1, 2.0), "forms": (1, 1.2),
        "trust": (1, 1.0)}
    assert cells(hotspots(journey, "dimension")) == {
        "appropriateness": (1, 3.0), "affordability": (1, 2.0), "approachability": (1, 2.0),
        "availability_accommodation": (1, 1.2), "acceptability": (1, 1.0)}
    assert cells(hotspots(journey, "actor")) == {
        "club": (3, 6.0), "jobcenter": (1, 2.0), "family": (1, 1.2)}
    assert cells(hotspots(journey, "level")) == {"3": (3, 6.0), "4": (1, 2.0), "1": (1, 1.2)}
    assert cells(hotspots(journey, "stage")) == {"use": (3, 6.0), "seek": (1, 2.0),
                                                 "apply": (1, 1.2)}
    assert cells(hotspots(journey, "channel")) == {"none": (5, 9.2)}


def test_custom_categories_and_channels(tiny_journey_dict):
    tiny_journey_dict["categories"] = [{"id": "weather", "de": "Wetter",
                                        "dimension": "availability_accommodation"}]
    tiny_journey_dict["steps"][0]["channel"] = "letter"
    tiny_journey_dict["steps"][0]["barriers"] += [{"category": "weather", "severity": 5},
                                                  {"category": "other", "severity": 1}]
    journey = parse_journey(tiny_journey_dict)
    assert cells(hotspots(journey, "dimension")) == {
        "availability_accommodation": (2, 6.2), "appropriateness": (1, 3.0),
        "affordability": (1, 2.0), "approachability": (1, 2.0), "acceptability": (1, 1.0),
        "none": (1, 1.0)}
    channels = hotspots(journey, "channel")
    assert cells(channels) == {"letter": (3, 8.0), "none": (4, 7.2)}
    assert list(channels) == ["letter", "none"]


def test_unknown_key_is_a_clear_error(tiny_journey_dict):
    with pytest.raises(JourneyError) as error:
        hotspots(parse_journey(tiny_journey_dict), "colour")
    assert error.value.message == "cannot group hotspots by 'colour'"
    assert error.value.hint == f"use one of: {', '.join(HOTSPOT_KEYS)}"
    with pytest.raises(JourneyError, match="cannot group a portfolio by 'stage'"):
        portfolio_hotspots([], group_by="stage")


def test_portfolio_by_region(portfolio):
    result = portfolio_hotspots(portfolio, group_by="region", by="category")
    assert list(result) == ["A", "none", "B"]
    assert cells(result["B"]) == {"handoff": (1, 3.0), "cost": (1, 2.0),
                                  "information": (1, 1.0), "trust": (1, 1.0)}
    assert cells(result["A"]) == cells(result["none"]) == cells(
        hotspots(portfolio[0], "category"))


def test_portfolio_by_tag_counts_a_journey_in_each_of_its_tags(portfolio):
    result = portfolio_hotspots(portfolio, group_by="tag", by="level")
    assert cells(result["BuT"]) == {"3": (6, 12.0), "4": (2, 3.0), "1": (1, 1.2)}
    assert cells(result["sport"]) == cells(result["none"]) == {
        "3": (3, 6.0), "4": (1, 2.0), "1": (1, 1.2)}
    assert list(result) == ["BuT", "none", "sport"]


def test_portfolio_by_actor_and_by_journey(portfolio):
    # tiny (region A) and tiny2 (region B) each have their own club: an actor is its offer
    # (region / id / label), never a bare id shared by two journeys
    result = portfolio_hotspots(portfolio[:2], group_by="actor", by="category")
    assert {g: cells(c) for g, c in result.items()} == {
        "A / club / Sports club": {"handoff": (1, 3.0), "cost": (1, 2.0), "trust": (1, 1.0)},
        "B / club / Sports club": {"handoff": (1, 3.0), "cost": (1, 2.0), "trust": (1, 1.0)},
        "A / jobcenter / Jobcenter": {"information": (1, 2.0)},
        "A / family / Household": {"forms": (1, 1.2)},
        "B / jobcenter / Jobcenter": {"information": (1, 1.0)}}
    assert list(result) == ["A / club / Sports club", "B / club / Sports club",
                            "A / jobcenter / Jobcenter", "A / family / Household",
                            "B / jobcenter / Jobcenter"]
    by_journey = portfolio_hotspots(portfolio, group_by="journey", by="stage")
    assert list(by_journey) == ["tiny", "tiny3", "tiny2"]
    assert cells(by_journey["tiny2"]) == {"use": (3, 6.0), "seek": (1, 1.0)}


def test_totals_over_all_journeys(portfolio):
    assert cells(total_hotspots(portfolio, "level")) == {
        "3": (9, 18.0), "4": (3, 5.0), "1": (2, 2.4)}
    report = hotspot_report(portfolio, by="level")
    assert (report.total.count, report.total.load, report.journeys) == (
        14, 25.4, ["tiny", "tiny2", "tiny3"])
    assert report.groups is None and cells(report.cells) == cells(
        total_hotspots(portfolio, "level"))
    grouped = hotspot_report(portfolio, by="stage", group_by="region")
    assert grouped.cells is None and list(grouped.groups) == ["A", "none", "B"]
