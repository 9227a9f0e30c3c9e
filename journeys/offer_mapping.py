"""Applying a mapping of actors to catalogue entries: ``ref:`` written into journey files.

``journeys offers merge-check`` lists actors that share an id across journeys without saying
which offer they are, and prints a suggested mapping. Saved as a small YAML file, one line per
actor (``journey:actor: entry``; the journey by its id or its file name), the mapping is
applied here: each actor gets ``ref: entry``, and a ``level`` or ``legal_basis`` that
contradicts the entry is set to the catalogue's (the catalogue is the one truth about an
offer). YAML files are edited in place, keeping comments and layout; JSON files are written
anew. Nothing is written unless every line of the mapping is right and every changed file
still validates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from journeys.catalogue import CatalogueFinder
from journeys.formats import format_of, json_text, parse_text, read_bytes
from models import Journey, JourneyInvalid, Problem, parse_journey
from models.catalogue_file import Catalogue, Entry
from models.rules import did_you_mean

MAPPING_HINT = "write one line per actor: `journey:actor: catalogue-entry`"


class MappingInvalid(JourneyInvalid):
    """The mapping file names journeys, actors or entries that do not exist."""

    def __init__(self, problems: list[Problem], *, file: str | None = None) -> None:
        super().__init__(problems, file=file)
        self.message = f"{len(problems)} problem(s) in the mapping"


@dataclass(frozen=True)
class MappingLine:
    line: int
    journey: str
    actor: str
    entry: str


def read_mapping(path: str | Path) -> list[MappingLine]:
    """The lines of a mapping file (``journey:actor: entry`` per line, YAML)."""
    name = str(path)
    document = parse_text(read_bytes(path), "yaml", name=name)  # strict: no duplicates
    text = read_bytes(path).decode("utf-8-sig")
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(document, dict) or not isinstance(root, yaml.MappingNode):
        raise MappingInvalid([Problem("", "the mapping must be lines of `journey:actor: entry`",
                                      MAPPING_HINT)], file=name)
    lines, problems = [], []
    for key_node, _ in root.value:
        where = f"line {key_node.start_mark.line + 1}"
        key, value = key_node.value, document[key_node.value]
        journey, colon, actor = str(key).rpartition(":")
        if not colon or not journey or not actor:
            problems.append(Problem(where, f"'{key}' does not name journey and actor",
                                    MAPPING_HINT))
        elif not isinstance(value, str) or value.strip() in ("", "?"):
            problems.append(Problem(where, f"no catalogue entry given for {key}",
                                    "write the entry's id after the colon, or delete the line"))
        else:
            lines.append(MappingLine(key_node.start_mark.line + 1, journey, actor,
                                     value.strip()))
    if problems:
        raise MappingInvalid(problems, file=name)
    return lines


@dataclass(frozen=True)
class ActorChange:
    """One actor the mapping names: the entry it now refers to, and what that changed."""

    actor: str
    entry: str
    name: str
    already: bool
    """The actor referred to the entry before."""
    level: tuple[int, int] | None = None
    """(old, new) when the actor's level contradicted the entry."""
    legal_basis: tuple[str, str] | None = None
    """(old kind, new kind) when the actor's legal basis contradicted the entry."""


@dataclass
class FileChange:
    """What the mapping changes in one journey file."""

    path: Path
    journey: Journey
    text: str
    changes: list[ActorChange] = field(default_factory=list)


