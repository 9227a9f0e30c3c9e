"""Mermaid user-journey diagrams (``journey``) in and out.

Mermaid's syntax::

    journey
        title My working day
        section Go to work
          Make tea: 5: Me
          Do work: 1: Me, Cat

Import: sections become stages, tasks become steps in the order written (each task leads to
the next by a ``next`` transition), the score becomes the step's ``emotion`` (it must be a
whole number 1..5), the first actor named becomes the step's actor (all of them are kept in
the step's ``extra.actors`` when there are several), and the last task is the goal. Ids are
slugs of the names (``Übergabe`` → ``uebergabe``). A Mermaid diagram says nothing about
resource levels: actors get the level given with ``levels`` (``--level Me=1``) and level 4
otherwise, and the journey's ``extra.import_notes`` says which levels were defaulted.

Export writes the steps in file order, a ``section`` whenever the stage changes. Characters
Mermaid cannot hold in a name are replaced by look-alikes (``:`` → ``꞉``, ``;`` → ``；``,
``#`` → ``＃``, ``,`` in an actor name → ``‚``); a step without an emotion gets the neutral
score 3, with a ``%%`` comment saying so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from journeys.exchange.ids import unique_slug
from journeys.exchange.mermaid import PERCENT_LOOKALIKE, comment
from journeys.exchange.table import decode
from journeys.formats import parse_text
from journeys.i18n import translate
from models import LEVELS, Journey, JourneyFileError, JourneyInvalid, Problem, parse_journey
from models.errors import quote
from models.rules import did_you_mean

DEFAULT_LEVEL = 4
"""Level of an actor the import is not told about: institutions are the usual actors."""

TEXT = {
    "en": {
        "no_section": "Steps",
        "no_actor": "Not named",
        "levels_defaulted": "Resource levels are not part of a Mermaid journey: these actors "
                            "got level {level} ({name}): {actors}. Set the right level under "
                            "actors (or import with --level ACTOR=N).",
        "no_actor_note": "Tasks without an actor were given the actor '{actor}': {tasks}.",
        "no_emotion": "{step}: no emotion recorded, 3 (neutral) stands in",
    },
    "de": {
        "no_section": "Schritte",
        "no_actor": "Nicht genannt",
        "levels_defaulted": "Ressourcenebenen stehen nicht in einer Mermaid-Journey: diese "
                            "Akteure haben Ebene {level} ({name}) bekommen: {actors}. Die "
                            "richtige Ebene unter actors eintragen (oder mit --level AKTEUR=N "
                            "importieren).",
        "no_actor_note": "Aufgaben ohne Akteur haben den Akteur „{actor}“ bekommen: {tasks}.",
        "no_emotion": "{step}: keine Stimmung erfasst, 3 (neutral) steht dafür",
    },
}

HINT = "save the diagram as UTF-8 text"


@dataclass(frozen=True)
class Task:
    """One task line: its section, name, score and actors (as written), and its line."""

    section: str | None
    name: str
    score: int
    actors: list[str]
    line: int


@dataclass
class Diagram:
    """What a Mermaid journey diagram says, before it becomes a ``Journey``."""

    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[str] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)


_KEYWORD = re.compile(r"(journey|title\s|section\s|acc(title|descr)\s*[:{]|%%)", re.I)


def _lines(text: str, name: str) -> list[tuple[int, str]]:
    """Numbered lines without a Markdown fence and without YAML front matter (``---``)."""
    numbered = list(enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1))
    content = [(n, line) for n, line in numbered if line.strip()]
    if content and content[0][1].strip().startswith("```"):
        numbered = [x for x in numbered if x[0] != content[0][0]]
        if content[-1][1].strip() == "```" and len(content) > 1:
            numbered = [x for x in numbered if x[0] != content[-1][0]]
    return numbered


def _front_matter(lines: list[tuple[int, str]], name: str
                  ) -> tuple[dict[str, Any], list[tuple[int, str]]]:
    content = [x for x in lines if x[1].strip()]
    if not content or content[0][1].strip() != "---":
        return {}, lines
    start = lines.index(content[0])
    end = next((i for i in range(start + 1, len(lines)) if lines[i][1].strip() == "---"), None)
    if end is None:
        raise JourneyFileError("the front matter (---) is not closed", file=name,
                               location=f"line {content[0][0]}", hint="end it with a line ---")
    matter = "\n".join(line for _, line in lines[start + 1:end])
    if not matter.strip():
        return {}, lines[end + 1:]
    try:  # the journey files' strict loader: no aliases (bombs), no tags, no duplicate keys
        data = parse_text(matter.encode("utf-8"), "yaml", name=name)
    except JourneyFileError as error:
        found = re.match(r"line (\d+)(.*)", error.location)
        where = (f"line {content[0][0] + int(found[1])}{found[2]}" if found
                 else f"line {content[0][0]}")
        raise JourneyFileError(f"the front matter (--- … ---): {error.message}", file=name,
                               location=where, hint=error.hint) from None
    return (data if isinstance(data, dict) else {}), lines[end + 1:]


def parse_diagram(text: str, name: str = "<text>") -> Diagram:
    """Read a Mermaid ``journey`` diagram the way Mermaid does; every problem is located."""
    matter, lines = _front_matter(_lines(text, name), name)
    diagram = Diagram(title=str(matter["title"]) if matter.get("title") else None)
    problems: list[Problem] = []
    started = False
    section: str | None = None
    multiline: list[str] | None = None
    for number, raw in lines:
        if multiline is not None:
            head, brace, raw = raw.partition("}")
            multiline.append(head.strip())
            if not brace:
                continue
            diagram.acc_descr = "\n".join(x for x in multiline if x)
            multiline = None
        line = raw.strip()
        if not line or line.startswith("%%") or line.startswith("#"):
            continue
        line = line.split("#", 1)[0].strip()
        where = f"line {number}"
        if not started:
            word = line.split()[0]
            if word.lower() != "journey":
                raise JourneyFileError(
                    f"this is not a Mermaid user journey (it starts with '{word}')", file=name,
                    location=where, hint="only `journey` diagrams can be imported: the first "
                                         "line is `journey`, then `title`, `section` and tasks")
            started = True
            line = line[len(word):].strip()
            if not line:
                continue
        if ";" in line:
            problems.append(Problem(where, "';' is not allowed in a Mermaid journey",
                                    "Mermaid itself rejects it: write ',' instead"))
            continue
        if found := re.match(r"title\s(.*)", line, re.I):
            diagram.title = found[1].strip()
        elif found := re.match(r"acctitle\s*:(.*)", line, re.I):
            diagram.acc_title = found[1].strip()
        elif found := re.match(r"accdescr\s*:(.*)", line, re.I):
            diagram.acc_descr = found[1].strip()
        elif found := re.match(r"accdescr\s*\{(.*)", line, re.I):
            head, brace, rest = found[1].partition("}")
            if brace:
                diagram.acc_descr = head.strip()
                if rest.strip():
                    problems.append(Problem(where, "write what follows '}' on its own line"))
            else:
                multiline = [head.strip()]
        elif found := re.match(r"section\s(.*)", line, re.I):
            if ":" in found[1]:
                problems.append(Problem(where, "a section name cannot contain ':'",
                                        "Mermaid reads the rest as a task; remove the ':'"))
            section = found[1].strip()
            diagram.sections.append(section)
        else:
            task = _task(line, section, number, problems)
            if task:
                diagram.tasks.append(task)
    if not started:
        raise JourneyFileError("the diagram is empty", file=name,
                               hint="a Mermaid journey starts with the line `journey`")
    if multiline is not None:
        problems.append(Problem("accDescr", "the accDescr { … } block is not closed",
                                "end it with }"))
    if problems:
        raise JourneyInvalid(problems, file=name)
    if not diagram.tasks:
        raise JourneyFileError("the diagram has no tasks", file=name,
                               hint="add tasks like `Make tea: 5: Me` under a `section`")
    return diagram


def _task(line: str, section: str | None, number: int, problems: list[Problem]) -> Task | None:
    where = f"line {number}"
    task, colon, data = line.partition(":")
    if not colon:
        problems.append(Problem(where, f"'{quote(line)}' is not a task, title or section",
                                "write tasks as `Task name: <score 1..5>: Actor, Actor`"))
        return None
    pieces = data.split(":")
    if len(pieces) > 2:
        problems.append(Problem(where, "a task has at most two ':' (name: score: actors)",
                                "remove the ':' from the task name"))
        return None
    score_text = pieces[0].strip()
    if not re.fullmatch(r"[1-5]", score_text):
        problems.append(Problem(where, f"the score must be a whole number 1..5, got "
                                       f"'{score_text}'",
                                "Barrier Journeys reads the score as the emotion: 1 very bad .. "
                                "5 very good"))
        return None
    if not task.strip():
        problems.append(Problem(where, "the task has no name", "write `Task name: 5: Actor`"))
        return None
    names = pieces[1].split(",") if len(pieces) > 1 else []
    actors = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    return Task(section, task.strip(), int(score_text), actors, number)


def journey_from_mermaid(data: bytes | str, *, name: str = "<text>", language: str = "en",
                         levels: Mapping[str, int] | None = None, title: str | None = None,
                         journey_id: str | None = None) -> Journey:
    """A valid ``Journey`` from a Mermaid ``journey`` diagram (see the module docstring).

    ``levels`` maps an actor (its name as written in the diagram, or its id) to a resource
    level 1..4.
    """
    text = decode(data.encode("utf-8") if isinstance(data, str) else data, name,
                  what="Mermaid diagram", hint=HINT)
    diagram = parse_diagram(text, name)
    lang = "de" if language == "de" else "en"
    names = list(dict.fromkeys(a for t in diagram.tasks for a in t.actors))
    unnamed = [t for t in diagram.tasks if not t.actors]
    placeholder = translate(TEXT, "no_actor", lang)
    if unnamed and placeholder not in names:
        names.append(placeholder)
    taken: set[str] = set()
    actor_ids = {n: unique_slug(n, taken, "actor") for n in names}
    given = _levels(levels or {}, actor_ids, name)
    actors = [{"id": actor_ids[n], "label": n, "level": given.get(n, DEFAULT_LEVEL)}
              for n in names]
    notes = []
    defaulted = [n for n in names if n not in given]
    if defaulted:
        level = LEVELS[DEFAULT_LEVEL]
        notes.append(translate(TEXT, "levels_defaulted", lang, level=DEFAULT_LEVEL,
                               name=level.de if lang == "de" else level.en,
                               actors=", ".join(defaulted)))
    if unnamed:
        notes.append(translate(TEXT, "no_actor_note", lang, actor=placeholder,
                               tasks=", ".join(t.name for t in unnamed)))
    no_section = translate(TEXT, "no_section", lang)
    sections = list(dict.fromkeys(
        [no_section] * any(t.section is None for t in diagram.tasks) + diagram.sections))
    taken = set()
    stage_ids = {s: unique_slug(s, taken, "stage") for s in sections}
    taken = set()
    steps: list[dict[str, Any]] = []
    for task in diagram.tasks:
        ids = [actor_ids[a] for a in task.actors] or [actor_ids[placeholder]]
        step: dict[str, Any] = {
            "id": unique_slug(task.name, taken, "step"), "label": task.name,
            "stage": stage_ids[task.section or no_section], "actor": ids[0],
            "emotion": task.score}
        if len(ids) > 1:
            step["extra"] = {"actors": ids}
        steps.append(step)
    steps[-1]["outcome"] = "goal"
    title = title or diagram.title or diagram.acc_title or Path(name).stem
    document: dict[str, Any] = {
        "schema": "journey/1", "id": journey_id or unique_slug(title, set(), "journey"),
        "title": title, "language": lang, "goal": diagram.tasks[-1].name,
        "stages": [{"id": stage_ids[s], "label": s} for s in sections], "actors": actors,
        "steps": steps,
        "transitions": [{"from": a["id"], "to": b["id"]} for a, b in pairwise(steps)]}
    extra: dict[str, Any] = {}
    mermaid = {k: v for k, v in (("accTitle", diagram.acc_title),
                                 ("accDescr", diagram.acc_descr)) if v}
    if mermaid:
        extra["mermaid"] = mermaid
    if notes:
        extra["import_notes"] = notes
    if extra:
        document["extra"] = extra
    return parse_journey(document, file=name)


def _levels(levels: Mapping[str, int], actor_ids: dict[str, str], name: str) -> dict[str, int]:
    """``--level`` values by actor name; an unknown actor or a bad level is an error."""
    by_key = {**{i: n for n, i in actor_ids.items()}, **{n: n for n in actor_ids}}
    given: dict[str, int] = {}
    for key, level in levels.items():
        if key not in by_key:
            raise JourneyFileError(
                f"--level names the actor '{key}', which the diagram does not have", file=name,
                hint=did_you_mean(key, by_key) or f"actors: {', '.join(actor_ids) or '(none)'}")
        if level not in LEVELS:
            raise JourneyFileError(f"--level {key}={level}: the level must be 1..4", file=name,
                                   hint="1 household, 2 social environment, 3 social space, "
                                        "4 institution")
        given[by_key[key]] = level
    return given


# -- export ---------------------------------------------------------------------------------

_LOOKALIKE = str.maketrans({":": "\ua789", ";": "\uff1b", "#": "\uff03", "\n": " ", "\r": " ",
                            "%": PERCENT_LOOKALIKE})


def _name(text: str, *, actor: bool = False) -> str:
    """``text`` as Mermaid can hold it in a task, section or actor name."""
    text = " ".join(text.translate(_LOOKALIKE).split())
    if actor:
        text = text.replace(",", "\u201a")
    return "\u200b" + text if _KEYWORD.match(text) else text


def mermaid_journey(journey: Journey, *, lang: str | None = None) -> str:
    """The journey as a Mermaid ``journey`` diagram (steps in file order)."""
    lang = lang or journey.language
    lines = ["journey", f"    title {_name(journey.title)}"]
    mermaid = (journey.extra or {}).get("mermaid") or {}
    if isinstance(mermaid.get("accTitle"), str):
        lines.append(f"    accTitle: {_name(mermaid['accTitle'])}")
    if isinstance(mermaid.get("accDescr"), str):
        descr = mermaid["accDescr"].replace("}", ")").replace("%", PERCENT_LOOKALIKE).split("\n")
        lines += ["    accDescr {", *(f"        {d}" for d in descr), "    }"]
    stage = None
    for step in journey.steps:
        if step.stage != stage:
            stage = step.stage
            lines.append(f"    section {_name(journey.stages_by_id[stage].label)}")
        listed = (step.extra or {}).get("actors")
        ids = listed if isinstance(listed, list) and listed and listed[0] == step.actor and all(
            a in journey.actors_by_id for a in listed) else [step.actor]
        names = ", ".join(_name(journey.actors_by_id[a].label, actor=True) for a in ids)
        if step.emotion is None:
            lines.append("      " + comment(translate(TEXT, "no_emotion", lang, step=step.id)))
        lines.append(f"      {_name(step.label)}: {step.emotion or 3}: {names}")
    return "\n".join(lines) + "\n"
