"""Comparing journeys: side-by-side cells, categories only one journey has, harder and where.

tiny (conftest.py) has load 9.2; the variant drops the forms barrier (1.2) and lowers the
letter's information barrier from 4 × 0.5 = 2 to 2 × 0.5 = 1: load 7.
"""

from __future__ import annotations

import copy
import gc
import weakref

import pytest

from journeys.compare import compare_journeys, distinct_names, journey_header
from journeys.formats import load_journey
from journeys.hotspots import HotspotCell
from models import JourneyError, parse_journey
from tests.conftest import SAMPLE_DIR, TINY_JOURNEY


@pytest.fixture
def pair():
    variant = copy.deepcopy(TINY_JOURNEY)
    variant.update(id="variant", title="Child joins a club (variant)", region="Ennigerloh")
    del variant["steps"][2]["barriers"]
    variant["steps"][0]["barriers"][0]["severity"] = 2
    return [parse_journey(TINY_JOURNEY), parse_journey(variant)]


def test_tables_side_by_side(pair):
    result = compare_journeys(pair)
    assert list(result.category) == ["handoff", "cost", "information", "forms", "trust"]
    assert result.category["forms"] == {"tiny": HotspotCell(count=1, load=1.2),
                                        "variant": HotspotCell()}
    assert result.category["information"] == {"tiny": HotspotCell(count=1, load=2.0),
                                              "variant": HotspotCell(count=1, load=1.0)}
    assert {k: (row["tiny"].load, row["variant"].load) for k, row in result.stage.items()} == {
        "use": (6.0, 6.0), "seek": (2.0, 1.0), "apply": (1.2, 0.0)}
    assert [(t.key, t.total_load, t.least_route_load, t.routes_total, t.barrier_count)
            for t in result.journeys] == [("tiny", 9.2, 5.0, 2, 5), ("variant", 7.0, 4.0, 2, 4)]


def test_harder_where_and_only_in(pair):
    result = compare_journeys(pair)
    assert result.harder == "tiny"
    assert result.only_in == {"tiny": ["forms"], "variant": []}
    assert result.findings == [
        "“Child joins a sports club” is harder overall: barrier load 9.2 against 7 for "
        "“Child joins a club (variant)”.",
        "“Child joins a sports club” carries more barrier load in Forms & proofs (+1.2), "
        "Information / awareness (+1) and stage Apply (+1.2).",
        "Least-barrier route: 5 (tiny), 4 (variant).",
        "Only in “Child joins a sports club”: Forms & proofs."]


def test_findings_in_german(pair):
    findings = compare_journeys(pair, lang="de").findings
    assert findings[0] == ("„Child joins a sports club“ ist insgesamt schwerer: Barrierelast "
                           "9,2 gegenüber 7 bei „Child joins a club (variant)“.")
    assert findings[1] == ("„Child joins a sports club“ trägt mehr Barrierelast bei Formulare & "
                           "Nachweise (+1,2), Information (+1) und Phase Apply (+1,2).")


def test_findings_name_the_largest_differences_either_way():
    # changed on purpose: findings named only where the harder journey is higher, so
    # Ennigerloh's larger mobility and cost gaps were never mentioned
    journeys = [load_journey(SAMPLE_DIR / f"sportverein-{town}.yaml")
                for town in ("everswinkel", "ennigerloh")]
    findings = compare_journeys(journeys, lang="en").findings
    title = "Kind tritt mit BuT-Förderung einem Sportverein bei"
    assert findings[1:3] == [
        f"“{title} (Everswinkel)” carries more barrier load in Capacity & waiting time (+5), "
        "Handoffs & data transfer (+5), Language / officialese (+3) and stage Erreichen (+5.1).",
        f"“{title} (Ennigerloh)” carries more barrier load in Mobility & distance (+6.5), "
        "Cost & advance payment (+5.7) and Forms & proofs (+1.1)."]