def plan_mapping(mapping: list[MappingLine], paths: list[Path], journeys: list[Journey],
                 finder: CatalogueFinder, *, name: str) -> list[FileChange]:
    """The new content of each journey file the mapping changes, validated; a
    ``MappingInvalid`` naming every line that names an unknown journey, actor or entry."""
    by_name = {key: (path, journey) for path, journey in zip(paths, journeys, strict=True)
               for key in (journey.id, path.name)}
    problems: list[Problem] = []
    wanted: dict[Path, list[tuple[MappingLine, Entry]]] = {}
    for line in mapping:
        where = f"line {line.line}"
        if line.journey not in by_name:
            problems.append(Problem(where, f"no journey '{line.journey}' among the files given",
                                    did_you_mean(line.journey, by_name)
                                    or "name a journey by its id or its file name"))
            continue
        path, journey = by_name[line.journey]
        if line.actor not in journey.actors_by_id:
            problems.append(Problem(where, f"journey '{journey.id}' has no actor '{line.actor}'",
                                    did_you_mean(line.actor, journey.actors_by_id)
                                    or f"its actors: {', '.join(journey.actors_by_id)}"))
            continue
        catalogue = finder.for_file(path)
        entry = catalogue.by_id.get(line.entry) if catalogue else None
        if catalogue is None:
            problems.append(Problem(where, f"no catalogue for {path.name}",
                                    "put catalogue.yaml beside it or pass --catalogue FILE"))
        elif entry is None:
            near = catalogue.nearest(line.entry)
            problems.append(Problem(where, f"the catalogue has no entry '{line.entry}'",
                                    f"did you mean '{near}'?" if near
                                    else "add the entry to the catalogue first"))
        else:
            wanted.setdefault(path, []).append((line, entry))
    if problems:
        raise MappingInvalid(problems, file=name)
    return [_change(path, lines, finder.for_file(path)) for path, lines in wanted.items()]


def _change(path: Path, lines: list[tuple[MappingLine, Entry]], catalogue: Catalogue | None
            ) -> FileChange:
    fmt = format_of(path)
    text = read_bytes(path).decode("utf-8-sig")
    changes, document = [], parse_text(read_bytes(path), fmt, name=str(path))
    edits: list[tuple[int, int, str]] = []
    actors = _actor_nodes(text) if fmt == "yaml" else {}
    for line, entry in lines:
        actor = next(a for a in document["actors"] if a.get("id") == line.actor)
        updates: dict = {"ref": entry.id}
        level = None
        if "level" in actor and actor["level"] != entry.level:
            level = updates["level"] = entry.level
        basis = entry.legal_basis.model_dump(exclude_unset=True) if entry.legal_basis else None
        said_basis = actor.get("legal_basis")
        if basis and isinstance(said_basis, dict) and said_basis.get("kind") != basis["kind"]:
            updates["legal_basis"] = basis
        changes.append(ActorChange(
            line.actor, entry.id, entry.name, actor.get("ref") == entry.id,
            (actor["level"], level) if level else None,
            (said_basis["kind"], basis["kind"]) if "legal_basis" in updates else None))
        actor.update(updates)
        if fmt == "yaml":
            edits += _yaml_edits(text, actors[line.actor], updates)
    if fmt == "yaml":
        for start, end, new in sorted(edits, reverse=True):
            text = text[:start] + new + text[end:]
    else:
        text = json_text(document) + "\n"
    try:  # the edited file must read as the journey the mapping means
        journey = parse_journey(parse_text(text.encode(), fmt, name=str(path)), file=str(path),
                                catalogue=catalogue)
    except JourneyInvalid as error:
        raise error.with_file(str(path)) from None
    return FileChange(path, journey, text, changes)


def _actor_nodes(text: str) -> dict[str, yaml.MappingNode]:
    """The YAML node of each actor of the journey, by actor id."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    actors = next(value for key, value in root.value if key.value == "actors")
    return {dict((k.value, v) for k, v in node.value)["id"].value: node
            for node in actors.value}


def _flow(value: object) -> str:
    """A value as one line of YAML (``{kind: entitlement, law: SGB II}``)."""
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True,
                          width=10_000).strip().removesuffix("...").strip()


def _yaml_edits(text: str, node: yaml.MappingNode, updates: dict) -> list[tuple[int, int, str]]:
    """Text edits (start, end, new) that set ``updates`` in the actor mapping ``node``: a
    value that is there is replaced; a new key goes after the last one (flow style) or on a
    line of its own below ``id:`` (block style)."""
    values = {key.value: value for key, value in node.value}
    edits = []
    for key, value in updates.items():
        if key in values:
            edits.append((values[key].start_mark.index, values[key].end_mark.index,
                          _flow(value)))
        elif node.flow_style:
            last = node.value[-1][1].end_mark.index
            edits.append((last, last, f", {key}: {_flow(value)}"))
        else:
            id_key = next(k for k, _ in node.value if k.value == "id")
            end = values["id"].end_mark.index
            indent = " " * id_key.start_mark.column
            edits.append((end, end, f"\n{indent}{key}: {_flow(value)}"))
    return edits
