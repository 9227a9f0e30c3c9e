"""Mermaid: the flowchart export (structure, escaping) and user journeys in and out.

The journey examples are those of Mermaid's documentation (syntax/userJourney.md) and of its
parser's tests (user-journey/parser/journey.spec), read the way Mermaid reads them.
"""

from __future__ import annotations

import copy
import re

import pytest

from journeys.exchange import journey_from_mermaid, mermaid_flowchart, mermaid_journey
from journeys.formats import load_journey
from models import JourneyError, JourneyFileError, JourneyInvalid, parse_journey
from tests.conftest import SAMPLES, TINY_JOURNEY

DOCS_EXAMPLE = """\
journey
    title My working day
    section Go to work
      Make tea: 5: Me
      Go upstairs: 3: Me
      Do work: 1: Me, Cat
    section Go home
      Go downstairs: 5: Me
      Sit down: 5: Me
"""

SPEC_EXAMPLE = (
    "journey\n"
    "title Adding journey diagram functionality to mermaid\n"
    "section Documentation\n"
    "A task: 5: Alice, Bob, Charlie\n"
    "B task: 3:Bob, Charlie\n"
    "C task: 5\n"
    "D task: 5: Charlie, Alice\n"
    "E task: 5:\n"
    "section Another section\n"
    "P task: 5:\n"
    "Q task: 5:\n"
    "R task: 5:")

NODE = re.compile(r'^ {8}(s\d+\w*)(\[|\(\[)"(.*)"(\]|\]\))$')
EDGE = re.compile(r'^ {4}(s\d+\w*) (-->|-\.->)(?:\|"(.*)"\|)? (s\d+\w*)$')
SUBGRAPH = re.compile(r'^ {4}subgraph (\w+)\["(.*)"\]$')


def parse_flowchart(text: str) -> tuple[dict, list, dict]:
    """Nodes (id → (shape, label, subgraph)), edges (from, arrow, label, to), subgraphs."""
    nodes: dict[str, tuple[str, str, str]] = {}
    edges: list[tuple[str, str, str | None, str]] = []
    groups: dict[str, str] = {}
    group = None
    lines = text.splitlines()
    assert lines[1] == "flowchart LR"
    for line in lines[2:]:
        if found := SUBGRAPH.match(line):
            group = found[1]
            groups[group] = found[2]
        elif line == "    end":
            group = None
        elif found := NODE.match(line):
            assert group is not None and found[1] not in nodes
            nodes[found[1]] = (found[2], found[3], group)
        elif found := EDGE.match(line):
            edges.append((found[1], found[2], found[3], found[4]))
        else:
            assert re.match(r"^ {4}(classDef|class) ", line), line
    return nodes, edges, groups


# -- flowchart ------------------------------------------------------------------------------

def test_flowchart_of_the_tiny_journey() -> None:
    journey = parse_journey(copy.deepcopy(TINY_JOURNEY))
    nodes, edges, groups = parse_flowchart(mermaid_flowchart(journey))
    assert groups == {"stage1_seek": "Seek", "stage2_apply": "Apply", "stage3_use": "Use"}
    assert nodes == {
        "s1_letter": ("[", "Reads the notice<br/>1 barrier · load 2", "stage1_seek"),
        "s2_ask_neighbour": ("[", "Asks the neighbour", "stage1_seek"),
        "s3_form": ("[", "Fills in the form<br/>1 barrier · load 1.2", "stage2_apply"),
        "s4_give_up": ("([", "Gives up", "stage2_apply"),
        "s5_join": ("([", "Child trains at the club<br/>1 barrier · load 2", "stage3_use")}
    assert edges == [
        ("s1_letter", "-->", None, "s3_form"),
        ("s1_letter", "-->", "alternative", "s2_ask_neighbour"),
        ("s2_ask_neighbour", "-.->", "handoff · 1 barrier", "s5_join"),
        ("s3_form", "-.->", "referral · 1 barrier", "s5_join"),
        ("s3_form", "-->", None, "s4_give_up"),
        ("s4_give_up", "-.->", "back", "s1_letter")]
    text = mermaid_flowchart(journey)
    assert "    class s5_join goal\n" in text
    assert "    class s4_give_up dropout\n" in text
    assert "    class s1_letter,s3_form barrier\n" in text


def test_flowchart_in_actor_lanes_in_german() -> None:
    journey = parse_journey(copy.deepcopy(TINY_JOURNEY))
    nodes, edges, groups = parse_flowchart(mermaid_flowchart(journey, lanes="actor", lang="de"))
    assert groups == {
        "actor1_family": "Household · Ebene 1 (Bedarfsgemeinschaft / Person)",
        "actor2_neighbour": "Neighbour · Ebene 2 (Umfeld)",
        "actor3_club": "Sports club · Ebene 3 (Sozialraum)",
        "actor4_jobcenter": "Jobcenter · Ebene 4 (Institution)"}
    assert nodes["s3_form"] == ("[", "Fills in the form<br/>1 Barriere · Last 1,2",
                                "actor1_family")
    assert edges[3] == ("s3_form", "-.->", "Verweis · 1 Barriere", "s5_join")


