"""Reading the Sozialraum catalogue and loading journeys against it.

A folder of journeys keeps its catalogue as ``catalogue.yaml`` beside them; ``--catalogue FILE``
names another one. Journeys that refer to no entry load the same with or without it.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from journeys.formats import (
    dump_yaml,
    format_of,
    load_journey,
    parse_text,
    read_bytes,
    to_document,
)
from models import Journey, JourneyInvalid, Problem, parse_journey, problems_of
from models.catalogue_file import CATALOGUE_FILE, Catalogue


class CatalogueInvalid(JourneyInvalid):
    """The catalogue file parsed but breaks rules of the catalogue format."""

    def __init__(self, problems: list[Problem], *, file: str | None = None) -> None:
        super().__init__(problems, file=file)
        self.message = f"{len(problems)} problem(s) in catalogue"


MAX_ENTRIES = 5_000
"""The most offers a catalogue holds: the offers of a district are tens to hundreds; 300,000
rows (a 7 MB table) would take more than 500 MB to check."""


def too_many_offers(count: int, file: str | None) -> CatalogueInvalid:
    return CatalogueInvalid([Problem(
        "entries", f"{count:,} offers; a catalogue holds at most {MAX_ENTRIES:,}",
        "keep one catalogue per municipality or district")], file=file)


def parse_catalogue(document: object, *, file: str | None = None) -> Catalogue:
    """Validate a parsed catalogue document; every problem named with its place."""
    if not isinstance(document, dict):
        raise CatalogueInvalid([Problem("", "the top level must be a mapping with `entries:`",
                                        "start the file with `schema: catalogue/1`")], file=file)
    entries = document.get("entries")
    if isinstance(entries, list) and len(entries) > MAX_ENTRIES:
        raise too_many_offers(len(entries), file)
    try:
        return Catalogue.model_validate(document)
    except ValidationError as error:
        raise CatalogueInvalid(problems_of(error), file=file) from None


def load_catalogue(path: str | Path) -> Catalogue:
    """Read ``catalogue.yaml`` (or .json); raises a ``JourneyError`` naming the file."""
    path = Path(path)
    document = parse_text(read_bytes(path), format_of(path), name=str(path))
    return parse_catalogue(document, file=str(path))


def dumps_catalogue(catalogue: Catalogue) -> str:
    """The catalogue as YAML, holding only the fields that were set (same layout as journeys)."""
    return dump_yaml(catalogue.model_dump(mode="python", by_alias=True, exclude_unset=True))


_FOLDERS: dict[Path, tuple[tuple[int, int], Catalogue]] = {}
"""Catalogues read so far, by path, with the (mtime, size) they were read at."""


def folder_catalogue(journey_path: str | Path) -> Catalogue | None:
    """The ``catalogue.yaml`` beside ``journey_path``, or None; read again only when the file
    changed (a folder of 1,000 journeys reads it once)."""
    candidate = Path(journey_path).parent / CATALOGUE_FILE
    try:
        stat = candidate.stat()
    except OSError:
        return None
    stamp = (stat.st_mtime_ns, stat.st_size)
    known = _FOLDERS.get(candidate)
    if known is None or known[0] != stamp:
        known = (stamp, load_catalogue(candidate))
        _FOLDERS[candidate] = known
    return known[1]


class CatalogueFinder:
    """The catalogue of each journey file: ``explicit`` when given, else the folder's
    ``catalogue.yaml`` (``folder_catalogue``), else None; remembers which it used."""

    def __init__(self, explicit: str | Path | None = None) -> None:
        self.explicit = load_catalogue(explicit) if explicit else None
        self._used: dict[int, Catalogue] = {}

    def for_file(self, path: str | Path) -> Catalogue | None:
        catalogue = self.explicit or folder_catalogue(path)
        if catalogue is not None:
            self._used[id(catalogue)] = catalogue
        return catalogue

    def only(self) -> Catalogue | None:
        """The one catalogue all files used (None when none or several)."""
        return next(iter(self._used.values())) if len(self._used) == 1 else None

    def load(self, path: str | Path) -> Journey:
        return load_journey(path, self.for_file(path))


def resolve_journeys(journeys: list[Journey], catalogue: Catalogue | None
                     ) -> tuple[list[Journey], list[str]]:
    """The journeys with each referring actor's level and legal basis as ``catalogue`` says
    (the workspace's catalogue is the one truth about its offers; an actor keeps its own
    label), and one note per change or per reference the catalogue lacks, naming journey,
    actor and entry. A stored journey is never changed: it still reads on its own."""
    if catalogue is None:
        return journeys, []
    resolved, notes = [], []
    for journey in journeys:
        actors, changed = [], False
        for actor in to_document(journey)["actors"]:
            entry = catalogue.by_id.get(actor.get("ref", ""))
            if actor.get("ref") and entry is None:
                near = catalogue.nearest(actor["ref"])
                notes.append(f"{journey.id}: actor '{actor['id']}' refers to '{actor['ref']}', "
                             "which the catalogue does not hold — "
                             + (f"did you mean '{near}'?" if near else "add the entry"))
            elif entry is not None:
                basis = (entry.legal_basis.model_dump(exclude_unset=True)
                         if entry.legal_basis else actor.get("legal_basis"))
                if (actor["level"], actor.get("legal_basis")) != (entry.level, basis):
                    notes.append(f"{journey.id}: actor '{actor['id']}' counts as '{entry.id}' "
                                 f"({entry.name}): {_basis_words(entry.level, basis)} as the "
                                 "catalogue says (the journey says "
                                 f"{_basis_words(actor['level'], actor.get('legal_basis'))})")
                    actor = {**actor, "level": entry.level}
                    actor.pop("legal_basis", None)
                    actor.update({"legal_basis": basis} if basis else {})
                    changed = True
            actors.append(actor)
        resolved.append(parse_journey({**to_document(journey), "actors": actors})
                        if changed else journey)
    return resolved, notes


def _basis_words(level: int, basis: dict | None) -> str:
    return f"level {level}, " + (basis["kind"] if basis else "no legal basis")


def catalogue_schema_text() -> str:
    """docs/catalogue-schema.json's exact content: the JSON schema of ``catalogue.yaml``."""
    schema = Catalogue.model_json_schema(by_alias=True)
    schema["title"] = "Barrier Journeys catalogue of the Sozialraum (catalogue/1)"
    schema["$defs"]["Entry"]["properties"]["level"].update(minimum=1, maximum=4)
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
