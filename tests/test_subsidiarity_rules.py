"""Subsidiarity told right: the life-world first, but never against a right (DOMAIN.md).

Tiny journey (conftest.py): route 1 = letter → ask-neighbour → join (load 5),
route 2 = letter → form → join (load 8.2)."""

from __future__ import annotations

import pytest

from journeys.institutions import describe_routes, subsidiarity
from journeys.routes import find_routes
from models import parse_journey

RIGHT = {"kind": "entitlement", "law": "SGB II (BuT)"}


def flags(document: dict, lang: str = "en") -> list[tuple[str, int, int | None, str]]:
    journey = parse_journey(document)
    routes = describe_routes(journey, find_routes(journey).routes)
    return [(f.rule, f.route, f.alternative, f.message)
            for f in subsidiarity(journey, routes, lang=lang)]


@pytest.fixture
def institutional(tiny_journey_dict: dict) -> dict:
    """The letter is the Jobcenter's notice (channel letter) and the form is filled in at the
    Jobcenter: route 2 uses an institution on the way, route 1 only the neighbour."""
    tiny_journey_dict["steps"][0]["channel"] = "letter"
    tiny_journey_dict["steps"][2]["actor"] = "jobcenter"
    return tiny_journey_dict


def test_voluntary_help_lighter_than_an_institution(institutional: dict) -> None:
    institutional["actors"][1]["legal_basis"] = {"kind": "voluntary"}
    institutional["actors"][3]["legal_basis"] = {"kind": "discretionary"}
    assert flags(institutional) == [("life_world_first", 1, 0, (
        "Route 2 goes up to institutions (level 4: Jobcenter) although route 1 reaches the "
        "same goal on levels 1–3 with less barrier load (5 instead of 8.2). Rule: life-world "
        "first, as their offer is not a legal entitlement."))]
    assert flags(institutional, "de")[0][3].endswith(
        "Regel: Lebenswelt zuerst, denn ihr Angebot ist kein Rechtsanspruch.")


def test_a_starting_letter_of_an_institution_no_longer_hides_the_lighter_route(
        institutional: dict) -> None:
    assert [f[:3] for f in flags(institutional)] == [("life_world_first", 1, 0)]
    del institutional["steps"][0]["channel"]  # visited in person: route 1 uses the Jobcenter
    assert flags(institutional) == []


def test_never_against_a_right(institutional: dict) -> None:
    institutional["actors"][3]["legal_basis"] = RIGHT
    assert flags(institutional) == []


def test_goal_at_an_institution(institutional: dict) -> None:
    """The goal step's own level does not count: both routes end at the Jobcenter."""
    institutional["steps"][4]["actor"] = "jobcenter"
    assert flags(institutional) == [("life_world_first", 1, 0, (
        "Route 2 goes up to institutions (level 4: Jobcenter) although route 1 reaches the "
        "same goal on levels 1–3 with less barrier load (5 instead of 8.2). Rule: life-world "
        "first, as no legal entitlement is recorded for them."))]


def test_entitlement_reached_only_through_a_charity(tiny_journey_dict: dict) -> None:
    """need → Caritas counselling (charity) → BuT application at the Jobcenter → club."""
    tiny_journey_dict["actors"] = [
        {"id": "family", "label": "Household", "level": 1},
        {"id": "caritas", "label": "Caritas counselling", "level": 3,
         "legal_basis": {"kind": "charity"}},
        {"id": "jobcenter", "label": "Jobcenter", "level": 4, "legal_basis": RIGHT},
        {"id": "club", "label": "Sports club", "level": 3}]
    tiny_journey_dict["steps"] = [
        {"id": "need", "label": "Needs the fee", "stage": "seek", "actor": "family"},
        {"id": "advice", "label": "Asks Caritas", "stage": "seek", "actor": "caritas"},
        {"id": "apply", "label": "Applies for BuT", "stage": "apply", "actor": "jobcenter"},
        {"id": "join", "label": "Joins", "stage": "use", "actor": "club", "outcome": "goal"}]
    tiny_journey_dict["transitions"] = [{"from": "need", "to": "advice"},
                                        {"from": "advice", "to": "apply"},
                                        {"from": "apply", "to": "join"}]
    assert flags(tiny_journey_dict) == [("entitlement_via_charity", 0, None, (
        "Route 1 reaches the entitlement (SGB II (BuT): Jobcenter) only through a charity "
        "(Caritas counselling) — a non-take-up risk. Rule: never against a right; no route "
        "reaches it directly."))]
    assert flags(tiny_journey_dict, "de")[0][3] == (
        "Weg 1 erreicht den Rechtsanspruch (SGB II (BuT): Jobcenter) nur über eine karitative "
        "Hilfe (Caritas counselling) – ein Risiko der Nichtinanspruchnahme. Regel: nie gegen "
        "einen Rechtsanspruch; kein Weg erreicht ihn direkt.")
    tiny_journey_dict["transitions"].append({"from": "need", "to": "apply"})
    assert flags(tiny_journey_dict) == []  # one route reaches the right directly


def test_charity_in_place_of_a_right(institutional: dict) -> None:
    """Route 1 goes through a Förderverein that pays the fee; route 2 uses BuT."""
    institutional["actors"][1] = {"id": "neighbour", "label": "Förderverein", "level": 3,
                                  "legal_basis": {"kind": "charity"}}

    institutional["actors"][3]["legal_basis"] = RIGHT
    assert flags(institutional) == [("charity_instead", 0, 1, (
        "Route 1 reaches the goal through a charity (Förderverein) instead of the entitlement "
        "(SGB II (BuT): Jobcenter) that route 2 uses — a non-take-up risk. Rule: never against "
        "a right."))]
