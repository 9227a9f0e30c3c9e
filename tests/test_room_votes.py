"""The room's votes in the analysis: reasons, the barrier tables, the room's ranking."""

from __future__ import annotations

from journeys.bottlenecks import bottlenecks
from journeys.export.contents import barrier_table
from journeys.register import barrier_register
from journeys.room_votes import room_ranking, sees_differently, step_votes
from models import parse_journey

VOTED = parse_journey({
    "id": "voted", "title": "Voted", "language": "en",
    "stages": [{"id": "s", "label": "S"}],
    "actors": [{"id": "a", "label": "A", "level": 1}],
    "steps": [
        {"id": "ask", "label": "Asks", "stage": "s", "actor": "a", "barriers": [
            {"category": "forms", "severity": 5, "description": "Ten pages"}]},
        {"id": "wait", "label": "Waits", "stage": "s", "actor": "a", "barriers": [
            {"category": "capacity", "severity": 2, "votes": 6},
            {"category": "trust", "severity": 1, "votes": 1}]},
        {"id": "go", "label": "Goes", "stage": "s", "actor": "a", "outcome": "goal"}],
    "transitions": [{"from": "ask", "to": "wait"}, {"from": "wait", "to": "go", "barriers": [
        {"category": "handoff", "severity": 1, "votes": 1}]}],
})


def test_reasons_say_how_many_votes_the_room_gave():
    reasons = {b.step: b.reasons for b in bottlenecks(VOTED)}
    assert reasons["wait"] == ["the only route passes here",
                               "2 barriers, load 3, worst: Capacity & waiting time 2/5",
                               "7 votes from the room"]
    assert reasons["go"][-1] == "1 vote from the room"
    assert reasons["ask"] == ["the only route passes here",
                              "1 barrier, load 5: Forms & proofs 5/5"]
    german = {b.step: b.reasons for b in bottlenecks(VOTED, lang="de")}
    assert german["wait"][-1] == "7 Punkte aus dem Raum"


def test_the_barrier_table_has_a_votes_column_once_the_room_voted():
    table = barrier_table(VOTED, "en")
    assert table.header == ["Where", "Category", "Severity", "Affected", "Load", "Votes",
                            "Description", "Mitigations (owner, status)"]
    assert [row[5] for row in table.rows] == ["", "6", "1", "1"]
    assert abs(sum(table.widths) - 1) < 1e-9
    unvoted = parse_journey({**VOTED.model_dump(by_alias=True, exclude_none=True),
                             "steps": [VOTED.steps[0].model_dump(exclude_none=True),
                                       VOTED.steps[2].model_dump(exclude_none=True)],
                             "transitions": [{"from": "ask", "to": "go"}]})
    assert "Votes" not in barrier_table(unvoted, "en").header


def test_the_room_ranks_differently_from_the_score():
    ranked = bottlenecks(VOTED)
    votes = step_votes(barrier_register(VOTED))
    assert votes == {"wait": 7, "go": 1}
    assert [b.step for b in ranked] == ["ask", "wait", "go"]
    assert [b.step for b in room_ranking(ranked, votes)] == ["wait", "go"]
    assert sees_differently(ranked, votes)
    assert not sees_differently(ranked, {"ask": 3, "wait": 1})
    assert not sees_differently(ranked, {})
