"""Every rule of the journey format: a failing input and the exact message it gets.

Each case changes one thing in the tiny journey (tests/conftest.py) and pins the problem
lines ``journeys validate`` would print (without the file name).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pydantic import ValidationError

from models import CATEGORIES, Journey, JourneyInvalid, parse_journey


def problem_lines(document: dict) -> list[str]:
    """The problems ``parse_journey`` reports for ``document`` (none when it is valid)."""
    try:
        parse_journey(document)
    except JourneyInvalid as error:
        return [str(problem) for problem in error.problems]
    return []


def step(document: dict, step_id: str) -> dict:
    return next(s for s in document["steps"] if s["id"] == step_id)


def barrier(document: dict) -> dict:
    """The first barrier of the first step (``steps[0].barriers[0]``)."""
    return document["steps"][0]["barriers"][0]


def nested(depth: int) -> list:
    """``depth`` lists, each inside the next: ``nested(2) == [[]]``."""
    value: list = []
    for _ in range(depth - 1):
        value = [value]
    return value


Change = Callable[[dict], object]

RULES: dict[str, tuple[Change, list[str]]] = {
    # -- ids are unique within their list
    "duplicate stage": (lambda d: d["stages"].append({"id": "seek", "label": "Again"}), [
        "stages[3].id: duplicate id 'seek' (already used by stages[0]) — give each entry its "
        "own id"]),
    "duplicate actor": (lambda d: d["actors"].append({"id": "club", "label": "B", "level": 3}), [
        "actors[4].id: duplicate id 'club' (already used by actors[2]) — give each entry its "
        "own id"]),
    "duplicate step": (lambda d: d["steps"].append(dict(d["steps"][1])), [
        "steps[5].id: duplicate id 'ask-neighbour' (already used by steps[1]) — give each entry "
        "its own id"]),
    "duplicate custom category": (lambda d: d.update(categories=[
        {"id": "weather", "en": "Weather"}, {"id": "weather", "de": "Wetter"}]), [
        "categories[1].id: duplicate id 'weather' (already used by categories[0]) — give each "
        "entry its own id"]),
    "duplicate transition": (lambda d: d["transitions"].append({"from": "letter", "to": "form"}), [
        "transitions[6]: duplicate transition letter → form (already transitions[0]) — keep one "
        "transition per pair of steps; put both barriers on it"]),
    # -- every stage / actor / from / to / start refers to an existing id
    "unknown stage": (lambda d: step(d, "form").update(stage="aply"), [
        "steps[2].stage: unknown stage 'aply' — did you mean 'apply'?"]),
    "unknown actor": (lambda d: step(d, "letter").update(actor="jobcentr"), [
        "steps[0].actor: unknown actor 'jobcentr' — did you mean 'jobcenter'?"]),
    "unknown actor, nothing close": (lambda d: step(d, "letter").update(actor="town-hall"), [
        "steps[0].actor: unknown actor 'town-hall' — use one of: family, neighbour, club, "
        "jobcenter"]),
    "unknown from": (lambda d: d["transitions"][0].update({"from": "leter"}), [
        "transitions[0].from: unknown step 'leter' — did you mean 'letter'?"]),
    "unknown to": (lambda d: d["transitions"][0].update(to="fomr"), [
        "transitions[0].to: unknown step 'fomr' — did you mean 'form'?"]),
    "unknown start": (lambda d: d.update(start=["letter", "joni"]), [
        "start[1]: unknown step 'joni' — did you mean 'join'?"]),
    # -- level 1..4, severity 1..5, emotion 1..5, votes >= 0
    "level 0": (lambda d: d["actors"][0].update(level=0), ["actors[0].level: must be 1..4, got 0"]),
    "level 5": (lambda d: d["actors"][0].update(level=5), ["actors[0].level: must be 1..4, got 5"]),
    "level as text": (lambda d: d["actors"][0].update(level="2"), [
        "actors[0].level: must be a whole number, got '2'"]),
    "severity 0": (lambda d: barrier(d).update(severity=0), [
        "steps[0].barriers[0].severity: must be 1..5, got 0"]),
    "severity 6": (lambda d: barrier(d).update(severity=6), [
        "steps[0].barriers[0].severity: must be 1..5, got 6"]),
    "severity as word": (lambda d: barrier(d).update(severity="high"), [
        "steps[0].barriers[0].severity: must be a whole number, got 'high'"]),
    "severity as float": (lambda d: barrier(d).update(severity=3.0), [
        "steps[0].barriers[0].severity: must be a whole number, got 3.0"]),
    "severity as boolean": (lambda d: barrier(d).update(severity=True), [
        "steps[0].barriers[0].severity: must be a whole number, got True"]),
    "emotion 0": (lambda d: step(d, "letter").update(emotion=0), [
        "steps[0].emotion: must be 1..5, got 0"]),
    "emotion 6": (lambda d: step(d, "letter").update(emotion=6), [
        "steps[0].emotion: must be 1..5, got 6"]),
    "votes -1": (lambda d: barrier(d).update(votes=-1), [
        "steps[0].barriers[0].votes: must be >= 0, got -1"]),
    "reached -1": (lambda d: step(d, "letter").update(reached=-1), [
        "steps[0].reached: must be >= 0, got -1"]),
    "count -1": (lambda d: d["transitions"][0].update(count=-1), [
        "transitions[0].count: must be >= 0, got -1"]),
    "duration_days -1": (lambda d: step(d, "letter").update(duration_days=-1), [
        "steps[0].duration_days: must be >= 0, got -1"]),
    "duration_days NaN": (lambda d: step(d, "letter").update(duration_days=float("nan")), [
        "steps[0].duration_days: must be a finite number, got nan"]),
    # -- affected is a share 0..1 or a whole count
    "affected 1.5": (lambda d: barrier(d).update(affected=1.5), [
        "steps[0].barriers[0].affected: must be a share 0..1 or a whole count, got 1.5"]),
    "affected negative": (lambda d: barrier(d).update(affected=-0.1), [
        "steps[0].barriers[0].affected: must be >= 0, got -0.1"]),
    "affected as word": (lambda d: barrier(d).update(affected="half"), [
        "steps[0].barriers[0].affected: must be a number, got 'half'"]),
    "affected infinite": (lambda d: barrier(d).update(affected=float("inf")), [
        "steps[0].barriers[0].affected: must be a finite number, got inf"]),
    # -- outcome goal | dropout; at least one goal step
    "outcome typo": (lambda d: step(d, "join").update(outcome="gaol"), [
        "steps[4].outcome: must be one of goal | dropout, got 'gaol' — did you mean 'goal'?"]),
    "no goal": (lambda d: step(d, "join").pop("outcome"), [
        "steps: no step has `outcome: goal` — mark the step where the person reaches the aid "
        "offer with `outcome: goal`"]),
    "no steps": (lambda d: d.update(steps=[], transitions=[]), [
        "steps: the journey has no steps — add at least one step"]),
    # -- kind and data_transfer
    "kind typo": (lambda d: d["transitions"][0].update(kind="referal"), [
        "transitions[0].kind: must be one of next | alternative | handoff | referral | return, "
        "got 'referal' — did you mean 'referral'?"]),
    "data_transfer unknown": (lambda d: d["transitions"][0].update(data_transfer="fax"), [
        "transitions[0].data_transfer: must be one of none | verbal | paper | email | digital, "
        "got 'fax'"]),
    # -- cycles only through return transitions
    "cycle without return": (lambda d: d["transitions"][5].pop("kind"), [
        "transitions[5]: steps form a cycle form → give-up → letter → form without a `return` "
        "transition — mark the transition that leads back (give-up → letter) as `kind: return`, "
        "or remove it"]),
    "self-loop without return": (lambda d: d["transitions"].append({"from": "form", "to": "form"}),
                                 ["transitions[6]: steps form a cycle form → form without a "
                                  "`return` transition — mark the transition that leads back "
                                  "(form → form) as `kind: return`, or remove it"]),
    # -- a dropout step ends the journey; a return leads back (tests/test_semantics.py)
    "way on from a dropout step": (lambda d: d["transitions"].append(
        {"from": "give-up", "to": "join"}), [
        "transitions[6]: a way leads on from the dropout step 'give-up' (a dropout step is "
        "where people leave the journey) — remove this transition, or remove `outcome: "
        "dropout` from 'give-up' and let those who leave go to a dropout step of their own"]),
    "return that does not lead back": (lambda d: d["transitions"].append(
        {"from": "letter", "to": "join", "kind": "return"}), [
        "transitions[6].kind: the return letter → join does not lead back: 'join' does not "
        "come before 'letter' — a return must lead back to an earlier step; use `kind: next` "
        "for a way forward"]),
    # -- unknown fields are errors with a suggestion, except under extra:
    "unknown top-level field": (lambda d: d.update(titel="x"), [
        "titel: unknown field 'titel' — did you mean 'title'?"]),
    "unknown step field": (lambda d: step(d, "form").update(labl="x"), [
        "steps[2].labl: unknown field 'labl' — did you mean 'label'?"]),
    "unknown barrier field": (lambda d: barrier(d).update(severty=3), [
        "steps[0].barriers[0].severty: unknown field 'severty' — did you mean 'severity'?"]),
    "unknown transition field, nothing close": (lambda d: d["transitions"][0].update(colour=1), [
        "transitions[0].colour: unknown field 'colour' — allowed here: from, to, kind, "
        "data_transfer, count, label, barriers, extra; free-form data goes under `extra:`"]),
    "unknown evidence field": (lambda d: barrier(d).update(evidence={"source": "survey",
                                                                     "notes": "n"}), [
        "steps[0].barriers[0].evidence.notes: unknown field 'notes' — did you mean 'note'?"]),
    # -- text is text: no control characters, no noncharacters
    "control character": (lambda d: d["actors"][0].update(label="Hou\x01sehold"), [
        "actors[0].label: contains the control character \\x01 at position 4 — remove it: "
        "text may hold any language and emoji, tabs and line breaks, but no control "
        "characters"]),
    "noncharacter in an id": (lambda d: d["stages"][0].update(id="seek\ufffe"), [
        "stages[0].id: contains the control character \\ufffe at position 5 — remove it: "
        "text may hold any language and emoji, tabs and line breaks, but no control "
        "characters"]),
    "file separator in an id (checked in pydantic's core: no space there)": (
        lambda d: d["steps"][0].update(actor="pa\x1crent"), [
            "steps[0].actor: contains the control character \\x1c at position 3 — remove it: "
            "text may hold any language and emoji, tabs and line breaks, but no control "
            "characters"]),
    "a space and a control character in an id: the space is named": (
        lambda d: d["steps"][0].update(actor="pa rent\x01"), [
            "steps[0].actor: must be a non-empty id without spaces, got 'pa rent\\x01' — use "
            "'-' or '_' instead of spaces"]),
    "unknown category": (lambda d: barrier(d).update(category="informaton"), [
        "steps[0].barriers[0].category: unknown category 'informaton' — did you mean "
        "'information'?"]),
    "unknown category, nothing close": (lambda d: barrier(d).update(category="bureaucracy"), [
        "steps[0].barriers[0].category: unknown category 'bureaucracy' — use a category id from "
        "the catalogue, or declare it under `categories:`"]),
    "unknown category on a transition": (
        lambda d: d["transitions"][2]["barriers"][0].update(category="trusst"), [
            "transitions[2].barriers[0].category: unknown category 'trusst' — did you mean "
            "'trust'?"]),
    # -- custom categories via categories:
    "custom category without label": (lambda d: d.update(categories=[{"id": "weather"}]), [
        "categories[0]: a custom category needs a label: add `de:` or `en:`"]),
    "custom category, unknown dimension": (
        lambda d: d.update(categories=[{"id": "weather", "en": "W", "dimension": "cost"}]), [
            "categories[0].dimension: must be one of approachability | acceptability | "
            "availability_accommodation | affordability | appropriateness | none, got 'cost'"]),
    # -- other field rules
    "missing label": (lambda d: step(d, "form").pop("label"), [
        "steps[2].label: is missing — add `label:`"]),
    "label as number": (lambda d: step(d, "form").update(label=2024), [
        "steps[2].label: must be text, got 2024 — put the text in quotes"]),
    "journey id not a slug": (lambda d: d.update(id="Tiny Journey"), [
        "id: must be a slug (a-z 0-9 - _), got 'Tiny Journey' — use lower-case letters, digits, "
        "'-' and '_', e.g. 'sport-club'"]),
    "step id with a space": (lambda d: step(d, "form").update(id="the form"), [
        "steps[2].id: must be a non-empty id without spaces, got 'the form' — use '-' or '_' "
        "instead of spaces"]),
    "reached beyond any head count": (lambda d: step(d, "form").update(reached=10**30), [
        "steps[2].reached: must be at most 1000000000, got 1000000000000000000000000000000"]),
    "affected beyond any head count": (lambda d: barrier(d).update(affected=10**30), [
        "steps[0].barriers[0].affected: must be at most 1000000000, got "
        "1000000000000000000000000000000"]),
    "schema version": (lambda d: d.update(schema="journey/2"), [
        "schema: must be one of journey/1, got 'journey/2' — did you mean 'journey/1'?"]),
    "language": (lambda d: d.update(language="fr"), [
        "language: must be one of de | en, got 'fr'"]),
    "channel": (lambda d: step(d, "form").update(channel="fax"), [
        "steps[2].channel: must be one of in_person | phone | letter | email | online | app | "
        "other, got 'fax'"]),
    "evidence date": (lambda d: barrier(d).update(evidence={"source": "survey",
                                                            "date": "last spring"}), [
        "steps[0].barriers[0].evidence.date: must be a date like 2022-03-10, got 'last spring'"]),
    "mitigation status": (lambda d: barrier(d).update(mitigations=[{"idea": "x",
                                                                    "status": "planed"}]), [
        "steps[0].barriers[0].mitigations[0].status: must be one of idea | planned | "
        "in_progress | done | dropped, got 'planed' — did you mean 'planned'?"]),
    "barriers not a list": (lambda d: step(d, "join").update(barriers={"category": "cost"}), [
        "steps[4].barriers: must be a list, got {'category': 'cost'}"]),
    "step not a mapping": (lambda d: d["steps"].append("give-up"), [
        "steps[5]: must be a mapping (key: value), got 'give-up'"]),
    "key not text": (lambda d: step(d, "form").update({1: "x"}), [
        "steps[2]: the key 1 must be text — put the key in quotes"]),
    "extra holds NaN": (lambda d: d.update(extra={"scores": [1, float("nan")]}), [
        "extra: scores[1] must be text, a number, true/false, a date, a list or a mapping, "
        "got nan"]),
    "extra holds bytes": (lambda d: step(d, "form").update(extra={"raw": b"\xff"}), [
        "steps[2].extra: raw must be text, a number, true/false, a date, a list or a mapping, "
        "got b'\\xff'"]),
    "extra nested too deep": (lambda d: d.update(extra={"x": nested(51)}), [
        "extra: x is nested more than 50 levels deep"]),
}


def test_extra_may_nest_50_levels(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["extra"] = {"x": nested(50)}
    assert problem_lines(tiny_journey_dict) == []


def test_tiny_journey_is_valid(tiny_journey_dict: dict) -> None:
    journey = parse_journey(tiny_journey_dict)
    assert journey.start_ids() == ["letter"]  # the return into letter does not count
    assert journey.goal_ids() == ["join"]
    assert journey.dropout_ids() == ["give-up"]
    assert journey.barrier_count() == 5


@pytest.mark.parametrize("rule", RULES)
def test_rule(rule: str, tiny_journey_dict: dict) -> None:
    change, expected = RULES[rule]
    change(tiny_journey_dict)
    assert problem_lines(tiny_journey_dict) == expected


@pytest.mark.parametrize("affected", [0, 0.6, 1, 1.0, 12, 12.0])
def test_affected_share_or_whole_count(affected: float, tiny_journey_dict: dict) -> None:
    barrier(tiny_journey_dict)["affected"] = affected
    assert parse_journey(tiny_journey_dict).steps[0].barriers[0].affected == affected


def test_boundaries_are_valid(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["actors"][0]["level"] = 4
    barrier(tiny_journey_dict).update(severity=5, votes=0)
    step(tiny_journey_dict, "letter")["emotion"] = 1
    step(tiny_journey_dict, "form")["emotion"] = 5
    assert problem_lines(tiny_journey_dict) == []


def test_anything_goes_under_extra(tiny_journey_dict: dict) -> None:
    anything = {"labl": "typo kept", "nested": {"list": [1, 2.5, None, True, "ä 😀"]}}
    for place in (tiny_journey_dict, step(tiny_journey_dict, "form"), barrier(tiny_journey_dict),
                  tiny_journey_dict["transitions"][0], tiny_journey_dict["actors"][0],
                  tiny_journey_dict["stages"][0]):
        place["extra"] = anything
    journey = parse_journey(tiny_journey_dict)
    assert journey.extra == anything
    assert journey.steps[2].extra == anything


def test_custom_category(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["categories"] = [{"id": "weather", "de": "Wetter", "en": "Bad weather",
                                        "dimension": "availability_accommodation"}]
    barrier(tiny_journey_dict)["category"] = "weather"
    journey = parse_journey(tiny_journey_dict)
    category = journey.category("weather")
    assert (category.de, category.en, category.dimension) == (
        "Wetter", "Bad weather", "availability_accommodation")
    assert journey.known_categories() == [*CATEGORIES, "weather"]
    assert journey.category("forms") is CATEGORIES["forms"]


def test_one_label_serves_both_languages(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["categories"] = [{"id": "wetter", "de": "Wetter"}]
    category = parse_journey(tiny_journey_dict).category("wetter")
    assert (category.label("de"), category.label("en"), category.dimension) == (
        "Wetter", "Wetter", "none")


def test_return_transitions_may_form_cycles(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["transitions"].append({"from": "form", "to": "form", "kind": "return"})
    assert problem_lines(tiny_journey_dict) == []


def test_explicit_start(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["start"] = ["form", "ask-neighbour"]
    assert parse_journey(tiny_journey_dict).start_ids() == ["form", "ask-neighbour"]


def test_every_problem_is_reported_at_once(tiny_journey_dict: dict) -> None:
    step(tiny_journey_dict, "letter")["actor"] = "jobcentr"
    step(tiny_journey_dict, "form")["stage"] = "aply"
    barrier(tiny_journey_dict)["category"] = "informaton"
    tiny_journey_dict["transitions"][5].pop("kind")
    assert problem_lines(tiny_journey_dict) == [
        "steps[0].actor: unknown actor 'jobcentr' — did you mean 'jobcenter'?",
        "steps[0].barriers[0].category: unknown category 'informaton' — did you mean "
        "'information'?",
        "steps[2].stage: unknown stage 'aply' — did you mean 'apply'?",
        "transitions[5]: steps form a cycle form → give-up → letter → form without a `return` "
        "transition — mark the transition that leads back (give-up → letter) as `kind: return`, "
        "or remove it",
    ]


def test_top_level_must_be_a_mapping() -> None:
    with pytest.raises(JourneyInvalid) as caught:
        parse_journey(["schema: journey/1"], file="list.yaml")
    assert caught.value.lines() == [
        "list.yaml: the top level must be a mapping (schema:, id:, title:, steps: …), got a list"
        " — start the file with `schema: journey/1` and the journey's fields"]


def test_error_lines_name_the_file(tiny_journey_dict: dict) -> None:
    barrier(tiny_journey_dict)["severity"] = 9
    step(tiny_journey_dict, "join")["emotion"] = 0
    with pytest.raises(JourneyInvalid) as caught:
        parse_journey(tiny_journey_dict, file="journeys/club.yaml")
    assert str(caught.value) == (
        "journeys/club.yaml: steps[0].barriers[0].severity: must be 1..5, got 9\n"
        "journeys/club.yaml: steps[4].emotion: must be 1..5, got 0")


def test_a_journey_object_is_always_valid(tiny_journey_dict: dict) -> None:
    tiny_journey_dict["transitions"][0]["to"] = "nowhere"
    with pytest.raises(ValidationError, match=r"1 rule\(s\) broken"):
        Journey.model_validate(tiny_journey_dict)
