"""Dot voting in the room: exact counts, the dots limit under concurrency, suggestions, the
end of a round, and barriers found again after the journey changed under the votes."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from journeys.formats import to_document
from journeys.register import barrier_register
from journeys.store import Workspace
from journeys.voting import (
    RoundEnded,
    Voting,
    VotingError,
    fingerprint,
    resolve,
    with_votes,
)
from models import parse_journey

ROOM = {
    "id": "room", "title": "Room", "language": "en",
    "stages": [{"id": "s", "label": "S"}],
    "actors": [{"id": "a", "label": "A", "level": 1}],
    "steps": [
        {"id": "ask", "label": "Asks", "stage": "s", "actor": "a", "barriers": [
            {"category": "forms", "severity": 3, "description": "Ten pages"},
            {"category": "language", "severity": 2, "description": "Only German", "votes": 4}]},
        {"id": "go", "label": "Goes", "stage": "s", "actor": "a", "outcome": "goal"}],
    "transitions": [{"from": "ask", "to": "go", "barriers": [
        {"category": "handoff", "severity": 3, "description": "Paper only"}]}],
}


@pytest.fixture
def voting(tmp_path: Path) -> Voting:
    workspace = Workspace(tmp_path / "workspace.db")
    workspace.create(parse_journey(ROOM))
    yield Voting(workspace)
    workspace.close()


def _barriers(voting: Voting) -> dict[str, str]:
    """ref → fingerprint of the current revision."""
    journey = voting.workspace.get("room").journey
    return {p.ref: fingerprint(p.barrier) for p in barrier_register(journey)}


def test_dots_are_counted_per_barrier_and_limited_per_participant(voting):
    room = voting.open_round("room", dots=3)
    prints = _barriers(voting)
    me, you = voting.join(room.token), voting.join(room.token)
    assert voting.put_dot(room.token, me, "step:ask:0", prints["step:ask:0"]) == 2
    assert voting.put_dot(room.token, me, "step:ask:0", prints["step:ask:0"]) == 1
    assert voting.put_dot(room.token, me, "transition:ask>go:0",
                          prints["transition:ask>go:0"]) == 0
    with pytest.raises(VotingError, match="all 3 dots are placed"):
        voting.put_dot(room.token, me, "step:ask:1", prints["step:ask:1"])
    assert voting.put_dot(room.token, you, "step:ask:1", prints["step:ask:1"]) == 2
    totals = voting.totals(room.id)
    assert totals.by_ref == {"step:ask:0": 2, "transition:ask>go:0": 1, "step:ask:1": 1}
    assert (totals.dots, totals.lost, totals.participants) == (4, 0, 2)


def test_remove_takes_back_one_dot_and_gives_it_back(voting):
    room = voting.open_round("room", dots=2)
    prints = _barriers(voting)
    me = voting.join(room.token)
    voting.put_dot(room.token, me, "step:ask:0", prints["step:ask:0"])
    voting.put_dot(room.token, me, "step:ask:0", prints["step:ask:0"])
    assert voting.remove_dot(room.token, me, "step:ask:0", prints["step:ask:0"]) == 1
    assert voting.remove_dot(room.token, me, "step:ask:1", prints["step:ask:1"]) == 1
    left, mine = voting.my_dots(room.token, me)
    assert (left, dict(mine)) == (1, {("step:ask:0", prints["step:ask:0"]): 1})
    assert voting.put_dot(room.token, me, "step:ask:1", prints["step:ask:1"]) == 0
    assert voting.totals(room.id).by_ref == {"step:ask:0": 1, "step:ask:1": 1}


def test_concurrent_taps_never_exceed_the_dots_and_count_each_dot_once(voting, tmp_path):
    """20 participants × 10 threads each hammer one round through two workspace objects
    (two server processes' worth): each participant gets exactly their 5 dots."""
    room = voting.open_round("room", dots=5)
    prints = _barriers(voting)
    other = Voting(Workspace(tmp_path / "workspace.db"))
    people = [voting.join(room.token) for _ in range(20)]
    placed, refused = [], []
    lock = threading.Lock()

    def tap(side: Voting, person: str, ref: str) -> None:
        try:
            side.put_dot(room.token, person, ref, prints[ref])
            with lock:
                placed.append(ref)
        except VotingError:
            with lock:
                refused.append(ref)

    taps = [*prints, *prints, *prints, "step:ask:0"]  # 10 taps for 5 dots
    threads = [threading.Thread(target=tap, args=(voting if n % 2 else other, person, ref))
               for person in people for n, ref in enumerate(taps)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert (len(placed), len(refused)) == (100, 100)
    totals = voting.totals(room.id)
    assert totals.dots == 100 and sum(totals.by_ref.values()) == 100
    assert totals.by_ref == {ref: placed.count(ref) for ref in set(placed)}
    assert all(voting.my_dots(room.token, p)[0] == 0 for p in people)
    other.workspace.close()


def test_closing_adds_the_totals_to_the_votes_as_one_revision(voting):
    room = voting.open_round("room", dots=2)
    prints = _barriers(voting)
    before = voting.workspace.get("room").revision
    for _ in range(3):
        me = voting.join(room.token)
        voting.put_dot(room.token, me, "step:ask:1", prints["step:ask:1"])
        voting.put_dot(room.token, me, "transition:ask>go:0", prints["transition:ask>go:0"])
    saved = voting.close(room.id)
    assert saved.revision == before + 1
    ask = saved.journey.steps_by_id["ask"]
    assert [b.votes for b in ask.barriers] == [None, 4 + 3]
    assert saved.journey.transitions[0].barriers[0].votes == 3
    assert voting.workspace.history("room")[0].note == "dot voting: 6 dots from 3 people"
    assert voting.get(room.id).revision == saved.revision and not voting.get(room.id).open


def test_an_ended_round_refuses_everything(voting):
    room = voting.open_round("room", dots=2)
    prints = _barriers(voting)
    me = voting.join(room.token)
    voting.close(room.id)
    with pytest.raises(RoundEnded, match="this voting round has ended"):
        voting.room(room.token)
    with pytest.raises(RoundEnded):
        voting.join(room.token)
    with pytest.raises(RoundEnded):
        voting.put_dot(room.token, me, "step:ask:0", prints["step:ask:0"])
    with pytest.raises(RoundEnded):
        voting.suggest(room.token, me, "ask", "forms", 3, "Too long")
    with pytest.raises(RoundEnded):
        voting.close(room.id)
    with pytest.raises(VotingError, match="not valid"):
        voting.room("guessed-token")
    assert voting.current("room") is None


def test_a_stranger_token_cannot_vote(voting):
    room = voting.open_round("room", dots=2)
    with pytest.raises(VotingError, match="has not joined"):
        voting.put_dot(room.token, "made-up", "step:ask:0", "x")


def test_one_open_round_per_journey_and_dots_in_range(voting):
    room = voting.open_round("room", dots=3)
    assert voting.open_round("room", dots=5) == room
    assert len(room.token) >= 20
    with pytest.raises(VotingError, match="1 to 20"):
        voting.open_round("room", dots=0)


def test_suggestions_accepted_become_a_revision_rejected_do_not(voting):
    room = voting.open_round("room", dots=2)
    me = voting.join(room.token)
    first = voting.suggest(room.token, me, "go", "capacity", 4, "  Six weeks  ")
    second = voting.suggest(room.token, me, "ask", "forms", 2, "Small print")
    assert [s.description for s in voting.suggestions(room.id)] == ["Six weeks", "Small print"]
    before = voting.workspace.get("room").revision
    saved = voting.accept(first)
    voting.reject(second)
    assert saved.revision == before + 1
    added = saved.journey.steps_by_id["go"].barriers
    assert [(b.category, b.severity, b.description, b.evidence.source) for b in added] == [
        ("capacity", 4, "Six weeks", "workshop")]
    assert voting.workspace.get("room").revision == before + 1
    assert voting.suggestions(room.id) == []
    assert [s.status for s in voting.suggestions(room.id, None)] == ["accepted", "rejected"]
    with pytest.raises(VotingError, match="decided already"):
        voting.accept(second)


def test_an_accepted_suggestion_merges_with_an_edit_made_meanwhile(voting):
    room = voting.open_round("room", dots=2)
    me = voting.join(room.token)
    item = voting.suggest(room.token, me, "go", "capacity", 4, "Six weeks")
    stored = voting.workspace.get("room")
    voting.workspace.save(parse_journey({**to_document(stored.journey), "title": "Renamed"}),
                          expected_revision=stored.revision)
    saved = voting.accept(item)
    assert saved.journey.title == "Renamed"
    assert len(saved.journey.steps_by_id["go"].barriers) == 1


@pytest.mark.parametrize(("step", "category", "severity", "text", "message"), [
    ("gone", "forms", 3, "x", "no longer in the journey"),
    ("ask", "forms", 3, "   ", "1 to 2000 characters"),
    ("ask", "forms", 3, "x" * 2001, "1 to 2000 characters"),
    ("ask", "forms", 6, "x", "5"),
    ("ask", "no-such-thing", 3, "x", "unknown category"),
])
def test_bad_suggestions_say_what_is_wrong(voting, step, category, severity, text, message):
    room = voting.open_round("room", dots=2)
    me = voting.join(room.token)
    with pytest.raises(VotingError, match=message):
        voting.suggest(room.token, me, step, category, severity, text)


def test_dots_follow_their_barrier_when_the_journey_changes(voting):
    room = voting.open_round("room", dots=3)
    prints = _barriers(voting)
    me = voting.join(room.token)
    voting.put_dot(room.token, me, "step:ask:1", prints["step:ask:1"])
    voting.put_dot(room.token, me, "step:ask:0", prints["step:ask:0"])
    stored = voting.workspace.get("room")
    document = to_document(stored.journey, "json")
    ask = document["steps"][0]
    ask["barriers"] = [ask["barriers"][1]]  # "Ten pages" deleted, "Only German" moves up
    ask["barriers"][0]["severity"] = 5  # and is made worse: still the same barrier
    voting.workspace.save(parse_journey(document), expected_revision=stored.revision)
    totals = voting.totals(room.id)
    assert (totals.by_ref, totals.lost) == ({"step:ask:0": 1}, 1)
    assert voting.close(room.id).journey.steps[0].barriers[0].votes == 5


def test_resolve_finds_a_barrier_moved_to_a_renamed_step():
    journey = parse_journey(ROOM)
    print_ = fingerprint(journey.steps[0].barriers[0])
    document = to_document(journey, "json")
    document["steps"][0]["id"] = "asks"
    document["transitions"][0]["from"] = "asks"
    moved = barrier_register(parse_journey(document))
    assert resolve(moved, "step:ask:0", print_) == "step:asks:0"
    assert resolve(moved, "step:ask:0", "000000000000") is None


def test_with_votes_without_dots_is_the_same_journey():
    journey = parse_journey(ROOM)
    assert with_votes(journey, {}) is journey
