"""The quick-entry line: a step, its actor, stage, barriers and connection in one typed line,
so a facilitator keeps up with the talk in the room.

    Asks the neighbour @nachbarin #seek !trust 4 afraid to be a burden ~alternative

The words before the first mark are the new step's label. A word that starts with a mark
begins a field that runs to the next mark:

=================  ==========================================================================
``@actor``         an actor by id or name (a unique beginning is enough: ``@nach``);
                   ``@+Name 2`` adds a new actor on resource level 2
``#stage``         a stage by id or name; ``#+Name`` adds a new stage at the end
``!category 4 …``  a barrier: category (id or name, German or English), severity 1–5
                   (3 when left out), then its description; several ``!`` make several
``~kind paper``    how the step is reached from the selected step: next (default),
                   alternative, handoff, referral, return, and the data transfer (none,
                   verbal, paper, email, digital); ``~-`` adds it unconnected
``=goal``          the outcome (goal, dropout) and/or the channel (phone, letter, …)
``>step``          the new step leads on to an existing step (by id or label)
=================  ==========================================================================

A line that starts with ``!`` adds its barriers to the selected step; one that starts with
``>`` connects the selected step to an existing one (with ``~`` for kind and transfer).
Words are matched without regard to case or accents, in German or English
(``~Übergabe Papier``). Actor and stage default to the last ones used. Pure functions: the
app calls ``parse_entry`` and ``apply_entry`` and saves the result like any other edit.

>>> from models import parse_journey
>>> journey = parse_journey({"id": "j", "title": "J", "language": "en",
...     "stages": [{"id": "seek", "label": "Seek"}, {"id": "use", "label": "Use"}],
...     "actors": [{"id": "family", "label": "Household", "level": 1},
...                {"id": "club", "label": "Sports club", "level": 3}],
...     "steps": [{"id": "start", "label": "Start", "stage": "seek", "actor": "family",
...                "outcome": "goal"}]})
>>> entry = parse_entry("Calls the club @sports #use !cost 4 fee in advance =phone", journey)
>>> (entry.label, entry.actor, entry.stage, entry.channel)
('Calls the club', 'club', 'use', 'phone')
>>> entry.barriers
[{'category': 'cost', 'severity': 4, 'description': 'fee in advance'}]
>>> document, step_id = apply_entry(journey, entry, selected="start")
>>> step_id, document["transitions"]
('calls-the-club', [{'from': 'start', 'to': 'calls-the-club'}])
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from journeys.exchange import unique_slug
from journeys.formats import to_document
from journeys.vocabulary import CHANNELS, KINDS, OUTCOMES, TRANSFERS, WORDS
from models import Journey, JourneyError
from models.journey import LABEL_LIMIT
from models.rules import did_you_mean

MARKS = "@#!~=>"

_SYNONYMS = {  # words people say for the fixed values, beyond their names in WORDS
    "next": ("weiter", "dann"), "alternative": ("oder",), "handoff": ("uebergabe",),
    "referral": ("verweis", "verweist", "refer"), "return": ("zurueck", "back", "schleife"),
    "verbal": ("muendlich",), "digital": ("elektronisch",), "email": ("mail",),
    "goal": ("ziel",), "dropout": ("abbruch", "ausstieg", "drop"),
    "in_person": ("persoenlich", "vor-ort"), "phone": ("telefon", "anruf"), "letter": ("brief",),
}


class EntryError(JourneyError):
    """A quick-entry line that cannot be read; the message quotes the piece and the fix."""


@dataclass
class Entry:
    """One quick-entry line, read against a journey (ids resolved, nothing applied yet)."""

    label: str | None = None
    actor: str | None = None
    new_actor: tuple[str, int] | None = None
    stage: str | None = None
    new_stage: str | None = None
    barriers: list[dict] = field(default_factory=list)
    kind: str | None = None
    transfer: str | None = None
    connect: bool = True
    outcome: str | None = None
    channel: str | None = None
    targets: list[str] = field(default_factory=list)
    """Existing steps the new step (or, without a label, the selected step) leads on to."""


def fold(text: str) -> str:
    """``text`` for matching: lower case, accents and umlauts folded (ä → a, ß → ss).

    >>> fold("Übergabe  Straße")
    'ubergabe strasse'
    """
    text = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def _fields(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The label (words before the first mark) and the (mark, value) fields after it."""
    label: list[str] = []
    fields: list[tuple[str, list[str]]] = []
    for word in text.split():
        if word[0] in MARKS:
            fields.append((word[0], [word[1:]] if word[1:] else []))
        elif fields:
            fields[-1][1].append(word)
        else:
            label.append(word)
    return " ".join(label), [(mark, " ".join(words)) for mark, words in fields]