def test_flowchart_escapes_quotes_brackets_and_keeps_umlauts() -> None:
    document = copy.deepcopy(TINY_JOURNEY)
    document["title"] = "Kita\nplatz"
    document["stages"][0]["label"] = 'Suchen "jetzt" [1]'
    document["steps"][0].update(id="brief-ä", label='Liest "Bescheid" (S. 3) [U9] {x} #2 <b>&|`')
    document["transitions"][0]["from"] = "brief-ä"
    document["transitions"][1].update({"from": "brief-ä", "label": "Über die | Nachbarin"})
    document["transitions"][5]["to"] = "brief-ä"
    journey = parse_journey(document)
    text = mermaid_flowchart(journey)
    assert text.startswith("%% Kita platz\nflowchart LR\n")
    nodes, edges, groups = parse_flowchart(text)
    assert groups["stage1_seek"] == "Suchen #quot;jetzt#quot; [1]"
    assert nodes["s1_brief_ae"][1] == (
        "Liest #quot;Bescheid#quot; (S. 3) [U9] {x} #35;2 #lt;b#gt;#amp;#124;#96;"
        "<br/>1 barrier · load 2")
    assert edges[1] == ("s1_brief_ae", "-->", "Über die #124; Nachbarin", "s2_ask_neighbour")
    assert text.isascii() is False and "ä" not in "".join(nodes)


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lanes", ["stage", "actor"])
def test_flowchart_of_each_sample_has_every_step_and_transition(path, lanes: str) -> None:
    journey = load_journey(path)
    nodes, edges, _ = parse_flowchart(mermaid_flowchart(journey, lanes=lanes))
    assert len(nodes) == len(journey.steps)
    assert len(edges) == len(journey.transitions)
    for node, (_, label, _) in nodes.items():
        step = journey.steps[int(re.match(r"s(\d+)", node)[1]) - 1]
        assert label.startswith(" ".join(step.label.split()).replace('"', "#quot;"))
        count = len(step.barriers)
        if count:
            word = "Barriere" if count == 1 else "Barrieren"
            if journey.language == "en":
                word = "barrier" if count == 1 else "barriers"
            assert f"<br/>{count} {word} · " in label
        else:
            assert "<br/>" not in label
    arrows = [arrow for _, arrow, _, _ in edges]
    assert arrows == ["-->" if t.kind in ("next", "alternative") else "-.->"
                      for t in journey.transitions]


# -- Mermaid user journeys in ---------------------------------------------------------------

def test_import_of_the_documentation_example() -> None:
    journey = journey_from_mermaid(DOCS_EXAMPLE, name="day.mmd")
    assert (journey.id, journey.title, journey.language, journey.goal) == (
        "my-working-day", "My working day", "en", "Sit down")
    assert [(s.id, s.label) for s in journey.stages] == [("go-to-work", "Go to work"),
                                                          ("go-home", "Go home")]
    assert [(a.id, a.label, a.level) for a in journey.actors] == [("me", "Me", 4),
                                                                  ("cat", "Cat", 4)]
    assert [(s.id, s.label, s.stage, s.actor, s.emotion, s.outcome, s.extra)
            for s in journey.steps] == [
        ("make-tea", "Make tea", "go-to-work", "me", 5, None, None),
        ("go-upstairs", "Go upstairs", "go-to-work", "me", 3, None, None),
        ("do-work", "Do work", "go-to-work", "me", 1, None, {"actors": ["me", "cat"]}),
        ("go-downstairs", "Go downstairs", "go-home", "me", 5, None, None),
        ("sit-down", "Sit down", "go-home", "me", 5, "goal", None)]
    assert [(t.from_, t.to, t.kind) for t in journey.transitions] == [
        ("make-tea", "go-upstairs", "next"), ("go-upstairs", "do-work", "next"),
        ("do-work", "go-downstairs", "next"), ("go-downstairs", "sit-down", "next")]
    assert journey.extra == {"import_notes": [
        "Resource levels are not part of a Mermaid journey: these actors got level 4 "
        "(Institutions): Me, Cat. Set the right level under actors (or import with --level "
        "ACTOR=N)."]}