def test_equal_totals_still_name_the_differences(pair):
    other = copy.deepcopy(TINY_JOURNEY)
    other["steps"][4]["barriers"][0]["severity"] = 3  # cost at the club 2 → 3: +1
    other["steps"][0]["barriers"][0]["severity"] = 2  # information 4 × 0.5 → 2 × 0.5: −1
    result = compare_journeys([pair[0], parse_journey(other)])
    assert result.harder is None
    assert result.findings[:3] == [
        "The journeys carry the same barrier load (9.2).",
        "“Child joins a sports club (tiny)” carries more barrier load in Information / "
        "awareness (+1) and stage Seek (+1).",
        "“Child joins a sports club (tiny (2))” carries more barrier load in Cost & advance "
        "payment (+1) and stage Use (+1)."]


def test_same_id_and_title_are_told_apart(pair):
    twin = copy.deepcopy(TINY_JOURNEY)
    twin["region"] = "Ennigerloh"
    twin["steps"][4]["barriers"][0]["severity"] = 5
    result = compare_journeys([pair[0], parse_journey(twin), pair[0]])
    assert [t.key for t in result.journeys] == ["tiny", "tiny (2)", "tiny (3)"]
    assert result.harder == "tiny (2)"
    assert result.findings[0] == (
        "“Child joins a sports club (Ennigerloh)” is harder overall: barrier load 12.2 against "
        "9.2 for “Child joins a sports club (tiny)”.")


def test_equal_journeys_have_no_harder_one(pair):
    result = compare_journeys([pair[0], pair[0]])
    assert result.harder is None
    assert result.findings[0] == "The journeys carry the same barrier load (9.2)."
    assert result.only_in == {"tiny": [], "tiny (2)": []}


def test_needs_two_journeys(pair):
    with pytest.raises(JourneyError, match="comparing needs at least two journeys"):
        compare_journeys(pair[:1])


def test_distinct_names_add_the_region_then_the_key_only_where_needed():
    assert distinct_names([("kita", "Kita", "Everswinkel"), ("verein", "Verein", None)]) == {
        "kita": "Kita", "verein": "Verein"}
    assert distinct_names([("a", "Kita", "Everswinkel"), ("b", "Kita", "Ennigerloh"),
                           ("c", "Kita", "Ennigerloh"), ("d", "Kita", None)]) == {
        "a": "Kita (Everswinkel)", "b": "Kita (b)", "c": "Kita (c)", "d": "Kita (d)"}


def test_comparison_names_its_journeys_as_its_findings_do(pair):
    twin = copy.deepcopy(TINY_JOURNEY)
    twin["region"] = "Ennigerloh"
    twin["steps"][4]["barriers"][0]["severity"] = 5
    result = compare_journeys([pair[0], parse_journey(twin)])
    assert result.names() == {"tiny": "Child joins a sports club (tiny)",  # it has no region
                              "tiny (2)": "Child joins a sports club (Ennigerloh)"}
    assert all(name in result.findings[0] for name in result.names().values())


def test_each_journey_is_let_go_before_the_next_is_loaded():
    """The command line compares two 60,000-step journeys holding one at a time: with the
    cyclic collector off (as in journeys.cli), nothing of the comparison keeps a measured
    journey's steps alive (its graph, kept by networkx's own edge views, did)."""
    first_steps: list[weakref.ref] = []

    def one_at_a_time():
        for document in (TINY_JOURNEY, {**TINY_JOURNEY, "id": "again"}):
            if first_steps:
                assert first_steps[0]() is None, "the first journey is still alive"
            journey = parse_journey(document)
            first_steps.append(weakref.ref(journey.steps[0]))
            yield journey
            del journey

    gc.disable()
    try:
        result = compare_journeys(one_at_a_time())
    finally:
        gc.enable()
    assert [t.key for t in result.journeys] == ["tiny", "again"]
    assert len(first_steps) == 2


def test_a_header_keeps_names_but_no_steps(pair):
    header = journey_header(pair[0])
    assert (header.steps, header.transitions) == ([], [])
    assert (header.title, header.region, header.stages, header.actors) == (
        pair[0].title, pair[0].region, pair[0].stages, pair[0].actors)
    assert header.category("forms").label("de") == pair[0].category("forms").label("de")