def _pick(word: str, options: dict[str, list[str]], what: str, create: str) -> str:
    """The option whose id or name is ``word`` or, failing that, uniquely begins with it."""
    wanted = fold(word)
    exact = [key for key, names in options.items() if wanted in map(fold, names)]
    if len(exact) == 1:
        return exact[0]
    starts = [key for key, names in options.items()
              if any(fold(name).startswith(wanted) for name in names)]
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise EntryError(f"“{word}” fits several {what}s: {', '.join(starts[:6])}",
                         hint="type more of the name")
    suggestion = did_you_mean(wanted, [fold(n) for names in options.values() for n in names])
    hint = f"did you mean “{suggestion}”? " if suggestion else ""
    raise EntryError(f"no {what} “{word}”", hint=f"{hint}{create}".strip() or None)


def _vocabulary(values: tuple[str, ...]) -> dict[str, list[str]]:
    return {value: [value, WORDS["en"][value], WORDS["de"][value], *_SYNONYMS.get(value, ())]
            for value in values}


def _new_actor(value: str) -> tuple[str, int]:
    match = re.fullmatch(r"(.+?)\s*/?\s*([1-4])", value)
    if not match or not match.group(1).strip():
        raise EntryError(f"a new actor needs its resource level: “@+{value}”",
                         hint="add the level 1–4 after the name, e.g. “@+Nachbarin 2”")
    return match.group(1).strip(), int(match.group(2))


def _barrier(value: str, journey: Journey) -> dict:
    words = value.split()
    if not words:
        raise EntryError("“!” needs a barrier category", hint="e.g. “!forms 4 too many proofs”")
    categories = {c: [c, journey.category(c).label("en"), journey.category(c).label("de")]
                  for c in journey.known_categories()}
    barrier: dict = {"category": _pick(words[0], categories, "barrier category",
                                       "see the list of categories below the line")}
    rest = words[1:]
    barrier["severity"] = int(rest.pop(0)) if rest and re.fullmatch(r"[1-5]", rest[0]) else 3
    if rest:
        barrier["description"] = " ".join(rest)
    return barrier


def parse_entry(text: str, journey: Journey) -> Entry:
    """Read one quick-entry line against ``journey``; ``EntryError`` names what is unclear."""
    label, fields = _fields(text)
    if len(label) > LABEL_LIMIT:
        raise EntryError(f"the step's words are {len(label)} characters long",
                         hint=f"keep a label to {LABEL_LIMIT} characters")
    entry = Entry(label=label or None)
    actors = {a.id: [a.id, a.label] for a in journey.actors}
    stages = {s.id: [s.id, s.label] for s in journey.stages}
    for mark, value in fields:
        if mark == "!":
            entry.barriers.append(_barrier(value, journey))
        elif not value:
            raise EntryError(f"“{mark}” stands alone", hint="write the name right after it")
        elif mark == "@" and value.startswith("+"):
            entry.new_actor = _new_actor(value[1:])
        elif mark == "@":
            entry.actor = _pick(value, actors, "actor",
                                f"“@+{value} 2” adds it as a new actor on level 2")
        elif mark == "#" and value.startswith("+"):
            entry.new_stage = value[1:].strip()
        elif mark == "#":
            entry.stage = _pick(value, stages, "stage", f"“#+{value}” adds it as a new stage")
        elif mark == "~":
            _connection(entry, value)
        elif mark == ">":
            steps = {s.id: [s.id, s.label] for s in journey.steps}
            entry.targets.append(_pick(value, steps, "step", "name a step of the map"))
        else:
            _outcome_or_channel(entry, value)
    if entry.label is None and (entry.actor or entry.new_actor or entry.stage or entry.new_stage
                                or entry.outcome or entry.channel
                                or ((entry.kind or entry.transfer) and not entry.targets)):
        raise EntryError("a new step needs its words first",
                         hint="start the line with the step, e.g. “Fills in the form @family”")
    return entry