def test_levels_given_by_name_or_id_and_german_notes() -> None:
    journey = journey_from_mermaid(DOCS_EXAMPLE, levels={"Me": 1, "cat": 2}, language="de")
    assert [(a.id, a.level) for a in journey.actors] == [("me", 1), ("cat", 2)]
    assert journey.language == "de" and journey.extra is None
    journey = journey_from_mermaid(DOCS_EXAMPLE, levels={"Me": 1}, language="de")
    assert journey.extra == {"import_notes": [
        "Ressourcenebenen stehen nicht in einer Mermaid-Journey: diese Akteure haben Ebene 4 "
        "(Institution) bekommen: Cat. Die richtige Ebene unter actors eintragen (oder mit "
        "--level AKTEUR=N importieren)."]}


def test_import_of_the_parser_spec_example() -> None:
    journey = journey_from_mermaid(SPEC_EXAMPLE, levels={"Alice": 1})
    assert journey.title == "Adding journey diagram functionality to mermaid"
    assert [s.label for s in journey.stages] == ["Documentation", "Another section"]
    assert [(a.id, a.label, a.level) for a in journey.actors] == [
        ("alice", "Alice", 1), ("bob", "Bob", 4), ("charlie", "Charlie", 4),
        ("not-named", "Not named", 4)]
    assert [(s.label, s.stage, s.actor, s.emotion, (s.extra or {}).get("actors"))
            for s in journey.steps] == [
        ("A task", "documentation", "alice", 5, ["alice", "bob", "charlie"]),
        ("B task", "documentation", "bob", 3, ["bob", "charlie"]),
        ("C task", "documentation", "not-named", 5, None),
        ("D task", "documentation", "charlie", 5, ["charlie", "alice"]),
        ("E task", "documentation", "not-named", 5, None),
        ("P task", "another-section", "not-named", 5, None),
        ("Q task", "another-section", "not-named", 5, None),
        ("R task", "another-section", "not-named", 5, None)]
    assert journey.goal_ids() == ["r-task"]
    assert journey.extra["import_notes"][1] == (
        "Tasks without an actor were given the actor 'Not named': C task, E task, P task, "
        "Q task, R task.")


def test_accessibility_comments_fences_and_front_matter() -> None:
    text = ("```mermaid\n"
            "---\ntitle: Vom Antrag zum Platz\n---\n"
            "%%{init: {'theme': 'forest'}}%%\n"
            "journey\n"
            "accDescr {\n        A user journey for\n        family shopping\n      }"
            "accTitle: Adding acc journey\n"
            "# a comment\n"
            "Übergabe ans Amt: 2: Mutter # after the task\n"
            "section Nutzen\n"
            "  Kind trainiert: 4: Verein\n"
            "```\n")
    journey = journey_from_mermaid(text, name="x.mmd", language="de",
                                   levels={"Mutter": 1, "Verein": 3})
    assert journey.title == "Vom Antrag zum Platz"
    assert journey.extra == {"mermaid": {"accTitle": "Adding acc journey",
                                         "accDescr": "A user journey for\nfamily shopping"}}
    assert [(s.id, s.label) for s in journey.stages] == [("schritte", "Schritte"),
                                                          ("nutzen", "Nutzen")]
    assert [(s.id, s.label, s.actor) for s in journey.steps] == [
        ("uebergabe-ans-amt", "Übergabe ans Amt", "mutter"),
        ("kind-trainiert", "Kind trainiert", "verein")]


def test_repeated_names_get_their_own_ids() -> None:
    text = "journey\nsection A\nGo: 3: Me\nsection B\nGo: 4: me\nsection A\nGo: 5: Me\n"
    journey = journey_from_mermaid(text, name="repeat.mmd")
    assert journey.id == "repeat"
    assert [s.id for s in journey.stages] == ["a", "b"]
    assert [a.id for a in journey.actors] == ["me", "me-2"]
    assert [(s.id, s.stage) for s in journey.steps] == [("go", "a"), ("go-2", "b"),
                                                        ("go-3", "a")]


# -- Mermaid user journeys out, and round trips ---------------------------------------------

def test_documentation_example_round_trips_unchanged() -> None:
    assert mermaid_journey(journey_from_mermaid(DOCS_EXAMPLE)) == DOCS_EXAMPLE


