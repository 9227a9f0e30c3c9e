"""The editor's tables: a journey as rows and back, edits, renames, and problems per row."""

from __future__ import annotations

import json

import pytest

from journeys.formats import dumps_journey, load_journey
from journeys.ui.tables import (
    ORIGINAL,
    apply_edits,
    edit_journey,
    journey_rows,
    problem_place,
)
from models import Problem, parse_journey
from tests.conftest import SAMPLES


@pytest.fixture
def tiny(tiny_journey_dict: dict):
    return parse_journey(tiny_journey_dict)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_rows_of_a_sample_give_back_the_same_journey(path) -> None:
    journey = load_journey(path)
    rows = json.loads(json.dumps(journey_rows(journey)))  # drafts are JSON
    edited = edit_journey(journey, rows)
    assert edited.problems == {}
    assert dumps_journey(edited.journey) == dumps_journey(journey)


def test_rows_show_barriers_of_steps_then_of_transitions(tiny) -> None:
    rows = journey_rows(tiny)
    assert [r["at"] for r in rows["barriers"]] == [
        "letter", "form", "join", "ask-neighbour → join", "form → join"]
    assert {k: v for k, v in rows["barriers"][1].items() if k != ORIGINAL} == {
        "at": "form", "category": "forms", "severity": 3, "description": None, "affected": 4,
        "votes": None}


def test_apply_edits_follows_the_editor_state_and_ignores_hidden_columns() -> None:
    rows = [{"id": "a", "label": "A", ORIGINAL: {"id": "a"}}, {"id": "b", "label": "B"}]
    state = {"edited_rows": {"0": {"label": "Ah", ORIGINAL: {"id": "evil"}}},
             "added_rows": [{"id": "c", "label": "C", "_orig": {"x": 1}}], "deleted_rows": [1]}
    assert apply_edits(rows, state, "stages") == [
        {"id": "a", "label": "Ah", ORIGINAL: {"id": "a"}}, {"id": "c", "label": "C"}]
    assert apply_edits(rows, None, "stages") == rows


def test_an_edit_keeps_fields_no_table_shows(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["steps"][0]["barriers"][0]["evidence"] = {"source": "workshop"}
    tiny_journey_dict["steps"][0]["extra"] = {"room": "A1"}
    journey = parse_journey(tiny_journey_dict)
    rows = journey_rows(journey)
    rows["barriers"] = apply_edits(rows["barriers"], {"edited_rows": {0: {"severity": 5}}},
                                   "barriers")
    edited = edit_journey(journey, rows)
    step = edited.journey.steps[0]
    assert step.barriers[0].severity == 5
    assert step.barriers[0].evidence.source == "workshop" and step.extra == {"room": "A1"}


def test_renaming_a_step_id_moves_its_transitions_and_barriers(tiny) -> None:
    rows = journey_rows(tiny)
    rows["steps"] = apply_edits(rows["steps"], {"edited_rows": {2: {"id": "antrag"}}}, "steps")
    journey = edit_journey(tiny, rows).journey
    assert [(t.from_, t.to) for t in journey.transitions] == [
        ("letter", "antrag"), ("letter", "ask-neighbour"), ("ask-neighbour", "join"),
        ("antrag", "join"), ("antrag", "give-up"), ("give-up", "letter")]
    assert journey.steps_by_id["antrag"].barriers == tiny.steps_by_id["form"].barriers
    assert journey.transitions[3].barriers == tiny.transitions[3].barriers


def test_renaming_a_stage_and_an_actor_follows_into_the_steps(tiny) -> None:
    rows = journey_rows(tiny)
    rows["stages"] = apply_edits(rows["stages"], {"edited_rows": {0: {"id": "search"}}},
                                 "stages")
    rows["actors"] = apply_edits(rows["actors"], {"edited_rows": {3: {"id": "jc"}}}, "actors")
    journey = edit_journey(tiny, rows).journey
    assert [(s.stage, s.actor) for s in journey.steps][:2] == [
        ("search", "jc"), ("search", "neighbour")]


def test_a_barrier_moves_with_its_transition(tiny) -> None:
    rows = journey_rows(tiny)
    rows["transitions"] = apply_edits(rows["transitions"],
                                      {"edited_rows": {3: {"to": "give-up"}}}, "transitions")
    rows["transitions"] = apply_edits(rows["transitions"], {"deleted_rows": [4]}, "transitions")
    journey = edit_journey(tiny, rows).journey
    assert [(t.from_, t.to) for t in journey.transitions][3] == ("form", "give-up")
    assert journey.transitions[3].barriers == tiny.transitions[3].barriers


def test_problems_land_on_their_rows(tiny) -> None:
    rows = journey_rows(tiny)
    rows["steps"] = apply_edits(rows["steps"], {"edited_rows": {1: {"stage": "sek"}}}, "steps")
    rows["barriers"] = apply_edits(rows["barriers"], {
        "edited_rows": {2: {"severity": 9}},
        "added_rows": [{"at": "nowhere", "category": "cost", "severity": 2}]}, "barriers")
    edited = edit_journey(tiny, rows)
    assert edited.journey is None
    assert edited.problems == {
        "barriers": {2: ["severity: must be 1..5, got 9"],
                     5: ["at: unknown step or transition 'nowhere'"]}}
    rows["barriers"] = apply_edits(rows["barriers"], {"edited_rows": {2: {"severity": 2},
                                                                      5: {"at": "join"}}},
                                   "barriers")
    assert edit_journey(tiny, rows).problems == {
        "steps": {1: ["stage: unknown stage 'sek' — did you mean 'seek'?"]}}


def test_numbers_from_cells_are_cleaned() -> None:
    journey = load_journey(SAMPLES[0])
    rows = journey_rows(journey)
    rows["steps"] = apply_edits(rows["steps"], {"edited_rows": {
        0: {"reached": 12.0, "duration_days": "2,5", "description": "  "}}}, "steps")
    step = edit_journey(journey, rows).journey.steps[0]
    assert (step.reached, step.duration_days, step.description) == (12, 2.5, None)
    assert isinstance(step.reached, int)


def test_journey_wide_problems_have_no_row(tiny) -> None:
    rows = journey_rows(tiny)
    rows["steps"] = apply_edits(rows["steps"], {"edited_rows": {4: {"outcome": None}}}, "steps")
    assert edit_journey(tiny, rows).problems == {"journey": {-1: [
        "steps: no step has `outcome: goal` — mark the step where the person reaches the aid "
        "offer with `outcome: goal`"]}}


def test_problem_place_without_a_known_barrier_row_stays_on_the_step() -> None:
    assert problem_place(Problem("transitions[2].barriers[0].severity", "must be 1..5"), {}) \
        == ("transitions", 2, "severity: must be 1..5")


def test_blank_new_rows_are_left_out_and_later_rows_keep_their_numbers() -> None:
    from journeys.ui.tables import edit_journey, journey_rows
    from models import parse_journey
    from tests.conftest import TINY_JOURNEY

    journey = parse_journey(TINY_JOURNEY)
    rows = journey_rows(journey)
    count = len(rows["steps"])
    rows["steps"] += [{"id": None, "label": None}, {"id": "neu", "label": None}]
    edited = edit_journey(journey, rows)
    assert edited.journey is None
    assert list(edited.problems["steps"]) == [count + 1]  # the second new row, as shown
    rows["steps"] = [*rows["steps"][:count], {"id": None, "label": ""}]
    assert edit_journey(journey, rows).journey == journey  # a blank row blocks nothing
