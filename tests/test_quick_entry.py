"""The quick-entry line: one typed line becomes a step with actor, stage, barriers and its
connection — exact documents on the tiny journey, and clear errors for unclear lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journeys.quick_entry import MARKS, EntryError, apply_entry, fold, legend, parse_entry
from models import parse_journey
from tests.conftest import TINY_JOURNEY

JOURNEY = parse_journey(TINY_JOURNEY)


def _added(line: str, selected: str | None = "letter", **defaults: str):
    document, step_id = apply_entry(JOURNEY, parse_entry(line, JOURNEY), selected=selected,
                                    **defaults)
    journey = parse_journey(document)  # what the app saves must be a valid journey
    return journey, step_id


def test_a_step_with_actor_stage_barrier_and_connection_in_one_line() -> None:
    journey, step_id = _added("Asks the neighbour again @neigh #apply !trust 4 afraid to "
                              "be a burden ~alternative")
    step = journey.steps_by_id[step_id]
    assert step_id == "asks-the-neighbour-again"
    assert (step.label, step.actor, step.stage) == ("Asks the neighbour again", "neighbour",
                                                     "apply")
    assert [b.model_dump(exclude_unset=True) for b in step.barriers] == [
        {"category": "trust", "severity": 4, "description": "afraid to be a burden"}]
    assert journey.transitions[-1].model_dump(by_alias=True, exclude_unset=True) == {
        "from": "letter", "to": step_id, "kind": "alternative"}


def test_german_words_without_umlauts_and_a_handoff_with_data_transfer() -> None:
    journey, step_id = _added("Schickt Nachweis @jobcenter !formulare 5 ~uebergabe Papier "
                              "=Brief")
    step = journey.steps_by_id[step_id]
    assert (step.channel, step.barriers[0].category, step.barriers[0].severity) == (
        "letter", "forms", 5)
    assert journey.transitions[-1].model_dump(by_alias=True, exclude_unset=True) == {
        "from": "letter", "to": step_id, "kind": "handoff", "data_transfer": "paper"}


def test_a_data_transfer_alone_makes_a_handoff_and_tilde_dash_no_connection() -> None:
    journey, _ = _added("Mails the form ~email")
    assert journey.transitions[-1].kind == "handoff"
    count = len(JOURNEY.transitions)
    journey, _ = _added("Thinks about it ~-")
    assert len(journey.transitions) == count


def test_new_actor_and_new_stage_are_added_to_the_journey() -> None:
    journey, step_id = _added("Meets the mentor @+Ehrenamtliche Patin 2 #+Nachsorge")
    assert journey.actors[-1].model_dump(exclude_unset=True) == {"id": "ehrenamtliche-patin",
                                               "label": "Ehrenamtliche Patin", "level": 2}
    assert journey.stages[-1].model_dump(exclude_unset=True) == {"id": "nachsorge",
                                                                 "label": "Nachsorge"}
    step = journey.steps_by_id[step_id]
    assert (step.actor, step.stage) == ("ehrenamtliche-patin", "nachsorge")


def test_actor_and_stage_default_to_the_last_used_then_the_selected_step() -> None:
    journey, step_id = _added("Waits", actor="club", stage="use")
    assert (journey.steps_by_id[step_id].actor, journey.steps_by_id[step_id].stage) == (
        "club", "use")
    journey, step_id = _added("Waits again")
    assert (journey.steps_by_id[step_id].actor, journey.steps_by_id[step_id].stage) == (
        "jobcenter", "seek")  # the selected step's


def test_a_line_of_barriers_goes_to_the_selected_step() -> None:
    journey, step_id = _added("!cost 2 !stigma")
    assert step_id == "letter"
    assert [(b.category, b.severity) for b in journey.steps_by_id["letter"].barriers][-2:] == [
        ("cost", 2), ("stigma", 3)]


def test_goal_outcome_and_default_severity() -> None:
    journey, step_id = _added("Child plays =goal !cost")
    step = journey.steps_by_id[step_id]
    assert step.outcome == "goal" and step.barriers[0].severity == 3


@pytest.mark.parametrize(("line", "message"), [
    ("Calls @xyz", "no actor “xyz”"),
    ("Calls @+Helper", "a new actor needs its resource level"),
    ("Calls #fly", "no stage “fly”"),
    ("Calls !", "“!” needs a barrier category"),
    ("Calls !zz", "no barrier category “zz”"),
    ("Calls @", "“@” stands alone"),
    ("@family", "a new step needs its words first"),
    ("Calls ~sideways", "no connection “sideways”"),
    ("x" * 301, "the step's words are 301 characters long"),
])
def test_unclear_lines_say_what_and_how_to_fix(line: str, message: str) -> None:
    with pytest.raises(EntryError) as caught:
        parse_entry(line, JOURNEY)
    assert str(caught.value).startswith(message)
    assert caught.value.hint


def test_a_name_that_fits_several_asks_for_more() -> None:
    journey = parse_journey({**TINY_JOURNEY, "stages": [
        {"id": "seek", "label": "Seek"}, {"id": "sign", "label": "Sign"},
        {"id": "apply", "label": "Apply"}, {"id": "use", "label": "Use"}]})
    with pytest.raises(EntryError, match="fits several stages: seek, sign"):
        parse_entry("Calls #s", journey)
    assert parse_entry("Calls @ family", JOURNEY).actor == "family"  # a space is fine


def test_a_barrier_line_needs_a_selected_step() -> None:
    with pytest.raises(EntryError, match="no step is selected"):
        apply_entry(JOURNEY, parse_entry("!cost", JOURNEY), selected=None)


def test_the_legend_lists_what_each_mark_takes() -> None:
    marks = legend(JOURNEY, "de")
    assert marks["@"] == ["family", "neighbour", "club", "jobcenter"]
    assert "forms (Formulare & Nachweise)" in marks["!"]


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), max_size=60))
def test_any_label_without_marks_becomes_a_valid_step_or_a_clear_error(words: str) -> None:
    text = "".join(c for c in words if c not in MARKS)
    try:
        entry = parse_entry(text, JOURNEY)
        document, step_id = apply_entry(JOURNEY, entry, selected="letter")
    except EntryError:
        assert not text.split()  # only an empty line is refused
        return
    journey = parse_journey(document)
    assert journey.steps_by_id[step_id].label == " ".join(text.split())


def test_fold_matches_umlauts_both_ways() -> None:
    assert fold("Zurück") == fold("Zuruck") == "zuruck"


def test_a_new_step_leads_on_to_an_existing_step() -> None:
    journey, step_id = _added("Gets a voucher @club >join")
    assert [(t.from_, t.to) for t in journey.transitions][-2:] == [
        ("letter", step_id), (step_id, "join")]


def test_a_line_of_only_a_target_connects_the_selected_step_with_kind_and_transfer() -> None:
    journey, step_id = _added(">Fills in ~referral e-mail", selected="ask-neighbour")
    assert step_id == "ask-neighbour"
    assert journey.transitions[-1].model_dump(by_alias=True, exclude_unset=True) == {
        "from": "ask-neighbour", "to": "form", "kind": "referral", "data_transfer": "email"}
    assert journey.steps_by_id["ask-neighbour"].barriers == []