def test_journey_export_replaces_what_mermaid_cannot_hold() -> None:
    document = copy.deepcopy(TINY_JOURNEY)
    document["steps"][0]["label"] = "Reads: notice #2; then"
    document["steps"][0]["emotion"] = 2
    document["steps"][1]["label"] = "Section two starts"
    document["actors"][3]["label"] = "Jobcenter, BuT office"
    text = mermaid_journey(parse_journey(document))
    assert text.splitlines() == [
        "journey",
        "    title Child joins a sports club",
        "    section Seek",
        "      Reads꞉ notice ＃2； then: 2: Jobcenter‚ BuT office",
        "      %% ask-neighbour: no emotion recorded, 3 (neutral) stands in",
        "      \u200bSection two starts: 3: Neighbour",
        "    section Apply",
        "      %% form: no emotion recorded, 3 (neutral) stands in",
        "      Fills in the form: 3: Household",
        "      %% give-up: no emotion recorded, 3 (neutral) stands in",
        "      Gives up: 3: Household",
        "    section Use",
        "      %% join: no emotion recorded, 3 (neutral) stands in",
        "      Child trains at the club: 3: Sports club"]
    back = journey_from_mermaid(text)
    assert [s.label for s in back.steps] == [
        "Reads꞉ notice ＃2； then", "\u200bSection two starts", "Fills in the form", "Gives up",
        "Child trains at the club"]
    assert [a.label for a in back.actors] == ["Jobcenter‚ BuT office", "Neighbour",
                                              "Household", "Sports club"]


def test_linear_journey_round_trips_through_mermaid() -> None:
    journey = journey_from_mermaid(SPEC_EXAMPLE, levels={"Alice": 1, "bob": 2})
    text = mermaid_journey(journey)
    again = journey_from_mermaid(text, levels={"Alice": 1, "bob": 2})
    assert again.model_dump(exclude={"extra"}) == journey.model_dump(exclude={"extra"})
    assert mermaid_journey(again) == text


# -- bad input ------------------------------------------------------------------------------

def problems(error: JourneyError) -> list[str]:
    return [str(p) for p in error.problems]


@pytest.mark.parametrize(("text", "expected"), [
    ("journey\nsection A\nMake tea: 9: Me\n",
     ["line 3: the score must be a whole number 1..5, got '9' — Barrier Journeys reads the "
      "score as the emotion: 1 very bad .. 5 very good"]),
    ("journey\nMake tea\nB: 2.5: Me\nC: : Me\n",
     ["line 2: 'Make tea' is not a task, title or section — write tasks as `Task name: "
      "<score 1..5>: Actor, Actor`",
      "line 3: the score must be a whole number 1..5, got '2.5' — Barrier Journeys reads the "
      "score as the emotion: 1 very bad .. 5 very good",
      "line 4: the score must be a whole number 1..5, got '' — Barrier Journeys reads the "
      "score as the emotion: 1 very bad .. 5 very good"]),
    ("journey\nsection A: B\nTea: time: 3: Me\nx; y: 3: Me\n: 3: Me\n",
     ["line 2: a section name cannot contain ':' — Mermaid reads the rest as a task; remove "
      "the ':'",
      "line 3: a task has at most two ':' (name: score: actors) — remove the ':' from the "
      "task name",
      "line 4: ';' is not allowed in a Mermaid journey — Mermaid itself rejects it: write "
      "',' instead",
      "line 5: the task has no name — write `Task name: 5: Actor`"]),
])
def test_bad_tasks_are_located(text: str, expected: list[str]) -> None:
    with pytest.raises(JourneyInvalid) as caught:
        journey_from_mermaid(text, name="bad.mmd")
    assert caught.value.file == "bad.mmd"
    assert problems(caught.value) == expected


@pytest.mark.parametrize(("data", "message", "location"), [
    (b"", "the file is empty", ""),
    (b"\n%% only a comment\n", "the diagram is empty", ""),
    (b"flowchart LR\nA --> B\n", "this is not a Mermaid user journey (it starts with "
                                 "'flowchart')", "line 1"),
    (b"journey\ntitle Nothing to do\nsection A\n", "the diagram has no tasks", ""),
    ("journey\nKaffee kochen: 5: Ich\nÜbergabe: 3: Amt\n".encode("cp1252"),
     "not UTF-8 text (byte 0xdc)", "line 3"),
])
def test_bad_files_are_located(data: bytes, message: str, location: str) -> None:
    with pytest.raises(JourneyFileError) as caught:
        journey_from_mermaid(data, name="bad.mmd")
    error = caught.value
    assert (error.file, error.message, error.location) == ("bad.mmd", message, location)


def test_bad_levels() -> None:
    with pytest.raises(JourneyFileError) as caught:
        journey_from_mermaid(DOCS_EXAMPLE, name="day.mmd", levels={"Mee": 1})
    assert str(caught.value) == ("day.mmd: --level names the actor 'Mee', which the diagram "
                                 "does not have — did you mean 'Me'?")
    with pytest.raises(JourneyFileError) as caught:
        journey_from_mermaid(DOCS_EXAMPLE, name="day.mmd", levels={"Me": 7})
    assert str(caught.value) == ("day.mmd: --level Me=7: the level must be 1..4 — "
                                 "1 household, 2 social environment, 3 social space, "
                                 "4 institution")