def _connection(entry: Entry, value: str) -> None:
    for word in value.split():
        if word == "-":
            entry.connect = False
            continue
        vocabulary = {**_vocabulary(KINDS), **{f"transfer:{k}": v for k, v in
                                               _vocabulary(TRANSFERS).items()}}
        picked = _pick(word, vocabulary, "connection", "use a kind (next, alternative, "
                       "handoff, referral, return) or a data transfer (none, verbal, paper, "
                       "email, digital)")
        if picked.startswith("transfer:"):
            entry.transfer = picked.split(":", 1)[1]
        else:
            entry.kind = picked


def _outcome_or_channel(entry: Entry, value: str) -> None:
    for word in value.split():
        picked = _pick(word, {**_vocabulary(OUTCOMES), **_vocabulary(CHANNELS)},
                       "outcome or channel", "use goal or dropout, or a channel such as phone")
        if picked in OUTCOMES:
            entry.outcome = picked
        else:
            entry.channel = picked


def apply_entry(journey: Journey, entry: Entry, *, selected: str | None = None,
                actor: str | None = None, stage: str | None = None) -> tuple[dict, str]:
    """The journey document with ``entry`` added, and the id of the step it made (or of the
    selected step its barriers went to). ``actor``/``stage``: the defaults (last used)."""
    document = to_document(journey, "json")
    steps = {s["id"]: s for s in document["steps"]}
    if entry.label is None:
        if not entry.barriers and not entry.targets:
            raise EntryError("the line is empty", hint="type a step, or “!” and a barrier")
        if selected not in steps:
            raise EntryError("no step is selected for the barrier or connection",
                             hint="click a step in the map first, or start the line with a "
                                  "new step's words")
        steps[selected].setdefault("barriers", []).extend(entry.barriers)
        if not steps[selected]["barriers"]:
            del steps[selected]["barriers"]
        for target in entry.targets:
            _connect(document, selected, target, entry.kind, entry.transfer)
        return document, selected
    previous = steps.get(selected or "", {})
    step = {"id": unique_slug(entry.label, set(steps), "step"), "label": entry.label,
            "stage": _column(document, "stages",
                             {"label": entry.new_stage} if entry.new_stage else None,
                             (entry.stage, stage, previous.get("stage"))),
            "actor": _column(document, "actors",
                             {"label": entry.new_actor[0], "level": entry.new_actor[1]}
                             if entry.new_actor else None,
                             (entry.actor, actor, previous.get("actor")))}
    step.update({k: v for k, v in (("channel", entry.channel), ("outcome", entry.outcome))
                 if v})
    if entry.barriers:
        step["barriers"] = entry.barriers
    document["steps"].append(step)
    if entry.connect and selected in steps:
        _connect(document, selected, step["id"], entry.kind, entry.transfer)
    for target in entry.targets:
        _connect(document, step["id"], target, None, None)
    return document, step["id"]


def _connect(document: dict, source: str, target: str, kind: str | None,
             transfer: str | None) -> None:
    transition = {"from": source, "to": target}
    kind = kind or ("handoff" if transfer else "next")
    if kind != "next":
        transition["kind"] = kind
    if transfer:
        transition["data_transfer"] = transfer
    document.setdefault("transitions", []).append(transition)


def _column(document: dict, table: str, new: dict | None, candidates: tuple) -> str:
    """The stage or actor (``table``) of the new step: ``new`` added to the journey, else the
    first known of ``candidates`` (the line's, the last used, the selected step's)."""
    ids = [item["id"] for item in document[table]]
    if new:
        new = {"id": unique_slug(new["label"], set(ids), table[:-1]), **new}
        document[table].append(new)
        return new["id"]
    return next((c for c in candidates if c in ids), ids[0])


def legend(journey: Journey, lang: str) -> dict[str, list[str]]:
    """What each mark accepts in this journey (ids; categories with their name in ``lang``),
    for the hint below the line."""
    return {"@": [a.id for a in journey.actors], "#": [s.id for s in journey.stages],
            "!": [f"{c} ({journey.category(c).label(lang)})" for c in journey.known_categories()],
            "~": [*KINDS, *TRANSFERS], "=": [*OUTCOMES, *CHANNELS],
            ">": [s.id for s in journey.steps]}
