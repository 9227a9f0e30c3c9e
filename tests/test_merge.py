"""Three-way merge of journey documents: different parts merge, the same field conflicts."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given

from journeys.formats import to_document
from journeys.merge import MISSING, MergeConflict, merge_documents, merge_journeys, place
from models import parse_journey
from tests.conftest import TINY_JOURNEY
from tests.strategies import journeys


def _doc() -> dict:
    return copy.deepcopy(TINY_JOURNEY)


def _step(document: dict, step_id: str) -> dict:
    return next(s for s in document["steps"] if s["id"] == step_id)


def test_a_barrier_and_a_rename_on_different_steps_both_stay() -> None:
    base = _doc()
    first, second = base["steps"][0]["id"], base["steps"][1]["id"]
    mine, theirs = _doc(), _doc()
    _step(mine, first).setdefault("barriers", []).append(
        {"category": "forms", "severity": 4, "description": "Mine"})
    _step(theirs, second)["label"] = "Renamed by them"
    merged = merge_documents(base, mine, theirs)
    assert _step(merged, first)["barriers"][-1]["description"] == "Mine"
    assert _step(merged, second)["label"] == "Renamed by them"
    assert [s["id"] for s in merged["steps"]] == [s["id"] for s in base["steps"]]


def test_two_barriers_added_to_one_step_are_both_kept_in_order() -> None:
    base = _doc()
    step = base["steps"][0]["id"]
    mine, theirs = _doc(), _doc()
    _step(mine, step).setdefault("barriers", []).append({"category": "forms", "severity": 2})
    _step(theirs, step).setdefault("barriers", []).append({"category": "cost", "severity": 5})
    barriers = _step(merge_documents(base, mine, theirs), step)["barriers"]
    before = _step(base, step).get("barriers", [])
    assert barriers == [*before, {"category": "cost", "severity": 5},
                        {"category": "forms", "severity": 2}]


def test_the_same_field_changed_twice_is_a_conflict_with_all_three_values() -> None:
    base, mine, theirs = _doc(), _doc(), _doc()
    step = base["steps"][0]["id"]
    _step(mine, step)["label"] = "Mine"
    _step(theirs, step)["label"] = "Theirs"
    with pytest.raises(MergeConflict) as caught:
        merge_documents(base, mine, theirs)
    [conflict] = caught.value.conflicts
    assert conflict.path == ("steps", step, "label")
    assert (conflict.base, conflict.mine, conflict.theirs) == (
        _step(base, step)["label"], "Mine", "Theirs")
    assert str(caught.value) == f"both changed steps › {step} › label"
    assert _step(merge_documents(base, mine, theirs, prefer="mine"), step)["label"] == "Mine"
    assert _step(merge_documents(base, mine, theirs, prefer="theirs"), step)["label"] \
        == "Theirs"


def test_prefer_keeps_the_other_sides_unrelated_edits() -> None:
    base, mine, theirs = _doc(), _doc(), _doc()
    mine["title"], theirs["title"] = "Mine", "Theirs"
    theirs["region"] = "Ennigerloh"
    merged = merge_documents(base, mine, theirs, prefer="mine")
    assert (merged["title"], merged["region"]) == ("Mine", "Ennigerloh")


def test_deleted_on_one_side_and_changed_on_the_other_is_a_conflict() -> None:
    base, mine, theirs = _doc(), _doc(), _doc()
    last = base["steps"][-1]["id"]
    mine["steps"] = [s for s in mine["steps"] if s["id"] != last]
    mine["transitions"] = [t for t in mine.get("transitions", []) if last not in
                           (t["from"], t["to"])]
    _step(theirs, last)["label"] = "Still here"
    with pytest.raises(MergeConflict) as caught:
        merge_documents(base, mine, theirs)
    assert caught.value.conflicts[0].path == ("steps", last)
    assert caught.value.conflicts[0].mine is MISSING


def test_a_deletion_goes_through_when_the_other_side_left_it_alone() -> None:
    base, mine, theirs = _doc(), _doc(), _doc()
    first = base["steps"][0]["id"]
    _step(mine, first)["barriers"] = []
    theirs["title"] = "New title"
    merged = merge_documents(base, mine, theirs)
    assert _step(merged, first)["barriers"] == [] and merged["title"] == "New title"


def test_a_new_step_lands_after_its_neighbour_in_mine() -> None:
    base = _doc()
    mine, theirs = _doc(), _doc()
    new = {**base["steps"][0], "id": "new-step", "label": "New", "barriers": []}
    mine["steps"].insert(1, new)
    theirs["steps"].append({**base["steps"][0], "id": "their-step", "label": "Theirs",
                            "barriers": []})
    ids = [s["id"] for s in merge_documents(base, mine, theirs)["steps"]]
    assert ids == [base["steps"][0]["id"], "new-step",
                   *[s["id"] for s in base["steps"][1:]], "their-step"]


def test_journeys_that_do_not_fit_together_are_a_conflict_with_a_reason() -> None:
    base = parse_journey(_doc())
    mine_doc = to_document(base, "json")
    mine_doc["transitions"].append({"from": "ask-neighbour", "to": "give-up"})
    theirs_doc = to_document(base, "json")
    theirs_doc["steps"] = [s for s in theirs_doc["steps"] if s["id"] != "give-up"]
    theirs_doc["transitions"] = [t for t in theirs_doc["transitions"]
                                 if "give-up" not in (t["from"], t["to"])]
    with pytest.raises(MergeConflict, match=r"do not fit together: .*give-up"):
        merge_journeys(base, parse_journey(mine_doc), parse_journey(theirs_doc))


def test_place_names_the_top_level() -> None:
    assert place(()) == "the journey"


@given(journeys())
def test_merging_with_an_unchanged_side_gives_the_other_side(journey) -> None:
    document = to_document(journey, "json")
    changed = copy.deepcopy(document)
    changed["title"] = document["title"] + " (changed)"
    assert merge_documents(document, changed, document) == changed
    assert merge_documents(document, document, changed) == changed
    assert merge_documents(document, changed, changed) == changed
    assert merge_journeys(journey, journey, journey) == journey
